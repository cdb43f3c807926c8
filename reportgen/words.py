"""Words that fit the study: nouns from the labels, counts that agree, sentences with capitals.

Plurals come from ``inflect`` (child -> children, person -> people), imported on first use.
"""

from __future__ import annotations

import functools
import re
from typing import Any, TypeVar

Part = TypeVar("Part")


@functools.cache
def _engine() -> Any:
    import inflect

    return inflect.engine()


def noun(label: str) -> str:
    """The label as a noun in running text: each Capitalised ordinary word lower-cased ("Days" ->
    "days"), acronyms and mixed case kept as given ("ID", "HIV", "BPchange", "pH")."""
    return " ".join(_running_word(word) for word in label.strip().split(" "))


def _running_word(word: str) -> str:
    """One word of a label in running text: lower only a Capitalised (or one-letter) word."""
    return word.lower() if word[:1].isupper() and (len(word) == 1 or word[1:] == word[1:].lower()) else word


@functools.cache
def plural(label: str) -> str:
    """Plural of a label's noun: "Chick" -> "chicks", "child" -> "children"."""
    word = noun(label)
    if word.isupper():  # an acronym: "IDs", not "IDS"
        return f"{word}s"
    head, _, last = word.rpartition(" ")  # "growth curve" -> "growth curves"
    return f"{head} {_engine().plural_noun(last)}".strip() if last else word


@functools.cache
def is_plural(label: str) -> bool:
    """Whether a label's head noun is plural: "follicles", "children", "days of sleep deprivation".

    The head is the last word, or the last word before "of" ("days of sleep deprivation" -> "days").
    """
    word = noun(label).partition(" of ")[0].rpartition(" ")[2]
    if not word or word.isupper():
        return False
    engine = _engine()
    singular = engine.singular_noun(word)
    # inflect's singular_noun also trims singular words that end in s ("mass" -> "mas"); but it
    # knows their plurals ("masses"), while a word that is already plural it can only extend with
    # an s ("follicles" -> "follicless", "mice" -> "mices").
    return bool(singular) and singular != word and engine.plural_noun(word) == f"{word}s"


def the_response(label: str) -> str:
    """The response as a sentence's subject: "The weight", but "The response y" when the label is a
    bare column name (under 3 letters, or not a word: digits, no vowel), which reads badly after "The"."""
    word = noun(label)
    reads_as_word = len(word) >= 3 and word.replace(" ", "").isalpha() and any(v in word for v in "aeiouy")
    return f"The {word}" if reads_as_word and not word.isupper() else f"The response {word}"


def the_response_within(label: str) -> str:
    """:func:`the_response` inside a sentence: "fits ... to the weight", "to the response y" (not "the y")."""
    return "t" + the_response(label)[1:]


def named_after(kind: str, label: str) -> bool:
    """Does the label already say the response's kind ("count", "seizure_counts", "Binary")?"""
    words = re.findall(r"[a-z]+", label.lower())
    return kind in words or f"{kind}s" in words


def kind_noun(kind: str, label: str) -> str:
    """The response with its kind before it ("count y", "binary infected"), or its name alone when
    that already says the kind: a response named "count" is "count", not "count count"."""
    return noun(label) if named_after(kind, label) else f"{kind} {noun(label)}"


# A fitting method (``models.<name>.method``) after "fitted by": the name a reader knows.
METHOD_WORDS = {
    "REML": "restricted maximum likelihood (REML)",
    "ML": "maximum likelihood (ML)",
    "Laplace": "the Laplace approximation",
}


def method_words(method: str) -> str:
    """ "fitted by the Laplace approximation", not "fitted by Laplace"; an unknown method as given."""
    return METHOD_WORDS.get(method, method)


def agreeing(label: str, verb: str) -> str:
    """A verb in the third person that agrees with the label's noun: "follicles tend", "weight tends"."""
    return str(_engine().plural_verb(verb)) if is_plural(label) else verb


def with_article(word: str) -> str:
    """The word after "a" or "an" as inflect reads it: "an id", "a plant", "an ID", "a unit"."""
    return str(_engine().a(word))


def possessive(word: str) -> str:
    """ "chicks'" but "children's": the possessive of a (plural) noun."""
    return f"{word}'" if word.endswith("s") else f"{word}'s"


def counted(n: int, label: str) -> str:
    """ "1 child", "2 children" (the noun agrees with the count)."""
    return f"{n} {noun(label) if n == 1 else plural(label)}"


def noun_for(n: int | float, label: str) -> str:
    """The noun alone, agreeing with ``n`` (for sentences whose count is a number reference)."""
    return noun(label) if n == 1 else plural(label)


def verb_for(n: int | float, singular: str, plural_form: str) -> str:
    """ "has"/"have", "is"/"are": the verb agrees with ``n``."""
    return singular if n == 1 else plural_form


def capitalized(text: str) -> str:
    """First letter upper case, the rest untouched (unlike str.capitalize)."""
    return text[:1].upper() + text[1:]


def capitalize_sentence(sentence: tuple[Part, ...]) -> tuple[Part | str, ...]:
    """A sentence whose first text part starts with a capital (a number may lead it)."""
    if sentence and isinstance(sentence[0], str):
        return (capitalized(sentence[0]), *sentence[1:])
    return sentence


