"""The figure cache: its key flips with what changes a picture, and nothing else; its folder is safe."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import stat
import struct
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reportgen import figure_cache
from reportgen.config import Labels
from reportgen.figure_cache import FigureCache, default_folder, figure_key, inputs_key
from reportgen.figures.base import FigureImage
from reportgen.provenance import tree_hash

CODE = {"reportgen": "1.0", "source": "abc", "packages": {"matplotlib": "3.9"}, "matplotlibrc": {}}
LABELS = Labels("Reaction", "ms", "Days", "day", "Subject")


@dataclasses.dataclass(frozen=True)
class Fit:  # a stand-in for the analysis's frozen results
    slope: float
    lines: dict[str, tuple[float, float]]
    kept: frozenset[str]


def _inputs() -> dict[str, object]:
    frame = pd.DataFrame(
        {"response": [250.0, 260.5, 270.25], "time": [0.0, 1.0, 2.0], "group": ["a", "a", "b"]}
    )
    fit = Fit(10.5, {"a": (250.0, 10.0), "b": (240.0, 11.0)}, frozenset({"a", "b"}))
    return {
        "frame": frame,
        "analysis": fit,
        "labels": LABELS,
        "decimals": 2,
        "sections": {"pooling": np.arange(3.0)},
    }


def _key(inputs: dict[str, object], code: dict[str, object] = CODE) -> str:
    return inputs_key(*inputs.values(), code=code)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(width: int = 960, height: int = 600, pixels: bytes = b"pixels") -> bytes:
    """A PNG's structure (signature, IHDR with these sizes, IDAT, IEND) around stand-in pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def _image(
    name: str = "trend", png: bytes | None = None, jpeg: bytes = b"\xff\xd8 jpeg \xff\xd9"
) -> FigureImage:
    png = _png() if png is None else png
    return FigureImage(name=name, title="Is the trend straight?", png=png, width=960, height=600, jpeg=jpeg)


# --- the key -------------------------------------------------------------------------------------------


def test_the_key_is_the_same_for_equal_inputs_built_apart() -> None:
    assert _key(_inputs()) == _key(_inputs())


@pytest.mark.parametrize(
    "change",
    [
        lambda i: i["frame"].assign(response=[250.0, 260.5, 270.0]),  # one value of the data
        lambda i: i["frame"].rename(columns={"time": "t"}),
        lambda i: i["frame"].astype({"time": "float32"}),
        lambda i: i["frame"].iloc[::-1],  # the rows' order
        lambda i: dataclasses.replace(i["analysis"], slope=10.500001),  # an analysis number
        lambda i: dataclasses.replace(i["analysis"], lines={"a": (250.0, 10.0), "b": (240.0, 11.5)}),
        lambda i: dataclasses.replace(i["analysis"], kept=frozenset({"a"})),
        lambda i: dataclasses.replace(LABELS, response_unit="s"),  # a unit shown on an axis
        lambda i: dataclasses.replace(LABELS, time="Day of deprivation"),
        lambda i: 3,  # decimals
        lambda i: {"pooling": np.arange(4.0)},  # a section's result
    ],
)
def test_each_input_of_the_picture_changes_the_key(change) -> None:
    before = _inputs()
    after = dict(before)
    changed = change(before)
    slot = {pd.DataFrame: "frame", Fit: "analysis", Labels: "labels", int: "decimals", dict: "sections"}
    after[slot[type(changed)]] = changed
    assert _key(after) != _key(before)


@pytest.mark.parametrize(
    "code",
    [
        {**CODE, "reportgen": "1.1"},
        {**CODE, "source": "abd"},  # an edit of reportgen/figures (size, dpi, style, colours) or words.py
        {**CODE, "packages": {"matplotlib": "3.10"}},
        {**CODE, "matplotlibrc": {"matplotlibrc": "f00"}},
    ],
)
def test_the_code_that_draws_changes_the_key(code) -> None:
    assert _key(_inputs(), code) != _key(_inputs())


def test_inputs_that_cannot_be_hashed_are_drawn_not_cached(tmp_path: Path) -> None:
    cache = FigureCache(tmp_path)
    keys = cache.keys((lambda: 0,), ["trend", "qq"])  # a lambda does not pickle
    assert len(set(keys)) == 2 and cache.folder is None
    cache.put(keys[0], _image())
    assert list(tmp_path.iterdir()) == [] and cache.get(keys[0], "trend") is None


