"""A sentence is text and references to numbers in the results, never numbers baked into text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Num:
    """A number in a sentence: where it lives in the results, and how to write it."""

    path: tuple[str, ...]
    style: str = "fixed"


Sentence = tuple["str | Num", ...]


def num(*path: str, style: str = "fixed") -> Num:
    return Num(tuple(path), style)


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
