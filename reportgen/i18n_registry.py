"""The words of the section registry and of the study's chapters, for the message catalogues.

Their titles are data (:data:`reportgen.sections.SECTIONS`, :data:`reportgen.profiles.STUDY_CHAPTERS`),
not calls of ``_()``: :func:`extract` hands them to ``pybabel extract`` (``babel.cfg`` maps
``reportgen/sections.py`` to it), and the templates translate them through the ``heading`` filter
(:func:`reportgen.i18n.translated_heading`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def registry_words() -> tuple[str, ...]:
    """The parts' names ("Going further"), each section's title and intro, each chapter's title."""
    from reportgen.profiles import STUDY_CHAPTERS
    from reportgen.sections import PARTS, SECTIONS

    words = [*PARTS.values()]
    for section in SECTIONS:
        words += [section.title, section.intro]
    words += [chapter.title for chapter in STUDY_CHAPTERS]
    return tuple(dict.fromkeys(word for word in words if word))


def extract(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extraction method: the registry's words, once, whatever the file it is given."""
    for word in registry_words():
        yield 0, "gettext", word, ["the section registry (reportgen/sections.py, reportgen/profiles.py)"]
