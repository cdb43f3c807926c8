"""The frozen build configuration: defaults, the sleepstudy preset, ``reportgen.toml``, explicit options.

Settings are merged in this order, the last one given winning ("last input wins", as in papermill's
CLI): built-in defaults < the preset of a recognised data set < the config file < explicit arguments
(on the command line, the options actually given).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import logging
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.errors import ConfigError

FORMATS = ("html", "pdf", "docx")
DEFAULT_FORMATS = ("html", "pdf")
# Units of a time column computed from dates; "auto" picks one from the spacing of the visits.
DATE_UNITS = ("auto", "days", "weeks", "months", "years")
SEPARATOR_CHOICES = {",": ",", ";": ";", "tab": "\t", "\\t": "\t", "\t": "\t", "|": "|"}
# Mixed-model engines: reportgen's own exact engine, and statsmodels' mixedlm (the seminar's).
ENGINES = ("exact", "statsmodels")
DEFAULT_ENGINE = "exact"
# solutions: every answer (report.*); handout: questions and code scaffolds only (handout.*).
VARIANTS = ("solutions", "handout", "both")
PAPERS = ("A4", "Letter")
CONFIG_FILE_NAME = "reportgen.toml"
MAX_DECIMALS = 6

log = logging.getLogger("reportgen")


@dataclass(frozen=True)
class Labels:
    """How the columns are named in text and on axes; units are optional."""

    response: str
    response_unit: str
    time: str
    time_unit: str  # singular, as in a rate: "ms/day"
    group: str

    def axis(self, which: str) -> str:
        """Axis label; the response's unit goes in brackets (time labels name their own)."""
        if which == "response":
            return f"{self.response} ({self.response_unit})" if self.response_unit else self.response
        return self.time

    def rate(self) -> str:
        """Unit of a slope: "ms/day", "per day", or "per unit of <time>"."""
        if self.response_unit and self.time_unit:
            return f"{self.response_unit}/{self.time_unit}"
        if self.time_unit:
            return f"per {self.time_unit}"
        return f"per unit of {self.time.lower()}"


LABEL_FIELDS = tuple(field.name for field in dataclasses.fields(Labels))


@dataclass(frozen=True)
class Preset:
    """Labels and seminar choices for a data set recognised by its column names."""

    labels: Labels
    title: str
    pair: tuple[str, str] | None
    mixed_pair: tuple[str, str] | None
    zero_is_missing: bool
    source: str = ""


# The seminar's data: the pairs are the ones the seminar asks about (Q4, Q6).
SLEEPSTUDY = Preset(
    labels=Labels(
        response="Reaction time",
        response_unit="ms",
        time="Days of sleep deprivation",
        time_unit="day",
        group="Subject",
    ),
    title="Introduction to Linear Mixed Models: the sleep study",
    pair=("308", "309"),
    mixed_pair=("371", "337"),
    zero_is_missing=True,
    source="Belenky et al. (2003), as distributed with the R package lme4",
)

DEFAULT_COLUMNS = ("Reaction", "Days", "Subject")
DEFAULT_OUT_DIR = "output"
DEFAULT_AUTHOR = "reportgen"
DEFAULT_DECIMALS = 2


def bundled_data_path() -> Path:
    """The sleepstudy CSV shipped with reportgen (inside the package once installed)."""
    from reportgen.resources import resource_path

    return resource_path("data") / "sleepstudy.csv"


@dataclass(frozen=True)
class CohortSpec:
    """One ``[[cohort]]`` table of ``reportgen.toml``: a name and exactly one way to pick its rows.

    ``where`` keeps rows whose every named column holds one of the listed values; ``groups`` keeps
    the rows of those group ids; ``path`` is a CSV of the cohort's own (absolute, or relative to the
    working folder once read from a file).
    """

    name: str
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    groups: tuple[str, ...] = ()
    path: str | None = None


