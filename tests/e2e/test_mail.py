"""Email summaries: messages as mail clients need them, an outbox, and SMTP delivery once and only once.

Every SMTP test talks to a real aiosmtpd server on 127.0.0.1 and parses what it received with the
``email`` package. Retries are made instant by an injected sleep.
"""

from __future__ import annotations

import email
import email.policy
import io
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from bs4 import BeautifulSoup
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.errors import ConfigError, MailError, SendError
from reportgen.file_digests import written_list
from reportgen.mail import (
    HTML_LIMIT,
    PASSWORD_ENV,
    RetryPolicy,
    SendSummary,
    build_message,
    email_reports,
    key_findings,
    load_report_folder,
    make_mail_config,
    parse_address,
    plain_sentence,
    read_send_log,
)
from reportgen.narrative import Num, sentence_from_json
from reportgen.numbers import format_number
from reportgen.results import lookup
from tests.crosscheck import test_browser
from tests.crosscheck.test_browser import Visit

# test_browser.py's headless Chromium (same launch flags) and its page visitor, as fixtures here too
browser, visit = test_browser.browser, test_browser.visit

SENDER = "Sleep lab <lab@example.org>"
TO = "class@example.org"
NO_WAIT = RetryPolicy(delays=(0.0, 0.0))
# aiosmtpd warns about these itself, in its server thread; pytest would turn them into errors there.
AUTH_WARNINGS = (
    pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"),
    pytest.mark.filterwarnings("ignore:Session.login_data is deprecated"),
)


def auth_warnings(test: Callable[..., Any]) -> Callable[..., Any]:
    for mark in AUTH_WARNINGS:
        test = mark(test)
    return test


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No password or reportgen.toml from the developer's environment leaks into a test."""
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    monkeypatch.chdir(tmp_path)


# --- report folders -------------------------------------------------------------------------------


def copy_report(built: Path, to: Path, *, pdf: bool = False) -> Path:
    """A report folder with the files email reads (results.json, figures/, optionally report.pdf)."""
    to.mkdir(parents=True)
    shutil.copy(built / "results.json", to / "results.json")
    shutil.copytree(built / "figures", to / "figures")
    if pdf:
        shutil.copy(built / "report.pdf", to / "report.pdf")
    return to


@pytest.fixture()
def report(built_report: Path, tmp_path: Path) -> Path:
    return copy_report(built_report, tmp_path / "report", pdf=True)


COHORTS = [
    ("Cohort A", "cohort-a", "ok"),
    ("Cohort B", "cohort-b", "skipped"),
    ("Cohort C", "cohort-c", "ok"),
]


def make_cohort_run(built: Path, run: Path, cohorts: list[tuple[str, str, str]] = COHORTS) -> Path:
    """A folder as ``reportgen cohorts --by site`` writes it: manifest.json and a report per cohort."""
    entries = []
    for name, slug, status in cohorts:
        if status != "error":
            copy_report(built, run / slug)
            results = json.loads((run / slug / "results.json").read_text())
            results["report"]["title"] += f" (site = {name})"
            (run / slug / "results.json").write_text(json.dumps(results))
        entries.append(
            {
                "name": name,
                "slug": slug,
                "status": status,
                "error": "column 'Reaction' has no values" if status == "error" else None,
                "input_hash": "0" * 64,
                "outputs": [] if status == "error" else [f"{slug}/results.json", f"{slug}/report.html"],
                "duration_s": 1.5,
            }
        )
    run.mkdir(parents=True, exist_ok=True)
    (run / "manifest.json").write_text(json.dumps({"by": "site", "cohorts": entries}))
    return run


@pytest.fixture()
def cohort_run(built_report: Path, tmp_path: Path) -> Path:
    return make_cohort_run(built_report, tmp_path / "run", [*COHORTS, ("Cohort D", "cohort-d", "error")])


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def structure(part: EmailMessage) -> Any:
    """The MIME tree as nested lists of content types."""
    if part.is_multipart():
        return [part.get_content_type(), [structure(p) for p in part.iter_parts()]]
    return part.get_content_type()


# --- a real SMTP server on 127.0.0.1 --------------------------------------------------------------


@dataclass
class Recorder:
    """An aiosmtpd handler that keeps what it accepts; its replies and failures can be scripted."""

    received: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)
    data_replies: list[str] = field(default_factory=list)  # given, in order, before accepting
    drop_after: int | None = None  # drop the connection at DATA once this many are accepted
    refuse: set[str] = field(default_factory=set)  # recipients answered 550

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            server.transport.close()
            return "421 4.4.2 connection dropped"
        if self.data_replies:
            return self.data_replies.pop(0)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), parse(envelope.original_content)))
        return "250 OK"

    def message_ids(self) -> list[str]:
        return [str(message["Message-ID"]) for _, _, message in self.received]


