"""Branding: the ``[theme]`` table of ``reportgen.toml`` (a logo, a colour, fonts), checked and applied.

Every value is checked before it reaches a document, because each ends up inside CSS or Word's XML:
a colour is a hex colour, ``rgb(r, g, b)`` or a CSS colour name; a font is a family name of letters,
digits, spaces, hyphens and underscores (no quotes, semicolons or braces, so nothing can close the
style block); a logo is a local PNG or JPEG of at most :data:`LOGO_LIMIT` bytes, read by its bytes
(an SVG can carry scripts and is refused). Nothing is fetched: the logo is embedded (a ``data:`` URI
in HTML and PDF, a ``cid:`` part in email, a picture in Word's header) and fonts are only named, so
the reader's system, WeasyPrint or Word picks the family, else the fallback.

This module imports nothing heavy: :mod:`reportgen.settings` takes its checks.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from markupsafe import Markup


class Styled(Protocol):
    """What a theme is read from: a BuildConfig's look settings (named here, not imported, since
    reportgen.config checks the logo through this module)."""

    @property
    def theme_color(self) -> str | None: ...
    @property
    def theme_font(self) -> str | None: ...
    @property
    def theme_heading_font(self) -> str | None: ...
    @property
    def theme_logo(self) -> Path | None: ...
    @property
    def reference_docx(self) -> Path | None: ...


LOGO_LIMIT = 1 << 20  # 1 MiB: a logo, not a photograph
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
LOGO_SIDE = 4096  # pixels a side at most: a logo, not a decompression bomb (an 11 KB PNG can claim 60000)
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
# The fallbacks after a named family, as in report.css.
SANS_FALLBACK = '"DejaVu Sans", "Helvetica Neue", Arial, sans-serif'
LOGO_CSS = "block; max-height: 3.5rem; max-width: 14rem; margin: 0 0 1rem"  # display: ...
EMAIL_FALLBACK = "Arial, Helvetica, sans-serif"  # as email.html.j2
# CSS Color Module Level 4's named colours (the 148 of CSS4; matplotlib.colors.CSS4_COLORS too).
CSS_COLOR_NAMES = frozenset(
    """aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown
    burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan
    darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid
    darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet
    deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro
    ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
    lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow
    lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray
    lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine
    mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise
    mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab
    orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru
    pink plum powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown
    seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan
    teal thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen""".split()
)
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
RGB_COLOR = re.compile(r"rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)")
_FONT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,63}")


# --- checks: a value as given -> the setting, or ValueError("<what it must be>") -----------------------


def as_color(value: Any) -> str:
    """A CSS colour: ``#rgb``, ``#rrggbb``, ``rgb(r, g, b)`` (0 to 255) or a CSS colour name."""
    if isinstance(value, str):
        if _HEX.fullmatch(value) or value in CSS_COLOR_NAMES:
            return value
        channels = RGB_COLOR.fullmatch(value)
        if channels and all(int(c) <= 255 for c in channels.groups()):
            return value
    raise ValueError('a colour as "#2b5797", "rgb(43, 87, 151)" or a CSS colour name such as "navy"')


def as_font(value: Any) -> str:
    """A font family name: letters, digits, spaces, hyphens and underscores, at most 64 characters."""
    if isinstance(value, str) and _FONT.fullmatch(value) and value.strip() == value:
        return value
    raise ValueError('a font family name of letters, digits, spaces and hyphens, e.g. "Source Sans 3"')


def as_logo(value: Any) -> Path:
    """The path of a PNG or JPEG logo, by its name (its bytes are checked by :func:`read_logo`)."""
    if isinstance(value, str) and value.strip():
        path = Path(value).expanduser()
        if path.suffix.lower() == ".svg":
            raise ValueError("a PNG or JPEG file (an SVG can carry scripts; export the logo as PNG)")
        if path.suffix.lower() in LOGO_SUFFIXES:
            return path
    raise ValueError('the path of a PNG or JPEG file, e.g. "logo.png"')


# --- the theme --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Logo:
    """A checked logo: its media type and bytes."""

    media_type: str
    content: bytes

    @property
    def data_uri(self) -> str:
        """The logo as a ``data:`` URI (HTML and PDF embed it; nothing is fetched)."""
        return f"data:{self.media_type};base64," + base64.b64encode(self.content).decode("ascii")


