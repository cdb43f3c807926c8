"""The settings table: one entry per setting, from which everything else about it follows.

Each :class:`Setting` names the setting once: its ``make_config`` keyword, its key in
``reportgen.toml``, how a value is checked, its default, its command-line option and help, and the
words of the config reference. From :data:`SETTINGS`, :mod:`reportgen.config` reads the file
and builds the frozen config, :mod:`reportgen.cli` makes the shared Click options, and the docs hook
``docs/hooks/config_tables.py`` writes the tables of ``docs/reference/config.md``. Adding a setting
is one entry here, a field of :class:`reportgen.config.BuildConfig` to hold it, and its use.

This module imports nothing heavy: the command line reads it to make its options.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.citations import as_references
from reportgen.i18n import SOURCE_LANGUAGE, as_language
from reportgen.theme import as_color, as_font, as_logo

FORMATS = ("html", "pdf", "docx")
DEFAULT_FORMATS = ("html", "pdf")
# Units of a time column computed from dates; "auto" picks one from the spacing of the visits.
DATE_UNITS = ("auto", "days", "weeks", "months", "years")
SEPARATOR_CHOICES = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t", "|": "|"}
# Mixed-model engines: reportgen's own exact engine, and statsmodels' mixedlm (the seminar's).
ENGINES = ("exact", "statsmodels")
DEFAULT_ENGINE = "exact"
# The response's family: auto reads it off the values (binary -> binomial, count -> poisson).
FAMILIES = ("auto", "gaussian", "binomial", "poisson")
# solutions: every answer (report.*); handout: questions and code scaffolds only (handout.*).
VARIANTS = ("solutions", "handout", "both")
# seminar: questions, solutions and code for a class; study: the answer for readers outside it.
PROFILES = ("seminar", "study")
PAPERS = ("A4", "Letter")
CONFIG_FILE_NAME = "reportgen.toml"
MAX_DECIMALS = 6
DEFAULT_COLUMNS = ("Reaction", "Days", "Subject")
DEFAULT_OUT_DIR = "output"
DEFAULT_AUTHOR = "reportgen"
DEFAULT_DECIMALS = 2
# [email] (reportgen email): recipients for all, or per cohort; the SMTP server. The password is never
# in the file: only in the environment variable REPORTGEN_SMTP_PASSWORD.
SMTP_SECURITY = ("starttls", "tls", "none")
EMAIL_RECIPIENT_KEYS = ("to", "cc", "reply_to")


# --- checks: a value as given -> the setting, or ValueError("<what it must be>") -----------------------


def as_name(value: Any) -> str:
    """A non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a non-empty string")
    return value


def as_grouping(value: Any) -> str:
    """A grouping column, or nested ones in lme4's notation (``site/patient``: patients within sites)."""
    name = as_name(value)
    levels = [level.strip() for level in name.split("/")]
    if "" in levels or len(set(levels)) < len(levels) or any(":" in level for level in levels):
        raise ValueError('a column, or columns outermost first joined by "/" (site/patient), each once')
    return name


def as_text(value: Any) -> str:
    """Any string, the empty one included."""
    if not isinstance(value, str):
        raise ValueError('a string ("" for none)')
    return value


def as_path(value: Any) -> Path:
    """A non-empty path; ``~`` is the home folder."""
    return Path(as_name(value)).expanduser()


def as_docx(value: Any) -> Path:
    """The path of an existing Word document (a .docx is a zip archive), checked before any work."""
    import os
    import zipfile

    path = Path(value).expanduser() if isinstance(value, os.PathLike) else as_path(value)
    if not path.is_file():
        raise ValueError("the path of an existing Word document (.docx)")
    if not zipfile.is_zipfile(path):  # it exists: what is wrong is what it holds
        raise ValueError(
            "a Word document (.docx); that file exists but is not a Word document "
            "(save it from Word as .docx)"
        )
    from reportgen.zip_limits import unpacked_size_problem

    problem = unpacked_size_problem(path)  # read from the archive's directory: nothing inflated
    if problem is not None:
        raise ValueError(f"a Word document of a house style's size; that file is too large: {problem}")
    return path


def as_bool(value: Any) -> bool:
    """true or false (not 0 or 1)."""
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def as_decimals(value: Any) -> int:
    """An integer from 0 to :data:`MAX_DECIMALS`."""
    # bool is an int in Python; `decimals = true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DECIMALS:
        raise ValueError(f"an integer from 0 to {MAX_DECIMALS}")
    return value


