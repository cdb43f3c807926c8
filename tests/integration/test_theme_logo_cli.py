"""``[theme] logo`` naming a broken PNG (its signature, then text) or a decompression bomb: one
``Error:`` line before any work, in every format (breaker round 6: a python-docx traceback in
``--format docx``, a dropped logo and a 15 KB WeasyPrint line in PDF)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.contract import assert_one_error, csv, run_cli, sleepstudy
from tests.unit.test_theme_logo import _claiming, _png


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x89PNG\r\n\x1a\nthis is not a png", "is not a readable image"),
        (_claiming(_png(10, 10), 60000, 60000), "claims more pixels than 4096 x 4096"),
    ],
)
def test_a_broken_logo_is_one_error_line_naming_the_key(
    tmp_path: Path, fmt: str, content: bytes, problem: str
) -> None:
    (tmp_path / "bad.png").write_bytes(content)
    (tmp_path / "reportgen.toml").write_text('[theme]\nlogo = "bad.png"\n')
    data = csv(tmp_path, sleepstudy())
    out = tmp_path / "out"
    run = run_cli(
        "build",
        "--data",
        data,
        "--config",
        str(tmp_path / "reportgen.toml"),
        "--format",
        fmt,
        "--out",
        str(out),
    )
    assert_one_error(run, "'logo' in [theme]", "bad.png", problem)
    assert not out.exists()
