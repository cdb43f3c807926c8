"""Branding in Word: the ``[theme]`` (reportgen.theme) on a python-docx document's styles and header."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.theme import Theme

# The styles the writer uses for the title and headings (reportgen.word_export).
HEADING_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3")
LOGO_HEIGHT_CM = 1.2


def apply_theme(document: Any, theme: Theme) -> None:
    """Set the theme's fonts and colour on the document's styles and put its logo in every header.

    Applied after a reference document's styles (--reference-docx): what ``[theme]`` names wins.
    """
    from docx.shared import RGBColor

    styles = {style.name: style for style in document.styles}
    if theme.font:
        _set_font(styles["Normal"], theme.font)
    for name in HEADING_STYLES:
        style = styles.get(name)
        if style is None:
            continue
        if theme.heading_font:
            _set_font(style, theme.heading_font)
        if theme.color:
            style.font.color.rgb = RGBColor.from_string(hex_color(theme.color))
    if theme.color and "Hyperlink" in styles:
        styles["Hyperlink"].font.color.rgb = RGBColor.from_string(hex_color(theme.color))
    if theme.logo:
        for section in document.sections:
            headers = [section.header]
            if section.different_first_page_header_footer:
                headers.append(section.first_page_header)
            for header in headers:
                _add_logo(header, theme.logo.content)


def _set_font(style: Any, family: str) -> None:
    """A style's font family, for Latin and East Asian text alike (Word reads either)."""
    from docx.oxml.ns import qn

    style.font.name = family
    fonts = style.element.rPr.rFonts
    for attribute in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), family)
    for theme_attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme_attribute), None)  # a theme font would win over the name


def _add_logo(header: Any, content: bytes) -> None:
    """The logo at the start of a header, in a paragraph of its own above what the header holds."""
    from docx.shared import Cm

    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    if paragraph.text or paragraph.runs:
        paragraph = paragraph.insert_paragraph_before()
    paragraph.add_run().add_picture(io.BytesIO(content), height=Cm(LOGO_HEIGHT_CM))


def hex_color(color: str) -> str:
    """A checked colour as six hex digits (``RRGGBB``), for Word."""
    if color.startswith("#"):
        digits = color[1:]
        return (digits if len(digits) == 6 else "".join(d * 2 for d in digits)).upper()
    from reportgen.theme import RGB_COLOR

    channels = RGB_COLOR.fullmatch(color)
    if channels:
        return "".join(f"{int(c):02X}" for c in channels.groups())
    from matplotlib.colors import to_hex

    return to_hex(color).lstrip("#").upper()
