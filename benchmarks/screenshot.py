"""Screenshot the top of the default report, as Chromium renders it, for the README.

    python benchmarks/screenshot.py [--out docs/report-page.png]

Builds the default report (HTML only: the PDF is not needed) into a temporary folder and opens it
in Debian's headless Chromium through playwright; no browser is downloaded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Same flags as tests/test_browser.py: no network, root, nothing that phones home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1000, "height": 1300}


def screenshot(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    from reportgen.config import make_config
    from reportgen.pipeline import build_report

    with tempfile.TemporaryDirectory() as tmp:
        build_report(make_config(out_dir=tmp, formats=("html",)))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
                page.goto((Path(tmp) / "report.html").as_uri(), wait_until="load")
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=out)  # the viewport only: the top of the page
            finally:
                browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "docs" / "report-page.png",
        help="where to write the PNG (default: docs/report-page.png)",
    )
    args = parser.parse_args()
    screenshot(args.out)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
