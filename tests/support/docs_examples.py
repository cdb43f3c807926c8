"""Run the documentation's examples: extract fenced blocks from docs/*.md and run them in order.

A page's ``console``, ``bash`` and ``python`` blocks run in one folder, as a reader would type
them: in a ``console`` block each ``$ `` line is a command and the lines after it its expected
output (``...`` matches anything); a ``bash`` block's lines are commands (``\\`` continues a line,
``#`` starts a comment); a ``python`` block is executed, the page's blocks sharing one namespace.
An HTML comment just before a block steers it (see docs/development.md):

- ``<!-- test: skip: REASON -->``: not run; REASON must be in ``SKIP_REASONS``;
- ``<!-- test: file PATH -->``: the block is written to PATH;
- ``<!-- test: html -->``: ``reportgen build``/``cohorts`` without ``--format`` get ``--format html``;
- ``<!-- test: smtp PORT USER PASSWORD -->``: a real SMTP server on 127.0.0.1 stands in, PORT replaced;
- ``<!-- test: dask ADDRESS -->``: a Dask LocalCluster on 127.0.0.1 stands in for ADDRESS.

``reportgen`` commands run in-process (Click's runner); other commands in bash. A ``build`` or
``cohorts`` command that already ran with the same arguments on the same input files (anywhere in
the docs) is replayed from what it wrote, so the pages share their builds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import REPO

DOCS = REPO / "docs"
RUNNABLE = ("console", "bash", "python")
# Why an example may not run; each skip in the docs names one of these (keep them few).
SKIP_REASONS = (
    "installs packages (the tests run in the installed environment)",
    "long-running servers; the test starts a distributed LocalCluster on 127.0.0.1 in their place",
    "serves until Ctrl-C; tests/e2e/test_preview.py runs a real preview server and edits its inputs",
    "serves until Ctrl-C; tests/e2e/test_docs_examples.py builds the site with mkdocs build --strict",
    "a transcript of a run on the cohorts that tests/e2e/test_cohorts.py builds (timings vary)",
    "needs Chromium and rewrites the pictures in docs/",
)
CACHED_COMMANDS = ("build", "cohorts")
DIRECTIVE = re.compile(r"^<!-- test: (?P<body>.*) -->$")
FENCE = re.compile(r"^```(?P<lang>[\w-]*)\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced block of a page, with the directives written just before it."""

    page: str
    line: int
    lang: str
    text: str
    directives: tuple[str, ...] = ()

    def directive(self, name: str) -> str | None:
        """The argument of directive ``name`` ("" when it has none), or None when absent."""
        for item in self.directives:
            word, _, rest = item.partition(" ")
            if word.rstrip(":") == name:
                return rest.strip()
        return None

    @property
    def where(self) -> str:
        return f"docs/{self.page}:{self.line}"


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def blocks(page: Path) -> list[Block]:
    """Every fenced block of ``page`` with its directives."""
    name = page.relative_to(DOCS).as_posix()
    found: list[Block] = []
    pending: list[str] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        directive, fence = DIRECTIVE.match(line), FENCE.match(line)
        if directive:
            pending.append(directive["body"])
        elif fence and fence["lang"]:
            end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == "```")
            text = "\n".join(lines[index + 1 : end]) + "\n"
            found.append(Block(name, index + 1, fence["lang"], text, tuple(pending)))
            pending, index = [], end
        elif line.strip():
            pending = []
        index += 1
    return found


def bash_commands(text: str) -> list[str]:
    """The commands of a bash block: continuation lines joined, comments and blanks dropped."""
    joined = text.replace("\\\n", " ")
    commands = [re.sub(r"(^|\s+)#.*$", "", line).strip() for line in joined.splitlines()]
    return [command for command in commands if command]