def test_each_figure_has_its_own_key() -> None:
    inputs = _key(_inputs())
    keys = {figure_key(inputs, 0, "trend"), figure_key(inputs, 1, "trend"), figure_key(inputs, 0, "qq")}
    assert len(keys) == 3


def test_an_edit_of_the_figures_source_changes_its_hash(tmp_path: Path) -> None:
    (tmp_path / "base.py").write_text("DPI = 150\n")
    before = tree_hash(tmp_path, "*.py")
    (tmp_path / "base.py").write_text("DPI = 300\n")
    assert tree_hash(tmp_path, "*.py") != before


def test_the_code_version_hashes_reportgens_source() -> None:
    code = figure_cache.code_version()
    import reportgen

    package = Path(reportgen.__file__).resolve().parent
    assert code["source"] == tree_hash(package, "*.py")
    assert set(code["packages"]) == set(figure_cache.DRAWING_PACKAGES)


# --- the folder ----------------------------------------------------------------------------------------


def test_the_folder_is_the_users_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "mine"))
    assert default_folder() == tmp_path / "mine" / "figures"
    monkeypatch.delenv("REPORTGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_folder() == tmp_path / "xdg" / "reportgen" / "figures"
    assert FigureCache.for_build(False).folder is None


def test_a_stored_figure_comes_back_whole_and_counts(tmp_path: Path) -> None:
    cache = FigureCache(tmp_path)
    cache.put("a" * 64, _image())
    assert cache.get("a" * 64, "trend") == _image()
    assert cache.get("b" * 64, "trend") is None
    assert (cache.drawn, cache.reused) == (1, 1)
    assert [p.name for p in tmp_path.iterdir()] == ["a" * 64 + ".figure"]  # no temporary file left


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-3],  # cut short
        lambda b: b[:-1] + bytes([b[-1] ^ 1]),  # a flipped bit in the pixels
        lambda b: b"",
        lambda b: b.replace(b'"png": ', b'"png": 1'),
        lambda b: b"not a figure\n" + b,
    ],
)
def test_a_damaged_entry_is_a_miss_not_a_crash(
    tmp_path: Path, damage, caplog: pytest.LogCaptureFixture
) -> None:
    cache = FigureCache(tmp_path)
    cache.put("a" * 64, _image())
    path = tmp_path / ("a" * 64 + ".figure")
    path.write_bytes(damage(path.read_bytes()))
    with caplog.at_level(logging.INFO, logger="reportgen"):
        assert cache.get("a" * 64, "trend") is None
    assert cache.reused == 0


