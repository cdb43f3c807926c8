"""The preview's error banner shows the build error as the terminal's Error line does: escaped for
HTML, and with control characters spelled out (a column name holding ESC[2J), never sent raw."""

from __future__ import annotations

from reportgen.preview import error_banner


def test_the_banner_spells_out_control_characters_and_escapes_html() -> None:
    banner = error_banner("column '\x1b[2J<b>' not found", "12:00:00")
    assert "\x1b" not in banner
    assert "Error: column &#x27;\\x1b[2J&lt;b&gt;&#x27; not found" in banner


def test_a_plain_error_is_shown_as_it_is() -> None:
    assert "Error: the data file is empty</pre>" in error_banner("the data file is empty", None)
