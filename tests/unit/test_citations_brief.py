"""The short references list (reportgen.citations.References.brief), the handout's and the email's:
the data's works and lme4, picked by key from the styled list; and the references rebuilt from a
built report's results.json (recorded_references), escaped like the report's own."""

from __future__ import annotations

from typing import Any

import pytest

from reportgen.citations import Reference, is_brief, recorded_references, references_for
from tests.unit.test_citations import glmm, linear


@pytest.mark.parametrize(
    "key, kept",
    [
        ("data1", True),
        ("data12", True),
        ("sleepstudy", True),
        ("lme4", True),
        ("lmertest", False),
        ("satterthwaite", False),
        ("laplace", False),
        ("r2", False),
        ("database", False),
    ],
)
def test_a_short_list_keeps_the_data_and_lme4(key: str, kept: bool) -> None:
    assert is_brief(key) is kept


def _titles(entries: tuple[Any, ...]) -> list[str]:
    return [entry.striptags() for entry in entries]


def test_the_brief_list_is_the_full_list_without_the_methods() -> None:
    mine = Reference("Growth survey", ("Smith, Ann",), 2020)
    full = references_for(linear(), (mine,), "", bundled_data=False)
    brief = full.brief()
    assert len(full.entries) == 6 and len(brief) == 2  # lme4, lmerTest, Satterthwaite, R², BF
    assert set(brief) <= set(full.entries)
    assert ["Bates" in t or "Smith" in t for t in _titles(brief)] == [True, True]
    assert not any("Kuznetsova" in t or "Satterthwaite" in t for t in _titles(brief))


def test_the_bundled_data_are_cited_only_when_they_are_the_data() -> None:
    bundled = references_for(glmm(), (), "", bundled_data=True).brief()
    other = references_for(glmm(), (), "", bundled_data=False).brief()
    assert any("Belenky" in t for t in _titles(bundled))
    assert _titles(other) == [t for t in _titles(bundled) if "Belenky" not in t] and len(other) == 1


def test_the_references_are_rebuilt_from_results_json_escaped() -> None:
    """results.json records the [[references]] tables as given (every key, None where not given)."""
    written = {
        "title": "Growth <b>survey</b> & co",
        "author": ["Smith, Ann", "Stats <Unit>"],
        "year": 2020,
        "url": None,
        "journal": None,
        "volume": None,
        "pages": None,
        "doi": None,
    }
    config = {"references": [written], "source": "a survey"}
    results = linear(provenance={"config": config})
    recorded = recorded_references(results, bundled_data=False)
    assert recorded.source == "a survey"
    page = "".join(recorded.brief())
    assert "Growth &lt;b&gt;survey&lt;/b&gt; &amp; co" in page and "<b>" not in page
    assert "Stats &lt;Unit&gt;" in page
    assert recorded == references_for(
        results, (Reference(**written | {"author": tuple(written["author"])}),), "a survey", False
    )


def test_a_report_without_recorded_references_cites_lme4_alone() -> None:
    assert _titles(recorded_references(linear(), bundled_data=False).brief())[0].startswith("Bates")
    assert len(recorded_references(linear(), bundled_data=False).brief()) == 1
