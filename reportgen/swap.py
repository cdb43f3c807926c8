"""Crash-consistent swaps of output files: a journal beside the staging folder, so a run killed (or an
I/O error) in the middle of replacing a report is completed by the next run, automatically.

A swap moves each live entry aside into a backup folder and renames the staged one into its place;
the previous report's entries the new one does not write (a ``report.pdf`` after ``--format html``)
are moved aside first, so they go with the backup folder. Before the first rename, the list of
moves is written (fsynced) to a journal in the folder where the renames happen; it is removed only
once every move is done (or undone). A journal found later means the staged set was complete and
verified (it is written after staging): :func:`settle` finishes the moves, whatever step the run had
reached, then removes the work folders; a journal's moves take only from and into work folders
holding what a run leaves there. Work folders without a
journal are leftovers of a run killed before or after its swap, and are removed when they hold only
what a run leaves there (a folder of the user's named like one is kept, with a warning).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

log = logging.getLogger("reportgen")

# Hidden work folders of an all-or-nothing write, and the journal of a swap under way.
STAGING_PREFIX = ".reportgen-new-"
BACKUP_PREFIX = ".reportgen-old-"
JOURNAL_SUFFIX = ".reportgen-journal"
# The list of files reportgen wrote into a folder it replaces whole (the outbox keeps one).
WRITTEN = ".reportgen-files.json"


def checkpoint(step: str) -> None:
    """Called at every step of a swap; tests replace it to kill the process there."""


def fsync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def journal_path(folder: Path, name: str = "") -> Path:
    """The journal of the swaps in ``folder``: of its entries (``name`` empty), or of the entry ``name``
    itself (a whole folder replaced)."""
    return folder / (f".{name}{JOURNAL_SUFFIX}" if name else JOURNAL_SUFFIX)


def swap(
    folder: Path,
    journal: Path,
    moves: Sequence[tuple[str, str, str]],
    work: Sequence[str],
    removals: Sequence[tuple[str, str]] = (),
) -> None:
    """Put each staged entry in its live place, the live one moved to its backup place; all or nothing.

    ``moves`` are ``(live, staged, backup)`` paths relative to ``folder``; ``removals`` ``(live,
    backup)`` pairs of entries that go (moved aside first, deleted with the backup folder); ``work``
    the work folders (relative to ``folder``) removed once the swap is done. A failure is rolled
    back; when the roll back fails too, the journal stays and the next run completes the swap
    (:func:`settle`), removals included.

    Raises:
        OSError: a rename failed (the previous entries are back, or the next run completes the swap).
    """
    document = {
        "moves": [list(move) for move in moves],
        "work": list(work),
        "remove": [list(removal) for removal in removals],
    }
    _write_journal(journal, json.dumps(document).encode("utf-8"))
    checkpoint("journal")
    done: list[tuple[str, str, str, bool]] = []
    aside: list[tuple[str, str]] = []
    try:
        for live, backup in removals:  # first: the live results.json still records them
            if os.path.lexists(folder / live):
                (folder / backup).parent.mkdir(exist_ok=True)
                os.rename(folder / live, folder / backup)
                aside.append((live, backup))
                checkpoint(f"removed {live}")
        for live, staged, backup in moves:
            had = os.path.lexists(folder / live)
            if had:
                (folder / backup).parent.mkdir(exist_ok=True)
                os.rename(folder / live, folder / backup)
                checkpoint(f"aside {live}")
            done.append((live, staged, backup, had))
            os.rename(folder / staged, folder / live)
            checkpoint(f"in {live}")
        fsync_folder(folder)
    except BaseException:  # an OSError, or Ctrl-C between two renames
        try:
            for live, staged, backup, had in reversed(done):
                if not os.path.lexists(folder / staged):  # the new entry had been renamed in
                    os.rename(folder / live, folder / staged)
                if had:
                    os.rename(folder / backup, folder / live)
            for live, backup in reversed(aside):
                os.rename(folder / backup, folder / live)
            fsync_folder(folder)
        except OSError:
            raise  # the journal stays: the next run completes the swap
        _finish(folder, journal, work)
        raise
    _finish(folder, journal, work)


def settle(
    folder: Path,
    name: str = "",
    prefixes: Sequence[str] = (),
    ours: Callable[[str], bool] | None = None,
    ours_in: Callable[[Path], Callable[[str], bool]] | None = None,
    moved_in: Callable[[Path], Callable[[str], bool]] | None = None,
) -> list[str]:
    """Complete a swap in ``folder`` that a kill interrupted (its journal says which), then remove work
    folders left by killed runs: those starting with ``prefixes`` (default: the staging and backup
    folders of the entries of ``folder``, or of the entry ``name``). Returns the entries a journal
    would remove that are kept, not being as reportgen wrote them (the caller says so).

    With ``ours`` (told a path relative to ``folder``, or to the replaced folder for a journal of a
    whole folder), a journal is completed only when every file it would displace is one reportgen
    wrote: ``ours``, listed in the replaced folder's :data:`WRITTEN`, or carried (the same file) into
    the staged entry; a work folder a move takes from or into holds only what a run leaves there,
    its files told to ``moved_in(work)`` (default ``ours_in``); an entry to remove goes only while
    ``ours``, a regular file. A planted journal and
    staging folder cannot make a run replace a user's file, or swap one in. A work folder (a
    leftover, or one a journal names) is removed only when it holds what a run leaves there, its
    files told to ``ours_in(work)`` (default ``ours``).

    Raises:
        OSError: the swap cannot be completed, or the journal names a file reportgen did not write
            (the journal stays for a later run; nothing has moved).
    """
    if not prefixes:
        inner = f"{name}-" if name else ""
        prefixes = (STAGING_PREFIX + inner, BACKUP_PREFIX + inner)
    # Every journal in the folder first (for the folder's own entries, every entry's too): the work
    # folders a journal names are completed, never removed as leftovers.
    journals = [journal_path(folder, name)]
    if not name:
        with contextlib.suppress(OSError):
            journals += sorted(folder.glob(f".*{JOURNAL_SUFFIX}"))
    kept: list[Path] = []  # work folders a journal named that hold the user's files (warned once)
    kept_entries: list[str] = []
    for journal in dict.fromkeys(journals):
        if journal.is_file() and not journal.is_symlink():
            folders, entries = _complete(folder, journal, ours, ours_in, moved_in)
            kept += folders
            kept_entries += entries
        with contextlib.suppress(OSError):  # a journal torn before its rename: the swap never started
            journal.with_name(journal.name + ".tmp").unlink(missing_ok=True)
    try:
        leftovers = [p for p in folder.iterdir() if p.name.startswith(tuple(prefixes))]
    except OSError:
        return kept_entries
    for path in leftovers:
        if not path.is_dir() or path.is_symlink() or path in kept:
            continue
        if ours is None or _left_by_a_run(path, ours_in(path) if ours_in else ours):
            shutil.rmtree(path, ignore_errors=True)
    return kept_entries


def _left_by_a_run(work: Path, ours: Callable[[str], bool]) -> bool:
    """Is every file in the work folder ``work`` one a run leaves there: a path reportgen writes
    (``ours``, relative to ``work``), a file its own :data:`WRITTEN` lists as written (an outbox moved
    aside), or a user's file carried by a link (still in its place too)? When not, the folder is
    the user's (named like a work folder): it is kept, and a warning says so."""
    if _foreign_file(work, ours) is None:
        return True
    log.warning(
        "kept '%s': named like reportgen's work folders, but it holds files reportgen "
        "does not write; delete it yourself if it is not wanted",
        work,
    )
    return False


