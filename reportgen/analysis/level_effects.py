"""The predicted random effects of the model with every level, each grouping term's own: conditional
modes and conditional SDs, as lme4's ``ranef(fit, condVar = TRUE)`` gives them (its ``postVar``
diagonal), and the fixed part of each row (X beta) that a group's own estimate is read against.

Read from mixedlm's fit once, in :func:`reportgen.analysis.multilevel.fit_multilevel`, so the
sections that read them (partial pooling at every level, :mod:`reportgen.analysis.level_pooling`)
need not keep the fit. Level names are lme4's (``S01:S01-p0`` for ``site:patient``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Conditional SDs of the inner levels cost a sparse solve per level: mixedlm took 2.0 s for 5,000
# patients (the fit 0.6 s) and 43 s for 100,000. Above this many inner random effects only the
# outermost level's SDs are computed (the inner ones are nan; their modes are kept).
MAX_CONDVAR_EFFECTS = 10_000


@dataclass(frozen=True)
class TermEffects:
    """One grouping term's predicted random effects: ``groups`` (lme4's level names) by ``terms``
    (``(Intercept)`` and the time column), the conditional ``modes`` and conditional ``sds``."""

    groups: tuple[str, ...]
    terms: tuple[str, ...]
    modes: np.ndarray = field(repr=False, compare=False)
    sds: np.ndarray = field(repr=False, compare=False)


@dataclass(frozen=True)
class LevelEffects:
    """Every grouping term's :class:`TermEffects` (outermost first), each term's SD in the model
    (``term_sds``), and each row's fixed part (``fixed_part``, in the order of the fitted rows)."""

    terms: dict[str, TermEffects]
    term_sds: dict[str, dict[str, float]]
    fixed_part: np.ndarray = field(repr=False, compare=False)


def lme4_name(level: str) -> str:
    r"""A nested term's level as lme4 names it: mixedlm joins the ids with "/" (an id's own "/"
    escaped, ``S00/S00\/P00``), lme4 with ":" (``S00:S00/P00``)."""
    return ":".join(part.replace("\\/", "/") for part in re.split(r"(?<!\\)/", level))


def level_effects(
    model: Any, rename: Callable[[str], str], outer: tuple[str, Mapping[str, Any]]
) -> LevelEffects:
    """What :class:`LevelEffects` holds, from mixedlm's ``model``; ``rename`` turns its internal
    names (``v3:v4``) into the data's; ``outer``: the outermost grouping factor and its conditional
    variances by term, already computed (the inner levels' are computed here, up to
    :data:`MAX_CONDVAR_EFFECTS`)."""
    structures = list(model.matrices.random_structures)
    inner = sum(s.n_levels * s.n_terms for s in structures if s.grouping_factor != outer[0])
    every = inner <= MAX_CONDVAR_EFFECTS
    ranef = model.ranef(condVar=every)
    variances = dict(ranef.condVar) if every else dict([outer])
    terms: dict[str, TermEffects] = {}
    for structure in structures:
        key = structure.grouping_factor
        names = tuple(structure.term_names)
        modes = np.column_stack([np.asarray(ranef[key][t], dtype=float) for t in names])
        var = variances.get(key)
        sds = (
            np.column_stack([np.sqrt(np.asarray(var[t], dtype=float)) for t in names])
            if var is not None
            else np.full_like(modes, math.nan)
        )
        joined = ":" in key
        groups = tuple(lme4_name(str(level)) if joined else str(level) for level in structure.level_map)
        terms[rename(key)] = TermEffects(groups, tuple(rename(t) for t in names), modes, sds)
    term_sds = {
        rename(term): {rename(k): float(v) for k, v in group.stddev.items()}
        for term, group in model.VarCorr().groups.items()
    }
    fixed_part = np.asarray(model.matrices.X, dtype=float) @ np.asarray(model.beta, dtype=float)
    return LevelEffects(terms, term_sds, fixed_part)
