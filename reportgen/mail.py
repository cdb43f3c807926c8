"""Email summaries of built reports, delivered once and only once.

The recipe (:func:`email_reports`): read a report folder, or every cohort of a ``reportgen cohorts``
run -> build one message per recipient group (an HTML part with every CSS rule inlined and ``cid:``
images, a plain-text part from the same content, optionally the PDF) -> check sizes -> write the
outbox (``.eml`` files and an ``index.html`` preview) -> with ``send``, deliver over SMTP every
message the send log (``outbox/sent.jsonl``) does not hold yet.

Nothing here words a finding or formats a number on its own: numbers come from ``results.json``
through :func:`reportgen.numbers.format_number`, interpretation sentences from its ``narrative``,
so the summary says what the report says.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import hashlib
import json
import logging
import os
import re
import smtplib
import socket
import ssl
import string
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from pathlib import Path
from typing import IO, Any

from reportgen.config import (
    CONFIG_FILE_NAME,
    DEFAULT_OUT_DIR,
    LABEL_FIELDS,
    SMTP_SECURITY,
    Labels,
    read_config_file,
)
from reportgen.errors import MailError, SendError
from reportgen.narrative.sentence import Sentence, num, sentence_from_json
from reportgen.numbers import format_number
from reportgen.results import lookup

log = logging.getLogger("reportgen")

PASSWORD_ENV = "REPORTGEN_SMTP_PASSWORD"
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
HTML_LIMIT = 100 * 1024  # Gmail clips HTML bodies over about 102 KB
MESSAGE_LIMIT = 15 * 1024 * 1024  # under the 20-25 MB most providers accept, after base64
OUTBOX = "outbox"
SEND_LOG = "sent.jsonl"
MANIFEST = "manifest.json"
DEFAULT_SENDER = "reportgen <reportgen@localhost>"  # for the outbox only; sending needs a real one
# A cohort's report title already names it ("... (site = north)"), so one default fits both.
SUBJECT = "{title}, slope {slope} {rate}"
# 7bit: every non-ASCII body is quoted-printable or base64, so any SMTP server takes the bytes as they are.
POLICY = email.policy.SMTP.clone(cte_type="7bit")
CARD_WIDTH, IMAGE_WIDTH = 600, 558  # px: the card, and a figure inside its 20 px padding and border
_SAFE_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class _BlockSpec:
    title: str
    narrative: tuple[str, ...]  # keys of results["narrative"], in order
    figure: str | None = None  # name of a figures/<name>.png
    caption: str = ""


# The summary: key findings, then these blocks of the report's own interpretation sentences.
# "{group}" in a title or caption is the group label in lower case ("subject").
BLOCKS = (
    _BlockSpec("One line for everyone", ("q3",), "ols_fit", "One least-squares line for all observations"),
    _BlockSpec(
        "The mixed model",
        ("q5", "q6"),
        "mixed_pair",
        "Two {group}s in the random-intercept model: one slope, each its own starting point",
    ),
    _BlockSpec("Each {group}'s own rate", ("g_slopes",)),
)


# --- recipients, headers, settings ------------------------------------------------------------------


def check_header_text(value: str, what: str) -> str:
    """``value`` if it can go into a mail header as it is; line breaks and control characters are refused.

    Raises:
        MailError: ``value`` holds CR, LF, another control character or a Unicode line separator.
    """
    bad = next((ch for ch in value if unicodedata.category(ch) in ("Cc", "Zl", "Zp")), None)
    if bad is not None:
        raise MailError(
            f"{what} {value!r} contains a line break or control character ({bad!r}); "
            "remove it (it would end up in an email header)"
        )
    return value


def parse_address(text: str, where: str) -> Address:
    """One email address (``a@example.org`` or ``Ann Lee <a@example.org>``), checked.

    Args:
        text: the address as written.
        where: where it was given (``--to``, ``'to' in reportgen.toml [email]``), for the error.

    Raises:
        MailError: not exactly one valid ASCII address, or a line break or control character in it.
    """
    check_header_text(text, f"address in {where}:")
    try:
        header: Any = HeaderRegistry()("To", text)
        addresses = header.addresses
    except Exception:  # the parser raises odd things (IndexError) on some garbage
        addresses, header = (), None
    problem = ""
    if header is None or header.defects:
        problem = "it is not a valid address"
    elif len(addresses) != 1 or len(header.groups) != 1 or header.groups[0].display_name is not None:
        problem = "give one address per entry"
    elif not addresses[0].username or not addresses[0].domain:
        problem = "it needs a name and a domain, as in ann@example.org"
    elif not addresses[0].addr_spec.isascii():
        problem = "only ASCII addresses are supported"
    if problem:
        raise MailError(f"invalid email address {text!r} in {where}: {problem}")
    return addresses[0]


@dataclass(frozen=True)
class Recipients:
    """Who one message goes to; ``to`` and ``cc`` are the envelope, ``reply_to`` only a header."""

    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    reply_to: tuple[Address, ...] = ()

    def envelope(self) -> tuple[str, ...]:
        """The addresses the SMTP server delivers to (to, then cc), each once."""
        return tuple(dict.fromkeys(a.addr_spec for a in (*self.to, *self.cc)))


@dataclass(frozen=True)
class SmtpSettings:
    """The SMTP server; the password comes only from ``REPORTGEN_SMTP_PASSWORD`` and is never shown."""

    host: str | None = None
    port: int = DEFAULT_PORTS["starttls"]
    security: str = "starttls"  # "starttls", "tls" (implicit TLS) or "none"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 60.0


@dataclass(frozen=True)
class MailConfig:
    """Everything ``reportgen email`` needs; build with :func:`make_mail_config`."""

    folder: Path  # a report folder, or with ``cohorts`` the folder of a cohorts run
    recipients: Recipients
    cohorts: bool = False
    sender: Address | None = None
    # per cohort name or slug: "to"/"cc"/"reply_to" -> addresses, replacing ``recipients``' field
    cohort_recipients: Mapping[str, Mapping[str, tuple[Address, ...]]] = field(default_factory=dict)
    subject: str | None = None  # template; None for SUBJECT
    attach_pdf: bool = False
    smtp: SmtpSettings = SmtpSettings()


def make_mail_config(
    *,
    config_file: Path | str | None = None,
    folder: Path | str | None = None,
    cohorts: bool = False,
    to: Sequence[str] = (),
    cc: Sequence[str] = (),
    reply_to: Sequence[str] = (),
    sender: str | None = None,
    subject: str | None = None,
    attach_pdf: bool = False,
    smtp_host: str | None = None,
    smtp_port: int | None = None,
    smtp_security: str | None = None,
    smtp_user: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> MailConfig:
    """Merge the config file's ``[email]`` table with explicit arguments (the last input wins).

    Args:
        config_file: a ``reportgen.toml``; its ``[email]`` table gives recipients (for all, and per
            cohort under ``[email.cohorts."<name or slug>"]``), ``from``, ``subject`` and the SMTP
            server; ``[report] out`` the default folder.
        folder: the report folder (default: the file's ``[report] out``, else ``output``).
        cohorts: summarise every cohort of a ``reportgen cohorts`` run in ``folder``.
        to, cc, reply_to: addresses; given, they replace the file's, for every message.
        sender: the From address.
        subject: a subject template with fields ``{title}``, ``{cohort}``, ``{slope}``, ``{rate}``,
            ``{intercept}``, ``{icc}``, ``{subjects}``, ``{observations}``.
        attach_pdf: attach each report's PDF.
        smtp_host, smtp_port, smtp_security, smtp_user: the SMTP server (security ``starttls``,
            ``tls`` or ``none``; the port defaults to 587, 465 or 25 accordingly).
        environ: where ``REPORTGEN_SMTP_PASSWORD`` is read (default: the process environment).

    Returns:
        The frozen config, every address already checked.

    Raises:
        ConfigError: a bad config file.
        MailError: an invalid address or security setting.
    """
    path = Path(config_file) if config_file is not None else None
    settings = read_config_file(path) if path is not None else {}
    file_email: dict[str, Any] = settings.get("email", {})
    in_file = f"{path or CONFIG_FILE_NAME} [email]"

    def addresses(key: str, given: Sequence[str]) -> tuple[Address, ...]:
        if given:
            return tuple(parse_address(a, f"--{key.replace('_', '-')}") for a in given)
        return tuple(parse_address(a, f"'{key}' in {in_file}") for a in file_email.get(key, ()))

    per_cohort: dict[str, dict[str, tuple[Address, ...]]] = {}
    for cohort, fields in file_email.get("cohorts", {}).items():
        where = f'{in_file.removesuffix(" [email]")} [email.cohorts."{cohort}"]'
        per_cohort[cohort] = {
            key: tuple(parse_address(a, f"'{key}' in {where}") for a in values)
            for key, values in fields.items()
            if not {"to": to, "cc": cc, "reply_to": reply_to}[key]  # explicit options win everywhere
        }

    security = smtp_security or file_email.get("smtp_security", "starttls")
    if security not in SMTP_SECURITY:
        raise MailError(f"SMTP security must be one of: {', '.join(SMTP_SECURITY)}; got {security!r}")
    chosen_sender = sender or file_email.get("from")
    chosen_subject = subject or file_email.get("subject")
    if chosen_subject is not None:
        check_header_text(chosen_subject, "the subject template")
    environ = os.environ if environ is None else environ
    return MailConfig(
        folder=Path(folder or settings.get("out_dir") or DEFAULT_OUT_DIR),
        cohorts=cohorts,
        recipients=Recipients(
            to=addresses("to", to), cc=addresses("cc", cc), reply_to=addresses("reply_to", reply_to)
        ),
        sender=parse_address(chosen_sender, "--from" if sender else f"'from' in {in_file}")
        if chosen_sender
        else None,
        cohort_recipients=per_cohort,
        subject=chosen_subject,
        attach_pdf=attach_pdf,
        smtp=SmtpSettings(
            host=smtp_host or file_email.get("smtp_host"),
            port=smtp_port or file_email.get("smtp_port") or DEFAULT_PORTS[security],
            security=security,
            user=smtp_user or file_email.get("smtp_user"),
            password=environ.get(PASSWORD_ENV) or None,
        ),
    )


# --- reading a report folder ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cohort:
    """One cohort of a ``reportgen cohorts`` run, as its ``manifest.json`` lists it."""

    name: str
    slug: str  # its folder under the run folder
    by: str | None = None  # the column the run split on, if it did

    @property
    def label(self) -> str:
        """As the cohorts index names it: "site = north", or the name alone."""
        shown = self.name if self.name.strip() else "(blank)"
        return f"{self.by} = {shown}" if self.by else shown


@dataclass(frozen=True)
class ReportFolder:
    """What a summary is built from: a built report's results, figures and (optionally) PDF."""

    folder: Path
    results: Mapping[str, Any]
    figures: Mapping[str, bytes]
    pdf: bytes | None = None
    cohort: Cohort | None = None

    @property
    def label(self) -> str:
        return f"cohort '{self.cohort.name}'" if self.cohort else "the summary"


def _read(path: Path, what: str, fix: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise MailError(f"no {what} '{path}'; {fix}", path=str(path)) from exc
    except OSError as exc:
        raise MailError(f"cannot read {what} '{path}': {exc.strerror or exc}", path=str(path)) from exc


def load_report_folder(
    folder: Path, *, attach_pdf: bool = False, cohort: Cohort | None = None
) -> ReportFolder:
    """Read ``results.json``, the summary's figures and, with ``attach_pdf``, ``report.pdf``.

    Raises:
        MailError: a file is missing or unreadable, or ``results.json`` is not a reportgen results
            document with its ``narrative``.
    """
    rebuild = f"build the report first: reportgen build --out {folder}"
    path = folder / "results.json"
    try:
        results = json.loads(_read(path, "results file", rebuild))
    except ValueError as exc:
        raise MailError(f"'{path}' is not valid JSON; {rebuild}", path=str(path)) from exc
    if not isinstance(results, dict) or not all(
        isinstance(results.get(key), dict) for key in ("report", "narrative")
    ):
        raise MailError(
            f"'{path}' has no report settings or narrative; rebuild it with this version: {rebuild}",
            path=str(path),
        )
    figures = {}
    for spec in BLOCKS:
        if spec.figure:
            png = _read(folder / "figures" / f"{spec.figure}.png", "figure", rebuild)
            if not png.startswith(b"\x89PNG\r\n\x1a\n"):
                raise MailError(f"'{folder}/figures/{spec.figure}.png' is not a PNG image; {rebuild}")
            figures[spec.figure] = png
    pdf = None
    if attach_pdf:
        pdf = _read(
            folder / "report.pdf",
            "PDF report",
            f"build it (reportgen build --out {folder} --format pdf) or leave out --attach-pdf",
        )
    return ReportFolder(folder=folder, results=results, figures=figures, pdf=pdf, cohort=cohort)


def read_manifest(folder: Path) -> tuple[tuple[Cohort, ...], tuple[tuple[Cohort, str], ...]]:
    """The cohorts of a ``reportgen cohorts`` run: those built, and those that failed with their error.

    Raises:
        MailError: no readable ``manifest.json``, or one not in the expected shape.
    """
    path = folder / MANIFEST
    fix = f"run reportgen cohorts --out {folder} first, or leave out --cohorts"
    try:
        manifest = json.loads(_read(path, "cohorts manifest", fix))
    except ValueError as exc:
        raise MailError(f"'{path}' is not valid JSON; {fix}", path=str(path)) from exc
    entries = manifest.get("cohorts") if isinstance(manifest, dict) else None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("name"), str) and isinstance(e.get("slug"), str)
        for e in entries
    ):
        raise MailError(f"'{path}' is not a cohorts manifest (a list of cohorts with name and slug)")
    by = manifest.get("by") if isinstance(manifest.get("by"), str) else None
    built, failed = [], []
    for entry in entries:
        cohort = Cohort(entry["name"], entry["slug"], by)
        if entry.get("status") == "error":
            failed.append((cohort, str(entry.get("error") or "no error recorded")))
            continue
        check_header_text(cohort.name, "cohort name")
        if not _SAFE_SLUG.fullmatch(cohort.slug):
            raise MailError(
                f"cohort '{cohort.name}' in '{path}' has slug {cohort.slug!r}, not a plain folder name",
                path=str(path),
                cohort=cohort.name,
            )
        built.append(cohort)
    return tuple(built), tuple(failed)


