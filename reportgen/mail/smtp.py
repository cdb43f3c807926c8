"""SMTP delivery, once and only once: a locked send log, transient failures retried, permanent ones named."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.config import CONFIG_FILE_NAME
from reportgen.errors import MailError, SendError
from reportgen.mail.compose import Message
from reportgen.mail.config import PASSWORD_ENV, SmtpSettings
from reportgen.mail.outbox import _parse_log, locked_send_log
from reportgen.schemas import VERSIONS

log = logging.getLogger("reportgen")


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
    with locked_send_log(log_path) as handle:
        assert handle is not None  # created when missing
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
                entry = log_entry(message, rcpts, refused, smtp)
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


def log_entry(
    message: Message, rcpts: Sequence[str], refused: Mapping[str, Any], smtp: SmtpSettings
) -> dict[str, Any]:
    """The send log's line for a message the server accepted (``reportgen/schemas/send-log.schema.json``)."""
    return {
        "schema_version": VERSIONS["send-log"],
        "message_id": message.message_id,
        "file": f"{message.stem}.eml",
        "cohort": message.cohort,
        "subject": message.subject,
        "to": list(rcpts),
        "refused": sorted(refused),
        "server": f"{smtp.host}:{smtp.port}",
        "sent_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _deliver(
    connection: _Connection, message: Message, rcpts: Sequence[str], retry: RetryPolicy
) -> dict[str, tuple[int, bytes]]:
    """Send one message, retrying transient failures on a fresh connection after each delay, while
    the message's deadline (the SMTP timeout, waits included) allows: a server that accepts and
    never answers holds a message about one timeout, not one per try."""
    tries = len(retry.delays) + 1
    deadline, started, waited = connection.smtp.timeout, time.monotonic(), 0.0
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
            spent = time.monotonic() - started + waited
            if spent + delay > deadline:
                raise _Failure(
                    f"{failure.reason}; gave up after {attempt + 1} tries in {spent:.0f} s "
                    f"(the deadline is {deadline:g} s per message)",
                    code=failure.code,
                ) from exc
            log.info("%s; trying again in %g s", failure.reason, delay)
            retry.sleep(delay)
            waited += delay
    raise AssertionError("unreachable")
