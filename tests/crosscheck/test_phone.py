"""Readable on a phone: every page reportgen writes, opened 375 px wide in a real headless Chromium.

The report, the handout, the cohort index and every email (the HTML part of each ``.eml``, as the
outbox preview shows it with its ``cid:`` images resolved) must not scroll sideways, in the light
and the dark colour scheme. Wide tables may scroll, but only inside their own box.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from reportgen.config import make_config
from tests.crosscheck import test_browser
from tests.integration.test_cohorts import write_parity_csv

pytestmark = [pytest.mark.browser, pytest.mark.slow]

browser = test_browser.browser
PHONE = {"width": 375, "height": 812}  # an iPhone's CSS width: the narrowest phones in common use

# Everything on the page that reaches past the viewport's right edge, except what sits inside a box
# that clips or scrolls it (a .table-scroll) and itself fits.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let box = el.parentElement; box; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== 'visible' && box.getBoundingClientRect().right <= width + 0.5)
        return true;
    }
    return false;
  };
  return Array.from(document.querySelectorAll('body *'))
    .filter(el => el.getBoundingClientRect().right > width + 0.5 && !clipped(el))
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.getBoundingClientRect().right} px`);
}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One of each page: report and handout, a cohorts index, the single and the per-cohort emails."""
    from reportgen.cohorts import build_cohorts
    from reportgen.mail import email_reports, make_mail_config
    from reportgen.pipeline import build_report

    root = tmp_path_factory.mktemp("phone")
    single = root / "single"
    build_report(make_config(out_dir=single, variant="both", formats=("html",)))
    # email reads figures/ and results.json only; the report itself need not be rebuilt
    email_reports(make_mail_config(folder=single, to=["class@example.org"]))

    csv = write_parity_csv(root / "sleepstudy.csv")
    run = root / "cohorts"
    build_cohorts(make_config(data_path=csv, out_dir=run, formats=("html",)), by="parity", jobs=1)
    email_reports(make_mail_config(folder=run, cohorts=True, to=["class@example.org"]))

    found = {
        "report": single / "report.html",
        "handout": single / "handout.html",
        "cohort index": run / "index.html",
        "cohort report": run / "even" / "report.html",
        "outbox (single)": single / "outbox" / "index.html",
        "outbox (cohorts)": run / "outbox" / "index.html",
    }
    emails = sorted((single / "outbox" / "preview").glob("*.html")) + sorted(
        (run / "outbox" / "preview").glob("*.html")
    )
    assert len(emails) == 3  # the summary, and one per cohort (even, odd)
    found |= {f"email {p.parent.parent.parent.name}/{p.stem}": p for p in emails}
    return found


@pytest.fixture(params=["light", "dark"])
def phone(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, color_scheme=request.param)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_no_page_scrolls_sideways_on_a_phone(pages: dict[str, Path], phone: Page) -> None:
    problems = {}
    for name, path in pages.items():
        phone.goto(path.resolve().as_uri(), wait_until="load")
        width = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        overflowing = phone.evaluate(OVERFLOWING)
        if width[0] > width[1] or overflowing:
            problems[name] = (width, overflowing)
    assert problems == {}


def test_wide_tables_scroll_in_their_own_box(pages: dict[str, Path], phone: Page) -> None:
    """The control for the test above: the report has tables wider than a phone, and they scroll."""
    phone.goto(pages["report"].resolve().as_uri(), wait_until="load")
    boxes = phone.evaluate(
        "Array.from(document.querySelectorAll('.table-scroll'), b => ({"
        " wide: b.scrollWidth > b.clientWidth, focusable: b.tabIndex === 0,"
        " label: (document.getElementById(b.getAttribute('aria-labelledby')) || {}).textContent || ''}))"
    )
    assert any(b["wide"] for b in boxes), "no table is wider than a phone: the overflow test proves nothing"
    # a box that scrolls is reachable by keyboard and named by its caption (axe: scrollable-region-focusable)
    assert [b for b in boxes if not (b["focusable"] and b["label"].startswith("Table "))] == []
    assert phone.evaluate("document.querySelectorAll('table').length") == len(boxes)
    phone.goto(pages["cohort index"].resolve().as_uri(), wait_until="load")
    boxes = phone.evaluate(
        "Array.from(document.querySelectorAll('.table-scroll'), b => [b.tabIndex,"
        " document.getElementById(b.getAttribute('aria-labelledby')).textContent])"
    )
    assert boxes and all(tab == 0 and text.startswith(("Cohorts", "Each cohort")) for tab, text in boxes)


def test_the_email_is_fluid(pages: dict[str, Path], phone: Page) -> None:
    """Full width on a phone, images scaled to fit; 600 px wide on a wide screen."""
    email = pages["email single/summary"]
    phone.goto(email.resolve().as_uri(), wait_until="load")
    card = phone.evaluate("document.querySelector('table.card').getBoundingClientRect().width")
    images = phone.evaluate(
        "Array.from(document.images, i => [i.getBoundingClientRect().width, i.naturalWidth, i.complete])"
    )
    assert 300 < card <= PHONE["width"]
    assert len(images) == 2 and all(shown < card and natural > shown and ok for shown, natural, ok in images)
    phone.set_viewport_size({"width": 1280, "height": 800})
    assert phone.evaluate("document.querySelector('table.card').getBoundingClientRect().width") == 600
    # desktop Outlook (Word's layout engine) ignores max-width: a conditional table holds it at 600 px
    html = email.read_text()
    assert '<!--[if mso]><table role="presentation" width="600"' in html
    assert "<!--[if mso]></td></tr></table><![endif]-->" in html