def as_period(value: Any) -> float:
    """A positive finite number (a string from the command line is read as one)."""
    try:
        if isinstance(value, bool):
            raise TypeError
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError("a positive number, e.g. 1 or 24") from None
    if not math.isfinite(number) or number <= 0:
        raise ValueError("a positive number, e.g. 1 or 24")
    return number


def as_formats(value: Any) -> tuple[str, ...]:
    """A non-empty list of :data:`FORMATS`, each once."""
    if not isinstance(value, list) or not value or any(f not in FORMATS for f in value):
        raise ValueError(f"a non-empty list of formats from: {', '.join(json.dumps(f) for f in FORMATS)}")
    return tuple(dict.fromkeys(value))


def one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    """A check that the value is one of ``choices``."""

    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"one of: {', '.join(json.dumps(c) for c in choices)}")
        return str(value)

    return check


def as_columns(value: Any) -> tuple[str, ...]:
    """A list of column names, each once."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("a list of column names")
    return tuple(dict.fromkeys(value))


def as_pair(value: Any, *, distinct: bool = True) -> tuple[str, str]:
    """Two different subject ids (``distinct=False``: the same one twice passes, see below)."""
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(s, str) and s.strip() for s in value)
        or (distinct and value[0] == value[1])
    ):
        raise ValueError('two different subject ids as strings, e.g. ["308", "309"]')
    return value[0], value[1]


def as_pair_argument(value: Any) -> tuple[str, str]:
    """Two subject ids given as an argument; the same one twice is refused later, naming the option
    (``--mixed-pair names subject '308' twice``: analysis.pairs.choose_pair)."""
    return as_pair(value, distinct=False)


def as_separator(value: Any) -> str:
    """A CSV separator by its name or character."""
    # A list or table cannot be looked up (unhashable): it is a wrong value like any other.
    if not isinstance(value, str) or value not in SEPARATOR_CHOICES:
        raise ValueError('one of: ",", ";", "tab", "|"')
    return SEPARATOR_CHOICES[value]


def as_wide(value: Any) -> tuple[str, ...]:
    """Column names or patterns, as a list or comma-separated."""
    items = value.split(",") if isinstance(value, str) else value
    if (
        not isinstance(items, list | tuple)
        or not all(isinstance(i, str) and i.strip() for i in items)
        or not items
    ):
        raise ValueError('column names or patterns, e.g. "Day*", "Day0,Day1,Day2" or ["Day0", "Day1"]')
    return tuple(item.strip() for item in items)


def as_numbers(value: Any) -> tuple[float, ...]:
    """Numbers, as a list or comma-separated."""
    items = value.split(",") if isinstance(value, str) else value
    try:
        if not isinstance(items, list | tuple) or not items or any(isinstance(i, bool) for i in items):
            raise TypeError
        numbers = tuple(float(i) for i in items)
    except (TypeError, ValueError):
        raise ValueError("a list of numbers, e.g. [0, 1, 2]") from None
    if not all(math.isfinite(n) for n in numbers):
        raise ValueError("a list of finite numbers (no nan or inf), e.g. [0, 1, 2]")
    return numbers


def as_date(value: Any) -> str:
    """A date or date-time (TOML's, or ISO text), as ISO text."""
    import datetime as dt

    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ValueError('a date, e.g. 2024-03-01 or "2024-03-01T09:00"')


def as_addresses(value: Any) -> tuple[str, ...]:
    """An address or a list of them (checked as addresses by ``reportgen.mail``)."""
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v.strip() for v in items):
        raise ValueError('an address or a list of addresses, e.g. ["class@example.org"]')
    return tuple(items)


