"""Branding end to end: one [theme] in reportgen.toml reaches the HTML, the PDF, the Word document and
the email summary (its colour, its heading font, its logo), and a bad value stops the build in one line."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.mail import email_reports, make_mail_config
from tests.unit.test_theme import png

COLOR = "rgb(200, 30, 90)"
COLOR_HEX = "C81E5A"
HEADING_FONT = "DejaVu Serif"  # installed with DejaVu Sans, which the built-in look uses
LOGO = png(width=40, height=12, rgb=(255, 102, 0))


@pytest.fixture(scope="module")
def themed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sleepstudy report in HTML, PDF and Word built with a [theme]; its folder holds the config."""
    folder = tmp_path_factory.mktemp("themed")
    (folder / "brand").mkdir()
    (folder / "brand" / "logo.png").write_bytes(LOGO)
    (folder / "reportgen.toml").write_text(
        f'[report]\nout = "out"\nformats = ["html", "pdf", "docx"]\n\n'
        f'[theme]\nlogo = "brand/logo.png"\ncolor = "{COLOR}"\nheading_font = "{HEADING_FONT}"\n'
        'font = "Source Sans 3"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "--config", str(folder / "reportgen.toml")])
    assert result.exit_code == 0, result.output
    return folder


def test_html_carries_the_colour_fonts_and_logo(themed: Path) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((themed / "out" / "report.html").read_text(encoding="utf-8"), "html.parser")
    styles = "\n".join(s.get_text() for s in soup.find_all("style") if s.get("media") != "screen")
    assert f"--accent: {COLOR};" in styles
    assert f'font-family: "{HEADING_FONT}",' in styles and 'font-family: "Source Sans 3",' in styles
    logo = soup.select_one("header.title-page img.brand-logo")
    assert logo is not None and logo["alt"]
    import base64

    assert base64.b64decode(logo["src"].split(",", 1)[1]) == LOGO


def test_pdf_draws_the_logo_and_sets_the_headings_in_the_theme_font(themed: Path) -> None:
    import pypdf

    reader = pypdf.PdfReader(themed / "out" / "report.pdf")
    first = reader.pages[0]
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in first["/Resources"]["/Font"].values()}
    assert "DejaVu-Serif-Bold" in fonts  # the headings; the built-in look has none but DejaVu Sans
    sizes = {(image.image.width, image.image.height) for image in first.images}
    assert (40, 12) in sizes  # the logo, at its own pixel size, on the title page


def test_word_styles_take_the_colour_and_font_and_the_header_the_logo(themed: Path) -> None:
    import docx

    document = docx.Document(str(themed / "out" / "report.docx"))
    for name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        assert str(style.font.color.rgb) == COLOR_HEX, name
        assert style.font.name == HEADING_FONT, name
    assert document.styles["Normal"].font.name == "Source Sans 3"
    section = document.sections[0]
    for header in (section.header, section.first_page_header):
        blobs = [rel.target_part.blob for rel in header.part.rels.values() if rel.reltype.endswith("/image")]
        assert blobs == [LOGO]


def test_email_summary_carries_the_colour_fonts_and_logo(themed: Path) -> None:
    from bs4 import BeautifulSoup

    config = make_mail_config(
        config_file=themed / "reportgen.toml", folder=themed / "out", to=["a@example.org"]
    )
    run = email_reports(config)
    (message,) = run.messages
    parsed = email.message_from_bytes(message.data, policy=email.policy.default)
    html = parsed.get_body(("html",)).get_content()
    soup = BeautifulSoup(html, "html.parser")
    assert f"color: {COLOR}" in soup.find("h1")["style"]
    assert HEADING_FONT in soup.find("h2")["style"]  # css-inline quotes it its own way
    logo = soup.find("img", alt="Logo")
    assert logo is not None and logo["src"].startswith("cid:")
    cid = logo["src"].removeprefix("cid:")
    parts = {str(p["Content-ID"]).strip("<>"): p.get_content() for p in parsed.walk() if p["Content-ID"]}
    assert parts[cid] == LOGO


def test_a_bad_colour_stops_the_build_in_one_line_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "reportgen.toml").write_text('[theme]\ncolor = "red;}</style><script>"\n', encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["build", "--config", str(tmp_path / "reportgen.toml"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "'color' in" in result.output and "[theme] must be a colour" in result.output


def test_an_svg_logo_is_refused_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')
    (tmp_path / "reportgen.toml").write_text('[theme]\nlogo = "logo.png"\n', encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["build", "--config", str(tmp_path / "reportgen.toml"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: 'logo' in [theme]:") and "not a PNG or JPEG" in result.output
    assert not (tmp_path / "report.html").exists()


def test_the_themed_pdf_still_passes_the_pdfua_checker(themed: Path) -> None:
    """The logo is a tagged figure with its alt text, as every image of the PDF."""
    from tests.crosscheck.test_pdfua import findings

    assert findings(themed / "out" / "report.pdf") == []
