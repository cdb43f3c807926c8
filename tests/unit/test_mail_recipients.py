"""Per-cohort recipients: a key names a cohort by its exact name first, then case-folded, then slug."""

from __future__ import annotations

from reportgen.mail.run import cohort_of_keys

COHORTS = [("A", "a"), ("a", "a-2"), ("North", "north")]


def test_a_key_is_the_cohort_of_that_exact_name_before_a_slug_or_another_case() -> None:
    # 'a' is cohort 'a''s name and cohort 'A''s slug: the name wins; 'A' is cohort 'A''s
    assert cohort_of_keys(["a", "A"], COHORTS) == {"a": "a", "A": "A"}
    # flipped: without a cohort named 'a', the key 'a' is 'A''s (case-folded, and its slug)
    assert cohort_of_keys(["a"], [("A", "a"), ("North", "north")]) == {"a": "A"}


def test_case_folded_names_come_before_slugs_and_ambiguity_names_none() -> None:
    assert cohort_of_keys(["NORTH", "north", "a-2"], COHORTS) == {
        "NORTH": "North",
        "north": "North",
        "a-2": "a",
    }
    assert cohort_of_keys(["á"], [("Á", "a"), ("á", "a-2"), ("x", "x")]) == {"á": "á"}
    assert cohort_of_keys(["B"], [("b", "b"), ("b ", "b-2")]) == {"B": "b"}
    assert cohort_of_keys(["b"], [("B", "b"), ("b\u200b", "b-2")]) == {"b": "B"}
    assert cohort_of_keys(["x"], COHORTS) == {}


def test_site_a_recipients_never_get_site_capital_a() -> None:
    from pathlib import Path

    from reportgen.mail.config import MailConfig, Recipients, parse_address
    from reportgen.mail.folders import ListedCohort
    from reportgen.mail.run import recipients_for

    lower = parse_address("lower@example.org", "to")
    config = MailConfig(
        folder=Path("out"),
        recipients=Recipients(),
        cohorts=True,
        cohort_recipients={"a": {"to": (lower,)}},
    )
    upper_a, lower_a = ListedCohort("A", "a"), ListedCohort("a", "a-2")
    both = [upper_a, lower_a]
    assert recipients_for(config, upper_a, both).to == ()
    assert recipients_for(config, lower_a, both).to == (lower,)
