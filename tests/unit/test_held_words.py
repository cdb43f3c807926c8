"""The covariate figure's alt text says where the other covariates are held, as its text does
(seventh read: CO2's alt texts gave "Mississippi: 0.010; Quebec: 0.031" without "at Treatment
chilled"; nonchilled Mississippi plants rise at about 0.022)."""

from reportgen.narrative.model import held_words


def test_a_reference_level_and_a_mean_are_named() -> None:
    said = held_words({"Treatment": "chilled", "age": 12.5}, lambda v: f"{v:.1f}")
    assert said == " (with Treatment at its reference level, chilled and age at its mean, 12.5)"


def test_nothing_held_says_nothing() -> None:
    assert held_words({}, str) == ""
