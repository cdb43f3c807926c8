"""Languages: message catalogues (gettext through Babel) and numbers and dates in a locale's format.

The catalogues are ``.po`` files in the package, ``reportgen/locale/<lang>/LC_MESSAGES/reportgen.po``,
compiled in memory the first time a language is used (no build step, no ``.mo`` files in git).
English is the source language: its words are the templates' own, so it needs no catalogue.

Numbers are rounded once, by :func:`reportgen.numbers.format_number`, the same in every language;
:func:`localized_number` then writes that text with the locale's symbols (Babel's CLDR data): the
decimal comma and the spaced percent sign of German, the same digits. English text is left as it is.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.errors import ConfigError

if TYPE_CHECKING:
    from babel.support import NullTranslations

SOURCE_LANGUAGE = "en"
DOMAIN = "reportgen"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def languages() -> tuple[str, ...]:
    """The languages a report can be written in: English and each catalogue in the package."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


def as_language(value: object) -> str:
    """A language code reportgen has a catalogue for (``en``, ``de``), or ``ValueError``."""
    known = languages()
    if not isinstance(value, str) or value not in known:
        raise ValueError(f"one of {', '.join(known)}")
    return value


def check_language(lang: str) -> str:
    """``lang``, or a one-line :class:`ConfigError` naming the languages there are.

    Raises:
        ConfigError: no catalogue for ``lang``.
    """
    try:
        return as_language(lang)
    except ValueError as exc:
        raise ConfigError(
            f"language {lang!r} is not available; use --lang with {exc} (catalogues are in "
            "reportgen/locale/<lang>/LC_MESSAGES/reportgen.po)",
            key="report.lang",
        ) from None


