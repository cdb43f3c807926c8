"""How much of the variation a level of a multilevel model holds, in words: one rule for nested
and crossed designs (``narrative.multilevel`` and ``narrative.crossed`` both read it)."""

from __future__ import annotations

# A level's share of the variance: at least MOST is "most", below LITTLE is "little".
MOST = 0.5
LITTLE = 0.1


def share_words(share: float) -> str:
    """How much of the variation a level holds, in words."""
    if share >= MOST:
        return "most of the variation"
    if share >= LITTLE:
        return "a sizeable part of the variation"
    return "little of the variation"
