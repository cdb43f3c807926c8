"""Per-cohort reports: the batch layer over :func:`reportgen.pipeline.render_report`.

The recipe (:func:`build_cohorts`): split the data into cohorts -> give each a safe, unique slug ->
key each by its data, settings, templates and code -> map :func:`run_cohort` over the cohorts whose
key changed (in this process, in worker processes, or on a Dask cluster) -> write each report into
``DIR/<slug>/`` -> ``DIR/index.html`` and ``DIR/manifest.json``.

Workers only render (in memory) and send the files back; this process writes every file, through
:func:`reportgen.export.write_outputs`, so a cluster's workers need no shared disk and every file
lands atomically inside ``DIR``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import itertools
import json
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from reportgen.context import data_uri
from reportgen.errors import (
    ClusterError,
    CohortError,
    ColumnError,
    InterruptedRunError,
    OutputError,
    ReportError,
    printable,
)

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.config import BuildConfig, CohortSpec, Labels

    # A data file as read: the raw frame, the config with the file's labels, the provenance.
    _ReadData = tuple[pd.DataFrame, BuildConfig, dict[str, Any]]

log = logging.getLogger("reportgen.cohorts")

STATUSES = ("ok", "skipped", "error")
INDEX_FILE = "index.html"
MANIFEST_FILE = "manifest.json"
INDEX_TEMPLATE = "cohorts/index.html.j2"
# Besides reportgen itself, the packages whose version can change a report's bytes.
KEY_PACKAGES = ("numpy", "pandas", "scipy", "statsmodels", "matplotlib", "weasyprint", "jinja2", "pygments")
SLUG_MAX = 60
FALLBACK_SLUG = "cohort"
# Device names Windows reserves (a folder "con" cannot be created there), the report's own
# sub-folder name, and the email outbox a cohorts folder holds (`reportgen email --cohorts`).
RESERVED_SLUGS = frozenset(
    {
        "con",
        "prn",
        "aux",
        "nul",
        "figures",
        "outbox",
        *(f"com{i}" for i in range(10)),
        *(f"lpt{i}" for i in range(10)),
    }
)
# The numbers of each cohort the index shows, as paths in its results.json.
# The slope is the headline model's: the random effects the cohort's own tests support.
SUMMARY_KEYS = {
    "data": ("rows", "clean_rows", "groups"),
    "headline": ("model", "slope", "slope_ci_low", "slope_ci_high", "slope_df"),
    "random_intercept": ("group_sd", "residual_sd"),
}
# Files the index links to, in this order, when a cohort has them.
LINKED_FILES = (
    ("report.html", "HTML"),
    ("report.pdf", "PDF"),
    ("handout.html", "handout HTML"),
    ("handout.pdf", "handout PDF"),
    ("results.json", "JSON"),
)
CONNECT_TIMEOUT_S = 10
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


# --- cohorts and their names ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cohort:
    """One cohort's rows (``frame``), or why it has none (``error``)."""

    name: str
    data_path: Path
    frame: pd.DataFrame | None
    error: str | None = None
    input: dict[str, Any] | None = None  # how the file was read (format, sheet, encoding, dialect)
    labels: Labels | None = None  # the config's labels with the file's own (SPSS, Stata) applied


def slugify_name(name: str) -> str:
    """A folder name for a cohort: lower-case ASCII letters, digits and single hyphens.

    Transliterated (``Café`` -> ``cafe``); never empty, never ``.``/``..`` or a path, never a name
    Windows reserves (``con`` -> ``con-cohort``).
    """
    from slugify import slugify

    slug = slugify(name, max_length=SLUG_MAX, word_boundary=True) or FALLBACK_SLUG
    return f"{slug}-{FALLBACK_SLUG}" if slug in RESERVED_SLUGS else slug


def unique_slugs(names: Sequence[str]) -> list[str]:
    """One slug per name, in order; later names whose slug is taken get ``-2``, ``-3``..."""
    taken: set[str] = set()
    slugs = []
    for name in names:
        base = slug = slugify_name(name)
        for number in itertools.count(2):
            if slug not in taken:
                break
            slug = f"{base}-{number}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def cohort_label(name: str, by: str | None) -> str:
    """How a cohort is named: ``site = A`` when split by a column, else its name (report titles
    read "<title> (site = A)")."""
    shown = name if name.strip() else "(blank)"
    return f"{by} = {shown}" if by is not None else shown


