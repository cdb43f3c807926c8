"""The only module that writes report files: atomic writes, and HTML -> PDF via WeasyPrint."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import OutputError
from reportgen.sections import FIGURE_NAMES
from reportgen.swap import BACKUP_PREFIX, STAGING_PREFIX, WRITTEN, fsync_folder, journal_path, settle, swap

log = logging.getLogger("reportgen")

# Every path a build writes inside its folder (the folder figures/ itself too); the figures are
# those the sections declare (reportgen.sections), a covariate's named from its column.
_REPORT_PATH = re.compile(
    rf"results\.json|(report|handout)\.(html|pdf|docx)|figures(/({FIGURE_NAMES})\.png)?"
)


def is_report_path(relative: str) -> bool:
    """Whether ``relative`` (``figures/q1.png``) is a path a build writes into its folder."""
    return _REPORT_PATH.fullmatch(relative) is not None


def import_pdf_engine() -> None:
    """Import WeasyPrint now (0.75 s), e.g. while another process draws the figures."""
    import weasyprint  # noqa: F401


def html_to_pdf(html: str, images: Mapping[str, bytes] | None = None) -> bytes:
    """Render the report HTML to PDF; page numbers, bookmarks and metadata come from it.

    ``images`` are the figures by URL (see ``reportgen.context.print_image_url``), served from
    memory: a 27-page report parses and decodes 2 MB less than with data URIs (0.27 s of its
    2.8 s). Nothing else is fetched but ``data:`` URLs: data are untrusted, so a value that
    smuggles in a link can never make WeasyPrint touch the network or disk.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    from reportgen.pdf_code_breaks import lay_out
    from reportgen.pdf_tags import scope_table_headers

    served = dict(images or {})

    class InMemoryFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url in served:
                return URLFetcherResponse(url, served[url], {"Content-Type": "image/jpeg"})
            return super().fetch(url, headers)

    fetcher = InMemoryFetcher(allowed_protocols={"data"})
    # PDF/UA-1: tagged for screen readers, with the document's language and title; every table
    # header cell says whether it heads a column or a row (/Scope, which WeasyPrint leaves out).
    options: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "custom_metadata": True}
    # Laid out once, or again where code runs on to the next page (reportgen.pdf_code_breaks).
    document = lay_out(HTML(string=html, url_fetcher=fetcher, base_url=None), options)
    pdf = document.write_pdf(finisher=scope_table_headers, **options)
    return bytes(pdf)


def prepare_out_dir(out_dir: Path) -> None:
    """Prove the output folder can be written, before any work is done; create nothing.

    An existing folder is probed with a temporary file; a missing one must have a writable
    folder as its nearest existing ancestor (it is created when the outputs are written), so
    a run that fails on bad input leaves no empty folder behind.

    Raises:
        OutputError: the folder is the root or home folder (:func:`refuse_shared_folder`), or
            cannot be created or written.
    """
    refuse_shared_folder(out_dir)

    def refuse(reason: str) -> OutputError:
        return OutputError(
            f"cannot write to output folder '{out_dir}': {reason}; choose another with --out",
            path=str(out_dir),
        )

    existing = out_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise refuse(f"'{existing}' is not a folder")
    try:
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".probe-"):
            pass
    except OSError as exc:
        raise refuse(exc.strerror or str(exc)) from exc


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder for one run, so a second run into it at the same time on this machine
    stops with an error instead of mixing its files with the first's.

    An advisory lock (``flock``) on a file named by a hash of the output folder's path, in a folder
    only this user can write (:func:`lock_folder`): not in or beside the output folder, which (with
    its parents) may not exist yet, and a run that fails creates none. The file is opened without
    following links, so nothing another user plants can redirect it. It is removed when the run
    ends; a run that is killed leaves it, unlocked. Where there is no ``flock`` (Windows, some file
    systems) runs are not locked.

    Raises:
        OutputError: another run holds the folder, or the lock folder is not this user's own.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield
        return
    digest = hashlib.sha256(os.fsencode(out_dir.resolve())).hexdigest()[:24]  # any name the OS allows
    path = lock_folder() / f"reportgen-{digest}.lock"
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            if exc.errno == errno.ELOOP or path.is_symlink():
                raise OutputError(
                    f"the lock file '{path}' of '{out_dir}' is a symbolic link, where reportgen keeps a "
                    "file of its own (a link is never followed); remove the link and run again",
                    path=str(path),
                ) from exc
            raise _unwritable(path, exc) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputError(
                f"another reportgen run is writing to '{out_dir}' now; wait for it to finish, or "
                "choose another folder with --out",
                path=str(out_dir),
            ) from None
        except OSError:  # no locks here (ENOLCK): run unlocked rather than not at all
            os.close(fd)
            yield
            return
        # The run that held the lock removes its file on the way out: lock the file in place.
        with contextlib.suppress(OSError):
            if os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino:
                break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)  # releases the lock


