"""The outbox: each message as an ``.eml``, an ``index.html`` preview, and the send log beside them."""

from __future__ import annotations

import email
import email.policy
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import IO, Any

from reportgen.errors import MailError
from reportgen.mail.compose import Message, _kb
from reportgen.swap import WRITTEN as SWAP_WRITTEN

log = logging.getLogger("reportgen")

OUTBOX = "outbox"
SEND_LOG = "sent.jsonl"
# The list of files reportgen wrote into the outbox, kept beside them: every other file is the user's.
WRITTEN = SWAP_WRITTEN
# The names reportgen writes into the outbox (see outbox_files): the preview page, and each
# message's draft and preview, named by its cohort's slug ("summary" for one report).
_STEM = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_OUTBOX_NAME = re.compile(rf"index\.html|{_STEM}\.eml|preview/{_STEM}(?:\.html|/[A-Za-z0-9._-]+)")


def is_outbox_path(relative: str) -> bool:
    """Whether ``relative`` (a path in the outbox) is a name reportgen writes there: ``index.html``,
    ``site-a.eml``, ``preview/site-a.html`` or an image under ``preview/site-a/``."""
    return _OUTBOX_NAME.fullmatch(relative) is not None


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
        except (ValueError, RecursionError):
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
    # render_html derives the report's sections from "results"; the outbox page has none of its own
    context = {"messages": views, "send_log": SEND_LOG, "results": {}}
    files["index.html"] = render_html(context, "email_outbox.html.j2").encode("utf-8")
    return files


def own_files(outbox: Path) -> frozenset[str]:
    """The files reportgen wrote in ``outbox`` (paths relative to it), from the list it keeps there.

    An outbox without the list is reportgen's only when it is empty or missing, or holds only the
    send log (a send stopped before the outbox was written): any other file could be the user's (a
    draft ``.eml`` looks like one of reportgen's), so such an outbox is refused.

    Raises:
        MailError: the folder is not an outbox reportgen wrote, or its list is broken.
    """
    document = _written_list(outbox)
    if document is not None:
        return frozenset(document["files"])
    if not outbox.is_dir() or outbox.is_symlink():
        return frozenset()
    entries = outbox.rglob("*")
    present = sorted(p.relative_to(outbox).as_posix() for p in entries if p.is_symlink() or not p.is_dir())
    present = [p for p in present if p != SEND_LOG]  # a send interrupted before the outbox was written
    if present:
        raise MailError(
            f"'{outbox}' is not an outbox reportgen wrote (it holds '{present[0]}' and no {WRITTEN}); "
            "move it away, or write the reports to another folder",
            path=str(outbox),
        )
    return frozenset()


def _written_list(outbox: Path) -> dict[str, Any] | None:
    """The outbox's list of the files reportgen wrote, parsed; None when there is none.

    Raises:
        MailError: the list is a link, or not one reportgen writes.
    """
    from reportgen.load import FileRefused, read_regular

    listing = outbox / WRITTEN
    if not outbox.is_dir() or outbox.is_symlink() or not (listing.exists() or listing.is_symlink()):
        return None
    try:
        document = json.loads(read_regular(listing, limit=2**20).decode("utf-8"))
    except (OSError, FileRefused, ValueError, RecursionError):
        document = None
    if listing.is_symlink() or not isinstance(document, dict) or not _paths(document.get("files")):
        raise MailError(
            f"'{listing}' is not the list of files reportgen wrote into the outbox; move the outbox "
            "away (reportgen replaces only its own files there)",
            path=str(listing),
        )
    return document


def _paths(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(p, str) for p in value)


def check_outbox(outbox: Path) -> None:
    """Refuse an outbox the run could not update, before anything is built or written.

    Raises:
        MailError: the outbox or its send log is a symlink, the outbox is not a folder, or not one
            reportgen wrote (:func:`own_files`).
    """
    log_path = outbox / SEND_LOG
    settle_outbox(outbox)
    if outbox.is_symlink() or log_path.is_symlink():
        link = outbox if outbox.is_symlink() else log_path
        raise MailError(f"'{link}' is a symlink; remove it (the outbox is written only as a real folder)")
    if outbox.exists() and not outbox.is_dir():
        raise MailError(f"'{outbox}' is not a folder; move it away so the outbox can be written")
    if log_path.exists() and not log_path.is_file():
        raise MailError(f"the send log '{log_path}' is not a regular file; move it away")
    own_files(outbox)


@contextmanager
def locked_send_log(path: Path, *, create: bool = True) -> Iterator[IO[str] | None]:
    """The send log, open for appending and locked against a second reportgen on the same outbox.

    Yields None when ``create`` is false and there is no log yet. After the lock is taken the
    path is checked to still name the locked file: a concurrent outbox swap may have replaced it.

    Raises:
        MailError: another reportgen holds the lock.
    """
    import fcntl

    while True:
        if not create and not path.exists():
            yield None
            return
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a+", encoding="utf-8") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise MailError(
                    f"another reportgen email --send is using '{path}'; let it finish first"
                ) from exc
            try:
                current = os.stat(path).st_ino
            except FileNotFoundError:
                current = None
            if current == os.fstat(handle.fileno()).st_ino:
                yield handle
                return
        # the outbox was swapped between open and lock: lock the new log instead