@dataclass
class Server:
    handler: Recorder
    port: int

    def options(self) -> list[str]:
        return ["--smtp-host", "127.0.0.1", "--smtp-port", str(self.port), "--smtp-security", "none"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture()
def smtp_server() -> Iterator[Callable[..., Server]]:
    """Starts aiosmtpd servers on 127.0.0.1 (keyword arguments go to its Controller); stops them."""
    controllers: list[Controller] = []

    def start(handler: Recorder | None = None, **options: Any) -> Server:
        handler = handler or Recorder()
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
        controller.start()
        controllers.append(controller)
        return Server(handler, port)

    yield start
    for controller in controllers:
        controller.stop()


def password_check(expected: str) -> Callable[..., AuthResult]:
    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        return AuthResult(success=data.password == expected.encode(), handled=False)

    return authenticate


def send_config(folder: Path, server: Server, **options: Any) -> Any:
    base: dict[str, Any] = {
        "folder": folder,
        "to": [TO],
        "sender": SENDER,
        "smtp_host": "127.0.0.1",
        "smtp_port": server.port,
        "smtp_security": "none",
    }
    return make_mail_config(**(base | options))


# --- the message ----------------------------------------------------------------------------------


def expected_numbers(results: dict[str, Any]) -> dict[str, set[str]]:
    """Every number the summary may show: key -> its texts, formatted as the report formats them."""
    from reportgen.config import Labels

    decimals = results["report"]["decimals"]
    sentences = [
        sentence_from_json(p) for key in ("q3", "q5", "q6", "g_slopes") for p in results["narrative"][key]
    ]
    sentences += [f.parts for f in key_findings(Labels(**results["report"]["labels"]))]
    expected: dict[str, set[str]] = {}
    for sentence in sentences:
        for part in sentence:
            if isinstance(part, Num):
                text = format_number(lookup(results, part.path), part.style, decimals)
                expected.setdefault(".".join(part.path), set()).add(text)
    return expected


def test_sent_message_structure_numbers_text_and_pdf(
    report: Path, built_report: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    code, _, err = run(
        "email", "--out", str(report), "--to", TO, "--cc", "Tutor <tutor@example.org>", "--reply-to",
        "teacher@example.org", "--from", SENDER, "--attach-pdf", "--send", *server.options(),
    )  # fmt: skip
    assert code == 0, err
    assert "Sent 1, skipped 0 (already sent), failed 0" in err

    ((mail_from, rcpt_tos, message),) = server.handler.received
    assert (mail_from, rcpt_tos) == ("lab@example.org", [TO, "tutor@example.org"])
    assert str(message["Reply-To"]) == "teacher@example.org"
    assert structure(message) == [
        "multipart/mixed",
        [
            [
                "multipart/alternative",
                ["text/plain", ["multipart/related", ["text/html", "image/png", "image/png"]]],
            ],
            "application/pdf",
        ],
    ]
    related = next(p for p in message.walk() if p.get_content_type() == "multipart/related")
    assert related.get_param("type") == "text/html"

    results = json.loads((report / "results.json").read_text())
    slope = format_number(results["random_intercept"]["slope"], "fixed", results["report"]["decimals"])
    # a long subject is folded onto the next line (valid RFC 5322); clients unfold it
    assert str(message["Subject"]).strip() == f"{results['report']['title']}, slope {slope} ms/day"

    # every cid: reference resolves to an inline PNG: the figure file itself
    html = message.get_body(("html",)).get_content()
    images = {
        str(p["Content-ID"]).strip("<>"): p for p in message.walk() if p.get_content_maintype() == "image"
    }
    cids = re.findall(r'src="cid:([^"]+)"', html)
    assert sorted(cids) == sorted(images) and len(cids) == 2
    for cid in cids:
        name = images[cid].get_filename()
        assert images[cid].get_content_disposition() == "inline"
        assert images[cid].get_content() == (report / "figures" / name).read_bytes()

    # mail-client-proof HTML: inline styles only, tables for layout, alt text, no data: URIs
    soup = BeautifulSoup(html, "html.parser")
    assert "data:" not in html and soup.find("style") is None and soup.find("link") is None
    assert soup.find("div") is None and not re.search(r"display:\s*(flex|grid)", html)
    assert all(img.get("alt", "").strip() for img in soup.find_all("img"))
    styled = soup.find_all(["td", "th", "p", "h1", "h2", "img", "span"])
    assert len(styled) > 30 and [str(t)[:60] for t in styled if not t.get("style")] == []

    # numbers: each one is its results.json value, formatted as in the report
    expected = expected_numbers(results)
    shown = [(span["data-key"], span.get_text()) for span in soup.select("span.num")]
    assert [(k, t) for k, t in shown if t not in expected.get(k, set())] == []
    assert {k for k, _ in shown} == set(expected)

    # the text part says the same things
    text = " ".join(message.get_body(("plain",)).get_content().split())
    decimals = results["report"]["decimals"]
    for parts in results["narrative"]["q5"] + results["narrative"]["g_slopes"]:
        assert " ".join(plain_sentence(sentence_from_json(parts), results, decimals).split()) in text
    assert f"{slope} ms/day" in text and "report.pdf" in text

    # the PDF is the report's, and opens
    from pypdf import PdfReader

    (pdf,) = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == "report.pdf"
    assert pdf.get_content() == (built_report / "report.pdf").read_bytes()
    assert len(PdfReader(io.BytesIO(pdf.get_content())).pages) > 5

    # the send log holds it
    (entry,) = read_send_log(report / "outbox" / "sent.jsonl").values()
    assert entry["message_id"] == str(message["Message-ID"]) and entry["to"] == [TO, "tutor@example.org"]


def test_rerun_sends_nothing_twice_and_resend_overrides(
    report: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    args = ["email", "--out", str(report), "--to", TO, "--from", SENDER, "--send", *server.options()]
    assert run(*args)[0] == 0
    code, _, err = run(*args)
    assert code == 0 and "Sent 0, skipped 1 (already sent)" in err
    assert len(server.handler.received) == 1
    code, _, err = run(*args, "--resend")
    assert code == 0 and "Sent 1, skipped 0" in err
    assert len(server.handler.received) == 2
    assert len((report / "outbox" / "sent.jsonl").read_text().splitlines()) == 2


def test_message_id_depends_on_content_and_recipients_only(report: Path) -> None:
    import datetime as dt

    from reportgen.mail import Recipients

    source = load_report_folder(report)
    sender, to = parse_address(SENDER, "test"), (parse_address(TO, "test"),)
    first = build_message(source, sender=sender, recipients=Recipients(to=to), date=dt.datetime(2024, 1, 1))
    again = build_message(source, sender=sender, recipients=Recipients(to=to), date=dt.datetime(2025, 6, 1))
    other = build_message(
        source, sender=sender, recipients=Recipients(to=(parse_address("x@example.org", "test"),))
    )
    assert first.message_id == again.message_id != other.message_id
    assert first.data != again.data  # the Date header differs; the Message-ID does not
    assert re.fullmatch(r"<[0-9a-f]{40}@example\.org>", first.message_id)


def test_subject_template_and_its_mistakes(report: Path) -> None:
    config = make_mail_config(folder=report, to=[TO], subject="{title} | {subjects} subjects | ICC {icc}")
    (message,) = email_reports(config).messages
    assert message.subject.endswith("| 18 subjects | ICC 58.9%")
    for template, error in [
        ("{nope}", "has an unknown field {nope}; fields are: {title}, {cohort}"),
        ("{title.__class__}", "unknown field {title.__class__}"),
        ("{slope:>20}", "unknown field {slope}"),
        ("{title", "is not valid"),
    ]:
        with pytest.raises(MailError, match=re.escape(error)):
            email_reports(make_mail_config(folder=report, to=[TO], subject=template))


# --- the outbox (the default) ---------------------------------------------------------------------


def test_default_writes_the_outbox_and_sends_nothing(report: Path) -> None:
    code, _, err = run("email", "--out", str(report), "--to", TO)
    assert code == 0, err
    outbox = report / "outbox"
    assert sorted(p.name for p in outbox.iterdir()) == [
        ".reportgen-files.json",
        "index.html",
        "preview",
        "summary.eml",
    ]
    assert "Nothing was sent; add --send to deliver." in err
    message = parse((outbox / "summary.eml").read_bytes())
    assert str(message["To"]) == TO
    index = (outbox / "index.html").read_text()
    assert "summary.eml" in index and "not sent" in index and 'src="preview/summary.html"' in index
    preview = (outbox / "preview" / "summary.html").read_text()
    assert "cid:" not in preview
    for src in re.findall(r'<img src="([^"]+)"', preview):
        assert (outbox / "preview" / src).read_bytes().startswith(b"\x89PNG")


def test_cohorts_one_message_each_with_their_recipients(cohort_run: Path) -> None:
    (cohort_run / "reportgen.toml").write_text(
        '[email]\nfrom = "lab@example.org"\nto = ["class@example.org"]\ncc = "tutor@example.org"\n'
        '[email.cohorts."Cohort B"]\nto = ["b-team@example.org", "Bea <bea@example.org>"]\n'
        '[email.cohorts.cohort-c]\nreply_to = "c-lead@example.org"\n'
    )
    code, _, err = run(
        "email", "--cohorts", "--out", str(cohort_run), "--config", str(cohort_run / "reportgen.toml")
    )
    assert code == 0, err
    assert "cohort 'Cohort D' skipped: its build failed (column 'Reaction' has no values)" in err
    outbox = cohort_run / "outbox"
    assert sorted(p.name for p in outbox.glob("*.eml")) == ["cohort-a.eml", "cohort-b.eml", "cohort-c.eml"]
    a, b, c = (parse((outbox / f"cohort-{x}.eml").read_bytes()) for x in "abc")
    subject = " ".join(str(a["Subject"]).split())  # a long subject is folded (valid RFC 5322)
    assert (
        subject
        == "Introduction to Linear Mixed Models: the sleep study (site = Cohort A), slope 10.47 ms/day"
    )
    assert "Report summary: site = Cohort A" in a.get_body(("html",)).get_content()
    assert (str(a["To"]), str(a["Cc"]), a["Reply-To"]) == ("class@example.org", "tutor@example.org", None)
    assert str(b["To"]) == "b-team@example.org, Bea <bea@example.org>" and str(b["Cc"]) == "tutor@example.org"
    assert str(c["To"]) == "class@example.org" and str(c["Reply-To"]) == "c-lead@example.org"
    assert len({str(m["Message-ID"]) for m in (a, b, c)}) == 3
    assert (outbox / "index.html").read_text().count("<article") == 3

    template = "Sleep study report: {cohort}, slope {slope} {rate}"
    code, _, err = run("email", "--cohorts", "--out", str(cohort_run), "--to", TO, "--subject", template)
    assert code == 0, err
    a = parse((outbox / "cohort-a.eml").read_bytes())
    assert str(a["Subject"]) == "Sleep study report: Cohort A, slope 10.47 ms/day"


def test_cohorts_mistakes_are_one_line(cohort_run: Path, tmp_path: Path) -> None:
    config = tmp_path / "reportgen.toml"
    config.write_text('[email]\nto = "class@example.org"\n[email.cohorts."Cohort Z"]\nto = "z@example.org"\n')
    code, _, err = run("email", "--cohorts", "--out", str(cohort_run), "--config", str(config))
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"Error: [email.cohorts.\"Cohort Z\"] names no cohort of '{cohort_run / 'manifest.json'}'; "
        "cohorts are: Cohort A, Cohort B, Cohort C (use a cohort's name or slug)"
    )
    code, _, err = run("email", "--cohorts", "--out", str(tmp_path / "report-less"), "--to", TO)
    assert code == 1 and "no cohorts manifest" in err and "run reportgen cohorts --out" in err
    assert not (cohort_run / "outbox").exists()


def test_missing_report_and_missing_recipient(tmp_path: Path, report: Path) -> None:
    code, _, err = run("email", "--out", str(tmp_path / "nothing"), "--to", TO)
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        f"Error: no results file '{tmp_path / 'nothing' / 'results.json'}'; "
        f"build the report first: reportgen build --out {tmp_path / 'nothing'}"
    )
    code, _, err = run("email", "--out", str(report))
    assert code == 1
    assert err.strip().endswith(
        "no recipient for the summary: set 'to' in [email] of reportgen.toml, or give --to"
    )
    # a PDF older than results.json is an earlier build's (a --format html build leaves it)
    stamp = (report / "results.json").stat().st_mtime
    os.utime(report / "report.pdf", (stamp - 60, stamp - 60))
    code, _, err = run("email", "--out", str(report), "--to", TO, "--attach-pdf")
    assert (
        code == 1
        and "report.pdf' is older than its results.json" in err
        and len(err.strip().splitlines()) == 1
    )
    (report / "report.pdf").unlink()
    code, _, err = run("email", "--out", str(report), "--to", TO, "--attach-pdf")
    assert code == 1 and "no PDF report" in err and "or leave out --attach-pdf" in err


def _drop(results: dict[str, Any], *path: str) -> None:
    node = results
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]


