"""A reportgen.toml made while `reportgen preview` runs is read: the page reloads with its settings
(before, only a config file that existed when the preview started was watched)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.test_preview import Preview, browser, page, project, reloads

__all__ = ["browser", "page", "project"]  # the fixtures, used by name


@pytest.mark.browser
@pytest.mark.slow
def test_a_config_file_created_while_the_preview_runs_is_picked_up(project: Path, page: Page) -> None:
    preview = Preview(project, "--data", "data.csv")
    try:
        page.goto(preview.url, wait_until="load")
        assert page.locator("h1").first.text_content() != "Made while it ran"
        config = project / "reportgen.toml"
        reloads(page, lambda: config.write_text('[report]\ntitle = "Made while it ran"\n'))
        assert page.locator("h1").first.text_content() == "Made while it ran"
    finally:
        preview.stop()