def _natural(value: str) -> tuple[int, float, str]:
    """Sort key: numbers by value first ("2" before "10"), then text, then the blank."""
    if _NUMBER.fullmatch(value.strip()):
        return (0, float(value), value)
    return (1, 0.0, value) if value.strip() else (2, 0.0, value)


def split_by_column(raw: pd.DataFrame, column: str, data_path: Path) -> list[Cohort]:
    """One cohort per value of ``column`` (blank cells form the cohort ``""``, listed last), in
    natural order.

    Rows keep their index, so each report names the data file's own line numbers.

    Raises:
        ColumnError: ``column`` is not in the data.
    """
    if column not in raw.columns:
        raise ColumnError(
            f"column '{column}' not found in '{data_path}'; columns are: {', '.join(raw.columns)}; "
            "use --by to name the column that splits the data into cohorts",
            column=column,
        )
    values = raw[column].fillna("").astype(str)
    groups = {str(value): frame for value, frame in raw.groupby(values, sort=False)}
    return [Cohort(name, data_path, groups[name]) for name in sorted(groups, key=_natural)]


def _select(spec: CohortSpec, config: BuildConfig, main_data: Callable[[], _ReadData]) -> Cohort:
    """The rows of one ``[[cohort]]`` table; a problem becomes the cohort's error."""
    from reportgen.load import require_columns
    from reportgen.prepare import read_data, required_columns

    data_path = Path(spec.path) if spec.path else config.data_path
    roles = required_columns(config)
    try:
        raw, labelled, read = read_data(data_path, config) if spec.path else main_data()
        require_columns(raw, roles, data_path)
        if spec.where:
            for column, _ in spec.where:
                if column not in raw.columns:
                    raise ColumnError(
                        f"cohort '{spec.name}' filters on column '{column}', which is not in "
                        f"'{data_path}'; columns are: {', '.join(raw.columns)}; fix its where table",
                        column=column,
                    )
            keep = functools.reduce(
                lambda a, b: a & b, (raw[column].isin(values) for column, values in spec.where)
            )
            raw = raw[keep]
        elif spec.groups:
            present = set(raw[config.group].dropna())
            missing = [g for g in spec.groups if g not in present]
            if missing:
                known = sorted(present, key=_natural)
                more = ", ..." if len(known) > 8 else ""
                raise CohortError(
                    f"cohort '{spec.name}' names {config.group} ids not in the data: {', '.join(missing)}; "
                    f"ids are: {', '.join(known[:8])}{more}",
                    cohort=spec.name,
                )
            raw = raw[raw[config.group].isin(spec.groups)]
        if raw.empty:
            raise CohortError(
                f"cohort '{spec.name}' selects no rows of '{data_path.name}'; check its where values",
                cohort=spec.name,
            )
    except ReportError as exc:
        return Cohort(spec.name, data_path, None, str(exc))
    return Cohort(spec.name, data_path, raw, input=read, labels=labelled.labels)


def collect_cohorts(config: BuildConfig, by: str | None) -> list[Cohort]:
    """The cohorts to build: the values of column ``by``, else the config file's ``[[cohort]]`` tables.

    Raises:
        ReportError: no cohorts are given, or the data (split by ``by``) cannot be read or lack a
            column. A problem of one ``[[cohort]]`` table is that cohort's error instead.
    """
    from reportgen.load import require_columns
    from reportgen.prepare import read_data, required_columns

    if by is None and not config.cohorts:
        where = (
            f"add [[cohort]] tables to {config.config_file}, which has none"
            if config.config_file is not None
            else "list [[cohort]] tables in a reportgen.toml (none was read: name one with --config)"
        )
        raise CohortError(
            f"no cohorts to build: give --by COLUMN to split the data by the values of a column, or {where}"
        )
    roles = required_columns(config)
    if by is None:
        main_data = functools.cache(functools.partial(read_data, config.data_path, config))
        return [_select(spec, config, main_data) for spec in config.cohorts]
    raw, labelled, read = read_data(config.data_path, config)
    require_columns(raw, roles, config.data_path)
    if by == config.group:
        raise CohortError(
            f"--by names the group column '{by}', so each cohort would hold a single group and a mixed "
            "model needs at least 2; choose a column that groups several of them"
        )
    for role, column in (("response", config.response), ("time", config.time)):
        if by == column:
            from reportgen.words import noun, plural

            raise CohortError(
                f"--by names the {role} column '{by}': cohorts are groups of {plural(config.labels.group)}, "
                f"such as sites or arms; choose a column that is constant within each "
                f"{noun(config.labels.group)}"
            )
    return [
        dataclasses.replace(cohort, input=read, labels=labelled.labels)
        for cohort in split_by_column(raw, by, config.data_path)
    ]