def _swap_in(staged: Path, target: Path) -> None:
    """Put the folder ``staged`` in ``target``'s place under a journal (:mod:`reportgen.swap`): the
    old folder goes only once the new is in, and a run killed between the renames is completed by
    the next one."""
    from reportgen.swap import BACKUP_PREFIX, STAGING_PREFIX, journal_path, swap

    backup = staged.with_name(BACKUP_PREFIX + staged.name.removeprefix(STAGING_PREFIX))
    swap(
        target.parent,
        journal_path(target.parent, target.name),
        [(target.name, staged.name, backup.name)],
        [backup.name],
    )


def settle_outbox(outbox: Path) -> None:
    """Complete a swap of ``outbox`` a killed run left half done, and remove its work folders (also
    those an earlier version named ``.outbox.new-*``/``.outbox.old-*``; an outbox it left moved aside
    is put back first).

    Raises:
        OutputError: the swap cannot be completed.
    """
    from reportgen.export import settle_outputs, written_by_reportgen

    parent = outbox.parent
    if parent.is_dir() and not os.path.lexists(outbox):
        aside = sorted(parent.glob(f".{outbox.name}.old-*"))
        if len(aside) == 1 and aside[0].is_dir() and not aside[0].is_symlink():
            try:
                os.rename(aside[0], outbox)
            except OSError:
                return  # left as it is: nothing is removed that could be the only copy
    for leftover in [*parent.glob(f".{outbox.name}.new-*"), *parent.glob(f".{outbox.name}.old-*")]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
    settle_outputs(outbox, ours=lambda r: written_by_reportgen(r) or is_outbox_path(r))


def write_outbox(outbox: Path, messages: Sequence[Message]) -> list[Path]:
    """Write the outbox all or nothing: built in a hidden sibling folder, then swapped in.

    The send log is carried over under its lock, so no entry a sender wrote can be lost; the
    send status shown in ``index.html`` comes from it. The files of the previous run that this one
    does not write again go; every other file (the user's) is carried into the new outbox. A
    failure leaves the previous outbox as it was.

    Raises:
        MailError: the outbox cannot be replaced (see :func:`check_outbox`), or another reportgen
            is sending from it.
        OutputError: a file cannot be written (the previous outbox stays).
    """
    from reportgen.export import output_lock

    with output_lock(outbox):
        return _write_outbox_in(outbox, messages)


def _write_outbox_in(outbox: Path, messages: Sequence[Message]) -> list[Path]:
    """:func:`write_outbox` once the outbox is held."""
    from reportgen.errors import OutputError
    from reportgen.export import carry_over, write_outputs
    from reportgen.file_digests import check_listed, kept_warning, written_list
    from reportgen.swap import STAGING_PREFIX, journal_path

    check_outbox(outbox)
    log_path = outbox / SEND_LOG
    with locked_send_log(log_path, create=False) as handle:
        log_text = ""
        if handle is not None:
            handle.seek(0)
            log_text = handle.read()
        files = outbox_files(messages, _parse_log(log_text.splitlines(), log_path))
        if log_text:
            files[SEND_LOG] = log_text.encode("utf-8")
        # Only a listed file whose content is still what reportgen wrote is replaced or removed: the
        # list alone proves nothing (a user can add a name to it); the rest is carried over.
        listed = check_listed(
            outbox, _written_list(outbox) or {}, exclude=(SEND_LOG,), writes=is_outbox_path
        )  # the send log is carried above
        own = listed.ours | set(listed.undigested).intersection(files) | {SEND_LOG, WRITTEN}
        kept = kept_warning(outbox, listed, files)
        files[WRITTEN] = written_list(files)
        try:
            outbox.parent.mkdir(parents=True, exist_ok=True)
            staged = Path(tempfile.mkdtemp(dir=outbox.parent, prefix=f"{STAGING_PREFIX}{outbox.name}-"))
        except OSError as exc:
            raise OutputError(
                f"cannot write the outbox in '{outbox.parent}': {exc.strerror or exc}", path=str(outbox)
            ) from exc
        try:
            write_outputs(staged, files)
            carry_over(outbox, staged, own.__contains__)
            os.chmod(staged, 0o755)  # mkdtemp makes it private; the outbox is a normal folder
            _swap_in(staged, outbox)
        except (OSError, OutputError) as exc:
            cause = exc.__cause__ if isinstance(exc, OutputError) else exc
            reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else str(exc)
            raise OutputError(
                f"cannot replace the outbox '{outbox}': {reason}; the previous one is unchanged",
                path=str(outbox),
            ) from exc
        finally:
            if not journal_path(outbox.parent, outbox.name).exists():  # else the next run completes it
                shutil.rmtree(staged, ignore_errors=True)
    if kept:
        log.warning("%s", kept)
    return [outbox / name for name in files if name != WRITTEN]
