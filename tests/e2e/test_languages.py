"""Both languages rendered (issue 25 item 9): sleepstudy's report, handout, study report and email in
English and in German. German keeps no English of the words the templates mark, writes every number
with the same digits and a decimal comma, and says its language (<html lang>, Content-Language)."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path
from typing import Any

import pytest

from reportgen.config import make_config
from reportgen.i18n import LOCALE_DIR
from tests.support.rendered import rendered_numbers

DOCUMENTS = ("report.html", "handout.html")
PLACEHOLDER_OR_TAG = re.compile(r"%\(\w+\)s|<[^>]+>")


def _build(out: Path, **settings: Any) -> Path:
    from reportgen.pipeline import build_report

    build_report(make_config(out_dir=out, formats=("html",), **settings))
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The seminar's documents (report and handout) and the study report, in each language."""
    # German names its group and its plural in [labels]: inflect makes English plurals only.
    words = {"en": {}, "de": {"labels": {"group": "Proband", "group_plural": "Probanden"}}}
    return {
        (lang, profile): _build(
            tmp_path_factory.mktemp(f"{lang}-{profile}"), lang=lang, **settings, **words[lang]
        )
        for lang in ("en", "de")
        for profile, settings in (("seminar", {"variant": "both"}), ("study", {"profile": "study"}))
    }


def _english_fragments() -> list[str]:
    """The marked words of the catalogue, cut at placeholders and tags: each phrase of 12 characters
    or more must be gone from a German document (a single word, "Data" or "results.json", may be a
    column's or a file's name)."""
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / "de" / "LC_MESSAGES" / "reportgen.po").open("rb") as handle:
        catalogue = read_po(handle, locale="de")
    pieces = (
        " ".join(piece.split()).strip(" .,:;()")
        for m in catalogue
        if m.id
        for msgid in (m.id if isinstance(m.id, tuple) else (m.id,))  # ngettext's: singular and plural
        for piece in PLACEHOLDER_OR_TAG.split(str(msgid))
    )
    return [piece for piece in pieces if len(piece) >= 12 and " " in piece]


# Where the wrapped words are: the title page, the contents, the headings, the going-further
# introduction, the footer, and the head's title and descriptions; the six questions' prompts and the
# sentences that point to their figures, and the study report's design table (lang25d); the
# appendix (lang25e). The going-further prompts and most interpretation sentences
# (reportgen/narrative) are not wrapped yet and speak of "Going further" and "random slopes".
WRAPPED = (
    "header.title-page, nav.toc, h2, div.part-intro, footer, title, "
    "meta[name=description], meta[name=keywords], "
    + ", ".join(f"section#q{n} div.prompt, section#q{n} p:has(> a[href^='#fig-'])" for n in range(1, 7))
    + ", table:has(> caption#tab-study-design), section#appendix"
)


def _words(html: str) -> str:
    """The text of the parts of a document whose words the templates mark, white space made single."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    texts = [e.get("content") or e.get_text(" ") for e in soup.select(WRAPPED)]
    return re.sub(r"\s+", " ", " ".join(map(str, texts)))


@pytest.mark.parametrize(
    ("profile", "document"), [("seminar", d) for d in DOCUMENTS] + [("study", "report.html")]
)
def test_german_keeps_no_english_of_the_marked_words(
    built: dict[tuple[str, str], Path], profile: str, document: str
) -> None:
    english = (built["en", profile] / document).read_text()
    german = (built["de", profile] / document).read_text()
    assert '<html lang="en">' in english and '<html lang="de">' in german
    shown = [piece for piece in _english_fragments() if piece in _words(english)]
    assert len(shown) >= 3, "the English document shows too few marked words for the check to mean anything"
    left = [piece for piece in shown if piece in _words(german)]
    assert not left, f"English left in the German {profile} {document}: {left}"
    assert "Inhalt" in german and "Daten" in german
    if document == "report.html" and profile == "seminar":
        assert "von 18 Probanden" in _words(german) and "from 18 subjects" in _words(english)
        # Figure 4's sentence is one message: no English possessive glued to the German plural
        assert "subjects' own lines" in english and "Probanden' own" not in german
        assert "zeigt die eigenen Geraden der ersten" in _words(german)
    if document == "report.html":  # the handout numbers no figure or table
        _assert_numbered_labels(english, "Figure", "Table")
        _assert_numbered_labels(german, "Abbildung", "Tabelle")


def _assert_numbered_labels(html: str, figure: str, table: str) -> None:
    """Every figure's and table's label, in its caption and where the text points to it, in the
    document's language (single words, which the phrase check above leaves out)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")

    def numbered(selector: str) -> list[str]:  # "Figure 4", not a link that names its table in words
        return [text for e in soup.select(selector) if re.search(r"\d", text := e.get_text())]

    figures = numbered("span.fignum, a[href^='#fig-']")
    tables = numbered("span.tabnum, a[href^='#tab-']")
    assert figures or tables
    assert all(text.startswith(f"{figure} ") for text in figures), figures
    assert all(text.startswith(f"{table} ") for text in tables), tables


