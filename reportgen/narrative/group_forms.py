"""Forms of the group's noun that a translation may put where its grammar inflects the noun.

English says "inside each subject" whatever the noun; German needs the noun's gender for the article
and, for some nouns, another ending ("bei jedem Probanden", "bei jeder Probandin", "bei jedem Kind").
reportgen cannot know either, so ``[labels] group_gender`` and ``group_dative`` say them; without a
gender the phrase goes without an article ("je Proband"), which is right for every noun.

A message whose English says ``%(group)s`` is given these forms beside it (:func:`group_forms`), and
its translation may use one in place of ``%(group)s`` (``tests/unit/test_i18n.py`` allows exactly
these names). The phrases are grammar, not words to translate, so they live here, per language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.i18n import label_noun, spoken_language

if TYPE_CHECKING:
    from reportgen.config import Labels

# "inside each <group>" as a prepositional phrase, by language and gender ("": none given).
IN_EACH = {
    "de": {
        "m": "bei jedem %(dative)s",
        "n": "bei jedem %(dative)s",
        "f": "bei jeder %(dative)s",
        "": "je %(group)s",
    },
}

# The names a translation may use in place of %(group)s.
FORM_NAMES = frozenset({"in_each_group"})


def in_each_group(group: str, gender: str = "", dative: str = "") -> str:
    """ "inside each <group>" in the language spoken: German "bei jedem Probanden" (``gender`` "m",
    ``dative`` "Probanden"), "bei jeder Probandin" ("f"), "je Proband" (no gender given)."""
    phrases = IN_EACH.get(spoken_language(), {})
    phrase = phrases.get(gender, phrases.get("", "inside each %(group)s"))
    return phrase % {"group": group, "dative": dative or group}


def group_forms(labels: Labels) -> dict[str, str]:
    """The forms of ``labels.group`` a translation may use (:data:`FORM_NAMES`), in the language spoken."""
    group = label_noun(labels.group)
    return {"in_each_group": in_each_group(group, labels.group_gender, labels.group_dative.strip())}
