"""A sender no mail server delivers from (reportgen@localhost, a .local name, 127.0.0.1) is warned
about; a real domain is not."""

from __future__ import annotations

import pytest

from reportgen.mail.config import DEFAULT_SENDER, parse_address, sender_warning


def test_the_default_sender_is_warned_about_and_says_how_to_set_one() -> None:
    warning = sender_warning(parse_address(DEFAULT_SENDER, "the default sender"), default=True)
    assert warning == (
        "the messages are from reportgen@localhost, a placeholder no mail server delivers; "
        "set 'from' in [email] of reportgen.toml, or give --from"
    )


@pytest.mark.parametrize(
    "address",
    ["lab@localhost", "lab@box.local", "lab@host.localdomain", "lab@[127.0.0.1]", "Lab <lab@LOCALHOST>"],
)
def test_a_sender_at_this_machine_is_warned_about(address: str) -> None:
    warning = sender_warning(parse_address(address, "--from"), default=False)
    assert warning is not None and warning.startswith("the sender ") and "--from" in warning


@pytest.mark.parametrize(
    "address", ["lab@example.org", "Sleep lab <lab@uni-local.de>", "a@localhost.example.com"]
)
def test_a_sender_at_a_real_domain_is_not(address: str) -> None:
    assert sender_warning(parse_address(address, "--from"), default=False) is None
