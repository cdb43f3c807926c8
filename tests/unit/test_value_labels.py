"""Value labels replace id codes only when every id has a label of its own; otherwise the codes
stay and the warning names them (breaker round 5: labels merging 308 and 309 were ignored silently)."""

from __future__ import annotations

from reportgen.value_labels import id_labels

IDS = ["308", "308", "309", "310"]


def test_labels_of_their_own_replace_the_codes() -> None:
    mapping, why = id_labels(IDS, {"308": "Anna", "309": "Ben", "310": "Cleo"}, "Subject")
    assert mapping == {"308": "Anna", "309": "Ben", "310": "Cleo"} and why == ""


def test_labels_that_would_merge_ids_are_not_applied_and_the_codes_named() -> None:
    mapping, why = id_labels(IDS, {"308": "Anna", "309": "Anna", "310": "Cleo"}, "Subject")
    assert mapping is None
    assert "give the ids 308, 309 the same label 'Anna'" in why


def test_an_unlabelled_or_empty_labelled_id_keeps_the_codes_and_is_named() -> None:
    mapping, why = id_labels(IDS, {"308": "Anna", "309": " "}, "Subject")
    assert mapping is None
    assert "name 1 of its 3 ids; 309, 310 have no label" in why
    mapping, why = id_labels(IDS, {"308": "Anna", "309": "Ben"}, "Subject")
    assert mapping is None and "310 has no label" in why


def test_labels_of_other_values_say_nothing() -> None:
    assert id_labels(IDS, {"1": "yes", "2": "no"}, "Subject") == (None, "")
    assert id_labels([], {"308": "Anna"}, "Subject") == (None, "")
