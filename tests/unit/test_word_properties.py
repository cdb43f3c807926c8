"""Word's core properties hold at most 255 characters: a longer title is cut there (breaker round 5:
a 300-character --title gave a python-docx traceback)."""

from __future__ import annotations

import pytest

from reportgen.word_export import PROPERTY_LIMIT, _property


@pytest.mark.parametrize("length", [0, 10, 255, 256, 300])
def test_a_property_fits_words_limit(length: int) -> None:
    text = "T" * length
    cut = _property(text)
    assert len(cut) <= PROPERTY_LIMIT == 255
    assert (cut == text) is (length <= 255)


def test_python_docx_accepts_the_cut_property() -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = _property("T" * 300)  # raises ValueError past 255
    assert document.core_properties.title.endswith("…")
