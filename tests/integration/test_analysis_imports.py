"""The analysis of a report loads no library the build does not need (issue 22: the HTML-only cold
build is held to 1.15 x the cost of its libraries, and scipy.stats alone is 0.4 CPU-s to import)."""

from __future__ import annotations

import subprocess
import sys

# The analysis of the sleepstudy report, in a fresh interpreter: which heavy modules did it load?
ANALYSE_SLEEPSTUDY = """
import sys
from reportgen.analysis import analyze
from reportgen.clean import clean
from reportgen.config import make_config
from reportgen.pipeline import read_source
from reportgen.prepare import prepare

raw, _ = read_source(make_config())
prepared = prepare(raw, make_config())
analyze(clean(prepared.frame, prepared.config), prepared.config)
print(sorted(name for name in ("scipy.stats", "statsmodels") if name in sys.modules))
"""


def test_the_sleepstudy_analysis_does_not_import_scipy_stats_or_statsmodels() -> None:
    done = subprocess.run(
        [sys.executable, "-c", ANALYSE_SLEEPSTUDY], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout
