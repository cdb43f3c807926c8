"""The notation of crossed groupings: ``--group patient --crossed site`` and ``crossed = [...]`` in
``[data]`` (reportgen/crossed_notation.py, the ``crossed`` setting; issue 24)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reportgen.analysis.multilevel import grouping_terms, lme4_formula
from reportgen.config import BuildConfig, make_config
from reportgen.errors import ConfigError


def _config(tmp_path: Path, **settings: Any) -> BuildConfig:
    data = tmp_path / "d.csv"
    data.write_text("patient,site,visit,score\n1,A,0,1\n")
    columns = {"response": "score", "time": "visit", "group": "patient"}
    return make_config(data_path=data, **{**columns, **settings})


def test_crossed_columns_are_kept_apart_from_nested_ones(tmp_path: Path) -> None:
    config = _config(tmp_path, crossed=("site",))
    assert (config.group, config.crossed, config.outer_groups) == ("patient", ("site",), ())
    nested = _config(tmp_path, group="site/patient")
    assert (nested.group, nested.crossed, nested.outer_groups) == ("patient", (), ("site",))


def test_the_config_file_takes_crossed_as_a_list(tmp_path: Path) -> None:
    toml = tmp_path / "reportgen.toml"
    toml.write_text('[data]\ngroup = "patient"\ncrossed = ["site", "rater"]\n')
    config = make_config(config_file=toml, data_path=tmp_path / "d.csv", response="score", time="visit")
    assert config.crossed == ("site", "rater")
    toml.write_text('[data]\ncrossed = "site"\n')
    with pytest.raises(ConfigError, match="list of column names"):
        make_config(config_file=toml)


def test_a_crossed_column_that_is_another_role_is_refused(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigError, match=r"the group and the crossed group 1 are both column 'patient'.*--crossed"
    ):
        _config(tmp_path, crossed=("patient",))
    with pytest.raises(ConfigError, match="the time and the crossed group 1 are both column 'visit'"):
        _config(tmp_path, crossed=("visit",))


def test_crossed_with_nested_groups_is_refused_naming_both_forms(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as refused:
        _config(tmp_path, group="site/patient", crossed=("rater",))
    assert str(refused.value) == (
        "--crossed rater cannot be combined with nested groups (--group site/patient) yet; "
        "give --group patient --crossed rater, or --group site/patient alone"
    )


def test_crossed_terms_stand_alone_where_nested_ones_join() -> None:
    assert grouping_terms(("site", "patient")) == ("site", "site:patient")
    assert grouping_terms(("site", "patient"), crossed=True) == ("site", "patient")
    assert grouping_terms(("rater", "site", "patient"), ("side",), crossed=True) == (
        "rater",
        "site",
        "patient",
        "patient:side",
    )
    terms = grouping_terms(("site", "patient"), crossed=True)
    assert lme4_formula("score", "visit", "visit", terms, frozenset({"patient"})) == (
        "score ~ visit + (1 | site) + (visit | patient)"
    )


def test_a_binomial_build_says_the_crossed_level_is_left_out(tmp_path: Path) -> None:
    """The model at every level is linear: for a binomial response its crossed term is left out,
    and said, as for nested groups."""
    from reportgen.warning_lines import build_warnings

    results = {"data": {}, "family": {"name": "binomial"}}
    (line,) = build_warnings(results, _config(tmp_path, crossed=("site",)))
    assert line.startswith("the model at every level (between sites) is left out: the response is binomial")
    assert (
        build_warnings({**results, "family": {"name": "gaussian"}}, _config(tmp_path, crossed=("site",)))
        == ()
    )


def test_a_missing_crossed_column_is_one_line_naming_the_option(tmp_path: Path) -> None:
    import pandas as pd

    from reportgen.errors import ColumnError
    from reportgen.prepare import prepare

    config = _config(tmp_path, crossed=("clinic",))
    raw = pd.DataFrame({"patient": ["1"], "site": ["A"], "visit": ["0"], "score": ["1"]})
    with pytest.raises(ColumnError) as missing:
        prepare(raw, config)
    assert str(missing.value).endswith("use --crossed to name the crossed column")