# --- the cache key ----------------------------------------------------------------------------------


def input_hash(frame: pd.DataFrame) -> str:
    """SHA-256 of a cohort's rows as CSV, with their file line numbers (the index)."""
    return hashlib.sha256(frame.to_csv(index=True, lineterminator="\n").encode("utf-8")).hexdigest()


def _tree_hash(root: Path | None, skip: tuple[str, ...] = ()) -> str:
    """SHA-256 over every file under ``root`` (relative path and bytes), in a fixed order."""
    digest = hashlib.sha256()
    if root is not None and root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            relative = path.relative_to(root).as_posix()
            if not relative.startswith(skip):
                digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprint(config: BuildConfig) -> dict[str, Any]:
    """What every cohort's report depends on besides its rows and settings: versions, code, templates.

    The package's own source is hashed too, so an edit to reportgen rebuilds even when its version
    number did not change. The index template is left out: the index is rewritten on every run.
    """
    import platform
    from importlib.metadata import PackageNotFoundError, version

    from reportgen import __version__
    from reportgen.resources import resource_path

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    return {
        "python": platform.python_version(),
        "reportgen": __version__,
        "packages": {name: installed(name) for name in KEY_PACKAGES},
        "code": _tree_hash(Path(__file__).resolve().parent),
        "templates": _tree_hash(resource_path("templates"), skip=("cohorts/",)),
        "user_templates": _tree_hash(config.templates_dir, skip=("cohorts/",)),
    }


def _settings(config: BuildConfig) -> dict[str, Any]:
    """The settings that shape one cohort's report (its output folder does not)."""
    from reportgen.config import settings_of

    settings = settings_of(config)
    for key in ("out_dir", "cohorts", "templates_dir", "data_path"):
        settings.pop(key, None)
    return settings


def cache_key(environment: Mapping[str, Any], config: BuildConfig, source: Mapping[str, Any]) -> str:
    """The cohort's cache key: its data (``source["sha256"]``), settings, templates and versions."""
    document = {"environment": environment, "settings": _settings(config), "source": source}
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


# --- one cohort: the unit of work -------------------------------------------------------------------


@dataclass(frozen=True)
class CohortTask:
    """Everything a worker needs to build one cohort (picklable)."""

    name: str
    slug: str
    frame: pd.DataFrame
    config: BuildConfig
    source: dict[str, Any]


@dataclass(frozen=True)
class TaskResult:
    """What a worker sends back: the rendered files and key numbers, or the error."""

    slug: str
    files: dict[str, bytes]
    summary: dict[str, Any] | None
    error: str | None
    duration_s: float


def summarize(results: Mapping[str, Any]) -> dict[str, Any]:
    """The numbers the index shows, at the same paths as in ``results.json``."""
    return {table: {key: results[table][key] for key in keys} for table, keys in SUMMARY_KEYS.items()}


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def run_cohort(task: CohortTask) -> TaskResult:
    """Render one cohort's report in memory; never raises (a failure is the result's ``error``).

    This is what worker processes and Dask workers run; it writes nothing.
    """
    import warnings

    from reportgen.pipeline import render_report

    start = time.perf_counter()
    try:
        # Library warnings (matplotlib, numpy) are no one's to read in a worker: into the log.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            report = render_report(task.frame, task.config, task.source)
        for warning in caught:
            log.info("cohort %r: warning: %s", task.name, warning.message)
        summary = summarize(report.results)
    except ReportError as exc:
        return TaskResult(task.slug, {}, None, _one_line(exc), time.perf_counter() - start)
    except Exception as exc:  # a failed fit or a bug: it stays this cohort's failure
        message = f"unexpected {type(exc).__name__}: {_one_line(exc)}"
        return TaskResult(task.slug, {}, None, message, time.perf_counter() - start)
    return TaskResult(task.slug, report.files, summary, None, time.perf_counter() - start)