def lock_folder() -> Path:
    """The folder of this user's output locks, ``reportgen-<uid>`` in the temporary folder: created
    private (0700) when missing, and refused unless it is a real folder of this user's that no one
    else can write (another local user could otherwise plant links in it).

    Raises:
        OutputError: the folder is a link, another user's, or writable by others.
    """
    import stat

    uid = os.getuid()
    folder = Path(tempfile.gettempdir()) / f"reportgen-{uid}"
    try:
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
        info = os.lstat(folder)
    except OSError as exc:
        raise _unwritable(folder, exc) from exc
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != uid or info.st_mode & 0o022:
        raise OutputError(
            f"'{folder}' (where reportgen keeps its run locks) is not a folder only you can write: "
            "another user may have created it; remove it, or set TMPDIR to a folder of your own",
            path=str(folder),
        )
    return folder


def write_atomic(path: Path, content: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename over it (never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        fsync_folder(path.parent)  # the rename itself survives a crash
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def check_output_paths(out_dir: Path, relatives: Iterable[str], *, whole: bool = False) -> None:
    """Refuse, before anything is written, outputs that would go through a symlink or clash with
    something of the other kind (a folder where a file goes, a file where a folder goes).

    ``relatives`` are the paths to write inside ``out_dir`` (``figures/x.png`` or just
    ``figures/``); with ``whole``, ``out_dir`` itself is replaced and must not be a symlink.

    Raises:
        OutputError: naming the path at fault.
    """

    def refuse(path: Path, reason: str) -> OutputError:
        return OutputError(
            f"cannot write the report: '{path}' {reason}; remove it or choose another folder with --out",
            path=str(path),
        )

    if out_dir.is_symlink() and whole:
        raise refuse(out_dir, "is a symbolic link")
    if out_dir.exists() and not out_dir.is_dir():
        raise refuse(out_dir, "is a file, not a folder")
    for relative in relatives:
        parts = [p for p in relative.split("/") if p]
        path = out_dir
        for depth, part in enumerate(parts, start=1):
            path = path / part
            is_last = depth == len(parts) and not relative.endswith("/")
            if path.is_symlink():
                raise refuse(path, "is a symbolic link (reportgen never writes through links)")
            if not path.exists():
                break
            if is_last and path.is_dir():
                raise refuse(path, "is a folder, where the report writes a file")
            if not is_last and not path.is_dir():
                raise refuse(path, "is a file, where the report writes a folder")
        if path.is_dir() and not path.is_symlink():
            # The folder is replaced as a whole: nothing in it may be a link either.
            for inner in path.rglob("*"):
                if inner.is_symlink():
                    raise refuse(inner, "is a symbolic link (reportgen never writes through links)")


def refuse_shared_folder(
    out_dir: Path, advice: str = "give the report a folder of its own, e.g. --out report/"
) -> None:
    """The filesystem root, the home folder and the folders above it hold the user's own files:
    never an output folder, whatever they hold today.

    Raises:
        OutputError: naming the folder.
    """
    folder = out_dir.expanduser().resolve()
    try:
        home = Path.home().resolve()
    except RuntimeError:  # no home folder known (HOME unset, no password entry): only the root
        home = Path(folder.anchor)
    what = (
        "the root folder"
        if folder == folder.parent
        else "your home folder"
        if folder == home
        else "a folder above your home folder"
        if home.is_relative_to(folder)
        else None
    )
    if what is not None:
        raise OutputError(
            f"'{out_dir}' is {what}, where a run would replace or remove files it did not write; {advice}",
            path=str(out_dir),
        )


def check_ownership(
    out_dir: Path, entries: Iterable[str], *, marker: str, ours: Callable[[str], bool]
) -> None:
    """Refuse, before any work, to replace what reportgen did not write.

    ``entries`` are what a run replaces inside ``out_dir``; a folder ends in ``/`` and is replaced
    as a whole. An existing one is taken as an earlier run's only when ``marker`` (``results.json``
    of a build, ``manifest.json`` of a cohorts run) is there too; a folder, besides, only when every
    path in it is one reportgen writes (``ours``, given the path relative to ``out_dir``).

    Raises:
        OutputError: naming the first file, or file in a folder, that reportgen did not write.
    """

    def refuse(path: Path, reason: str) -> OutputError:
        return OutputError(
            f"'{path}' {reason}, and a run would replace it; move it, or choose another folder with --out",
            path=str(path),
        )

    settle_outputs(out_dir)  # a killed run's half-done replacement is completed first
    if not out_dir.is_dir():
        return
    earlier_run = (out_dir / marker).is_file()
    if earlier_run:
        problem = foreign_marker(out_dir / marker)
        if problem is not None:
            raise OutputError(
                f"'{out_dir / marker}' is not a {marker} reportgen wrote ({problem}), and a run would "
                "replace it; move it, or choose another folder with --out",
                path=str(out_dir / marker),
            )
    for entry in entries:
        path = out_dir / entry.rstrip("/")
        if not (path.exists() or path.is_symlink()):
            continue
        if not earlier_run:
            raise refuse(path, f"exists but '{out_dir}' holds no {marker} of an earlier reportgen run")
        if not entry.endswith("/") and is_report_path(entry) and not ours(entry):
            raise refuse(path, "is not as reportgen wrote it")  # a document the user edited
        if entry.endswith("/") and path.is_dir() and not path.is_symlink():
            for inner in sorted(path.rglob("*")):
                relative = inner.relative_to(out_dir).as_posix()
                if not ours(relative):
                    # A figure's name but not its content: the user edited it (or wrote it).
                    why = (
                        "not as reportgen wrote it"
                        if is_report_path(relative)
                        else "which reportgen did not write"
                    )
                    raise refuse(path, f"holds '{inner.relative_to(path)}', {why}")


def edited_report_files(out_dir: Path, entries: Iterable[str], ours: Callable[[str], bool]) -> list[Path]:
    """The report files in ``out_dir`` a run would replace that are not as reportgen wrote them
    (``ours``, e.g. :func:`report_files_owner`): the documents among ``entries`` and every
    report-named file in ``figures/``, as :func:`check_ownership` finds them one at a time."""
    found = []
    for entry in (e.rstrip("/") for e in entries):
        path = out_dir / entry
        if path.is_symlink() or entry == "results.json" or not is_report_path(entry):
            continue
        inner = sorted(path.rglob("*")) if entry == "figures" and path.is_dir() else [path]
        found += [
            p
            for p in inner
            if p.is_file() and is_report_path(rel := p.relative_to(out_dir).as_posix()) and not ours(rel)
        ]
    return found


def refuse_edited(paths: Sequence[Path], shown: int = 5) -> None:
    """Refuse, in one line naming each (the first ``shown``, then how many more), report files a
    run would replace that are not as reportgen wrote them.

    Raises:
        OutputError: when ``paths`` is not empty.
    """
    if not paths:
        return
    named = ", ".join(f"'{p}'" for p in paths[:shown])
    more = f" and {len(paths) - shown} more" if len(paths) > shown else ""
    it, verb = ("it", "is") if len(paths) == 1 else ("them", "are")
    raise OutputError(
        f"{named}{more} {verb} not as reportgen wrote {it}, and a run would replace {it}; move {it}, "
        "or choose another folder with --out",
        path=str(paths[0]),
    )


# The keys every results.json and manifest.json of schema major version 1 has held since 1.0.
_FIRST_KEYS = {"results": ("report", "data", "provenance"), "manifest": ("by", "counts", "cohorts")}


def foreign_marker(path: Path) -> str | None:
    """Why ``path`` (a ``results.json`` or ``manifest.json``) is not one reportgen wrote; None when it is.

    It is reportgen's when it is a JSON object of the schema of its name (``reportgen/schemas``): of
    the current version, valid; of an earlier minor version, holding the keys that version had.
    """
    import json

    from reportgen.load import FileRefused, read_regular
    from reportgen.schemas import FILE_KINDS, VALIDATE_LIMIT, VERSIONS, schema_errors

    kind = FILE_KINDS[path.name]
    try:
        document = json.loads(read_regular(path, limit=VALIDATE_LIMIT).decode("utf-8"))
    except (OSError, FileRefused, ValueError, RecursionError):
        return "not JSON"
    if not isinstance(document, dict):
        return "not a JSON object"
    version, current = document.get("schema_version"), VERSIONS[kind]
    major = current.split(".")[0]
    if not isinstance(version, str) or not re.fullmatch(rf"{major}\.[0-9]+", version):
        return f"its schema_version is not {major}.x"
    if version == current:
        return "it does not match its schema" if schema_errors(document, kind) else None
    missing = [key for key in _FIRST_KEYS[kind] if key not in document]
    return f"it has no '{missing[0]}'" if missing else None


def _stage(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write every file under ``folder`` (fsynced), then read each back to verify it."""
    for relative, content in files.items():
        write_atomic(folder / relative, content)
    for relative, content in files.items():
        with open(folder / relative, "rb") as written:  # hashed as it is read: never held whole
            read_back = hashlib.file_digest(written, "sha256").digest()
        if read_back != hashlib.sha256(content).digest():
            raise OSError(f"'{relative}' read back differently from what was written")


def carry_over(
    old: Path, new: Path, ours: Callable[[str], bool], under: Iterable[str] | None = None
) -> list[str]:
    """Link into ``new`` every entry of the user's (not ``ours``) in the folder ``old`` that is being
    replaced by ``new`` (only inside the top-level entries ``under``, when given); the paths carried.

    A hard link (a copy where links are not possible), a symlink as a symlink: the old folder keeps
    its own until the swap has succeeded, so a rollback loses nothing.

    Raises:
        OutputError: a file of the user's is where reportgen now writes one of its own.
    """
    roots = [old / entry for entry in under] if under is not None else [old]
    carried = []
    for root in roots:
        if root.is_symlink() or not root.is_dir():
            continue
        for inner in sorted(root.rglob("*")):
            relative = inner.relative_to(old).as_posix()
            if ours(relative) or (inner.is_dir() and not inner.is_symlink()):
                continue
            target = new / relative
            if target.exists() or target.is_symlink():
                raise OutputError(
                    f"'{inner}' is not a file reportgen wrote (or not as it wrote it), and this run "
                    "writes one there; move it",
                    path=str(inner),
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            if inner.is_symlink():
                os.symlink(os.readlink(inner), target)
            else:
                try:
                    os.link(inner, target)
                except OSError:
                    shutil.copy2(inner, target)
            carried.append(relative)
    return carried


def replace_outputs(
    out_dir: Path,
    files: Mapping[str, bytes],
    *,
    whole: bool = False,
    ours: Callable[[str], bool] | None = None,
    earlier: EarlierDocuments | None = None,
) -> list[Path]:
    """Write a set of files into ``out_dir`` all or nothing: every entry is replaced, or none is.

    The files are written into a hidden staging folder, read back and verified, then swapped in:
    each top-level entry (``report.html``, ``figures/``...) is moved aside and the new one renamed
    into its place, under a journal (:mod:`reportgen.swap`): if a rename fails, the entries already
    swapped are moved back, and a run killed mid-swap is completed by the next one. With ``whole``,
    ``out_dir`` itself is the unit (a cohort's folder): the new folder replaces it by rename, so no
    file of the previous set survives. Other files in ``out_dir`` are never touched. With ``ours``
    (told a path relative to ``out_dir``), a file inside a replaced folder (``figures/``) that is not
    one reportgen writes is the user's and is kept in the new folder. With ``earlier`` (the previous
    report's documents, :func:`earlier_documents`), those this set does not write again go in the
    same journaled swap (:func:`documents_to_remove`): a kill at any moment leaves one report.

    The folder is settled (:func:`settle_outputs`) here only when a journal is left in it: callers
    settle it once, through :func:`check_ownership`, before any work.

    Raises:
        OutputError: a path is refused (:func:`check_output_paths`) or cannot be written; the
            previous outputs are then as they were.
    """
    check_output_paths(out_dir, files, whole=whole)
    if any(p.exists() for p in (journal_path(out_dir), journal_path(out_dir.parent, out_dir.name))):
        settle_outputs(out_dir)  # not settled since (one settle per run: one warning per thing)
    if whole or not out_dir.exists():
        return _replace_folder(out_dir, files)
    try:
        staging = Path(tempfile.mkdtemp(dir=out_dir, prefix=STAGING_PREFIX))
    except OSError as exc:
        raise _unwritable(out_dir, exc) from exc
    backup = staging.with_name(BACKUP_PREFIX + staging.name.removeprefix(STAGING_PREFIX))
    entries = sorted({relative.split("/")[0] for relative in files})
    moves = [(entry, f"{staging.name}/{entry}", f"{backup.name}/{entry}") for entry in entries]
    try:
        _stage(staging, files)
        if ours is not None:
            carry_over(out_dir, staging, ours, under=entries)
        gone = documents_to_remove(out_dir, earlier, files) if earlier is not None else []
        removals = [(name, f"{backup.name}/{name}") for name in gone]
        swap(out_dir, journal_path(out_dir), moves, [staging.name, backup.name], removals)
        for name in gone:
            log.info("removed %s of the previous report", name)
    except OSError as exc:
        raise _unwritable(out_dir, exc) from exc
    finally:
        if not journal_path(out_dir).exists():  # a swap the next run completes keeps its folders
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(backup, ignore_errors=True)
    return [out_dir.resolve() / relative for relative in files]


@dataclass(frozen=True)
class EarlierDocuments:
    """The documents the previous build wrote into a folder, with the digest and size of each as
    written (none recorded before they were: such a document is kept)."""

    names: tuple[str, ...] = ()
    digests: Mapping[str, Any] = field(default_factory=dict)
    # The figures' (``figures/q1.png`` -> digest and size, since 1.5); None when not recorded.
    figure_digests: Mapping[str, Any] | None = None


def earlier_documents(out_dir: Path) -> EarlierDocuments:
    """The documents the previous build wrote into ``out_dir``, as its ``results.json`` lists them
    (``report.documents`` and ``report.document_digests``, since 1.4); none when that file is missing,
    not reportgen's or older."""
    import json

    marker = out_dir / "results.json"
    if not marker.is_file() or foreign_marker(marker) is not None:
        return EarlierDocuments()
    report = json.loads(marker.read_text(encoding="utf-8")).get("report", {})
    listed = report.get("documents", []) if isinstance(report, dict) else []
    digests = report.get("document_digests") if isinstance(report, dict) else None
    figures = report.get("figure_digests") if isinstance(report, dict) else None
    names = tuple(n for n in listed if isinstance(n, str) and "/" not in n and is_report_path(n))
    return EarlierDocuments(
        names, digests if isinstance(digests, dict) else {}, figures if isinstance(figures, dict) else None
    )


def report_files_owner(
    out_dir: Path, earlier: EarlierDocuments | None = None, at: Path | None = None
) -> Callable[[str], bool]:
    """``ours`` for a report's folder (told a path relative to it): is it a file the previous build
    wrote there, as it wrote it? A name alone proves nothing: a figure or document counts only while
    its content is what that build recorded (``report.figure_digests``, ``report.document_digests``),
    so a user's edited ``figures/histogram.png`` or ``report.html`` is theirs. In a folder whose
    results.json predates the digests (1.5 for figures, 1.4 for documents) they are taken by their
    name, as they were then, so an upgrade refuses no folder.

    ``earlier`` (:func:`earlier_documents`) is read on the first call when not given: after the
    folder is settled, before the new results.json replaces it. With ``at``, the files checked are
    those of that folder (a work folder) against ``out_dir``'s record.
    """
    from reportgen.file_digests import as_written

    where = out_dir if at is None else at

    read: list[EarlierDocuments] = [] if earlier is None else [earlier]

    def ours(relative: str) -> bool:
        if not is_report_path(relative) or relative in ("results.json", "figures"):
            return is_report_path(relative)  # results.json is checked as the marker
        if not read:
            read.append(earlier_documents(out_dir))
        figures = read[0].figure_digests
        if relative.startswith("figures/"):
            return figures is None or as_written(where / relative, figures.get(relative))
        documents = read[0].digests
        return not documents or as_written(where / relative, documents.get(relative))

    return ours


def remove_other_documents(out_dir: Path, earlier: EarlierDocuments, written: Iterable[str]) -> list[Path]:
    """Remove the documents of the previous report that this run did not write again
    (:func:`documents_to_remove`); the paths removed. A build removes them in its swap instead
    (``replace_outputs(..., earlier=...)``), so a kill cannot leave them behind."""
    removed = [out_dir / name for name in documents_to_remove(out_dir, earlier, written)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def documents_to_remove(out_dir: Path, earlier: EarlierDocuments, written: Iterable[str]) -> list[str]:
    """The documents of the previous report (``earlier``, from :func:`earlier_documents`) that this
    run does not write again (``report.pdf`` after ``--format html``), to go so the folder holds one
    report. Only regular files the previous ``results.json`` lists go, and only while their content
    is what that build wrote (its digest and size): an edited one, or one listed without a digest,
    is kept and named in one warning line; a user's file of another name, or in a folder without
    reportgen's results.json, stays."""
    from reportgen.file_digests import as_written

    gone, kept = [], []
    for name in sorted(set(earlier.names) - set(written) - {"results.json"}):
        path = out_dir / name
        if not is_report_path(name) or not path.is_file() or path.is_symlink():
            continue
        if as_written(path, earlier.digests.get(name)):
            gone.append(name)
        else:
            kept.append(name)
    warn_kept_documents(out_dir, kept)
    return gone


def warn_kept_documents(out_dir: Path, kept: Sequence[str]) -> None:
    """One warning line naming the previous report's documents kept as not reportgen's any more."""
    if kept:
        them = "it" if len(kept) == 1 else "them"
        log.warning(
            "kept %s of the previous report in '%s': not as reportgen wrote %s (changed since, or "
            "listed without a digest by an earlier reportgen); delete %s yourself if not wanted",
            ", ".join(kept),
            out_dir,
            them,
            them,
        )


# Files a run writes beside the reports: a cohorts run's index, manifest and comparison, the outbox's
# send log and list of written files.
_OTHER_OUTPUTS = frozenset({"index.html", "manifest.json", "comparison.json", "sent.jsonl", WRITTEN})


def written_by_reportgen(relative: str) -> bool:
    """Whether ``relative`` is a path reportgen writes into an output folder: a report's (also in a
    cohort's folder, ``site-a/report.html``), a cohorts run's or the outbox's own files."""
    _, _, inner = relative.partition("/")
    return relative in _OTHER_OUTPUTS or is_report_path(relative) or (bool(inner) and is_report_path(inner))


def settle_outputs(out_dir: Path, ours: Callable[[str], bool] = written_by_reportgen) -> None:
    """Complete (from its journal) a replacement of ``out_dir`` or of its entries that a killed run
    left half done, and remove the staging folders of killed runs, so no leftover blocks or litters
    this run; ``ours`` tells the paths reportgen writes there (see :func:`reportgen.swap.settle`).

    Raises:
        OutputError: the interrupted replacement cannot be completed.
    """
    # A report's file counts only as its build wrote it (a figure edited after a kill is the
    # user's): the live results.json is still the old one while any entry is left to move in, as
    # it sorts after every other entry of a report. Once a swap is completed, the new one tells.
    owners: dict[tuple[int, ...], Callable[[str], bool]] = {}

    def owned(relative: str) -> bool:
        if not ours(relative):
            return False
        if not is_report_path(relative):
            return True
        try:
            info = os.stat(out_dir / "results.json")
            key: tuple[int, ...] = (info.st_ino, info.st_mtime_ns, info.st_size)
        except OSError:
            key = ()
        return owners.setdefault(key, report_files_owner(out_dir))(relative)

    def owned_in(work: Path) -> Callable[[str], bool]:
        # A report moved aside (or staged) in a work folder is also as its results.json there
        # records it: the old report's figures the new one no longer has are reportgen's too.
        marker = work / "results.json"
        recorded = report_files_owner(work) if marker.is_file() and foreign_marker(marker) is None else None
        return lambda relative: (
            owned(relative) or (recorded is not None and ours(relative) and recorded(relative))
        )

    def moved_from(work: Path) -> Callable[[str], bool]:
        # A work folder a journal moves from or into: each file checked where it is, as the
        # results.json there or the live one records it (a user's folder named like one holding
        # a report.html must not pass because the live report.html is reportgen's: break round 9).
        marker = work / "results.json"
        recorded = report_files_owner(work) if marker.is_file() and foreign_marker(marker) is None else None
        live = report_files_owner(out_dir, at=work)

        def owned_there(relative: str) -> bool:
            if not ours(relative):
                return False
            if relative == "results.json" and marker.is_file():
                return recorded is not None  # a results.json of reportgen's schema
            if not is_report_path(relative):
                return True
            return live(relative) or (recorded is not None and recorded(relative))

        return owned_there

    try:
        kept: list[str] = []
        if out_dir.parent.is_dir():
            kept += settle(out_dir.parent, out_dir.name, ours=owned, ours_in=owned_in, moved_in=moved_from)
        if out_dir.is_dir() and not out_dir.is_symlink():
            kept += settle(out_dir, ours=owned, ours_in=owned_in, moved_in=moved_from)
        warn_kept_documents(out_dir, kept)
    except OSError as exc:
        raise OutputError(
            f"cannot complete the replacement of '{out_dir}' an earlier run left half done: "
            f"{exc.strerror or exc}; move the folder aside and run again",
            path=str(out_dir),
        ) from exc


@contextlib.contextmanager
def reading_outputs(out_dir: Path) -> Iterator[None]:
    """Hold the output folder ``out_dir`` while a command reads it (email, validate...): under its
    lock, as a build holds it, a replacement a killed run left half done is completed first
    (:func:`settle_outputs`), so nothing ever reads a folder with new figures beside an old
    results.json.

    Raises:
        OutputError: another run is writing the folder now, or the half-done replacement cannot
            be completed.
    """
    with output_lock(out_dir):
        settle_outputs(out_dir)
        yield


def validate_output_file(path: Path, kind: str | None = None) -> tuple[str, int]:
    """:func:`reportgen.schemas.validate_file` on a file of an output folder, once that folder is
    held and settled: never a file of a half-replaced folder (break round 8).

    Raises:
        SchemaError: as ``validate_file``.
        OutputError: another run is writing the file's folder, or a replacement of it a killed run
            left half done cannot be completed.
    """
    from reportgen.schemas import validate_file

    with reading_outputs(path.parent):
        return validate_file(path, kind)


def _replace_folder(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Build the new folder beside ``folder``, then rename it into place (old one moved aside)."""
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f"{STAGING_PREFIX}{folder.name}-"))
    except OSError as exc:
        raise _unwritable(folder, exc) from exc
    backup = parent / (BACKUP_PREFIX + staging.name.removeprefix(STAGING_PREFIX))
    journal = journal_path(parent, folder.name)
    try:
        os.chmod(staging, 0o755)
        _stage(staging, files)
        swap(parent, journal, [(folder.name, staging.name, backup.name)], [staging.name, backup.name])
    except OSError as exc:
        raise _unwritable(folder, exc) from exc
    finally:
        if not journal.exists():
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(backup, ignore_errors=True)
    return [folder.resolve() / relative for relative in files]


def _unwritable(path: Path, exc: OSError) -> OutputError:
    return OutputError(
        f"cannot write '{path}': {exc.strerror or exc}; choose another folder with --out", path=str(path)
    )


def write_outputs(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every rendered file (relative path -> bytes) into ``out_dir``, each atomically.

    All content is rendered before this is called, so a failed analysis or render
    never touches an existing report.

    Raises:
        OutputError: a file cannot be written.
    """
    root = out_dir.resolve()
    written = []
    for relative, content in files.items():
        path = (root / relative).resolve()
        if not path.is_relative_to(root):
            raise OutputError(f"refusing to write '{relative}' outside '{out_dir}'", path=relative)
        try:
            write_atomic(path, content)
        except OSError as exc:
            raise OutputError(
                f"cannot write '{path}': {exc.strerror or exc}; choose another folder with --out",
                path=str(path),
            ) from exc
        written.append(path)
    return written


def copy_templates(folder: Path, *, overwrite: bool = False) -> list[Path]:
    """Copy every built-in template into ``folder`` (refusing to overwrite unless asked).

    Raises:
        OutputError: a template exists there already (without ``overwrite``) or cannot be written.
    """
    try:
        with output_lock(folder):  # one writer at a time, as for a report's folder
            return _copy_templates(folder, overwrite=overwrite)
    except OSError as exc:  # a name too long, a folder that vanished...
        raise _unwritable(folder, exc) from exc


def _copy_templates(folder: Path, *, overwrite: bool) -> list[Path]:
    """:func:`copy_templates` once the folder is held."""
    from reportgen.resources import resource_path

    refuse_shared_folder(folder, "give the templates a folder of their own, e.g. my-templates/")
    source = resource_path("templates")
    files = sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    # Every path checked before the first file is written: a link in the way stops the copy whole.
    check_output_paths(folder, [p.relative_to(source).as_posix() for p in files])
    clashes = [p.relative_to(source) for p in files if (folder / p.relative_to(source)).exists()]
    if clashes and not overwrite:
        raise OutputError(
            f"'{folder / clashes[0]}' exists; use --force to overwrite the templates in '{folder}'",
            path=str(folder),
        )
    return write_outputs(folder, {p.relative_to(source).as_posix(): p.read_bytes() for p in files})
