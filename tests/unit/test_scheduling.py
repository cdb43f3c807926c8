"""tests/support/scheduling.py: every module that calls a build cached across modules runs on the
worker that holds the cache (pytest -n auto), so the build is made once a run."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from tests.support.scheduling import SHARED_BUILDS, work_unit

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent


@functools.cache
def _modules() -> dict[Path, list[ast.AST]]:
    """Every test module's syntax nodes, read once."""
    return {path: list(ast.walk(ast.parse(path.read_text()))) for path in TESTS.rglob("test_*.py")}


def _callers(helper: str) -> set[str]:
    """The test modules that import ``module.function`` (given as ``test_module.function``)."""
    module, function = helper.split(".")
    found = set()
    for path, nodes in _modules().items():
        imports = [node for node in nodes if isinstance(node, ast.ImportFrom)]
        if any(
            (node.module or "").endswith(f".{module}") and function in {alias.name for alias in node.names}
            for node in imports
        ):
            found.add(path.relative_to(REPO).as_posix())
    return found


def test_every_caller_of_a_cached_build_is_in_its_unit() -> None:
    for helper, modules in SHARED_BUILDS.items():
        assert _callers(helper) <= set(modules[1:]), helper
        assert modules[0].endswith(f"/{helper.split('.')[0]}.py"), helper  # its own module first


def _cached_helpers() -> set[str]:
    """``test_module.function`` of each function a test module caches (``functools.cache``)."""
    helpers = set()
    for path, nodes in _modules().items():
        for node in nodes:
            decorators = node.decorator_list if isinstance(node, ast.FunctionDef) else []
            if any("cache" in ast.unparse(decorator) for decorator in decorators):
                helpers.add(f"{path.stem}.{node.name}")
    return helpers


def test_every_cached_build_called_from_another_module_is_listed() -> None:
    shared = {helper for helper in _cached_helpers() if _callers(helper)}
    assert shared and shared <= set(SHARED_BUILDS)


def test_every_listed_module_exists() -> None:
    for modules in SHARED_BUILDS.values():
        for module in modules:
            assert (REPO / module).is_file(), module


def test_tests_of_one_unit_share_it_and_others_keep_their_module() -> None:
    spread = "tests/crosscheck/test_spread.py::test_a[x]"
    reviewed = "tests/crosscheck/test_reviewed_reports.py::test_b"
    assert work_unit(spread) == work_unit(reviewed) == "test_reviewed_reports.built"
    assert work_unit("tests/crosscheck/test_lme4.py::test_c") is None
    assert work_unit("tests/unit/test_spread.py::test_d") is None  # same name, another layer