def _foreign_file(work: Path, ours: Callable[[str], bool]) -> Path | None:
    """The first file in the work folder ``work`` that a run does not leave there (see
    :func:`_left_by_a_run`); None when there is none."""
    for path in sorted(work.rglob("*")):
        if path.is_symlink() or path.is_dir():
            continue  # a symlink is carried as one; removing it loses nothing
        if not ours(path.relative_to(work).as_posix()) and not _written(work, path) and _links(path) < 2:
            return path
    return None


def _links(path: Path) -> int:
    try:
        return os.lstat(path).st_nlink
    except OSError:
        return 1


def _complete(
    folder: Path,
    journal: Path,
    ours: Callable[[str], bool] | None = None,
    ours_in: Callable[[Path], Callable[[str], bool]] | None = None,
    moved_in: Callable[[Path], Callable[[str], bool]] | None = None,
) -> tuple[list[Path], list[str]]:
    """Finish the removals and moves a journal lists (each one is in one of two or three states),
    then clean up; the work folders kept as the user's (see :func:`_left_by_a_run`), and the
    entries to remove kept as not ``ours``."""
    try:
        document = json.loads(journal.read_bytes())
        moves = [(str(a), str(b), str(c)) for a, b, c in document["moves"]]
        work = [str(w) for w in document["work"]]
        removals = [(str(a), str(b)) for a, b in document.get("remove", [])]  # older journals: none
    except (ValueError, KeyError, TypeError, AttributeError):  # torn before its rename: never started
        journal.unlink(missing_ok=True)
        return [], []
    named = [name for move in moves for name in move] + [name for pair in removals for name in pair]
    for relative in named + work:
        if not (folder / relative).resolve().is_relative_to(folder.resolve()):
            raise OSError(f"journal '{journal}' names a path outside its folder")
    if not _own_work(moves, work, removals):
        # A planted journal must not make a run delete or move what reportgen did not make.
        raise OSError(f"journal '{journal}' names folders reportgen does not make")
    if ours is not None:
        _check_displaced(folder, journal, moves, ours)
        _check_moved_folders(folder, journal, moves, moved_in or ours_in or (lambda _: ours))
    kept_entries = []
    for live, backup in removals:  # before the moves, as in :func:`swap`
        if not os.path.lexists(folder / live) or os.path.lexists(folder / backup):
            continue  # moved aside already (or gone)
        if not os.path.isfile(folder / live) or os.path.islink(folder / live):
            continue  # a run removes documents, regular files; anything else stays
        if ours is not None and not ours(live):
            kept_entries.append(live)  # changed since the journal was written: the user's now
            continue
        (folder / backup).parent.mkdir(exist_ok=True)
        os.rename(folder / live, folder / backup)
    for live, staged, backup in moves:
        if not os.path.lexists(folder / staged):
            continue  # moved in already
        if os.path.lexists(folder / live):
            if os.path.lexists(folder / backup):
                raise OSError(f"both '{folder / live}' and its backup exist")
            (folder / backup).parent.mkdir(exist_ok=True)
            os.rename(folder / live, folder / backup)
        os.rename(folder / staged, folder / live)
    fsync_folder(folder)
    # The work folders a journal names pass the leftovers' check too: a planted journal naming a
    # user's folder (named like a work folder) must not make the run delete it (break round 8).
    kept = [
        folder / w
        for w in work
        if ours is not None and not _left_by_a_run(folder / w, ours_in(folder / w) if ours_in else ours)
    ]
    _finish(folder, journal, [w for w in work if folder / w not in kept])
    return kept, kept_entries