def _put(value: Any, *path: str) -> Callable[[dict[str, Any]], None]:
    def change(results: dict[str, Any]) -> None:
        node = results
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


# (how results.json is tampered with, what the one Error: line says)
TAMPERED: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("no labels", lambda r: _drop(r, "report", "labels"), "has no labels (report.labels)"),
    ("a label not text", _put(3, "report", "labels", "group"), "has no text label report.labels.group"),
    ("no title", lambda r: _drop(r, "report", "title"), "has no report title (report.title)"),
    ("decimals as text", _put("2", "report", "decimals"), "has no number of decimals from 0 to 10"),
    ("no narrative q5", lambda r: _drop(r, "narrative", "q5"), "has no narrative 'q5' (a list of sentences)"),
    ("a sentence not a list", _put(["x"], "narrative", "q3"), "has no narrative 'q3'"),
    (
        "an unknown number style",
        lambda r: r["narrative"]["q3"][0].append({"key": "ols.slope", "style": "roman"}),
        "has no narrative 'q3'",
    ),
    ("no OLS results", lambda r: _drop(r, "ols"), "has no value at 'ols.intercept'"),
    (
        "a number as text",
        _put("12.3", "random_intercept", "slope"),
        "a non-numeric value at 'random_intercept.slope'",
    ),
    ("a number as true", _put(True, "data", "groups"), "a non-numeric value at 'data.groups'"),
    ("no pair ids", lambda r: _drop(r, "mixed_pair", "higher"), "has no id at 'mixed_pair.higher'"),
    (
        "a sentence's number missing",
        lambda r: r["narrative"]["q5"][0].append({"key": "nowhere.value", "style": "fixed"}),
        "has no value at 'nowhere.value'",
    ),
]


