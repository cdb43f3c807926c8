"""A UTF-8 file with a stray byte of another encoding is decoded per field, with a warning naming
the line and bytes; a file wholly in a legacy encoding is still read in it (breaker round 5: one
latin-1 "José" made the whole file read as Windows-1252, "José" -> "JosÃ©", a subject split in two)."""

from __future__ import annotations

from pathlib import Path

from reportgen.readers import decode, read_any
from reportgen.text_encoding import MIXED, Stray, stray_warning, utf8_with_strays

NAMES = ("José", "Zoë", "Ana")


def _rows(encoding: str = "utf-8") -> list[bytes]:
    lines = [b"Subject,Days,Reaction"]
    for name in NAMES:
        lines += [f"{name},{day},{250 + 10 * day}".encode(encoding) for day in range(4)]
    return lines


def test_one_latin1_field_in_utf8_is_read_per_field_and_named(tmp_path: Path) -> None:
    lines = _rows()
    lines[3] = "José,2,270".encode("latin-1")  # line 4 of the file
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    table = read_any(path)
    assert sorted(table.frame["Subject"].unique()) == sorted(NAMES)  # no subject split
    assert table.encoding == MIXED
    (warning,) = table.warnings
    assert "one line holds bytes that are not UTF-8" in warning
    assert "line 4: b'\\xe9' as 'é'" in warning


def test_a_file_wholly_in_windows_1252_is_read_in_it_and_said_so(tmp_path: Path) -> None:
    """Read in it (no subject split), with one line naming the encoding and its first non-UTF-8
    byte: nothing proves a legacy file is not UTF-8 with a stray byte (break round 9)."""
    path = tmp_path / "legacy.csv"
    path.write_bytes(b"\n".join(_rows("cp1252")) + b"\n")
    table = read_any(path)
    assert table.encoding == "cp1252"
    assert table.warnings == (
        f"'{path}' is not UTF-8 text, so it was read as Windows-1252 (its first byte that is not UTF-8 "
        "is on line 2: b'\\xe9' as 'é'); if its accented values look wrong, save the file again as UTF-8",
    )
    assert sorted(table.frame["Subject"].unique()) == sorted(NAMES)


def test_one_latin1_byte_in_an_ascii_file_is_named(tmp_path: Path) -> None:
    """Break round 9: a UTF-8 file whose only non-ASCII character is one latin-1 byte was read as
    Windows-1252 without a word."""
    lines = [line for line in _rows() if line.isascii()]
    lines.insert(5, "Jos\xe9,9,300".encode("latin-1"))  # line 6
    path = tmp_path / "one-byte.csv"
    path.write_bytes(b"\n".join(lines) + b"\n")
    table = read_any(path)
    (warning,) = table.warnings
    assert "read as Windows-1252" in warning and "on line 6: b'\\xe9' as 'é'" in warning
    path.write_bytes(b"\n".join(lines[:5] + lines[6:]) + b"\n")  # the flip: ASCII only
    assert read_any(path).warnings == ()


def test_a_legacy_file_with_one_accidental_utf8_pair_stays_legacy() -> None:
    raw = "é,è,à,ü\n".encode("cp1252") * 3 + "Ã©\n".encode("cp1252")  # b"\xc3\xa9" is valid UTF-8
    assert utf8_with_strays(raw) is None
    assert decode(raw) == (raw.decode("cp1252"), "cp1252")


def test_strays_inside_a_utf8_field_keep_its_valid_part() -> None:
    raw = "Zoë\n".encode() * 3 + b"Jos\xe9 Zo\xc3\xab\n"
    text, strays = utf8_with_strays(raw) or ("", [])
    assert text.splitlines()[-1] == "José Zoë"
    assert strays == [Stray(4, b"\xe9", "é")]


def test_many_strays_are_counted_not_all_listed() -> None:
    strays = [Stray(line, b"\xe9", "é") for line in range(2, 10)]
    warning = stray_warning("x.csv", strays)
    assert "8 lines hold bytes" in warning
    assert warning.count("line ") == 5 and "and 3 more" in warning


def test_a_utf8_file_with_a_byte_order_mark_and_a_stray_byte_is_read_per_field(tmp_path: Path) -> None:
    lines = _rows()
    lines[6] = "Zoë,1,260".encode("latin-1")  # line 7
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")
    table = read_any(path)
    assert list(table.frame.columns) == ["Subject", "Days", "Reaction"]
    assert sorted(table.frame["Subject"].unique()) == sorted(NAMES)
    assert "line 7: b'\\xeb' as 'ë'" in table.warnings[0]


def test_a_long_line_of_stray_bytes_is_decoded_in_one_pass() -> None:
    """Old Mac line ends (\\r only) make a file one line: stray bytes in it must not cost a pass each."""
    import time

    raw = b"Subject,Days\r" + ("Zoë,1\r".encode() * 2 + b"Jos\xe9,2\r") * 100_000
    start = time.process_time()
    text, strays = utf8_with_strays(raw) or ("", [])
    assert time.process_time() - start < 5  # a pass per stray byte took minutes
    assert len(strays) == 100_000 and text.endswith("José,2\r")
    assert {stray.line for stray in strays} == {1}
