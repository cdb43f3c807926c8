"""Jinja2: one environment (autoescaped, strict), one number filter, context -> HTML."""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.errors import TemplateError, printable
from reportgen.i18n import (
    SOURCE_LANGUAGE,
    localized_date,
    localized_number,
    translated_heading,
    translations,
)
from reportgen.narrative import Num
from reportgen.narrative.covariate_labels import main_effect_where
from reportgen.narrative.pronouns import relative_pronoun
from reportgen.narrative.setting_words import first_few
from reportgen.numbers import DIGIT_STYLES, STYLES, average_time_style, format_number
from reportgen.resources import resource_path
from reportgen.results import MissingResult, lookup
from reportgen.settings_shown import settings_as_written
from reportgen.words import capitalized, kind_noun, method_words, model_name, noun, plural, with_article

if TYPE_CHECKING:
    import jinja2


def number_markup(
    results: Any, path: str | Sequence[str], style: str, decimals: int, lang: str = "en"
) -> str:
    """``<span class="num" data-key="...">text</span>`` for the number at ``path``, in ``lang``'s symbols."""
    from markupsafe import Markup, escape

    key = path if isinstance(path, str) else ".".join(map(str, path))
    try:
        value = lookup(results, path)
    except MissingResult as exc:
        raise TemplateError(f"template asks for a result that does not exist: {key!r}") from exc
    if style not in STYLES and style not in DIGIT_STYLES:
        raise TemplateError(f"unknown number style {style!r} for {key!r}; use one of {', '.join(STYLES)}")
    if isinstance(value, bool) or not (value is None or isinstance(value, int | float)):
        shown = printable(repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "...")
        raise TemplateError(
            f"the num filter needs a number, but {key!r} is {type(value).__name__} {shown}; "
            "print text with {{ ... }} instead"
        )
    text = localized_number(format_number(value, style, decimals), lang)
    if style == "abs":  # the sign is written as an operator before the span: say so to readers of the HTML
        return Markup('<span class="num" data-key="{}" data-style="abs">{}</span>').format(
            escape(key), escape(text)
        )
    return Markup('<span class="num" data-key="{}">{}</span>').format(escape(key), escape(text))


class Numbering:
    """Numbers tables in the order they are first named (one instance per rendered document)."""

    def __init__(self) -> None:
        self._tables: dict[str, int] = {}

    def table(self, key: str) -> int:
        return self._tables.setdefault(key, len(self._tables) + 1)


def _autoescape(name: str | None) -> bool:
    # Code snippets are Python source: Pygments escapes them when it highlights.
    return name is None or not name.endswith(".py.j2")


@functools.cache
def environment(user_templates: Path | None = None, lang: str = SOURCE_LANGUAGE) -> jinja2.Environment:
    """The shared environment (cached per template folder and language: cheap to call once per report).

    Templates in ``user_templates`` override the built-in ones of the same name. Words marked in
    the templates (``{% trans %}``, ``_()``, ``ngettext``) come from ``lang``'s catalogue
    (:mod:`reportgen.i18n`), numbers and dates in its format.
    """
    import jinja2

    # Templates are shared and downloaded: they run sandboxed (no access to Python internals such
    # as lipsum.__globals__, no mutating the context, no giant values) and are read only from
    # their folders.
    folders = [user_templates] if user_templates else []
    env = _bounded_sandbox()(
        loader=jinja2.ChoiceLoader([_folder_loader(f) for f in [*folders, resource_path("templates")]]),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # New-style gettext: a translation is escaped like any other value, placeholders are named.
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]

    @jinja2.pass_context
    def num(context: Any, path: str | Sequence[str], style: str = "fixed", code: bool = False) -> str:
        """A result's number; ``code=true`` inside code (a formula), written as R and Python read it."""
        if context.get("variant") == "handout":
            key = path if isinstance(path, str) else ".".join(map(str, path))
            raise TemplateError(
                f"the handout must not show computed numbers, but a template asks for {key!r}"
            )
        written = SOURCE_LANGUAGE if code else lang
        return number_markup(context["results"], path, style, context["decimals"], written)

    @jinja2.pass_context
    def code(context: Any, name: str) -> str:
        """A code snippet: the solution, or for the handout the scaffold with blanks."""
        return highlight_python(render_code(env, name, context))

    env.filters["num"] = num
    env.filters["date"] = lambda iso: localized_date(iso, lang)  # 2026-12-07; German 07.12.2026
    env.filters["heading"] = lambda title: translated_heading(title, lang)  # a registry title, translated
    env.globals["lang"] = lang
    env.filters["as_written"] = settings_as_written  # provenance.config -> "--pair 308,309" rows
    env.filters["pyrepr"] = repr
    env.filters["plural"] = jinja2.pass_context(lambda context, label: label_plural(label, context, lang))
    env.filters["noun"] = noun if lang == SOURCE_LANGUAGE else _as_written  # German: nouns keep their capital
    env.filters["with_article"] = with_article  # "animal" -> "an animal"
    env.filters["capitalized"] = capitalized  # first letter up, the rest kept: "IDs", not "Ids"
    env.filters["average_time_style"] = average_time_style  # a mean time with the times' decimals
    env.filters["method_words"] = method_words  # "Laplace" -> "the Laplace approximation"
    env.filters["kind_noun"] = lambda label, kind: kind_noun(
        kind, label
    )  # "count y"; "count", not "count count"
    env.filters["model_name"] = model_name  # "random_intercept" -> "random-intercept model"
    env.filters["who"] = relative_pronoun  # "Subjects who", "Trees that"
    env.filters["on_axis"] = _on_axis  # "over time" -> "over conc" when the axis is not time
    env.filters["first_few"] = first_few  # "the first 10 animals" of more, "the 5 animals" of 5
    env.globals["code"] = code
    env.globals["main_effect_where"] = main_effect_where  # ", averaged over Treatment" (type III)
    env.tests["numref"] = lambda part: isinstance(part, Num)
    return env


