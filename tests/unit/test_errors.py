"""Every ReportError's message is made safe in the exception itself: control characters, line breaks
and lone surrogates are escapes, so ``str(exc)`` and ``print(exc)`` are safe in the API too."""

from __future__ import annotations

import io

import pytest

from reportgen import errors
from reportgen.errors import ReportError, printable

RAW = "Re\x1b[2Jac\ud800tion\nnext\u202eline"
SUBTYPES = [
    errors.ReportError(RAW),
    errors.ConfigError(RAW, key="data.response"),
    errors.InputFileError(RAW, path="x.csv"),
    errors.ColumnError(RAW, column="Reaction"),
    errors.DataValueError(RAW),
    errors.SubjectError(RAW, subject="308"),
    errors.ModelError(RAW),
    errors.OutputError(RAW, path="out"),
    errors.TemplateError(RAW),
    errors.MailError(RAW),
    errors.SendError(RAW, recipients=(), code=None, sent=0, skipped=0, failed=0, left=0),
    errors.CohortError(RAW),
    errors.ClusterError(RAW, address="tcp://x"),
    errors.SchemaError(RAW),
    errors.InterruptedRunError(RAW),
]


@pytest.mark.parametrize("exc", SUBTYPES, ids=lambda exc: type(exc).__name__)
def test_every_error_message_is_printable(exc: ReportError) -> None:
    text = str(exc)
    assert text == "Re\\x1b[2Jac\\ud800tion\\nnext\\u202eline"
    assert text.isprintable()
    text.encode("utf-8")  # a lone surrogate would raise here, and in print()
    print(exc, file=io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict"))


def test_clean_text_is_kept_and_cleaning_twice_changes_nothing() -> None:
    plain = "column 'Réaction' not found; columns are: a, b"
    assert str(ReportError(plain)) == plain
    assert printable(str(ReportError(RAW))) == str(ReportError(RAW))


def test_fields_keep_the_raw_value() -> None:
    assert errors.ColumnError(RAW, column=RAW).column == RAW


def test_a_long_list_names_its_first_items_and_how_many_more() -> None:
    from reportgen.errors import listed

    assert listed(["a", "b", "c"]) == "a, b, c"
    assert listed(range(10_000)) == ", ".join(map(str, range(20))) + " and 9,980 more"
    assert listed(range(9), 8) == "0, 1, 2, 3, 4, 5, 6, 7 and 1 more"
