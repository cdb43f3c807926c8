"""Shared fixtures: the default report is built once per test session and reused.

Every JSON document reportgen writes during the tests is checked against its schema
(``reportgen/schemas/``), as it is written: each ``results.json``, ``manifest.json`` and
``comparison.json`` that goes through ``reportgen.export.write_atomic``, each ``results.json`` built in
memory (``analyse_report``: ``render_report``, the fuzzer's throwaway folders) and each line of a send
log (``reportgen.mail.smtp.log_entry``). A document that does not match fails the test that made it.
Files a test writes itself (a placeholder, a tampered copy) are not reportgen's and are not checked;
nor are files written by a ``reportgen`` subprocess (the same code, run in-process elsewhere).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reportgen.config import BuildConfig, make_config

REPO = Path(__file__).resolve().parent.parent
# A verbatim copy of ../shared/reference/sleepstudy_reference.json (lme4's published figures);
# test_reference.py checks the copy still matches the shared original when that is present.
REFERENCE_FILE = REPO / "tests" / "support" / "reference" / "sleepstudy_reference.json"
SHARED_REFERENCE = REPO.parent / "shared" / "reference" / "sleepstudy_reference.json"


@pytest.fixture(scope="session")
def reference() -> dict[str, Any]:
    """lme4's published sleepstudy figures (independent of this project)."""
    return json.loads(REFERENCE_FILE.read_text())


@pytest.fixture(scope="session")
def built_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output folder of ``reportgen build`` on the bundled data (HTML and PDF)."""
    from reportgen.pipeline import build_report

    out = tmp_path_factory.mktemp("report")
    build_report(make_config(out_dir=out))
    return out


@pytest.fixture(scope="session")
def built_both(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output folder of a build of both variants (report and handout), HTML and PDF; read it only.

    One build for the handout, browser and PDF/UA tests, which read the same documents.
    """
    from reportgen.pipeline import build_report

    out = tmp_path_factory.mktemp("both")
    build_report(make_config(out_dir=out, variant="both"))
    return out


@pytest.fixture(scope="session")
def results(built_report: Path) -> dict[str, Any]:
    return json.loads((built_report / "results.json").read_text())


@pytest.fixture()
def config(tmp_path: Path) -> BuildConfig:
    return make_config(out_dir=tmp_path / "out")


# --- the figure cache: every test starts with an empty one of its own, never the user's ~/.cache ----


@pytest.fixture(scope="session", autouse=True)
def _session_figure_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The session fixtures' builds (built_report ...) cache their figures in a throwaway folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path_factory.mktemp("figure-cache")))
        yield


@pytest.fixture(autouse=True)
def _figure_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's builds (and its ``reportgen`` subprocesses) draw into an empty figure cache."""
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path_factory.mktemp("figure-cache")))


# --- the fast loop stays fast: a test that builds a whole report is slow, in tests/e2e ------------

