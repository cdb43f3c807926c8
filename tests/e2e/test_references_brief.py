"""The short references of the student handout and of the email summary (issue 25): the data's works
(the [[references]] of reportgen.toml, else the bundled sleepstudy's source) and lme4, from
reportgen.citations, with the user's text escaped; the methods' works stay in the full report."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.mail import Recipients, build_message, load_report_folder, parse_address

TITLE = "Sleep <b>survey</b> & more"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Sleepstudy as bundled (its source cited), and a copy whose config cites a work of its own."""
    root = tmp_path_factory.mktemp("brief")
    bundled = root / "bundled"
    result = CliRunner().invoke(cli, ["build", "--variant", "both", "--out", str(bundled)])
    assert result.exit_code == 0, result.output
    (root / "reportgen.toml").write_text(
        '[data]\npath = "sleep.csv"\n\n[report]\nout = "cited"\nvariant = "both"\n\n'
        '[[references]]\ntitle = "' + TITLE + '"\nauthor = ["Doe, Jane"]\nyear = 2021\n',
        encoding="utf-8",
    )
    (root / "sleep.csv").write_text(_sleep_csv(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--config", str(root / "reportgen.toml")])
    assert result.exit_code == 0, result.output
    return {"bundled": bundled, "cited": root / "cited"}


def _sleep_csv() -> str:
    """The bundled data with one value changed: a user's data set, not reportgen's copy."""
    from reportgen.settings import bundled_data_path

    lines = bundled_data_path().read_text(encoding="utf-8").splitlines()
    return "\n".join([*lines[:-1], lines[-1].replace(lines[-1].split(",")[0], "400.1", 1)]) + "\n"


def _entries(html: str, selector: str) -> list[str]:
    return [" ".join(e.get_text().split()) for e in BeautifulSoup(html, "html.parser").select(selector)]


def _message(folder: Path) -> tuple[str, str]:
    """The email summary's HTML and text parts."""
    sender, to = parse_address("lab@example.org", "test"), parse_address("prof@example.org", "test")
    built = build_message(load_report_folder(folder), sender=sender, recipients=Recipients(to=(to,)))
    message = email.message_from_bytes(built.data, policy=email.policy.default)
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    return html, text


def test_the_handout_cites_the_bundled_data_and_lme4(folders: dict[str, Path]) -> None:
    page = (folders["bundled"] / "handout.html").read_text(encoding="utf-8")
    entries = _entries(page, "header.title-page .references-brief ul.references li")
    assert [e.split(" (")[0] for e in entries] == ["Bates, D. et al.", "Belenky, G. et al."]
    assert not any("Kuznetsova" in e or "Satterthwaite" in e for e in entries)  # the report's, not these
    report = (folders["bundled"] / "report.html").read_text(encoding="utf-8")
    assert "references-brief" not in report
    assert any("Kuznetsova" in e for e in _entries(report, "ul.references li"))


def test_the_handout_cites_the_users_work_escaped_and_not_the_bundled_source(
    folders: dict[str, Path],
) -> None:
    page = (folders["cited"] / "handout.html").read_text(encoding="utf-8")
    assert "<b>survey" not in page
    entries = _entries(page, ".references-brief ul.references li")
    assert len(entries) == 2 and any(TITLE in e and "Doe, J." in e for e in entries)
    assert not any("Belenky" in e for e in entries)


@pytest.mark.parametrize(
    "name, cited", [("bundled", "Belenky, G. et al. (2003)"), ("cited", "Doe, J. (2021)")]
)
def test_the_email_summary_has_the_short_references(folders: dict[str, Path], name: str, cited: str) -> None:
    html, text = _message(folders[name])
    assert "<b>survey" not in html
    entries = _entries(html, "p.reference")
    assert len(entries) == 2 and entries[0].startswith("Bates, D. et al. (2015)")
    assert any(e.startswith(cited) for e in entries)
    assert "\nREFERENCES\n" in text
    references = " ".join(text.split("\nREFERENCES\n")[1].split("\n--\n")[0].split())
    assert "Bates, D. et al. (2015)" in references and cited in references
    if name == "cited":
        assert TITLE in references  # plain text: the user's title as written
