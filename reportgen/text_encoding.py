"""UTF-8 text with a few stray bytes of another encoding: decoded field by field, never as a whole.

A UTF-8 file in which one value was typed or pasted in a Windows program holds one byte, such as
``\\xe9`` for "é", that is not UTF-8. Decoding the whole file as Windows-1252 then would garble every
other accented value ("José" -> "JosÃ©") and split a subject in two. Here only the stray bytes are
read as Windows-1252 (Latin-1 for the five bytes it leaves undefined), and the lines that held them
are reported, so the reader can warn naming them.
"""

from __future__ import annotations

from dataclasses import dataclass

# The encoding recorded for such a file (results.json data.input.encoding).
MIXED = "utf-8 (stray bytes as cp1252)"
_SHOWN = 5


@dataclass(frozen=True)
class Stray:
    """Bytes on one line (1-based) that are not UTF-8, and the text they were read as."""

    line: int
    raw: bytes
    text: str


def _legacy(raw: bytes) -> str:
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)


def _decode_line(line: bytes) -> tuple[str, int, list[tuple[bytes, str]]]:
    """The line's text, its count of bytes beyond one per character in its valid UTF-8 parts, and
    each run of stray bytes with the text it was read as."""
    parts: list[str] = []
    strays: list[tuple[bytes, str]] = []
    extra = 0
    position = 0
    while True:
        try:
            good = line[position:].decode("utf-8")
        except UnicodeDecodeError as exc:
            good = line[position : position + exc.start].decode("utf-8")
            bad = line[position + exc.start : position + exc.end]
            extra += exc.start - len(good)
            parts += [good, _legacy(bad)]
            strays.append((bad, parts[-1]))
            position += exc.end
            continue
        extra += len(line) - position - len(good)
        parts.append(good)
        return "".join(parts), extra, strays


def utf8_with_strays(raw: bytes) -> tuple[str, list[Stray]] | None:
    """``raw`` read as UTF-8 with its stray bytes read as Windows-1252, when it is UTF-8 text at
    heart (its valid multi-byte characters weigh at least as much as its stray bytes); None when
    it is not (a file written wholly in a legacy encoding holds no valid multi-byte character)."""
    lines: list[str] = []
    found: list[Stray] = []
    extra = stray_bytes = 0
    for number, line in enumerate(raw.split(b"\n"), start=1):
        text, more, strays = _decode_line(line)
        lines.append(text)
        extra += more
        for bad, shown in strays:
            found.append(Stray(number, bad, shown))
            stray_bytes += len(bad)
    if not found or extra == 0 or extra < stray_bytes:
        return None
    return "\n".join(lines), found


def stray_warning(where: str, strays: list[Stray]) -> str:
    """One line naming the lines and bytes read as Windows-1252."""
    lines = list(dict.fromkeys(s.line for s in strays))
    shown = ", ".join(f"line {s.line}: {s.raw!r} as '{s.text}'" for s in strays[:_SHOWN])
    more = f" and {len(strays) - _SHOWN} more" if len(strays) > _SHOWN else ""
    which = "one line holds" if len(lines) == 1 else f"{len(lines)} lines hold"
    return (
        f"'{where}' is UTF-8 text, but {which} bytes that are not UTF-8, read as Windows-1252 "
        f"({shown}{more}); check those values, and save the file again as UTF-8"
    )
