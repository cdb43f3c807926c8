"""reportgen.toml: reading, checking, and merging it with defaults, the preset and the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportgen.cli import cli
from reportgen.config import (
    SLEEPSTUDY,
    Labels,
    bundled_data_path,
    find_config_file,
    make_config,
    read_config_file,
)
from reportgen.errors import ConfigError, ReportError
from reportgen.examples import write_growth
from tests.conftest import REPO
from tests.support.rendered import rendered_numbers


def write_toml(folder: Path, text: str, name: str = "reportgen.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def number(html: Path, key: str) -> str:
    (text,) = {text for k, text in rendered_numbers(html) if k == key}
    return text


# --- precedence: defaults < sleepstudy preset < config file < explicit arguments ---------------------


def test_defaults_and_preset_without_a_file() -> None:
    config = make_config()
    assert config.data_path == bundled_data_path()
    assert (config.response, config.time, config.group) == ("Reaction", "Days", "Subject")
    assert config.out_dir == Path("output") and config.author == "reportgen" and config.decimals == 2
    assert config.formats == ("html", "pdf")
    assert config.labels == SLEEPSTUDY.labels and config.title == SLEEPSTUDY.title
    assert (config.pair, config.mixed_pair, config.zero_is_missing) == (("308", "309"), ("371", "337"), True)
    assert not config.pair_from_user and not config.mixed_pair_from_user


def test_file_overrides_the_preset_and_keeps_the_rest(tmp_path: Path) -> None:
    path = write_toml(
        tmp_path,
        '[report]\ntitle = "From the file"\ndecimals = 4\n\n[pairs]\npair = ["330", "331"]\n\n'
        "[data]\nzero_is_missing = false\n",
    )
    config = make_config(config_file=path)
    assert config.title == "From the file" and config.decimals == 4 and config.zero_is_missing is False
    assert config.pair == ("330", "331") and config.pair_from_user
    assert config.mixed_pair == SLEEPSTUDY.mixed_pair and not config.mixed_pair_from_user
    assert config.labels == SLEEPSTUDY.labels  # the columns are still sleepstudy's
    assert config.author == "reportgen" and config.out_dir == Path("output")  # defaults: not file-relative


def test_file_overrides_defaults(tmp_path: Path) -> None:
    path = write_toml(tmp_path, '[report]\nauthor = "Ada"\nformats = ["html", "html"]\nout = "/abs/site"\n')
    config = make_config(config_file=path)
    assert config.author == "Ada" and config.formats == ("html",) and config.out_dir == Path("/abs/site")


def test_arguments_override_the_file(tmp_path: Path) -> None:
    path = write_toml(
        tmp_path,
        '[report]\ntitle = "File"\ndecimals = 4\nauthor = "File author"\nformats = ["pdf"]\n'
        '[pairs]\nmixed_pair = ["308", "309"]\n[labels]\nresponse_unit = "s"\n',
    )
    config = make_config(
        config_file=path,
        title="CLI",
        decimals=0,
        formats=("html",),
        mixed_pair=("330", "331"),
        out_dir="cli-out",
        labels={"time_unit": "night"},
    )
    assert (config.title, config.decimals, config.formats) == ("CLI", 0, ("html",))
    assert config.mixed_pair == ("330", "331") and config.mixed_pair_from_user
    assert config.out_dir == Path("cli-out")
    assert config.author == "File author"  # not given as an argument: the file's
    assert (config.labels.response_unit, config.labels.time_unit) == ("s", "night")  # field by field


def test_arguments_not_given_do_not_override_the_file(tmp_path: Path) -> None:
    """What the CLI passes for options left out (None, an empty --format) keeps the file's values."""
    path = write_toml(
        tmp_path,
        '[data]\nresponse = "height"\ntime = "age"\ngroup = "child"\n'
        '[report]\nformats = ["html"]\nout = "site"\nauthor = "Ada"\ndecimals = 3\n',
    )
    config = make_config(
        config_file=path,
        data_path=None,
        out_dir=None,
        response=None,
        time=None,
        group=None,
        pair=None,
        mixed_pair=None,
        formats=(),
        title=None,
        author=None,
        decimals=None,
    )
    assert (config.response, config.time, config.group) == ("height", "age", "child")
    assert config.formats == ("html",) and config.out_dir == tmp_path / "site"
    assert config.author == "Ada" and config.decimals == 3


