"""The built report opened in a real headless Chromium (Debian's package, driven by playwright)."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# No network and root on CI: no sandbox, and nothing that phones home or waits for it.
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
PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


@dataclass
class Visit:
    """A loaded page and what happened while it loaded."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found (Debian package chromium)"
        # CI must not pass by skipping everything.
        if os.environ.get("REPORTGEN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}, and REPORTGEN_REQUIRE_BROWSER=1 requires it")
        pytest.skip(reason)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def visit(browser: Browser) -> Iterator[Callable[[Path], Visit]]:
    """Opens an HTML file in a fresh context, recording errors and requests from the start."""
    context = browser.new_context()

    def open_file(html: Path) -> Visit:
        page = context.new_page()
        seen = Visit(page)
        page.on("console", lambda m: seen.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda exc: seen.errors.append(f"pageerror: {exc}"))
        page.on("request", lambda r: seen.requests.append(r.url))
        page.goto(html.resolve().as_uri(), wait_until="load")
        return seen

    yield open_file
    context.close()


def test_every_figure_loads(built_report: Path, visit: Callable[[Path], Visit]) -> None:
    images = visit(built_report / "report.html").page.evaluate(
        "Array.from(document.images, i => ({src: i.src.slice(0, 40), ok: i.complete && i.naturalWidth > 0}))"
    )
    assert [i["src"] for i in images if not i["ok"]] == []
    assert len(images) == len(list((built_report / "figures").glob("*.png")))


def test_no_console_or_page_errors(built_report: Path, visit: Callable[[Path], Visit]) -> None:
    assert visit(built_report / "report.html").errors == []


def test_no_network_requests(built_report: Path, visit: Callable[[Path], Visit]) -> None:
    requests = visit(built_report / "report.html").requests
    assert requests, "no request recorded at all: the listener is not working"
    assert [url for url in requests if not url.startswith(("file://", "data:"))] == []


def test_numbers_are_tagged(built_report: Path, visit: Callable[[Path], Visit]) -> None:
    spans = visit(built_report / "report.html").page.evaluate(
        "Array.from(document.querySelectorAll('span.num'),"
        " s => ({key: s.dataset.key || '', text: s.textContent.trim(), html: s.outerHTML}))"
    )
    assert len(spans) >= 50
    assert [s["html"] for s in spans if not (s["key"].strip() and s["text"])] == []


def test_subject_ids_cannot_inject_html(tmp_path: Path, visit: Callable[[Path], Visit]) -> None:
    from reportgen.config import make_config
    from reportgen.pipeline import build_report

    with (REPO / "data" / "sleepstudy.csv").open(newline="") as src:
        rows = list(csv.DictReader(src))
    assert any(r["Subject"] == "308" for r in rows)  # otherwise the payload never gets in
    for row in rows:
        if row["Subject"] == "308":
            row["Subject"] = PAYLOAD
    data = tmp_path / "evil.csv"
    with data.open("w", newline="") as dst:
        writer = csv.DictWriter(dst, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "out"
    build_report(make_config(data_path=data, out_dir=out, formats=("html",)))

    page = visit(out / "report.html").page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "<script>" in page.evaluate("document.body.innerText")


@pytest.fixture(scope="module")
def handout(built_both: Path) -> Path:
    return built_both / "handout.html"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("document", ["report", "handout"])
def test_no_serious_accessibility_violations(
    built_report: Path, handout: Path, browser: Browser, document: str, scheme: str
) -> None:
    """axe-core, run inside the page, finds no serious or critical violation (both colour schemes)."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        path = built_report / "report.html" if document == "report" else handout
        page.goto(path.resolve().as_uri(), wait_until="load")
        violations = Axe().run(page).response["violations"]
    finally:
        context.close()
    severe = [
        (v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")
    ]
    assert severe == []


def test_axe_finds_a_planted_violation(tmp_path: Path, browser: Browser) -> None:
    """Control for the test above: an image without alt text is reported."""
    from axe_playwright_python.sync_playwright import Axe

    page_file = tmp_path / "bad.html"
    page_file.write_text('<!DOCTYPE html><html lang="en"><title>t</title><img src="data:,">')
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(page_file.as_uri(), wait_until="load")
        ids = {v["id"] for v in Axe().run(page).response["violations"]}
    finally:
        context.close()
    assert "image-alt" in ids