# --- building a message ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One row of the key-findings table: a label and a sentence of text and number references."""

    label: str
    parts: Sentence


@dataclass(frozen=True)
class FigureView:
    """A figure as the email templates see it; ``cid`` is its Content-ID without angle brackets."""

    name: str
    title: str
    alt: str
    cid: str
    png: bytes
    height: int  # displayed height at IMAGE_WIDTH


@dataclass(frozen=True)
class Block:
    """A titled group of the report's interpretation sentences, with an optional figure."""

    title: str
    sentences: tuple[Sentence, ...]
    figure: FigureView | None


@dataclass(frozen=True)
class Message:
    """One built email: its envelope, its bytes as sent (and as the ``.eml`` holds them), its sizes."""

    stem: str  # outbox file name without ".eml"
    label: str  # "the summary" or "cohort 'A'", for messages
    cohort: str | None
    message_id: str  # with angle brackets, as in the header
    subject: str
    sender: Address
    recipients: Recipients
    data: bytes
    html_size: int
    warnings: tuple[str, ...] = ()


def _labels(results: Mapping[str, Any]) -> Labels:
    return Labels(**{k: str(v) for k, v in results["report"]["labels"].items() if k in LABEL_FIELDS})


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def key_findings(labels: Labels) -> tuple[Finding, ...]:
    """The key-findings rows: what the mixed models say, as sentences over results keys."""
    rate, group = labels.rate(), labels.group.lower()
    unit = f" {labels.response_unit}" if labels.response_unit else ""
    ri = "random_intercept"
    return (
        Finding(
            "Data",
            (
                num("data", "groups", style="int"),
                f" {group}s, ",
                num("data", "clean_rows", style="int"),
                " observations",
            ),
        ),
        Finding(
            "Average slope",
            (
                num(ri, "slope"),
                f" {rate} (95% CI ",
                num(ri, "slope_ci_low"),
                " to ",
                num(ri, "slope_ci_high"),
                ")",
            ),
        ),
        Finding("Average start", (num(ri, "intercept"), f"{unit} when {labels.time.lower()} is 0")),
        Finding(
            f"Between {group}s",
            (num(ri, "icc", style="pct"), " of the variance left after the fixed effects"),
        ),
        Finding("Spread of slopes", ("SD ", num("random_slope", "slope_sd"), f" {rate} between {group}s")),
    )


