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
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.citations import Reference, as_references
from reportgen.crossed_notation import crossed_roles
from reportgen.errors import ConfigError, printable
from reportgen.load import FileRefused, read_regular
from reportgen.settings import (
    BUILD_SETTINGS,
    CONFIG_FILE_NAME,
    DATE_UNITS,
    DEFAULT_AUTHOR,
    DEFAULT_COLUMNS,
    DEFAULT_DECIMALS,
    DEFAULT_ENGINE,
    DEFAULT_FORMATS,
    DEFAULT_OUT_DIR,
    EMAIL_RECIPIENT_KEYS,
    ENGINES,
    FORMATS,
    MAX_DECIMALS,
    PAPERS,
    SEPARATOR_CHOICES,
    SMTP_SECURITY,
    TABLES,
    VARIANTS,
    Setting,
    as_bool,
    as_columns,
    as_name,
    as_text,
    bundled_data_path,
)

# Names other modules import from here (the settings table defines them).
__all__ = [
    "CONFIG_FILE_NAME",
    "DATE_UNITS",
    "DEFAULT_AUTHOR",
    "DEFAULT_COLUMNS",
    "DEFAULT_DECIMALS",
    "DEFAULT_ENGINE",
    "DEFAULT_FORMATS",
    "DEFAULT_OUT_DIR",
    "EMAIL_RECIPIENT_KEYS",
    "ENGINES",
    "FORMATS",
    "LABEL_FIELDS",
    "MAX_DECIMALS",
    "PAPERS",
    "SEPARATOR_CHOICES",
    "SMTP_SECURITY",
    "VARIANTS",
    "BuildConfig",
    "CohortSpec",
    "Labels",
    "Preset",
    "bundled_data_path",
    "find_config_file",
    "make_config",
    "read_config_file",
    "settings_of",
]


log = logging.getLogger("reportgen")


@dataclass(frozen=True)
class Labels:
    """How the columns are named in text and on axes; units are optional."""

    response: str
    response_unit: str
    time: str
    time_unit: str  # singular, as in a rate: "ms/day"
    group: str
    # Several groups in running text, as written ("Probanden"); "": English's plural of `group` (inflect).
    group_plural: str = ""
    # The group noun's grammatical gender ("m", "f", "n"; "": not given) and its dative singular
    # ("Probanden"; "": as written), for languages whose sentences inflect it (reportgen/group_forms.py).
    group_gender: str = ""
    group_dative: str = ""

    def axis(self, which: str) -> str:
        """Axis label; the response's unit goes in brackets (time labels name their own)."""
        if which == "response":
            return f"{self.response} ({self.response_unit})" if self.response_unit else self.response
        return self.time

    def rate(self) -> str:
        """Unit of a slope: "ms/day", "per day", or "per unit of <time>" (words in the language
        spoken, :func:`reportgen.i18n.speaking`)."""
        from reportgen.i18n import gettext as _
        from reportgen.i18n import label_noun

        if self.response_unit and self.time_unit:
            return f"{self.response_unit}/{self.time_unit}"
        if self.time_unit:
            return _("per %(time_unit)s") % {"time_unit": self.time_unit}
        return _("per unit of %(time)s") % {"time": label_noun(self.time)}


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
    family: str = "auto"  # the response's family (settings.FAMILIES): auto reads it off the values
    variant: str = "solutions"
    source: str = ""  # where the data come from, for the title page
    paper: str = "A4"
    # Show the solution code under each question: None lets the command decide (a report: yes; a
    # cohort's report, for a site rather than a class: no). The handout always shows its scaffolds.
    code: bool | None = None
    # The kind of report (settings.PROFILES): None lets the command decide (build: the seminar's;
    # a cohort's report: the study report).
    profile: str | None = None
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
    # Model log(response) instead of the response (positive values only): a spread that grows with
    # the level evens out, effects read as ratios.
    log_response: bool = False
    # The length of one cycle of the trend in units of time (None: no cycle known): a harmonic shape
    # (sine and cosine of that period) is then one of the candidate shapes.
    period: float | None = None
    # Where settings came from, for messages only ("subject '9' (from pair in [pairs] of x.toml)"):
    # not settings, so left out of equality, the provenance and the cohorts' cache keys (settings_of).
    config_file: Path | None = dataclasses.field(default=None, compare=False, metadata={"origin": True})
    pair_origins: tuple[str, str] = dataclasses.field(
        default=("--pair", "--mixed-pair"), compare=False, metadata={"origin": True}
    )
    # The grouping columns above the subject, outermost first (``--group site/patient``: ("site",)).
    outer_groups: tuple[str, ...] = ()
    # Grouping columns crossed with the subjects (``--crossed site``): each its own random term.
    crossed: tuple[str, ...] = ()
    # How this run works, not what the report says (left out of the provenance and cache keys like the above).
    cache: bool = dataclasses.field(default=True, metadata={"origin": True})  # reuse figures drawn before
    # A .docx whose styles, page and headers the Word document takes (how it looks, not what it says).
    reference_docx: Path | None = dataclasses.field(default=None, metadata={"origin": True})
    # [theme]: branding (reportgen.theme), how the documents look like the above; the cohorts' cache
    # key takes it from theme.style_fingerprint.
    theme_logo: Path | None = dataclasses.field(default=None, metadata={"origin": True})
    theme_color: str | None = dataclasses.field(default=None, metadata={"origin": True})
    theme_font: str | None = dataclasses.field(default=None, metadata={"origin": True})
    theme_heading_font: str | None = dataclasses.field(default=None, metadata={"origin": True})
    # [[references]]: works the user cites for the data (reportgen.citations).
    references: tuple[Reference, ...] = ()
    # The documents' language (reportgen.i18n): their words, numbers and dates.
    lang: str = "en"


