"""--lang and [report] lang (issue 25 item 9): a language without a catalogue is one clear line,
non-zero exit, before anything is read or written."""

from __future__ import annotations

from pathlib import Path

from reportgen.config import make_config
from tests.support.contract import assert_one_error, run_cli


def test_an_unknown_language_on_the_command_line_is_one_line(tmp_path: Path) -> None:
    run = run_cli("build", "--lang", "xx", "--out", str(tmp_path / "out"))
    assert_one_error(run, "lang must be one of en, de", "'xx'")
    assert not (tmp_path / "out").exists()


def test_an_unknown_language_in_the_config_file_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "reportgen.toml"
    config.write_text('[report]\nlang = "fr"\n')
    run = run_cli("build", "--config", str(config), "--out", str(tmp_path / "out"))
    assert_one_error(run, "'lang' in", "[report] must be one of en, de", '"fr"')


def test_the_language_comes_from_the_file_and_the_option_wins(tmp_path: Path) -> None:
    config = tmp_path / "reportgen.toml"
    config.write_text('[report]\nlang = "de"\n')
    assert make_config(config_file=config).lang == "de"
    assert make_config(config_file=config, lang="en").lang == "en"
    assert make_config().lang == "en"


def test_the_group_plural_is_a_label_of_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "reportgen.toml"
    config.write_text('[report]\nlang = "de"\n[labels]\ngroup = "Proband"\ngroup_plural = "Probanden"\n')
    labels = make_config(config_file=config).labels
    assert (labels.group, labels.group_plural) == ("Proband", "Probanden")
    assert make_config().labels.group_plural == ""
