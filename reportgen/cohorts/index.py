"""``index.html``: every cohort with its key numbers, status and links, the slopes plot, the comparison."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.cohorts.manifest import STATUSES, CohortsResult
from reportgen.cohorts.names import cohort_label
from reportgen.context import data_uri
from reportgen.i18n import N_, localized_number, speaking
from reportgen.i18n import gettext as _

if TYPE_CHECKING:
    from reportgen.config import BuildConfig

INDEX_FILE = "index.html"
INDEX_TEMPLATE = "cohorts/index.html.j2"
# Files the index links to, in this order, when a cohort has them.
LINKED_FILES = (
    ("report.html", "HTML"),
    ("report.pdf", "PDF"),
    ("handout.html", N_("handout HTML")),
    ("handout.pdf", N_("handout PDF")),
    ("results.json", "JSON"),
)


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class CohortView:
    """A cohort as the index template sees it."""

    name: str
    label: str
    slug: str
    status: str
    error: str | None
    links: tuple[Link, ...]
    has_numbers: bool
    ratio: str | None = None  # "odds ratio" or "rate ratio" when the cohort's headline is a GLMM's
    cycle: bool = False  # the cohort's report tells a cycle: its amplitude, not a slope
    curved: bool = False  # its GLMM trend is a curve: the ratio of its last time to its first


def _ratio_name(summary: Mapping[str, Any] | None) -> str | None:
    """What a cohort's headline is when its report stands on a GLMM (None for a linear headline)."""
    if not summary or "glmm" not in summary:
        return None
    return "odds ratio" if summary["family"]["name"] == "binomial" else "rate ratio"


@dataclass(frozen=True)
class ForestView:
    src: str
    alt: str
    width: int
    height: int
    cycle: bool = False  # the cohorts' amplitudes (their reports tell cycles), not their slopes


def _view(png: bytes, alt: str, cycle: bool = False) -> ForestView:
    """A PNG as an inline image, with its size read from its header."""
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return ForestView(src=data_uri("image/png", png), alt=alt, width=width, height=height, cycle=cycle)


def _forest(result: CohortsResult, config: BuildConfig) -> ForestView | None:
    """The slopes plot for the cohorts with finite estimates; when every such cohort tells a cycle,
    their amplitudes (a cycle has no slope); None when there are none."""
    from reportgen.cohorts.cycle_comparison import cohort_amplitude
    from reportgen.figures.cohorts import ForestRow, forest_plot

    rows: list[ForestRow] = []
    amplitudes: list[ForestRow] = []
    for outcome in result.cohorts:
        if "glmm" in (outcome.summary or {}):
            continue  # its headline is the GLMM's ratio, not a linear slope (the table shows it)
        amplitude = cohort_amplitude(outcome.summary)
        # A cycle: its amplitude, never the rate its headline keeps.
        headline = (outcome.summary or {}).get("headline", {})
        source, keys, target = (
            (amplitude, ("estimate", "ci_low", "ci_high"), amplitudes)
            if amplitude is not None
            else (headline, ("slope", "slope_ci_low", "slope_ci_high"), rows)
        )
        values: list[Any] = [source.get(key) for key in keys]
        if all(isinstance(v, int | float) for v in values):
            target.append(ForestRow(cohort_label(outcome.name, None), *values))
    if not rows:
        return _amplitude_forest(amplitudes, config) if amplitudes else None
    rate = config.labels.rate()
    image = forest_plot(
        rows,
        _("Average slope (%(rate)s)") % {"rate": rate},
        _("Average slope of each cohort, with its 95% CI"),
    )
    alt = _(
        "Average slope of %(n)s cohorts, each from the model its own data support, with its "
        "95%% confidence interval; estimates range from %(low)s to %(high)s %(rate)s."
    ) % {"n": len(rows), **_estimate_range(rows, config), "rate": rate}
    return _view(image.png, alt)


def _estimate_range(rows: list[Any], config: BuildConfig) -> dict[str, str]:
    """The lowest and highest estimate of a forest's rows, as its alt text writes them."""
    from reportgen.numbers import format_number

    low, high = (format_number(f(r.estimate for r in rows), "fixed", config.decimals) for f in (min, max))
    return {"low": localized_number(low, config.lang), "high": localized_number(high, config.lang)}


def _amplitude_forest(rows: list[Any], config: BuildConfig) -> ForestView:
    """The cohorts' amplitudes (each from its own report's cycle), with their 95% intervals."""
    from reportgen.figures.cohorts import forest_plot

    image = forest_plot(
        rows,
        _("Amplitude of the cycle (%(response)s)") % {"response": config.labels.response},
        _("Amplitude of each cohort's cycle, with its 95% CI"),
    )
    alt = _(
        "Amplitude of the cycle of %(n)s cohorts (how far each cohort's curve rises above and falls "
        "below its mean level), each from its own report, with its 95%% confidence interval; "
        "estimates range from %(low)s to %(high)s."
    ) % {"n": len(rows), **_estimate_range(rows, config)}
    return _view(image.png, alt, cycle=True)