# --- mapping it: in this process, worker processes or a Dask cluster --------------------------------


def _failed(task: CohortTask, message: str) -> TaskResult:
    return TaskResult(task.slug, {}, None, message, 0.0)


def _result_of(future: Future[TaskResult], task: CohortTask) -> TaskResult:
    """A finished future's result; a lost worker becomes this cohort's error."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        return _failed(task, "its worker process died (out of memory, or a crash) while building it")
    except Exception as exc:  # e.g. distributed's KilledWorker
        return _failed(task, f"the worker failed: {type(exc).__name__}: {_one_line(exc)}")


def _map_on(executor: Executor, tasks: Sequence[CohortTask], slots: int) -> Iterator[TaskResult]:
    """Results as they finish, with at most ``slots`` tasks in flight (memory stays bounded)."""
    queue = iter(tasks)
    pending: dict[Future[TaskResult], CohortTask] = {}

    def fill() -> None:
        for task in itertools.islice(queue, max(0, slots - len(pending))):
            try:
                future = executor.submit(run_cohort, task)
            except Exception as exc:  # a broken pool refuses new work
                future = Future[TaskResult]()
                future.set_exception(exc)
            pending[future] = task

    fill()
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            yield _result_of(future, pending.pop(future))
        fill()


@contextlib.contextmanager
def _dask_executor(address: str) -> Iterator[tuple[Executor, int]]:
    """An executor on the Dask cluster at ``address``, and how many tasks to keep in flight."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterError(
            "--scheduler needs Dask's distributed package; install it with: pip install 'reportgen[cluster]'",
            address=address,
        ) from exc
    try:
        client = Client(address, timeout=f"{CONNECT_TIMEOUT_S}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at '{address}' ({_one_line(exc)}); start one with "
            "`dask scheduler` and pass the address it prints, e.g. tcp://10.0.0.5:8786",
            address=address,
        ) from exc
    try:
        _check_workers(client, address)
        threads = client.nthreads()
        if max(threads.values(), default=1) > 1:
            log.warning(
                "the Dask workers of %s run several threads each; start them with --nthreads 1 "
                "(a report renders figures and PDFs, which are not meant to share a process)",
                address,
            )
        yield client.get_executor(pure=False), 2 * max(1, sum(threads.values()))
    finally:
        client.close()


def _worker_version() -> str:
    from reportgen import __version__

    return __version__


def _check_workers(client: Any, address: str) -> None:
    """The cluster has workers, and they run this version of reportgen."""
    from reportgen import __version__

    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    except TimeoutError as exc:
        raise ClusterError(
            f"the Dask scheduler at '{address}' has no workers; start some with `dask worker {address}`",
            address=address,
        ) from exc
    try:
        versions = client.run(_worker_version)
    except Exception as exc:  # the workers cannot import reportgen
        raise ClusterError(
            f"the Dask workers of '{address}' cannot run reportgen ({_one_line(exc)}); "
            f"install reportgen {__version__} on every worker",
            address=address,
        ) from exc
    wrong = sorted(f"{worker} has {found}" for worker, found in versions.items() if found != __version__)
    if wrong:
        raise ClusterError(
            f"Dask workers run another reportgen than {__version__} ({'; '.join(wrong)}); "
            "install the same version everywhere",
            address=address,
        )


# Each worker is one of ``jobs`` processes: numeric libraries must not start a thread per core too.
_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _single_threaded_worker(parent: int) -> None:
    """Worker-process initializer (a spawned worker runs it before numpy is imported there)."""
    import signal

    from reportgen.children import start_child

    start_child(parent)
    for name in _THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    # Ctrl-C reaches the whole process group: the main process stops the batch cleanly, so the
    # workers must not die mid-task with tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def worker_start_method() -> str:
    """How to start worker processes: ``fork`` from a process that runs nothing else (the command
    line, a script), so that every worker starts with what this one loads once (2-3 CPU-seconds
    each spawned worker spent loading it itself); ``spawn`` elsewhere (a notebook's kernel runs
    threads, whose locks a fork would copy in whatever state they are)."""
    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"


