"""In running text a p-value after "p" reads "p = 0.042" or "p < 0.001" (the ``p_eq`` style), never
"p 0.042": the ``p`` style (no sign) is for table cells under a "p" heading."""

from __future__ import annotations

import re

from tests.conftest import REPO

P_WITHOUT_SIGN = re.compile(r"\bp \{\{[^}]*\bnum\(\"p\"\)")


def test_no_template_writes_p_then_a_bare_value() -> None:
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "templates").rglob("*.j2"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if P_WITHOUT_SIGN.search(line)
    ]
    assert found == []


def test_the_pattern_finds_the_cohort_index_wording_it_replaced() -> None:
    assert P_WITHOUT_SIGN.search(
        'df (Satterthwaite), p {{ ["_comparison", "interaction_test", "p"] | num("p") }}:'
    )
    assert not P_WITHOUT_SIGN.search('p {{ ["_comparison", "interaction_test", "p"] | num("p_eq") }}:')