def _site_forest(comparison: Mapping[str, Any], config: BuildConfig) -> ForestView | None:
    """The sites' shrunken slopes of the multilevel model, or None when the sites are not random."""
    from reportgen.figures.cohorts import ForestRow, site_forest_plot
    from reportgen.narrative.cohort_sites import site_forest_alt
    from reportgen.words import noun

    if comparison.get("structure") != "random":
        return None
    site = comparison["column"]
    slopes = comparison["slope_by_cohort"]
    rows = [ForestRow(name, s["estimate"], s["ci_low"], s["ci_high"]) for name, s in slopes.items()]
    mean = comparison["mean_slope"]["estimate"]
    interval = (comparison["prediction_interval"]["low"], comparison["prediction_interval"]["high"])
    rate = config.labels.rate()
    legend = f"95% prediction interval, new {noun(site)}"
    title = f"Slope of each {noun(site)} in one multilevel model, with its 95% interval"
    image = site_forest_plot(rows, mean, interval, (f"Slope ({rate})", legend), title)
    estimates = {name: s["estimate"] for name, s in slopes.items()}
    alt = site_forest_alt(estimates, mean, interval, rate, site, config.decimals)
    return _view(image.png, alt)


def _new_site_words(comparison: Mapping[str, Any], config: BuildConfig) -> str:
    from reportgen.narrative.cohort_sites import new_site_expectation

    if comparison.get("structure") != "random":
        return ""
    interval = comparison["prediction_interval"]
    labels = config.labels
    return new_site_expectation(
        interval["low"], interval["high"], labels.response, labels.time, comparison["column"]
    )


def _comparison_verdict(comparison: Mapping[str, Any]) -> str:
    from reportgen.cohorts.cycle_comparison import cycles_differ_verdict
    from reportgen.narrative.cohort_verdicts import cohort_slopes_verdict

    test = comparison.get("interaction_test")
    if not test or not isinstance(test.get("p"), float):
        return ""
    if "cycles" in comparison:  # a cycle has no rate: do the cohorts' cycles differ?
        return cycles_differ_verdict(test["p"], _("the cohort"))
    return cohort_slopes_verdict(test["p"])


def render_index(
    result: CohortsResult, config: BuildConfig, comparison: dict[str, Any] | None = None, shared: str = ""
) -> str:
    """``index.html``: every cohort with its key numbers, status, links, and the slopes plot;
    ``shared``: the line on subjects with rows in more than one cohort ("" when there are none)."""
    with speaking(config.lang):  # the words made here (the title, the comparison's) in the reports' language
        return _render_index(result, config, comparison, shared)


def _render_index(
    result: CohortsResult, config: BuildConfig, comparison: dict[str, Any] | None, shared: str = ""
) -> str:
    """:func:`render_index` in the language spoken."""
    from reportgen import __version__
    from reportgen.cohorts.cycle_comparison import cohort_amplitude
    from reportgen.narrative.cohort_verdicts import cohort_model_name
    from reportgen.render import render_html
    from reportgen.results import to_json_ready
    from reportgen.theme import theme_of

    views = [
        CohortView(
            name=outcome.name,
            label=cohort_label(outcome.name, None),
            slug=outcome.slug,
            status=outcome.status,
            error=outcome.error,
            links=tuple(
                Link(_(label), f"{outcome.slug}/{file}")
                for file, label in LINKED_FILES
                if f"{outcome.slug}/{file}" in outcome.outputs
            ),
            has_numbers=outcome.summary is not None,
            ratio=_ratio_name(outcome.summary),
            cycle=cohort_amplitude(outcome.summary) is not None,
            curved="curve" in ((outcome.summary or {}).get("glmm") or {}),
        )
        for outcome in result.cohorts
    ]
    context = {
        "title": _("%(title)s, by %(column)s") % {"title": config.title, "column": result.by}
        if result.by
        else _("%(title)s, by cohort") % {"title": config.title},
        "by": result.by,
        "cohorts": views,
        "counts": {status: result.count(status) for status in STATUSES},
        # "_comparison" cannot be a slug (slugs start with a letter or digit).
        "results": {o.slug: o.summary for o in result.cohorts if o.summary is not None}
        | {"_comparison": to_json_ready(comparison or {})},
        "decimals": config.decimals,
        "labels": config.labels,
        "forest": _forest(result, config),
        "comparison": comparison or {},
        "comparison_verdict": _comparison_verdict(comparison or {}),
        "comparison_model": cohort_model_name(str((comparison or {}).get("model", ""))),
        "site_forest": _site_forest(comparison or {}, config),
        "new_site_words": _new_site_words(comparison or {}, config),
        "shared_subjects": shared,
        "version": __version__,
        "theme": theme_of(config),  # [theme]: as the reports look
        "lang": config.lang,  # numbers in the language of the reports
    }
    return render_html(context, template=INDEX_TEMPLATE, user_templates=config.templates_dir)
