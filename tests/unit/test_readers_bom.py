"""A UTF-16 byte order mark in front of UTF-8 text is named as such (breaker round 7: the file was read
as one line of nonsense characters, "has a header but no data rows")."""

from __future__ import annotations

import pytest

from reportgen.readers import decode, utf8_behind_utf16_mark

TEXT = "child,age,height\nc01,2,84.8\nc01,3,91.3\n"


@pytest.mark.parametrize("mark", [b"\xff\xfe", b"\xfe\xff"])
def test_utf8_text_behind_a_utf16_mark_is_refused(mark: bytes) -> None:
    raw = mark + TEXT.encode("utf-8")
    assert utf8_behind_utf16_mark(raw)
    with pytest.raises(UnicodeDecodeError) as raised:
        decode(raw)
    assert raised.value.encoding == "utf-16" and raised.value.reason == "UTF-8 text follows the mark, from"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_with_its_mark_is_still_read(codec: str) -> None:
    raw = TEXT.encode(codec) if codec == "utf-16" else "\ufeff".encode(codec) + TEXT.encode(codec)
    assert not utf8_behind_utf16_mark(raw)
    assert decode(raw) == (TEXT, "utf-16")