def _own_work(
    moves: Sequence[tuple[str, str, str]], work: Sequence[str], removals: Sequence[tuple[str, str]] = ()
) -> bool:
    """Are the journal's work folders reportgen's own (one hidden name with its prefixes), every
    staged and backup path one of them or inside one, and every entry to remove a top-level one?"""
    prefixes = (STAGING_PREFIX, BACKUP_PREFIX)
    if not all(Path(w).name == w and w.startswith(prefixes) for w in work):
        return False
    if not all(Path(live).name == live and not live.startswith(prefixes) for live, _ in removals):
        return False
    inside = [p for _, staged, backup in moves for p in (staged, backup)] + [b for _, b in removals]
    return all(Path(p).parts[0].startswith(prefixes) for p in inside)


def _check_moved_folders(
    folder: Path,
    journal: Path,
    moves: Sequence[tuple[str, str, str]],
    ours_in: Callable[[Path], Callable[[str], bool]],
) -> None:
    """Refuse, before anything moves, a journal whose moves take from (or put into) a work folder
    holding a file a run does not leave there: a user's ``.reportgen-new-myfolder/report.html``
    named by a planted journal is never swapped in (break round 9)."""
    for name in dict.fromkeys(Path(p).parts[0] for _, staged, backup in moves for p in (staged, backup)):
        work = folder / name
        if not work.is_dir() or work.is_symlink():
            continue
        found = _foreign_file(work, ours_in(work))
        if found is not None:
            raise OSError(
                f"journal '{journal}' would move files of '{work}', which holds "
                f"'{found.relative_to(work).as_posix()}' that reportgen did not write"
            )


