"""The fuzzer (issue 12): Hypothesis generates CSVs (shapes, types, ids, extremes, missing values,
encodings, delimiters) and settings, runs the CLI and the library, and checks the contract: a
complete report whose every rendered number is its results.json value, or exactly one ``Error:``
line (a ``ReportError`` from the library) with nothing changed on disk.

CI runs a bounded profile (a fixed number of derandomized examples, a deadline per example);
``REPORTGEN_FUZZ=deep`` (or ``benchmarks/fuzz.py``) explores far more. Every failure it finds
becomes a regular case in test_hostile.py.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
import warnings
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.config import make_config
from reportgen.errors import ReportError, printable
from tests.support.contract import assert_complete_report, assert_contract, run_cli, tree_state

settings.register_profile(
    "ci",
    max_examples=10,
    deadline=timedelta(seconds=90),
    derandomize=True,  # the same examples on every CI run: no flaky builds
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "deep",
    max_examples=int(os.environ.get("REPORTGEN_FUZZ_EXAMPLES", "300")),
    deadline=timedelta(seconds=120),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = "deep" if os.environ.get("REPORTGEN_FUZZ") == "deep" else "ci"

WORDS = ["", " ", "NA", "null", "None", "n/a", "NaN", "nan", "inf", "-inf", "abc", "1,5", "0", "-0", "1e308"]
NUMBER_TEXT = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.floats(-1e6, 1e6).map(lambda x: f"{x:.3f}"),
    st.sampled_from(WORDS),
)
IDS = st.one_of(
    st.integers(0, 30).map(str),
    st.sampled_from(
        ["1", "1.0", "01", "NA", "", " ", "a", "A", "\x1b[31mred", "x\ny", "Café", "../x", "308"]
    ),
    st.text(max_size=6),
)
SCALES = [1e-80, 1e-45, 1e-6, 1.0, 1e6, 1e45, 1e80]
OFFSETS = [0.0, 1e3, 7.38e5, 1.7e9, -50.0]
HEADERS = [
    ["Reaction", "Days", "Subject"],
    ["Subject", "Reaction", "Days", "note"],
    ["Reaction", "Days", "Subject", "Days"],
    ["y", "t", "g"],
]


@st.composite
def datasets(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    """A CSV file's bytes and the column options naming its columns."""
    groups = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    per_group = draw(st.integers(1, 6))
    regular = draw(st.booleans())
    scale, offset = draw(st.sampled_from(SCALES)), draw(st.sampled_from(OFFSETS))
    slope = draw(st.floats(-10, 10))
    rows = []
    for index, group in enumerate(groups):
        for k in range(per_group):
            if regular:  # mostly valid: a line per group plus noise, at some scale and time offset
                noise = draw(st.floats(-5, 5))
                response = repr(scale * (100 + 7 * index + slope * k + noise))
                time = repr(offset + k)
            else:
                response, time = draw(NUMBER_TEXT), draw(NUMBER_TEXT)
            rows.append({"Reaction": response, "Days": time, "Subject": group})
    header = draw(st.sampled_from(HEADERS))
    names = (
        dict(zip(["Reaction", "Days", "Subject"], ["y", "t", "g"], strict=True)) if header[0] == "y" else {}
    )
    delimiter = draw(st.sampled_from([",", ",", ",", ";", "\t"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(next((k for k, v in names.items() if v == c), c), "") for c in header])
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    options = ["--response", "y", "--time", "t", "--group", "g"] if names else []
    return buffer.getvalue().encode(encoding, errors="replace"), options


SETTINGS = st.fixed_dictionaries(
    {},
    optional={
        "decimals": st.integers(0, 6),
        "title": st.text(max_size=20),
        "engine": st.sampled_from(["exact", "statsmodels"]),
        "pair": st.tuples(IDS, IDS),
    },
)


def cli_options(chosen: dict[str, object]) -> list[str]:
    options = []
    for key, value in chosen.items():
        if key == "pair":
            first, second = value  # type: ignore[misc]
            options += ["--pair", f"{first},{second}"]
        else:
            options += [f"--{key}", str(value)]
    return options


@pytest.fixture(scope="module")
def previous_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fuzz") / "previous"
    run = run_cli("build", "--out", str(out), "--format", "html")
    assert run.code == 0, run.stderr
    return out


@settings(settings.get_profile(PROFILE))
@given(dataset=datasets(), chosen=SETTINGS)
def test_cli_keeps_the_contract(
    previous_report: Path, dataset: tuple[bytes, list[str]], chosen: dict
) -> None:
    content, columns = dataset
    with tempfile.TemporaryDirectory() as folder:
        data, out = Path(folder) / "data.csv", Path(folder) / "out"
        data.write_bytes(content)
        shutil.copytree(previous_report, out)
        before = tree_state(out)
        args = ["build", "--out", str(out), "--format", "html", "--data", str(data), *columns]
        run = run_cli(*args, *cli_options(chosen))
        assert_contract(run, out, before)


@settings(settings.get_profile(PROFILE))
@given(dataset=datasets(), chosen=SETTINGS)
def test_library_keeps_the_contract(
    previous_report: Path, dataset: tuple[bytes, list[str]], chosen: dict
) -> None:
    from reportgen.pipeline import build_report

    content, columns = dataset
    named = dict(zip(columns[::2], columns[1::2], strict=True))
    with tempfile.TemporaryDirectory() as folder:
        data, out = Path(folder) / "data.csv", Path(folder) / "out"
        data.write_bytes(content)
        shutil.copytree(previous_report, out)
        before = tree_state(out)
        try:
            config = make_config(
                data_path=data,
                out_dir=out,
                formats=("html",),
                response=named.get("--response"),
                time=named.get("--time"),
                group=named.get("--group"),
                **chosen,
            )
            with warnings.catch_warnings():  # warnings are the CLI's to quieten; not part of this contract
                warnings.simplefilter("ignore")
                build_report(config)
        except ReportError as exc:
            assert "\n" not in printable(str(exc)) and str(exc).strip()
            assert tree_state(out) == before
        else:
            assert_complete_report(out)
