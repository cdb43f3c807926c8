"""The --reference-docx setting (reportgen.settings.as_docx): checked before any work, in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.config import make_config
from reportgen.errors import ConfigError

docx = pytest.importorskip("docx")


def test_a_word_document_is_taken(tmp_path: Path) -> None:
    path = tmp_path / "house.docx"
    docx.Document().save(str(path))
    assert make_config(reference_docx=path).reference_docx == path
    assert make_config(reference_docx=str(path)).reference_docx == path
    assert make_config().reference_docx is None


@pytest.mark.parametrize("name", ["missing.docx", "folder", "text.docx"])
def test_a_missing_or_broken_document_stops_the_build_before_it_starts(tmp_path: Path, name: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "text.docx").write_text("not a zip archive")
    path = tmp_path / name
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", "--format", "docx", "--reference-docx", str(path), "--out", str(out)]
    )
    assert result.exit_code == 1
    what = (  # a file that exists is said not to be a Word document (breaker round 7)
        "a Word document (.docx); that file exists but is not a Word document (save it from Word as .docx)"
        if name == "text.docx"
        else "the path of an existing Word document (.docx)"
    )
    assert result.output == f"Error: reference_docx must be {what}, not {str(path)!r}\n"
    assert not out.exists()


def test_the_config_file_names_the_key(tmp_path: Path) -> None:
    config = tmp_path / "reportgen.toml"
    config.write_text('[report]\nreference_docx = "missing.docx"\n')
    with pytest.raises(ConfigError) as raised:
        make_config(config_file=config)
    assert "'reference_docx' in" in str(raised.value) and "[report]" in str(raised.value)
    assert "Word document (.docx)" in str(raised.value)


@pytest.mark.slow  # found when the Word document is made, after the analysis
def test_a_docx_with_broken_parts_is_one_error_line(tmp_path: Path) -> None:
    """Break round 9: a real .docx whose [Content_Types].xml is empty (``<Types/>``) gave
    python-docx's AttributeError as a traceback."""
    import zipfile

    good = tmp_path / "good.docx"
    docx.Document().save(str(good))
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = b'<?xml version="1.0"?><Types/>'  # no namespace: python-docx fails inside
            target.writestr(item, data)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", "--format", "docx", "--reference-docx", str(broken), "--out", str(out)]
    )
    assert isinstance(result.exception, SystemExit), result.exception  # not an uncaught error
    assert result.exit_code == 1, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert "not a Word document" in result.output
