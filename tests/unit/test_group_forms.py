"""The group noun's inflected forms (reportgen/narrative/group_forms.py): German puts the article and
the dative the user gives ([labels] group_gender, group_dative), else a phrasing without an article;
the setting is checked like every other."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.config import Labels, make_config
from reportgen.errors import ConfigError
from reportgen.i18n import speaking
from reportgen.narrative.correlation_words import within_meaning
from reportgen.narrative.group_forms import group_forms, in_each_group


def _labels(group: str, gender: str = "", dative: str = "") -> Labels:
    return Labels("Reaktionszeit", "ms", "Tage", "Tag", group, "", gender, dative)


def test_the_gender_picks_the_article_and_the_dative_its_ending() -> None:
    with speaking("de"):
        assert group_forms(_labels("Proband", "m", "Probanden")) == {"in_each_group": "bei jedem Probanden"}
        assert in_each_group("Probandin", "f") == "bei jeder Probandin"
        assert in_each_group("Kind", "n") == "bei jedem Kind"  # the dative as written when none is given
        assert in_each_group("Proband") == "je Proband"  # no gender: no article, right for every noun


def test_the_form_reaches_the_german_sentence_and_english_is_untouched() -> None:
    rising = (0.7, 0.001, True, False)
    with speaking("de"):
        nouns = {"group": "Proband", "time": "Tage", "response": "Reaktionszeit"}
        given = within_meaning(
            rising[0], rising[1], {**nouns, **group_forms(_labels("Proband", "m", "Probanden"))}, *rising[2:]
        )
        plain = within_meaning(*rising[:2], nouns, *rising[2:])
    assert given.startswith("bei jedem Probanden steigt Reaktionszeit")
    assert plain.startswith("je Proband steigt Reaktionszeit")
    english = within_meaning(*rising[:2], {"group": "subject", "time": "days", "response": "y"}, *rising[2:])
    assert english == "inside each subject, y tends to rise as days increase"


def test_the_gender_setting_takes_m_f_n_or_nothing(tmp_path: Path) -> None:
    given = tmp_path / "reportgen.toml"
    given.write_text('[labels]\ngroup = "Probandin"\ngroup_gender = "f"\n', encoding="utf-8")
    labels = make_config(config_file=given).labels
    assert (labels.group_gender, labels.group_dative) == ("f", "")
    given.write_text('[labels]\ngroup_gender = "masculine"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match='group_gender.*must be one of: "", "m", "f", "n"'):
        make_config(config_file=given)
