"""`reportgen preview`: a real server on 127.0.0.1, a real headless Chromium, real file edits.

The preview runs as the command a user types (a subprocess); the test edits a template and the
data file and waits for the open page to reload itself, then breaks the data and checks the
error banner over the last good report.
"""

from __future__ import annotations

import csv
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page

from reportgen.cli import cli
from reportgen.preview import Snapshot, served_page
from tests.conftest import REPO
from tests.crosscheck import test_browser

browser = test_browser.browser
REBUILD_TIMEOUT_MS = 180_000  # a cold machine shared by several test runs can be slow


# --- the served page (no server) --------------------------------------------------------------------


PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>t</title></head>\n"
    b'<body class="solutions">\n<h1>Hi</h1>\n</body></html>\n'
)


def test_only_the_served_page_gets_the_script_and_the_banner() -> None:
    good = Snapshot(version=3, pages={"report.html": PAGE}, built_at="10:00:00")
    served = served_page(good, "report.html")
    assert served is not None
    assert served.count(b'<script id="reportgen-preview">') == 1
    assert b"since=3" in served and b"reportgen-preview-error" not in served
    assert served.index(b"<h1>Hi</h1>") < served.index(b"<script") < served.index(b"</body>")
    assert good.pages["report.html"] == PAGE  # the built page itself is not changed

    failed = Snapshot(version=4, pages=good.pages, error="column 'X' <b>not</b> found", built_at="10:00:00")
    served = served_page(failed, "report.html")
    assert served is not None
    banner = served[served.index(b"reportgen-preview-error") : served.index(b"<h1>Hi</h1>")]
    assert b"Error: column &#x27;X&#x27; &lt;b&gt;not&lt;/b&gt; found" in banner  # escaped
    assert b"Still showing the last good report (built 10:00:00)" in banner

    nothing_yet = Snapshot(version=1, error="no such file 'data.csv'")
    served = served_page(nothing_yet, "report.html")
    assert served is not None and b"No report yet." in served
    assert served_page(good, "other.html") is None and served_page(good, "../etc/passwd") is None


def test_a_port_in_use_is_one_error_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["preview", "--port", str(port)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot serve the preview on 127.0.0.1:{port}: it is in use; "
        "choose another with --port or leave it out for a free one"
    ]


# --- the whole loop ---------------------------------------------------------------------------------


