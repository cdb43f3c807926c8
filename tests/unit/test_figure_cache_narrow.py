"""The figure cache holds a figure's narrow version for phones (entry format 3) and draws again an
entry whose narrow version is damaged or does not fit its header."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from reportgen import figure_cache
from reportgen.figure_cache import FigureCache
from reportgen.figures.base import render_panels

KEY = "b" * 64


def _image(narrow: bool):  # type: ignore[no-untyped-def]
    return render_panels(
        "two", "Two", lambda axes: axes[0].plot([0, 1], [1, 2]), size=(6.4, 4.0), narrow=narrow
    )


@pytest.mark.parametrize("narrow", [True, False])
def test_an_entry_gives_back_the_figure_with_or_without_its_narrow_version(
    tmp_path: Path, narrow: bool
) -> None:
    image = _image(narrow)
    assert bool(image.narrow_png) is narrow
    FigureCache(tmp_path).put(KEY, image)
    assert FigureCache(tmp_path).get(KEY, "two") == image


def _rewritten(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """The entry at ``path`` with its header changed and its checksum made right again."""
    stored = path.read_bytes()
    body = stored[len(figure_cache.FORMAT) :].partition(b"\n")[2]
    line, _, payload = body.partition(b"\n")
    header = json.loads(line)
    header, payload = change(header, payload)
    body = json.dumps(header, sort_keys=True).encode() + b"\n" + payload
    checksum = figure_cache.hashlib.sha256(figure_cache.FORMAT + body).hexdigest().encode()
    path.write_bytes(figure_cache.FORMAT + checksum + b"\n" + body)


@pytest.mark.parametrize(
    "change",
    [
        lambda h, p: ({**h, "narrow_width": h["narrow_width"] + 50}, p),  # not the narrow PNG's size
        lambda h, p: ({**h, "narrow": h["narrow"] - 10, "jpeg": h["jpeg"] + 10}, p),  # lengths moved
        lambda h, p: ({k: v for k, v in h.items() if k != "narrow"}, p),  # a version 2 header
        lambda h, p: (h, p[:-20] + b"\0" * 20),  # the narrow PNG cut
    ],
)
def test_an_entry_whose_narrow_version_does_not_fit_is_drawn_again(tmp_path: Path, change) -> None:  # type: ignore[no-untyped-def]
    cache = FigureCache(tmp_path)
    cache.put(KEY, _image(True))
    path = tmp_path / f"{KEY}.figure"
    _rewritten(path, change)
    assert cache.get(KEY, "two") is None


def test_the_untouched_rewrite_still_reads(tmp_path: Path) -> None:
    cache = FigureCache(tmp_path)
    image = _image(True)
    cache.put(KEY, image)
    _rewritten(tmp_path / f"{KEY}.figure", lambda h, p: (h, p))
    assert cache.get(KEY, "two") == dataclasses.replace(image)
