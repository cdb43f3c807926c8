"""The email layer's settings: addresses and header text checked, the SMTP server, ``[email]`` merged."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address, HeaderRegistry
from pathlib import Path
from typing import Any

from reportgen.config import CONFIG_FILE_NAME, DEFAULT_OUT_DIR, SMTP_SECURITY, read_config_file
from reportgen.errors import MailError
from reportgen.theme import Theme, theme_from_settings

PASSWORD_ENV = "REPORTGEN_SMTP_PASSWORD"
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
DEFAULT_SENDER = "reportgen <reportgen@localhost>"  # for the outbox only; sending needs a real one


# Domains no mail server delivers from (RFC 6761/6762 special-use names and this machine's own).
_LOCAL_DOMAINS = ("localhost", "localdomain", "local", "internal", "invalid", "test", "example")


def sender_warning(sender: Address, *, default: bool) -> str | None:
    """Why mail from ``sender`` would not reach an inbox (its domain is this machine's, or a name that
    is never delivered: ``reportgen@localhost``, ``lab@box.local``, ``[127.0.0.1]``); None when it may.

    ``default``: the sender is reportgen's own placeholder, not one the user gave.
    """
    domain = sender.domain.lower().strip("[]").rstrip(".")
    local = domain.split(".")[-1] in _LOCAL_DOMAINS or domain.startswith("127.") or domain == "::1"
    if not local:
        return None
    how = f"set 'from' in [email] of {CONFIG_FILE_NAME}, or give --from"
    if default:
        return f"the messages are from {sender.addr_spec}, a placeholder no mail server delivers; {how}"
    return (
        f"the sender {sender.addr_spec} is at '{sender.domain}', a name mail servers outside this "
        f"machine do not deliver for; {how}"
    )


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
    theme: Theme = Theme()  # [theme] of the config file: the email's colour, fonts and logo


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
        theme=theme_from_settings(settings),
    )
