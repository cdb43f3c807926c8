"""Branding checks (reportgen.theme): every [theme] value that reaches CSS or Word's XML is checked."""

from __future__ import annotations

import dataclasses
import struct
import zlib
from pathlib import Path

import pytest

from reportgen.config import BuildConfig
from reportgen.errors import ConfigError
from reportgen.theme import (
    LOGO_LIMIT,
    Logo,
    Theme,
    as_color,
    as_font,
    as_logo,
    read_logo,
    style_fingerprint,
)
from reportgen.word_theme import hex_color


def png(width: int = 4, height: int = 2, rgb: tuple[int, int, int] = (255, 102, 0)) -> bytes:
    """A small PNG of one colour, written by hand (no image library)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("value", ["#2b5797", "#abc", "#ABCDEF", "rgb(43, 87, 151)", "rgb(0,0,255)", "navy"])
def test_colours_in_the_three_forms_pass(value: str) -> None:
    assert as_color(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "red;}</style><script>alert(1)</script>",
        "red; background: url(http://x)",
        "#12345",
        "#1234567",
        "rgb(256, 0, 0)",
        "rgba(0, 0, 0, 0.5)",
        "url(http://example.org/x.png)",
        "var(--ink)",
        "Navy",  # CSS names are lower case here: one spelling, one check
        "notacolour",
        "",
        3,
        None,
    ],
)
def test_anything_else_is_refused_saying_what_a_colour_is(value: object) -> None:
    with pytest.raises(ValueError, match=r'a colour as "#2b5797", "rgb\(43, 87, 151\)"'):
        as_color(value)


@pytest.mark.parametrize("value", ["Source Sans 3", "DejaVu Serif", "Noto_Sans-JP"])
def test_font_names_pass(value: str) -> None:
    assert as_font(value) == value


@pytest.mark.parametrize(
    "value",
    ['A"; } body { color: red', "Arial;", "Arial}", "Font</style>", "@import", " Leading", "a" * 65, "", 12],
)
def test_font_names_that_could_leave_the_style_block_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match="a font family name"):
        as_font(value)


def test_logo_names_png_and_jpeg_pass_svg_is_refused_as_such() -> None:
    assert as_logo("brand/logo.PNG") == Path("brand/logo.PNG")
    assert as_logo("logo.jpeg") == Path("logo.jpeg")
    with pytest.raises(ValueError, match="an SVG can carry scripts"):
        as_logo("logo.svg")
    for bad in ("logo.gif", "", "logo", 3):
        with pytest.raises(ValueError, match="PNG or JPEG"):
            as_logo(bad)


def test_a_logo_is_read_by_its_bytes(tmp_path: Path) -> None:
    good = tmp_path / "logo.png"
    good.write_bytes(png())
    assert read_logo(good) == Logo("image/png", png())
    jpeg = tmp_path / "logo.jpg"
    jpeg.write_bytes(_jpeg())
    assert read_logo(jpeg).media_type == "image/jpeg"
    jpeg.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 20)  # a JPEG signature only: decoded, refused
    with pytest.raises(ConfigError, match="is not a readable image"):
        read_logo(jpeg)


def _jpeg() -> bytes:
    """A small JPEG (Pillow, which reportgen decodes logos with)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 4), "orange").save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not a PNG or JPEG"),
        (b"GIF89a", "not a PNG or JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * LOGO_LIMIT, "larger than 1 MiB"),
    ],
)
def test_a_logo_that_is_no_png_or_jpeg_or_too_large_is_one_line_naming_the_key(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=problem) as caught:
        read_logo(path)
    assert caught.value.key == "theme.logo"
    assert "\n" not in str(caught.value) and str(caught.value).startswith("'logo' in [theme]")


def test_a_missing_logo_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found") as caught:
        read_logo(tmp_path / "nowhere.png")
    assert caught.value.key == "theme.logo"


def test_the_css_carries_each_value_set_and_nothing_else() -> None:
    assert Theme().css == "" and Theme().email_css == ""
    css = Theme(color="rgb(200, 30, 90)", font="Source Sans 3", heading_font="DejaVu Serif").css
    assert ":root { --accent: rgb(200, 30, 90); }" in css
    assert 'html { font-family: "Source Sans 3",' in css
    assert 'h1, h2, h3, .part-label { font-family: "DejaVu Serif",' in css
    assert ".brand-logo" not in css
    assert ".brand-logo" in Theme(logo=Logo("image/png", png())).css
    # The other colour, the other words: nothing of the first theme is left.
    other = Theme(color="navy").css
    assert other == ":root { --accent: navy; }"


def test_email_rules_name_the_colour_and_fonts_without_css_variables() -> None:
    css = Theme(color="#2b5797", font="Source Sans 3").email_css
    assert "h1 { color: #2b5797; }" in css and "var(" not in css
    assert '.findings td { font-family: "Source Sans 3", Arial' in css


@pytest.mark.parametrize(
    ("color", "hex_digits"),
    [("#abc", "AABBCC"), ("#2b5797", "2B5797"), ("rgb(1, 2, 255)", "0102FF"), ("navy", "000080")],
)
def test_word_gets_every_colour_as_six_hex_digits(color: str, hex_digits: str) -> None:
    assert hex_color(color) == hex_digits


def test_the_style_fingerprint_follows_the_logo_and_reference_bytes(
    tmp_path: Path, config: BuildConfig
) -> None:
    """The cohorts' cache key: a new logo or reference document (same path) rebuilds."""
    logo, reference = tmp_path / "logo.png", tmp_path / "house.docx"
    logo.write_bytes(png(rgb=(255, 0, 0)))
    reference.write_bytes(b"first")
    plain = config
    config = dataclasses.replace(plain, theme_logo=logo, reference_docx=reference)
    before = style_fingerprint(config)
    assert style_fingerprint(config) == before
    logo.write_bytes(png(rgb=(0, 0, 255)))
    after_logo = style_fingerprint(config)
    reference.write_bytes(b"second")
    after_reference = style_fingerprint(config)
    assert len({before, after_logo, after_reference}) == 3
    assert style_fingerprint(dataclasses.replace(config, theme_color="navy")) != after_reference
    assert style_fingerprint(plain) != after_reference


def test_the_cohorts_cache_key_changes_with_the_theme_and_the_reference(
    tmp_path: Path, config: BuildConfig
) -> None:
    """word25's finding: a new reference document did not rebuild cached cohort reports."""
    from reportgen.cohorts.cache import cache_key, fingerprint

    reference = tmp_path / "house.docx"
    reference.write_bytes(b"first")
    with_reference = dataclasses.replace(config, reference_docx=reference)
    keys = [cache_key(fingerprint(with_reference), with_reference, {"sha256": "rows"})]
    reference.write_bytes(b"second")
    keys.append(cache_key(fingerprint(with_reference), with_reference, {"sha256": "rows"}))
    themed = dataclasses.replace(with_reference, theme_color="navy")
    keys.append(cache_key(fingerprint(themed), themed, {"sha256": "rows"}))
    assert len(set(keys)) == 3