def label_plural(label: str, context: Any, lang: str) -> str:
    """Several of a label's things in running text: ``[labels] group_plural`` for the group's label
    when given ("Probanden"); else English's plural ("Chick" -> "chicks", "child" -> "children"), or
    in another language, which inflect cannot make, the label as written."""
    labels = context.get("labels")
    given = getattr(labels, "group_plural", "")
    if given and label == getattr(labels, "group", None):
        return str(given)
    return plural(label) if lang == SOURCE_LANGUAGE else _as_written(label)


def _as_written(label: str) -> str:
    return label.strip()


def _on_axis(text: str, labels: Any) -> str:
    """A template's time phrase said of the axis (see :mod:`reportgen.narrative.axis`).

    Markup (a caption holding number spans) stays Markup, its new words escaped: made a plain
    string, autoescape would escape it a second time and print its tags (issue 21, CO2's Table 17).
    """
    from markupsafe import Markup, escape

    from reportgen.narrative.axis import on_axis
    from reportgen.narrative.response_words import on_response

    response = getattr(labels, "response", "")  # a rate of change said so when the response is "rate"
    if isinstance(text, Markup):
        quote = lambda words: str(escape(words))  # noqa: E731
        axis_words = on_axis(str(text), labels.time, labels.time_unit, quote=quote)
        return Markup(on_response(axis_words, response, quote))
    return on_response(on_axis(text, labels.time, labels.time_unit), response)


# The largest value one operation in a template may make ("a" * n, [x] * n, 10 ** n, "%*s").
MAX_VALUE_SIZE = 10_000_000
_FORMAT_NUMBER = re.compile(r"\d+")
_NESTED_FIELD = re.compile(r"\{[^{}]*:[^{}]*\{")


