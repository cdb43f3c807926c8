"""UTF-8 text with a few stray bytes of another encoding: decoded field by field, never as a whole.

A UTF-8 file in which one value was typed or pasted in a Windows program holds one byte, such as
``\\xe9`` for "é", that is not UTF-8. Decoding the whole file as Windows-1252 then would garble every
other accented value ("José" -> "JosÃ©") and split a subject in two. Here only the stray bytes are
read as Windows-1252 (Latin-1 for the five bytes it leaves undefined), and the lines that held them
are reported, so the reader can warn naming them. A file with no valid multi-byte character at all
is read wholly in the legacy encoding, and said so too, naming its first byte that is not UTF-8: one
latin-1 byte in an otherwise ASCII file is the same text either way, but nothing proves which it
is (break round 9: it was read as Windows-1252 without a word).
"""

from __future__ import annotations

import re
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


# The characters ``surrogateescape`` decodes each undecodable byte to: one run of stray bytes.
_STRAYS = re.compile("[\udc80-\udcff]+")


# Windows-1252's characters for the bytes 0x80-0x9f where Latin-1 has control characters (the five
# bytes it leaves undefined stay Latin-1's).
_CP1252 = str.maketrans(
    {
        chr(b): bytes([b]).decode("cp1252")
        for b in range(0x80, 0xA0)
        if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    }
)


def _legacy(raw: bytes) -> str:
    return raw.decode("latin-1").translate(_CP1252)


def utf8_with_strays(raw: bytes) -> tuple[str, list[Stray]] | None:
    """``raw`` read as UTF-8 with its stray bytes read as Windows-1252, when it is UTF-8 text at
    heart (its valid multi-byte characters weigh at least as much as its stray bytes); None when
    it is not (a file written wholly in a legacy encoding holds no valid multi-byte character).

    One pass in C (``surrogateescape`` marks each stray byte), so a long line of stray bytes
    costs no more than a short one.
    """
    marked = raw.decode("utf-8", errors="surrogateescape")
    runs = list(_STRAYS.finditer(marked))
    stray_bytes = sum(len(run.group()) for run in runs)
    extra = len(raw) - len(marked)  # bytes beyond one per character: the valid multi-byte ones
    if not runs or extra == 0 or extra < stray_bytes:
        return None
    found: list[Stray] = []
    parts: list[str] = []
    line, last = 1, 0
    for run in runs:
        line += marked.count("\n", last, run.start())
        bad = run.group().encode("utf-8", errors="surrogateescape")
        found.append(Stray(line, bad, _legacy(bad)))
        parts += [marked[last : run.start()], found[-1].text]
        last = run.end()
    parts.append(marked[last:])
    return "".join(parts), found


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


# The names a warning gives the legacy encodings :func:`reportgen.readers.decode` falls back to.
_LEGACY_NAMES = {"cp1252": "Windows-1252", "latin-1": "Latin-1"}


def legacy_warning(where: str, raw: bytes, encoding: str) -> str | None:
    """One line saying that ``raw`` (not UTF-8) was read as ``encoding`` (a legacy one), naming the
    line and byte of its first character that is not UTF-8; None for any other encoding."""
    name = _LEGACY_NAMES.get(encoding)
    if name is None:
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
    else:
        return None
    byte = raw[start : start + 1]
    line = raw.count(b"\n", 0, start) + 1
    return (
        f"'{where}' is not UTF-8 text, so it was read as {name} (its first byte that is not UTF-8 is "
        f"on line {line}: {byte!r} as '{byte.decode(encoding)}'); if its accented values look wrong, "
        "save the file again as UTF-8"
    )
