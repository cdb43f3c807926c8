"""The output lock: kept in a folder only the user can write, never opened through a link."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from reportgen.errors import OutputError
from reportgen.export import lock_folder, output_lock


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of the test's own, as the shared /tmp would be."""
    shared = tmp_path / "tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    return shared


def test_a_link_planted_where_the_lock_goes_is_not_followed(private_tmp: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    victim = tmp_path / "victim"
    with output_lock(out):
        folder = lock_folder()
        (lock,) = folder.iterdir()
    assert folder.parent == private_tmp and oct(folder.stat().st_mode & 0o777) == "0o700"
    lock.symlink_to(victim)  # planted by someone who can write there
    with pytest.raises(OutputError, match=r"the lock file '.*' of '.*out' is a symbolic link") as err:
        with output_lock(out):
            pass
    assert "remove the link" in str(err.value) and "--out" not in str(
        err.value
    )  # not "choose another folder"
    assert not victim.exists()


def test_a_lock_folder_others_can_write_or_a_link_is_refused(private_tmp: Path, tmp_path: Path) -> None:
    planted = private_tmp / f"reportgen-{os.getuid()}"
    planted.symlink_to(tmp_path)
    with pytest.raises(OutputError, match="is not a folder only you can write"):
        lock_folder()
    planted.unlink()
    planted.mkdir(mode=0o777)
    os.chmod(planted, 0o777)
    with pytest.raises(OutputError, match="is not a folder only you can write"):
        with output_lock(tmp_path / "out"):
            pass


def test_a_second_holder_is_refused_and_the_lock_file_goes_with_the_run(
    private_tmp: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with output_lock(out):
        with pytest.raises(OutputError, match="another reportgen run is writing"):
            with output_lock(out):
                pass
    assert list(lock_folder().iterdir()) == []