def _size_refused(what: str) -> TemplateError:
    return TemplateError(
        f"{what} would make a value larger than {MAX_VALUE_SIZE // 1_000_000} million characters; "
        "a template should not build values that big"
    )


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse, before it runs, an operation of a template whose result would exceed the limit."""
    sized = (str, bytes, list, tuple)
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, sized) and isinstance(times, int) and len(seq) * times > MAX_VALUE_SIZE:
                raise _size_refused("a repetition (*)")
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0:
            if abs(left) > 1 and abs(left).bit_length() * right > 8 * MAX_VALUE_SIZE:
                raise _size_refused("a power (**)")
    elif operator == "%" and isinstance(left, str):
        _check_format(left, right if isinstance(right, tuple) else (right,))


def _check_format(text: str, args: Sequence[Any]) -> None:
    """Refuse a format string (``%`` or ``str.format``) whose widths would exceed the limit."""
    if any(int(n) > MAX_VALUE_SIZE for n in _FORMAT_NUMBER.findall(text)):
        raise _size_refused("a format width")
    if "*" in text or _NESTED_FIELD.search(text):
        if any(isinstance(a, int) and abs(a) > MAX_VALUE_SIZE for a in args):
            raise _size_refused("a format width")


@functools.cache
def _bounded_sandbox() -> type[jinja2.Environment]:
    """The immutable sandbox, refusing operations whose results would exceed :data:`MAX_VALUE_SIZE`.

    A ``{{ "a" * 10**10 }}`` would otherwise run in C for minutes, deaf to SIGTERM.
    """
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        def wrap_str_format(self, value: Any) -> Any:
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None
            text = value.__self__

            def checked(*args: Any, **kwargs: Any) -> str:
                _check_format(text, [*args, *kwargs.values()])
                return str(wrapped(*args, **kwargs))

            return checked

    return BoundedSandbox


# The templates a report renders (the cohort index and emails are rendered elsewhere).
REPORT_TEMPLATES = (
    "report.html.j2",
    "study.html.j2",
    "macros.html.j2",
    "questions/*",
    "further/*",
    "appendix/*",
    "study/*",
    "snippets/*",
)


def compile_report_templates(user_templates: Path | None = None) -> None:
    """Compile the report's templates and load the code highlighter ahead of the first render.

    A single build calls this while another process draws figures (0.2 s it would otherwise
    spend in its first render). Best effort: a broken template is left for the render to report.
    """
    import jinja2

    env = environment(user_templates)
    root = resource_path("templates")
    for pattern in REPORT_TEMPLATES:
        for path in sorted(root.glob(pattern)):
            with contextlib.suppress(jinja2.TemplateError, TemplateError):
                env.get_template(path.relative_to(root).as_posix())
    highlight_python("pass\n")


BLANK = "______"


def render_code(env: jinja2.Environment, name: str, context: Any) -> str:
    """Render ``snippets/<name>``: ``blank(x)`` is ``x`` in the solutions, a gap in the handout."""
    handout = context.get("variant") == "handout"

    def blank(answer: object) -> str:
        return BLANK if handout else str(answer)

    return env.get_template(f"snippets/{name}").render(**context, blank=blank).strip() + "\n"


# The Pygments styles the built-in templates colour code with (print/light and dark screens).
CODE_STYLES = ("default", "monokai")


def highlight_python(source: str) -> str:
    """Highlighted HTML; tokens drawn in the text colour in every one of ``CODE_STYLES`` get no span.

    Names and punctuation are most of a listing's tokens and look like plain text in both
    styles: leaving their spans out draws the same listing with a third of the boxes to lay out.
    """
    from markupsafe import Markup
    from pygments import format as format_tokens
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer
    from pygments.token import Text

    lexed = PythonLexer().get_tokens(source)
    tokens = ((Text if _looks_plain(kind) else kind, value) for kind, value in lexed)
    html = format_tokens(tokens, HtmlFormatter(cssclass="highlight"))
    # The handout's gaps, marked so that print can draw them wide enough to write in (report.css).
    return Markup(html.replace(BLANK, f'<span class="blank">{BLANK}</span>'))


@functools.cache
def _looks_plain(kind: Any) -> bool:
    """Whether every code style draws tokens of ``kind`` exactly as plain text."""
    from pygments.styles import get_style_by_name
    from pygments.token import Text

    styles = [get_style_by_name(name) for name in CODE_STYLES]
    if kind in Text.Whitespace:
        # Blank space shows no colour or weight: only a background, underline or border would show.
        marks = ("bgcolor", "underline", "border")
        return not any(style.style_for_token(kind)[mark] for style in styles for mark in marks)
    return all(style.style_for_token(kind) == style.style_for_token(Text) for style in styles)


@functools.cache
def pygments_css(style: str) -> str:
    """Syntax colours for code blocks (a Pygments style name)."""
    from pygments.formatters import HtmlFormatter

    return str(HtmlFormatter(style=style).get_style_defs(".highlight"))


# Limits on what a template may be and make: a shared template must not exhaust the machine.
MAX_TEMPLATE_BYTES = 1_000_000
MAX_OUTPUT_CHARS = 200_000_000
# What WeasyPrint is given for a PDF: it needs far more memory per character than the HTML does
# (measured, benchmarks/results/pdf-input.json): the cap keeps a PDF within about 1 GB. A report's
# print HTML is about 0.1 M characters and 3,000 tags (sleepstudy); figures are served apart.
MAX_PDF_CHARS = 2_000_000
MAX_PDF_TAGS = 40_000


def check_pdf_input(html: str, template: str) -> None:
    """Refuse, in one line, HTML too large to make a PDF of within about 1 GB of memory.

    Raises:
        TemplateError: more than :data:`MAX_PDF_CHARS` characters or :data:`MAX_PDF_TAGS` tags.
    """
    tags = html.count("<")
    if len(html) <= MAX_PDF_CHARS and tags <= MAX_PDF_TAGS:
        return
    size, cap = (
        (f"{len(html):,} characters", f"{MAX_PDF_CHARS:,}")
        if len(html) > MAX_PDF_CHARS
        else (f"{tags:,} tags", f"{MAX_PDF_TAGS:,}")
    )
    raise TemplateError(
        f"template {template}: the report's HTML has {size}, more than the {cap} a PDF is made from "
        "(beyond that WeasyPrint needs gigabytes of memory); check the loops of the templates, or "
        "leave out the PDF (--format html)"
    )


class TemplateRefused(TemplateError):
    """Raised by the loader: a template that is a symlink, leaves its folder, is too big or not UTF-8."""


def _read_template(path: Path) -> bytes:
    """A template's bytes, read through one descriptor opened without following links: a regular
    file, size-limited, and not a hard link (another name of it may be a file outside the folder).

    Raises:
        TemplateRefused: it is none of those.
    """
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise TemplateRefused(f"template {path}: cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateRefused(f"template {path}: not a regular file")
        if info.st_nlink > 1:
            raise TemplateRefused(
                f"template {path}: a hard link ({info.st_nlink} names for one file, maybe one outside "
                "the templates folder); templates must be files of their own: copy it instead"
            )
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise TemplateRefused(
                f"template {path}: larger than {MAX_TEMPLATE_BYTES // 1_000_000} MB; "
                "a template should be a page of markup"
            )
        return handle.read(MAX_TEMPLATE_BYTES + 1)


def _folder_loader(root: Path) -> jinja2.BaseLoader:
    """A loader of regular files inside ``root`` only (no symlinks, no ``..``), UTF-8, size-limited."""
    import jinja2

    class FolderLoader(jinja2.BaseLoader):
        def get_source(self, environment: jinja2.Environment, name: str) -> tuple[str, str, Any]:
            parts = name.replace("\\", "/").split("/")
            if name.startswith("/") or any(part in ("..", "") for part in parts):
                raise TemplateRefused(f"template {name}: the path leaves the templates folder")
            path = root
            for part in parts:
                path = path / part
                if path.is_symlink():
                    raise TemplateRefused(
                        f"template {path}: a symbolic link; templates must be files inside the "
                        "templates folder"
                    )
            if not path.is_file():
                raise jinja2.TemplateNotFound(name)
            data = _read_template(path)
            try:
                source = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                raise TemplateRefused(
                    f"template {path}, line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                    "save it as UTF-8"
                ) from None
            mtime = path.stat().st_mtime
            return source, str(path), lambda: path.is_file() and path.stat().st_mtime == mtime

    return FolderLoader()


def _template_position(exc: BaseException) -> str:
    """'template X, line N' from the innermost template frame of a rendering error."""
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        # Jinja rewrites a template's frames to carry its file name and line; they are marked.
        marked = {"__jinja_template__", "__jinja_exception__"} & tb.tb_frame.f_globals.keys()
        if marked or filename.endswith((".j2", ".css")):
            where = f"template {filename}, line {tb.tb_lineno}: "
        tb = tb.tb_next
    return where


def render_html(
    context: Mapping[str, Any], template: str = "report.html.j2", user_templates: Path | None = None
) -> str:
    """Render a document: a report from the context :func:`reportgen.context.build_context` builds.

    Raises:
        TemplateError: a template is missing or broken (the message names the file and line).
    """
    import jinja2

    if user_templates is not None and not user_templates.is_dir():
        raise TemplateError(
            f"templates folder '{user_templates}' does not exist; export one with "
            "`reportgen templates export DIR`"
        )
    env = environment(user_templates, context.get("lang", SOURCE_LANGUAGE))
    try:
        chunks = env.get_template(template).generate(
            **context,
            numbering=Numbering(),
            pygments_css=pygments_css,
        )
        return _bounded_join(chunks, template)
    except TemplateRefused:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template {exc.filename or exc.name}, line {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"template {exc.name!r} not found in {user_templates or 'the built-in templates'}"
        ) from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{_template_position(exc)}{exc.message}") from exc
    except TemplateError as exc:
        raise TemplateError(f"{_template_position(exc)}{exc}") from exc
    except RecursionError as exc:
        raise TemplateError(
            f"{_template_position(exc)}templates include or call each other without end "
            "(e.g. a template that includes itself)"
        ) from None
    except Exception as exc:
        # Anything a template's own expression raises ({{ 1 / 0 }}, a refused attribute in the
        # sandbox, a filter given the wrong type) is that template's error; anything else is a bug.
        where = _template_position(exc)
        if not where:
            raise
        raise TemplateError(f"{where}{printable(str(exc)) or type(exc).__name__}") from exc


def _bounded_join(chunks: Any, template: str) -> str:
    """The rendered text, stopping a template that writes without end."""
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise TemplateError(
                f"template {template}: the output grew beyond {MAX_OUTPUT_CHARS // 1_000_000} million "
                "characters; check the loops of the templates"
            )
        parts.append(chunk)
    return "".join(parts)
