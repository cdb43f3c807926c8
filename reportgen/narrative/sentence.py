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
