"""How ``pytest -n auto`` hands the tests to its workers: a module at a time, and the modules that
share one cached build together.

pytest-xdist's ``--dist loadscope`` sends a whole module to one worker, so a module-scoped fixture
(a report, an R fit) is made once. A few helpers are cached across modules instead
(``functools.cache``: ``test_reviewed_reports.built`` and its like); the cache lives in one process,
so the modules that call one of them go to the same worker, as one unit, and its builds are made
once a run, as they were without xdist. A module missing here still passes: its builds are then
made once more on the other worker.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

# The cached helper -> the test modules that call it (its own module first).
SHARED_BUILDS: dict[str, tuple[str, ...]] = {
    "test_reviewed_reports.built": (
        "tests/crosscheck/test_reviewed_reports.py",
        "tests/crosscheck/test_citations_follow_methods.py",
        "tests/crosscheck/test_eighth_read_models.py",
        "tests/crosscheck/test_family_reports.py",
        "tests/crosscheck/test_overdispersion_fit.py",
        "tests/crosscheck/test_seventh_read_words.py",
        "tests/crosscheck/test_spread.py",
        "tests/crosscheck/test_series_ends.py",
        "tests/crosscheck/test_glmm_results.py",
        "tests/crosscheck/test_refit_control.py",
        "tests/crosscheck/test_finding_model.py",
    ),
    "test_outer_levels._built": (
        "tests/crosscheck/test_outer_levels.py",
        "tests/crosscheck/test_multilevel_results.py",
    ),
    "test_reshape_dialyzer._built": (
        "tests/crosscheck/test_reshape_dialyzer.py",
        "tests/crosscheck/test_headline_source.py",
        "tests/crosscheck/test_stood_on_random_effects.py",
    ),
    "test_study_profile.built": (
        "tests/crosscheck/test_study_profile.py",
        "tests/crosscheck/test_study_terms.py",
    ),
    "test_crossed._moving": (
        "tests/crosscheck/test_crossed.py",
        "tests/crosscheck/test_level_residuals_crossed.py",
    ),
    "test_nested_report_sections._built": (
        "tests/crosscheck/test_nested_report_sections.py",
        "tests/crosscheck/test_level_residuals_nested.py",
        "tests/crosscheck/test_study_profile_levels.py",
    ),
    "test_reshape_rabbit._built": (
        "tests/crosscheck/test_reshape_rabbit.py",
        "tests/crosscheck/test_condition_term_words_rabbit.py",
    ),
    "test_covariate_effects.analysed": (
        "tests/crosscheck/test_covariate_effects.py",
        "tests/crosscheck/test_covariate_lrt.py",
    ),
}
_UNIT_OF = {module: helper for helper, modules in SHARED_BUILDS.items() for module in modules}


def work_unit(nodeid: str) -> str | None:
    """The shared unit of a test (the cached helper its module calls), or None: its own module."""
    return _UNIT_OF.get(nodeid.split("::", 1)[0])


class SharedBuildScheduling(LoadScopeScheduling):
    """``loadscope``, with the modules of one entry of :data:`SHARED_BUILDS` as one work unit."""

    def _split_scope(self, nodeid: str) -> str:
        return work_unit(nodeid) or super()._split_scope(nodeid)
