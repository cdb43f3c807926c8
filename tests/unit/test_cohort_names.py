"""Cohort slugs stay with their cohort across runs; a new value never takes an old one's folder."""

from __future__ import annotations

from reportgen.cohorts.names import unique_slugs


def test_a_cohort_keeps_its_folder_when_a_new_value_slugs_alike() -> None:
    first = unique_slugs(["A B", "a-b", "A_B"])
    assert first == ["a-b", "a-b-2", "a-b-3"]
    earlier = dict(zip(["A B", "a-b", "A_B"], first, strict=True))
    # the new value sorts first: it gets a fresh folder, the others keep theirs
    assert unique_slugs(["A-B", "A B", "a-b", "A_B"], earlier) == ["a-b-4", "a-b", "a-b-2", "a-b-3"]


def test_a_gone_cohorts_folder_is_not_taken_by_a_new_value() -> None:
    assert unique_slugs(["a b"], {"A B": "a-b"}) == ["a-b-2"]
    assert unique_slugs(["a b"], {}) == ["a-b"]


def test_a_slug_from_an_edited_manifest_that_is_not_the_names_is_ignored() -> None:
    assert unique_slugs(["north"], {"north": "figures"}) == ["north"]
    assert unique_slugs(["north"], {"north": "south"}) == ["north"]