def p_equals(p: float) -> str:
    """Text before a p-value rendered in the "p" style: "p = " for 0.124, "p " for "< 0.001"."""
    return "p " if p < 0.001 else "p = "


# Two shares of variance explained (R²) closer than this are the same share to a reader: the
# daily cycle's conditional R² of 0.30680 and 0.30681 (random intercept, random slopes with a slope
# variance near 0) were printed with five decimals to tell them apart (statistician P).
R2_NEGLIGIBLE = 0.001


def decimals_to_separate(values: list[float], decimals: int, most: int = 6, negligible: float = 0.0) -> int:
    """Fewest decimals (at least ``decimals``) that show distinct values as distinct; values less
    than ``negligible`` apart count as one value, which may print alike (R²: :data:`R2_NEGLIGIBLE`)."""
    distinct: set[float] = set()
    for v in sorted(round(v, 12) for v in values):
        if not distinct or v - max(distinct) >= negligible:  # else the same value to a reader
            distinct.add(v)
    for k in range(decimals, most + 1):
        if len({f"{v:.{k}f}" for v in distinct}) == len(distinct):
            return k
    return most


def r2_decimals(values: list[float], decimals: int) -> int:
    """Decimals for shares of variance explained: enough to tell apart those at least
    :data:`R2_NEGLIGIBLE` apart (0.996 and 0.999: three at two), never more for closer ones."""
    return decimals_to_separate(values, decimals, negligible=R2_NEGLIGIBLE)


def shared_decimals(values: list[float], most: int = 4) -> int:
    """Decimals that show every value exactly (up to ``most``), for both ends of a range."""
    needed = 0
    for v in values:
        text = f"{v:.{most}f}".rstrip("0")
        needed = max(needed, len(text.split(".")[1]) if "." in text else 0)
    return needed


# A model's rule code (``analysis.selection``) in running text: "the random-slope model".
MODEL_WORDS = {
    "random_intercept": "random-intercept",
    "random_slope": "random-slope",
    "uncorrelated_slope": "uncorrelated random-slope",
}


def model_words(model: str) -> str:
    """A model's name in words, from its rule code (``random_slope`` -> "random-slope")."""
    return MODEL_WORDS[model]


# The random effects of a curved model, after its shape: "the quadratic model with random intercepts".
EFFECTS_WORDS = {
    "random_intercept": "random intercepts",
    "random_slope": "correlated random slopes",
    "uncorrelated_slope": "uncorrelated random slopes",
}
# A trend shape's name as an adjective of "model" (reportgen.analysis.time_basis's shape codes).
SHAPE_WORDS = {"quadratic": "quadratic", "log": "log-linear", "harmonic": "cyclic (sine-and-cosine)"}


def model_name(model: str, shape: str = "linear", line: bool = False, short: bool = False) -> str:
    """The model the report stands on, named by its random effects and, when curved, its shape.

    ``("random_intercept", "linear")`` -> "random-intercept model"; ``("random_intercept",
    "quadratic")`` -> "quadratic model with random intercepts"; ``spline3`` -> "natural-spline
    (3 df) model with ...". ``line``: the straight line a curve's slope summaries read (pooling,
    influence): "straight-line version of the quadratic model with random intercepts". ``short``:
    a curve without its random effects ("quadratic model"), for a figure's title or legend.
    """
    if shape == "linear":
        return f"{MODEL_WORDS[model]} model"
    curve = SHAPE_WORDS.get(shape) or f"natural-spline ({shape.removeprefix('spline')} df)"
    named = f"{curve} model" if short else f"{curve} model with {EFFECTS_WORDS[model]}"
    return f"straight-line version of the {named}" if line else named


def model_line_name(model: str, shape: str = "linear") -> str:
    """The model's line in a figure's caption or alt text, in plain words: "random-intercept model
    line"; a curve's straight-line version "the mixed model's straight line" (statistician Q,
    session 8: "straight-line version of the natural-spline (5 df) model with uncorrelated random
    slopes line" read as garble; the appendix's terms say what that straight line is)."""
    if shape == "linear":
        return f"{model_name(model)} line"
    return "the mixed model's straight line"


# Units of elapsed time, as a label's unit may name them (singular or plural, long or short).
TIME_UNITS = frozenset(
    "s sec second seconds min minute minutes h hr hour hours d day days wk week weeks mo month "
    "months y yr year years ms millisecond milliseconds".split()
)
# Names of columns that count time (a word of the label): Days, Time, age, visit, period, wave.
TIME_NAMES = frozenset(
    "time times t day days week weeks month months year years hour hours minute minutes age "
    "visit visits period periods wave waves session sessions occasion occasions date dates "
    "timepoint timepoints followup cycle cycles".split()
)


def is_time_axis(label: str, unit: str = "") -> bool:
    """Is the axis time: a unit of time, or a time-like word in its name ("Days", "age", "Time")?

    A concentration (``conc``), a pressure or a dose is not, whatever its unit (mmHg, mg).
    """
    if unit.strip().lower() in TIME_UNITS:
        return True
    words = re.findall(r"[a-z]+", label.lower().replace("_", " "))
    return any(word in TIME_NAMES for word in words)