def test_other_columns_in_the_file_switch_the_preset_off(tmp_path: Path) -> None:
    path = write_toml(tmp_path, '[data]\nresponse = "height"\ntime = "age"\ngroup = "child"\n')
    config = make_config(config_file=path)
    assert config.labels == Labels("height", "", "age", "", "child")
    assert config.title == "Linear mixed models: height over age"
    assert (config.pair, config.mixed_pair, config.zero_is_missing) == (None, None, False)


def test_columns_on_the_command_line_decide_the_preset(tmp_path: Path) -> None:
    path = write_toml(tmp_path, '[data]\nresponse = "height"\ntime = "age"\ngroup = "child"\n')
    config = make_config(config_file=path, response="Reaction", time="Days", group="Subject")
    assert config.labels == SLEEPSTUDY.labels and config.zero_is_missing


def test_file_labels_set_some_fields_over_the_preset_or_the_column_names(tmp_path: Path) -> None:
    sleep = make_config(config_file=write_toml(tmp_path / "a", '[labels]\nresponse_unit = "s"\n'))
    assert sleep.labels == Labels("Reaction time", "s", "Days of sleep deprivation", "day", "Subject")
    growth = make_config(
        config_file=write_toml(
            tmp_path / "b", '[data]\nresponse = "height"\n[labels]\nresponse = "Height"\n'
        ),
        time="age",
        group="child",
    )
    assert growth.labels == Labels("Height", "", "age", "", "child")
    assert growth.title == "Linear mixed models: Height over age"


def test_make_config_keyword_api_still_works(tmp_path: Path) -> None:
    config = make_config(
        data_path=tmp_path / "g.csv",
        out_dir=tmp_path / "o",
        response="score",
        time="week",
        group="child",
        pair=("a", "b"),
        formats=("html",),
    )
    assert config.data_path == tmp_path / "g.csv" and config.pair == ("a", "b") and config.pair_from_user
    assert config.formats == ("html",) and config.labels == Labels("score", "", "week", "", "child")
    with pytest.raises(AttributeError):
        config.decimals = 3  # type: ignore[misc]  # still frozen


# --- paths ---------------------------------------------------------------------------------------


def test_relative_paths_resolve_against_the_file_folder(tmp_path: Path) -> None:
    path = write_toml(tmp_path / "project", '[data]\npath = "data/g.csv"\n[report]\nout = "build"\n')
    config = make_config(config_file=path)
    assert config.data_path == tmp_path / "project" / "data" / "g.csv"
    assert config.out_dir == tmp_path / "project" / "build"
    # an option on the command line is relative to where the command runs, as usual
    assert make_config(config_file=path, data_path="here.csv").data_path == Path("here.csv")


def test_absolute_data_path_is_kept(tmp_path: Path) -> None:
    data = tmp_path / "elsewhere" / "g.csv"
    path = write_toml(tmp_path / "project", f"[data]\npath = {json.dumps(str(data))}\n")
    assert make_config(config_file=path).data_path == data


def test_config_file_is_found_in_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert find_config_file() is None
    (tmp_path / "reportgen.toml").mkdir()  # a folder of that name is not a config file
    assert find_config_file() is None
    (tmp_path / "reportgen.toml").rmdir()
    write_toml(tmp_path, "")
    assert find_config_file() == Path("reportgen.toml")
    assert find_config_file("other.toml") == Path("other.toml")  # named: used even if missing
    assert find_config_file(folder=tmp_path) == tmp_path / "reportgen.toml"


def test_empty_file_changes_nothing(tmp_path: Path) -> None:
    assert read_config_file(write_toml(tmp_path, "# nothing yet\n")) == {}
    assert make_config(config_file=tmp_path / "reportgen.toml") == make_config()


