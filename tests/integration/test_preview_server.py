"""The preview server stays quiet when a client goes away mid-response (`curl ... | head -c 100`)."""

from __future__ import annotations

import socket
import struct
import time

import pytest

from reportgen.preview import PreviewServer, PreviewState


def test_a_client_that_disconnects_mid_response_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    state = PreviewState()
    state.publish(
        pages={"report.html": b"<html><body>" + b"x" * 8_000_000 + b"</body></html>"}, error=None, seconds=0
    )
    server = PreviewServer(state)
    url = server.start()
    port = int(url.rsplit(":", 1)[1].strip("/"))
    try:
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", port)) as client:
                client.sendall(b"GET /report.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                assert client.recv(100)
                # Close with a reset (as a killed `head` does), the response still being written.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        time.sleep(1.0)
    finally:
        server.stop()
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and "Error" not in captured.err, captured.err