@pytest.mark.parametrize("change, problem", [t[1:] for t in TAMPERED], ids=[t[0] for t in TAMPERED])
def test_a_tampered_results_file_gives_one_error_line(
    report: Path, change: Callable[[dict[str, Any]], None], problem: str
) -> None:
    path = report / "results.json"
    results = json.loads(path.read_text())
    change(results)
    path.write_text(json.dumps(results))
    code, out, err = run("email", "--out", str(report), "--to", TO)
    assert code == 1 and "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"Error: '{path}' ") and problem in line, line
    assert "rebuild" in line
    assert not (report / "outbox").exists()


# --- the outbox is written all or nothing ---------------------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_a_failed_outbox_write_leaves_the_previous_outbox_unchanged(
    report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportgen.export

    assert run("email", "--out", str(report), "--to", TO)[0] == 0
    outbox = report / "outbox"
    (outbox / "sent.jsonl").write_text('{"message_id": "<earlier@example.org>"}\n')
    before = _tree(outbox)
    real_write, calls = reportgen.export.write_atomic, []

    def fail_on_the_third_file(path: Path, content: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_write(path, content)

    monkeypatch.setattr(reportgen.export, "write_atomic", fail_on_the_third_file)
    code, _, err = run("email", "--out", str(report), "--to", "other@example.org")
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        f"Error: cannot replace the outbox '{outbox}': No space left on device; the previous one is unchanged"
    )
    assert _tree(outbox) == before
    assert sorted(p.name for p in report.iterdir() if p.name.startswith(".")) == []  # nothing left over

    monkeypatch.setattr(reportgen.export, "write_atomic", real_write)
    assert run("email", "--out", str(report), "--to", "other@example.org")[0] == 0
    after = _tree(outbox)
    assert after["sent.jsonl"] == before["sent.jsonl"]  # the send log is carried over
    assert b"other@example.org" in after["summary.eml"] and after["summary.eml"] != before["summary.eml"]