def test_a_killed_write_leaves_no_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(figure_cache.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        FigureCache(tmp_path).put("a" * 64, _image())
    assert list(tmp_path.iterdir()) == []


def test_a_cache_that_cannot_be_written_is_said_at_v_and_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "file").write_text("not a folder")
    cache = FigureCache(tmp_path / "file" / "figures")
    with caplog.at_level(logging.INFO, logger="reportgen"):
        cache.put("a" * 64, _image())
        cache.put("b" * 64, _image())
        cache.trim()
    warnings = [r.getMessage() for r in caplog.records if "cannot be written" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].startswith("the figure cache")
    assert cache.drawn == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_cache_folder_is_skipped(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        cache = FigureCache(tmp_path)
        cache.put("a" * 64, _image())
        assert cache.get("a" * 64, "trend") is None
    finally:
        tmp_path.chmod(0o700)


def test_trimming_removes_the_least_recently_used_entries_only(tmp_path: Path) -> None:
    cache = FigureCache(tmp_path, max_bytes=0)
    for i, key in enumerate(("a", "b", "c")):
        cache.put(key * 64, _image(png=_png(pixels=b"x" * 100)))
        os.utime(tmp_path / f"{key * 64}.figure", (1000 + i, 1000 + i))
    cache.get("a" * 64, "trend")  # used last: kept longest
    size = (tmp_path / ("a" * 64 + ".figure")).stat().st_size
    (tmp_path / "notes.txt").write_text("the user's, not an entry")
    cache.max_bytes = 2 * size
    cache.trim()
    assert sorted(p.name[:1] for p in tmp_path.iterdir()) == ["a", "c", "n"]


def test_the_setting_comes_from_the_file_and_is_not_a_report_setting(tmp_path: Path) -> None:
    from reportgen.config import make_config, settings_of

    (tmp_path / "reportgen.toml").write_text("[report]\ncache = false\n")
    config = make_config(config_file=tmp_path / "reportgen.toml")
    assert config.cache is False and make_config().cache is True
    # How a run works, not what its report says: not in results.json's provenance, nor in cohort keys.
    assert "cache" not in settings_of(config)


# --- an entry is that figure's, whole, or a miss -------------------------------------------------------


def _entry(tmp_path: Path, key: str = "a" * 64) -> Path:
    return tmp_path / f"{key}.figure"


def _rewrite(path: Path, change) -> None:
    """Change an entry's header and payload, then recompute its checksum (a planted entry)."""
    stored = path.read_bytes()
    first, _, rest = stored.partition(b"\n")
    _, _, body = rest.partition(b"\n")
    line, _, payload = body.partition(b"\n")
    header, payload = change(json.loads(line), payload)
    body = json.dumps(header).encode() + b"\n" + payload
    first += b"\n"
    path.write_bytes(first + hashlib.sha256(first + body).hexdigest().encode() + b"\n" + body)


def test_an_edit_of_the_header_fails_the_checksum(tmp_path: Path) -> None:
    cache = FigureCache(tmp_path)
    cache.put("a" * 64, _image())
    path = _entry(tmp_path)
    path.write_bytes(path.read_bytes().replace(b'"name": "trend"', b'"name": "trenx"'))
    assert cache.get("a" * 64, "trend") is None


def _with(field: str, value: object):
    def change(header: dict, payload: bytes) -> tuple[dict, bytes]:
        return {**header, field: value}, payload

    return change


@pytest.mark.parametrize(
    "change",
    [
        _with("name", "scatter"),  # another figure's name: was a KeyError in context.py on every build
        _with("name", "../../x"),
        _with("name", 5),
        _with("key", "b" * 64),  # the entry of another key, planted under this one
        _with("width", 1),
        _with("height", 0),
        _with("width", -960),
        _with("width", '100" onload="alert(1)'),
        _with("width", 960.5),
        _with("width", True),
        _with("title", ["a list"]),
        _with("png", 10),  # a truncated PNG, the rest taken as the JPEG
        _with("png", 10**12),
        _with("png", -5),
        _with("jpeg", 0),
        lambda header, payload: ([1, 2, 3], payload),
        lambda header, payload: ({k: v for k, v in header.items() if k != "name"}, payload),
        # a PNG signature and zeros where the chunks were
        lambda header, payload: (
            header,
            b"\x89PNG\r\n\x1a\n" + bytes(header["png"] - 8) + payload[header["png"] :],
        ),
        # a 1x1 picture under a 960x600 header
        lambda header, payload: (
            {**header, "png": len(_png(1, 1))},
            _png(1, 1) + payload[header["png"] :],
        ),
    ],
)
def test_a_planted_entry_with_a_recomputed_checksum_is_a_miss(tmp_path: Path, change) -> None:
    cache = FigureCache(tmp_path)
    cache.put("a" * 64, _image())
    _rewrite(_entry(tmp_path), lambda h, p: (h, p))
    assert cache.get("a" * 64, "trend") == _image()  # the rewrite alone keeps a good entry good
    _rewrite(_entry(tmp_path), change)
    assert cache.get("a" * 64, "trend") is None
    assert cache.reused == 1


def test_an_entry_asked_for_as_another_figure_or_key_is_a_miss(tmp_path: Path) -> None:
    cache = FigureCache(tmp_path)
    cache.put("a" * 64, _image())
    assert cache.get("a" * 64, "scatter") is None
    os.rename(_entry(tmp_path), _entry(tmp_path, "b" * 64))
    assert cache.get("b" * 64, "trend") is None


def test_a_fifo_or_a_link_in_place_of_an_entry_is_a_miss_not_a_hang(tmp_path: Path) -> None:
    cache = FigureCache(tmp_path / "figures")
    cache.put("a" * 64, _image())
    os.mkfifo(_entry(cache.folder, "b" * 64))  # type: ignore[arg-type]
    assert cache.get("b" * 64, "trend") is None  # opened without blocking, then refused
    _entry(cache.folder, "c" * 64).symlink_to(_entry(cache.folder))  # type: ignore[arg-type]
    assert cache.get("c" * 64, "trend") is None
    (cache.folder / ("d" * 64 + ".figure")).mkdir()  # type: ignore[operator]
    assert cache.get("d" * 64, "trend") is None
    assert cache.get("a" * 64, "trend") == _image()


def test_the_cache_folder_is_created_for_the_user_only(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "reportgen" / "figures"
    FigureCache(folder).put("a" * 64, _image())
    for path in (folder, folder.parent, folder.parent.parent):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