def _alt_text(name: str, results: Mapping[str, Any], labels: Labels, decimals: int) -> str:
    """What a figure shows, in words and formatted numbers (mail clients may block images)."""

    def f(*path: str) -> str:
        return format_number(lookup(results, path), "fixed", decimals)

    resp, time_, group = labels.response.lower(), labels.time.lower(), labels.group.lower()
    unit = f" {labels.response_unit}" if labels.response_unit else ""
    if name == "ols_fit":
        rows = format_number(lookup(results, "data.clean_rows"), "int")
        return (
            f"Scatter of {resp} against {time_} for {rows} observations with the least-squares line "
            f"{resp} = {f('ols', 'intercept')} + {f('ols', 'slope')} × {time_}."
        )
    pair = results["mixed_pair"]
    return (
        f"Two parallel lines with slope {f('random_intercept', 'slope')} {labels.rate()}, for {group}s "
        f"{pair['higher']} and {pair['lower']}; {group} {pair['higher']}'s line is "
        f"{f('mixed_pair', 'intercept_difference')}{unit} higher."
    )


def plain_sentence(parts: Sentence, results: Mapping[str, Any], decimals: int) -> str:
    """A sentence as plain text: each number formatted as the report formats it."""
    return "".join(
        part if isinstance(part, str) else format_number(lookup(results, part.path), part.style, decimals)
        for part in parts
    )


