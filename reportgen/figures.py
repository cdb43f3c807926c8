"""Matplotlib figures as PNG bytes. No pyplot (no global state), no files written here."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.numbers import format_number

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from reportgen.analysis import Analysis
    from reportgen.analysis import subject_line
    from reportgen.analysis.regression import Line
    from reportgen.config import Labels

DPI = 150
SIZE = (6.4, 4.0)
POINTS = "#4C72B0"
LINE = "#C44E52"
SECOND = "#DD8452"


@dataclass(frozen=True)
class FigureImage:
    """A rendered figure: file stem (``figures/<name>.png``), title and PNG bytes."""

    name: str
    title: str
    png: bytes


def _render(name: str, title: str, draw: Callable[[Axes], None]) -> FigureImage:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    buffer = io.BytesIO()
    # Labels hold data values (subject ids); never let a "$" in them start mathtext.
    with matplotlib.rc_context({"text.parse_math": False}):
        figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        draw(axes)
        axes.set_title(title)
        axes.grid(alpha=0.3)
        # No software/date metadata: identical inputs give identical bytes.
        figure.savefig(buffer, format="png", metadata={"Software": None})
    return FigureImage(name=name, title=title, png=buffer.getvalue())


def _equation(labels: Labels, line: Line, decimals: int) -> str:
    sign = "-" if line.slope < 0 else "+"
    return (
        f"{labels.response} = {format_number(line.intercept, 'fixed', decimals)} "
        f"{sign} {format_number(abs(line.slope), 'fixed', decimals)} × {labels.time}"
    )


def _line_xy(frame_time: pd.Series, line: Line) -> tuple[list[float], list[float]]:
    x = [float(frame_time.min()), float(frame_time.max())]
    return x, [line.intercept + line.slope * v for v in x]


def build_figures(
    frame: pd.DataFrame, analysis: Analysis, labels: Labels, decimals: int = 2
) -> list[FigureImage]:
    """Every figure of the report, in the order the report shows them."""
    from reportgen.analysis import subject_line
    from reportgen.analysis.regression import Line

    x_label, y_label = labels.axis("time"), labels.axis("response")
    g = labels.group

    def axes_labels(ax: Axes) -> None:
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)

    def histogram(ax: Axes) -> None:
        from matplotlib.ticker import MaxNLocator

        ax.hist(frame["response"], bins=20, color=POINTS, edgecolor="black")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts are whole numbers
        ax.set_xlabel(y_label)
        ax.set_ylabel("Frequency")

    def scatter(ax: Axes) -> None:
        ax.scatter(frame["time"], frame["response"], alpha=0.6, color=POINTS, s=18)
        axes_labels(ax)

    ols = Line(analysis.ols.intercept.estimate, analysis.ols.slope.estimate, analysis.ols.n)

    def ols_fit(ax: Axes) -> None:
        scatter(ax)
        ax.plot(
            *_line_xy(frame["time"], ols),
            color=LINE,
            linewidth=2,
            label=f"OLS: {_equation(labels, ols, decimals)}",
        )
        ax.legend(loc="upper left", fontsize="small")

    def subject_lines(ax: Axes) -> None:
        for subject in analysis.first_subjects:
            rows = frame[frame["group"] == subject]["time"]
            ax.plot(*_line_xy(rows, analysis.subject_lines[subject]), label=f"{g} {subject}")
        axes_labels(ax)
        ax.legend(title=g, fontsize="x-small", loc="center left", bbox_to_anchor=(1.01, 0.5))

    def one_subject(subject: str, colour: str) -> Callable[[Axes], None]:
        def draw(ax: Axes) -> None:
            rows = frame[frame["group"] == subject]
            line = analysis.subject_lines[subject]
            ax.scatter(rows["time"], rows["response"], alpha=0.7, color=POINTS, s=22)
            ax.plot(*_line_xy(rows["time"], line), color=colour, linewidth=2)
            ax.text(
                0.03, 0.95, _equation(labels, line, decimals), transform=ax.transAxes, verticalalignment="top"
            )
            axes_labels(ax)

        return draw

    def mixed_pair(ax: Axes) -> None:
        for subject, colour in zip(
            (analysis.mixed_pair.first, analysis.mixed_pair.second), (LINE, SECOND), strict=True
        ):
            rows = frame[frame["group"] == subject]
            line = subject_line(analysis.mixed, subject)
            ax.scatter(rows["time"], rows["response"], alpha=0.5, color=colour, s=18)
            ax.plot(
                *_line_xy(frame["time"], line),
                color=colour,
                linewidth=2,
                label=f"{g} {subject}: {_equation(labels, line, decimals)}",
            )
        axes_labels(ax)
        ax.legend(loc="upper left", fontsize="small")

    pair = analysis.pair
    return [
        _render("histogram", f"Histogram of {labels.response.lower()}", histogram),
        _render("scatter", f"{labels.response} against {labels.time.lower()}", scatter),
        _render("ols_fit", "One least-squares line for all observations", ols_fit),
        _render(
            "subject_lines",
            f"Own regression lines of {len(analysis.first_subjects)} {g.lower()}s",
            subject_lines,
        ),
        _render("pair_first", f"{g} {pair.first}: own regression line", one_subject(pair.first, LINE)),
        _render("pair_second", f"{g} {pair.second}: own regression line", one_subject(pair.second, SECOND)),
        _render(
            "mixed_pair",
            f"Mixed model lines of {g.lower()}s {analysis.mixed_pair.first} and {analysis.mixed_pair.second}",
            mixed_pair,
        ),
    ]