@dataclass(frozen=True)
class BuildConfig:
    """Everything one report build needs; build with :func:`make_config`."""

    data_path: Path
    out_dir: Path
    response: str
    time: str
    group: str
    labels: Labels
    title: str
    author: str
    pair: tuple[str, str] | None
    mixed_pair: tuple[str, str] | None
    formats: tuple[str, ...] = DEFAULT_FORMATS
    # Treat a zero response or group id "0" as missing (the seminar's cleaning rule).
    zero_is_missing: bool = False
    decimals: int = DEFAULT_DECIMALS
    engine: str = "exact"
    variant: str = "solutions"
    source: str = ""  # where the data come from, for the title page
    paper: str = "A4"
    # Show the solution code under each question: None lets the command decide (a report: yes; a
    # cohort's report, for a site rather than a class: no). The handout always shows its scaffolds.
    code: bool | None = None
    # A folder whose templates override the built-in ones of the same name.
    templates_dir: Path | None = None
    # Pairs given by the user (config file or arguments) must exist; preset pairs fall back to an
    # automatic pick.
    pair_from_user: bool = False
    mixed_pair_from_user: bool = False
    head_rows: int = 5
    first_subjects: int = 10
    # Cohorts listed in the config file ([[cohort]] tables), for `reportgen cohorts`.
    cohorts: tuple[CohortSpec, ...] = ()
    # How to read the data: the Excel sheet, the CSV separator (default: sniffed).
    sheet: str | None = None
    separator: str | None = None
    # Wide data: the columns holding the response at each time (names or patterns such as "Day*"),
    # and their times when the names do not hold them.
    wide: tuple[str, ...] = ()
    wide_times: tuple[float, ...] = ()
    # A time column of dates becomes time elapsed since each group's first date, or study_start.
    date_unit: str = "auto"
    study_start: str | None = None
    # The label fields the user set (file or arguments); the data's own labels fill the others.
    labels_from_user: tuple[str, ...] = ()
    # Columns of the study's design (sex, diet, treatment, a baseline score ...) put into the model
    # with their interaction with time: the "Does <covariate> change the trajectory?" sections.
    covariates: tuple[str, ...] = ()
    # Covariates read as categories even when their values are numbers (diet 1, 2, 3).
    factors: tuple[str, ...] = ()
    # Where settings came from, for messages only ("subject '9' (from pair in [pairs] of x.toml)"):
    # not settings, so left out of equality, the provenance and the cohorts' cache keys (settings_of).
    config_file: Path | None = dataclasses.field(default=None, compare=False, metadata={"origin": True})
    pair_origins: tuple[str, str] = dataclasses.field(
        default=("--pair", "--mixed-pair"), compare=False, metadata={"origin": True}
    )


def settings_of(config: BuildConfig) -> dict[str, Any]:
    """The config as a JSON-ready dict of its settings, without the fields saying where they came from."""
    settings = dataclasses.asdict(config)
    for spec in dataclasses.fields(config):
        if spec.metadata.get("origin"):
            del settings[spec.name]
    return settings


# --- the config file ------------------------------------------------------------------------------


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("a non-empty string")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError('a string ("" for none)')
    return value


def _path(value: Any) -> Path:
    return Path(_name(value)).expanduser()


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def _decimals(value: Any) -> int:
    # bool is an int in Python; `decimals = true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DECIMALS:
        raise ValueError(f"an integer from 0 to {MAX_DECIMALS}")
    return value


def _formats(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or any(f not in FORMATS for f in value):
        raise ValueError(f"a non-empty list of formats from: {', '.join(json.dumps(f) for f in FORMATS)}")
    return tuple(dict.fromkeys(value))


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"one of: {', '.join(json.dumps(c) for c in choices)}")
        return str(value)

    return check


def _columns(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("a list of column names")
    return tuple(dict.fromkeys(value))


def _pair(value: Any) -> tuple[str, str]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(s, str) and s.strip() for s in value)
        or value[0] == value[1]
    ):
        raise ValueError('two different subject ids as strings, e.g. ["308", "309"]')
    return value[0], value[1]


