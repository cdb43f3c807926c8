"""A reference .docx is refused by its parts' declared sizes before a byte is inflated (break round 9:
a styles.xml of 800 MB packed small was refused only after 8.3 s and 1.8 GB)."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen import zip_limits
from reportgen.cli import cli
from reportgen.errors import ConfigError
from reportgen.zip_limits import unpacked_size_problem

docx = pytest.importorskip("docx")


def padded(tmp_path: Path, pad: int) -> Path:
    """A Word document whose styles.xml ends in ``pad`` bytes of spaces (valid XML, packed small)."""
    good = tmp_path / "good.docx"
    docx.Document().save(str(good))
    path = tmp_path / f"padded-{pad}.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            with source.open(item) as part, target.open(item.filename, "w", force_zip64=True) as out:
                out.write(part.read())
                if item.filename == "word/styles.xml":
                    for _ in range(pad // 2**20):
                        out.write(b" " * 2**20)
    return path


def test_a_document_that_unpacks_past_the_cap_is_refused_in_one_line_before_inflating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(zip_limits, "MAX_UNPACKED_BYTES", 2**20)
    bomb = padded(tmp_path, 3 * 2**20)
    assert bomb.stat().st_size < 2**16  # 3 MiB of spaces packed small
    opened: list[str] = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile, "open", lambda self, *a, **k: opened.append(a) or real_open(self, *a, **k)
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", "--format", "docx", "--reference-docx", str(bomb), "--out", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert result.output.count("\n") == 1
    assert result.output.startswith("Error: reference_docx must be a Word document of a house style's size")
    assert re.search(
        r"\(word/styles\.xml alone 3\.\d MiB\), more than the 1\.0 MiB reportgen unpacks", result.output
    )
    assert opened == []  # no part was read
    assert not out.exists()


def test_the_word_export_checks_the_sizes_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The notebook API and a theme reach the reference document without the option's check."""
    from reportgen.word_export import _reference_document

    monkeypatch.setattr(zip_limits, "MAX_UNPACKED_BYTES", 2**20)
    with pytest.raises(ConfigError, match=r"unpacks to 3\.\d MiB"):
        _reference_document(padded(tmp_path, 3 * 2**20))
    _reference_document(padded(tmp_path, 0))  # the flip: under the cap, taken


def test_the_real_cap_takes_a_large_house_style_and_refuses_a_bomb(tmp_path: Path) -> None:
    assert unpacked_size_problem(padded(tmp_path, 8 * 2**20)) is None
    start = time.perf_counter()
    problem = unpacked_size_problem(padded(tmp_path, 80 * 2**20))
    assert problem is not None and "more than the 64.0 MiB" in problem
    assert time.perf_counter() - start < 5  # (writing the test's file takes most of it)
