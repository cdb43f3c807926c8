"""A logo is decoded (Pillow, capped in pixels) before any work: a broken PNG or a decompression bomb
is one ``Error:`` line naming ``[theme] logo``, not a python-docx traceback or an image WeasyPrint
drops with a 15 KB line on stderr (breaker round 6)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from reportgen.errors import ConfigError
from reportgen.theme import LOGO_SIDE, read_logo


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def _claiming(content: bytes, width: int, height: int) -> bytes:
    """A PNG whose header claims another size (its checksum fixed), its pixel data unchanged."""
    start = 8 + 4  # the signature, then IHDR's length
    header = b"IHDR" + struct.pack(">II", width, height) + content[start + 12 : start + 17]
    return content[:start] + header + struct.pack(">I", zlib.crc32(header)) + content[start + 21 :]


def test_a_logo_that_decodes_is_read(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(_png(120, 40))
    assert read_logo(tmp_path / "logo.png").media_type == "image/png"
    (tmp_path / "square.png").write_bytes(_png(LOGO_SIDE, 1))
    assert read_logo(tmp_path / "square.png").media_type == "image/png"


def test_a_png_signature_then_text_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.png").write_bytes(b"\x89PNG\r\n\x1a\nthis is not a png")
    with pytest.raises(
        ConfigError, match=r"^'logo' in \[theme\]: '.*bad.png' is not a readable image"
    ) as info:
        read_logo(tmp_path / "bad.png")
    assert "\n" not in str(info.value)


def test_a_truncated_png_is_refused(tmp_path: Path) -> None:
    (tmp_path / "cut.png").write_bytes(_png(300, 300)[:-40])
    with pytest.raises(ConfigError, match="is not a readable image"):
        read_logo(tmp_path / "cut.png")


@pytest.mark.parametrize(("width", "height"), [(60000, 60000), (LOGO_SIDE + 1, 10)])
def test_a_png_claiming_too_many_pixels_is_refused(tmp_path: Path, width: int, height: int) -> None:
    content = _claiming(_png(10, 10), width, height)
    assert len(content) < 1000  # small on disk: only its header is large
    (tmp_path / "bomb.png").write_bytes(content)
    with pytest.raises(
        ConfigError, match=rf"'logo' in \[theme\]: .*(more than|more pixels than) {LOGO_SIDE}"
    ):
        read_logo(tmp_path / "bomb.png")


def test_a_truncated_png_is_refused_after_weasyprint_let_pillow_load_truncated_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint sets ``ImageFile.LOAD_TRUNCATED_IMAGES`` when imported (a preview, a cohorts run)."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    (tmp_path / "cut.png").write_bytes(_png(300, 300)[:-40])
    with pytest.raises(ConfigError, match="is not a readable image"):
        read_logo(tmp_path / "cut.png")
