"""The recipe of a cohorts run (:func:`build_cohorts`) and what it does per cohort around the unit of work."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from reportgen.cohorts.cache import cache_key, fingerprint, input_hash
from reportgen.cohorts.comparison import COMPARISON_FILE, compare_cohorts
from reportgen.cohorts.folders import is_cohort_path, remove_stale_cohorts
from reportgen.cohorts.index import INDEX_FILE, render_index
from reportgen.cohorts.manifest import MANIFEST_FILE, CohortOutcome, CohortsResult, manifest, read_manifest
from reportgen.cohorts.names import cohort_label, unique_slugs
from reportgen.cohorts.select import Cohort, collect_cohorts
from reportgen.cohorts.shared_subjects import moving_subjects_line
from reportgen.cohorts.task import CohortTask, TaskResult, summarize
from reportgen.cohorts.workers import map_cohorts
from reportgen.errors import InterruptedRunError, OutputError
from reportgen.profiles import cohort_profile, labels_title, study_title

if TYPE_CHECKING:
    from reportgen.config import BuildConfig, Labels

log = logging.getLogger("reportgen.cohorts")


class Progress(Protocol):
    """Told how many cohorts there are, then of each one as it finishes."""

    def start(self, total: int) -> None: ...

    def advance(self, outcome: CohortOutcome) -> None: ...


def _reusable(
    entry: Mapping[str, Any] | None, task: CohortTask, key: str, out_dir: Path
) -> CohortOutcome | None:
    """The previous build of this cohort, when its key matches and its files are all still there."""
    if entry is None or entry.get("status") not in ("ok", "skipped"):
        return None
    if entry.get("name") != task.name or entry.get("cache_key") != key:
        return None
    root = out_dir.resolve()
    results_file = f"{task.slug}/results.json"
    try:
        outputs = tuple(str(p) for p in entry["outputs"])
        paths = [(root / p).resolve() for p in outputs]
        if results_file not in outputs or not all(p.is_relative_to(root) and p.is_file() for p in paths):
            return None
        summary = summarize(json.loads((root / results_file).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    return CohortOutcome(
        task.name, task.slug, "skipped", None, task.source["sha256"], key, outputs, 0.0, summary
    )


def _base_title(config: BuildConfig, labels: Labels | None) -> str:
    """The title a cohort's name is added to: the study title made from the labels when its report
    is a study report given no title (not the seminar's), else the given one."""
    if study_title(config, cohort_profile(config)) is None:
        return config.title
    own = labels or config.labels
    return labels_title(own.response, own.time, config.covariates)


def _cohort_config(config: BuildConfig, cohort: Cohort, slug: str, by: str | None) -> BuildConfig:
    return dataclasses.replace(
        config,
        data_path=cohort.data_path,
        out_dir=config.out_dir / slug,
        # A study report's own title (made from the labels, as a single study report's) with the cohort.
        title=f"{_base_title(config, cohort.labels)} ({cohort_label(cohort.name, by)})",
        labels=cohort.labels or config.labels,
        cohorts=(),
        # A cohort split by an outer level (--by site with --group site/patient) holds one site: the
        # patients within it are its subjects, and one site is no level of a model.
        outer_groups=tuple(column for column in config.outer_groups if column != by),
        crossed=tuple(column for column in config.crossed if column != by),  # --crossed site, --by site
        # A cohort's report is read by a site, not a class: no solution code unless asked for.
        code=False if config.code is None else config.code,
        # ... and is the study report unless the seminar's is asked for (or its handout).
        profile=cohort_profile(config),
    )


def _store(out_dir: Path, task: CohortTask, key: str, result: TaskResult) -> CohortOutcome:
    """Write a finished cohort's files into ``out_dir/<slug>/``; its outcome.

    The documents the previous report there wrote that this one does not (a PDF no longer asked
    for) go as after a build: only while their content is what that report's ``results.json``
    recorded, in the same journaled swap (:func:`reportgen.export.documents_to_remove`); an edited one
    is kept with a warning.
    Nothing else in the folder is touched (the user's files).
    """
    from reportgen.export import (
        check_output_paths,
        earlier_documents,
        replace_outputs,
        report_files_owner,
    )

    def outcome(status: str, error: str | None, outputs: tuple[str, ...] = ()) -> CohortOutcome:
        summary = result.summary if status == "ok" else None
        digest = task.source["sha256"]
        return CohortOutcome(
            task.name, task.slug, status, error, digest, key, outputs, result.duration_s, summary
        )

    if result.error is not None:
        return outcome("error", result.error)
    files = dict(sorted(result.files.items()))
    folder = out_dir / task.slug
    try:
        # Like a build's folder: the previous report stays intact unless every new file is in
        # place; the user's files (notes.txt, figures/mine.png) stay.
        check_output_paths(folder, files, whole=True)  # the folder itself no symlink
        # A figure or document is reportgen's while as the previous build wrote it (read before
        # the new results.json replaces it): an edited one is the user's, kept.
        earlier = earlier_documents(folder)
        replace_outputs(folder, files, ours=report_files_owner(folder, earlier), earlier=earlier)
    except OutputError as exc:
        return outcome("error", str(exc))
    return outcome("ok", None, tuple(f"{task.slug}/{relative}" for relative in files))


def build_cohorts(
    config: BuildConfig,
    *,
    by: str | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> CohortsResult:
    """Build one report per cohort into ``config.out_dir``, then its index and manifest.

    Args:
        config: the settings every cohort shares (from :func:`reportgen.config.make_config`);
            each report's title gets the cohort's name.
        by: the column whose values are the cohorts; ``None`` for ``config.cohorts``.
        jobs: worker processes (default: the number of CPU cores); 1 builds in this process.
        scheduler: a Dask scheduler address; the cohorts then run on its workers.
        force: rebuild cohorts whose cache key has not changed, too.
        progress: told of each cohort as it finishes.

    With ``jobs`` > 1 the workers are new processes (forked from this one when it runs no other
    thread, spawned otherwise): in a script, call this under ``if __name__ == "__main__":``.

    Returns:
        Every cohort's outcome, in index order. A cohort that fails does not stop the others: its
        status is ``error`` and its message is in the outcome, the index and the manifest.

    Raises:
        ReportError: the output folder is unwritable, no cohorts are given, the data cannot be
            read or split, the cluster cannot be used, or another run is writing to the folder.
    """
    from reportgen.export import output_lock, prepare_out_dir

    prepare_out_dir(config.out_dir)
    with output_lock(config.out_dir):
        return _build_cohorts_in(config, by, jobs, scheduler, force, progress)


def _build_cohorts_in(
    config: BuildConfig,
    by: str | None,
    jobs: int | None,
    scheduler: str | None,
    force: bool,
    progress: Progress | None,
) -> CohortsResult:
    """:func:`build_cohorts` once the output folder is held."""
    from reportgen.export import (
        check_output_paths,
        check_ownership,
        edited_report_files,
        is_report_path,
        refuse_edited,
        report_files_owner,
        write_outputs,
    )
    from reportgen.pipeline import planned_outputs

    out_dir = config.out_dir
    check_output_paths(out_dir, [INDEX_FILE, MANIFEST_FILE, COMPARISON_FILE])
    cohorts = collect_cohorts(config, by)
    moving = moving_subjects_line(cohorts, config.group, config.labels.group, by, config.outer_groups)
    if moving:
        log.warning("%s", moving)
    environment = fingerprint(config)
    before = read_manifest(out_dir)
    previous = {} if force else before

    outcomes: dict[str, CohortOutcome] = {}
    stale: list[tuple[CohortTask, str]] = []
    earlier = {str(entry.get("name")): slug for slug, entry in before.items()}
    slugs = unique_slugs([cohort.name for cohort in cohorts], earlier)
    check_ownership(out_dir, [INDEX_FILE, COMPARISON_FILE], marker=MANIFEST_FILE, ours=is_cohort_path)
    edited: list[Path] = []  # every cohort's edited documents and figures, refused in one line
    for cohort, slug in zip(cohorts, slugs, strict=True):
        if cohort.frame is None:
            outcomes[slug] = CohortOutcome(cohort.name, slug, "error", cohort.error, None, None, (), 0.0)
            continue
        source: dict[str, Any] = {
            "file": cohort.data_path.name,
            "sha256": input_hash(cohort.frame),
            "cohort": cohort.name,
        }
        if cohort.input is not None:
            source["input"] = cohort.input
        task = CohortTask(cohort.name, slug, cohort.frame, _cohort_config(config, cohort, slug, by), source)
        # A cohort's folder is updated as a build updates a report's: only its files are replaced
        # (the user's files, figures/ too, are kept), and only in a folder holding its results.json.
        entries = [entry.rstrip("/") for entry in planned_outputs(task.config)]
        owner = report_files_owner(task.config.out_dir)  # an edited figure or document is the user's
        check_ownership(task.config.out_dir, entries, marker="results.json", ours=is_report_path)
        edited += edited_report_files(task.config.out_dir, entries, owner)  # once settled, as build
        key = cache_key(environment, task.config, source)
        kept = _reusable(previous.get(slug), task, key, out_dir)
        if kept is not None:
            outcomes[slug] = kept
        else:
            stale.append((task, key))
    refuse_edited(edited)  # up front, documents and figures alike (one cohort's swap no longer finds them)
    log.info("%d cohorts: %d to build, %d unchanged", len(cohorts), len(stale), len(outcomes))
    removed = remove_stale_cohorts(out_dir, {s: e for s, e in before.items() if s not in slugs})

    def record(complete: bool) -> CohortsResult:
        """Write the manifest of what is finished so far (atomically, fsynced): a run killed at any
        point is resumed from it, since a re-run skips every cohort it lists as built."""
        done = tuple(outcomes[slug] for slug in slugs if slug in outcomes)
        result = CohortsResult(out_dir=out_dir, by=by, cohorts=done, removed=removed)
        document = json.dumps(manifest(result, complete=complete), indent=2, ensure_ascii=False)
        write_outputs(out_dir, {MANIFEST_FILE: document.encode("utf-8") + b"\n"})
        return result

    if progress is not None:
        progress.start(len(cohorts))
        for outcome in outcomes.values():
            progress.advance(outcome)
    keys = {task.slug: (task, key) for task, key in stale}
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    try:
        if stale:
            record(complete=False)
        for finished in map_cohorts([task for task, _ in stale], jobs=workers, scheduler=scheduler):
            task, key = keys.pop(finished.slug)
            outcomes[task.slug] = _store(out_dir, task, key, finished)
            record(complete=False)
            if progress is not None:
                progress.advance(outcomes[task.slug])
    except KeyboardInterrupt:
        finished_count = sum(1 for slug in slugs if slug in outcomes)
        raise InterruptedRunError(
            f"stopped after {finished_count} of {len(slugs)} cohorts; the finished ones are kept in "
            f"{out_dir}/ and recorded in {MANIFEST_FILE}; run the same command again to build the "
            f"other {len(slugs) - finished_count}"
        ) from None

    result = CohortsResult(
        out_dir=out_dir, by=by, cohorts=tuple(outcomes[slug] for slug in slugs), removed=removed
    )
    from reportgen.results import to_json_ready

    frames = {cohort.name: cohort.frame for cohort in cohorts if cohort.frame is not None}
    comparison = compare_cohorts(frames, config, by)
    comparison_json = json.dumps(to_json_ready(comparison), indent=2, ensure_ascii=False)
    write_outputs(
        out_dir,
        {
            INDEX_FILE: render_index(result, config, comparison, moving).encode("utf-8"),
            COMPARISON_FILE: comparison_json.encode("utf-8") + b"\n",
        },
    )
    record(complete=True)
    return result
