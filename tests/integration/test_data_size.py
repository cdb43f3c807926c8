"""Data files above a size cap are refused in one line before a byte is read (breaker round 7: the
preview re-read a 388 MB data file for 30-40 s at 3.3 GB, answering no request meanwhile)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.config import make_config
from reportgen.data_size import DEFAULT_MAX_DATA_BYTES, MAX_DATA_ENV
from reportgen.errors import InputFileError
from reportgen.preview import Builder
from tests.conftest import REPO

SLEEPSTUDY = REPO / "data" / "sleepstudy.csv"


def test_a_data_file_above_the_cap_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = SLEEPSTUDY.stat().st_size
    monkeypatch.setenv(MAX_DATA_ENV, str(size - 1))
    result = CliRunner().invoke(cli, ["build", "--data", str(SLEEPSTUDY), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == (
        f"Error: '{SLEEPSTUDY}' is {size / 2**20:.1f} MiB, larger than the {(size - 1) / 2**20:.1f} MiB "
        f"reportgen reads as data; pass a smaller file, or set {MAX_DATA_ENV} to a larger number of bytes\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("given", ["lots", "0", "-5", "1e9", "²"])
def test_a_cap_that_is_not_a_number_of_bytes_is_one_line(
    given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAX_DATA_ENV, given)
    result = CliRunner().invoke(cli, ["build", "--data", str(SLEEPSTUDY), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {MAX_DATA_ENV} must be a whole number of bytes above 0")
    assert len(result.stderr.splitlines()) == 1


def test_the_default_cap_lets_a_million_rows_through() -> None:
    row = "subject-123456,12.5,345.6789,2026-01-01,north,treatment,0.5,1\n"  # 8 columns
    assert 1_000_000 * len(row) * 3 < DEFAULT_MAX_DATA_BYTES  # 24 columns of the like


def test_the_preview_builder_refuses_the_file_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(SLEEPSTUDY.read_bytes())
    monkeypatch.setenv(MAX_DATA_ENV, "100")
    read = []
    monkeypatch.setattr("reportgen.readers.read_any", lambda *a, **k: read.append(a))
    builder = Builder(lambda: make_config(data_path=big, out_dir=tmp_path / "out"))
    with pytest.raises(InputFileError, match="larger than the 0.0 MiB reportgen reads as data"):
        builder.build()
    assert read == []
