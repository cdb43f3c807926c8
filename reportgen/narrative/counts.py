"""Count words from counts: "two of the six observed times", never "several" for two of six.

A count in a sentence is said as a word (one to twelve) so that "several", "many" or "most" never
stands for a number the data give (seventh read: Rabbit's curve "misses the average at several
values of dose" on 2 of 6).
"""

from __future__ import annotations

WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def count_word(n: int) -> str:
    """A count as a word up to twelve ("two"), else its digits."""
    return WORDS[n] if 0 <= n < len(WORDS) else str(n)


def of_the(hits: int, total: int, things: str) -> str:
    """ "two of the six observed times"; "all six observed times" when every one is."""
    if hits == total:
        return f"all {count_word(total)} {things}"
    return f"{count_word(hits)} of the {count_word(total)} {things}"