def _check_displaced(
    folder: Path, journal: Path, moves: Sequence[tuple[str, str, str]], ours: Callable[[str], bool]
) -> None:
    """Refuse a journal whose completion would displace (move aside, then delete) a file that
    reportgen did not write; see :func:`settle`."""
    whole = journal.name != JOURNAL_SUFFIX  # ".<name>.reportgen-journal": the folder <name> itself
    if whole and [live for live, _, _ in moves] != [journal.name[1 : -len(JOURNAL_SUFFIX)]]:
        raise OSError(f"journal '{journal}' names another entry than its own")
    for live, staged, _ in moves:
        if not os.path.lexists(folder / staged) or not os.path.lexists(folder / live):
            continue  # nothing displaced: moved in already, or a new entry
        for path, relative in _files(folder / live, "" if whole else live):
            if not (
                ours(relative)
                or _written(folder / live, path)
                or _carried(path, folder / staged, folder / live)
            ):
                raise OSError(f"journal '{journal}' would replace '{path}', which reportgen did not write")


def _files(entry: Path, prefix: str) -> list[tuple[Path, str]]:
    """The files (links included) of ``entry``, each with its path as ``ours`` is told it."""
    if entry.is_symlink() or not entry.is_dir():
        return [(entry, prefix)]
    found = []
    for path in sorted(entry.rglob("*")):
        if path.is_symlink() or not path.is_dir():
            inner = path.relative_to(entry).as_posix()
            found.append((path, f"{prefix}/{inner}" if prefix else inner))
    return found


def _written(live: Path, path: Path) -> bool:
    """Is ``path`` the list :data:`WRITTEN` of the folder ``live`` reportgen replaces, or a file it
    lists whose content still matches the digest recorded there (a name alone proves nothing)?"""
    from reportgen.file_digests import as_written

    if path == live / WRITTEN:
        return True
    try:
        digests = json.loads((live / WRITTEN).read_bytes())["digests"]
        return as_written(path, digests.get(path.relative_to(live).as_posix()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return False


def _carried(path: Path, staged: Path, live: Path) -> bool:
    """Is ``path`` in the staged entry too, as the same file (a user's file is carried by a link)?"""
    if path == live:
        return False
    twin = staged / path.relative_to(live)
    try:
        one, other = os.lstat(path), os.lstat(twin)
        if path.is_symlink():  # a link is carried as a link to the same place
            return twin.is_symlink() and os.readlink(path) == os.readlink(twin)
    except OSError:
        return False
    return (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino)


def _finish(folder: Path, journal: Path, work: Sequence[str]) -> None:
    """The swap is done or undone: the journal goes first, then the work folders."""
    journal.unlink(missing_ok=True)
    fsync_folder(folder)
    checkpoint("journal removed")
    for relative in work:
        shutil.rmtree(folder / relative, ignore_errors=True)


def _write_journal(path: Path, content: bytes) -> None:
    """Write the journal durably: a temporary file renamed into place (never half-written)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    try:
        os.write(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_folder(path.parent)
