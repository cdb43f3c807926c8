"""Languages (reportgen.i18n): catalogues compiled in memory, numbers and dates in a locale's format,
the templates' marked words, and a German catalogue complete for every word marked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.errors import ConfigError
from reportgen.i18n import (
    LOCALE_DIR,
    SOURCE_LANGUAGE,
    check_language,
    language_tag,
    languages,
    localized_date,
    localized_number,
    translations,
)
from reportgen.numbers import format_number
from reportgen.render import environment

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize(
    "text, german",
    [
        ("249.56", "249,56"),
        ("-0.25", "-0,25"),
        ("< 0.001", "< 0,001"),
        ("= 0.124", "= 0,124"),
        ("28.6%", "28,6\xa0%"),
        ("180", "180"),
        ("1.2e-05", "1,2e-05"),
        ("n/a", "k. A."),
    ],
)
def test_german_numbers_take_the_decimal_comma(text: str, german: str) -> None:
    assert localized_number(text, "de") == german
    assert localized_number(text, SOURCE_LANGUAGE) == text  # English: as format_number wrote it


def test_the_digits_are_rounded_once_the_same_in_every_language() -> None:
    # 2.675 is 2.67499... in binary: both languages show the same rounded digits.
    english = format_number(2.675, "fixed", 2)
    assert english == "2.67"
    assert localized_number(english, "de") == "2,67"


def test_dates_in_the_locale_format_english_keeps_iso() -> None:
    assert localized_date("2026-12-07", "en") == "2026-12-07"
    assert localized_date("2026-12-07", "de") == "07.12.2026"
    assert localized_date("not a date", "de") == "not a date"


def test_languages_are_english_and_each_catalogue() -> None:
    assert languages()[0] == "en"
    assert "de" in languages()
    assert check_language("de") == "de"
    assert language_tag("de") == "de-DE"


def test_an_unknown_language_is_one_line_naming_the_known_ones() -> None:
    with pytest.raises(ConfigError) as caught:
        check_language("xx")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("language 'xx' is not available; use --lang with one of en, de")
    assert caught.value.key == "report.lang"


def test_a_catalogue_is_compiled_in_memory_and_english_needs_none() -> None:
    assert translations("de").gettext("Contents") == "Inhalt"
    assert translations("en").gettext("Contents") == "Contents"
    assert not list(LOCALE_DIR.rglob("*.mo"))  # no compiled catalogue in the package


def _render(source: str, lang: str, **context: object) -> str:
    return str(environment(None, lang).from_string(source).render(**context))


def test_templates_translate_and_keep_autoescape() -> None:
    source = '{{ _("Data") }}: {% trans file=name %}Study report for {{ file }}{% endtrans %}'
    assert _render(source, "en", name="<b>x</b>") == "Data: Study report for &lt;b&gt;x&lt;/b&gt;"
    assert _render(source, "de", name="<b>x</b>") == "Daten: Studienbericht zu &lt;b&gt;x&lt;/b&gt;"


def test_numbers_of_a_template_take_the_language_but_code_keeps_the_point() -> None:
    context = {"results": {"a": 1.5, "t": 4.5}, "decimals": 2}
    source = '{{ "a" | num }} {{ "t" | num("auto", code=true) }}'
    assert _render(source, "en", **context) == (
        '<span class="num" data-key="a">1.50</span> <span class="num" data-key="t">4.5</span>'
    )
    assert _render(source, "de", **context) == (
        '<span class="num" data-key="a">1,50</span> <span class="num" data-key="t">4.5</span>'
    )


def _marked_messages() -> dict[str, set[str]]:
    """Every word marked in the templates and the package, as pybabel extracts it (babel.cfg)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str, set[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(str(ROOT), method_map, options_map):
        msgid = message[0] if isinstance(message, tuple) else message  # a plural's key: its singular
        found.setdefault(msgid, set()).add(filename)
    return found


def _placeholders_match(used: set[str], given: set[str]) -> bool:
    """A translation uses its message's placeholders; where the message names the singular group, it
    may say it by an inflected form instead (reportgen/narrative/group_forms.py) or leave it out (the
    plural group says it)."""
    from reportgen.narrative.group_forms import FORM_NAMES

    if "group" not in given:
        return used == given
    return used - FORM_NAMES <= given and given - used <= {"group"}


def test_a_translation_may_say_the_group_by_its_inflected_form_only() -> None:
    assert _placeholders_match({"in_each_group", "time"}, {"group", "time"})
    assert _placeholders_match({"groups"}, {"group", "groups"})
    assert not _placeholders_match({"in_each_group"}, {"time"})  # no group to inflect
    assert not _placeholders_match({"group"}, {"group", "time"})  # a number or a word left out
    assert not _placeholders_match({"group", "rows"}, {"group"})  # a placeholder Python does not give


def test_the_german_catalogue_translates_every_marked_word_with_its_placeholders() -> None:
    from babel.messages.pofile import read_po

    marked = _marked_messages()
    assert {"Contents", "Key findings", "Study report", "n/a"} <= set(marked)
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / "reportgen.po").open("rb") as handle:
        catalogue = read_po(handle, locale="de")
    for msgid, files in marked.items():
        entry = catalogue.get(msgid)
        assert entry is not None and entry.string, f"{msgid!r} (in {sorted(files)}) has no German"
        assert not entry.fuzzy, f"{msgid!r} is marked fuzzy"
        # ngettext's entries have a singular and a plural, and a translation for each plural form
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        placeholders = {name for text in ids for name in PLACEHOLDER.findall(str(text))}
        for form in forms:
            assert form, msgid
            assert _placeholders_match(set(PLACEHOLDER.findall(str(form))), placeholders), msgid
    stale = {m.id for m in catalogue if m.id and (m.id[0] if m.pluralizable else m.id) not in marked}
    assert not stale, f"catalogue entries no template or module marks: {sorted(stale)}"


@pytest.mark.parametrize(
    ("lang", "group_plural", "plural", "time"),
    [
        ("en", "", "subjects", "days of sleep"),  # inflect's plural; the noun in running text
        ("en", "people measured", "people measured", "days of sleep"),  # given: it wins
        ("de", "", "Subject", "Days of sleep"),  # no English plural in German: as written
        ("de", "Probanden", "Probanden", "Days of sleep"),  # German nouns keep their capital
    ],
)
def test_the_group_plural_comes_from_the_labels_outside_english(
    lang: str, group_plural: str, plural: str, time: str
) -> None:
    from reportgen.config import Labels

    labels = Labels("Reaction time", "ms", "Days of sleep", "day", "Subject", group_plural)
    source = "{{ labels.group | plural }}|{{ labels.time | noun }}"
    assert _render(source, lang, labels=labels) == f"{plural}|{time}"


def test_settings_used_show_the_group_plural_only_when_given() -> None:
    from reportgen.settings_shown import shown_setting

    labels = {"group": "Proband", "group_plural": ""}
    assert shown_setting("labels", labels) == ("labels", "[labels]", "group = Proband")
    labels["group_plural"] = "Probanden"
    assert shown_setting("labels", labels) == (
        "labels",
        "[labels]",
        "group = Proband; group_plural = Probanden",
    )
    assert shown_setting("lang", "en") is None  # English, as every report was before --lang
    assert shown_setting("lang", "de") == ("lang", "--lang", "de")