# --- bad files: one line naming the file, the key and how to fix it ------------------------------


def config_error(tmp_path: Path, text: str) -> ConfigError:
    path = write_toml(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        make_config(config_file=path)
    assert isinstance(info.value, ReportError) and info.value.path == str(path)
    assert "\n" not in str(info.value)
    return info.value


def test_unknown_key_names_it_and_lists_the_valid_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_toml(tmp_path, '[data]\nrespnse = "height"\n')
    with pytest.raises(ConfigError) as info:
        make_config(config_file=find_config_file())
    assert str(info.value) == (
        "unknown key 'respnse' in reportgen.toml [data]; valid keys are: "
        "path, response, time, group, crossed, zero_is_missing, source, "
        "sheet, separator, wide, wide_times, date_unit, study_start"
    )
    assert info.value.key == "data.respnse"


def test_misplaced_key_says_where_it_belongs(tmp_path: Path) -> None:
    error = config_error(tmp_path, '[data]\ntitle = "x"\n')
    assert str(error).endswith(
        "valid keys are: path, response, time, group, crossed, zero_is_missing, source, "
        "sheet, separator, wide, wide_times, date_unit, study_start; 'title' belongs in [report]"
    )
    error = config_error(tmp_path, "decimals = 3\n")
    assert str(error) == (
        f"unknown top-level key 'decimals' in {tmp_path / 'reportgen.toml'}; valid tables are: "
        "[data], [labels], [report], [model], [pairs], [email], [theme]; 'decimals' belongs in [report]"
    )


def test_unknown_table(tmp_path: Path) -> None:
    error = config_error(tmp_path, '[lables]\nresponse = "Height"\n')
    assert str(error) == (
        f"unknown table 'lables' in {tmp_path / 'reportgen.toml'}; valid tables are: "
        "[data], [labels], [report], [model], [pairs], [email], [theme]"
    )
    assert error.key == "lables"


def test_invalid_toml_names_the_file_and_the_line(tmp_path: Path) -> None:
    error = config_error(tmp_path, '[data]\npath = "g.csv"\nresponse = \n')
    assert str(error) == f"invalid TOML in {tmp_path / 'reportgen.toml'} on line 3, column 12: invalid value"
    error = config_error(tmp_path, '[report]\ntitle = "unclosed\n')
    assert re.fullmatch(r"invalid TOML in .*reportgen\.toml on line 2, column \d+: .+", str(error)), error


WRONG_TYPES = {
    "decimals as text": (
        '[report]\ndecimals = "3"',
        "report.decimals",
        'must be an integer from 0 to 6; got "3"',
    ),
    "decimals too big": (
        "[report]\ndecimals = 7",
        "report.decimals",
        "must be an integer from 0 to 6; got 7",
    ),
    "decimals negative": (
        "[report]\ndecimals = -1",
        "report.decimals",
        "must be an integer from 0 to 6; got -1",
    ),
    "decimals bool": (
        "[report]\ndecimals = true",
        "report.decimals",
        "must be an integer from 0 to 6; got true",
    ),
    "decimals float": (
        "[report]\ndecimals = 2.0",
        "report.decimals",
        "must be an integer from 0 to 6; got 2.0",
    ),
    "zero rule as text": (
        '[data]\nzero_is_missing = "yes"',
        "data.zero_is_missing",
        'must be true or false; got "yes"',
    ),
    "column as number": ("[data]\nresponse = 3", "data.response", "must be a non-empty string; got 3"),
    "empty column": ('[data]\ngroup = ""', "data.group", 'must be a non-empty string; got ""'),
    "path as list": ('[data]\npath = ["a.csv"]', "data.path", 'must be a non-empty string; got ["a.csv"]'),
    "unit as number": (
        "[labels]\nresponse_unit = 1",
        "labels.response_unit",
        'must be a string ("" for none); got 1',
    ),
    "format as string": (
        '[report]\nformats = "html"',
        "report.formats",
        'must be a non-empty list of formats from: "html", "pdf", "docx"; got "html"',
    ),
    "unknown format": (
        '[report]\nformats = ["html", "odt"]',
        "report.formats",
        'must be a non-empty list of formats from: "html", "pdf", "docx"; got ["html", "odt"]',
    ),
    "no formats": ("[report]\nformats = []", "report.formats", "must be a non-empty list of formats"),
    "pair of numbers": (
        "[pairs]\npair = [308, 309]",
        "pairs.pair",
        'must be two different subject ids as strings, e.g. ["308", "309"]; got [308, 309]',
    ),
    "pair of three": ('[pairs]\npair = ["1", "2", "3"]', "pairs.pair", 'got ["1", "2", "3"]'),
    "pair twice the same": (
        '[pairs]\nmixed_pair = ["308", "308"]',
        "pairs.mixed_pair",
        "two different subject ids",
    ),
    "table as a value": (
        'data = "g.csv"',
        "data",
        "'data' in {file} must be a table, [data], with keys: path, ",
    ),
}


@pytest.mark.parametrize("case", WRONG_TYPES, ids=list(WRONG_TYPES))
def test_wrong_types_name_the_key_and_what_it_must_be(tmp_path: Path, case: str) -> None:
    text, key, expected = WRONG_TYPES[case]
    error = config_error(tmp_path, text + "\n")
    table, _, name = key.partition(".")
    if name:
        assert str(error).startswith(f"'{name}' in {tmp_path / 'reportgen.toml'} [{table}] ")
    assert expected.format(file=tmp_path / "reportgen.toml") in str(error)
    assert error.key == key


def test_missing_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^config file '.*nope\.toml' not found; check the --config path$"):
        make_config(config_file=tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match=r"is a folder, not a TOML file$"):
        make_config(config_file=tmp_path)
    (tmp_path / "latin.toml").write_bytes('[report]\nauthor = "J\xe9r\xf4me"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match=r"latin\.toml' is not UTF-8 text; save it as UTF-8$"):
        make_config(config_file=tmp_path / "latin.toml")
    # Notepad's UTF-8 starts with a byte-order mark: read as UTF-8, not a syntax error at column 1
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + '[report]\nauthor = "J\u00e9r\u00f4me"\n'.encode())
    assert make_config(config_file=tmp_path / "bom.toml").author == "J\u00e9r\u00f4me"


def test_bad_explicit_settings() -> None:
    with pytest.raises(ConfigError, match=r"^decimals must be an integer from 0 to 6, not 7$"):
        make_config(decimals=7)
    with pytest.raises(ConfigError, match=r"^unknown format 'odt'; choose from: html, pdf, docx$"):
        make_config(formats=("odt",))
    with pytest.raises(ConfigError, match=r"^unknown label 'unit'; valid labels are: response, "):
        make_config(labels={"unit": "cm"})


# --- the command line ----------------------------------------------------------------------------


BAD_CONFIGS = {
    "unknown key": (
        '[data]\nrespnse = "x"\n',
        [],
        "Error: unknown key 'respnse' in reportgen.toml [data]; valid keys are: "
        "path, response, time, group, crossed, zero_is_missing, source, "
        "sheet, separator, wide, wide_times, date_unit, study_start",
    ),
    "invalid toml": (
        "[report]\ndecimals = \n",
        [],
        "Error: invalid TOML in reportgen.toml on line 2, column 12: invalid value",
    ),
    "wrong type": (
        '[report]\ndecimals = "3"\n',
        [],
        "Error: 'decimals' in reportgen.toml [report] must be an integer from 0 to 6; got \"3\"",
    ),
    "missing --config": (
        "",
        ["--config", "missing.toml"],
        "Error: config file 'missing.toml' not found; check the --config path",
    ),
    "bad --decimals": ("", ["--decimals", "9"], "Error: decimals must be an integer from 0 to 6, not 9"),
    "--config names the bad file": (
        "",
        ["--config", "sub/other.toml"],
        "Error: unknown table 'report ' in sub/other.toml; valid tables are: "
        "[data], [labels], [report], [model], [pairs], [email], [theme]",
    ),
}


@pytest.mark.parametrize("case", BAD_CONFIGS, ids=list(BAD_CONFIGS))
def test_bad_config_is_one_error_line_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    text, args, expected = BAD_CONFIGS[case]
    monkeypatch.chdir(tmp_path)
    write_toml(tmp_path, text)
    write_toml(tmp_path / "sub", '["report "]\n', name="other.toml")
    result = invoke("build", "--out", str(tmp_path / "out"), *args)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [expected]
    assert result.stdout == "" and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_build_help_shows_the_config_options() -> None:
    result = invoke("build", "--help")
    assert result.exit_code == 0
    assert "--config PATH" in result.output and "--decimals INTEGER" in result.output


# --- the documentation's example is real -----------------------------------------------------------


def readme_toml() -> str:
    """The complete reportgen.toml of docs/how-to/config-file.md (it moved there from the README)."""
    page = (REPO / "docs" / "how-to" / "config-file.md").read_text(encoding="utf-8")
    return page.split("```toml", 1)[1].split("```", 1)[0]


def growth_csv(path: Path) -> None:
    """Twelve children measured once a year from age 2 to 10: the growth.csv of `reportgen examples`."""
    write_growth(path)


def test_readme_example_reads(tmp_path: Path) -> None:
    config = make_config(config_file=write_toml(tmp_path / "growth", readme_toml()))
    assert config.data_path == tmp_path / "growth" / "growth.csv"
    assert config.out_dir == tmp_path / "growth" / "report"
    assert (config.response, config.time, config.group) == ("height", "age", "child")
    assert config.labels == Labels("Height", "cm", "Age in years", "year", "Child")
    assert config.labels.rate() == "cm/year"
    assert (config.decimals, config.formats, config.zero_is_missing) == (1, ("html", "pdf"), False)
    assert config.pair == ("c01", "c07") and config.mixed_pair == ("c03", "c11")


def test_a_pair_is_said_to_come_from_where_it_was_given(tmp_path: Path) -> None:
    plain = write_toml(tmp_path, '[report]\ntitle = "T"\n')
    assert make_config(config_file=plain).pair_origins == ("--pair", "--mixed-pair")
    with_pairs = write_toml(tmp_path, '[pairs]\npair = ["308", "309"]\n')
    assert make_config(config_file=with_pairs).pair_origins == (
        f"pair in [pairs] of {with_pairs}",
        "--mixed-pair",
    )
    assert make_config(config_file=with_pairs, pair=("330", "331")).pair_origins[0] == "--pair"


def test_an_empty_author_in_the_file_is_refused_like_an_empty_title(tmp_path: Path) -> None:
    path = write_toml(tmp_path, '[report]\nauthor = ""\n')
    with pytest.raises(ConfigError, match=r"'author' in .* must be a non-empty string; got \"\""):
        make_config(config_file=path)


@pytest.mark.parametrize(
    ("text", "arguments", "asked"),
    [
        ('profile = "study"\nvariant = "handout"\n', {}, 'variant = "handout" in reportgen.toml [report]'),
        ('profile = "study"\ncode = true\n', {}, "code = true in reportgen.toml [report]"),
        ('profile = "study"\n', {"variant": "handout"}, "--variant handout"),
        ('profile = "study"\nvariant = "solutions"\n', {"code": True}, "--code"),
    ],
)
def test_a_study_conflict_names_where_it_was_set(
    tmp_path: Path, text: str, arguments: dict[str, object], asked: str
) -> None:
    """A conflict set in reportgen.toml was reported as "(--variant handout)", an option not given."""
    path = write_toml(tmp_path, "[report]\n" + text)
    with pytest.raises(ConfigError) as err:
        make_config(config_file=path, **arguments)  # type: ignore[arg-type]
    assert f"the study report has no questions, handout or code ({asked});" in str(err.value)
