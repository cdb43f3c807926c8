"""The folders a run writes: which paths are a cohort's, and removing those of cohorts gone from the data."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reportgen.cohorts.names import SLUG, slugify_name
from reportgen.errors import printable

log = logging.getLogger("reportgen.cohorts")


def is_cohort_path(relative: str) -> bool:
    """Whether ``relative`` (``site-a/figures/q1.png``) is a path a cohorts run writes: a cohort's
    folder, or a report's file in one."""
    from reportgen.pipeline import is_report_path

    slug, _, inner = relative.partition("/")
    return SLUG.fullmatch(slug) is not None and (not inner or is_report_path(inner))


def remove_stale_cohorts(out_dir: Path, entries: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    """Delete the folders of cohorts a previous run built (``entries``: its manifest's, by slug) that
    are no longer in the data, so the index never links to a stale report; the slugs removed.

    The manifest may have been edited by hand, so it only says which folders to look at: one is
    removed only when it is one a run writes (:func:`_written_by_a_run`) and its documents are as
    that run wrote them (:func:`_changed_documents`). Another folder it names is left as it is, with
    a warning.
    """
    import shutil

    removed = []
    for slug, entry in sorted(entries.items()):
        written = _written_by_a_run(out_dir, slug, entry)
        folder = out_dir / slug
        # An edited document makes the folder not as the run wrote it: named in the warning.
        plain = SLUG.fullmatch(slug) is not None and folder.is_dir() and not folder.is_symlink()
        changed = _changed_documents(folder) if plain else ()
        if written and not changed:
            shutil.rmtree(out_dir / slug)
            removed.append(slug)
        elif changed:
            log.warning(
                "kept %s/ of cohort %r, no longer in the data: %s not as reportgen wrote "
                "%s; delete the folder yourself if it is not wanted",
                printable(str(out_dir / slug)),
                printable(str(entry.get("name"))),
                ", ".join(changed) + (" is" if len(changed) == 1 else " are"),
                "it" if len(changed) == 1 else "them",
            )
        elif SLUG.fullmatch(slug) and (out_dir / slug).exists():
            log.warning(
                "left %s/: manifest.json lists it as cohort %r, but it is not a folder a cohorts run "
                "wrote for that cohort, or it holds a file not as the run wrote it",
                printable(str(out_dir / slug)),
                printable(str(entry.get("name"))),
            )
    if removed:
        log.info("removed %d stale cohort folders: %s", len(removed), ", ".join(removed))
    return tuple(removed)


def _changed_documents(folder: Path) -> tuple[str, ...]:
    """The documents in a cohort's ``folder`` (``report.html``...) whose content is not what its
    ``results.json`` recorded (edited since, or recorded without a digest): the user's work."""
    from reportgen.export import earlier_documents
    from reportgen.file_digests import as_written

    digests = earlier_documents(folder).digests
    documents = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != "results.json")
    return tuple(name for name in documents if not as_written(folder / name, digests.get(name)))


def _written_by_a_run(out_dir: Path, slug: str, entry: Mapping[str, Any]) -> bool:
    """Whether ``out_dir/slug`` is a cohort's folder as a run writes it: named by the slug its
    cohort's name gets (``site-a``, or ``site-a-2`` for a second name with that slug), directly in
    ``out_dir``, not a symlink, and holding only a report's files, each as its build wrote it."""
    name = entry.get("name")
    if not isinstance(name, str) or not SLUG.fullmatch(slug):
        return False
    if not re.fullmatch(rf"{re.escape(slugify_name(name))}(-[0-9]+)?", slug):
        return False
    from reportgen.export import report_files_owner

    folder = out_dir / slug
    if folder.is_symlink() or not folder.is_dir():
        return False
    owner = report_files_owner(folder)  # a figure or document counts only as its build wrote it
    return all(
        not inner.is_symlink()
        and is_cohort_path(inner.relative_to(out_dir).as_posix())
        and owner(inner.relative_to(folder).as_posix())
        for inner in folder.rglob("*")
    )