@dataclass(frozen=True)
class Theme:
    """The ``[theme]`` settings; ``None`` where the built-in look stays."""

    color: str | None = None
    font: str | None = None
    heading_font: str | None = None
    logo: Logo | None = None

    @property
    def css(self) -> Markup:
        """The CSS that applies the theme over report.css (empty when nothing is set).

        Safe to place in a ``<style>`` element unescaped: every value passed a check above.
        """
        return _rules(
            (":root", "--accent", self.color),
            ("html", "font-family", _family(self.font, SANS_FALLBACK)),
            ("h1, h2, h3, .part-label", "font-family", _family(self.heading_font, SANS_FALLBACK)),
            (".brand-logo", "display", LOGO_CSS if self.logo else None),
        )

    @property
    def email_css(self) -> Markup:
        """The theme for the email's own rules (css-inline inlines them; mail clients know no CSS
        variables), placed after them so they win."""
        return _rules(
            ("h1", "color", self.color),
            ("p, .kicker, .findings th, .findings td", "font-family", _family(self.font, EMAIL_FALLBACK)),
            ("h1, h2", "font-family", _family(self.heading_font, EMAIL_FALLBACK)),
        )


def _family(name: str | None, fallback: str) -> str | None:
    """A checked family name first, then the built-in stack."""
    return f'"{name}", {fallback}' if name else None


def _rules(*rules: tuple[str, str, str | None]) -> Markup:
    """CSS rules ``selector { property: value; }``, of those with a value."""
    from markupsafe import Markup

    return Markup("\n".join(f"{selector} {{ {name}: {value}; }}" for selector, name, value in rules if value))


def read_logo(path: Path) -> Logo:
    """The logo at ``path``, checked by its bytes.

    Raises:
        ConfigError: missing, unreadable, over :data:`LOGO_LIMIT`, or not a PNG or JPEG; the message
            names the key ``[theme] logo``.
    """
    from reportgen.errors import ConfigError
    from reportgen.load import FileRefused, read_regular

    def refused(problem: str) -> ConfigError:
        return ConfigError(f"'logo' in [theme]: '{path}' {problem}", key="theme.logo", path=str(path))

    try:
        content = read_regular(path, limit=LOGO_LIMIT)
    except FileRefused as exc:
        raise refused(f"{exc}; give a PNG or JPEG of at most 1 MiB") from None
    except FileNotFoundError:
        raise refused("not found; give the path of a PNG or JPEG file") from None
    except OSError as exc:
        raise refused(f"cannot be read: {exc.strerror}") from None
    media_type = next((kind for magic, kind in LOGO_TYPES.items() if content.startswith(magic)), None)
    if media_type is None:
        raise refused("is not a PNG or JPEG image by its content; export the logo as PNG")
    problem = _undecodable(content)
    if problem is not None:
        raise refused(f"{problem}; export the logo again as PNG")
    return Logo(media_type, content)


def _undecodable(content: bytes) -> str | None:
    """Why the image ``content`` cannot be a logo (too large, or broken), decoded whole with Pillow
    as Word and the PDF would; None when it can."""
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height = image.size
                if width > LOGO_SIDE or height > LOGO_SIDE:
                    return f"is {width} x {height} pixels, more than {LOGO_SIDE} x {LOGO_SIDE}"
                image.verify()  # a PNG's chunks and checksums, whatever WeasyPrint set globally
            with Image.open(io.BytesIO(content)) as image:
                image.load()  # every pixel decoded: a corrupt file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"claims more pixels than {LOGO_SIDE} x {LOGO_SIDE}"
    except Image.UnidentifiedImageError:
        return "is not a readable image (no image follows its PNG or JPEG signature)"
    except (OSError, ValueError, SyntaxError, EOFError) as exc:  # what Pillow raises for broken images
        return f"is not a readable image ({exc})"
    return None


def theme_of(config: Styled) -> Theme:
    """The theme a config asks for (its logo read and checked).

    Raises:
        ConfigError: the logo cannot be used (see :func:`read_logo`).
    """
    return Theme(
        color=config.theme_color,
        font=config.theme_font,
        heading_font=config.theme_heading_font,
        logo=read_logo(config.theme_logo) if config.theme_logo else None,
    )


def theme_from_settings(settings: dict[str, Any]) -> Theme:
    """The theme of a config file's settings (see :func:`reportgen.config.read_config_file`)."""
    logo = settings.get("theme_logo")
    return Theme(
        color=settings.get("theme_color"),
        font=settings.get("theme_font"),
        heading_font=settings.get("theme_heading_font"),
        logo=read_logo(logo) if logo else None,
    )


def style_fingerprint(config: Styled) -> str:
    """SHA-256 of how the documents look: the theme (the logo's bytes) and the reference .docx's bytes.

    Both are left out of the settings a report records (they change how it looks, not what it
    says), so the cohorts' cache key takes them from here.
    """
    digest = hashlib.sha256()
    for value in (config.theme_color, config.theme_font, config.theme_heading_font):
        digest.update(f"{value}\0".encode())
    for path in (config.theme_logo, config.reference_docx):
        digest.update(_file_digest(path) + b"\0")
    return digest.hexdigest()


def _file_digest(path: Path | None) -> bytes:
    """The SHA-256 of a file's bytes; empty for none or an unreadable one (the build reports that)."""
    if path is None:
        return b""
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b""
