"""The recipe of ``reportgen email``: read the folders, compose, check sizes, write the outbox, send."""

from __future__ import annotations

import datetime as dt
import logging
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportgen.config import CONFIG_FILE_NAME
from reportgen.errors import MailError
from reportgen.mail.compose import Message, build_message
from reportgen.mail.config import DEFAULT_SENDER, MailConfig, Recipients, parse_address, sender_warning
from reportgen.mail.folders import MANIFEST, ListedCohort, ReportFolder, listed_cohorts, load_report_folder
from reportgen.mail.outbox import OUTBOX, SEND_LOG, check_outbox, write_outbox
from reportgen.mail.smtp import RetryPolicy, SendSummary, check_smtp, send_messages

log = logging.getLogger("reportgen")


@dataclass(frozen=True)
class MailRun:
    """What :func:`email_reports` did."""

    messages: tuple[Message, ...]
    outbox: Path
    written: tuple[Path, ...]
    warnings: tuple[str, ...]
    skipped_cohorts: tuple[tuple[str, str], ...]  # (cohort name, its build error)
    sent: SendSummary | None  # None when nothing was to be sent
    sender_warning: str | None = None  # the messages' sender is one no server delivers from


def load_sources(config: MailConfig) -> tuple[list[ReportFolder], list[tuple[ListedCohort, str]]]:
    """The report folders to summarise, and (for cohorts) those skipped because their build failed.

    Read under the folder's lock, once a replacement a killed build left half done is completed
    (:func:`reportgen.export.reading_outputs`): never new figures beside an old results.json.

    Raises:
        MailError: a missing or bad folder, manifest or results file; per-cohort recipients naming
            a cohort the run does not have; no cohort built at all.
        OutputError: another run is writing the folder, or its half-done replacement cannot be
            completed.
    """
    from reportgen.export import reading_outputs

    with reading_outputs(config.folder):
        return _load_sources(config)


def _load_sources(config: MailConfig) -> tuple[list[ReportFolder], list[tuple[ListedCohort, str]]]:
    """:func:`load_sources` once the folder is held and settled."""
    from reportgen.export import settle_outputs

    if not config.cohorts:
        return [load_report_folder(config.folder, attach_pdf=config.attach_pdf)], []
    built, failed = listed_cohorts(config.folder)
    cohorts = [(c.name, c.slug) for c in built] + [(c.name, c.slug) for c, _ in failed]
    owners = cohort_of_keys(config.cohort_recipients, cohorts)
    unknown = [key for key in config.cohort_recipients if key not in owners]
    if unknown:
        names = ", ".join(c.name for c in built) or "none"
        raise MailError(
            f"[email.cohorts.\"{unknown[0]}\"] names no cohort of '{config.folder / MANIFEST}'; "
            f"cohorts are: {names} (use a cohort's name or slug)"
        )
    if not built:
        raise MailError(f"no cohort in '{config.folder / MANIFEST}' was built; nothing to email")
    for cohort in built:  # a cohort's folder built on its own (build --out run/site-a) is settled too
        settle_outputs(config.folder / cohort.slug)
    sources = [
        load_report_folder(config.folder / c.slug, attach_pdf=config.attach_pdf, cohort=c) for c in built
    ]
    return sources, list(failed)


def recipients_for(
    config: MailConfig, cohort: ListedCohort | None, cohorts: Sequence[ListedCohort] = ()
) -> Recipients:
    """The recipients of one message: per-cohort fields from the config replace the common ones.

    ``cohorts`` are all the run's cohorts (default: this one): a key names the cohort whose name it
    is before one whose name differs only in case, and before one whose folder (slug) it is
    (:func:`cohort_of_keys`).
    """
    if cohort is None:
        return config.recipients
    every = [(c.name, c.slug) for c in (cohorts or [cohort])]
    owners = cohort_of_keys(config.cohort_recipients, every)
    keys = [key for key, name in owners.items() if name == cohort.name]
    own = config.cohort_recipients[keys[0]] if keys else {}
    return replace(config.recipients, **own)


def cohort_of_keys(keys: Iterable[str], cohorts: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The cohort (by name) each ``[email.cohorts]`` key names, among ``cohorts`` (name, slug): the
    cohort of that exact name; else the one cohort whose name equals it case-folded; else the cohort
    of that slug. A key that names no cohort, or several alike, is left out.

    With cohorts 'A' and 'a', the key 'a' is cohort 'a''s: recipients for one site never get
    another's summary because their names slug or fold alike.
    """
    names = {name for name, _ in cohorts}
    owners = {}
    for key in keys:
        folded = [name for name in names if name.casefold() == key.casefold()]
        by_slug = [name for name, slug in cohorts if slug == key]
        if key in names:
            owners[key] = key
        elif len(folded) == 1:
            owners[key] = folded[0]
        elif not folded and len(by_slug) == 1:
            owners[key] = by_slug[0]
    return owners


def email_reports(
    config: MailConfig,
    *,
    send: bool = False,
    resend: bool = False,
    strict: bool = False,
    retry: RetryPolicy = RetryPolicy(),
    ssl_context: ssl.SSLContext | None = None,
    date: dt.datetime | None = None,
) -> MailRun:
    """Build the summaries, write the outbox, and with ``send`` deliver what was not sent yet.

    Every message is built and every address checked before anything is written or sent.

    Args:
        config: from :func:`make_mail_config`.
        send: deliver over SMTP (default: only write ``outbox/``).
        resend: with ``send``, deliver messages already in the send log again.
        strict: a size warning stops the run before anything is written or sent.
        retry: see :class:`RetryPolicy`.
        ssl_context: for TLS (default: the system's trusted certificates).
        date: the messages' Date header (default: now).

    Returns:
        The messages, the files written, the warnings and the send summary.

    Raises:
        MailError: bad input or settings (nothing written or sent), or ``strict`` and a warning.
        SendError: sending stopped; the messages before it are in the send log.
    """
    check_outbox(config.folder / OUTBOX)
    sources, failed = load_sources(config)
    for cohort, error in failed:
        log.warning("cohort '%s' skipped: its build failed (%s)", cohort.name, error)
    if send:
        check_smtp(config.smtp)
        if config.sender is None:
            raise MailError(f"no sender address: set 'from' in [email] of {CONFIG_FILE_NAME}, or give --from")
    sender = config.sender or parse_address(DEFAULT_SENDER, "the default sender")
    every_cohort = [s.cohort for s in sources if s.cohort is not None] + [c for c, _ in failed]
    messages = tuple(
        build_message(
            source,
            sender=sender,
            recipients=recipients_for(config, source.cohort, every_cohort),
            subject_template=config.subject,
            date=date,
            theme=config.theme,
        )
        for source in sources
    )
    warnings = tuple(w for m in messages for w in m.warnings)
    if strict and warnings:
        more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
        raise MailError(f"{warnings[0]}{more}; nothing written or sent (--strict)")
    for warning in warnings:
        log.warning("%s", warning)

    outbox = config.folder / OUTBOX
    written = write_outbox(outbox, messages)
    summary = None
    if send:
        try:
            summary = send_messages(
                messages, config.smtp, outbox / SEND_LOG, resend=resend, retry=retry, ssl_context=ssl_context
            )
        finally:  # the preview shows what the send log now holds, even after a failure
            write_outbox(outbox, messages)
    return MailRun(
        messages=messages,
        outbox=outbox,
        written=tuple(written),
        warnings=warnings,
        skipped_cohorts=tuple((c.name, e) for c, e in failed),
        sent=summary,
        sender_warning=sender_warning(sender, default=config.sender is None),
    )