def settings_of(config: BuildConfig) -> dict[str, Any]:
    """The config as a JSON-ready dict of its settings, without the fields saying where they came from."""
    settings = dataclasses.asdict(config)
    for spec in dataclasses.fields(config):
        if spec.metadata.get("origin"):
            del settings[spec.name]
    return settings


# --- the config file ------------------------------------------------------------------------------


_TABLES = ", ".join(f"[{table}]" for table in TABLES)


def _belongs(key: str) -> str:
    """A hint naming the table(s) a misplaced key belongs in, or ""."""
    tables = [f"[{table}]" for table, keys in TABLES.items() if key in keys]
    return f"; '{key}' belongs in {' or '.join(tables)}" if tables else ""


# [[cohort]] tables: a name, then exactly one of the ways to pick the cohort's rows.
COHORT_TABLE = "cohort"
# A config file is a page of settings; anything larger is not one (and /dev/zero never ends).
CONFIG_LIMIT = 2**20
COHORT_KEYS = ("name", "where", "groups", "path")
_COHORT_CHOICES = COHORT_KEYS[1:]


# [[references]] tables: works cited for the data (reportgen.citations).
REFERENCES_TABLE = "references"


def _references(body: Any, name: str) -> tuple[Reference, ...]:
    """Check the ``[[references]]`` tables."""
    try:
        return as_references(body)
    except ValueError as exc:
        raise ConfigError(
            f"'{REFERENCES_TABLE}' in {name} must be {exc}", key=REFERENCES_TABLE, path=name
        ) from None


