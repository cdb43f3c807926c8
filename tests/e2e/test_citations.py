"""The references section end to end (reportgen.citations): HTML, PDF and Word carry it, the data's
source and the [[references]] of reportgen.toml are escaped, the study report's appendix has it, and
the appendix cites lme4 where it names it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli

SOURCE = 'Clinic <script>alert("x")</script> & partners'
TITLE = "Sleep <b>survey</b> & more"


@pytest.fixture(scope="module")
def cited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sleepstudy report in HTML, PDF and Word whose config gives a source and a reference."""
    folder = tmp_path_factory.mktemp("cited")
    (folder / "reportgen.toml").write_text(
        '[data]\nsource = """' + SOURCE + '"""\n\n'
        '[report]\nout = "out"\nformats = ["html", "pdf", "docx"]\n\n'
        '[[references]]\ntitle = "' + TITLE + '"\nauthor = ["Doe, Jane", "Sleep Lab"]\nyear = 2021\n'
        'url = "https://example.org/data?a=1&b=2"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "--config", str(folder / "reportgen.toml")])
    assert result.exit_code == 0, result.output
    return folder / "out"


def test_html_has_the_references_with_the_users_text_escaped(cited: Path) -> None:
    from bs4 import BeautifulSoup

    page = (cited / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<b>survey" not in page
    section = BeautifulSoup(page, "html.parser").select_one("section#references")
    assert section is not None and section.h2 is not None and section.h2.get_text() == "References"
    text = section.get_text(" ", strip=True)
    assert SOURCE in text  # shown as text, not run as markup
    entries = [" ".join(li.get_text().split()) for li in section.select("ul.references li")]
    assert any(TITLE in e and "Doe, J." in e and "2021" in e for e in entries)
    assert any(e.startswith("Bates, D. et al. (2015)") for e in entries)
    assert any(e.startswith("Satterthwaite, F.E. (1946)") for e in entries)
    assert not any("Tierney" in e for e in entries)  # a linear report: no Laplace approximation
    assert "statsmodels" in text and "Python" in text  # the software, with versions
    refit = BeautifulSoup(page, "html.parser").find("pre", class_="refit").find_previous("p")
    assert "lme4 (Bates et al., 2015) fits it" in " ".join(refit.get_text().split())


def test_pdf_carries_the_references(cited: Path) -> None:
    import pypdf

    text = " ".join(page.extract_text() for page in pypdf.PdfReader(cited / "report.pdf").pages)
    assert "References" in text and "Satterthwaite, F.E. (1946)" in text and "Sleep Lab" in text


def test_word_carries_the_references_section(cited: Path) -> None:
    docx = pytest.importorskip("docx")

    paragraphs = docx.Document(str(cited / "report.docx")).paragraphs
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert "References" in headings
    after = [p.text for p in paragraphs[[p.text for p in paragraphs].index("References") :]]
    assert any(t.startswith("Bates, D. et al. (2015)") for t in after)
    assert any(TITLE in t for t in after)


def test_the_study_report_appendix_has_the_references(tmp_path: Path) -> None:
    out = tmp_path / "study"
    result = CliRunner().invoke(cli, ["build", "--profile", "study", "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((out / "report.html").read_text(encoding="utf-8"), "html.parser")
    heading = soup.select_one("section#appendix h3#references")
    assert heading is not None
    entries = heading.find_next("ul", class_="references").get_text(" ", strip=True)
    assert "Belenky" in entries and "Bates" in entries  # the bundled data's source, lme4
