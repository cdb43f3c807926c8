"""R's data sets the statistician's review used (ChickWeight, Orange, MASS::epil, nlme::Soybean,
CO2, MASS::Sitka), read through ``Rscript`` at test time so that none is committed; the tests that
use them skip without R."""

from __future__ import annotations

import functools
import io
import shutil
import subprocess

import pandas as pd
import pytest


@functools.cache
def _read(expression: str) -> pd.DataFrame:
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is not on PATH")
    run = subprocess.run(
        [rscript, "-e", f"write.csv(as.data.frame({expression}), stdout(), row.names = FALSE)"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if run.returncode != 0:
        pytest.skip(f"R could not give {expression}: {run.stderr.strip()[-200:]}")
    return pd.read_csv(io.StringIO(run.stdout))


def r_dataset(name: str, package: str = "datasets") -> pd.DataFrame:
    """A copy of ``package::name`` (factors as their labels)."""
    return _read(f"{package}::{name}").copy()