def test_stale_messages_leave_the_outbox(cohort_run: Path) -> None:
    assert run("email", "--cohorts", "--out", str(cohort_run), "--to", TO)[0] == 0
    (cohort_run / "outbox" / "old-cohort.eml").write_bytes(b"stale")
    # As an earlier run would have written it: listed among reportgen's files with its digest and size
    # (others, and a listed file whose content differs, are the user's).
    listing = cohort_run / "outbox" / ".reportgen-files.json"
    written = json.loads(listing.read_text())
    stale = json.loads(written_list({"old-cohort.eml": b"stale"}))
    written = {
        "files": [*written["files"], *stale["files"]],
        "digests": written["digests"] | stale["digests"],
    }
    listing.write_text(json.dumps(written))
    assert run("email", "--cohorts", "--out", str(cohort_run), "--to", TO)[0] == 0
    assert sorted(p.name for p in (cohort_run / "outbox").glob("*.eml")) == [
        "cohort-a.eml", "cohort-b.eml", "cohort-c.eml"
    ]  # fmt: skip


@pytest.mark.parametrize("kind", ["file", "symlink", "log-symlink"])
def test_an_outbox_that_cannot_be_replaced_is_refused_first(report: Path, tmp_path: Path, kind: str) -> None:
    outbox, elsewhere = report / "outbox", tmp_path / "elsewhere"
    elsewhere.mkdir()
    if kind == "file":
        outbox.write_text("not a folder")
        expected = f"Error: '{outbox}' is not a folder; move it away so the outbox can be written"
    elif kind == "symlink":
        outbox.symlink_to(elsewhere)
        expected = f"Error: '{outbox}' is a symlink; remove it (the outbox is written only as a real folder)"
    else:
        outbox.mkdir()
        (outbox / "sent.jsonl").symlink_to(elsewhere / "log")
        link = outbox / "sent.jsonl"
        expected = f"Error: '{link}' is a symlink; remove it (the outbox is written only as a real folder)"
    code, _, err = run("email", "--out", str(report), "--to", TO)
    assert code == 1 and err.strip().splitlines() == [expected]
    assert list(elsewhere.iterdir()) == []


# --- header injection -----------------------------------------------------------------------------


def test_display_names_are_encoded_not_injected(report: Path) -> None:
    config = make_mail_config(folder=report, to=['"Lee, Ann (Zürich)" <ann@example.org>'], sender=SENDER)
    message = parse(email_reports(config).messages[0].data)
    raw = (report / "outbox" / "summary.eml").read_bytes()
    assert raw.isascii()  # non-ASCII only as RFC 2047 / base64 / quoted-printable
    assert [a.addr_spec for a in message["To"].addresses] == ["ann@example.org"]
    assert message["To"].addresses[0].display_name == "Lee, Ann (Zürich)"


