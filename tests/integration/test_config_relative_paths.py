"""Paths in a reportgen.toml are read relative to the file's folder, not the current one
(reportgen.config.read_config_file), the reference .docx included."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.config import make_config
from reportgen.errors import ConfigError

docx = pytest.importorskip("docx")


def test_a_reference_docx_beside_a_config_in_another_folder_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    docx.Document().save(str(sub / "house.docx"))
    (sub / "reportgen.toml").write_text('[report]\nreference_docx = "house.docx"\n')
    monkeypatch.chdir(tmp_path)  # the current folder has no house.docx
    config = make_config(config_file=Path("sub") / "reportgen.toml")
    assert config.reference_docx is not None
    assert config.reference_docx.resolve() == (sub / "house.docx").resolve()


def test_a_reference_docx_only_in_the_current_folder_is_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    docx.Document().save(str(tmp_path / "house.docx"))  # beside the current folder, not the file
    (sub / "reportgen.toml").write_text('[report]\nreference_docx = "house.docx"\n')
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as raised:
        make_config(config_file=Path("sub") / "reportgen.toml")
    # The message quotes the value as the file has it.
    assert '[report] must be the path of an existing Word document (.docx); got "house.docx"' in str(
        raised.value
    )


def test_the_data_path_and_other_paths_still_resolve_against_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "reportgen.toml").write_text('[data]\npath = "d.csv"\n[report]\nout = "built"\n')
    monkeypatch.chdir(tmp_path)
    config = make_config(config_file=Path("sub") / "reportgen.toml")
    assert config.data_path == Path("sub") / "d.csv"
    assert config.out_dir == Path("sub") / "built"
