"""The settings table drives the config file's reader, make_config, the shared options and the reference."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path
from types import ModuleType

import click
import pytest

from reportgen.cli import cli, data_options, output_options, recipient_options, report_options, smtp_options
from reportgen.config import BuildConfig, make_config, read_config_file
from reportgen.errors import ConfigError
from reportgen.settings import BUILD_SETTINGS, SETTINGS, TABLES, Setting, as_name

REPO = Path(__file__).resolve().parents[2]
DECORATORS = {
    "data": data_options,
    "output": output_options,
    "report": report_options,
    "recipients": recipient_options,
    "smtp": smtp_options,
}


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "config_tables", REPO / "docs" / "hooks" / "config_tables.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _options(group: str) -> list[click.Option]:
    decorated = click.command()(DECORATORS[group](lambda **_: None))
    return [p for p in decorated.params if isinstance(p, click.Option)]


def test_each_setting_is_one_entry() -> None:
    keys = [(s.table, s.key) for s in SETTINGS if s.table]
    assert len(keys) == len(set(keys))
    flags = [flag for s in SETTINGS for flag in s.flags]
    assert len(flags) == len(set(flags))
    assert {s.group for s in SETTINGS if s.flags} == set(DECORATORS)


@pytest.mark.parametrize("group", sorted(DECORATORS))
def test_shared_options_are_the_table_entries_of_their_group(group: str) -> None:
    entries = [s for s in SETTINGS if s.group == group]
    options = _options(group)
    assert [o.name for o in options] == [s.name for s in entries]
    for option, setting in zip(options, entries, strict=True):
        assert option.help == setting.help
        assert option.opts[0] == setting.flags[0].split("/")[0]
        assert option.multiple == setting.many
        if setting.choices:
            assert isinstance(option.type, click.Choice) and tuple(option.type.choices) == setting.choices


def test_commands_carry_the_shared_options() -> None:
    for command, groups in {
        "build": ("data", "output", "report"),
        "cohorts": ("data", "output", "report"),
        "preview": ("data", "report"),
        "email": ("recipients", "smtp"),
    }.items():
        names = {p.name for p in cli.commands[command].params}
        assert {s.name for s in SETTINGS if s.group in groups} <= names, command


def test_make_config_takes_exactly_the_build_settings() -> None:
    fields = {f.name for f in dataclasses.fields(BuildConfig)}
    assert set(BUILD_SETTINGS) <= fields
    for field in dataclasses.fields(BuildConfig):
        setting = BUILD_SETTINGS.get(field.name)
        if setting is not None and field.default is not dataclasses.MISSING and not setting.preset:
            assert setting.default == field.default, field.name
    with pytest.raises(TypeError, match="unexpected keyword argument 'decimal'"):
        make_config(decimal=3)


def test_defaults_and_preset_follow_the_table() -> None:
    plain = make_config(response="y", time="t", group="g")
    assert (plain.decimals, plain.engine, plain.paper, plain.out_dir) == (2, "exact", "A4", Path("output"))
    assert plain.pair is None and plain.zero_is_missing is False and plain.source == ""
    seminar = make_config()
    assert seminar.pair == ("308", "309") and seminar.zero_is_missing is True


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s.table], ids=lambda s: f"{s.table}.{s.key}")
def test_every_file_key_is_checked_by_its_entry(setting: Setting, tmp_path: Path) -> None:
    # An array of arrays is wrong for every key: one line naming the key, never a traceback.
    path = tmp_path / "reportgen.toml"
    path.write_text(f"[{setting.table}]\n{setting.key} = [[1]]\n")
    with pytest.raises(ConfigError, match=rf"^'{setting.key}' in .* \[{setting.table}\] must be "):
        read_config_file(path)


def test_a_list_separator_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "reportgen.toml"
    path.write_text('[data]\nseparator = [","]\n')
    with pytest.raises(
        ConfigError, match=r"'separator' in .* must be one of: \",\", \";\", \"tab\", \"\|\"; got"
    ):
        read_config_file(path)


def test_an_argument_is_checked_by_its_entry() -> None:
    with pytest.raises(ConfigError, match=r"^engine must be one of: \"exact\", \"statsmodels\", not 'fast'$"):
        make_config(engine="fast")
    with pytest.raises(ConfigError, match=r"^--out must not be empty; name a folder$"):
        make_config(out_dir=" ")


def test_a_new_entry_reaches_the_reader_and_the_reference(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    extra = Setting(
        "tint", "report", "tint", as_name, value="text", shown_default="`grey`", meaning="the tint"
    )
    monkeypatch.setitem(TABLES["report"], "tint", extra)
    path = tmp_path / "reportgen.toml"
    path.write_text('[report]\ntint = "blue"\n')
    assert read_config_file(path)["tint"] == "blue"
    table = _hook().render_table("report")
    assert table.splitlines()[-1] == "| `tint` | text | `grey` | | the tint |"


def test_reference_rows_follow_the_table() -> None:
    hook = _hook()
    for table, entries in TABLES.items():
        rendered = hook.render_table(table).splitlines()
        assert [row.split(" | ")[0] for row in rendered[2:]] == [f"| `{key}`" for key in entries]
    labels = hook.render_table("labels").splitlines()[0]
    assert labels == "| key | value | meaning |"
    with pytest.raises(hook.SettingsError, match="no settings table \\[colour\\]; the tables are: data, "):
        hook.render_table("colour")
    page = hook.render_page("## x\n\n<!-- settings: pairs -->\n")
    assert "| `mixed_pair` | two subject ids as strings |" in page
