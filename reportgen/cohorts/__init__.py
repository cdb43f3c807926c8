"""Per-cohort reports: the batch layer over :func:`reportgen.pipeline.render_report`.

The recipe (:func:`build_cohorts`, in ``run.py``): split the data into cohorts (``select.py``) ->
give each a safe, unique slug (``names.py``) -> key each by its data, settings, templates and code
(``cache.py``) -> map :func:`run_cohort` (``task.py``) over the cohorts whose key changed, in this
process, in worker processes or on a Dask cluster (``workers.py``) -> write each report into
``DIR/<slug>/`` and remove the folders of cohorts gone from the data (``folders.py``) ->
``DIR/manifest.json`` (``manifest.py``), ``DIR/comparison.json`` (the cohorts compared in one model,
``comparison.py``) and ``DIR/index.html`` (``index.py``).

Workers only render (in memory) and send the files back; this process writes every file, through
:func:`reportgen.export.write_outputs`, so a cluster's workers need no shared disk and every file
lands atomically inside ``DIR``.
"""

from reportgen.cohorts.cache import KEY_PACKAGES, cache_key, fingerprint, input_hash
from reportgen.cohorts.comparison import COMPARISON_FILE, DEFAULT_COLUMN, compare_cohorts
from reportgen.cohorts.folders import is_cohort_path, remove_stale_cohorts
from reportgen.cohorts.index import INDEX_FILE, INDEX_TEMPLATE, LINKED_FILES, render_index
from reportgen.cohorts.manifest import (
    MANIFEST_FILE,
    STATUSES,
    CohortOutcome,
    CohortsResult,
    manifest,
    read_manifest,
)
from reportgen.cohorts.names import (
    FALLBACK_SLUG,
    RESERVED_SLUGS,
    SLUG_MAX,
    cohort_label,
    natural_order,
    slugify_name,
    unique_slugs,
)
from reportgen.cohorts.run import Progress, build_cohorts
from reportgen.cohorts.select import Cohort, collect_cohorts, split_by_column
from reportgen.cohorts.task import SUMMARY_KEYS, CohortTask, TaskResult, run_cohort, summarize
from reportgen.cohorts.workers import CONNECT_TIMEOUT_S, map_cohorts, worker_start_method

__all__ = [
    "COMPARISON_FILE",
    "CONNECT_TIMEOUT_S",
    "DEFAULT_COLUMN",
    "FALLBACK_SLUG",
    "INDEX_FILE",
    "INDEX_TEMPLATE",
    "KEY_PACKAGES",
    "LINKED_FILES",
    "MANIFEST_FILE",
    "RESERVED_SLUGS",
    "SLUG_MAX",
    "STATUSES",
    "SUMMARY_KEYS",
    "Cohort",
    "CohortOutcome",
    "CohortTask",
    "CohortsResult",
    "Progress",
    "TaskResult",
    "build_cohorts",
    "cache_key",
    "cohort_label",
    "collect_cohorts",
    "compare_cohorts",
    "fingerprint",
    "input_hash",
    "is_cohort_path",
    "manifest",
    "map_cohorts",
    "natural_order",
    "read_manifest",
    "remove_stale_cohorts",
    "render_index",
    "run_cohort",
    "slugify_name",
    "split_by_column",
    "summarize",
    "unique_slugs",
    "worker_start_method",
]
