"""The template sandbox refuses giant values before making them (a hang deaf to SIGTERM otherwise)."""

from __future__ import annotations

import pytest

from reportgen.errors import TemplateError
from reportgen.render import environment

GIANT = [
    '{{ "a" * 10**10 }}',
    "{{ 10**10 * [1] }}",
    "{{ (1, 2) * 10**9 }}",
    "{{ 10 ** 10000000000 }}",
    '{{ "%999999999s" % 1 }}',
    '{{ "%*s" % (10**9, "x") }}',
    '{{ "{:>999999999}".format(1) }}',
    '{{ "{:>{}}".format(1, 10**9) }}',
    '{{ "{w:>{n}}".format(w=1, n=10**9) }}',
]


@pytest.mark.parametrize("source", GIANT)
def test_a_giant_value_is_one_template_error(source: str) -> None:
    with pytest.raises(TemplateError, match=r"larger than 10 million characters"):
        environment().from_string(source).render()


def test_ordinary_arithmetic_and_formatting_still_work() -> None:
    source = '{{ "ab" * 3 }}|{{ 3 * "-" }}|{{ 2 ** 10 }}|{{ 7 % 3 }}|'
    source += '{{ "%5.2f" % 3.14159 }}|{{ "{:>4}".format(1) }}'
    assert environment().from_string(source).render() == "ababab|---|1024|1| 3.14|   1"