def render_subject(template: str, fields: Mapping[str, str]) -> str:
    """Fill a subject template's ``{field}`` placeholders; only plain names from ``fields`` are allowed.

    Raises:
        MailError: an unknown field, a format spec or attribute access, or a line break in the result.
    """
    try:
        names = [
            (name, spec, conv)
            for _, name, spec, conv in string.Formatter().parse(template)
            if name is not None
        ]
    except ValueError as exc:
        raise MailError(
            f"subject template {template!r} is not valid: {exc}; write fields as {{title}}"
        ) from exc
    for name, spec, conv in names:
        if name not in fields or spec or conv:
            raise MailError(
                f"subject template {template!r} has an unknown field {{{name}}}; "
                f"fields are: {', '.join('{' + f + '}' for f in fields)}"
            )
    subject = check_header_text(template.format_map(fields), "subject")
    return " ".join(subject.split())  # an empty field leaves no double space


def _subject_fields(source: ReportFolder, labels: Labels, decimals: int) -> dict[str, str]:
    r = source.results

    def f(key: str, style: str = "fixed") -> str:
        return format_number(lookup(r, key), style, decimals)

    return {
        "title": check_header_text(str(r["report"]["title"]), "report title"),
        "cohort": source.cohort.name if source.cohort else "",
        "slope": f("random_intercept.slope"),
        "rate": labels.rate(),
        "intercept": f("random_intercept.intercept"),
        "icc": f("random_intercept.icc", "pct"),
        "subjects": f("data.groups", "int"),
        "observations": f("data.clean_rows", "int"),
    }


