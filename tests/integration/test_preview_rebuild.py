"""The preview keeps answering with the last good report while it rebuilds (breaker round 7: requests
timed out while a huge data file was read again)."""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from reportgen.config import make_config
from reportgen.preview import Builder, run_preview


def test_requests_are_answered_from_the_last_good_build_during_a_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data.csv"
    data.write_text("Reaction,Days,Subject\n1,0,a\n")
    building, release, stop = threading.Event(), threading.Event(), threading.Event()
    builds = []

    def build(self: Builder, changed: tuple[Path, ...] = ()) -> tuple[dict[str, bytes], bool]:
        self.config = make_config(data_path=data, out_dir=tmp_path / "out")
        builds.append(changed)
        if len(builds) > 1:  # the rebuild: slow until the test has asked for the page
            building.set()
            release.wait(30)
        return {"report.html": f"<html><body>build {len(builds)}</body></html>".encode()}, False

    monkeypatch.setattr(Builder, "build", build)
    ready: list[str] = []
    thread = threading.Thread(
        target=run_preview,
        args=(lambda: make_config(data_path=data, out_dir=tmp_path / "out"),),
        kwargs={"on_ready": ready.append, "stop": stop},
        daemon=True,
    )
    thread.start()
    try:
        for _ in range(100):
            if ready:
                break
            time.sleep(0.1)
        time.sleep(1.0)  # the watcher is started
        data.write_text("Reaction,Days,Subject\n2,0,a\n")
        assert building.wait(20), "the change did not start a rebuild"
        started = time.perf_counter()
        page = _get(ready[0] + "report.html")
        assert time.perf_counter() - started < 2.0
        assert b"build 1" in page  # the last good report, while build 2 runs
    finally:
        release.set()
        stop.set()
        thread.join(10)


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (a local test server)
        return response.read()
