"""The relative pronoun after a group's noun: "who" for people, "that" for everything else.

A group label names people ("Subject", "patient", "child") or not ("tree", "Plant", "Plot",
"Animal"), and inflect cannot tell which: "Trees who left early" read wrong in the study report.
"who" only for a known person word; "that" (right for people too) otherwise.
"""

from __future__ import annotations

from reportgen.words import noun

__all__ = ["PERSON_WORDS", "relative_pronoun"]

# Head nouns (singular or plural, lower case) that name people.
PERSON_WORDS = frozenset(
    """subject participant patient person people child children student pupil individual respondent
    volunteer case client member worker employee man men woman women boy girl infant baby babies
    mother father twin adult adolescent teenager resident user customer rater reader""".split()
)


def relative_pronoun(label: str) -> str:
    """ "who" after a group label whose head noun names people, else "that"."""
    words = noun(label).lower().split()
    head = words[-1] if words else ""
    singular = head[:-1] if head.endswith("s") and head[:-1] in PERSON_WORDS else head
    return "who" if singular in PERSON_WORDS else "that"