def console_session(text: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each ``$ `` line of a console block."""
    session: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            session.append((line[2:], []))
        elif session:
            session[-1][1].append(line)
    return session


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, ``...`` in an expected line matching any text."""
    while expected and not expected[-1].strip():
        expected = expected[:-1]
    while actual and not actual[-1].strip():
        actual = actual[:-1]
    if len(expected) != len(actual):
        return False
    for want, got in zip(expected, actual, strict=True):
        pattern = ".*".join(re.escape(part) for part in want.rstrip().split("..."))
        if not re.fullmatch(pattern, got.rstrip()):
            return False
    return True


# --- sharing work between builds -----------------------------------------------------------------


FIGURE_CACHE: dict[str, Any] = {}


def remember_figures(build_figures: Any) -> Any:
    """``build_figures`` remembered by a hash of all its inputs: most examples draw one data set.

    Drawing is most of an HTML build's time; the figures are a pure function of these arguments,
    so a second build of the same data (read from another format, say) reuses them.
    """
    import pickle

    def remembered(frame: Any, analysis: Any, labels: Any, decimals: int = 2, **options: Any) -> Any:
        try:
            # The sections drawn are an input too: a study report draws fewer figures than the seminar's.
            inputs = (frame, analysis, labels, decimals, dict(options.get("sections") or {}))
            key = hashlib.sha256(pickle.dumps(inputs)).hexdigest()
        except (pickle.PicklingError, TypeError, AttributeError):
            return build_figures(frame, analysis, labels, decimals, **options)
        if key not in FIGURE_CACHE:
            FIGURE_CACHE[key] = build_figures(frame, analysis, labels, decimals, **options)
        return FIGURE_CACHE[key]

    return remembered


# --- running a page ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one command printed, its exit code, and the files it wrote (path -> bytes)."""

    output: str
    code: int
    files: dict[str, bytes] = field(default_factory=dict)


# (arguments, environment, input files) -> what the command did; shared by every page
BUILD_CACHE: dict[tuple[Any, ...], Outcome] = {}


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class PageRun:
    """One page's examples, run in ``folder``; ``ran`` and ``skipped`` count its blocks."""

    folder: Path
    services: contextlib.ExitStack
    env: dict[str, str] = field(default_factory=dict)
    replace: dict[str, str] = field(default_factory=dict)
    generated: set[str] = field(default_factory=set)
    namespace: dict[str, Any] = field(default_factory=dict)
    ran: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    replayed: int = 0

    def substitute(self, text: str) -> str:
        for old, new in self.replace.items():
            text = text.replace(old, new)
        return text

    def run_block(self, block: Block) -> None:
        for name in ("smtp", "dask"):
            argument = block.directive(name)
            if argument is not None and argument.split()[0] not in self.replace:
                start = smtp_service if name == "smtp" else dask_service
                self.replace[argument.split()[0]] = start(self.services, *argument.split()[1:])
        path = block.directive("file")
        if path is not None:
            target = self.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.substitute(block.text), encoding="utf-8")
            return
        if block.lang not in RUNNABLE:
            return
        reason = block.directive("skip")
        if reason is not None:
            self.skipped.append((block.where, reason))
            return
        html = block.directive("html") is not None
        if block.lang == "python":
            with _cwd(self.folder):
                exec(compile(block.text, block.where, "exec"), self.namespace)
        elif block.lang == "bash":
            for command in bash_commands(block.text):
                self.command(command, None, block, html)
        else:
            for command, expected in console_session(block.text):
                self.command(command, [self.substitute(line) for line in expected], block, html)
        self.ran += 1

    def command(self, command: str, expected: list[str] | None, block: Block, html: bool) -> None:
        words = shlex.split(self.substitute(command))
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            self.env[name] = value
            return
        env = dict(self.env)
        while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):
            name, _, value = words.pop(0).partition("=")
            env[name] = value
        if words[0] == "reportgen":
            args = words[1:]
            if html and args[0] in CACHED_COMMANDS and not any(a.startswith("--format") for a in args):
                args += ["--format", "html"]
            outcome = self.reportgen(args, env)
        else:
            done = subprocess.run(
                self.substitute(command),
                shell=True,
                cwd=self.folder,
                env={**os.environ, **env, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"},
                capture_output=True,
                text=True,
                timeout=300,
            )
            outcome = Outcome(done.stdout + done.stderr, done.returncode)
        failing = expected is not None and any(line.startswith("Error:") for line in expected)
        context = f"{block.where}: $ {command}\n{outcome.output}"
        assert (outcome.code != 0) == failing, context
        if expected is not None:
            assert matches(expected, outcome.output.splitlines()), (
                context + "\n--- expected:\n" + "\n".join(expected)
            )

    def reportgen(self, args: list[str], env: dict[str, str]) -> Outcome:
        from click.testing import CliRunner

        from reportgen.cli import cli

        key: tuple[Any, ...] | None = None
        if args[0] in CACHED_COMMANDS:
            inputs = tuple(
                sorted(
                    (path, _digest(self.folder / path))
                    for path in _snapshot(self.folder)
                    if path not in self.generated
                )
            )
            key = (tuple(args), tuple(sorted(env.items())), inputs)
            if key in BUILD_CACHE:
                cached = BUILD_CACHE[key]
                for path, data in cached.files.items():
                    (self.folder / path).parent.mkdir(parents=True, exist_ok=True)
                    (self.folder / path).write_bytes(data)
                self.generated.update(cached.files)
                self.replayed += 1
                return cached
        before = _snapshot(self.folder)
        with _cwd(self.folder):
            result = CliRunner().invoke(cli, args, env=env, prog_name="reportgen")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        after = _snapshot(self.folder)
        written = {
            path: (self.folder / path).read_bytes()
            for path, stamp in after.items()
            if before.get(path) != stamp
        }
        self.generated.update(written)
        outcome = Outcome(result.output, result.exit_code, written)
        if key is not None:
            BUILD_CACHE[key] = outcome
        return outcome


@contextlib.contextmanager
def _cwd(folder: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


# A relay on 127.0.0.1 in a process of its own, as a real server is: it accepts mail after a login.
SMTP_SERVER = """
import sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

port, user, password = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3].encode()

class Accept:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"

def authenticate(server, session, envelope, mechanism, data):
    return AuthResult(success=(data.login, data.password) == (user, password), handled=False)

relay = Controller(
    Accept(), hostname="127.0.0.1", port=port, authenticator=authenticate, auth_require_tls=False
)
relay.start()
while True:
    time.sleep(60)
"""


def smtp_service(stack: contextlib.ExitStack, user: str, password: str) -> str:
    """Start the SMTP relay above on a free port of 127.0.0.1, stopped with the page; its port."""
    import socket
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = subprocess.Popen(
        [sys.executable, "-W", "ignore", "-c", SMTP_SERVER, str(port), user, password],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stack.callback(server.wait, timeout=10)
    stack.callback(server.terminate)
    deadline = time.monotonic() + 30
    while True:
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                return str(port)
        assert server.poll() is None and time.monotonic() < deadline, "the SMTP relay did not start"
        time.sleep(0.1)


def dask_service(stack: contextlib.ExitStack) -> str:
    """A Dask LocalCluster on 127.0.0.1 (a real TCP scheduler, one worker thread); its address."""
    import distributed

    cluster = stack.enter_context(
        distributed.LocalCluster(
            host="127.0.0.1",
            protocol="tcp://",
            processes=False,
            n_workers=1,
            threads_per_worker=1,
            dashboard_address=None,
        )
    )
    return str(cluster.scheduler_address)
