"""A report's analysis factorizes its group column once for all of its fits, and keeps nothing
after it (reportgen.analysis.group_codes replaced a module-level table)."""

from __future__ import annotations

import pytest

from reportgen.analysis import analyze
from reportgen.analysis.group_codes import open_codes
from reportgen.clean import clean
from reportgen.config import make_config
from reportgen.pipeline import read_source
from reportgen.prepare import prepare
from tests.support.group_codes import counted_factorizations


def test_the_sleepstudy_analysis_factorizes_its_group_column_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counted_factorizations(monkeypatch)
    raw, _ = read_source(make_config())
    prepared = prepare(raw, make_config())
    analysis = analyze(clean(prepared.frame, prepared.config), prepared.config)
    assert analysis.random_slope is not None  # many fits were made: ...
    assert len(calls) == 1  # ... of one factorization
    assert open_codes() is None
