"""--log-response on the command line and in reportgen.toml: refused in one line where a log does not
exist, and the response named as its log."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reportgen.config import make_config
from reportgen.prepare import prepare
from tests.support.contract import assert_one_error, csv, run_cli, sleepstudy


def test_a_response_at_or_below_zero_is_refused_in_one_line(tmp_path: Path) -> None:
    data = csv(tmp_path, sleepstudy(Reaction=lambda f: f["Reaction"].where(f.index != 7, -1.0)))
    run = run_cli(
        "build", "--data", data, "--out", str(tmp_path / "out"), "--format", "html", "--log-response"
    )
    assert_one_error(run, "--log-response needs a response above 0", "column 'Reaction'", "line 9")


def test_log_response_in_the_config_file_must_be_true_or_false(tmp_path: Path) -> None:
    (tmp_path / "reportgen.toml").write_text('[model]\nlog_response = "yes"\n')
    run = run_cli("build", "--config", str(tmp_path / "reportgen.toml"), "--format", "html")
    assert_one_error(run, "log_response", "true or false")


@pytest.mark.parametrize("logged", [True, False])
def test_the_response_is_named_as_its_log(logged: bool) -> None:
    frame = sleepstudy()
    config = make_config(response="Reaction", time="Days", group="Subject", log_response=logged)
    labels = prepare(frame, config).config.labels
    assert labels.response.startswith("log ") is logged
    assert (labels.response_unit == "") is logged


def test_clean_takes_the_log_of_every_kept_response() -> None:
    from reportgen.clean import clean

    frame = sleepstudy().astype({"Subject": str})
    config = make_config(response="Reaction", time="Days", group="Subject", log_response=True)
    prepared = prepare(frame, config)
    data = clean(prepared.frame, prepared.config)
    plain = clean(prepared.frame, make_config(response="Reaction", time="Days", group="Subject"))
    assert np.allclose(data.frame["response"], np.log(plain.frame["response"]))