class Preview:
    """`reportgen preview` in a subprocess; its URL comes from its first line on stdout."""

    def __init__(self, folder: Path, *args: str) -> None:
        self.folder = folder
        self.stderr_path = folder / "preview-stderr.txt"
        self._stderr = self.stderr_path.open("w")
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        command = "from reportgen.cli import main; main()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", command, "preview", *args],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        assert self.process.stdout is not None
        stdout = self.process.stdout
        threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
        try:
            self.url = lines.get(timeout=REBUILD_TIMEOUT_MS / 1000).strip()
        except queue.Empty:
            self.stop()
            pytest.fail(f"no URL from reportgen preview; stderr: {self.stderr}")
        assert self.url.startswith("http://127.0.0.1:"), self.stderr

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # as Ctrl-C
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stderr.close()
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A folder as a template author has it: data.csv and an exported templates folder."""
    from reportgen.export import copy_templates

    (tmp_path / "data.csv").write_bytes((REPO / "data" / "sleepstudy.csv").read_bytes())
    copy_templates(tmp_path / "tpl")
    return tmp_path


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def reloads(page: Page, change: Callable[[], None]) -> None:
    """Make ``change`` and wait until the open page has reloaded itself (not navigated by us)."""
    with page.expect_event("load", timeout=REBUILD_TIMEOUT_MS):
        change()


def without_subject(source: Path, subject: str) -> str:
    with source.open(newline="") as handle:
        rows = list(csv.reader(handle))
    kept = [rows[0], *(r for r in rows[1:] if r[2] != subject)]
    assert len(kept) < len(rows)
    return "\n".join(",".join(r) for r in kept) + "\n"


@pytest.mark.browser
@pytest.mark.slow
def test_preview_reloads_on_change_and_keeps_the_last_good_report(project: Path, page: Page) -> None:
    preview = Preview(project, "--data", "data.csv", "--templates", "tpl")
    try:
        page.goto(preview.url, wait_until="load")
        assert page.url == preview.url + "report.html"
        groups = page.locator('span.num[data-key="data.groups"]').first
        assert groups.text_content() == "18"
        assert page.locator("#reportgen-preview-error").count() == 0

        # a template edit shows up in the open page
        template = project / "tpl" / "report.html.j2"
        text = template.read_text()
        assert '<body class="{{ variant }}">' in text
        marked = text.replace(
            '<body class="{{ variant }}">', '<body class="{{ variant }}">\n<p id="marker">Edited live</p>'
        )
        reloads(page, lambda: template.write_text(marked))
        assert page.locator("#marker").text_content() == "Edited live"

        # a data edit too: one subject fewer
        data = project / "data.csv"
        reloads(page, lambda: data.write_text(without_subject(data, "308")))
        assert groups.text_content() == "17"

        # broken data: the banner over the last good report
        reloads(page, lambda: data.write_text("Reaction,Days,Subject\n"))
        banner = page.locator("#reportgen-preview-error")
        assert banner.is_visible()
        assert "Build failed." in banner.inner_text() and "Error: " in banner.inner_text()
        assert "data.csv" in banner.inner_text()
        assert page.locator("#marker").text_content() == "Edited live" and groups.text_content() == "17"

        # fixed again: the banner goes
        reloads(page, lambda: data.write_bytes((REPO / "data" / "sleepstudy.csv").read_bytes()))
        assert page.locator("#reportgen-preview-error").count() == 0
        assert groups.text_content() == "18"
    finally:
        code = preview.stop()
    err = preview.stderr
    assert code == 0 and "Stopped." in err, err
    assert err.count("Rebuilt in ") == 3 and err.count("Error: ") == 1, err
    assert err.count("(templates only)") == 1, err  # the template edit reused the analysis
    assert "Traceback" not in err
    # the preview writes no report: nothing beside the inputs but its own log
    assert sorted(p.name for p in project.iterdir()) == ["data.csv", "preview-stderr.txt", "tpl"]


@pytest.mark.browser
@pytest.mark.slow
def test_a_config_edit_rebuilds_and_a_first_build_error_shows(project: Path, page: Page) -> None:
    config = project / "reportgen.toml"
    config.write_text('[report]\ntitle = "First title"\n[data]\npath = "missing.csv"\n')
    preview = Preview(project)
    try:
        page.goto(preview.url, wait_until="load")
        banner = page.locator("#reportgen-preview-error")
        assert "No report yet." in banner.inner_text() and "missing.csv" in banner.inner_text()
        reloads(
            page, lambda: config.write_text('[report]\ntitle = "Second title"\n[data]\npath = "data.csv"\n')
        )
        assert page.locator("h1").first.text_content() == "Second title"
        assert page.locator("#reportgen-preview-error").count() == 0
    finally:
        preview.stop()


def test_a_save_made_during_a_build_is_not_missed(tmp_path: Path) -> None:
    from reportgen.preview import changed_since, file_stamps

    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "a.html.j2").write_text("a")
    data = tmp_path / "data.csv"
    data.write_text("x\n1\n")
    paths = (tmp_path / "tpl", data)
    stamps = file_stamps(paths)
    assert changed_since(stamps, paths) == ()
    data.write_text("x\n2\n")  # same size: the modification time tells
    os.utime(data, ns=(1, 1))
    (tmp_path / "tpl" / "b.html.j2").write_text("b")
    assert changed_since(stamps, paths) == (data, tmp_path / "tpl" / "b.html.j2")


@pytest.mark.slow
def test_a_template_edit_never_renders_over_broken_data(project: Path) -> None:
    """After the data broke, a template save analyses again (and fails), not re-render old numbers."""
    from reportgen.config import make_config
    from reportgen.errors import ReportError
    from reportgen.preview import Builder

    data, template = project / "data.csv", project / "tpl" / "report.html.j2"
    builder = Builder(lambda: make_config(data_path=data, templates_dir=project / "tpl"))
    pages, templates_only = builder.build()
    assert "report.html" in pages and not templates_only

    template.write_text(template.read_text() + "{# edit #}\n")
    pages, templates_only = builder.build((template.resolve(),))
    assert templates_only  # the fast path is taken when it may be

    data.write_text("Reaction,Days,Subject\n")
    with pytest.raises(ReportError, match="no data rows"):
        builder.build((data.resolve(),))
    with pytest.raises(ReportError, match="no data rows"):
        builder.build((template.resolve(),))