def _load_report_libraries(templates_dir: Path | None) -> None:
    """Import what building a report uses and compile its templates (2-3 CPU-seconds, once)."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import scipy.optimize  # noqa: F401
    import weasyprint  # noqa: F401

    import reportgen.analysis  # noqa: F401
    import reportgen.figures  # noqa: F401
    import reportgen.narrative  # noqa: F401
    import reportgen.pipeline  # noqa: F401
    from reportgen.render import compile_report_templates

    compile_report_templates(templates_dir)


def map_cohorts(
    tasks: Sequence[CohortTask], *, jobs: int, scheduler: str | None = None
) -> Iterator[TaskResult]:
    """Run :func:`run_cohort` over ``tasks``, yielding results as they finish (in any order).

    Args:
        tasks: the cohorts to build.
        jobs: worker processes; 1 builds them one by one in this process.
        scheduler: the address of a Dask scheduler to run them on instead (``jobs`` is then unused).

    Raises:
        ClusterError: the scheduler cannot be reached or its workers cannot run reportgen.
    """
    if not tasks:
        return
    if scheduler is not None:
        with _dask_executor(scheduler) as (executor, slots):
            yield from _map_on(executor, tasks, slots)
    elif jobs <= 1 or len(tasks) == 1:
        for task in tasks:
            yield run_cohort(task)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        workers = min(jobs, len(tasks))
        context = multiprocessing.get_context(worker_start_method())
        if context.get_start_method() == "fork":
            _load_report_libraries(tasks[0].config.templates_dir)
        executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_single_threaded_worker,
            initargs=(os.getpid(),),
        )
        try:
            yield from _map_on(executor, tasks, 2 * workers)
        finally:
            executor.shutdown(wait=True, cancel_futures=True)


# --- the batch ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortOutcome:
    """What happened to one cohort in a run (one entry of ``manifest.json``)."""

    name: str
    slug: str
    status: str  # one of STATUSES
    error: str | None
    input_hash: str | None  # SHA-256 of the cohort's rows; None when they could not be selected
    cache_key: str | None
    outputs: tuple[str, ...]  # paths relative to the output folder
    duration_s: float
    summary: dict[str, Any] | None = None  # the index's numbers, as in results.json

    def manifest_entry(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "slug": self.slug,
            "status": self.status,
            "error": self.error,
            "input_hash": self.input_hash,
            "cache_key": self.cache_key,
            "outputs": list(self.outputs),
            "duration_s": round(self.duration_s, 3),
        }


@dataclass(frozen=True)
class CohortsResult:
    """A finished batch: every cohort's outcome, in index order."""

    out_dir: Path
    by: str | None
    cohorts: tuple[CohortOutcome, ...]
    # Folders of cohorts a previous run built that are no longer in the data (removed).
    removed: tuple[str, ...] = ()

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.cohorts)

    @property
    def failed(self) -> tuple[CohortOutcome, ...]:
        return tuple(outcome for outcome in self.cohorts if outcome.status == "error")


class Progress(Protocol):
    """Told how many cohorts there are, then of each one as it finishes."""

    def start(self, total: int) -> None: ...

    def advance(self, outcome: CohortOutcome) -> None: ...


def read_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The previous run's entries by slug; empty when there is no readable manifest."""
    try:
        document = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
        return {entry["slug"]: entry for entry in document["cohorts"] if isinstance(entry["slug"], str)}
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return {}


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


def _cohort_config(config: BuildConfig, cohort: Cohort, slug: str, by: str | None) -> BuildConfig:
    return dataclasses.replace(
        config,
        data_path=cohort.data_path,
        out_dir=config.out_dir / slug,
        title=f"{config.title} ({cohort_label(cohort.name, by)})",
        labels=cohort.labels or config.labels,
        cohorts=(),
        # A cohort's report is read by a site, not a class: no solution code unless asked for.
        code=False if config.code is None else config.code,
    )


