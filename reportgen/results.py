"""The results document: every computed number, nested, JSON-ready (``results.json``).

Templates read numbers only from here (through the ``num`` filter), so the report and the
JSON can never disagree. Subject ids are strings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.analysis.regression import Coefficient
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig


class MissingResult(KeyError):
    """Raised when a template asks for a number the results do not hold."""


def _coefficients(prefix: str, c: Coefficient, stat: str) -> dict[str, float]:
    return {
        prefix: c.estimate,
        f"{prefix}_se": c.se,
        f"{prefix}_{stat}": c.stat,
        f"{prefix}_p": c.p,
        f"{prefix}_ci_low": c.ci_low,
        f"{prefix}_ci_high": c.ci_high,
    }


def build_results(
    data: CleanData, analysis: Analysis, config: BuildConfig, source: Mapping[str, Any]
) -> dict[str, Any]:
    """Assemble the results document; ``source`` describes the input file (name, sha256)."""
    a = analysis
    first = [a.subject_lines[s] for s in a.first_subjects]
    mixed = a.mixed
    group_sd, residual_sd = math.sqrt(mixed.group_var), math.sqrt(mixed.residual_var)
    return {
        "data": {
            **source,
            "rows": data.raw_rows,
            "columns": len(data.columns),
            "column_names": list(data.columns),
            "head": [dict(row) for row in data.head],
            "na_counts": dict(data.na_counts),
            "zero_counts": dict(data.zero_counts),
            "removed_rows": len(data.removed),
            "removed": [asdict(r) for r in data.removed],
            "clean_rows": a.relationship.rows,
            "groups": a.relationship.groups,
        },
        "describe": {**asdict(a.overview), "correlation": a.relationship.correlation},
        "ols": {
            **_coefficients("intercept", a.ols.intercept, "t"),
            **_coefficients("slope", a.ols.slope, "t"),
            "r_squared": a.ols.r_squared,
            "n": a.ols.n,
            "residual_sd": a.ols.residual_sd,
            "between_subject_share": a.ols.between_subject_share,
        },
        "first_subjects": {
            "ids": list(a.first_subjects),
            "count": len(first),
            "slope_min": min(line.slope for line in first),
            "slope_max": max(line.slope for line in first),
            "intercept_min": min(line.intercept for line in first),
            "intercept_max": max(line.intercept for line in first),
        },
        "subject_fits": {
            s: {"intercept": line.intercept, "slope": line.slope, "n": line.n}
            for s, line in a.subject_lines.items()
        },
        "subject_pair": {**asdict(a.pair), **asdict(a.pair_comparison)},
        "random_intercept": {
            **_coefficients("intercept", mixed.intercept, "z"),
            **_coefficients("slope", mixed.slope, "z"),
            "group_var": mixed.group_var,
            "group_sd": group_sd,
            "residual_var": mixed.residual_var,
            "residual_sd": residual_sd,
            "sd_ratio": group_sd / residual_sd if residual_sd > 0 else math.inf,
            "icc": mixed.group_var / (mixed.group_var + mixed.residual_var),
            "converged": mixed.converged,
            "reml_loglik": mixed.reml_loglik,
            "warnings": list(mixed.warnings),
            "random_effects": dict(mixed.random_effects),
            "random_effect_min": min(mixed.random_effects.values()),
            "random_effect_max": max(mixed.random_effects.values()),
            "lowest_subject": min(mixed.random_effects, key=mixed.random_effects.__getitem__),
            "highest_subject": max(mixed.random_effects, key=mixed.random_effects.__getitem__),
            "subject_lines": {
                s: {"intercept": mixed.subject_line(s).intercept, "slope": mixed.slope.estimate}
                for s in mixed.random_effects
            },
        },
        "mixed_pair": {**asdict(a.mixed_pair), **asdict(a.mixed_comparison)},
    }


def lookup(results: Mapping[str, Any], path: str | Sequence[str]) -> Any:
    """Value at ``path``: a dotted string (``"ols.slope"``) or a sequence of keys.

    Use a sequence when a key may itself contain a dot (subject ids come from data).
    """
    keys = path.split(".") if isinstance(path, str) else list(path)
    node: Any = results
    for key in keys:
        if isinstance(node, Mapping) and str(key) in node:
            node = node[str(key)]
        elif isinstance(node, list) and str(key).isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            raise MissingResult(f"no result at {'.'.join(map(str, keys))!r}")
    return node


def to_json_ready(value: Any) -> Any:
    """Replace non-finite floats (not valid JSON) with None, recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): to_json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_ready(v) for v in value]
    return value
