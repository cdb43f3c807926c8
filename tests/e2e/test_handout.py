"""Issue 4: handout and solution key, runnable code, tagged PDF, reproducible builds, user templates."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from pypdf import PdfReader

from reportgen.cli import cli
from reportgen.config import make_config
from reportgen.errors import ReportError
from reportgen.pipeline import build_report
from tests.conftest import REPO


@pytest.fixture(scope="module")
def both(built_both: Path) -> Path:
    """A build of both variants, HTML and PDF (the session's, shared with other files)."""
    return built_both


def code_blocks(html: Path) -> list[str]:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return [block.get_text() for block in soup.select("div.code .highlight pre")]


def test_solution_code_runs_and_reproduces_the_report(both: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every snippet shown in the solution key, run in order on the data, gives the report's numbers."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results: dict[str, Any] = json.loads((both / "results.json").read_text())
    blocks = code_blocks(both / "report.html")
    assert len(blocks) == 6
    monkeypatch.chdir(REPO / "data")  # the code reads the file by the name the report shows
    namespace: dict[str, Any] = {}
    try:
        for block in blocks:
            exec(compile(block, "<solution>", "exec"), namespace)  # noqa: S102 (the point of the test)
    finally:
        plt.close("all")
    ns, r = namespace, results
    assert ns["data"].shape == (r["data"]["rows"], r["data"]["columns"])
    assert len(ns["clean"]) == r["data"]["clean_rows"]
    assert ns["correlation"] == pytest.approx(r["describe"]["correlation"], rel=1e-12)
    assert ns["ols"].params.iloc[0] == pytest.approx(r["ols"]["intercept"], rel=1e-10)
    assert ns["ols"].params.iloc[1] == pytest.approx(r["ols"]["slope"], rel=1e-10)
    for subject in (r["subject_pair"]["first"], r["subject_pair"]["second"], *r["first_subjects"]["ids"]):
        intercept, slope = ns["own_lines"][subject]
        assert (intercept, slope) == pytest.approx(
            (r["subject_fits"][subject]["intercept"], r["subject_fits"][subject]["slope"]), rel=1e-9
        )
    # The snippet uses statsmodels (the seminar's engine); the report the exact engine.
    ri = r["random_intercept"]
    assert ns["mixed"].fe_params.to_numpy() == pytest.approx([ri["intercept"], ri["slope"]], rel=1e-4)
    assert float(ns["mixed"].cov_re.iloc[0, 0]) == pytest.approx(ri["group_var"], rel=1e-3)
    assert float(ns["mixed"].scale) == pytest.approx(ri["residual_var"], rel=1e-3)
    for subject, (intercept, slope) in ns["mixed_lines"].items():
        assert intercept == pytest.approx(ri["subject_lines"][subject]["intercept"], rel=1e-4)
        assert slope == pytest.approx(ri["slope"], rel=1e-4)


def test_handout_is_the_solution_code_with_blanks(both: Path) -> None:
    solutions, scaffolds = code_blocks(both / "report.html"), code_blocks(both / "handout.html")
    assert len(scaffolds) == len(solutions) == 6
    for solution, scaffold in zip(solutions, scaffolds, strict=True):
        assert "______" in scaffold
        pattern = "".join(
            "(.+?)" if part == "______" else re.escape(part) for part in re.split("(______)", scaffold)
        )
        assert re.fullmatch(pattern, solution, flags=re.DOTALL), scaffold[:200]


def test_handout_has_questions_and_no_answers(both: Path) -> None:
    soup = BeautifulSoup((both / "handout.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select("span.num") == []
    assert soup.select("figure") == [] and soup.select(".interpretation") == []
    assert [s["id"] for s in soup.select("main section")] == [f"q{i}" for i in range(1, 7)]
    assert len(soup.select(".answer-space")) == 6
    assert "Student handout" in soup.get_text()
    text = " ".join(page.extract_text() for page in PdfReader(both / "handout.pdf").pages)
    assert "Question 6" in text and "Interpretation" not in text


def test_pdf_is_tagged_pdf_ua_with_language_and_title(both: Path) -> None:
    reader = PdfReader(both / "report.pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert reader.metadata is not None and "sleep study" in (reader.metadata.title or "")
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_contents_page_numbers_point_at_the_sections(both: Path) -> None:
    reader = PdfReader(both / "report.pdf")
    pages = [page.extract_text() for page in reader.pages]
    contents = next(text for text in pages if "Contents" in text)
    for title in (
        "Question 1: data overview",
        "Question 5: a random-intercept mixed model",
        "Appendix: reproducibility",
    ):
        match = re.search(re.escape(title) + r"[ .]*?(\d+)\s*$", contents, flags=re.MULTILINE)
        assert match, title
        page = int(match.group(1))
        assert title in pages[page - 1], f"{title} is not on page {page}"


def test_running_footer_and_title_page(both: Path) -> None:
    reader = PdfReader(both / "report.pdf")
    first = reader.pages[0].extract_text()
    assert "report and solutions" in first.lower() and "180 rows" in first and "Belenky" in first
    assert f"Page 3 of {len(reader.pages)}" in reader.pages[2].extract_text()


def test_tables_and_figures_are_numbered_and_referenced(both: Path) -> None:
    soup = BeautifulSoup((both / "report.html").read_text(encoding="utf-8"), "html.parser")
    captions = [c.get_text(" ", strip=True) for c in soup.select("caption")]
    numbers = [int(re.match(r"Table (\d+)\.", c).group(1)) for c in captions]  # type: ignore[union-attr]
    assert numbers == list(range(1, len(numbers) + 1))
    targets = {a["href"] for a in soup.select('a[href^="#tab-"], a[href^="#fig-"]')}
    assert len(targets) >= 10
    for href in targets:
        assert soup.select_one(href) is not None, href


def test_every_image_has_alt_text(both: Path) -> None:
    soup = BeautifulSoup((both / "report.html").read_text(encoding="utf-8"), "html.parser")
    images = soup.select("img")
    assert len(images) == 15  # + the trend test, residual checks, SD by time
    assert all(len(img.get("alt", "")) > 30 for img in images)


def test_same_inputs_give_byte_identical_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for name in ("a", "b"):
        build_report(make_config(out_dir=tmp_path / name))
    for file in ("report.html", "report.pdf", "results.json", "figures/caterpillar.png"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes(), file
    assert "2023-11-14" in (tmp_path / "a" / "report.html").read_text()


def test_letter_paper(tmp_path: Path) -> None:
    build_report(make_config(out_dir=tmp_path, paper="Letter", formats=("pdf",)))
    box = PdfReader(tmp_path / "report.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


def test_user_templates_override_built_ins(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    code, err = run("templates", "export", str(mine))
    assert code == 0, err
    assert (mine / "report.html.j2").exists() and (mine / "questions" / "q1_overview.html.j2").exists()
    code, err = run("templates", "export", str(mine))
    assert code == 1 and "use --force" in err
    partial = mine / "questions" / "q1_overview.html.j2"
    built_in = '<h3>{{ _("First rows") }}</h3>'  # the heading through the catalogue (issue 25)
    partial.write_text(partial.read_text().replace(built_in, "<h3>First rows (our course)</h3>"))
    for other in mine.rglob("*"):  # keep only the one override: the rest fall back to the built-ins
        if other.is_file() and other != partial:
            other.unlink()
    code, err = run("build", "--templates", str(mine), "--out", str(tmp_path / "out"), "--format", "html")
    assert code == 0, err
    assert "First rows (our course)" in (tmp_path / "out" / "report.html").read_text()


@pytest.mark.parametrize(
    "broken, message",
    [
        ("{% if %}", "line 3: Expected an expression"),
        ("{{ no_such_thing }}", "line 3: 'no_such_thing' is undefined"),
    ],
)
def test_broken_user_template_names_file_and_line(tmp_path: Path, broken: str, message: str) -> None:
    mine = tmp_path / "mine" / "questions"
    mine.mkdir(parents=True)
    (mine / "q2_relationship.html.j2").write_text(f"<p>one</p>\n<p>two</p>\n{broken}\n")
    out = tmp_path / "out"
    code, err = run("build", "--templates", str(mine.parent), "--out", str(out), "--format", "html")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("Error: template ")
    assert "q2_relationship.html.j2" in err and message in err, err
    assert not out.exists() or not (out / "report.html").exists()


def test_templates_folder_must_exist(tmp_path: Path) -> None:
    config = make_config(out_dir=tmp_path, templates_dir="/no/such/folder", formats=("html",))
    with pytest.raises(ReportError, match="templates folder '/no/such/folder' does not exist"):
        build_report(config)


def test_code_listings_mark_only_tokens_that_look_different() -> None:
    # Names and punctuation are drawn in the text colour by both code styles: no span for them
    # (a third of the boxes to lay out); keywords, strings, numbers and comments keep theirs.
    from pygments.token import Comment, Keyword, Name, Punctuation, String

    from reportgen.render import _looks_plain, highlight_python

    assert _looks_plain(Name) and _looks_plain(Punctuation)
    assert not any(_looks_plain(kind) for kind in (Keyword, String.Double, Comment.Single, Name.Builtin))
    html = highlight_python('import pandas as pd\nframe = pd.read_csv("x.csv")  # read\n')
    soup = BeautifulSoup(html, "html.parser")
    assert soup.get_text().strip() == 'import pandas as pd\nframe = pd.read_csv("x.csv")  # read'
    marked = {span.get_text() for span in soup.select("span[class]")}
    assert {"import", '"x.csv"', "# read"} <= marked
    assert not {"frame", "read_csv", "("} & marked
