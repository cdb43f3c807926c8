"""The output lock takes any folder name the OS allows: bytes that are not UTF-8 on the command
line (``--out $'D\\x80'``) arrive as lone surrogates and once made the lock raise UnicodeEncodeError."""

from __future__ import annotations

from pathlib import Path

from reportgen.export import output_lock


def test_a_folder_name_that_is_not_utf8_can_be_locked(tmp_path: Path) -> None:
    out = tmp_path / "D\udc80"
    with output_lock(out):
        pass
    with output_lock(out):  # released, and the same name locks again
        pass