@pytest.mark.parametrize(
    "where",
    ["cohort name", "subject option", "to option", "config address", "report title"],
)
def test_header_injection_is_refused_before_anything_is_sent(
    where: str, built_report: Path, tmp_path: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server()
    evil = "Cohort A\r\nBcc: evil@example.org"
    cohorts = [
        (evil if where == "cohort name" else "Cohort A", "cohort-a", "ok"),
        ("Cohort B", "cohort-b", "ok"),
    ]
    folder = make_cohort_run(built_report, tmp_path / "run", cohorts)
    config = tmp_path / "reportgen.toml"
    to = "a@example.org\nBcc: evil@example.org" if where == "config address" else TO
    config.write_text(f"[email]\nto = {json.dumps(to)}\n")
    if where == "report title":
        results = json.loads((folder / "cohort-b" / "results.json").read_text())
        results["report"]["title"] = "Report\nBcc: evil@example.org"
        (folder / "cohort-b" / "results.json").write_text(json.dumps(results))
    extra = {
        "subject option": ["--subject", "Hi\r\nBcc: evil@example.org"],
        "to option": ["--to", "x@example.org\r\nBcc: evil@example.org"],
    }.get(where, [])
    code, _, err = run(
        "email", "--cohorts", "--out", str(folder), "--config", str(config), "--from", SENDER, "--send",
        *server.options(), *extra,
    )  # fmt: skip
    assert code == 1, err
    assert "contains a line break or control character" in err.strip().splitlines()[-1]
    assert "\nBcc" not in err and "\rBcc" not in err  # the value is only ever shown escaped
    assert server.handler.received == [] and not (folder / "outbox").exists()


# --- sizes ----------------------------------------------------------------------------------------


def test_size_warnings_and_strict(report: Path) -> None:
    results = json.loads((report / "results.json").read_text())
    results["narrative"]["q3"].append(["Long. " * (HTML_LIMIT // 5)])
    (report / "results.json").write_text(json.dumps(results))
    code, _, err = run("email", "--out", str(report), "--to", TO)
    assert code == 0
    said = r"^Warning: the summary: the HTML part is \d+ KB, over 100 KB; Gmail clips"
    assert re.search(said, err, re.MULTILINE)
    shutil.rmtree(report / "outbox")
    code, _, err = run("email", "--out", str(report), "--to", TO, "--strict")
    assert code == 1
    assert err.strip().splitlines()[-1].endswith("nothing written or sent (--strict)")
    assert not (report / "outbox").exists()


def test_message_size_warning(built_report: Path, tmp_path: Path) -> None:
    report = copy_report(built_report, tmp_path / "big")
    (report / "report.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(16 * 1024 * 1024))
    code, _, err = run("email", "--out", str(report), "--to", TO, "--attach-pdf")
    assert code == 0
    assert re.search(r"the message is 2\d\.\d MB, over 15\.0 MB; many mail servers refuse", err)
    assert "HTML part" not in err


# --- failures while sending -----------------------------------------------------------------------


def test_transient_451_is_retried_and_delivered_once(
    report: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server(Recorder(data_replies=["451 4.3.0 Try again later"]))
    waits: list[float] = []
    result = email_reports(
        send_config(report, server), send=True, retry=RetryPolicy(delays=(1.5, 5.0), sleep=waits.append)
    )
    assert result.sent == SendSummary(sent=1, skipped=0)
    assert waits == [1.5]
    assert len(server.handler.received) == 1


def test_transient_failures_are_bounded(report: Path, smtp_server: Callable[..., Server]) -> None:
    server = smtp_server(Recorder(data_replies=["451 4.3.0 Try again later"] * 5))
    waits: list[float] = []
    with pytest.raises(SendError) as failure:
        email_reports(
            send_config(report, server), send=True, retry=RetryPolicy(delays=(0, 0), sleep=waits.append)
        )
    assert str(failure.value) == (
        f"cannot send the summary to {TO}: 127.0.0.1:{server.port} answered 451 4.3.0 Try again later; "
        "gave up after 3 tries"
    )
    assert (failure.value.code, failure.value.sent, failure.value.failed) == (451, 0, 1)
    assert waits == [0, 0] and server.handler.received == []


@auth_warnings
def test_auth_535_stops_with_one_clear_line(report: Path, smtp_server: Callable[..., Server]) -> None:
    secret = "hunter2-not-this-one"
    server = smtp_server(authenticator=password_check("right"), auth_require_tls=False)
    code, out, err = run(
        "email", "--out", str(report), "--to", TO, "--from", SENDER, "--send", "--smtp-user", "ann", "-v",
        *server.options(), env={PASSWORD_ENV: secret},
    )  # fmt: skip
    assert code == 1
    lines = err.strip().splitlines()
    assert (
        lines[-2] == "Sent 0, skipped 0 (already sent), failed 1, not tried 0; "
        "run the same command again to send the rest"
    )
    assert lines[-1] == (
        f"Error: cannot send the summary to {TO}: login as 'ann' refused by 127.0.0.1:{server.port} "
        "(535 5.7.8 Authentication credentials invalid); "
        f"check smtp_user and the {PASSWORD_ENV} environment variable"
    )
    assert secret not in out + err
    assert server.handler.received == [] and read_send_log(report / "outbox" / "sent.jsonl") == {}


@auth_warnings
def test_login_with_the_password_from_the_environment(
    report: Path, smtp_server: Callable[..., Server]
) -> None:
    secret = "s3cret-from-env"
    server = smtp_server(authenticator=password_check(secret), auth_require_tls=False)
    code, out, err = run(
        "email", "--out", str(report), "--to", TO, "--from", SENDER, "--send", "--smtp-user", "ann", "-v",
        *server.options(), env={PASSWORD_ENV: secret},
    )  # fmt: skip
    assert code == 0, err
    assert len(server.handler.received) == 1
    written = b"".join(p.read_bytes() for p in (report / "outbox").rglob("*") if p.is_file())
    assert secret not in out + err and secret.encode() not in written


def test_password_never_from_options_or_config(report: Path, tmp_path: Path) -> None:
    code, _, err = run("email", "--out", str(report), "--to", TO, "--smtp-password", "x")
    assert code == 2 and "No such option" in err and "--smtp-password" in err
    config = tmp_path / "elsewhere" / "reportgen.toml"
    config.parent.mkdir()
    config.write_text('[email]\nsmtp_password = "x"\n')
    with pytest.raises(ConfigError, match="unknown key 'smtp_password'"):
        make_mail_config(config_file=config)
    code, _, err = run(
        "email", "--out", str(report), "--to", TO, "--from", SENDER, "--send", "--smtp-host", "127.0.0.1",
        "--smtp-user", "ann",
    )  # fmt: skip
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"Error: SMTP user 'ann' needs a password: set the {PASSWORD_ENV} environment variable "
        "(it is never read from the command line or the config file)"
    )
    assert not (report / "outbox").exists()


def test_no_clear_text_password_off_this_machine(report: Path) -> None:
    config = make_mail_config(
        folder=report, to=[TO], sender=SENDER, smtp_host="smtp.example.org", smtp_security="none",
        smtp_user="ann", environ={PASSWORD_ENV: "x"},
    )  # fmt: skip
    with pytest.raises(MailError, match="refusing to send the SMTP password unencrypted to smtp.example.org"):
        email_reports(config, send=True)


def test_send_needs_a_server_and_a_sender(report: Path) -> None:
    code, _, err = run("email", "--out", str(report), "--to", TO, "--send")
    assert code == 1 and err.strip().endswith(
        "no SMTP server: set smtp_host in [email] of reportgen.toml, or give --smtp-host"
    )
    code, _, err = run("email", "--out", str(report), "--to", TO, "--send", "--smtp-host", "127.0.0.1")
    assert code == 1 and err.strip().endswith(
        "no sender address: set 'from' in [email] of reportgen.toml, or give --from"
    )


def test_dropped_connection_then_resume_without_duplicates(
    cohort_run: Path, smtp_server: Callable[..., Server]
) -> None:
    server = smtp_server(Recorder(drop_after=1))
    config = send_config(cohort_run, server, cohorts=True)
    waits: list[float] = []
    with pytest.raises(SendError) as failure:
        email_reports(config, send=True, retry=RetryPolicy(delays=(0.0, 0.0), sleep=waits.append))
    assert str(failure.value) == (
        f"cannot send cohort 'Cohort B' to {TO}: 127.0.0.1:{server.port} closed the connection; "
        "gave up after 3 tries"
    )
    assert (failure.value.sent, failure.value.failed, failure.value.left) == (1, 1, 1)
    assert len(server.handler.received) == 1
    log = read_send_log(cohort_run / "outbox" / "sent.jsonl")
    assert [e["cohort"] for e in log.values()] == ["Cohort A"]
    assert "sent " in (cohort_run / "outbox" / "index.html").read_text()  # the preview shows the log

    server.handler.drop_after = None  # the server is back
    result = email_reports(config, send=True, retry=NO_WAIT)
    assert result.sent == SendSummary(sent=2, skipped=1)
    ids = server.handler.message_ids()
    assert len(ids) == len(set(ids)) == 3
    assert sorted(ids) == sorted(m.message_id for m in result.messages)
    assert len((cohort_run / "outbox" / "sent.jsonl").read_text().splitlines()) == 3


def test_refused_recipients_are_named(report: Path, smtp_server: Callable[..., Server]) -> None:
    server = smtp_server(Recorder(refuse={"nobody@example.org"}))
    with pytest.raises(SendError) as failure:
        email_reports(send_config(report, server, to=["nobody@example.org"]), send=True, retry=NO_WAIT)
    assert str(failure.value) == (
        "cannot send the summary to nobody@example.org: the server refused the recipient "
        "(nobody@example.org: 550 5.1.1 no such user)"
    )
    assert failure.value.recipients == ("nobody@example.org",) and failure.value.code == 550

    # some refused, some accepted: it was delivered, so it is logged and never sent twice
    config = send_config(report, server, cc=["nobody@example.org"])
    with pytest.raises(
        SendError,
        match=r"the summary was sent, but the server refused nobody@example.org \(nobody@example.org: 550",
    ):
        email_reports(config, send=True, retry=NO_WAIT)
    assert email_reports(config, send=True, retry=NO_WAIT).sent == SendSummary(sent=0, skipped=1)
    assert len(server.handler.received) == 1


def test_a_second_sender_on_the_same_outbox_is_refused(
    report: Path, smtp_server: Callable[..., Server]
) -> None:
    import fcntl

    server = smtp_server()
    log_path = report / "outbox" / "sent.jsonl"
    log_path.parent.mkdir()
    with log_path.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(MailError, match="another reportgen email --send is using"):
            email_reports(send_config(report, server), send=True)
    assert server.handler.received == []


def test_a_corrupt_send_log_stops_before_sending(report: Path, smtp_server: Callable[..., Server]) -> None:
    server = smtp_server()
    (report / "outbox").mkdir()
    (report / "outbox" / "sent.jsonl").write_text('{"message_id": "<a@b>"}\n{"message_id": "<c@\n')
    with pytest.raises(MailError, match="line 2 of the send log .* is not a JSON object with a message_id"):
        email_reports(send_config(report, server), send=True)
    assert server.handler.received == []


# --- TLS: STARTTLS and implicit TLS, with a throwaway certificate for 127.0.0.1 ---------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl not found (Debian package openssl)")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def tls_contexts(certificate: tuple[Path, Path]) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    cert, key = certificate
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    client.verify_flags &= ~getattr(ssl, "VERIFY_X509_STRICT", 0)  # a self-signed leaf is its own CA
    return server, client


@auth_warnings
@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls_with_login(
    security: str, report: Path, certificate: tuple[Path, Path], smtp_server: Callable[..., Server]
) -> None:
    server_context, client_context = tls_contexts(certificate)
    tls: dict[str, Any] = (
        {"tls_context": server_context, "require_starttls": True}
        if security == "starttls"
        else {"ssl_context": server_context, "auth_require_tls": False}  # aiosmtpd sees only STARTTLS
    )
    server = smtp_server(authenticator=password_check("pw"), **tls)
    config = send_config(
        report, server, smtp_security=security, smtp_user="ann", environ={PASSWORD_ENV: "pw"}
    )
    result = email_reports(config, send=True, retry=NO_WAIT, ssl_context=client_context)
    assert result.sent == SendSummary(sent=1, skipped=0) and len(server.handler.received) == 1

    # an untrusted certificate is a permanent failure, not retried
    waits: list[float] = []
    with pytest.raises(SendError, match="TLS with 127.0.0.1:.* failed .*CERTIFICATE_VERIFY_FAILED"):
        email_reports(config, send=True, resend=True, retry=RetryPolicy(delays=(0,), sleep=waits.append))
    assert waits == []


# --- config ---------------------------------------------------------------------------------------


# --- in a real browser ----------------------------------------------------------------------------


@pytest.mark.browser
def test_outbox_preview_in_chromium(cohort_run: Path, visit: Callable[[Path], Visit]) -> None:
    email_reports(make_mail_config(folder=cohort_run, cohorts=True, to=[TO]))
    seen = visit(cohort_run / "outbox" / "index.html")
    assert seen.errors == []
    assert [url for url in seen.requests if not url.startswith("file://")] == []
    frames = [f for f in seen.page.frames if f.url.endswith(".html") and "/preview/" in f.url]
    assert len(frames) == 3
    for frame in frames:
        images = frame.evaluate(
            "Array.from(document.images, i => ({alt: i.alt, ok: i.complete && i.naturalWidth > 0}))"
        )
        assert len(images) == 2 and all(i["ok"] and i["alt"] for i in images), frame.url


@pytest.mark.browser
def test_html_part_in_chromium(report: Path, visit: Callable[[Path], Visit]) -> None:
    email_reports(make_mail_config(folder=report, to=[TO]))
    seen = visit(report / "outbox" / "preview" / "summary.html")
    assert seen.errors == []
    page = seen.page
    assert page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    assert page.evaluate("document.querySelector('table.card').getBoundingClientRect().width") == 600
    assert "Key findings" in page.evaluate("document.body.innerText")
