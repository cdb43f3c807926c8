"""Question 2's correlations in words, in the language spoken (:func:`reportgen.i18n.speaking`).

Each sentence is one message with named placeholders; the parts English inflects (a strength and a
direction before "relationship", a verb that agrees with a label: "as days increase", "as age
increases") are whole phrases chosen in Python from tables marked with ``N_``, so a translation
never glues words: German writes "ein mäßiger positiver Zusammenhang" as one phrase.
"""

from __future__ import annotations

from reportgen.i18n import N_
from reportgen.i18n import gettext as _
from reportgen.narrative.group_forms import in_each_group
from reportgen.narrative.rules import correlation_clear, correlation_strength, direction
from reportgen.narrative.sentence import Num, Sentence, filled

# A correlation's size and sign as one noun phrase: (correlation_strength, direction) -> phrase.
RELATIONSHIPS = {
    ("negligible", "positive"): N_("a negligible positive relationship"),
    ("negligible", "negative"): N_("a negligible negative relationship"),
    ("negligible", "no"): N_("a negligible no relationship"),  # r exactly 0
    ("weak", "positive"): N_("a weak positive relationship"),
    ("weak", "negative"): N_("a weak negative relationship"),
    ("moderate", "positive"): N_("a moderate positive relationship"),
    ("moderate", "negative"): N_("a moderate negative relationship"),
    ("strong", "positive"): N_("a strong positive relationship"),
    ("strong", "negative"): N_("a strong negative relationship"),
}

# What the response does as time grows, pooled over all rows:
# (time label plural, response label plural, rising) -> clause.
POOLED_TRENDS = {
    (False, False, True): N_("as %(time)s increases, %(response)s tends to rise"),
    (False, False, False): N_("as %(time)s increases, %(response)s tends to fall"),
    (False, True, True): N_("as %(time)s increases, %(response)s tend to rise"),
    (False, True, False): N_("as %(time)s increases, %(response)s tend to fall"),
    (True, False, True): N_("as %(time)s increase, %(response)s tends to rise"),
    (True, False, False): N_("as %(time)s increase, %(response)s tends to fall"),
    (True, True, True): N_("as %(time)s increase, %(response)s tend to rise"),
    (True, True, False): N_("as %(time)s increase, %(response)s tend to fall"),
}

# The same inside each group: (time label plural, response label plural, rising) -> clause.
WITHIN_TRENDS = {
    (False, False, True): N_("inside each %(group)s, %(response)s tends to rise as %(time)s increases"),
    (False, False, False): N_("inside each %(group)s, %(response)s tends to fall as %(time)s increases"),
    (False, True, True): N_("inside each %(group)s, %(response)s tend to rise as %(time)s increases"),
    (False, True, False): N_("inside each %(group)s, %(response)s tend to fall as %(time)s increases"),
    (True, False, True): N_("inside each %(group)s, %(response)s tends to rise as %(time)s increase"),
    (True, False, False): N_("inside each %(group)s, %(response)s tends to fall as %(time)s increase"),
    (True, True, True): N_("inside each %(group)s, %(response)s tend to rise as %(time)s increase"),
    (True, True, False): N_("inside each %(group)s, %(response)s tend to fall as %(time)s increase"),
}


def relationship_words(r: float) -> str:
    """ "a moderate positive relationship": the strength band and sign of ``r`` as one phrase."""
    return _(RELATIONSHIPS[correlation_strength(r), direction(r)])


def pooled_meaning(r: float, time: str, response: str, time_plural: bool, response_plural: bool) -> str:
    """What a pooled correlation ``r`` says: how the response moves with time, or hardly at all."""
    if correlation_strength(r) == "negligible":
        return _("pooled over all rows there is hardly any linear relationship")
    return _(POOLED_TRENDS[time_plural, response_plural, r > 0]) % {"time": time, "response": response}


def within_meaning(
    r: float, p: float, nouns: dict[str, str], time_plural: bool, response_plural: bool
) -> str:
    """What the within-group correlation ``r`` (test ``p``) says inside each group; ``nouns``: its
    ``group``, ``time`` and ``response`` in running text, and the group's inflected forms
    (:func:`~reportgen.narrative.group_forms.group_forms`; without them, the phrasing without an article)."""
    nouns = {"in_each_group": in_each_group(nouns["group"]), **nouns}
    if correlation_strength(r) == "negligible":
        return _("inside each %(group)s there is hardly any linear relationship") % nouns
    if not correlation_clear(r, p):
        unclear = _("inside each %(group)s there is no clear linear relationship (the test could be chance)")
        return unclear % nouns
    return _(WITHIN_TRENDS[time_plural, response_plural, r > 0]) % nouns


def pooled_sentence(r: Num, meaning: str, relationship: str, time: str, response: str) -> Sentence:
    """Q2's pooled correlation ``r`` with its reading."""
    return filled(
        _(
            "The Pearson correlation between %(time)s and %(response)s over all rows is %(r)s: "
            "%(relationship)s; %(meaning)s."
        ),
        time=time,
        response=response,
        r=r,
        relationship=relationship,
        meaning=meaning,
    )


def within_sentence(
    r: Num, p: Sentence, meaning: str, relationship: str, group: str, groups: str
) -> Sentence:
    """Q2's repeated-measures correlation ``r`` (``p``: its p-value with what goes before it)."""
    return filled(
        _(
            "Within %(groups)s (the repeated-measures correlation of Bakdash and Marusich, 2017, which "
            "removes each %(group)s's own mean) it is %(r)s (%(p)s): %(relationship)s; %(meaning)s."
        ),
        groups=groups,
        group=group,
        r=r,
        p=p,
        relationship=relationship,
        meaning=meaning,
    )