def summary_context(source: ReportFolder, subject: str) -> dict[str, Any]:
    """The template context of one summary (HTML and text parts alike); figures get stable cids."""
    results = source.results
    labels, decimals = _labels(results), int(results["report"]["decimals"])
    narrative, group = results["narrative"], labels.group.lower()
    blocks = []
    for spec in BLOCKS:
        missing = [key for key in spec.narrative if key not in narrative]
        if missing:
            raise MailError(
                f"'{source.folder}/results.json' has no narrative {missing[0]!r}; rebuild the report",
                path=str(source.folder),
            )
        figure = None
        if spec.figure:
            png = source.figures[spec.figure]
            width, height = _png_size(png)
            figure = FigureView(
                name=spec.figure,
                title=spec.caption.format(group=group),
                alt=_alt_text(spec.figure, results, labels, decimals),
                cid=f"{spec.figure}.{hashlib.sha256(png).hexdigest()[:16]}@reportgen",
                png=png,
                height=round(IMAGE_WIDTH * height / width) if width else IMAGE_WIDTH,
            )
        sentences = tuple(sentence_from_json(parts) for key in spec.narrative for parts in narrative[key])
        blocks.append(Block(spec.title.format(group=group), sentences, figure))
    return {
        "subject": subject,
        "title": str(results["report"]["title"]),
        "kicker": f"Report summary: {source.cohort.label}" if source.cohort else "Report summary",
        "findings": key_findings(labels),
        "blocks": tuple(blocks),
        "results": results,
        "decimals": decimals,
        "data_file": str(results.get("data", {}).get("file", "the data")),
        "pdf_name": _pdf_name(source) if source.pdf is not None else None,
        "plain": lambda parts: plain_sentence(parts, results, decimals),
        "card_width": CARD_WIDTH,
        "image_width": IMAGE_WIDTH,
    }


def _pdf_name(source: ReportFolder) -> str:
    return f"report-{source.cohort.slug}.pdf" if source.cohort else "report.pdf"


def inline_css(html: str) -> str:
    """Every ``<style>`` rule moved into ``style`` attributes (css-inline); nothing is fetched."""
    import css_inline

    return str(css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False).inline(html))


def _message_id(parts: Mapping[str, Any], domain: str) -> str:
    """A Message-ID that depends only on the content and the recipients, so a re-run finds it again."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"<{digest[:40]}@{domain}>"


def _kb(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def size_warnings(label: str, html_size: int, size: int) -> tuple[str, ...]:
    """Warnings for a message over what mail clients and servers handle."""
    warnings = []
    if html_size > HTML_LIMIT:
        warnings.append(
            f"{label}: the HTML part is {_kb(html_size)}, over {_kb(HTML_LIMIT)}; "
            "Gmail clips HTML bodies over about 102 KB and hides the rest"
        )
    if size > MESSAGE_LIMIT:
        warnings.append(
            f"{label}: the message is {_kb(size)}, over {_kb(MESSAGE_LIMIT)}; many mail servers refuse "
            "messages that large (leave out --attach-pdf or make the report smaller)"
        )
    return tuple(warnings)


def build_message(
    source: ReportFolder,
    *,
    sender: Address,
    recipients: Recipients,
    subject_template: str | None = None,
    date: dt.datetime | None = None,
) -> Message:
    """One summary email: multipart/alternative of a text part and a multipart/related HTML part
    with its PNG figures by ``cid:``; inside multipart/mixed with the PDF when there is one.

    Args:
        source: the report folder to summarise.
        sender, recipients: checked addresses (see :func:`parse_address`).
        subject_template: see :func:`render_subject` (default: SUBJECT).
        date: the Date header (default: now); it does not change the Message-ID.

    Raises:
        MailError: no recipient, a line break in a header value, a bad subject template.
        TemplateError: an email template is broken.
    """
    from reportgen.render import render_html

    if not recipients.to:
        where = f' or [email.cohorts."{source.cohort.name}"]' if source.cohort else ""
        raise MailError(
            f"no recipient for {source.label}: set 'to' in [email]{where} of {CONFIG_FILE_NAME}, "
            "or give --to",
            cohort=source.cohort.name if source.cohort else None,
        )
    results = source.results
    labels, decimals = _labels(results), int(results["report"]["decimals"])
    template = subject_template or SUBJECT
    subject = render_subject(template, _subject_fields(source, labels, decimals))
    context = summary_context(source, subject)
    html = inline_css(render_html(context, "email.html.j2"))
    text = render_html(context, "email.txt.j2")
    figures = [block.figure for block in context["blocks"] if block.figure]

    identity = {
        "from": str(sender),
        "to": [str(a) for a in recipients.to],
        "cc": [str(a) for a in recipients.cc],
        "reply_to": [str(a) for a in recipients.reply_to],
        "subject": subject,
        "html": html,
        "text": text,
        "images": {fig.cid: hashlib.sha256(fig.png).hexdigest() for fig in figures},
        "pdf": hashlib.sha256(source.pdf).hexdigest() if source.pdf is not None else None,
    }
    message_id = _message_id(identity, sender.domain)

    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = recipients.to
    if recipients.cc:
        msg["Cc"] = recipients.cc
    if recipients.reply_to:
        msg["Reply-To"] = recipients.reply_to
    msg["Date"] = email.utils.format_datetime(date or dt.datetime.now(dt.UTC))
    msg["Message-ID"] = message_id
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    html_part = list(msg.iter_parts())[1]
    for fig in figures:
        html_part.add_related(
            fig.png, "image", "png", cid=f"<{fig.cid}>", filename=f"{fig.name}.png", disposition="inline"
        )
    html_part.set_param("type", "text/html")  # RFC 2387: the root part's type
    if source.pdf is not None:
        msg.add_attachment(source.pdf, "application", "pdf", filename=_pdf_name(source))
    data = msg.as_bytes()
    html_size = len(html.encode("utf-8"))
    return Message(
        stem=source.cohort.slug if source.cohort else "summary",
        label=source.label,
        cohort=source.cohort.name if source.cohort else None,
        message_id=message_id,
        subject=subject,
        sender=sender,
        recipients=recipients,
        data=data,
        html_size=html_size,
        warnings=size_warnings(source.label, html_size, len(data)),
    )


# --- the outbox -----------------------------------------------------------------------------------


def read_send_log(path: Path) -> dict[str, dict[str, Any]]:
    """Message-ID -> log entry of every message the server accepted (``outbox/sent.jsonl``).

    Raises:
        MailError: a line is not a JSON object with a ``message_id``.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise MailError(f"cannot read the send log '{path}': {exc}", path=str(path)) from exc
    return _parse_log(lines, path)


