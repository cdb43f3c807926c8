"""reportgen.words.with_article and verb agreement: "an id's", "follicles take", "uptake takes"."""

from __future__ import annotations

from reportgen.words import agreeing, possessive, with_article


def test_articles_follow_the_sound_of_the_word() -> None:
    assert with_article("id") == "an id"
    assert possessive(with_article("id")) == "an id's"  # not "a id's"
    assert with_article("plant") == "a plant"
    assert with_article("ID") == "an ID"
    assert with_article("unit") == "a unit"


def test_verbs_agree_with_plural_response_nouns() -> None:
    assert agreeing("follicles", "takes") == "take"
    assert agreeing("weights", "rises") == "rise"
    assert agreeing("uptake", "rises") == "rises"