@functools.cache
def translations(lang: str) -> NullTranslations:
    """The compiled catalogue of ``lang`` (English: the words as written), cached per language.

    Raises:
        ConfigError: no catalogue for ``lang``.
    """
    from babel.support import NullTranslations

    if check_language(lang) == SOURCE_LANGUAGE:
        return NullTranslations()
    return _compiled(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po", lang)


def _compiled(po_path: Path, lang: str) -> NullTranslations:
    """A ``.po`` file compiled to ``.mo`` bytes in memory and read back as Babel ``Translations``."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def language_tag(lang: str) -> str:
    """The language with its likeliest region, as Word names a language: ``de`` -> ``de-DE``."""
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(lang, lang)).split("_")
    return f"{likely[0]}-{likely[-1]}" if len(likely) > 1 else lang


# A numbered heading of the registry: "Going further 3: is the trend straight?".
_NUMBERED = re.compile(r"(?P<part>[^\d:]+) (?P<number>\d+): (?P<title>.+)", re.DOTALL)


def translated_heading(title: str, lang: str) -> str:
    """A section's or chapter's title in ``lang``: a numbered one by its part's name and its own title
    ("Going further 3: is the trend straight?" -> "Weiterführend 3: Ist der Trend gerade?"); words
    the catalogue lacks (a covariate's title after its column is filled in) stay as written."""
    if lang == SOURCE_LANGUAGE:
        return title
    catalogue = translations(lang)
    numbered = _NUMBERED.fullmatch(title)
    if numbered is None:
        return _registry_word(title, lang)
    part, title = catalogue.gettext(numbered["part"]), _registry_word(numbered["title"], lang)
    return f"{part} {numbered['number']}: {title}"


def _registry_word(text: str, lang: str) -> str:
    """A registry title or intro in ``lang``; a repeated section's, whose ``{param}`` the covariate's
    column has filled in ("does age change the trajectory?"), by its message with ``{param}``."""
    translated = str(translations(lang).gettext(text))
    if translated != text:
        return translated
    for pattern, message in _param_messages(lang):
        found = pattern.fullmatch(text)
        if found is not None:
            return message.replace("{param}", found["param"])
    return text


@functools.cache
def _param_messages(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The registry's words with ``{param}``: each as a pattern of its filled-in English, and its
    translation."""
    from reportgen.i18n_registry import registry_words

    catalogue = translations(lang)
    return tuple(
        (
            re.compile(re.escape(word).replace(re.escape("{param}"), "(?P<param>.+)")),
            str(catalogue.gettext(word)),
        )
        for word in registry_words()
        if "{param}" in word
    )


# --- numbers and dates --------------------------------------------------------------------------------

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?%?")


@functools.cache
def _symbols(lang: str) -> tuple[str, str, str]:
    """The locale's decimal symbol, minus sign, and what follows a percentage's digits ("%", " %")."""
    from babel.numbers import format_percent, get_decimal_symbol, get_minus_sign_symbol

    percent = format_percent(0, locale=lang)  # "0%" in English, "0\xa0%" in German
    return get_decimal_symbol(lang), get_minus_sign_symbol(lang), percent[percent.index("0") + 1 :]


def localized_number(text: str, lang: str) -> str:
    """A number as :func:`reportgen.numbers.format_number` wrote it, in ``lang``'s symbols.

    English is returned as it is; in German "-0.25" reads "-0,25", "< 0.001" "< 0,001", "12.5%"
    "12,5 %". Digits and rounding never change: only the symbols between them.
    """
    if lang == SOURCE_LANGUAGE:
        return text
    decimal, minus, percent = _symbols(lang)

    def one(match: re.Match[str]) -> str:
        number = match.group(0)
        shown = number.rstrip("%").replace(".", decimal)
        if shown.startswith("-"):
            shown = minus + shown[1:]
        return shown + percent if number.endswith("%") else shown

    if text == "n/a":
        return str(translations(lang).gettext("n/a"))
    return _NUMBER.sub(one, text)


# How a date is written: English keeps ISO 8601 (2026-12-07), as every report has; others the
# locale's medium format through Babel (German: 07.12.2026).
DATE_PATTERNS = {SOURCE_LANGUAGE: "yyyy-MM-dd"}


def localized_date(iso_date: str, lang: str) -> str:
    """An ISO date (``2026-12-07``) in ``lang``'s format; text that is not an ISO date as it is."""
    import datetime

    if lang == SOURCE_LANGUAGE:
        return iso_date
    try:
        day = datetime.date.fromisoformat(iso_date)
    except ValueError:
        return iso_date
    from babel.dates import format_date

    return str(format_date(day, format=DATE_PATTERNS.get(lang, "medium"), locale=lang))


# --- the narrative's language ---------------------------------------------------------------------
# The narrative rules (reportgen/narrative) are hundreds of small functions called deep inside each
# other; rather than thread ``lang`` through every one of them, the build says which language it
# writes for the span of the narrative stage (:func:`speaking`) and the rules' ``_()``, ``ngettext()``
# and numbers read it. A context variable, not a global: set and reset around one stage, per thread.
_SPOKEN: contextvars.ContextVar[str] = contextvars.ContextVar("reportgen_spoken", default=SOURCE_LANGUAGE)


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[str]:
    """Within the block, the narrative rules write ``lang`` (English outside any block).

    Raises:
        ConfigError: no catalogue for ``lang``.
    """
    token = _SPOKEN.set(check_language(lang))
    try:
        yield lang
    finally:
        _SPOKEN.reset(token)


def spoken_language() -> str:
    """The language the narrative rules write now (:func:`speaking`)."""
    return _SPOKEN.get()


def gettext(message: str) -> str:
    """A whole sentence (or a word a sentence takes whole) in the language spoken now."""
    lang = _SPOKEN.get()
    return message if lang == SOURCE_LANGUAGE else str(translations(lang).gettext(message))


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it, which pybabel extracts)
    """A message marked for the catalogue where it is written as data (a table of titles), returned as
    it is: the code that shows it translates it then, with :func:`gettext`."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The sentence for a count ``n`` in the language spoken now, by its catalogue's plural forms."""
    lang = _SPOKEN.get()
    if lang == SOURCE_LANGUAGE:
        return singular if n == 1 else plural
    return str(translations(lang).ngettext(singular, plural, n))


def number_text(value: float | int | None, style: str = "fixed", decimals: int = 2) -> str:
    """A number written into text (an alt text, a caption) in the language spoken now: rounded once
    by :func:`reportgen.numbers.format_number`, then in the locale's symbols (251.41 -> 251,41)."""
    from reportgen.numbers import format_number

    return localized_number(format_number(value, style, decimals), _SPOKEN.get())


def label_noun(label: str) -> str:
    """A label as a noun in running text: English lower-cases it ("Days" -> "days",
    :func:`reportgen.words.noun`); other languages keep it as written (German nouns keep their capital)."""
    from reportgen.words import noun

    return noun(label) if _SPOKEN.get() == SOURCE_LANGUAGE else label.strip()


def label_plural(label: str, given: str = "") -> str:
    """Several of a label's things: ``given`` (``[labels] group_plural``) when there is one, else
    English's plural (inflect), or in another language the label as written."""
    from reportgen.words import plural

    if given:
        return given
    return plural(label) if _SPOKEN.get() == SOURCE_LANGUAGE else label.strip()