def _store(out_dir: Path, task: CohortTask, key: str, result: TaskResult) -> CohortOutcome:
    """Write a finished cohort's files into ``out_dir/<slug>/``; its outcome."""
    from reportgen.export import replace_outputs

    def outcome(status: str, error: str | None, outputs: tuple[str, ...] = ()) -> CohortOutcome:
        summary = result.summary if status == "ok" else None
        digest = task.source["sha256"]
        return CohortOutcome(
            task.name, task.slug, status, error, digest, key, outputs, result.duration_s, summary
        )

    if result.error is not None:
        return outcome("error", result.error)
    files = dict(sorted(result.files.items()))
    try:
        # The cohort's folder is replaced as a whole: its previous report stays intact unless
        # every new file is in place, and no file of the previous set survives.
        replace_outputs(out_dir / task.slug, files, whole=True)
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
    from reportgen.cohorts_model import COMPARISON_FILE
    from reportgen.export import check_output_paths, check_ownership, write_outputs

    out_dir = config.out_dir
    check_output_paths(out_dir, [INDEX_FILE, MANIFEST_FILE, COMPARISON_FILE])
    cohorts = collect_cohorts(config, by)
    environment = fingerprint(config)
    before = read_manifest(out_dir)
    previous = {} if force else before

    outcomes: dict[str, CohortOutcome] = {}
    stale: list[tuple[CohortTask, str]] = []
    slugs = unique_slugs([cohort.name for cohort in cohorts])
    # Each cohort's folder is replaced as a whole: one the manifest does not list as built by an
    # earlier run may hold nothing reportgen did not write.
    unlisted = [f"{slug}/" for slug in slugs if slug not in before]
    check_ownership(
        out_dir, [INDEX_FILE, COMPARISON_FILE, *unlisted], marker=MANIFEST_FILE, ours=is_cohort_path
    )
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
        key = cache_key(environment, task.config, source)
        kept = _reusable(previous.get(slug), task, key, out_dir)
        if kept is not None:
            outcomes[slug] = kept
        else:
            stale.append((task, key))
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
    from reportgen.cohorts_model import compare_cohorts
    from reportgen.results import to_json_ready

    frames = {cohort.name: cohort.frame for cohort in cohorts if cohort.frame is not None}
    comparison = compare_cohorts(frames, config, by)
    comparison_json = json.dumps(to_json_ready(comparison), indent=2, ensure_ascii=False)
    write_outputs(
        out_dir,
        {
            INDEX_FILE: render_index(result, config, comparison).encode("utf-8"),
            COMPARISON_FILE: comparison_json.encode("utf-8") + b"\n",
        },
    )
    record(complete=True)
    return result


_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def is_cohort_path(relative: str) -> bool:
    """Whether ``relative`` (``site-a/figures/q1.png``) is a path a cohorts run writes: a cohort's
    folder, or a report's file in one."""
    from reportgen.pipeline import is_report_path

    slug, _, inner = relative.partition("/")
    return _SLUG.fullmatch(slug) is not None and (not inner or is_report_path(inner))


