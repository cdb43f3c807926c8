"""Reading what a summary is built from: a report folder, or the manifest of a cohorts run."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.cohorts.manifest import MANIFEST_FILE as MANIFEST
from reportgen.cohorts.names import cohort_label
from reportgen.config import LABEL_FIELDS
from reportgen.errors import MailError
from reportgen.i18n import N_
from reportgen.mail.config import check_header_text
from reportgen.numbers import STYLES

_SAFE_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class _BlockSpec:
    title: str
    narrative: tuple[str, ...]  # keys of results["narrative"], in order
    figure: str | None = None  # name of a figures/<name>.png
    caption: str = ""


# The summary: key findings, then these blocks of the report's own interpretation sentences.
# Titles and captions are messages (translated when the summary is composed, in the report's
# language); "%(group)s" is the group's noun ("subject"), "%(groups)s" its plural.
BLOCKS = (
    _BlockSpec(
        N_("One line for everyone"), ("q3",), "ols_fit", N_("One least-squares line for all observations")
    ),
    _BlockSpec(
        N_("The mixed model"),
        ("q5", "q6"),
        "mixed_pair",
        N_("Two %(groups)s in the random-intercept model: one slope, each its own starting point"),
    ),
    _BlockSpec(N_("Each %(group)s's own rate"), ("g_slopes",)),
)
# A binomial or Poisson report's summary: the GLMM's own sentences (its odds or rate ratios, a typical
# {group}'s probability or expected count), not the seminar's linear ones.
GLMM_BLOCKS = (
    _BlockSpec(
        N_("The generalized linear mixed model"),
        ("g_family",),
        "family_curve",
        N_("The response over time and a typical %(group)s's prediction from the GLMM"),
    ),
)
# A study report's summary (reportgen.profiles): the answer, without the seminar's teaching steps
# (one line for everyone, the random-intercept model, the seminar's pair of subjects).
STUDY_BLOCKS = (
    _BlockSpec(N_("The model the report stands on"), ("g_choice",)),
    _BlockSpec(N_("Each %(group)s's own rate"), ("g_slopes",)),
)


def is_study(results: Mapping[str, Any]) -> bool:
    """Whether the report is a study report (results.json's ``report.profile``, since 1.3)."""
    report = results.get("report")
    return isinstance(report, Mapping) and report.get("profile") == "study"


def blocks_for(results: Mapping[str, Any]) -> tuple[_BlockSpec, ...]:
    """The summary's blocks: the GLMM's for a binomial or Poisson report (results' ``glmm``), whatever
    the profile; else the study report's or the seminar's."""
    if results.get("glmm"):
        return GLMM_BLOCKS
    return STUDY_BLOCKS if is_study(results) else BLOCKS


@dataclass(frozen=True)
class ListedCohort:
    """One cohort of a ``reportgen cohorts`` run, as its ``manifest.json`` lists it (the rows of a
    cohort are :class:`reportgen.cohorts.Cohort`)."""

    name: str
    slug: str  # its folder under the run folder
    by: str | None = None  # the column the run split on, if it did

    @property
    def label(self) -> str:
        """As the cohorts index names it: "site = north", or the name alone."""
        return cohort_label(self.name, self.by or None)


@dataclass(frozen=True)
class ReportFolder:
    """What a summary is built from: a built report's results, figures and (optionally) PDF."""

    folder: Path
    results: Mapping[str, Any]
    figures: Mapping[str, bytes]
    pdf: bytes | None = None
    cohort: ListedCohort | None = None

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


def _is_sentence(parts: Any) -> bool:
    """A sentence as results.json stores it: text, and number references with a known style."""
    return isinstance(parts, list) and all(
        isinstance(part, str)
        or (
            isinstance(part, dict)
            and isinstance(part.get("key"), str)
            and part["key"]
            and part.get("style") in STYLES
        )
        for part in parts
    )


# Labels a results document may lack: group_plural since 1.5, group_gender and group_dative since 1.7.
OPTIONAL_LABELS = frozenset({"group_plural", "group_gender", "group_dative"})


def results_problem(results: Mapping[str, Any]) -> str | None:
    """What a summary cannot use in a results document (missing or mistyped settings, labels,
    narrative), in words; None when its shape is right. Numbers are checked when composing."""
    report, narrative = results["report"], results["narrative"]
    if not isinstance(report.get("title"), str):
        return "has no report title (report.title)"
    decimals = report.get("decimals")
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 10:
        return "has no number of decimals from 0 to 10 (report.decimals)"
    labels = report.get("labels")
    if not isinstance(labels, dict):
        return "has no labels (report.labels)"
    for name in LABEL_FIELDS:
        if not isinstance(labels.get(name, "" if name in OPTIONAL_LABELS else None), str):
            return f"has no text label report.labels.{name}"
    for spec in blocks_for(results):
        for key in spec.narrative:
            sentences = narrative.get(key)
            if not isinstance(sentences, list) or not all(_is_sentence(s) for s in sentences):
                return f"has no narrative {key!r} (a list of sentences)"
    return None


# How much older than results.json a report.pdf may be and still be the same build's (seconds).
STALE_MARGIN_S = 2.0


def load_report_folder(
    folder: Path, *, attach_pdf: bool = False, cohort: ListedCohort | None = None
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
    except (ValueError, RecursionError) as exc:
        raise MailError(f"'{path}' is not valid JSON; {rebuild}", path=str(path)) from exc
    if not isinstance(results, dict) or not all(
        isinstance(results.get(key), dict) for key in ("report", "narrative")
    ):
        raise MailError(
            f"'{path}' has no report settings or narrative; rebuild it with this version: {rebuild}",
            path=str(path),
        )
    problem = results_problem(results)
    if problem:
        raise MailError(f"'{path}' {problem}; rebuild it with this version: {rebuild}", path=str(path))
    figures = {}
    for spec in blocks_for(results):
        if spec.figure:
            png = _read(folder / "figures" / f"{spec.figure}.png", "figure", rebuild)
            if not png.startswith(b"\x89PNG\r\n\x1a\n"):
                raise MailError(f"'{folder}/figures/{spec.figure}.png' is not a PNG image; {rebuild}")
            figures[spec.figure] = png
    pdf = None
    if attach_pdf:
        fix = f"build it (reportgen build --out {folder} --format pdf) or leave out --attach-pdf"
        pdf = _read(folder / "report.pdf", "PDF report", fix)
        # A build writes results.json before its PDF: a clearly older PDF is left from an earlier
        # build (one with --format html does not touch it) and would not match the summary's
        # numbers. The margin lets a copied folder (cp -r: new times, in any order) through.
        if (folder / "report.pdf").stat().st_mtime < path.stat().st_mtime - STALE_MARGIN_S:
            raise MailError(
                f"'{folder}/report.pdf' is older than its results.json, so it is from an earlier build; "
                + fix,
                path=str(folder / "report.pdf"),
            )
    return ReportFolder(folder=folder, results=results, figures=figures, pdf=pdf, cohort=cohort)


def listed_cohorts(folder: Path) -> tuple[tuple[ListedCohort, ...], tuple[tuple[ListedCohort, str], ...]]:
    """The cohorts of a ``reportgen cohorts`` run: those built, and those that failed with their error.

    Raises:
        MailError: no readable ``manifest.json``, or one not in the expected shape.
    """
    path = folder / MANIFEST
    fix = f"run reportgen cohorts --out {folder} first, or leave out --cohorts"
    try:
        manifest = json.loads(_read(path, "cohorts manifest", fix))
    except (ValueError, RecursionError) as exc:
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
        cohort = ListedCohort(entry["name"], entry["slug"], by)
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
