"""Issue 21's smaller wording items, read on the studies that showed them (R data sets via Rscript)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.analysed import analysed_sections
from tests.support.r_datasets import r_dataset

pytestmark = pytest.mark.slow


def _words(
    package: str, name: str, response: str, time: str, group: str, covariates: tuple[str, ...] = ()
) -> tuple[str, dict[str, Any]]:
    """Every sentence of the study's report as text, with its labels taken from the columns."""
    from reportgen.config import make_config

    raw = r_dataset(name, package)
    frame = raw[[response, time, group, *covariates]].rename(
        columns={response: "response", time: "time", group: "group"}
    )
    frame = frame.assign(group=frame["group"].astype(str))
    labels = {"response": response, "time": time, "group": group}
    config = make_config(
        response="response",
        time="time",
        group="group",
        labels=labels,
        formats=("html",),
        covariates=covariates or None,
    )
    # The words of the sections the report shows, as the pipeline gives them (a count study's
    # report words no linear section).
    _, results, sentences = analysed_sections(frame, config)
    text = " ".join(s for v in sentences.values() for s in v)
    return text, results


@pytest.fixture(scope="module")
def co2() -> tuple[str, dict[str, Any]]:
    return _words("datasets", "CO2", "uptake", "conc", "Plant", ("Type",))


def test_co2_speaks_of_conc_not_time(co2: tuple[str, dict[str, Any]]) -> None:
    text, _ = co2
    assert "the first observed time" not in text and "the lowest observed conc" in text
    assert "with time" not in text and "over time" not in text


def test_co2_numerator_degrees_of_freedom_are_whole(co2: tuple[str, dict[str, Any]]) -> None:
    text, _ = co2
    assert " on 1 and " in text and " on 1.0 and " not in text


def test_co2_uptake_is_not_called_roughly_symmetric(co2: tuple[str, dict[str, Any]]) -> None:
    text, results = co2
    assert results["describe"]["response_bimodality"] > 5 / 9
    assert "flat or two-humped" in text and "roughly symmetric" not in text


def test_co2_random_slopes_from_a_singular_fit_are_not_denied(co2: tuple[str, dict[str, Any]]) -> None:
    text, results = co2
    assert results["comparison"]["lrt_p_boundary"] < 0.05  # 0.010, with the correlation at 1
    # The correlated test decides (the same wherever conc starts): slopes differ, described by the
    # uncorrelated refit the report stands on.
    assert results["model_choice"]["random_effects"] == "uncorrelated_slope"
    # conc is not time: "where they start" and "how fast" are said of the axis (issue 21, fifth read).
    assert "differ both in their level at the lowest conc and in how steeply they change with conc" in text
    assert "find no clear differences between plants in how steeply they change" not in text
    assert "how fast they change" not in text


def test_co2_plants_fan_out_so_they_do_not_differ_mainly_in_where_they_start(
    co2: tuple[str, dict[str, Any]],
) -> None:
    text, results = co2
    design = results["describe"]["design"]
    assert design["sd_at_first"] == pytest.approx(2.735111, abs=1e-5)  # R: sd(CO2$uptake[CO2$conc == 95])
    assert design["sd_at_last"] == pytest.approx(10.41187, abs=1e-4)  # and at conc == 1000
    assert "differ mainly in their level at the lowest conc" not in text
    assert "where they start" not in text  # said of conc, not time


def test_ovary_follicles_wave_over_the_cycle_and_co2_does_not(co2: tuple[str, dict[str, Any]]) -> None:
    text, results = _words("nlme", "Ovary", "follicles", "Time", "Mare")
    waves = results["waves"]
    assert waves["cyclic"] and 0.0 < waves["trough"] < 0.3 < 0.5 < waves["peak"] < 0.9
    # The observed means cycle; the report words a wave only where the chosen shape's residual
    # means still cycle (Ovary's natural spline follows the cycle: no wave left, none worded).
    left = results["residual_waves"]["cyclic"]
    assert ("a clear trough near time" in text) == left == ("a wave in the residual means" in text)
    assert not co2[1]["waves"]["cyclic"] and "a wave" not in co2[0]


def test_rabbits_count_six_doses_and_few_animals() -> None:
    text, results = _words("MASS", "Rabbit", "BPchange", "Dose", "Animal")
    assert results["describe"]["design"]["time_points"] == 6
    assert "measured at the same 6 values of dose, with 12 observations each" in text
    assert "5 animals only" in text and "very imprecise" in text
    assert "strongly correlated" not in text  # ICC 9.9%


def test_orange_intercepts_at_age_zero_are_extrapolations_and_the_singular_note_names_the_model() -> None:
    text, results = _words("datasets", "Orange", "circumference", "age", "Tree")
    assert results["model_choice"]["random_effects"] == "uncorrelated_slope"
    assert "an intercept lies below 0, where no circumference measured comes near" in text
    assert "read the simpler model instead" not in text and "singular too" in text


def test_seizure_counts_print_without_decimals() -> None:
    text, _ = _words("MASS", "epil", "y", "period", "subject")
    assert "y from 0 to 102" in text and "median of 4." in text
