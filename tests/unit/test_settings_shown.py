"""The appendix's "Settings used" as a user writes them: options and reportgen.toml keys with their
values as typed, never Python's tuples, empty lists or reportgen's own bookkeeping."""

from __future__ import annotations

from reportgen.settings_shown import ShownSetting, settings_as_written, shown_setting


def test_a_pair_is_written_as_its_option_takes_it() -> None:
    assert shown_setting("pair", ["308", "309"]) == ShownSetting("pair", "--pair", "308,309")
    assert shown_setting("mixed_pair", ("371", "337")) == ShownSetting(
        "mixed_pair", "--mixed-pair", "371,337"
    )


def test_a_switch_is_its_on_or_off_option() -> None:
    assert shown_setting("log_response", True) == ShownSetting("log_response", "--log-response", "")
    assert shown_setting("log_response", False) == ShownSetting("log_response", "--no-log-response", "")


def test_a_setting_only_in_the_config_file_is_named_by_its_table_and_key() -> None:
    assert shown_setting("zero_is_missing", True) == ShownSetting(
        "zero_is_missing", "[data] zero_is_missing", "true"
    )
    assert shown_setting("zero_is_missing", False).value == "false"  # type: ignore[union-attr]


def test_lists_are_joined_and_labels_are_their_keys() -> None:
    assert shown_setting("covariates", ["Sex", "age"]) == ShownSetting(
        "covariates", "--covariate", "Sex, age"
    )
    labels = shown_setting("labels", {"response": "Reaction time", "response_unit": "ms"})
    assert labels == ShownSetting("labels", "[labels]", "response = Reaction time; response_unit = ms")


def test_bookkeeping_and_settings_not_given_are_left_out() -> None:
    config = {
        "data_path": "sleepstudy.csv",
        "pair": ["308", "309"],
        "pair_from_user": False,
        "labels_from_user": [],
        "head_rows": 5,
        "first_subjects": 10,
        "covariates": [],
        "code": None,
        "out_dir": None,
        "sheet": "",
    }
    assert settings_as_written(config) == [
        ShownSetting("data_path", "--data", "sleepstudy.csv"),
        ShownSetting("pair", "--pair", "308,309"),
    ]


def test_a_nested_group_is_shown_as_given() -> None:
    # Final read: the settings said --group patient for --group clinic/patient (ids repeat across
    # clinics, so a rebuild from them would merge patients).
    rows = {row.name: row for row in settings_as_written({"group": "patient", "outer_groups": ["clinic"]})}
    assert rows["group"].value == "clinic/patient"
    assert settings_as_written({"group": "patient"})[0].value == "patient"
