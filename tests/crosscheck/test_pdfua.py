"""The PDFs pass the PDF/UA-1 checker ``pdfua``: no error, no warning, no note.

The checker runs on the full report, the handout and a cohort's report (with a covariate, so its
tables are checked too). The last tests show the check can fail: WeasyPrint's own tagging, without
:func:`reportgen.pdf_tags.scope_table_headers`, is flagged (UA-15-003), and so is a caption left
alone at the foot of a page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.cohorts import build_cohorts
from reportgen.config import CohortSpec, make_config
from reportgen.export import html_to_pdf
from tests.integration.test_cohorts import write_parity_csv

pytestmark = pytest.mark.slow

# Ten sleepstudy subjects, five of each parity: a cohort whose report has a covariate section.
COHORT_SUBJECTS = ("308", "309", "310", "330", "331", "332", "333", "334", "335", "337")


def findings(pdf: Path) -> list[str]:
    """Every finding of the checker, one line each (rule, severity, page, message)."""
    from pdfua import validate

    report = validate(str(pdf))
    return [f"{f.rule_id} {f.severity.name} page {f.location.page}: {f.message}" for f in report.findings]


@pytest.fixture(scope="module")
def handout(built_both: Path) -> Path:
    return built_both / "handout.pdf"


@pytest.fixture(scope="module")
def cohort_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    csv = write_parity_csv(tmp_path_factory.mktemp("parity-pdf") / "sleepstudy.csv")
    out = tmp_path_factory.mktemp("cohort-pdf")
    config = make_config(
        data_path=csv,
        out_dir=out,
        formats=("pdf",),
        covariates=("parity",),
        cohorts=(CohortSpec("Ten subjects", groups=COHORT_SUBJECTS),),
    )
    result = build_cohorts(config, jobs=1)
    assert [outcome.status for outcome in result.cohorts] == ["ok"]
    return out / result.cohorts[0].slug / "report.pdf"


def test_report_pdf_passes_pdfua(built_report: Path) -> None:
    assert findings(built_report / "report.pdf") == []


def test_handout_pdf_passes_pdfua(handout: Path) -> None:
    assert findings(handout) == []


def test_cohort_report_pdf_passes_pdfua(cohort_pdf: Path) -> None:
    assert findings(cohort_pdf) == []


TABLE = """<!DOCTYPE html><html lang="en"><head><title>Scopes</title></head><body>
<table><caption>Two models</caption>
<thead><tr><th scope="col">Model</th><th scope="col">AIC</th><th scope="col">BIC</th></tr></thead>
<tbody><tr><th scope="row">Random intercept</th><td>1802</td><td>1815</td></tr>
<tr><th scope="row">Random slopes</th><td>1764</td><td>1783</td></tr></tbody></table>
</body></html>"""


def weasyprint_alone(html: str) -> bytes:
    """The PDF/UA-1 WeasyPrint writes without reportgen's finisher."""
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


def test_the_check_fails_on_header_cells_without_scope(tmp_path: Path) -> None:
    """WeasyPrint alone leaves /Scope out: the checker flags the table; with the finisher it passes."""
    alone, ours = tmp_path / "alone.pdf", tmp_path / "ours.pdf"
    alone.write_bytes(weasyprint_alone(TABLE))
    ours.write_bytes(html_to_pdf(TABLE))
    flagged = findings(alone)
    assert len(flagged) == 1 and flagged[0].startswith("UA-15-003 WARNING")
    assert "none carry /Scope" in flagged[0]
    assert findings(ours) == []


def test_scopes_follow_the_th_scope_attribute(tmp_path: Path) -> None:
    """Column headers get /Column, row headers (``scope="row"``) /Row, in the structure tree."""
    import pikepdf

    path = tmp_path / "scopes.pdf"
    path.write_bytes(html_to_pdf(TABLE))
    with pikepdf.open(path) as pdf:
        scopes = sorted(
            str(o.A.Scope) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/TH"
        )
    assert scopes == ["/Column"] * 3 + ["/Row"] * 2


def test_the_check_fails_on_a_caption_alone_at_the_foot_of_a_page(tmp_path: Path) -> None:
    """A caption that ends a page is tagged as a table without rows; the stylesheet keeps it with its
    table (``caption { break-after: avoid }``), and without that rule the checker says so."""
    rows = "".join(f'<tr><th scope="row">{i}</th><td>{i * i}</td></tr>' for i in range(40))
    filler = '<div style="height: 24cm"></div>'
    html = TABLE.replace("<table>", f'{filler}<table style="break-inside: auto">').replace(
        "</tbody>", rows + "</tbody>"
    )
    kept, split = tmp_path / "kept.pdf", tmp_path / "split.pdf"
    keep = "<style>caption { break-after: avoid }</style></head>"
    kept.write_bytes(html_to_pdf(html.replace("</head>", keep)))
    split.write_bytes(html_to_pdf(html))
    assert findings(kept) == []
    assert any("contains no /TR rows" in line for line in findings(split))
