"""The fuzzer on the surfaces added in issue 22 (issue 23 item 9): data readers (CSV, Excel,
Parquet with odd bytes), config files (``reportgen.toml`` with odd values), preview requests (odd
paths, ``Host`` headers, methods, bytes) and the notebook API (random argument values).

Each case keeps the contract: a result, or one ``ReportError`` (one ``Error:`` line from the CLI),
never another exception, never a hang (an alarm ends a case that runs too long), nothing written
outside the output. Seeded and bounded like test_fuzz.py: the ``ci`` profile runs a fixed set of
derandomized examples; ``REPORTGEN_FUZZ=deep`` explores far more.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import signal
import socket
import warnings
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import reportgen
from reportgen.errors import ReportError, printable
from tests.support.contract import SLEEPSTUDY, assert_one_error, run_cli, tree_state

DEEP = os.environ.get("REPORTGEN_FUZZ") == "deep"


def profile(examples: int) -> settings:
    """``examples`` derandomized cases in CI (the same on every run), many random ones when deep."""
    return settings(
        max_examples=int(os.environ.get("REPORTGEN_FUZZ_EXAMPLES", "300")) if DEEP else examples,
        deadline=timedelta(seconds=60),
        derandomize=not DEEP,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


class Hang(BaseException):
    """Raised by the alarm: a case ran longer than it may (a BaseException, so no handler eats it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail a case that runs longer than ``seconds`` (a hang) instead of waiting for ever."""

    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def one_report_error(call: Callable[[], object], seconds: float = 30) -> object:
    """``call()``'s value, or ``None`` when it raised a one-line ``ReportError``; anything else fails."""
    try:
        with time_limit(seconds), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # warnings are the CLI's to quieten; not this contract
            return call()
    except ReportError as exc:
        message = printable(str(exc))
        assert message.strip() and "\n" not in message, repr(message)
        return None


# --- readers: valid files of each format with odd bytes ---------------------------------------------

SMALL = pd.read_csv(SLEEPSTUDY).query("Subject in (308, 309, 310, 330) and Days < 5").reset_index(drop=True)


def _encoded(kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "csv":
        return SMALL.to_csv(index=False).encode()
    if kind == "xlsx":
        SMALL.to_excel(buffer, index=False, sheet_name="Visits")
    else:
        SMALL.to_parquet(buffer)
    return buffer.getvalue()


VALID = {kind: _encoded(kind) for kind in ("csv", "xlsx", "parquet")}
ODD_BYTES = st.sampled_from(
    [
        b"\x00",
        b"\xff",
        b"\xef\xbb\xbf",
        b"\r",
        b"\n",
        b'"',
        b",",
        b";",
        b"\t",
        b"\xc3",
        b"\x1b[2J",
        b"PK\x03\x04",
        b"PAR1",
    ]
) | st.binary(min_size=1, max_size=8)


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid CSV, workbook or Parquet file, then bytes flipped, inserted, cut or repeated."""
    kind = draw(st.sampled_from(sorted(VALID)))
    content = bytearray(VALID[kind])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(content)))
        action = draw(st.sampled_from(["flip", "insert", "cut", "repeat"]))
        if action == "flip" and at < len(content):
            content[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            content[at:at] = draw(ODD_BYTES)
        elif action == "cut":
            del content[at:]
        else:
            content[at:at] = content[at : at + draw(st.integers(1, 200))] * draw(st.integers(1, 20))
    return kind, bytes(content)


DIMENSIONS = ["A1:XFD1048576", "A1:C21", "A1", "", "ZZZZ9", "A0:A0", "C21:A1", "A1:C999999999"]
CELL_TEXT = st.sampled_from(["inf", "-inf", "nan", "1e308", "", " ", "\x1b[2J", "Reaction", "1,5", "308"])


@st.composite
def odd_workbooks(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid workbook whose sheet XML is edited: its claimed dimension, cell values and types."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(VALID["xlsx"]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = content.decode()
                text = re.sub(
                    r'<dimension ref="[^"]*"', f'<dimension ref="{draw(st.sampled_from(DIMENSIONS))}"', text
                )
                values = list(re.finditer(r"<v>[^<]*</v>", text))
                for match in draw(
                    st.lists(st.sampled_from(values), max_size=4, unique_by=lambda m: m.start())
                ):
                    cell = draw(CELL_TEXT).replace("&", "&amp;").replace("<", "&lt;")
                    text = text.replace(match[0], f"<v>{cell}</v>", 1)
                if draw(st.booleans()):
                    text = text.replace('t="n"', 't="e"', 1).replace('t="s"', 't="str"', 1)
                content = text.encode()
            target.writestr(item, content)
    return "xlsx", buffer.getvalue()


COLUMN_VALUES = {
    "Reaction": st.sampled_from(
        [
            SMALL["Reaction"],
            SMALL["Reaction"].astype(str),
            SMALL["Reaction"].where(SMALL.index % 4 > 0, math.inf),
        ]
    ),
    "Days": st.sampled_from(
        [
            SMALL["Days"],
            SMALL["Days"].astype(float).where(SMALL.index % 5 > 0, math.inf),
            pd.Timestamp("2024-03-30", tz="Europe/Berlin") + pd.to_timedelta(SMALL["Days"], unit="D"),
            pd.Timestamp("2024-01-01") + pd.to_timedelta(SMALL["Days"], unit="h"),
            SMALL["Days"].astype(str) + " days",
        ]
    ),
    "Subject": st.sampled_from(
        [
            SMALL["Subject"],
            SMALL["Subject"].astype(str),
            SMALL["Subject"].astype("category"),
            SMALL["Subject"] * 0,
        ]
    ),
}


@st.composite
def odd_parquet(draw: st.DrawFn) -> tuple[str, bytes]:
    """A Parquet file of odd columns: inf, dates with a zone, categories, near-duplicate names, an index."""
    frame = pd.DataFrame(
        {name: draw(values).reset_index(drop=True) for name, values in COLUMN_VALUES.items()}
    )
    if draw(st.booleans()):
        frame[draw(st.sampled_from([" Reaction", "Reaction ", "days", "\x1b"]))] = 1.0
    if draw(st.booleans()):
        frame = frame.set_index(draw(st.sampled_from(["Subject", "Days"])))
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    return "parquet", buffer.getvalue()


@profile(120)
@given(
    case=st.one_of(damaged(), odd_workbooks(), odd_parquet()),
    sheet=st.none() | st.sampled_from(["Visits", "Sheet1", "\x00", "é"]),
)
def test_readers_keep_the_contract(tmp_path: Path, case: tuple[str, bytes], sheet: str | None) -> None:
    from reportgen.clean import clean
    from reportgen.config import make_config
    from reportgen.pipeline import read_source
    from reportgen.prepare import prepare

    kind, content = case
    path = tmp_path / f"data.{kind}"
    path.write_bytes(content)
    before = tree_state(tmp_path)

    def read_and_clean() -> object:
        config = make_config(
            data_path=path, sheet=sheet if kind == "xlsx" else None, out_dir=tmp_path / "out"
        )
        raw, _ = read_source(config)
        prepared = prepare(raw, config)
        return clean(prepared.frame, prepared.config)

    one_report_error(read_and_clean, seconds=20)
    assert tree_state(tmp_path) == before, "reading wrote a file"


# --- config files with odd values ---------------------------------------------------------------------

TABLES = ["data", "labels", "report", "model", "pairs", "email", "build", "data.sub"]
KEYS = [
    "path", "response", "time", "group", "sheet", "separator", "wide", "wide_times", "date_unit",
    "study_start", "zero_is_missing", "title", "author", "decimals", "formats", "out", "engine",
    "family", "variant", "paper", "profile", "templates", "covariates", "factors", "log_response",
    "pair", "mixed_pair", "cohorts", "response_unit", "to", "smtp_port", "x", "",
]  # fmt: skip
SCALARS = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from([0, -1, 7, 2**62, math.nan, math.inf, -math.inf, 1e308, 0.5, True, False]),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(
        ["", " ", "../..", "/dev/zero", "tab", "Days", "Reaction", "\x1b[2J", "a\x00b", "\ud800"]
    ),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3), max_leaves=6)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value)  # a TOML basic string (a lone surrogate stays an invalid escape)


@st.composite
def config_files(draw: st.DrawFn) -> bytes:
    """A reportgen.toml: known and unknown tables and keys with values of any type, at times
    duplicated, deeply nested or with stray bytes."""
    lines = []
    for table in draw(st.lists(st.sampled_from(TABLES), max_size=4)):
        lines.append(f"[{table}]")
        for key in draw(st.lists(st.sampled_from(KEYS), max_size=4)):
            lines.append(f"{json.dumps(key)} = {toml_value(draw(VALUES))}")
    text = "\n".join(lines).encode("utf-8", "surrogatepass")
    extra = draw(
        st.sampled_from(
            [b"", b"", b"", b"\xff\xfe", b"\x00", b"x = " + b"[" * 3000 + b"]" * 3000, b"[[report]]", b"="]
        )
    )
    return text + b"\n" + extra


@profile(100)
@given(content=config_files())
def test_config_files_keep_the_contract(tmp_path: Path, content: bytes) -> None:
    from reportgen.config import make_config

    config = tmp_path / "reportgen.toml"
    config.write_bytes(content)
    header = tmp_path / "header.csv"  # the CLI stops at the data: no build, whatever the config says
    header.write_text("Reaction,Days,Subject\n")
    out = tmp_path / "out"
    before = tree_state(tmp_path)
    one_report_error(lambda: make_config(config_file=config, out_dir=out), seconds=10)
    with time_limit(30):
        run = run_cli(
            "build", "--config", str(config), "--data", str(header), "--out", str(out), "--format", "html"
        )
    assert_one_error(run)
    assert tree_state(tmp_path) == before, "a refused run wrote a file"


# --- preview requests -----------------------------------------------------------------------------------

PAGE = b"<html><body><p>the report</p></body></html>"
METHODS = [
    "GET",
    "HEAD",
    "POST",
    "PUT",
    "DELETE",
    "OPTIONS",
    "TRACE",
    "CONNECT",
    "get",
    "G\x00T",
    "",
    "X" * 300,
]
PATHS = st.one_of(
    st.sampled_from(
        [
            "/",
            "/report.html",
            "/handout.html",
            "/../results.json",
            "/%2e%2e/%2e%2e/etc/passwd",
            "//etc/passwd",
            "/figures/../report.html",
            "/__reportgen__/events?since=0",
            "/__reportgen__/events?since=%C2%B2",
            "/__reportgen__/events?since=-1&since=2",
            "/report.html?x=\x1b[2J",
            "*",
            "http://evil.example/report.html",
            "/" + "a" * 70000,
            "/\x00",
            "/%00",
        ]
    ),
    st.text(st.characters(codec="latin-1"), max_size=30).map(lambda text: "/" + text),
)
HOSTS = st.one_of(
    st.sampled_from(
        [
            "{ok}",
            "localhost:{port}",
            "evil.example:{port}",
            "",
            "127.0.0.1",
            "[::1]:{port}",
            "{ok}\r\nX: y",
            None,
        ]
    ),
    st.text(st.characters(codec="latin-1"), max_size=20),
)


@pytest.fixture(scope="module")
def preview() -> Iterator[tuple[int, list[BaseException]]]:
    from reportgen.preview import PreviewServer, PreviewState

    state = PreviewState()
    state.publish(pages={"report.html": PAGE}, error="the data file \x1b[2J is empty", seconds=0.1)
    server = PreviewServer(state)
    server.start()
    assert server._server is not None
    errors: list[BaseException] = []
    handle_error = server._server.handle_error

    def record(request: Any, address: Any) -> None:  # a handler's exception: the server's traceback
        import sys

        exception = sys.exc_info()[1]
        if exception is not None and not isinstance(exception, ConnectionError):
            errors.append(exception)
        handle_error(request, address)

    server._server.handle_error = record  # type: ignore[method-assign, assignment]
    try:
        yield server._server.server_address[1], errors
    finally:
        server.stop()


def exchange(port: int, request: bytes, seconds: float = 3.0) -> bytes:
    """Send raw bytes and read what comes back until the server closes or pauses."""
    with socket.create_connection(("127.0.0.1", port), timeout=seconds) as connection:
        connection.sendall(request)
        connection.shutdown(socket.SHUT_WR)
        answer = b""
        with contextlib.suppress(TimeoutError, ConnectionError):
            while chunk := connection.recv(65536):
                answer += chunk
                if b"text/event-stream" in answer:  # an event stream stays open: its head is enough
                    break
    return answer


@profile(150)
@given(method=st.sampled_from(METHODS), path=PATHS, host=HOSTS, body=st.binary(max_size=40))
@example(method="GET", path="/report.html", host="{ok}", body=b"")  # the page with its error banner
def test_preview_requests_keep_the_contract(
    preview: tuple[int, list[BaseException]], method: str, path: str, host: str | None, body: bytes
) -> None:
    port, errors = preview
    head = f"{method} {path} HTTP/1.1\r\n"
    if host is not None:
        head += "Host: " + host.replace("{ok}", f"127.0.0.1:{port}").replace("{port}", str(port)) + "\r\n"
    head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    with time_limit(10):
        answer = exchange(port, head.encode("latin-1", "replace") + body)
    status_line = answer.split(b"\r\n", 1)[0]
    if answer and not status_line.startswith(b"HTTP/1."):
        # http.server reads a request line without a version (or cut by a line break) as HTTP/0.9:
        # an answer without a head, and never the report (such a request has no Host header)
        assert b"the report" not in answer, answer[:200]
    elif answer:
        status = int(status_line.split()[1])
        assert status != 500 and 200 <= status < 600, answer[:200]
        if status == 200 and method == "GET":
            assert b"\x1b" not in answer, "a control character reached the page"
    assert not errors, errors
    with time_limit(10):  # the server still answers a plain request
        plain = exchange(
            port, f"GET /report.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
        )
    assert plain.startswith(b"HTTP/1.1 200") and b"the report" in plain


# --- the notebook API with random argument values -------------------------------------------------------

ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["Reaction", "Days", "Subject", "308", "309", "html", "pdf", "exact", "\ud800", "../x"]),
    st.lists(st.sampled_from(["308", "309", "Days", 1, None]), max_size=3),
    st.tuples(st.sampled_from(["308", "309", "310"]), st.sampled_from(["308", "309", "310"])),
    st.dictionaries(st.sampled_from(["response", "time", "x"]), st.text(max_size=4), max_size=2),
    st.just(object()),
)
OPTIONS = [
    "response", "time", "group", "title", "author", "decimals", "engine", "variant", "pair", "mixed_pair",
    "labels", "covariates", "factors", "profile", "formats", "name", "date_unit", "zero_is_missing",
    "log_response", "family", "sheet", "separator", "wide", "templates_dir", "config_file", "bogus",
]  # fmt: skip
FRAMES = st.sampled_from(
    [
        SMALL,
        SMALL.astype(str),
        SMALL.assign(Reaction=SMALL["Reaction"].astype(object).where(SMALL.index % 3 > 0, "x")),
        SMALL.assign(Days=math.inf),
        SMALL.rename(columns={"Subject": 0}),
        SMALL.set_index("Subject"),
        SMALL.iloc[:1],
        SMALL.assign(Subject="same"),
    ]
)


@profile(25)
@given(frame=FRAMES, options=st.dictionaries(st.sampled_from(OPTIONS), ODD, max_size=3), save=ODD)
def test_the_notebook_api_keeps_the_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frame: pd.DataFrame, options: dict[str, Any], save: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    built = one_report_error(lambda: reportgen.report(frame, **options), seconds=60)
    if built is not None:
        assert built.results and "<html" in built.html  # type: ignore[attr-defined]
        out = tmp_path / "out"
        paths = one_report_error(lambda: built.save(out, formats=save), seconds=60)  # type: ignore[attr-defined]
        written = {p.resolve() for p in paths or ()}  # type: ignore[attr-defined]
        assert all(p.is_relative_to(out.resolve()) for p in written)
    assert {p.name for p in tmp_path.iterdir()} <= {"out"}, "written outside the output folder"
