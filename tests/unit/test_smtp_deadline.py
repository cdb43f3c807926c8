"""A server that accepts and never answers holds a message about one SMTP timeout, not one per try."""

from __future__ import annotations

from typing import Any

import pytest

from reportgen.mail import smtp
from reportgen.mail.config import SmtpSettings
from reportgen.mail.smtp import RetryPolicy, _deliver, _Failure


class SilentServer:
    """Each try takes ``wait`` seconds of the clock (a silent server: the whole timeout), then fails."""

    def __init__(self, clock: list[float], wait: float) -> None:
        self.smtp = SmtpSettings(host="mail.example.org", port=25, timeout=60.0)
        self.clock, self.wait, self.tries = clock, wait, 0

    def client(self) -> Any:
        self.tries += 1
        self.clock[0] += self.wait
        raise TimeoutError("timed out")

    def close(self) -> None:
        pass


def test_a_silent_server_is_given_up_at_the_messages_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [0.0]
    monkeypatch.setattr(smtp.time, "monotonic", lambda: clock[0])
    server = SilentServer(clock, wait=60.0)
    waits: list[float] = []
    with pytest.raises(_Failure, match=r"gave up after 1 tries in 60 s \(the deadline is 60 s per message\)"):
        _deliver(server, None, ["a@example.org"], RetryPolicy(sleep=waits.append))  # type: ignore[arg-type]
    assert server.tries == 1 and waits == []  # was 4 tries and 282 s


def test_fast_transient_failures_are_still_retried_within_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [0.0]
    monkeypatch.setattr(smtp.time, "monotonic", lambda: clock[0])
    server = SilentServer(clock, wait=0.5)  # each try fails at once
    waits: list[float] = []
    with pytest.raises(_Failure, match="gave up after 4 tries"):
        _deliver(server, None, ["a@example.org"], RetryPolicy(sleep=waits.append))  # type: ignore[arg-type]
    assert waits == [2.0, 10.0, 30.0]
