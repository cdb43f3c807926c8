"""reportgen.cohorts.workers: Dask workers are warmed, all at once, before the first cohort."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from reportgen.cohorts import workers


class Client:
    """What _warm_dask_workers uses of distributed.Client: run(function, *args) on every worker."""

    def __init__(self, fails: bool = False) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.fails = fails

    def run(self, function: Any, *args: Any) -> dict[str, Any]:
        self.calls.append((function, *args))
        if self.fails:
            raise OSError("worker tcp://127.0.0.1:1 cannot import weasyprint")
        return {"tcp://127.0.0.1:1": None, "tcp://127.0.0.1:2": None}


def test_every_worker_loads_the_report_libraries_and_the_templates() -> None:
    client = Client()
    workers._warm_dask_workers(client, Path("my-templates"))
    assert client.calls == [(workers._load_report_libraries, Path("my-templates"))]


def test_a_worker_that_cannot_warm_up_is_left_to_fail_its_cohorts(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="reportgen.cohorts"):
        workers._warm_dask_workers(Client(fails=True), None)  # no error here
    reason = "worker tcp://127.0.0.1:1 cannot import weasyprint"
    assert f"could not warm the Dask workers ({reason})" in caplog.text