TESTS = Path(__file__).resolve().parent
SLOW_LAYERS = ("e2e", "crosscheck")  # every test in them is marked slow
# One entry per whole report built in this process (``reportgen.pipeline.analyse_report``: build,
# render_report, cohorts, notebook, preview all go through it), and the fixtures that built one.
_BUILDS: list[int] = []
_BUILDING_FIXTURES: set[Any] = set()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/e2e and tests/crosscheck is ``slow``: ``-m "not slow"`` leaves them out."""
    for item in items:
        path = Path(item.path).resolve()
        if path.is_relative_to(TESTS) and path.relative_to(TESTS).parts[0] in SLOW_LAYERS:
            item.add_marker(pytest.mark.slow)


class _BuildingFixtures:
    """Remembers the fixtures that build a whole report (a session fixture builds it once, for many).

    A plugin, not a conftest hook: a conftest's hooks do not see the setup of session fixtures.
    """

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef: Any) -> Any:
        before = len(_BUILDS)
        try:
            return (yield)
        finally:
            if len(_BUILDS) > before:
                _BUILDING_FIXTURES.add(fixturedef)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_BuildingFixtures(), "reportgen-building-fixtures")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Any:
    item.stash[_BUILDS_BEFORE] = len(_BUILDS)
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """A test not marked slow that builds a whole report (itself or through a fixture) fails."""
    outcome = yield
    if item.get_closest_marker("slow") is None:
        used = getattr(item, "_fixtureinfo", None)
        fixtures = [d for defs in (used.name2fixturedefs.values() if used else ()) for d in defs]
        building = sorted(d.argname for d in fixtures if d in _BUILDING_FIXTURES)
        if len(_BUILDS) > item.stash[_BUILDS_BEFORE] or building:
            through = f" (through the fixture {', '.join(building)})" if building else ""
            pytest.fail(
                f"this test builds a whole report{through}: move it to tests/e2e "
                "(or mark it slow), so that `pytest -m 'not slow'` stays fast",
                pytrace=False,
            )
    return outcome


_BUILDS_BEFORE = pytest.StashKey[int]()


# --- every JSON document reportgen writes matches its schema -------------------------------------

# Documents made since the last check (kind, where, document), and counts for the summary line.
_MADE: list[tuple[str, str, Any]] = []
_COUNTS: Counter[str] = Counter()


def _check_made() -> list[str]:
    """Problems of the documents made since the last check (each is checked once)."""
    from reportgen.schemas import schema_errors

    problems = []
    while _MADE:
        kind, where, document = _MADE.pop(0)
        _COUNTS[where] += 1
        problems += [f"{kind} ({where}): {error}" for error in schema_errors(document, kind)[:3]]
    return problems


@pytest.fixture(scope="session", autouse=True)
def _record_documents() -> Iterator[None]:
    """Record every JSON document reportgen writes or builds, where it is made (see the docstring)."""
    from reportgen import export, pipeline
    from reportgen.mail import smtp
    from reportgen.results import results_json
    from reportgen.schemas import FILE_KINDS

    write_atomic, analyse_report, log_entry = export.write_atomic, pipeline.analyse_report, smtp.log_entry

    def writing(path: Path, content: bytes) -> None:
        if path.name in FILE_KINDS and FILE_KINDS[path.name] != "send-log":
            _MADE.append((FILE_KINDS[path.name], "files written", json.loads(content)))
        write_atomic(path, content)

    def analysing(*args: Any, **kwargs: Any) -> Any:
        analysed = analyse_report(*args, **kwargs)
        _BUILDS.append(1)
        _MADE.append(("results", "results built in memory", json.loads(results_json(analysed.results))))
        return analysed

    def logging(*args: Any, **kwargs: Any) -> dict[str, Any]:
        entry = log_entry(*args, **kwargs)
        _MADE.append(("send-log", "send-log lines", json.loads(json.dumps(entry))))
        return entry

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(export, "write_atomic", writing)
        patch.setattr(pipeline, "analyse_report", analysing)
        patch.setattr(smtp, "log_entry", logging)
        yield
    _fail_on(_check_made(), "made at the end of the session")


@pytest.fixture(autouse=True)
def _documents_match_their_schemas() -> Iterator[None]:
    """Every JSON document a test made matches its schema (those its session and module fixtures made:
    checked before it runs)."""
    _fail_on(_check_made(), "made before the test, by its fixtures")
    yield
    _fail_on(_check_made(), "made by the test")


def _fail_on(problems: list[str], when: str) -> None:
    if problems:
        pytest.fail(f"JSON that does not match its schema ({when}):\n" + "\n".join(problems), pytrace=False)


# --- parallel runs (pytest-xdist, `pytest -n auto`) -------------------------------------------------


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadscope`` (pyproject's addopts) sends the modules that share a cached build as one
    unit (tests/support/scheduling.py); any other ``--dist`` is pytest-xdist's own."""
    if config.getvalue("dist") != "loadscope":
        return None
    from tests.support.scheduling import SharedBuildScheduling

    return SharedBuildScheduling(config, log)


@pytest.hookimpl(trylast=True)  # after the session fixtures' teardown, which checks the last documents
def pytest_sessionfinish(session: pytest.Session) -> None:
    """A pytest-xdist worker hands its counts to the controller, which prints the summary line."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["reportgen_schema_counts"] = dict(_COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """The controller adds up the counts of each worker as it finishes (pytest-xdist's hook)."""
    _COUNTS.update(getattr(node, "workeroutput", {}).get("reportgen_schema_counts", {}))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _COUNTS:
        counts = ", ".join(f"{n} {where}" for where, n in sorted(_COUNTS.items()))
        terminalreporter.write_line(f"checked against the JSON schemas: {counts}")
