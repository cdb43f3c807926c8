"""`read_regular`: only regular files, and only up to a size, are read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportgen.load import FileRefused, read_regular


def test_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "x.toml"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused, match="not a regular file"):
        read_regular(fifo, limit=100)


def test_a_device_is_refused() -> None:
    with pytest.raises(FileRefused, match="not a regular file"):
        read_regular(Path("/dev/zero"), limit=100)


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big"
    path.write_bytes(b"x" * (3 * 2**20 + 1))
    assert read_regular(path, limit=4 * 2**20) == path.read_bytes()
    with pytest.raises(FileRefused, match="larger than 3 MiB"):
        read_regular(path, limit=3 * 2**20)
