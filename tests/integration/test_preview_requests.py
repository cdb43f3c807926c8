"""The preview server answers only requests for itself (DNS rebinding), and odd queries get no traceback."""

from __future__ import annotations

import http.client
from collections.abc import Iterator

import pytest

from reportgen.preview import PreviewServer, PreviewState, allowed_host


@pytest.fixture
def server() -> Iterator[int]:
    state = PreviewState()
    state.publish(
        pages={"report.html": b"<html><body><p>the report</p></body></html>"}, error=None, seconds=0.1
    )
    preview = PreviewServer(state)
    preview.start()
    assert preview._server is not None
    try:
        yield preview._server.server_address[1]
    finally:
        preview.stop()


def get(port: int, path: str, host: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read() if path != "/__reportgen__/events?since=%C2%B2" else response.read(20)
    connection.close()
    return response.status, body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_the_report_is_served_to_requests_for_this_server(server: int, host: str) -> None:
    status, body = get(server, "/report.html", host.format(port=server))
    assert status == 200 and b"the report" in body


@pytest.mark.parametrize(
    "host", ["evil.example:{port}", "127.0.0.1", "localhost:1", "127.0.0.1:{port}.evil.example", None]
)
def test_a_request_for_another_host_is_refused(server: int, host: str | None) -> None:
    status, body = get(server, "/report.html", None if host is None else host.format(port=server))
    assert status == 403 and b"the report" not in body


def test_allowed_host_rule() -> None:
    assert allowed_host("127.0.0.1:8000", 8000) and allowed_host("localhost:8000", 8000)
    assert not allowed_host("rebind.example:8000", 8000) and not allowed_host("127.0.0.1:8001", 8000)


def test_a_non_ascii_digit_in_since_is_no_traceback(server: int) -> None:
    status, body = get(server, "/__reportgen__/events?since=%C2%B2", f"127.0.0.1:{server}")
    assert status == 200 and body.startswith(b"event: reload")


def test_preview_prints_build_errors_with_control_characters_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from reportgen import preview
    from reportgen.cli import cli

    def fake_run(make_config: object, *, on_build: object, **_: object) -> None:
        on_build(preview.BuildEvent(1, 0.1, "column '\x1b[2Jx' not found"))  # type: ignore[operator]

    monkeypatch.setattr(preview, "run_preview", fake_run)
    result = CliRunner().invoke(cli, ["preview"])
    assert "\x1b" not in result.output and "column '\\x1b[2Jx' not found" in result.output