def as_port(value: Any) -> int:
    """A TCP port number."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536:
        raise ValueError("a port number from 1 to 65535")
    return value


def as_email_cohorts(value: Any) -> dict[str, dict[str, tuple[str, ...]]]:
    """Per-cohort recipient tables."""
    keys = set(EMAIL_RECIPIENT_KEYS)
    if not isinstance(value, dict) or not all(
        isinstance(t, dict) and t and set(t) <= keys for t in value.values()
    ):
        raise ValueError(
            'one table per cohort name or slug, e.g. [email.cohorts."cohort A"], with keys: '
            + ", ".join(EMAIL_RECIPIENT_KEYS)
        )
    return {cohort: {key: as_addresses(v) for key, v in table.items()} for cohort, table in value.items()}


def bundled_data_path() -> Path:
    """The sleepstudy CSV shipped with reportgen (inside the package once installed)."""
    from reportgen.resources import resource_path

    return resource_path("data") / "sleepstudy.csv"


def _optional_path(value: Any) -> Path | None:
    return Path(value) if value else None


def _unique(value: Any) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(value))


# --- the table ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """One setting, everything about it in one place.

    ``name`` is the keyword of :func:`reportgen.config.make_config` and the field of ``BuildConfig``
    (for the ``email`` table: the keyword of :func:`reportgen.mail.make_mail_config`; for the
    ``labels`` table: the field of ``Labels``). ``table`` and ``key`` place it in ``reportgen.toml``
    (``""``: not in the file); ``check`` turns a file's value into the setting or raises
    ``ValueError`` saying what it must be. ``flags`` are its command-line option's declarations,
    ``group`` the shared options decorator that carries it (``data``, ``output``, ``report``,
    ``recipients``, ``smtp``), and ``kind`` how the option reads its value (``text``, ``int``,
    ``port``, ``path``: a string that must not be empty, ``folder``: a ``Path``, ``flag``: a
    ``--x/--no-x`` switch, ``pair``: ``A,B``). The last four fields are the config reference's words.
    """

    name: str
    table: str
    key: str
    check: Callable[[Any], Any] | None = None
    # When nobody gives it: this default, or the recognised data set's own (preset), then `finish`.
    default: Any = None
    default_factory: Callable[[], Any] | None = None
    preset: bool = False
    finish: Callable[[Any], Any] | None = None
    # An argument (make_config keyword or option) passes `check` too: "NAME must be ..., not X"
    # (or `argument_check`, when an argument is checked more loosely than the file's value).
    check_argument: bool = False
    argument_check: Callable[[Any], Any] | None = None
    # A sequence; an empty one is "not given".
    many: bool = False
    # An empty argument is refused: "--FLAG must not be empty; name a <empty>".
    empty: str = ""
    flags: tuple[str, ...] = ()
    group: str = ""
    help: str = ""
    kind: str = "text"
    choices: tuple[str, ...] = ()
    metavar: str | None = None
    value: str = ""
    shown_default: str = ""
    meaning: str = ""
    option_shown: str = ""  # how the reference names the option, when not just its flag

    @property
    def target(self) -> str:
        """Where a file's value goes: the keyword, ``labels.<field>`` or ``email.<key>``."""
        return f"{self.table}.{self.key}" if self.table in ("labels", "email") else self.name

    @property
    def option(self) -> str:
        """The option as the reference names it: ``--format (repeatable)``, ``--pair A,B``, or ``""``."""
        if self.option_shown or not self.flags:
            return self.option_shown
        if self.kind == "pair":
            return f"`{self.flags[0]} {self.metavar}`"
        return f"`{self.flags[0]}`" + (" (repeatable)" if self.many else "")


_DATA = "data"
_REPORT = "report"
_THEME = "theme"