def _cohort_values(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if not items or any(isinstance(v, bool) or not isinstance(v, str | int) for v in items):
        raise ValueError('a value or a non-empty list of values, e.g. "A" or ["A", "B"]')
    return tuple(str(v) for v in items)


def _cohort_where(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict) or not value:
        raise ValueError('a table of column = value(s), e.g. { site = ["A", "B"] }')
    return tuple((as_name(column), _cohort_values(values)) for column, values in value.items())


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
            "name": as_name,
            "where": _cohort_where,
            "groups": _cohort_values,
            "path": as_name,
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


def _as_given(name: str, value: Any, explicit: Mapping[str, Any], config_file: Path | str | None) -> str:
    """How a setting was given: as its option ("--variant handout"), or as its key in the file."""
    setting = BUILD_SETTINGS[name]
    if explicit.get(name) is None and config_file is not None:
        return f"{setting.key} = {_toml_repr(value)} in {Path(config_file).name} [{setting.table}]"
    flag = setting.flags[0].split("/")[0]
    return flag if setting.kind == "flag" else f"{flag} {value}"


def _toml_repr(value: Any) -> str:
    """A value roughly as it is written in TOML (strings quoted, booleans lower case)."""
    return json.dumps(value, default=str, ensure_ascii=False)


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    """Parse TOML; a syntax error becomes one line naming the file, line and column."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ConfigError(
            f"invalid TOML in {name}: arrays or tables are nested too deeply; flatten the value", path=name
        ) from None
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
    if not isinstance(path, str | os.PathLike) or "\0" in str(path):  # config_file=False, "a\0b"
        raise ConfigError(f"config_file must be the path of a TOML file, not {printable(repr(path))[:80]}")
    path = Path(path)
    name = str(path)
    try:
        raw = read_regular(path, limit=CONFIG_LIMIT)
    except FileRefused as exc:
        raise ConfigError(f"config file '{name}' {exc}; pass a TOML file with --config", path=name) from None
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
        if table == REFERENCES_TABLE:
            settings["references"] = _references(body, name)
            continue
        if table not in TABLES:
            what = "table" if isinstance(body, dict) else "top-level key"
            raise ConfigError(
                f"unknown {what} '{table}' in {name}; valid tables are: {_TABLES}{_belongs(table)}",
                key=table,
                path=name,
            )
        keys = TABLES[table]
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
            entry = keys[key]
            setting = entry.target
            given_value = value
            if entry.kind == "path" and isinstance(value, str) and value.strip():
                # A path in the file is checked where it is: relative to the file's folder.
                value = str(path.parent / Path(value).expanduser())
            try:
                converted = entry.check(value) if entry.check else value
            except ValueError as exc:
                raise ConfigError(
                    f"'{key}' in {name} [{table}] must be {exc}; got {_toml_repr(given_value)}",
                    key=f"{table}.{key}",
                    path=name,
                ) from None
            if setting.startswith("labels."):
                labels[setting.removeprefix("labels.")] = converted
            elif setting.startswith("email."):
                email[setting.removeprefix("email.")] = converted
            elif isinstance(converted, Path) and entry.kind != "path":
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
    if not isinstance(value, Mapping):  # labels="abc": not three labels named a, b and c
        raise ConfigError(f"labels must be a mapping of label to text, not {value!r}", key="labels")
    unknown = [field for field in value if field not in LABEL_FIELDS]
    if unknown:
        raise ConfigError(
            f"unknown label '{unknown[0]}'; valid labels are: {', '.join(LABEL_FIELDS)}",
            key=f"labels.{unknown[0]}",
        )
    wrong = next((field for field, text in value.items() if not isinstance(text, str)), None)
    if wrong is not None:
        raise ConfigError(f"labels.{wrong} must be a string, not {value[wrong]!r}", key=f"labels.{wrong}")
    return dict(value)


def _pair_origin(key: str, option: str, from_file: Mapping[str, Any], config_file: Path | str | None) -> str:
    """Where a pair came from, as a message says it: the config file's key when it set the pair
    (and no option overrode it), else the option."""
    return f"{key} in [pairs] of {config_file}" if key in from_file else option


def make_config(*, config_file: Path | str | None = None, **arguments: Any) -> BuildConfig:
    """Build a config from defaults, the data set's preset, a config file and explicit arguments.

    An argument left at ``None`` (or, for a list such as ``formats``, empty) is "not given": the
    config file's value is used, else the preset's (sleepstudy, when the columns are
    Reaction/Days/Subject), else the built-in default.

    Args:
        config_file: a ``reportgen.toml`` to read (see :func:`find_config_file`); ``None`` for none.
        **arguments: any setting of :data:`reportgen.settings.BUILD_SETTINGS` by its name, e.g.
            ``data_path``, ``out_dir``, ``response``, ``time``, ``group``, ``decimals``,
            ``formats``; ``pair`` and ``mixed_pair`` must exist in the data; ``labels`` is a
            :class:`Labels`, or a mapping that sets some of its fields; ``cohorts`` are
            :class:`CohortSpec` s. Each entry of the table says what its setting means.

    Returns:
        The frozen config.

    Raises:
        ConfigError: a bad config file, an unknown format or label, or a value out of range.
        TypeError: an argument that is no setting.
    """
    unknown = sorted(set(arguments) - set(BUILD_SETTINGS))
    if unknown:
        raise TypeError(f"make_config() got an unexpected keyword argument {unknown[0]!r}")
    explicit = {name: _argument(setting, arguments.get(name)) for name, setting in BUILD_SETTINGS.items()}
    from_file = read_config_file(config_file) if config_file is not None else {}
    if config_file is not None:
        log.info("config: read %s", config_file)
    given = {**from_file, **{key: value for key, value in explicit.items() if value is not None}}

    unknown = [f for f in given.get("formats", ()) if f not in FORMATS]
    if unknown:
        raise ConfigError(f"unknown format {unknown[0]!r}; choose from: {', '.join(FORMATS)}", key="formats")
    if given.get("wide_times") and not given.get("wide"):
        raise ConfigError("wide_times needs wide: name the wide columns with --wide", key="wide_times")
    response_column, time_column, grouping = (
        given.get(name, BUILD_SETTINGS[name].default) for name in ("response", "time", "group")
    )
    # --group site/patient: the subjects are the lowest level (a lone column is taken as given).
    *outer_groups, group_column = (
        [level.strip() for level in grouping.split("/")] if "/" in grouping else [grouping]
    )
    roles = {"response": response_column, "time": time_column, "group": group_column}
    roles |= {f"group level {k + 1}": column for k, column in enumerate(outer_groups)}
    roles |= crossed_roles(given.get("crossed", ()), outer_groups, group_column)
    for (role, column), (other, same) in itertools.combinations(roles.items(), 2):
        if column == same:
            raise ConfigError(
                f"the {role} and the {other} are both column '{column}'; each needs its own column "
                f"(use --{role.split()[0]} and --{other.split()[0]})",
                key=f"data.{other}",
            )
    preset = SLEEPSTUDY if (response_column, time_column, group_column) == DEFAULT_COLUMNS else None

    label_fields: dict[str, str] = {}
    for source in (from_file, explicit):  # the file's labels, then the argument's on top
        if source.get("labels") is not None:
            label_fields.update(_label_fields(source["labels"]))
    base = preset.labels if preset else Labels(response_column, "", time_column, "", group_column)
    chosen_labels = dataclasses.replace(base, **label_fields)
    _check_text(
        {
            **{f"labels.{k}": v for k, v in label_fields.items()},
            "title": given.get("title"),
            "author": given.get("author"),
        }
    )

    chosen = {
        name: _chosen(setting, given, preset)
        for name, setting in BUILD_SETTINGS.items()
        if name not in ("labels", "title", "covariates")
    }
    if preset is not None and "zero_is_missing" not in given and not is_bundled_data(chosen["data_path"]):
        # The seminar's cleaning rule is for the seminar's data: in another file with the same
        # column names a zero is a value (a 0/1 outcome, a count), never silently dropped.
        chosen["zero_is_missing"] = False
    if chosen["log_response"] and chosen["family"] in ("binomial", "poisson"):
        raise ConfigError(
            f"--log-response applies to a gaussian response, not to --family {chosen['family']} "
            "(its link already works on the log or logit scale); drop one of the two",
            key="log_response",
        )
    if chosen["theme_logo"] is not None:  # its bytes checked before any work, like --reference-docx
        from reportgen.theme import read_logo

        read_logo(chosen["theme_logo"])
    if chosen["profile"] == "study" and (chosen["variant"] != "solutions" or chosen["code"]):
        name = "variant" if chosen["variant"] != "solutions" else "code"
        asked = _as_given(name, chosen[name], explicit, config_file)
        raise ConfigError(
            f"the study report has no questions, handout or code ({asked}); use --profile seminar "
            f"for them, or leave out {asked}",
            key="report.profile",
        )
    chosen["group"] = group_column
    return BuildConfig(
        **chosen,
        outer_groups=tuple(outer_groups),
        labels=chosen_labels,
        title=given.get("title") or (preset.title if preset else default_title(chosen_labels)),
        covariates=_covariates(
            given.get("covariates", ()),
            given.get("factors", ()),
            (response_column, time_column, group_column),
        ),
        pair_from_user="pair" in given,
        mixed_pair_from_user="mixed_pair" in given,
        labels_from_user=tuple(label_fields),
        config_file=Path(config_file) if config_file is not None else None,
        pair_origins=(
            _pair_origin("pair", "--pair", from_file if explicit["pair"] is None else {}, config_file),
            _pair_origin(
                "mixed_pair", "--mixed-pair", from_file if explicit["mixed_pair"] is None else {}, config_file
            ),
        ),
    )


def default_title(labels: Labels) -> str:
    """The title of a report given none (a binomial or Poisson report's: narrative.family.report_title)."""
    return f"Linear mixed models: {labels.response} over {labels.time}"


def is_bundled_data(path: Path) -> bool:
    """Whether ``path`` is the sleepstudy data reportgen ships (the file, or a byte-identical copy)."""
    import hashlib

    bundled = bundled_data_path()
    try:
        if path.resolve() == bundled.resolve():
            return True
        if not path.is_file() or path.stat().st_size != bundled.stat().st_size:
            return False
        return hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(bundled.read_bytes()).digest()
    except OSError:
        return False


def _check_text(texts: Mapping[str, Any]) -> None:
    """Refuse words shown in the report that are not Unicode (bytes that are not UTF-8 on the
    command line arrive as lone surrogates, which no page or file can hold).

    Raises:
        ConfigError: naming the setting.
    """
    for key, value in texts.items():
        if isinstance(value, str) and re.search("[\ud800-\udfff]", value):
            shown = printable(value[:40])
            raise ConfigError(
                f"{key} holds bytes that are not UTF-8 ({shown!r}); give it as UTF-8 text", key=key
            )


def checked_argument(name: str, value: Any) -> Any:
    """An explicit argument of the build setting ``name`` (``out_dir``) as the CLI takes it: the
    notebook API refuses what ``build`` refuses, with the same line.

    Raises:
        ConfigError: as for the CLI's option (an empty ``--out``...).
    """
    return _argument(BUILD_SETTINGS[name], value)


def _argument(setting: Setting, value: Any) -> Any:
    """An explicit argument as a setting, or ``None`` for "not given" (an empty list included).

    Raises:
        ConfigError: an empty name where one is needed, or a value its check refuses.
    """
    if setting.many:
        if isinstance(value, str | Path):
            value = (value,)  # covariates="sex" is one column, not three letters
        if value is not None and not isinstance(value, Iterable):  # covariates=5: one clear line
            raise ConfigError(f"{setting.name} must be a list, not {value!r}", key=setting.name)
        if setting.check is as_columns and value and not all(isinstance(v, str) for v in value):
            return _convert_argument(setting.name, list(value), as_columns)  # covariates=[1]
        return tuple(value) if value else None
    wrong_type = (setting.check is as_bool and type(value) is not bool) or (
        setting.check in (as_name, as_text) and not isinstance(value, str)
    )
    if value is not None and wrong_type and setting.check is not None:  # sheet=1.5, cache=0: one line
        return _convert_argument(setting.name, value, setting.check)
    if setting.kind in ("path", "folder") and value is not None:
        if not isinstance(value, str | os.PathLike) or "\0" in str(value):  # no path holds a NUL
            shown = printable(repr(value))[:80]
            raise ConfigError(
                f"{setting.name} must be a path (a str or a Path), not {shown}", key=setting.name
            )
    if setting.empty and isinstance(value, str | Path) and not str(value).strip():
        # Path("") is the current folder: an empty --out would write there unasked.
        raise ConfigError(f"{setting.flags[0]} must not be empty; name a {setting.empty}")
    if setting.check_argument and setting.check is not None:
        return _convert_argument(setting.name, value, setting.argument_check or setting.check)
    return value


def _chosen(setting: Setting, given: Mapping[str, Any], preset: Preset | None) -> Any:
    """A setting's value: given (argument or file), else the preset's, else the default."""
    if setting.name in given:
        value = given[setting.name]
    elif preset is not None and setting.preset:
        value = getattr(preset, setting.name)
    elif setting.default_factory is not None:
        value = setting.default_factory()
    else:
        value = setting.default
    return setting.finish(value) if setting.finish is not None else value


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
