"""Words of partial pooling at every level (section g-level-pooling): how far each outer group
(site) leans on the average and why, the subjects' lines with every level, and the check
of each level's random effects.

Each rule is a small named function of numbers; the sentences are whole messages with named
placeholders (docs/development.md "Languages"), German entries in reportgen/locale/de.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from typing import TYPE_CHECKING

from reportgen.i18n import gettext as _
from reportgen.i18n import label_noun as noun
from reportgen.i18n import label_plural as plural
from reportgen.i18n import number_text
from reportgen.narrative.rules import ZERO_EFFECT_SD
from reportgen.narrative.sentence import Sentence, filled, num
from reportgen.words import capitalized

if TYPE_CHECKING:
    from reportgen.analysis.level_pooling import EffectCheck, GroupPull, LevelPooling
    from reportgen.config import Labels

# Pulls closer than this (shares of the level's variance) count as the same: no group leans most.
SAME_PULL = 0.01
ALPHA = 0.05
KEY = "level_pooling"


def most_pulled(groups: Mapping[str, GroupPull]) -> str | None:
    """The group whose estimate leans most on the average (the largest conditional variance over
    the level's variance); None when every pull is about the same."""
    pulls = [g.pull for g in groups.values()]
    if not pulls or max(pulls) - min(pulls) < SAME_PULL:
        return None
    return max(groups, key=lambda name: groups[name].pull)


def moves_toward_average(own: float, pooled: float, average: float) -> bool:
    """Does the model move a group's estimate toward the average: its estimate in the model
    (``pooled``) lies between its own from its rows alone and the average (the fixed value)? Not
    always so with more than one level: the model also separates the effects of the subjects
    measured there (statistician R 3, session 8, crossed study: site S12's own mean 40.42, in the
    model 38.55, the average about 46.6). True when a value is missing (nothing shows a move away)."""
    if math.isnan(own) or math.isnan(pooled) or math.isnan(average):
        return True
    return (pooled - average) * (own - average) >= 0 and abs(pooled - average) <= abs(own - average)


def pull_reasons(name: str, groups: Mapping[str, GroupPull]) -> tuple[bool, bool]:
    """Why ``name`` is pulled far: (fewer subjects than the median group, noisier residuals
    than the median group)."""
    group = groups[name]
    few = group.patients < statistics.median(g.patients for g in groups.values())
    noisy = group.noise > statistics.median(g.noise for g in groups.values())
    return few, noisy


def effects_verdict(check: EffectCheck) -> str:
    """What a level's predicted effects say of their distribution: ``"no_variance"`` (all 0),
    ``"few"`` (too few groups to test), ``"departs"`` (Shapiro-Wilk p < 0.05), else
    ``"no_departure"`` (never "normal": a test can only fail to find a departure)."""
    if check.sd < ZERO_EFFECT_SD:
        return "no_variance"
    if check.normality_p is None:
        return "few"
    return "departs" if check.normality_p < ALPHA else "no_departure"


def own_rows_caveat(crossed: bool, top: str, group: str) -> list[Sentence]:
    """What a crossed outer group's own estimate (the table's "Own") leaves out, said where the
    table is introduced: the mean departure of its rows ignores which subjects were measured there,
    while the model sets their effects apart; nothing when the subjects are nested (each stays in
    its group, so its rows are its subjects')."""
    if not crossed:
        return []
    return [
        (
            _(
                "A %(top)s's own estimate ignores which %(groups)s were measured there (the %(groups)s "
                "move between %(tops)s): a %(top)s whose %(groups)s sit high reads high, while the model "
                "sets the %(groups)s' own effects apart."
            )
            % {"top": noun(top), "tops": plural(top), "groups": plural(group)},
        )
    ]


def level_pooling_words(result: LevelPooling, labels: Labels, decimals: int = 2) -> dict[str, list[Sentence]]:
    """The section's sentences: the outer groups' pull, the subjects' lines, the checks."""
    return {
        "g_level_pooling_prompt": own_rows_caveat(result.crossed, result.top, labels.group),
        "g_level_pooling": [
            *_pull_sentences(result, labels),
            _subject_sentence(result, labels),
            *_away_sentence(result, labels),
        ],
        "g_level_checks": [
            _check_sentence(result, labels, level, term)
            for level, terms in result.checks.items()
            for term in terms
        ],
    }


def _what(result: LevelPooling, labels: Labels) -> str:
    return (
        _("slope") if result.term == "slope" else _("mean %(response)s") % {"response": noun(labels.response)}
    )


def _pull_sentences(result: LevelPooling, labels: Labels) -> list[Sentence]:
    groups = result.groups
    pulls = sorted(groups, key=lambda name: groups[name].pull)
    name = most_pulled(groups)
    message = (
        _(
            "In the model with every level each %(top)s's own %(what)s leans on the average by the "
            "same share: its conditional variance is %(low)s of the variance between %(tops)s for "
            "every %(top)s (the larger the share, the more its rows leave uncertain and the more the "
            "model pulls it toward the average); no %(top)s is measured more thinly than the others."
        )
        if name is None
        else _(
            "In the model with every level how far each %(top)s's own %(what)s is pulled toward the "
            "average is set by how much its own rows leave uncertain: its conditional variance is "
            "%(low)s to %(high)s of the variance between %(tops)s (the larger the share, the more the "
            "model leans on the average)."
        )
    )
    first = filled(
        message,
        top=noun(result.top),
        tops=plural(result.top),
        what=_what(result, labels),
        low=num(KEY, "groups", pulls[0], "pull", style="pct"),
        high=num(KEY, "groups", pulls[-1], "pull", style="pct"),
    )
    return [first] if name is None else [first, _furthest_sentence(result, labels, name)]


def _furthest_sentence(result: LevelPooling, labels: Labels, name: str) -> Sentence:
    few, noisy = pull_reasons(name, result.groups)
    group = result.groups[name]
    away = _(
        "%(Top)s %(name)s's own rows leave its %(what)s the least certain (%(n)s %(groups)s, residual "
        "SD %(noise)s), yet the model does not pull it toward the average: its own %(what)s from its "
        "rows alone is %(own)s, in the model %(pooled)s, further from the average, because the model "
        "also separates the effects of the %(groups)s measured there from the %(top)s's own."
    )
    messages = {
        (True, False): _(
            "%(Top)s %(name)s leans most on the average: its own %(what)s from its rows alone is %(own)s, in "
            "the model %(pooled)s, because it has fewer %(groups)s than most %(tops)s (%(n)s)."
        ),
        (False, True): _(
            "%(Top)s %(name)s leans most on the average: its own %(what)s from its rows alone is %(own)s, in "
            "the model %(pooled)s, because its measurements are noisier than most (residual SD %(noise)s)."
        ),
        (True, True): _(
            "%(Top)s %(name)s leans most on the average: its own %(what)s from its rows alone is %(own)s, in "
            "the model %(pooled)s, because it has fewer %(groups)s than most %(tops)s (%(n)s) and its "
            "measurements are noisier (residual SD %(noise)s)."
        ),
        (False, False): _(
            "%(Top)s %(name)s leans most on the average: its own %(what)s from its rows alone is %(own)s, in "
            "the model %(pooled)s; it has no fewer %(groups)s (%(n)s) and no noisier measurements than "
            "most %(tops)s, so how its measurements fall in %(time)s makes its own estimate less certain."
        ),
    }
    toward = moves_toward_average(group.own, group.pooled, group.average)
    return filled(
        messages[(few, noisy)] if toward else away,
        Top=capitalized(noun(result.top)),
        top=noun(result.top),
        name=name,
        tops=plural(result.top),
        groups=plural(labels.group),
        time=noun(labels.time),
        what=_what(result, labels),
        own=num(KEY, "groups", name, "own"),
        pooled=num(KEY, "groups", name, "pooled"),
        n=num(KEY, "groups", name, "patients", style="int"),
        noise=num(KEY, "groups", name, "noise"),
    )


def _subject_sentence(result: LevelPooling, labels: Labels) -> Sentence:
    message = (
        _(
            "Each %(group)s's line in the model is the fixed part plus its own effect (the %(top)s's "
            "effect belongs to each measurement): the %(groups)s' slopes spread with SD %(model)s "
            "against %(own)s for their own least-squares lines, their levels at %(time)s %(at)s with "
            "SD %(model_level)s against %(own_level)s."
        )
        if result.crossed
        else _(
            "Each %(group)s's line in the model is the fixed part plus its %(top)s's effect plus its "
            "own: the %(groups)s' slopes spread with SD %(model)s against %(own)s for their own "
            "least-squares lines, their levels at %(time)s %(at)s with SD %(model_level)s against "
            "%(own_level)s."
        )
    )
    return filled(
        message,
        group=noun(labels.group),
        groups=plural(labels.group),
        top=noun(result.top),
        time=noun(labels.time),
        at=num(KEY, "subjects", "level_time", style="auto"),
        model=num(KEY, "subjects", "line_slope_sd"),  # the whole lines, as said (statistician R 9)
        own=num(KEY, "subjects", "own_slope_sd"),
        model_level=num(KEY, "subjects", "line_level_sd"),
        own_level=num(KEY, "subjects", "own_level_sd"),
    )


def _away_sentence(result: LevelPooling, labels: Labels) -> list[Sentence]:
    """How many subjects' own effects in this model clearly depart from zero (the count the
    one-grouping section gives for its own model; statistician R 5, session 8)."""
    s = result.subjects
    if s.intercepts_away_from_zero is None:
        return []
    message = (
        _(
            "In the model with every level, %(away)s of %(n)s %(groups)s have a random intercept of "
            "their own whose 95%% prediction interval excludes zero, and %(slopes)s a random slope "
            "whose interval does: these %(groups)s differ clearly from the average, beyond any %(top)s's "
            "effect."
        )
        if s.slopes_away_from_zero is not None
        else _(
            "In the model with every level, %(away)s of %(n)s %(groups)s have a random intercept of "
            "their own whose 95%% prediction interval excludes zero: these %(groups)s differ clearly "
            "from the average, beyond any %(top)s's effect."
        )
    )
    return [
        filled(
            message,
            away=num(KEY, "subjects", "intercepts_away_from_zero", style="int"),
            slopes=num(KEY, "subjects", "slopes_away_from_zero", style="int"),
            n=num(KEY, "checks", result.subject_level, "(Intercept)", "groups", style="int"),
            groups=plural(labels.group),
            top=noun(result.top),
        )
    ]


def _check_sentence(result: LevelPooling, labels: Labels, level: str, term: str) -> Sentence:
    from reportgen.narrative.multilevel import level_words

    check = result.checks[level][term]
    verdict = effects_verdict(check)
    messages = {
        "no_variance": _(
            "The %(effects)s of the %(level)s are all 0 in the model (it gives them no variance): "
            "their distribution admits no verdict."
        ),
        "few": _(
            "With %(n)s %(level)s a check of their %(effects)s' distribution has little power (below "
            "10 groups no test is run): so few values cannot show a normal distribution, only a "
            "gross departure from one (excess kurtosis %(k)s)."
        ),
        "departs": _(
            "The predicted %(effects)s of the %(level)s depart from a normal distribution "
            "(%(test)s %(p)s, excess kurtosis %(k)s, %(n)s values)."
        ),
        "no_departure": _(
            "The predicted %(effects)s of the %(level)s show no clear departure from a normal "
            "distribution (%(test)s %(p)s, excess kurtosis %(k)s, %(n)s values)."
        ),
    }
    path = (KEY, "checks", level, term)
    p = check.normality_p
    return filled(
        messages[verdict],
        effects=_("levels") if term == "(Intercept)" else _("slopes"),
        level=level_words(level),
        n=num(*path, "groups", style="int"),
        k=num(*path, "excess_kurtosis"),
        p=("p ", num(*path, "normality_p", style="p_eq")) if p is not None else "",
        test=check.normality_test,
    )


def level_pooling_alt(result: LevelPooling, labels: Labels, decimals: int = 2) -> dict[str, str]:
    """Alt texts of the section's figures."""
    top = result.top
    name = most_pulled(result.groups) or min(result.groups)
    group = result.groups[name]
    return {
        "level_pooling": _(
            "Each %(top)s's own %(what)s from its rows alone and in the model with every level, with "
            "its 95%% interval, %(count)s %(tops)s; %(top)s %(name)s moves from %(own)s to %(pooled)s."
        )
        % {
            "top": noun(top),
            "tops": plural(top),
            "what": _what(result, labels),
            "count": len(result.groups),
            "name": name,
            "own": number_text(group.own, "fixed", decimals),
            "pooled": number_text(group.pooled, "fixed", decimals),
        },
        "level_subject_effects": _(
            "Each %(group)s's own predicted effects in the model with every level, with their 95%% "
            "intervals, in order (%(count)s %(groups)s)."
        )
        % {
            "group": noun(labels.group),
            "groups": plural(labels.group),
            "count": len(result.effects[result.subject_level].groups) if result.effects else 0,
        },
        "level_effects_qq": _(
            "Normal QQ plots of the predicted random effects at each level of the model with every level."
        ),
    }
