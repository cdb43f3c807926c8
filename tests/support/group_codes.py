"""Counting the group factorizations the exact engine computes (reportgen.analysis.group_codes)."""

from __future__ import annotations

import pytest

from reportgen.analysis import lmm


def counted_factorizations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one at each factorization actually computed."""
    calls: list[int] = []
    factorize = lmm._factorize_values

    def counted(groups: object) -> tuple[object, object]:
        calls.append(1)
        return factorize(groups)

    monkeypatch.setattr(lmm, "_factorize_values", counted)
    return calls
