"""Figures of the seminar's six questions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reportgen.figures.base import LINE, POINTS, SECOND, FigureJob, one_axes_job, point_sample, sample_note
from reportgen.i18n import gettext as _
from reportgen.i18n import label_noun, label_plural, ngettext
from reportgen.numbers import format_number

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from reportgen.analysis import Analysis
    from reportgen.analysis.regression import Line
    from reportgen.config import Labels


def equation(labels: Labels, line: Line, decimals: int) -> str:
    sign = "-" if line.slope < 0 else "+"
    return (
        f"{labels.response} = {format_number(line.intercept, 'fixed', decimals)} "
        f"{sign} {format_number(abs(line.slope), 'fixed', decimals)} × {labels.time}"
    )


def line_xy(frame_time: pd.Series, line: Line) -> tuple[list[float], list[float]]:
    x = [float(frame_time.min()), float(frame_time.max())]
    return x, [line.intercept + line.slope * v for v in x]


def _axes_labels(ax: Axes, labels: Labels) -> None:
    ax.set_xlabel(labels.axis("time"))
    ax.set_ylabel(labels.axis("response"))


def _scatter(frame: pd.DataFrame, labels: Labels) -> Callable[[Axes], None]:
    """Every observation (a fixed sample of a large data set), response against time."""
    shown = frame.iloc[point_sample(len(frame))]

    def scatter(ax: Axes) -> None:
        dense = len(shown) > 2_000
        ax.scatter(
            shown["time"], shown["response"], alpha=0.15 if dense else 0.6, color=POINTS, s=6 if dense else 18
        )
        _axes_labels(ax, labels)

    return scatter


def q1_figures(frame: pd.DataFrame, analysis: Analysis, labels: Labels, decimals: int = 2) -> list[FigureJob]:
    """Q1: the histogram of the response."""

    def histogram(ax: Axes) -> None:
        from matplotlib.ticker import MaxNLocator

        ax.hist(frame["response"], bins=20, color=POINTS, edgecolor="black")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts are whole numbers
        ax.set_xlabel(labels.axis("response"))
        ax.set_ylabel(_("Frequency"))

    title = _("Histogram of %(response)s") % {"response": label_noun(labels.response)}
    return [one_axes_job("histogram", title, histogram)]


def q2_figures(frame: pd.DataFrame, analysis: Analysis, labels: Labels, decimals: int = 2) -> list[FigureJob]:
    """Q2: the response against time."""
    title = _("%(response)s against %(time)s%(sample)s") % {
        "response": labels.response,
        "time": label_noun(labels.time),
        "sample": sample_note(len(frame)),
    }
    return [one_axes_job("scatter", title, _scatter(frame, labels))]


def q3_figures(frame: pd.DataFrame, analysis: Analysis, labels: Labels, decimals: int = 2) -> list[FigureJob]:
    """Q3: one least-squares line for everyone, then the first subjects' own lines."""
    from reportgen.analysis.regression import Line

    g = labels.group
    scatter = _scatter(frame, labels)
    ols = Line(analysis.ols.intercept.estimate, analysis.ols.slope.estimate, analysis.ols.n)

    def ols_fit(ax: Axes) -> None:
        scatter(ax)
        ax.plot(
            *line_xy(frame["time"], ols),
            color=LINE,
            linewidth=2,
            label=f"OLS: {equation(labels, ols, decimals)}",
        )
        ax.legend(loc="upper left", fontsize="small")

    def subject_lines(ax: Axes) -> None:
        for subject in analysis.first_subjects:
            rows = frame[frame["group"] == subject]["time"]
            ax.plot(*line_xy(rows, analysis.subject_lines[subject]), label=f"{g} {subject}")
        _axes_labels(ax, labels)
        ax.legend(title=g, fontsize="x-small", loc="center left", bbox_to_anchor=(1.01, 0.5))

    n = len(analysis.first_subjects)
    own_lines = ngettext(
        "Own regression line of %(n)s %(groups)s", "Own regression lines of %(n)s %(groups)s", n
    ) % {"n": n, "groups": label_noun(g) if n == 1 else label_plural(g, labels.group_plural)}
    return [
        one_axes_job("ols_fit", _("One least-squares line for all observations"), ols_fit),
        one_axes_job("subject_lines", own_lines, subject_lines),
    ]


def q4_figures(frame: pd.DataFrame, analysis: Analysis, labels: Labels, decimals: int = 2) -> list[FigureJob]:
    """Q4: each of the two subjects with its own line."""
    g, pair = labels.group, analysis.subject_pair

    def one_subject(subject: str, colour: str) -> Callable[[Axes], None]:
        def draw(ax: Axes) -> None:
            rows = frame[frame["group"] == subject]
            line = analysis.subject_lines[subject]
            ax.scatter(rows["time"], rows["response"], alpha=0.7, color=POINTS, s=22)
            ax.plot(*line_xy(rows["time"], line), color=colour, linewidth=2)
            ax.text(
                0.03, 0.95, equation(labels, line, decimals), transform=ax.transAxes, verticalalignment="top"
            )
            _axes_labels(ax, labels)

        return draw

    def own_line(subject: str) -> str:
        return _("%(group)s %(name)s: own regression line") % {"group": g, "name": subject}

    return [
        one_axes_job("pair_first", own_line(pair.first), one_subject(pair.first, LINE)),
        one_axes_job("pair_second", own_line(pair.second), one_subject(pair.second, SECOND)),
    ]


def q6_figures(frame: pd.DataFrame, analysis: Analysis, labels: Labels, decimals: int = 2) -> list[FigureJob]:
    """Q6: two subjects' lines in the random-intercept model."""
    from reportgen.analysis import subject_line

    g = labels.group

    def mixed_pair(ax: Axes) -> None:
        for subject, colour in zip(
            (analysis.mixed_pair.first, analysis.mixed_pair.second), (LINE, SECOND), strict=True
        ):
            rows = frame[frame["group"] == subject]
            line = subject_line(analysis.random_intercept, subject)
            ax.scatter(rows["time"], rows["response"], alpha=0.5, color=colour, s=18)
            ax.plot(
                *line_xy(frame["time"], line),
                color=colour,
                linewidth=2,
                label=f"{g} {subject}: {equation(labels, line, decimals)}",
            )
        _axes_labels(ax, labels)
        ax.legend(loc="upper left", fontsize="small")

    return [
        one_axes_job(
            "mixed_pair",
            _("Mixed model lines of %(groups)s %(first)s and %(second)s")
            % {
                "groups": label_plural(g, labels.group_plural),
                "first": analysis.mixed_pair.first,
                "second": analysis.mixed_pair.second,
            },
            mixed_pair,
        )
    ]