def remove_stale_cohorts(out_dir: Path, entries: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    """Delete the folders of cohorts a previous run built (``entries``: its manifest's, by slug) that
    are no longer in the data, so the index never links to a stale report; the slugs removed.

    The manifest may have been edited by hand, so it only says which folders to look at: one is
    removed only when it is one a run writes (:func:`_written_by_a_run`). Another folder it names is
    left as it is, with a warning.
    """
    import shutil

    removed = []
    for slug, entry in sorted(entries.items()):
        if _written_by_a_run(out_dir, slug, entry):
            shutil.rmtree(out_dir / slug)
            removed.append(slug)
        elif _SLUG.fullmatch(slug) and (out_dir / slug).exists():
            log.warning(
                "left %s/: manifest.json lists it as cohort %r, but it is not a folder a cohorts run "
                "wrote for that cohort",
                printable(str(out_dir / slug)),
                printable(str(entry.get("name"))),
            )
    if removed:
        log.info("removed %d stale cohort folders: %s", len(removed), ", ".join(removed))
    return tuple(removed)


def _written_by_a_run(out_dir: Path, slug: str, entry: Mapping[str, Any]) -> bool:
    """Whether ``out_dir/slug`` is a cohort's folder as a run writes it: named by the slug its
    cohort's name gets (``site-a``, or ``site-a-2`` for a second name with that slug), directly in
    ``out_dir``, not a symlink, and holding only a report's files."""
    name = entry.get("name")
    if not isinstance(name, str) or not _SLUG.fullmatch(slug):
        return False
    if not re.fullmatch(rf"{re.escape(slugify_name(name))}(-[0-9]+)?", slug):
        return False
    folder = out_dir / slug
    if folder.is_symlink() or not folder.is_dir():
        return False
    return all(
        not inner.is_symlink() and is_cohort_path(inner.relative_to(out_dir).as_posix())
        for inner in folder.rglob("*")
    )


# --- the manifest and the index -------------------------------------------------------------------


def manifest(result: CohortsResult, *, complete: bool = True) -> dict[str, Any]:
    """The ``manifest.json`` document: counts, then one entry per cohort (see the README).

    ``complete`` is false while a run is under way: the cohorts listed are those finished so far.
    """
    from reportgen import __version__
    from reportgen.schemas import VERSIONS

    return {
        "schema_version": VERSIONS["manifest"],
        "reportgen": __version__,
        "by": result.by,
        "complete": complete,
        "counts": {status: result.count(status) for status in STATUSES},
        "cohorts": [outcome.manifest_entry() for outcome in result.cohorts],
        "removed": list(result.removed),
    }


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class CohortView:
    """A cohort as the index template sees it."""

    name: str
    label: str
    slug: str
    status: str
    error: str | None
    links: tuple[Link, ...]
    has_numbers: bool


@dataclass(frozen=True)
class ForestView:
    src: str
    alt: str
    width: int
    height: int


def _forest(result: CohortsResult, config: BuildConfig) -> ForestView | None:
    """The slopes plot for the cohorts with finite estimates, or None when there are none."""
    from reportgen.figures.cohorts import ForestRow, forest_plot
    from reportgen.numbers import format_number

    rows = []
    for outcome in result.cohorts:
        model = (outcome.summary or {}).get("headline", {})
        values = [model.get(key) for key in ("slope", "slope_ci_low", "slope_ci_high")]
        if all(isinstance(v, int | float) for v in values):
            rows.append(ForestRow(cohort_label(outcome.name, None), *values))
    if not rows:
        return None
    rate = config.labels.rate()
    image = forest_plot(rows, f"Average slope ({rate})", "Average slope of each cohort, with its 95% CI")
    low, high = (format_number(f(r.estimate for r in rows), "fixed", config.decimals) for f in (min, max))
    alt = (
        f"Average slope of {len(rows)} cohorts, each from the model its own data support, with its "
        f"95% confidence interval; estimates range from {low} to {high} {rate}."
    )
    width, height = int.from_bytes(image.png[16:20], "big"), int.from_bytes(image.png[20:24], "big")
    return ForestView(src=data_uri("image/png", image.png), alt=alt, width=width, height=height)


def _comparison_verdict(comparison: Mapping[str, Any]) -> str:
    from reportgen.narrative.design_rules import interaction_verdict

    test = comparison.get("interaction_test")
    if not test or not isinstance(test.get("p"), float):
        return ""
    return interaction_verdict(test["p"], "the cohort")


def render_index(result: CohortsResult, config: BuildConfig, comparison: dict[str, Any] | None = None) -> str:
    """``index.html``: every cohort with its key numbers, status, links, and the slopes plot."""
    from reportgen import __version__
    from reportgen.render import render_html
    from reportgen.results import to_json_ready

    views = [
        CohortView(
            name=outcome.name,
            label=cohort_label(outcome.name, None),
            slug=outcome.slug,
            status=outcome.status,
            error=outcome.error,
            links=tuple(
                Link(label, f"{outcome.slug}/{file}")
                for file, label in LINKED_FILES
                if f"{outcome.slug}/{file}" in outcome.outputs
            ),
            has_numbers=outcome.summary is not None,
        )
        for outcome in result.cohorts
    ]
    context = {
        "title": f"{config.title}, by {result.by or 'cohort'}",
        "by": result.by,
        "cohorts": views,
        "counts": {status: result.count(status) for status in STATUSES},
        # "_comparison" cannot be a slug (slugs start with a letter or digit).
        "results": {o.slug: o.summary for o in result.cohorts if o.summary is not None}
        | {"_comparison": to_json_ready(comparison or {})},
        "decimals": config.decimals,
        "labels": config.labels,
        "forest": _forest(result, config),
        "comparison": comparison or {},
        "comparison_verdict": _comparison_verdict(comparison or {}),
        "version": __version__,
    }
    return render_html(context, template=INDEX_TEMPLATE, user_templates=config.templates_dir)
