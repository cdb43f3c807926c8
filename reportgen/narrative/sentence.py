"""A sentence is text and references to numbers in the results, never numbers baked into text."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Num:
    """A number in a sentence: where it lives in the results, and how to write it."""

    path: tuple[str, ...]
    style: str = "fixed"


Sentence = tuple["str | Num", ...]


def num(*path: str, style: str = "fixed") -> Num:
    return Num(tuple(path), style)


# A named placeholder of a message, "%(slope)s", or a literal "%%".
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def filled(message: str, **values: str | Num | Sentence) -> Sentence:
    """A translated message (:func:`reportgen.i18n.gettext`) as a sentence: each ``%(name)s`` is
    replaced by its value, text by text and a :class:`Num` kept as a reference, so the translation
    may put the numbers wherever its language wants them. A value may itself be a filled clause (a
    whole clause of its own message, such as a list of who left early): its parts are spliced in.

    ``filled("%(n)s rows, %(g)s groups.", n=num("data", "rows"), g="two")`` ->
    ``(Num(("data", "rows")), " rows, two groups.")``: neighbouring text is joined, empty text dropped.

    Raises:
        KeyError: the message names a placeholder ``values`` do not give.
    """
    parts: list[str | Num] = []
    position = 0
    for match in _PLACEHOLDER.finditer(message):
        value = "%" if match.group(1) is None else values[match.group(1)]
        parts += [message[position : match.start()], *(value if isinstance(value, tuple) else (value,))]
        position = match.end()
    parts.append(message[position:])
    joined: list[str | Num] = []
    for part in parts:
        if isinstance(part, str) and joined and isinstance(joined[-1], str):
            joined[-1] += part
        elif part != "":
            joined.append(part)
    return tuple(part for part in joined if part != "")


def sentence_to_json(sentence: Sentence) -> list[str | dict[str, str]]:
    """A sentence as JSON: text stays text, a number becomes ``{"key": "a.b", "style": "fixed"}``."""
    return [
        part if isinstance(part, str) else {"key": ".".join(part.path), "style": part.style}
        for part in sentence
    ]


def sentence_from_json(parts: list[str | dict[str, str]]) -> Sentence:
    """Inverse of :func:`sentence_to_json` (keys split on dots)."""
    return tuple(
        part if isinstance(part, str) else Num(tuple(part["key"].split(".")), part["style"]) for part in parts
    )
