"""Jinja2: one environment (autoescaped, strict), one number filter, context -> HTML."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.errors import TemplateError
from reportgen.narrative import Num
from reportgen.numbers import format_number
from reportgen.resources import resource_path
from reportgen.results import MissingResult, lookup

if TYPE_CHECKING:
    import jinja2


@dataclass(frozen=True)
class Section:
    """One unit of the report: a heading and the partial template that renders it."""

    key: str
    title: str
    template: str
    part: str = "seminar"


# Adding a section: write its partial under templates/questions/ and register it here.
SECTIONS: tuple[Section, ...] = (
    Section("q1", "Question 1: data overview", "questions/q1_overview.html.j2"),
    Section("q2", "Question 2: exploring the relationship", "questions/q2_relationship.html.j2"),
    Section("q3", "Question 3: one regression line for everyone", "questions/q3_regression.html.j2"),
    Section("q4", "Question 4: two subjects, two lines", "questions/q4_subjects.html.j2"),
    Section("q5", "Question 5: a random-intercept mixed model", "questions/q5_mixed.html.j2"),
    Section("q6", "Question 6: subjects compared in the mixed model", "questions/q6_compare.html.j2"),
    Section("g1", "Going further 1: random slopes", "further/g1_random_slopes.html.j2", "further"),
    Section(
        "g2", "Going further 2: which model do the data support?", "further/g2_comparison.html.j2", "further"
    ),
    Section("g3", "Going further 3: how much is between subjects?", "further/g3_between.html.j2", "further"),
    Section("g4", "Going further 4: partial pooling, seen", "further/g4_pooling.html.j2", "further"),
    Section("g5", "Going further 5: diagnostics", "further/g5_diagnostics.html.j2", "further"),
)


def number_markup(results: Any, path: str | Sequence[str], style: str, decimals: int) -> str:
    """``<span class="num" data-key="...">text</span>`` for the number at ``path``."""
    from markupsafe import Markup, escape

    key = path if isinstance(path, str) else ".".join(map(str, path))
    try:
        value = lookup(results, path)
    except MissingResult as exc:
        raise TemplateError(f"template asks for a result that does not exist: {key!r}") from exc
    text = format_number(value, style, decimals)
    return Markup('<span class="num" data-key="{}">{}</span>').format(escape(key), escape(text))


@functools.cache
def environment() -> jinja2.Environment:
    """The shared environment (cached: cheap to call once per report, many per batch)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(resource_path("templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    @jinja2.pass_context
    def num(context: Any, path: str | Sequence[str], style: str = "fixed") -> str:
        return number_markup(context["results"], path, style, context["decimals"])

    env.filters["num"] = num
    env.tests["numref"] = lambda part: isinstance(part, Num)
    return env


def render_html(context: dict[str, Any], template: str = "report.html.j2") -> str:
    """Render the report; the context is built by :func:`reportgen.context.build_context`."""
    import jinja2

    try:
        return environment().get_template(template).render(**context, sections=SECTIONS)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template {exc.filename or exc.name}, line {exc.lineno}: {exc.message}") from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template variable missing: {exc.message}") from exc
