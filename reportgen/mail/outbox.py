"""The outbox: each message as an ``.eml``, an ``index.html`` preview, and the send log beside them."""

from __future__ import annotations

import email
import email.policy
import json
import re
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from reportgen.errors import MailError
from reportgen.mail.compose import Message, _kb

OUTBOX = "outbox"
SEND_LOG = "sent.jsonl"


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
