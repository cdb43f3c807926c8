"""``[[references]]`` tables name an article's journal, volume, pages and DOI (issue 25 item 8): they
reach the styled reference list, escaped, and an entry without them stays a data set."""

from __future__ import annotations

import pytest

from reportgen.citations import as_references, references_for

ARTICLE = {
    "title": "Patterns of performance degradation & recovery",
    "author": ["Belenky, Gregory", "Wesensten, Nancy J."],
    "year": 2003,
    "journal": "Journal of Sleep <Research>",
    "volume": "12",
    "pages": "1-12",
    "doi": "10.1046/j.1365-2869.2003.00337.x",
}


def _entry(table: dict[str, object]) -> str:
    """The styled entry of ``table`` (lme4, always cited, is the other)."""
    entries = references_for({}, as_references([table]), "", bundled_data=False).entries
    (entry,) = [str(e) for e in entries if "degradation" in e]
    return entry


def test_an_article_lists_its_journal_volume_pages_and_doi_escaped() -> None:
    entry = _entry(ARTICLE)
    assert "Journal of Sleep &lt;Research&gt;" in entry and "<Research>" not in entry
    assert "12" in entry and ("1–12" in entry or "1-12" in entry)
    assert "10.1046/j.1365-2869.2003.00337.x" in entry
    assert "degradation &amp; recovery" in entry


def test_without_a_journal_the_entry_has_none() -> None:
    entry = _entry({k: v for k, v in ARTICLE.items() if k not in ("journal", "volume", "pages")})
    assert "Journal" not in entry and "1-12" not in entry


@pytest.mark.parametrize("key", ["journal", "volume", "pages", "doi", "url"])
def test_a_field_that_is_not_text_is_refused(key: str) -> None:
    with pytest.raises(ValueError, match="journal, volume, pages, doi"):
        as_references([{**ARTICLE, key: 12}])
