"""Which model each covariate sentence speaks of (issue 21, fifth read: CO2's two "curve x Type" tests)."""

from __future__ import annotations

from reportgen.narrative.covariate_effects import interaction_choice, lrt_scope
from reportgen.narrative.shape import covariate_shape_sentence


def test_lrt_scope_names_the_shared_terms_only_when_an_interaction_is_kept() -> None:
    assert lrt_scope("Type", "conc") == "the likelihood-ratio test of the interaction"
    crossed = lrt_scope("Type", "conc", ("Treatment",))
    assert crossed.endswith("every term crossing conc with Type (conc × Type × Treatment too)")


def test_interaction_choice_never_moves_what_the_report_stands_on() -> None:
    for p in (0.01, 0.4):
        words = interaction_choice(p, "Type", "Treatment")
        assert "report stands on the" not in words
        assert words.endswith(
            "(the trend and the report's other summaries stand on the chosen model, without covariates)"
        )
    assert "covariate model keeps the Type × Treatment" in interaction_choice(0.01, "Type", "Treatment")
    assert "covariate model is additive" in interaction_choice(0.4, "Type", "Treatment")


def test_trend_sections_test_says_its_model_lacks_the_kept_interaction() -> None:
    plain = "".join(
        p for p in covariate_shape_sentence("Type", "conc", 0.001, ("Treatment",)) if isinstance(p, str)
    )
    crossed = "".join(
        p
        for p in covariate_shape_sentence("Type", "conc", 0.001, ("Treatment",), ("Treatment",))
        if isinstance(p, str)
    )
    assert "and Treatment in both)" in plain and "main effects only" not in plain
    assert "Treatment in both as main effects only" in crossed
    assert "the covariate section's model also has the Type × Treatment interaction" in crossed