SETTINGS: tuple[Setting, ...] = (
    # [data]
    Setting(
        "data_path",
        _DATA,
        "path",
        as_path,
        default_factory=bundled_data_path,
        finish=Path,
        empty="data file",
        flags=("--data",),
        group="data",
        kind="path",
        help="Data file to analyse: CSV or TSV (dialect sniffed), Excel .xlsx, Parquet, SPSS .sav "
        "or Stata .dta (default: the bundled sleepstudy data).",
        value="path",
        shown_default="the bundled sleepstudy data",
        meaning="the data file",
    ),
    Setting(
        "response",
        _DATA,
        "response",
        as_name,
        DEFAULT_COLUMNS[0],
        empty="column",
        flags=("--response",),
        group="data",
        help=f"Column with the measured outcome (default: {DEFAULT_COLUMNS[0]}).",
        value="column name",
        shown_default=f"`{DEFAULT_COLUMNS[0]}`",
        meaning="the measured outcome",
    ),
    Setting(
        "time",
        _DATA,
        "time",
        as_name,
        DEFAULT_COLUMNS[1],
        empty="column",
        flags=("--time",),
        group="data",
        help=f"Column with the time of each measurement (default: {DEFAULT_COLUMNS[1]}).",
        value="column name",
        shown_default=f"`{DEFAULT_COLUMNS[1]}`",
        meaning="the time of each measurement",
    ),
    Setting(
        "group",
        _DATA,
        "group",
        as_grouping,
        DEFAULT_COLUMNS[2],
        empty="column",
        flags=("--group",),
        group="data",
        help=(
            f"Column identifying the subject (group) measured repeatedly (default: {DEFAULT_COLUMNS[2]}); "
            "nested groups outermost first, as site/patient."
        ),
        value="column name, or site/patient",
        check_argument=True,
        shown_default=f"`{DEFAULT_COLUMNS[2]}`",
        meaning="the subject measured repeatedly; `site/patient`: patients within sites (lme4's notation)",
    ),
    Setting(
        "crossed",
        _DATA,
        "crossed",
        as_columns,
        (),
        many=True,
        flags=("--crossed",),
        group="data",
        metavar="COLUMN",
        help="A grouping column crossed with the subjects, not nested: sites patients move between, "
        "raters who each read many subjects; its own random effect, as lme4's + (1 | site) (repeatable).",
        value="list of column names",
        shown_default="`[]`",
        meaning="grouping columns crossed with the subjects (`--group patient --crossed site`: "
        "`(time | patient) + (1 | site)` in lme4's notation)",
    ),
    Setting(
        "zero_is_missing",
        _DATA,
        "zero_is_missing",
        as_bool,
        False,
        preset=True,
        value="true/false",
        shown_default="true for the bundled sleepstudy data, else false",
        meaning='a zero response or group id `"0"` counts as missing',
    ),
    Setting(
        "source",
        _DATA,
        "source",
        as_text,
        "",
        preset=True,
        value="text",
        shown_default='sleepstudy\'s citation, else `""`',
        meaning="where the data come from, for the title page",
    ),
    Setting(
        "sheet",
        _DATA,
        "sheet",
        as_name,
        flags=("--sheet",),
        group="data",
        metavar="NAME",
        help="Excel sheet to read (default: the first), e.g. --sheet 'Visits 2024'.",
        value="text",
        shown_default="the first sheet",
        meaning="the Excel sheet to read",
    ),
    Setting(
        "separator",
        _DATA,
        "separator",
        as_separator,
        check_argument=True,
        flags=("--separator",),
        group="data",
        choices=(",", ";", "tab", "|"),
        metavar="SEP",
        help="CSV separator when sniffing guesses wrong: , ; tab or |, e.g. --separator ';' "
        "(default: sniffed).",
        value='`","` `";"` `"tab"` `"|"`',
        shown_default="sniffed",
        meaning="the CSV separator",
    ),
    Setting(
        "wide",
        _DATA,
        "wide",
        as_wide,
        (),
        finish=tuple,
        check_argument=True,
        flags=("--wide",),
        group="data",
        metavar="COLUMNS",
        help="Wide data: the columns holding the response at each time, as names, a pattern or a "
        "range, e.g. --wide 'Day*' or --wide 'Day0,Day1,...,Day9'; --response and --time name "
        "the long table's columns.",
        value="text or list of names",
        meaning='wide data\'s response columns: names, a pattern (`"Day*"`) or a range '
        '(`"Day0,Day1,...,Day9"`)',
    ),
    Setting(
        "wide_times",
        _DATA,
        "wide_times",
        as_numbers,
        (),
        finish=tuple,
        check_argument=True,
        flags=("--wide-times",),
        group="data",
        metavar="T1,T2,...",
        help="Times of the --wide columns in order, when their names hold none, e.g. 0,0.5,1,2.",
        value="list of numbers",
        shown_default="the numbers in the names",
        meaning="the times of the `wide` columns, in order",
    ),
    Setting(
        "date_unit",
        _DATA,
        "date_unit",
        one_of(DATE_UNITS),
        DATE_UNITS[0],
        check_argument=True,
        flags=("--date-unit",),
        group="data",
        choices=DATE_UNITS,
        help="For a time column of dates: the unit of elapsed time (default: auto, from the "
        "spacing of the visits), e.g. --date-unit weeks.",
        value='`"auto"` `"days"` `"weeks"` `"months"` `"years"`',
        shown_default='`"auto"`',
        meaning="for a time column of dates: the unit of elapsed time",
    ),
    Setting(
        "study_start",
        _DATA,
        "study_start",
        as_date,
        check_argument=True,
        flags=("--study-start",),
        group="data",
        metavar="DATE",
        help="For a time column of dates: count time from this date instead of each subject's "
        "first visit, e.g. --study-start 2024-03-01.",
        value="date, e.g. `2024-03-01`",
        shown_default="each subject's first date",
        meaning="for a time column of dates: count time from this date",
    ),
    # [labels]: the fields of Labels (make_config's `labels` argument sets them from Python).
    Setting(
        "labels.response",
        "labels",
        "response",
        as_name,
        value="text",
        meaning='the response\'s name, e.g. `"Height"`',
    ),
    Setting(
        "labels.response_unit",
        "labels",
        "response_unit",
        as_text,
        value='text (`""` for none)',
        meaning='its unit, e.g. `"cm"`: axes read "Height (cm)"',
    ),
    Setting(
        "labels.time",
        "labels",
        "time",
        as_name,
        value="text",
        meaning='the time\'s name, e.g. `"Age in years"`',
    ),
    Setting(
        "labels.time_unit",
        "labels",
        "time_unit",
        as_text,
        value='text (`""` for none)',
        meaning='its unit, singular as in a rate: `"year"` gives "cm/year"',
    ),
    Setting(
        "labels.group", "labels", "group", as_name, value="text", meaning='what a group is, e.g. `"Child"`'
    ),
    Setting(
        "labels.group_plural",
        "labels",
        "group_plural",
        as_text,
        value="text",
        meaning='several groups in running text, e.g. `"Probanden"` (with `--lang de`); default: the '
        "English plural of the group's label",
    ),
    Setting(
        "labels.group_gender",
        "labels",
        "group_gender",
        one_of(("", "m", "f", "n")),
        value='`"m"`, `"f"`, `"n"` or `""`',
        meaning='the grammatical gender of the group\'s noun (with `--lang de`: `"m"` gives "bei jedem '
        'Probanden", `"f"` "bei jeder Probandin"); default `""`: a phrasing without an article '
        '("je Proband")',
    ),
    Setting(
        "labels.group_dative",
        "labels",
        "group_dative",
        as_text,
        value="text",
        meaning='the group\'s noun in the dative singular, e.g. `"Probanden"` (with `--lang de` and '
        "`group_gender`); default: the group's label as written",
    ),
    # [report]
    Setting(
        "title",
        _REPORT,
        "title",
        as_name,
        preset=True,
        empty="title, or leave --title out for the default",
        flags=("--title",),
        group="report",
        help="Report title.",
        value="text",
        shown_default='the seminar\'s title, or "Linear mixed models: *response* over *time*"',
        meaning="the report's title",
    ),
    Setting(
        "author",
        _REPORT,
        "author",
        as_name,
        DEFAULT_AUTHOR,
        empty="person or group, or leave --author out for the default",
        flags=("--author",),
        group="report",
        help=f"Author shown on the report and in the PDF metadata (default: {DEFAULT_AUTHOR}).",
        value="text",
        shown_default=f"`{DEFAULT_AUTHOR}`",
        meaning="on the title page and in the PDF metadata",
    ),
    Setting(
        "decimals",
        _REPORT,
        "decimals",
        as_decimals,
        DEFAULT_DECIMALS,
        check_argument=True,
        flags=("--decimals",),
        group="report",
        kind="int",
        help=f"Decimal places of the numbers in the report, 0 to {MAX_DECIMALS} "
        f"(default: {DEFAULT_DECIMALS}).",
        value=f"integer 0 to {MAX_DECIMALS}",
        shown_default=str(DEFAULT_DECIMALS),
        meaning="decimal places of the report's numbers",
    ),
    Setting(
        "formats",
        _REPORT,
        "formats",
        as_formats,
        DEFAULT_FORMATS,
        finish=_unique,
        many=True,
        flags=("--format",),
        group="output",
        choices=FORMATS,
        help="Write only this format (repeatable; default: html and pdf); docx writes a Word "
        "document, e.g. --format docx.",
        value='list of `"html"` `"pdf"` `"docx"`',
        shown_default='`["html", "pdf"]`',
        meaning="the files to write",
    ),
    Setting(
        "out_dir",
        _REPORT,
        "out",
        as_path,
        DEFAULT_OUT_DIR,
        finish=Path,
        empty="folder",
        flags=("--out",),
        group="output",
        kind="path",
        help=f"Folder to write the report into (default: {DEFAULT_OUT_DIR}).",
        value="path",
        shown_default=f"`{DEFAULT_OUT_DIR}`",
        meaning="the output folder",
    ),
    Setting(
        "reference_docx",
        _REPORT,
        "reference_docx",
        as_docx,
        finish=_optional_path,
        check_argument=True,
        empty="Word document",
        flags=("--reference-docx",),
        group="report",
        kind="path",
        metavar="FILE",
        help="A Word document whose styles, page set-up, headers and footers the .docx takes (its "
        "house style, as pandoc's and Quarto's reference-doc), e.g. --reference-docx house.docx.",
        value="path",
        meaning="a .docx whose styles, page and headers the Word document takes (its text is left out)",
    ),
    Setting(
        "cache",
        _REPORT,
        "cache",
        as_bool,
        True,
        flags=("--cache/--no-cache",),
        group="output",
        kind="flag",
        help="Reuse figures drawn before for the same data and settings, from the figure cache "
        "($REPORTGEN_CACHE_DIR, else ~/.cache/reportgen) (default: yes).",
        value="`true` `false`",
        shown_default="`true`",
        meaning="reuse figures already drawn for the same data and settings (see the figure cache)",
        option_shown="`--cache/--no-cache`",
    ),
    Setting(
        "engine",
        _REPORT,
        "engine",
        one_of(ENGINES),
        DEFAULT_ENGINE,
        check_argument=True,
        flags=("--engine",),
        group="report",
        choices=ENGINES,
        help=f"Mixed-model engine (default: {DEFAULT_ENGINE}; statsmodels is the seminar's mixedlm).",
        value='`"exact"` `"statsmodels"`',
        shown_default=f'`"{DEFAULT_ENGINE}"`',
        meaning="the mixed-model engine ([engines](../explanation/engines.md))",
    ),
    Setting(
        "family",
        _REPORT,
        "family",
        one_of(FAMILIES),
        "auto",
        check_argument=True,
        flags=("--family",),
        group="report",
        choices=FAMILIES,
        help="The response's family (default: auto: binomial for two values, poisson for counts, "
        "else gaussian), e.g. --family poisson.",
        value='`"auto"` `"gaussian"` `"binomial"` `"poisson"`',
        shown_default='`"auto"`',
        meaning="the response's family: a linear mixed model (gaussian) or a GLMM (binomial, poisson)",
    ),
    Setting(
        "variant",
        _REPORT,
        "variant",
        one_of(VARIANTS),
        VARIANTS[0],
        check_argument=True,
        flags=("--variant",),
        group="report",
        choices=VARIANTS,
        help="solutions: every answer (report.*, the default); handout: questions and code "
        "scaffolds to fill in (handout.*); both.",
        value='`"solutions"` `"handout"` `"both"`',
        shown_default='`"solutions"`',
        meaning="solution key, handout, or both",
    ),
    Setting(
        "paper",
        _REPORT,
        "paper",
        one_of(PAPERS),
        PAPERS[0],
        check_argument=True,
        flags=("--paper",),
        group="report",
        choices=PAPERS,
        help="PDF page size (default: A4).",
        value='`"A4"` `"Letter"`',
        shown_default='`"A4"`',
        meaning="PDF page size",
    ),
    Setting(
        "lang",
        _REPORT,
        "lang",
        as_language,
        SOURCE_LANGUAGE,
        check_argument=True,
        flags=("--lang",),
        group="report",
        metavar="LANG",
        help="Language of the documents and email: en or de, e.g. --lang de (default: en).",
        value='`"en"` `"de"`',
        shown_default='`"en"`',
        meaning="language of the report, handout, study report and email: their words from the "
        "catalogue, numbers and dates in its format",
    ),
    Setting(
        "code",
        _REPORT,
        "code",
        as_bool,
        flags=("--code/--no-code",),
        group="report",
        kind="flag",
        help="Show the solution code under each question (default: yes in `build`, no in "
        "`cohorts`, whose reports are for sites rather than classes); the handout always "
        "shows its code to complete.",
        value="`true` `false`",
        shown_default="`true` in `build`, `false` in `cohorts`",
        meaning="the solution code under each question (the handout always shows its code to complete)",
        option_shown="`--code/--no-code`",
    ),
    Setting(
        "profile",
        _REPORT,
        "profile",
        one_of(PROFILES),
        check_argument=True,
        flags=("--profile",),
        group="report",
        choices=PROFILES,
        help="seminar: questions, solutions and code for a class (the default in `build`); study: "
        "the study's answer for readers outside the class (the default in `cohorts`).",
        value='`"seminar"` `"study"`',
        shown_default='`"seminar"` in `build`, `"study"` in `cohorts`',
        meaning="the kind of report: the seminar's, or the study report",
    ),
    Setting(
        "templates_dir",
        _REPORT,
        "templates",
        as_path,
        finish=_optional_path,
        flags=("--templates",),
        group="report",
        kind="folder",
        help="Folder of templates that override the built-in ones by name "
        "(start from `reportgen templates export DIR`).",
        value="path",
        meaning="a folder of templates overriding the built-in ones",
    ),
    # [model]
    Setting(
        "covariates",
        "model",
        "covariates",
        as_columns,
        (),
        many=True,
        flags=("--covariate",),
        group="report",
        metavar="COLUMN",
        help="A column of the study's design (sex, treatment, baseline score ...) to put into the "
        "model with its interaction with time; numbers are read as a numeric covariate, text as "
        "categories (repeatable).",
        value="list of column names",
        shown_default="`[]`",
        meaning="columns of the study's design, with their interaction with time; numbers are numeric, "
        "text categories",
    ),
    Setting(
        "factors",
        "model",
        "factors",
        as_columns,
        (),
        finish=_unique,
        many=True,
        flags=("--factor",),
        group="report",
        metavar="COLUMN",
        help="Like --covariate, but the values are categories even when they are numbers "
        "(diet 1, 2, 3) (repeatable).",
        value="list of column names",
        shown_default="`[]`",
        meaning="the same, read as categories even when the values are numbers",
    ),
    Setting(
        "log_response",
        "model",
        "log_response",
        as_bool,
        False,
        check_argument=True,  # log_response='no' is a mistake, not True
        flags=("--log-response/--no-log-response",),
        group="report",
        kind="flag",
        help="Model log(response) instead of the response (positive values only), e.g. when the "
        "spread grows with the level; effects then read as ratios (default: no).",
        value="`true` `false`",
        shown_default="`false`",
        meaning="model log(response): a spread that grows with the level evens out, effects read as ratios",
        option_shown="`--log-response/--no-log-response`",
    ),
    Setting(
        "period",
        "model",
        "period",
        as_period,
        None,
        check_argument=True,
        flags=("--period",),
        group="report",
        metavar="LENGTH",
        help="The length of one cycle of the trend in units of time (e.g. 1 when time is scaled to "
        "one cycle, 24 for hours of a day); a sine-and-cosine shape of that period is then compared "
        "with the other shapes (default: none).",
        value="a positive number",
        shown_default="none",
        meaning="the length of one cycle in units of time: a harmonic (cycle) shape is then compared too",
    ),
    # [pairs]
    Setting(
        "pair",
        "pairs",
        "pair",
        as_pair,
        preset=True,
        check_argument=True,  # a notebook's pair=(308, 309) or pair="308": one clear line
        argument_check=as_pair_argument,
        flags=("--pair",),
        group="report",
        kind="pair",
        metavar="A,B",
        help="Two subjects to compare with their own lines (question 4).",
        value="two subject ids as strings",
        shown_default="the seminar's 308, 309; else automatic",
        meaning="question 4's two subjects",
    ),
    Setting(
        "mixed_pair",
        "pairs",
        "mixed_pair",
        as_pair,
        preset=True,
        check_argument=True,  # a notebook's pair=(308, 309) or pair="308": one clear line
        argument_check=as_pair_argument,
        flags=("--mixed-pair",),
        group="report",
        kind="pair",
        metavar="C,D",
        help="Two subjects to compare in the mixed model (question 6).",
        value="two subject ids as strings",
        shown_default="the seminar's 371, 337; else automatic",
        meaning="question 6's two subjects",
    ),
    # Not in the file's tables: [[cohort]] tables (read by reportgen.config) and Python's Labels.
    Setting(
        "cohorts",
        "",
        "",
        default=(),
        finish=tuple,
        many=True,
        meaning="the cohorts `reportgen cohorts` builds without --by: CohortSpec s, from [[cohort]] tables",
    ),
    Setting("labels", "", "", meaning="names and units in text and on axes: a Labels, or some of its fields"),
    Setting(
        "references",
        "",
        "",
        as_references,
        default=(),
        check_argument=True,
        meaning="works cited for the data, from [[references]] tables: each a title and any of author, "
        "year, url (reportgen.citations.Reference s)",
    ),
    # [email]: make_mail_config's keywords.
    Setting(
        "sender",
        "email",
        "from",
        as_name,
        flags=("--from",),
        group="recipients",
        metavar="ADDRESS",
        help="Sender ([email] from).",
        value="address",
        meaning="the sender",
    ),
    Setting(
        "to",
        "email",
        "to",
        as_addresses,
        many=True,
        flags=("--to",),
        group="recipients",
        metavar="ADDRESS",
        help="Recipient (repeatable); replaces [email] to.",
        value="address or list",
        meaning="recipients",
    ),
    Setting(
        "cc",
        "email",
        "cc",
        as_addresses,
        many=True,
        flags=("--cc",),
        group="recipients",
        metavar="ADDRESS",
        help="Copy to (repeatable); replaces [email] cc.",
        value="address or list",
        meaning="copies",
    ),
    Setting(
        "reply_to",
        "email",
        "reply_to",
        as_addresses,
        many=True,
        flags=("--reply-to",),
        group="recipients",
        metavar="ADDRESS",
        help="Reply-To address (repeatable).",
        value="address or list",
        meaning="Reply-To",
    ),
    Setting(
        "subject",
        "email",
        "subject",
        as_name,
        flags=("--subject",),
        group="recipients",
        metavar="TEMPLATE",
        help="Subject template; fields: {title} {cohort} {slope} {rate} {intercept} {icc} {subjects} "
        "{observations}.",
        value="text with fields `{title}` `{cohort}` `{slope}` `{rate}` `{intercept}` `{icc}` `{subjects}` "
        "`{observations}`",
        shown_default='"*title*, slope *slope* *rate*"',
        meaning="the subject line",
    ),
    Setting(
        "smtp_host",
        "email",
        "smtp_host",
        as_name,
        flags=("--smtp-host",),
        group="smtp",
        metavar="HOST",
        help="SMTP server ([email] smtp_host).",
        value="host name",
        meaning="the SMTP server",
    ),
    Setting(
        "smtp_port",
        "email",
        "smtp_port",
        as_port,
        flags=("--smtp-port",),
        group="smtp",
        kind="port",
        help="SMTP port (default: 587 for starttls, 465 for tls, 25 for none).",
        value="1 to 65535",
        shown_default="587 for starttls, 465 for tls, 25 for none",
        meaning="its port",
    ),
    Setting(
        "smtp_security",
        "email",
        "smtp_security",
        one_of(SMTP_SECURITY),
        flags=("--smtp-security",),
        group="smtp",
        choices=SMTP_SECURITY,
        help="STARTTLS (default), implicit TLS, or none (only sensible on a local relay).",
        value='`"starttls"` `"tls"` `"none"`',
        shown_default='`"starttls"`',
        meaning="STARTTLS, implicit TLS, or none (only sensible on a local relay)",
    ),
    Setting(
        "smtp_user",
        "email",
        "smtp_user",
        as_name,
        flags=("--smtp-user",),
        group="smtp",
        metavar="USER",
        help="Log in as USER; the password is read from the environment variable "
        "REPORTGEN_SMTP_PASSWORD, never from an option.",
        value="text",
        meaning="the login",
    ),
    Setting(
        "cohort_recipients",
        "email",
        "cohorts",
        as_email_cohorts,
        value='tables `[email.cohorts."NAME"]` with `to`, `cc`, `reply_to`',
        meaning="per cohort (by name or slug): replaces those recipients for it",
    ),
    Setting(
        "theme_logo",
        _THEME,
        "logo",
        as_logo,
        finish=_optional_path,
        value="path of a PNG or JPEG (at most 1 MiB)",
        meaning="a logo on the title page (HTML, PDF), in the header (Word) and atop the email",
    ),
    Setting(
        "theme_color",
        _THEME,
        "color",
        as_color,
        value='`"#2b5797"`, `"rgb(43, 87, 151)"` or a CSS colour name',
        meaning="the accent colour: title, headings' rules, links, prompts (HTML, PDF, Word, email)",
    ),
    Setting(
        "theme_font",
        _THEME,
        "font",
        as_font,
        value="a font family name",
        meaning="the text's font, if the reader's system has it (nothing is downloaded)",
    ),
    Setting(
        "theme_heading_font",
        _THEME,
        "heading_font",
        as_font,
        value="a font family name",
        meaning="the headings' font, likewise",
    ),
)

# The settings make_config takes (the [labels] and [email] tables are others' keywords).
BUILD_SETTINGS = {s.name: s for s in SETTINGS if s.table not in ("labels", "email")}
# The file's tables, in order, each with its keys in order (the order error messages list them in).
TABLES: dict[str, dict[str, Setting]] = {}
for _setting in SETTINGS:
    if _setting.table:
        TABLES.setdefault(_setting.table, {})[_setting.key] = _setting


def in_group(group: str) -> Iterator[Setting]:
    """The settings a shared options decorator carries, in the table's order."""
    return (s for s in SETTINGS if s.group == group)
