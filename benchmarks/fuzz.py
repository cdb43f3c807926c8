"""A deep fuzzing run: the property-based tests of tests/e2e/test_fuzz.py with many random examples.

    python benchmarks/fuzz.py --examples 500

CI runs the same tests with a small, fixed set of examples; this explores further. A failure prints
Hypothesis' smallest falsifying example: add it to tests/e2e/test_cli_bad_input.py as a regular case.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="examples per property (default: 300)")
    parser.add_argument("-k", default=None, help="only the properties matching this pytest -k expression")
    args = parser.parse_args()
    env = {**os.environ, "REPORTGEN_FUZZ": "deep", "REPORTGEN_FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "tests/e2e/test_fuzz.py", "-q", "-p", "no:cacheprovider"]
    if args.k:
        command += ["-k", args.k]
    start = time.perf_counter()
    code = subprocess.call(command, cwd=ROOT, env=env)
    print(f"fuzz: {args.examples} examples per property, {time.perf_counter() - start:.0f} s, exit {code}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