@pytest.mark.parametrize("profile", ["seminar", "study"])
def test_german_numbers_have_the_same_digits_and_a_decimal_comma(
    built: dict[tuple[str, str], Path], profile: str
) -> None:
    english = rendered_numbers(built["en", profile] / "report.html")
    german = rendered_numbers(built["de", profile] / "report.html")
    assert [key for key, _ in german] == [key for key, _ in english]
    for (key, en), (_, de) in zip(english, german, strict=True):
        assert de == en.replace(".", ",").replace("%", "\xa0%").replace("n/a", "k. A."), key
    assert sum("," in de for _, de in german) > 50


def test_the_results_are_the_same_in_both_languages(built: dict[tuple[str, str], Path]) -> None:
    import json

    def numbers(lang: str) -> dict[str, Any]:
        results = json.loads((built[lang, "seminar"] / "results.json").read_text())
        assert results["provenance"]["config"]["lang"] == lang
        for key in ("provenance", "report", "narrative"):  # settings and words (the group's name)
            results.pop(key)
        return results

    assert numbers("de") == numbers("en")


def test_the_german_email_says_its_language(built: dict[tuple[str, str], Path]) -> None:
    from reportgen.mail import Recipients, build_message, load_report_folder, parse_address

    def message(lang: str) -> email.message.EmailMessage:
        source = load_report_folder(built[lang, "seminar"])
        sent = build_message(
            source,
            sender=parse_address("reports@example.org", "test"),
            recipients=Recipients(to=(parse_address("a@example.org", "test"),)),
        )
        parsed = email.message_from_bytes(sent.data, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        return parsed

    english, german = message("en"), message("de")
    assert english["Content-Language"] == "en" and german["Content-Language"] == "de"
    text = german.get_body(preferencelist=("plain",))
    html = german.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert "WICHTIGSTE ERGEBNISSE" in text.get_content() and "KEY FINDINGS" not in text.get_content()
    assert '<html lang="de">' in html.get_content() and "Key findings" not in html.get_content()
    assert "Every number above" not in text.get_content()
    # the blocks' titles, the figures' titles and descriptions, the kicker (lang25d)
    plain = " ".join(text.get_content().split())
    for english_words, german_words in (
        ("ONE LINE FOR EVERYONE", "EINE GERADE FÜR ALLE"),
        ("One least-squares line for all observations", "Eine Kleinste-Quadrate-Gerade für alle"),
        ("Scatter of reaction time against", "Streudiagramm von Reaction time gegen"),
        ("Two parallel lines with slope", "Zwei parallele Geraden mit Steigung"),
        ("in the random-intercept model: one slope", "im Modell mit zufälligem Achsenabschnitt"),
        ("Report summary", "Zusammenfassung des Berichts"),
        # the key-findings rows (lang25e)
        ("- Spread of slopes: SD", "- Streuung der Steigungen: SD"),
        ("- Between subjects:", "- Zwischen Probanden: 58,9 % der nach den festen Effekten verbleibenden"),
        ("- Data: 18 subjects, 180 observations", "- Daten: 18 Probanden, 180 Beobachtungen"),
        ("- Average start:", "- Mittlerer Ausgangswert:"),
        ("- Average slope: 10.47 ms/day (95% CI", "- Mittlere Steigung: 10,47 ms/day (95%-KI"),
    ):
        english_plain = " ".join(english.get_body(preferencelist=("plain",)).get_content().split())  # type: ignore[union-attr]
        assert english_words in english_plain and english_words not in plain, english_words
        assert german_words in plain, german_words


# --- The narrative's sentences (issue 25 item 9, lang25c) ----------------------------------------------
# English words no German sentence has; the labels, which this German build leaves in English
# ("Reaction time", "Days of sleep deprivation"), are taken out before looking.
ENGLISH_WORDS = re.compile(
    r"\b(the|of|and|with|is|are|from|between|to|has|have|each|by|than|that|its|for|own)\b"
)
# The parts whose words the converted rules write: Questions 1, 2 and 4's interpretations,
# Question 3's first two (the single line; lang25e), the questions' figure descriptions
# (reportgen/narrative/seminar.py) and the seminar figures' titles (reportgen/figures/seminar.py,
# drawn under speaking(); lang25e); extend as modules are converted.
CONVERTED = ", ".join(
    [
        "section#q1 div.interpretation p:not(.label)",
        "section#q2 div.interpretation p:not(.label)",
        "section#q4 div.interpretation p:not(.label)",
        *(f"section#q{n} img[alt]" for n in range(1, 7)),
        *(f"section#q{n} figcaption" for n in (1, 2, 3, 4, 6)),
    ]
)
# Blocks of which only the first few are converted: Question 3's single line, its share between
# groups and its own lines per group with their verdict (q3_subject_lines; lang25f), all three.
CONVERTED_FIRST = (("section#q3 div.interpretation", 3),)


def _converted_texts(html: str, labels: tuple[str, ...]) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    firsts = [
        p for selector, n in CONVERTED_FIRST for block in soup.select(selector)[:n] for p in block.select("p")
    ]
    texts = []
    for element in [*soup.select(CONVERTED), *(p for p in firsts if "label" not in (p.get("class") or []))]:
        text = re.sub(r"\s+", " ", str(element.get("alt") or element.get_text(" ")))
        for label in labels:
            text = text.replace(label, "")
        texts.append(text)
    return texts


def test_the_converted_sentences_and_alt_texts_have_no_english_word(
    built: dict[tuple[str, str], Path],
) -> None:
    english = _converted_texts((built["en", "seminar"] / "report.html").read_text(), ("reaction time",))
    german = _converted_texts(
        (built["de", "seminar"] / "report.html").read_text(), ("Reaction time", "Days of sleep deprivation")
    )
    assert len(german) == len(english) >= 30  # Questions 1-4: 17 sentences; 7 figures: alt texts, captions
    assert all(ENGLISH_WORDS.search(text) for text in english)  # the check can find English
    left = [text for text in german if ENGLISH_WORDS.search(text)]
    assert not left, f"English left in the German narrative: {left}"
    # numbers written into the alt texts take the decimal comma (the OLS line: 251.41 + 10.47 x days)
    assert any("251,41 + 10,47 ×" in text for text in german)


def _narrative_messages() -> list[tuple[str, ...]]:
    """Every message the narrative rules mark that has a placeholder, as its English pieces between
    the placeholders ("The file has %(rows)s rows." -> "The file has", "rows.")."""
    from babel.messages.extract import extract_from_dir

    root = Path(__file__).resolve().parents[2] / "reportgen" / "narrative"
    messages = []
    for _file, _line, message, _comments, _context in extract_from_dir(str(root), [("**.py", "python")]):
        for msgid in message if isinstance(message, tuple) else (message,):
            pieces = tuple(p.strip() for p in re.split(r"%\(\w+\)s", msgid.replace("%%", "%")))
            if len(pieces) > 1 and sum(len(piece) for piece in pieces) >= 20:
                messages.append(tuple(piece for piece in pieces if len(piece) >= 3))
    return messages


def _plain_text(html: str) -> str:
    """A document's text as a reader sees it, its figures' descriptions after it, white space made single."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    alts = [str(image["alt"]) for image in soup.select("img[alt]")]
    return re.sub(r"\s+", " ", " ".join([soup.get_text(""), *alts]))


# Pieces of converted messages that sentences not yet converted also say in English (Going further's
# "Read at days 0, the first observed time, ..."): found in German for that reason, not this one's.
SAID_ELSEWHERE = {(", the first observed time",)}


def test_no_marked_narrative_message_is_left_in_english(built: dict[tuple[str, str], Path]) -> None:
    """Every marked narrative message that the English report shows is gone from the German one: a
    message marked but not translated, or translated but not looked up, fails here."""
    english = _plain_text((built["en", "seminar"] / "report.html").read_text())
    german = _plain_text((built["de", "seminar"] / "report.html").read_text())

    def shows(text: str, pieces: tuple[str, ...]) -> bool:
        return all(piece in text for piece in pieces)

    shown = [pieces for pieces in _narrative_messages() if shows(english, pieces)]
    assert len(shown) >= 8, "the English report shows too few marked narrative messages to mean anything"
    left = [pieces for pieces in shown if shows(german, pieces) and pieces not in SAID_ELSEWHERE]
    assert not left, f"narrative messages left in English in the German report: {left}"
