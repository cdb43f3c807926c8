"""Email settings: addresses checked against header injection, the [email] table of reportgen.toml and
its mistakes, the email guide's examples (reportgen.mail.config). Sending: tests/e2e/test_mail.py.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from reportgen.cli import cli
from reportgen.errors import ConfigError, MailError
from reportgen.mail import (
    PASSWORD_ENV,
    make_mail_config,
    parse_address,
)
from tests.conftest import REPO


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No password or reportgen.toml from the developer's environment leaks into a test."""
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    "address, problem",
    [
        ("ann@example.org\r\nBcc: evil@example.org", "contains a line break or control character"),
        ("ann@example.org\nBcc: evil@example.org", "contains a line break or control character"),
        ("ann@example.org\x00", "contains a line break or control character"),
        ("Ann\u2028Lee <ann@example.org>", "contains a line break or control character"),
        ("ann@example.org, bob@example.org", "give one address per entry"),
        ("nobody", "it is not a valid address"),
        ("ann@", "it is not a valid address"),
        ("undisclosed-recipients:;", "give one address per entry"),
        ("ann@exämple.org", "only ASCII addresses are supported"),
    ],
)
def test_bad_addresses_are_refused(address: str, problem: str) -> None:
    with pytest.raises(MailError, match=re.escape(problem)):
        parse_address(address, "--to")


def test_email_table_in_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "reportgen.toml").write_text(
        '[report]\nout = "site"\n[email]\nfrom = "Lab <lab@example.org>"\nto = ["a@example.org"]\n'
        'cc = "c@example.org"\nreply_to = "r@example.org"\nsubject = "{title}: {cohort}"\n'
        'smtp_host = "smtp.example.org"\nsmtp_security = "tls"\nsmtp_user = "lab"\n'
        '[email.cohorts.site-b]\nto = "b@example.org"\n'
    )
    config = make_mail_config(config_file=tmp_path / "reportgen.toml", environ={PASSWORD_ENV: "pw"})
    assert config.folder == tmp_path / "site"
    assert str(config.sender) == "Lab <lab@example.org>"
    assert [str(a) for a in (*config.recipients.to, *config.recipients.cc, *config.recipients.reply_to)] == [
        "a@example.org", "c@example.org", "r@example.org",
    ]  # fmt: skip
    assert (config.smtp.host, config.smtp.port, config.smtp.security, config.smtp.user) == (
        "smtp.example.org", 465, "tls", "lab",
    )  # fmt: skip
    assert config.smtp.password == "pw" and "pw" not in repr(config)
    assert [str(a) for a in config.cohort_recipients["site-b"]["to"]] == ["b@example.org"]
    # options given win, for every cohort too
    config = make_mail_config(config_file=tmp_path / "reportgen.toml", to=["x@example.org"], smtp_port=2525)
    assert [str(a) for a in config.recipients.to] == ["x@example.org"] and config.smtp.port == 2525
    assert config.cohort_recipients["site-b"] == {}


@pytest.mark.parametrize(
    "toml, error",
    [
        (
            "[email]\nsmtp_port = 0\n",
            "'smtp_port' in {f} [email] must be a port number from 1 to 65535; got 0",
        ),
        ('[email]\nsmtp_security = "ssl"\n', "'smtp_security' in {f} [email] must be one of: \"starttls\""),
        ("[email]\nto = [1]\n", "'to' in {f} [email] must be an address or a list of addresses"),
        ('[email]\ntoo = "a@b.org"\n', "unknown key 'too' in {f} [email]; valid keys are: from, to, cc"),
        ('[email.cohorts.a]\nbcc = "x@y.org"\n', "'cohorts' in {f} [email] must be one table per cohort"),
        ('[report]\nto = "a@b.org"\n', "'to' belongs in [email]"),
    ],
)
def test_email_config_mistakes(toml: str, error: str, tmp_path: Path) -> None:
    path = tmp_path / "reportgen.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as info:
        make_mail_config(config_file=path)
    assert error.format(f=path) in str(info.value)


def test_invalid_address_in_the_config_file_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "reportgen.toml").write_text('[email.cohorts."Cohort A"]\ncc = "not an address"\n')
    with pytest.raises(MailError) as info:
        make_mail_config(config_file=tmp_path / "reportgen.toml")
    assert str(info.value) == (
        f"invalid email address 'not an address' in 'cc' in {tmp_path / 'reportgen.toml'} "
        '[email.cohorts."Cohort A"]: it is not a valid address'
    )


def test_docs_email_examples_parse() -> None:
    """The email guide's examples (docs/how-to/email.md; test_docs.py runs them too) parse."""
    page = (REPO / "docs" / "how-to" / "email.md").read_text()
    block = "".join(part.split("```", 1)[0] for part in page.split("```bash")[1:])
    examples = [shlex.split(line.split("#", 1)[0]) for line in block.strip().splitlines()]
    examples = [words[words.index("reportgen") :] for words in examples if "reportgen" in words]
    examples = [words for words in examples if words[1] == "email"]
    assert len(examples) >= 3
    for words in examples:
        command = cli.commands[words[1]]
        assert command.make_context(words[1], words[2:]).params is not None, words