def _parse_log(lines: Sequence[str], path: Path) -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            entry = None
        if not isinstance(entry, dict) or not isinstance(entry.get("message_id"), str):
            raise MailError(
                f"line {number} of the send log '{path}' is not a JSON object with a message_id; "
                "fix or delete that line (a message it recorded would be sent again)",
                path=str(path),
            )
        entries[entry["message_id"]] = entry
    return entries


def _walk_parts(msg: EmailMessage) -> tuple[str, str, dict[str, tuple[str, bytes]], list[str]]:
    """The HTML and text parts of a parsed message, its inline images by cid, its attachment names."""
    html = text = ""
    images: dict[str, tuple[str, bytes]] = {}
    attachments = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        kind, cid = part.get_content_type(), part.get("Content-ID")
        if kind == "text/html" and not html:
            html = part.get_content()
        elif kind == "text/plain" and not text:
            text = part.get_content()
        elif cid:
            name = re.sub(r"[^A-Za-z0-9._-]", "_", part.get_filename() or "image")
            images[str(cid).strip().strip("<>")] = (name, part.get_content())
        else:
            attachments.append(f"{part.get_filename() or kind} ({_kb(len(part.get_content()))})")
    return html, text, images, attachments


def outbox_files(messages: Sequence[Message], sent: Mapping[str, Mapping[str, Any]]) -> dict[str, bytes]:
    """The outbox as files: each ``.eml``, and ``index.html`` with each HTML part as a client shows it.

    The preview is made from the ``.eml`` bytes themselves: every ``cid:`` reference is resolved to
    its image, written beside it under ``preview/``.
    """
    from reportgen.render import render_html

    files: dict[str, bytes] = {}
    views = []
    for m in messages:
        files[f"{m.stem}.eml"] = m.data
        parsed = email.message_from_bytes(m.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        html, text, images, attachments = _walk_parts(parsed)
        for cid, (name, content) in images.items():
            files[f"preview/{m.stem}/{name}"] = content
            html = html.replace(f"cid:{cid}", f"{m.stem}/{name}")
        files[f"preview/{m.stem}.html"] = html.encode("utf-8")
        entry = sent.get(m.message_id)
        views.append(
            {
                "stem": m.stem,
                "eml": f"{m.stem}.eml",
                "preview": f"preview/{m.stem}.html",
                "subject": str(parsed["Subject"]),
                "sender": str(parsed["From"]),
                "to": str(parsed["To"]),
                "cc": str(parsed["Cc"] or ""),
                "reply_to": str(parsed["Reply-To"] or ""),
                "message_id": m.message_id,
                "size": _kb(len(m.data)),
                "html_size": _kb(m.html_size),
                "attachments": attachments,
                "warnings": m.warnings,
                "text": text,
                "sent_at": entry.get("sent_at") if entry else None,
            }
        )
    context = {"messages": views, "send_log": SEND_LOG}
    files["index.html"] = render_html(context, "email_outbox.html.j2").encode("utf-8")
    return files


def write_outbox(outbox: Path, messages: Sequence[Message]) -> list[Path]:
    """Write the outbox (atomically, file by file); the send status comes from its send log."""
    from reportgen.export import write_outputs

    return write_outputs(outbox, outbox_files(messages, read_send_log(outbox / SEND_LOG)))


# --- sending --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    """How transient SMTP failures (4xx, a dropped connection) are retried: one wait per retry."""

    delays: tuple[float, ...] = (2.0, 10.0, 30.0)  # seconds; so at most 4 tries per message
    sleep: Callable[[float], None] = time.sleep


@dataclass(frozen=True)
class SendSummary:
    """What a send did: accepted by the server, skipped as already in the send log."""

    sent: int
    skipped: int


class _Failure(Exception):
    """An SMTP failure, classified: its one-line reason, reply code, and whether a retry may help."""

    def __init__(self, reason: str, *, code: int | None = None, transient: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.code, self.transient = reason, code, transient


def _reply(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return " ".join(f"{code} {said}".split())[:200]


def _is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def classify(exc: BaseException, smtp: SmtpSettings) -> _Failure:
    """Sort an exception from smtplib or the network into transient (retry) or permanent (stop)."""
    where = f"{smtp.host}:{smtp.port}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = {addr: code for addr, (code, _) in exc.recipients.items()}
        said = "; ".join(f"{addr}: {_reply(code, text)}" for addr, (code, text) in exc.recipients.items())
        return _Failure(
            f"the server refused the recipient ({said})",
            code=max(replies.values(), default=None),
            transient=bool(replies) and all(400 <= c < 500 for c in replies.values()),
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return _Failure(
            f"login as '{smtp.user}' refused by {where} ({_reply(exc.smtp_code, exc.smtp_error)}); "
            f"check smtp_user and the {PASSWORD_ENV} environment variable",
            code=exc.smtp_code,
            transient=400 <= exc.smtp_code < 500,
        )
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return _Failure(
            f"the server refused the sender {exc.sender} ({_reply(exc.smtp_code, exc.smtp_error)})",
            code=exc.smtp_code,
            transient=400 <= exc.smtp_code < 500,
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return _Failure(
            f"{where} answered {_reply(exc.smtp_code, exc.smtp_error)}",
            code=exc.smtp_code,
            transient=400 <= exc.smtp_code < 500,
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return _Failure(f"{where} closed the connection", transient=True)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return _Failure(
            f"{where}: {str(exc).rstrip('.')}; check smtp_security (starttls, tls or none) and smtp_user"
        )
    if isinstance(exc, smtplib.SMTPException):
        return _Failure(f"{where}: {exc}")
    if isinstance(exc, ssl.SSLError):
        return _Failure(f"TLS with {where} failed ({exc.reason or exc}); check smtp_security and smtp_port")
    if isinstance(exc, socket.gaierror) and exc.errno != socket.EAI_AGAIN:
        return _Failure(f"unknown SMTP host '{smtp.host}'; check smtp_host")
    if isinstance(exc, OSError):  # refused, reset, timed out
        return _Failure(f"cannot talk to {where} ({exc.strerror or exc.__class__.__name__})", transient=True)
    raise exc


class _Connection:
    """One SMTP session, opened on first use and reopened after a failure."""

    def __init__(self, smtp: SmtpSettings, ssl_context: ssl.SSLContext | None) -> None:
        self.smtp, self.ssl_context = smtp, ssl_context
        self._client: smtplib.SMTP | None = None

    def client(self) -> smtplib.SMTP:
        if self._client is None:
            self._client = self._open()
        return self._client

    def _open(self) -> smtplib.SMTP:
        s = self.smtp
        assert s.host is not None
        context = self.ssl_context or ssl.create_default_context()
        client: smtplib.SMTP
        if s.security == "tls":
            client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            client.ehlo()
            if s.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if s.user:
                client.login(s.user, s.password or "")
        except BaseException:
            client.close()
            raise
        log.info("smtp: connected to %s:%d (%s)", s.host, s.port, s.security)
        return client

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()


def check_smtp(smtp: SmtpSettings) -> None:
    """Refuse to start sending without a host, without the password a user needs, or in clear text.

    Raises:
        MailError: what is missing and how to give it.
    """
    if not smtp.host:
        raise MailError(
            f"no SMTP server: set smtp_host in [email] of {CONFIG_FILE_NAME}, or give --smtp-host"
        )
    if smtp.user and not smtp.password:
        raise MailError(
            f"SMTP user '{smtp.user}' needs a password: set the {PASSWORD_ENV} environment variable "
            "(it is never read from the command line or the config file)"
        )
    if smtp.user and smtp.security == "none" and not _is_loopback(smtp.host):
        raise MailError(
            f"refusing to send the SMTP password unencrypted to {smtp.host}; "
            'use smtp_security = "starttls" or "tls"'
        )


@contextmanager
def _locked_log(path: Path) -> Iterator[IO[str]]:
    """The send log, open for appending and locked against a second sender on the same outbox."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise MailError(f"another reportgen email --send is using '{path}'; let it finish first") from exc
        yield handle


def send_messages(
    messages: Sequence[Message],
    smtp: SmtpSettings,
    log_path: Path,
    *,
    resend: bool = False,
    retry: RetryPolicy = RetryPolicy(),
    ssl_context: ssl.SSLContext | None = None,
) -> SendSummary:
    """Deliver each message the send log does not hold; log each one the server accepts, at once.

    Args:
        messages: built by :func:`build_message`.
        smtp: the server; see :func:`check_smtp`.
        log_path: the send log (JSON lines), appended and flushed to disk per message.
        resend: send messages already in the log again.
        retry: waits between tries after a transient failure (4xx, a dropped connection).
        ssl_context: for TLS (default: the system's trusted certificates).

    Returns:
        How many were sent and how many skipped as already sent.

    Raises:
        MailError: settings missing (nothing is sent then).
        SendError: a permanent failure (5xx, a refused login) or a transient one that outlasted the
            retries; it names the recipients, and the messages before it stay logged as sent.
    """
    check_smtp(smtp)
    sent = 0
    with _locked_log(log_path) as handle:
        handle.seek(0)
        done = _parse_log(handle.read().splitlines(), log_path)
        pending = [m for m in messages if resend or m.message_id not in done]
        skipped = len(messages) - len(pending)
        connection = _Connection(smtp, ssl_context)
        try:
            for index, message in enumerate(pending):
                rcpts = message.recipients.envelope()
                try:
                    refused = _deliver(connection, message, rcpts, retry)
                except _Failure as failure:
                    raise SendError(
                        f"cannot send {message.label} to {', '.join(rcpts)}: {failure.reason}",
                        recipients=rcpts,
                        code=failure.code,
                        sent=sent,
                        skipped=skipped,
                        failed=1,
                        left=len(pending) - index - 1,
                    ) from failure
                entry = {
                    "message_id": message.message_id,
                    "file": f"{message.stem}.eml",
                    "cohort": message.cohort,
                    "subject": message.subject,
                    "to": list(rcpts),
                    "refused": sorted(refused),
                    "server": f"{smtp.host}:{smtp.port}",
                    "sent_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                }
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
                sent += 1
                log.info("sent %s to %s", message.label, ", ".join(rcpts))
                if refused:  # delivered to the others: logged, so a re-run will not send it twice
                    said = "; ".join(f"{a}: {_reply(c, t)}" for a, (c, t) in refused.items())
                    raise SendError(
                        f"{message.label} was sent, but the server refused {', '.join(refused)} ({said}); "
                        "fix the address and send to it separately",
                        recipients=tuple(refused),
                        code=max(c for c, _ in refused.values()),
                        sent=sent,
                        skipped=skipped,
                        failed=0,
                        left=len(pending) - index - 1,
                    )
        finally:
            connection.close()
    return SendSummary(sent=sent, skipped=skipped)


def _deliver(
    connection: _Connection, message: Message, rcpts: Sequence[str], retry: RetryPolicy
) -> dict[str, tuple[int, bytes]]:
    """Send one message, retrying transient failures on a fresh connection after each delay."""
    tries = len(retry.delays) + 1
    for attempt in range(tries):
        try:
            return connection.client().sendmail(message.sender.addr_spec, list(rcpts), message.data)
        except (smtplib.SMTPException, OSError) as exc:
            failure = classify(exc, connection.smtp)
            connection.close()
            if not failure.transient:
                raise failure from exc
            if attempt == tries - 1:
                raise _Failure(f"{failure.reason}; gave up after {tries} tries", code=failure.code) from exc
            delay = retry.delays[attempt]
            log.info("%s; trying again in %g s", failure.reason, delay)
            retry.sleep(delay)
    raise AssertionError("unreachable")


# --- the recipe -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailRun:
    """What :func:`email_reports` did."""

    messages: tuple[Message, ...]
    outbox: Path
    written: tuple[Path, ...]
    warnings: tuple[str, ...]
    skipped_cohorts: tuple[tuple[str, str], ...]  # (cohort name, its build error)
    sent: SendSummary | None  # None when nothing was to be sent


def load_sources(config: MailConfig) -> tuple[list[ReportFolder], list[tuple[Cohort, str]]]:
    """The report folders to summarise, and (for cohorts) those skipped because their build failed.

    Raises:
        MailError: a missing or bad folder, manifest or results file; per-cohort recipients naming
            a cohort the run does not have; no cohort built at all.
    """
    if not config.cohorts:
        return [load_report_folder(config.folder, attach_pdf=config.attach_pdf)], []
    built, failed = read_manifest(config.folder)
    known = {c.name for c, _ in failed} | {c.slug for c, _ in failed}
    known |= {c.name for c in built} | {c.slug for c in built}
    unknown = [key for key in config.cohort_recipients if key not in known]
    if unknown:
        names = ", ".join(c.name for c in built) or "none"
        raise MailError(
            f"[email.cohorts.\"{unknown[0]}\"] names no cohort of '{config.folder / MANIFEST}'; "
            f"cohorts are: {names} (use a cohort's name or slug)"
        )
    if not built:
        raise MailError(f"no cohort in '{config.folder / MANIFEST}' was built; nothing to email")
    sources = [
        load_report_folder(config.folder / c.slug, attach_pdf=config.attach_pdf, cohort=c) for c in built
    ]
    return sources, list(failed)


def recipients_for(config: MailConfig, cohort: Cohort | None) -> Recipients:
    """The recipients of one message: per-cohort fields from the config replace the common ones."""
    if cohort is None:
        return config.recipients
    own = config.cohort_recipients.get(cohort.slug) or config.cohort_recipients.get(cohort.name) or {}
    return replace(config.recipients, **own)


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
    sources, failed = load_sources(config)
    for cohort, error in failed:
        log.warning("warning: cohort '%s' skipped: its build failed (%s)", cohort.name, error)
    if send:
        check_smtp(config.smtp)
        if config.sender is None:
            raise MailError(f"no sender address: set 'from' in [email] of {CONFIG_FILE_NAME}, or give --from")
    sender = config.sender or parse_address(DEFAULT_SENDER, "the default sender")
    messages = tuple(
        build_message(
            source,
            sender=sender,
            recipients=recipients_for(config, source.cohort),
            subject_template=config.subject,
            date=date,
        )
        for source in sources
    )
    warnings = tuple(w for m in messages for w in m.warnings)
    if strict and warnings:
        more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
        raise MailError(f"{warnings[0]}{more}; nothing written or sent (--strict)")
    for warning in warnings:
        log.warning("warning: %s", warning)

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
    )
