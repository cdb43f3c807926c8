"""The documentation's promises: every example runs, the site builds, the README stays true.

The examples are run by :mod:`tests.support.docs_examples` (its docstring says how); the site is built with
``mkdocs build --strict``, the output-key tables rendered from the JSON Schemas.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path
from types import ModuleType

import pytest

from reportgen.cli import cli
from tests.conftest import REPO
from tests.support import docs_examples

README = (REPO / "README.md").read_text()
SCHEMAS = REPO / "reportgen" / "schemas"
FIXTURE_SCHEMAS = REPO / "tests" / "support" / "fixtures" / "schemas"


# --- every example in docs/ runs --------------------------------------------------------------------


EXAMPLE_PAGES = [
    page.relative_to(docs_examples.DOCS).as_posix()
    for page in docs_examples.pages()
    if any(block.lang in docs_examples.RUNNABLE for block in docs_examples.blocks(page))
]


def test_skips_are_few_and_say_why() -> None:
    skips = [
        (block.where, block.directive("skip"))
        for page in docs_examples.pages()
        for block in docs_examples.blocks(page)
        if block.directive("skip") is not None
    ]
    assert 0 < len(skips) <= 8, skips
    for where, reason in skips:
        assert reason in docs_examples.SKIP_REASONS, f"{where}: unknown reason {reason!r}"


def test_examples_are_found() -> None:
    runnable = [
        block
        for page in docs_examples.pages()
        for block in docs_examples.blocks(page)
        if block.lang in docs_examples.RUNNABLE and block.directive("skip") is None
    ]
    assert len(runnable) >= 30
    assert {"tutorial.md", "how-to/email.md", "how-to/dask.md"} <= set(EXAMPLE_PAGES)


def test_console_expectations() -> None:
    assert docs_examples.matches(["Wrote ... to output/", ""], ["Wrote report.html to output/"])
    assert not docs_examples.matches(["Error: a"], ["Error: a", "more"])
    assert docs_examples.console_session("$ a\nout\n$ b\n") == [("a", ["out"]), ("b", [])]
    assert docs_examples.bash_commands("a --x \\\n  --y  # note\n# only a comment\nb && c\n") == [
        "a --x    --y",
        "b && c",
    ]


# --- the site builds ----------------------------------------------------------------------------------


def _hook(name: str = "schema_tables") -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "docs" / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_schema_tables_render_every_key() -> None:
    text = _hook().render_all(FIXTURE_SCHEMAS)
    assert text.index("### results.json") < text.index("### manifest.json")  # results first
    for row in (
        "| `data.removed[].line` | integer | Its line in the file. |",
        "| `subject_fits.<id>.slope` | number or null | Its slope \\| per time unit. |",
        '| `model_choice.model` | `"random_intercept"` or `"random_slope"` | The chosen model. |',
        "| `model_choice.uncorrelated_lrt.chisq` | number | The statistic. |",
        '| `cohorts[].status` | `"ok"` or `"skipped"` or `"error"` | What happened to it. |',
    ):
        assert row in text


def test_schema_tables_without_schemas_say_where(tmp_path: Path) -> None:
    hook = _hook()
    with pytest.raises(hook.SchemaError) as info:
        hook.render_all(tmp_path)
    assert str(info.value) == (
        f"no JSON Schemas (*.schema.json) in {tmp_path}: the results reference is rendered from "
        "reportgen/schemas/ at build time; merge the branch that adds them, or set "
        "REPORTGEN_DOCS_SCHEMAS to a folder of schemas"
    )


def test_cli_help_keeps_examples_and_placeholders() -> None:
    page = (
        "<p>Run it: DIR/<cohort>/x, <code>y</code></p>\n<p>Example:\n    reportgen build\n    reportgen x</p>"
    )
    assert _hook("cli_help").fix_help(page) == (
        "<p>Run it: DIR/&lt;cohort&gt;/x, <code>y</code></p>\n"
        "<p>Example:</p>\n<pre><code>reportgen build\nreportgen x</code></pre>"
    )


def test_config_reference_lists_every_key() -> None:
    from reportgen.citations import REFERENCE_KEYS
    from reportgen.config import COHORT_KEYS
    from reportgen.settings import TABLES

    # The key tables are written from the settings table by a docs hook when the site is built.
    page = _hook("config_tables").render_page((REPO / "docs" / "reference" / "config.md").read_text())
    sections = dict(re.findall(r"^## `\[\[?(\w+)\]?\]`\n(.*?)(?=^## |\Z)", page, re.M | re.S))
    assert set(sections) == {*TABLES, "cohort", "references"}
    for table, keys in [*TABLES.items(), ("cohort", COHORT_KEYS), ("references", REFERENCE_KEYS)]:
        for key in keys:
            assert f"| `{key}` |" in sections[table], f"[{table}] {key}"


def test_every_command_has_help_with_an_example() -> None:
    commands = [(name, command) for name, command in cli.commands.items()]
    commands += [(f"templates {n}", c) for n, c in cli.commands["templates"].commands.items()]  # type: ignore[attr-defined]
    for name, command in commands:
        assert command.help and "Example" in command.help, name


# --- the README ---------------------------------------------------------------------------------------


def _setup_commands() -> list[str]:
    block = README.split("## Set up", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_readme_has_the_two_setup_commands() -> None:
    install, test = _setup_commands()
    assert "pip install" in install and "reportgen build" in install
    assert test == "python3 -m pytest -n auto"  # pytest-xdist: the suite on every core, as CI runs it


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    assert _setup_commands()[1] in ci


def test_usage_examples_parse() -> None:
    """Every `reportgen ...` line in the README's usage block is accepted by the CLI parser."""
    block = README.split("## Usage", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    examples = [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]
    assert len(examples) >= 4
    for example in (e for e in examples if "--help" not in e):
        args = shlex.split(example)[1:]
        command = cli.commands[args[0]]
        ctx = command.make_context(args[0], args[1:], resilient_parsing=False)
        assert ctx.params is not None, example


def test_readme_picture_exists() -> None:
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert len(pictures) == 2  # sleepstudy's report and ChickWeight's covariate section
    for picture in pictures:
        assert (REPO / picture).stat().st_size > 10_000


def test_readme_links_into_the_docs() -> None:
    links = re.findall(r"\]\((docs/[^)#]+\.md)(?:#[^)]*)?\)", README)
    assert "docs/index.md" in links and "docs/tutorial.md" in links
    for link in links:
        assert (REPO / link).is_file(), link