def _separator(value: Any) -> str:
    if value not in SEPARATOR_CHOICES:
        raise ValueError('one of: ",", ";", "tab", "|"')
    return SEPARATOR_CHOICES[value]


def _wide(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if (
        not isinstance(items, list | tuple)
        or not all(isinstance(i, str) and i.strip() for i in items)
        or not items
    ):
        raise ValueError('column names or patterns, e.g. "Day*", "Day0,Day1,Day2" or ["Day0", "Day1"]')
    return tuple(item.strip() for item in items)


def _numbers(value: Any) -> tuple[float, ...]:
    items = value.split(",") if isinstance(value, str) else value
    try:
        if not isinstance(items, list | tuple) or not items or any(isinstance(i, bool) for i in items):
            raise TypeError
        return tuple(float(i) for i in items)
    except (TypeError, ValueError):
        raise ValueError("a list of numbers, e.g. [0, 1, 2]") from None


def _date(value: Any) -> str:
    import datetime as dt

    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ValueError('a date, e.g. 2024-03-01 or "2024-03-01T09:00"')


# [email] (reportgen email): recipients for all, or per cohort; the SMTP server. The password is never
# in the file: only in the environment variable REPORTGEN_SMTP_PASSWORD.
SMTP_SECURITY = ("starttls", "tls", "none")
EMAIL_RECIPIENT_KEYS = ("to", "cc", "reply_to")


def _addresses(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v.strip() for v in items):
        raise ValueError('an address or a list of addresses, e.g. ["class@example.org"]')
    return tuple(items)


def _port(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536:
        raise ValueError("a port number from 1 to 65535")
    return value


def _email_cohorts(value: Any) -> dict[str, dict[str, tuple[str, ...]]]:
    keys = set(EMAIL_RECIPIENT_KEYS)
    if not isinstance(value, dict) or not all(
        isinstance(t, dict) and t and set(t) <= keys for t in value.values()
    ):
        raise ValueError(
            'one table per cohort name or slug, e.g. [email.cohorts."cohort A"], with keys: '
            + ", ".join(EMAIL_RECIPIENT_KEYS)
        )
    return {cohort: {key: _addresses(v) for key, v in table.items()} for cohort, table in value.items()}


# table -> key in the file -> (make_config keyword, or "labels.<field>"; converter). The order of the
# keys is the order error messages list them in.
_SCHEMA: dict[str, dict[str, tuple[str, Callable[[Any], Any]]]] = {
    "data": {
        "path": ("data_path", _path),
        "response": ("response", _name),
        "time": ("time", _name),
        "group": ("group", _name),
        "zero_is_missing": ("zero_is_missing", _boolean),
        "source": ("source", _text),
        "sheet": ("sheet", _name),
        "separator": ("separator", _separator),
        "wide": ("wide", _wide),
        "wide_times": ("wide_times", _numbers),
        "date_unit": ("date_unit", _choice(DATE_UNITS)),
        "study_start": ("study_start", _date),
    },
    "labels": {
        "response": ("labels.response", _name),
        "response_unit": ("labels.response_unit", _text),
        "time": ("labels.time", _name),
        "time_unit": ("labels.time_unit", _text),
        "group": ("labels.group", _name),
    },
    "report": {
        "title": ("title", _name),
        "author": ("author", _text),
        "decimals": ("decimals", _decimals),
        "formats": ("formats", _formats),
        "out": ("out_dir", _path),
        "engine": ("engine", _choice(ENGINES)),
        "variant": ("variant", _choice(VARIANTS)),
        "paper": ("paper", _choice(PAPERS)),
        "code": ("code", _boolean),
        "templates": ("templates_dir", _path),
    },
    "model": {
        "covariates": ("covariates", _columns),
        "factors": ("factors", _columns),
    },
    "pairs": {
        "pair": ("pair", _pair),
        "mixed_pair": ("mixed_pair", _pair),
    },
    "email": {
        "from": ("email.from", _name),
        "to": ("email.to", _addresses),
        "cc": ("email.cc", _addresses),
        "reply_to": ("email.reply_to", _addresses),
        "subject": ("email.subject", _name),
        "smtp_host": ("email.smtp_host", _name),
        "smtp_port": ("email.smtp_port", _port),
        "smtp_security": ("email.smtp_security", _choice(SMTP_SECURITY)),
        "smtp_user": ("email.smtp_user", _name),
        "cohorts": ("email.cohorts", _email_cohorts),
    },
}
_TABLES = ", ".join(f"[{table}]" for table in _SCHEMA)


def _belongs(key: str) -> str:
    """A hint naming the table(s) a misplaced key belongs in, or ""."""
    tables = [f"[{table}]" for table, keys in _SCHEMA.items() if key in keys]
    return f"; '{key}' belongs in {' or '.join(tables)}" if tables else ""


# [[cohort]] tables: a name, then exactly one of the ways to pick the cohort's rows.
COHORT_TABLE = "cohort"
COHORT_KEYS = ("name", "where", "groups", "path")
_COHORT_CHOICES = COHORT_KEYS[1:]


def _cohort_values(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not items or any(isinstance(v, bool) or not isinstance(v, str | int) for v in items):
        raise ValueError('a value or a non-empty list of values, e.g. "A" or ["A", "B"]')
    return tuple(str(v) for v in items)


def _cohort_where(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict) or not value:
        raise ValueError('a table of column = value(s), e.g. { site = ["A", "B"] }')
    return tuple((_name(column), _cohort_values(values)) for column, values in value.items())


def _cohort_specs(body: Any, name: str, folder: Path) -> tuple[CohortSpec, ...]:
    """Check the ``[[cohort]]`` tables; a relative ``path`` resolves against ``folder``."""
    usage = "each with a name and one of: " + ", ".join(_COHORT_CHOICES)
    if not isinstance(body, list) or not all(isinstance(table, dict) for table in body):
        raise ConfigError(
            f"'{COHORT_TABLE}' in {name} must be [[{COHORT_TABLE}]] tables, {usage}",
            key=COHORT_TABLE,
            path=name,
        )
    specs: list[CohortSpec] = []
    for number, table in enumerate(body, start=1):
        where = f"{name} [[{COHORT_TABLE}]] number {number}"
        for key in table:
            if key not in COHORT_KEYS:
                raise ConfigError(
                    f"unknown key '{key}' in {where}; valid keys are: {', '.join(COHORT_KEYS)}",
                    key=f"{COHORT_TABLE}.{key}",
                    path=name,
                )
        chosen = [key for key in _COHORT_CHOICES if key in table]
        if "name" not in table or len(chosen) != 1:
            raise ConfigError(
                f"{where} needs a name and exactly one of: {', '.join(_COHORT_CHOICES)}; "
                f"got {', '.join(['name'] * ('name' in table) + chosen) or 'neither'}",
                key=COHORT_TABLE,
                path=name,
            )
        (choice,) = chosen
        convert: dict[str, Callable[[Any], Any]] = {
            "name": _name,
            "where": _cohort_where,
            "groups": _cohort_values,
            "path": _name,
        }
        fields: dict[str, Any] = {}
        for key in ("name", choice):
            try:
                fields[key] = convert[key](table[key])
            except ValueError as exc:
                raise ConfigError(
                    f"'{key}' in {where} must be {exc}; got {_toml_repr(table[key])}",
                    key=f"{COHORT_TABLE}.{key}",
                    path=name,
                ) from None
        if choice == "path":
            fields["path"] = str(folder / Path(fields["path"]).expanduser())
        if any(spec.name == fields["name"] for spec in specs):
            raise ConfigError(
                f"two cohorts in {name} are named {_toml_repr(fields['name'])}; give each a different name",
                key=f"{COHORT_TABLE}.name",
                path=name,
            )
        specs.append(CohortSpec(**fields))
    return tuple(specs)


def _toml_repr(value: Any) -> str:
    """A value roughly as it is written in TOML (strings quoted, booleans lower case)."""
    return json.dumps(value, default=str, ensure_ascii=False)


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    """Parse TOML; a syntax error becomes one line naming the file, line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = " ".join(str(exc).split())
        where = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)  # Python 3.14+
        if where:
            message = message[: where.start()] + message[where.end() :]
            line, column = int(where[1]), int(where[2])
        reason = message[:1].lower() + message[1:]
        at = f" on line {line}, column {column}" if line is not None else ""
        raise ConfigError(f"invalid TOML in {name}{at}: {reason}", path=name) from exc


def read_config_file(path: Path | str) -> dict[str, Any]:
    """Read and check a ``reportgen.toml``.

    Args:
        path: the file. Relative paths in it (``[data] path``, ``[report] out``) resolve against
            its folder.

    Returns:
        The settings it gives, keyed by :func:`make_config` keyword; ``labels`` is a dict of the
        label fields it sets, ``email`` a dict of the ``[email]`` keys (read by ``reportgen.mail``).

    Raises:
        ConfigError: the file is missing or unreadable, is not valid TOML, or holds an unknown
            table or key, or a value of the wrong type.
    """
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(f"config file '{name}' not found; check the --config path", path=name) from exc
    except IsADirectoryError as exc:
        raise ConfigError(f"config file '{name}' is a folder, not a TOML file", path=name) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read config file '{name}': {exc.strerror}", path=name) from exc
    try:
        # utf-8-sig: Windows editors (Notepad) start UTF-8 files with a byte-order mark.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file '{name}' is not UTF-8 text; save it as UTF-8", path=name) from exc
    document = _parse_toml(text, name)

    settings: dict[str, Any] = {}
    labels: dict[str, str] = {}
    email: dict[str, Any] = {}
    for table, body in document.items():
        if table == COHORT_TABLE:
            settings["cohorts"] = _cohort_specs(body, name, path.parent)
            continue
        if table not in _SCHEMA:
            what = "table" if isinstance(body, dict) else "top-level key"
            raise ConfigError(
                f"unknown {what} '{table}' in {name}; valid tables are: {_TABLES}{_belongs(table)}",
                key=table,
                path=name,
            )
        keys = _SCHEMA[table]
        if not isinstance(body, dict):
            raise ConfigError(
                f"'{table}' in {name} must be a table, [{table}], with keys: {', '.join(keys)}",
                key=table,
                path=name,
            )
        for key, value in body.items():
            if key not in keys:
                raise ConfigError(
                    f"unknown key '{key}' in {name} [{table}]; valid keys are: {', '.join(keys)}"
                    + _belongs(key),
                    key=f"{table}.{key}",
                    path=name,
                )
            setting, convert = keys[key]
            try:
                converted = convert(value)
            except ValueError as exc:
                raise ConfigError(
                    f"'{key}' in {name} [{table}] must be {exc}; got {_toml_repr(value)}",
                    key=f"{table}.{key}",
                    path=name,
                ) from None
            if setting.startswith("labels."):
                labels[setting.removeprefix("labels.")] = converted
            elif setting.startswith("email."):
                email[setting.removeprefix("email.")] = converted
            elif isinstance(converted, Path):
                settings[setting] = path.parent / converted
            else:
                settings[setting] = converted
    if labels:
        settings["labels"] = labels
    if email:
        settings["email"] = email  # for reportgen.mail; keyed as in the file's [email] table
    return settings


def find_config_file(given: Path | str | None = None, folder: Path | str | None = None) -> Path | None:
    """The config file to read: ``given`` if any, else ``reportgen.toml`` in ``folder`` when present.

    Args:
        given: a path named by the user (``--config``); it must exist, which
            :func:`read_config_file` checks.
        folder: where to look for ``reportgen.toml``; the current working folder by default.
    """
    if given is not None:
        return Path(given)
    candidate = Path(folder) / CONFIG_FILE_NAME if folder is not None else Path(CONFIG_FILE_NAME)
    return candidate if candidate.is_file() else None


# --- merging --------------------------------------------------------------------------------------


def _label_fields(value: Labels | Mapping[str, str]) -> dict[str, str]:
    """Label fields set by an argument: a whole :class:`Labels`, or a mapping of some fields."""
    if isinstance(value, Labels):
        return dataclasses.asdict(value)
    unknown = [field for field in value if field not in LABEL_FIELDS]
    if unknown:
        raise ConfigError(
            f"unknown label '{unknown[0]}'; valid labels are: {', '.join(LABEL_FIELDS)}",
            key=f"labels.{unknown[0]}",
        )
    return dict(value)


def _checked(given: Mapping[str, Any], key: str, choices: tuple[str, ...]) -> str:
    value = given.get(key, choices[0])
    try:
        return _choice(choices)(value)
    except ValueError as exc:
        raise ConfigError(f"{key} must be {exc}, not {value!r}", key=key) from None


# What an option left empty should name instead (Path("") would be the current folder).
_EMPTY_NAMES = {
    "data_path": "data file",
    "out_dir": "folder",
    "title": "title, or leave --title out for the default",
}


def _pair_origin(key: str, option: str, from_file: Mapping[str, Any], config_file: Path | str | None) -> str:
    """Where a pair came from, as a message says it: the config file's key when it set the pair
    (and no option overrode it), else the option."""
    return f"{key} in [pairs] of {config_file}" if key in from_file else option


def make_config(
    *,
    config_file: Path | str | None = None,
    data_path: Path | str | None = None,
    out_dir: Path | str | None = None,
    response: str | None = None,
    time: str | None = None,
    group: str | None = None,
    pair: tuple[str, str] | None = None,
    mixed_pair: tuple[str, str] | None = None,
    formats: Sequence[str] | None = None,
    title: str | None = None,
    author: str | None = None,
    decimals: int | None = None,
    zero_is_missing: bool | None = None,
    labels: Labels | Mapping[str, str] | None = None,
    engine: str | None = None,
    variant: str | None = None,
    paper: str | None = None,
    code: bool | None = None,
    templates_dir: Path | str | None = None,
    cohorts: Sequence[CohortSpec] | None = None,
    sheet: str | None = None,
    separator: str | None = None,
    wide: str | Sequence[str] | None = None,
    wide_times: str | Sequence[float] | None = None,
    date_unit: str | None = None,
    study_start: str | None = None,
    covariates: Sequence[str] | None = None,
    factors: Sequence[str] | None = None,
) -> BuildConfig:
    """Build a config from defaults, the data set's preset, a config file and explicit arguments.

    An argument left at ``None`` (or, for ``formats``, empty) is "not given": the config file's value
    is used, else the preset's (sleepstudy, when the columns are Reaction/Days/Subject), else the
    built-in default.

    Args:
        config_file: a ``reportgen.toml`` to read (see :func:`find_config_file`); ``None`` for none.
        data_path: the CSV to analyse (default: the bundled sleepstudy data).
        out_dir: the folder to write into (default: ``output``).
        response, time, group: column names (default: Reaction, Days, Subject).
        pair, mixed_pair: subjects to compare in questions 4 and 6; a pair given here or in the
            file must exist in the data.
        formats: ``html`` and/or ``pdf`` (default: both).
        title, author: shown on the report and in the PDF metadata.
        decimals: decimal places of the report's numbers, 0 to 6 (default: 2).
        zero_is_missing: treat a zero response or group id "0" as missing (default: on for
            sleepstudy, off otherwise).
        labels: the names and units used in text and on axes; a mapping sets only some fields.
        engine: mixed-model engine, ``exact`` (default) or ``statsmodels`` (the seminar's).
        variant: ``solutions`` (default), ``handout`` or ``both``.
        paper: ``A4`` (default) or ``Letter``.
        code: show the solution code (default: in a report yes, in a cohort's report no).
        templates_dir: a folder of templates overriding the built-in ones by name.
        cohorts: the cohorts ``reportgen cohorts`` builds when no ``--by`` column is given.
        sheet: the Excel sheet to read (default: the first).
        separator: the CSV separator, ``,`` ``;`` ``tab`` or ``|`` (default: sniffed from the file).
        wide: wide data's response columns, as names or patterns (``"Day*"``, ``"Day0,Day1,...,Day9"``);
            they are reshaped to one row per measurement, the time taken from the numbers in the names.
        wide_times: the times of the ``wide`` columns, in order, when their names hold none.
        date_unit: for a time column of dates: ``days``, ``weeks``, ``months``, ``years`` or ``auto``
            (default: from the spacing of the dates).
        study_start: for a time column of dates: count time from this date instead of each group's
            first date.
        covariates: columns of the study's design put into the model with their interaction
            with time (categorical or numeric; constant within a subject or varying over time).
        factors: covariates read as categories even when their values are numbers (codes of
            groups such as diet 1, 2, 3); they join ``covariates``.

    Returns:
        The frozen config.

    Raises:
        ConfigError: a bad config file, an unknown format or label, or decimals out of range.
    """
    explicit: dict[str, Any] = {
        "data_path": data_path,
        "out_dir": out_dir,
        "response": response,
        "time": time,
        "group": group,
        "pair": pair,
        "mixed_pair": mixed_pair,
        "formats": tuple(formats) if formats else None,
        "title": title,
        "author": author,
        "decimals": decimals,
        "zero_is_missing": zero_is_missing,
        "labels": labels,
        "engine": engine,
        "variant": variant,
        "paper": paper,
        "code": code,
        "templates_dir": templates_dir,
        "cohorts": tuple(cohorts) if cohorts else None,
        "sheet": sheet,
        "separator": _convert_argument("separator", separator, _separator),
        "wide": _convert_argument("wide", wide, _wide),
        "wide_times": _convert_argument("wide_times", wide_times, _numbers),
        "date_unit": date_unit,
        "study_start": _convert_argument("study_start", study_start, _date),
        "covariates": tuple(covariates) if covariates else None,
        "factors": tuple(factors) if factors else None,
    }
    from_file = read_config_file(config_file) if config_file is not None else {}
    if config_file is not None:
        log.info("config: read %s", config_file)
    given = {**from_file, **{key: value for key, value in explicit.items() if value is not None}}

    unknown = [f for f in given.get("formats", ()) if f not in FORMATS]
    if unknown:
        raise ConfigError(f"unknown format {unknown[0]!r}; choose from: {', '.join(FORMATS)}", key="formats")
    if given.get("wide_times") and not given.get("wide"):
        raise ConfigError("wide_times needs wide: name the wide columns with --wide", key="wide_times")
    chosen_decimals = given.get("decimals", DEFAULT_DECIMALS)
    try:
        _decimals(chosen_decimals)
    except ValueError as exc:
        raise ConfigError(f"decimals must be {exc}, not {chosen_decimals!r}", key="decimals") from None

    for key, option in (
        ("data_path", "--data"),
        ("out_dir", "--out"),
        ("title", "--title"),
        ("response", "--response"),
        ("time", "--time"),
        ("group", "--group"),
    ):
        # Path("") is the current folder: an empty --out would write there unasked.
        if isinstance(explicit[key], str | Path) and not str(explicit[key]).strip():
            raise ConfigError(f"{option} must not be empty; name a {_EMPTY_NAMES.get(key, 'column')}")
    response_column = given.get("response", DEFAULT_COLUMNS[0])
    time_column = given.get("time", DEFAULT_COLUMNS[1])
    group_column = given.get("group", DEFAULT_COLUMNS[2])
    roles = {"response": response_column, "time": time_column, "group": group_column}
    for (role, column), (other, same) in itertools.combinations(roles.items(), 2):
        if column == same:
            raise ConfigError(
                f"the {role} and the {other} are both column '{column}'; each needs its own column "
                f"(use --{role} and --{other})",
                key=f"data.{other}",
            )
    preset = SLEEPSTUDY if (response_column, time_column, group_column) == DEFAULT_COLUMNS else None

    label_fields: dict[str, str] = {}
    for source in (from_file, explicit):  # the file's labels, then the argument's on top
        if source.get("labels") is not None:
            label_fields.update(_label_fields(source["labels"]))
    base = preset.labels if preset else Labels(response_column, "", time_column, "", group_column)
    chosen_labels = dataclasses.replace(base, **label_fields)

    default_title = f"Linear mixed models: {chosen_labels.response} over {chosen_labels.time}"
    data = given.get("data_path")
    return BuildConfig(
        data_path=Path(data) if data is not None else bundled_data_path(),
        out_dir=Path(given.get("out_dir", DEFAULT_OUT_DIR)),
        response=response_column,
        time=time_column,
        group=group_column,
        labels=chosen_labels,
        title=given.get("title") or (preset.title if preset else default_title),
        author=given.get("author", DEFAULT_AUTHOR),
        pair=given.get("pair", preset.pair if preset else None),
        mixed_pair=given.get("mixed_pair", preset.mixed_pair if preset else None),
        formats=tuple(dict.fromkeys(given.get("formats", DEFAULT_FORMATS))),
        zero_is_missing=given.get("zero_is_missing", preset.zero_is_missing if preset else False),
        decimals=chosen_decimals,
        engine=_checked(given, "engine", ENGINES),
        variant=_checked(given, "variant", VARIANTS),
        source=given.get("source", preset.source if preset else ""),
        paper=_checked(given, "paper", PAPERS),
        code=given.get("code"),
        templates_dir=Path(given["templates_dir"]) if given.get("templates_dir") else None,
        pair_from_user="pair" in given,
        mixed_pair_from_user="mixed_pair" in given,
        cohorts=tuple(given.get("cohorts", ())),
        sheet=given.get("sheet"),
        separator=given.get("separator"),
        wide=tuple(given.get("wide", ())),
        wide_times=tuple(given.get("wide_times", ())),
        date_unit=_checked(given, "date_unit", DATE_UNITS),
        study_start=given.get("study_start"),
        labels_from_user=tuple(label_fields),
        covariates=_covariates(
            given.get("covariates", ()),
            given.get("factors", ()),
            (response_column, time_column, group_column),
        ),
        factors=tuple(dict.fromkeys(given.get("factors", ()))),
        config_file=Path(config_file) if config_file is not None else None,
        pair_origins=(
            _pair_origin("pair", "--pair", from_file if pair is None else {}, config_file),
            _pair_origin("mixed_pair", "--mixed-pair", from_file if mixed_pair is None else {}, config_file),
        ),
    )


def _convert_argument(key: str, value: Any, convert: Callable[[Any], Any]) -> Any:
    """An explicit argument checked like the file's value; ``None`` stays "not given"."""
    if value is None:
        return None
    try:
        return convert(list(value) if isinstance(value, tuple) else value)
    except ValueError as exc:
        raise ConfigError(f"{key} must be {exc}, not {value!r}", key=key) from None


def _covariates(
    covariates: Sequence[str], factors: Sequence[str], used: tuple[str, str, str]
) -> tuple[str, ...]:
    """The covariate columns, each once, none of them the response, time or group column, nor
    given both as a covariate and as a factor (which would leave its reading to chance)."""
    both = [column for column in covariates if column in factors]
    if both:
        raise ConfigError(
            f"column '{both[0]}' is given both as a covariate and as a factor; give it once: "
            "--factor to read its values as categories, --covariate to read numbers as numbers",
            key="covariates",
        )
    columns = (*covariates, *factors)
    for column in columns:
        if column in used:
            role = ("response", "time", "group")[used.index(column)]
            raise ConfigError(
                f"covariate '{column}' is the {role} column; a covariate must be another column",
                key="covariates",
            )
    return tuple(dict.fromkeys(columns))
