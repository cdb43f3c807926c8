"""Live preview: build the HTML report, serve it on 127.0.0.1, rebuild on change, reload the page.

The recipe (:func:`run_preview`): build once -> serve the last good pages over HTTP -> watch the
data file, the config file and the template folders (watchfiles) -> on a change, rebuild in memory
(only the templates when only they changed); a good build replaces the pages, a failed one keeps
them and adds an error banner -> every open page learns of the new version over server-sent
events and reloads itself.

Only the served copy of a page gets the reload script and the banner; preview writes no report of
its own: every build stays in memory.
"""

from __future__ import annotations

import dataclasses
import errno
import html
import logging
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from reportgen.errors import OutputError, ReportError, printable

if TYPE_CHECKING:
    from reportgen.config import BuildConfig
    from reportgen.pipeline import Analysed

log = logging.getLogger("reportgen")

HOST = "127.0.0.1"  # loopback only: the preview is for the person at this machine
EVENTS_PATH = "/__reportgen__/events"
KEEPALIVE_S = 15.0  # an SSE comment this often, so a closed tab is noticed and its thread ends
_BODY_OPEN = re.compile(rb"<body[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Snapshot:
    """What the server shows: the last good pages and the latest build's outcome."""

    version: int = 0  # bumped after every build, good or failed
    pages: Mapping[str, bytes] = field(default_factory=dict)  # "report.html" -> HTML as built
    error: str | None = None  # the latest build's error; None when it succeeded
    built_at: str | None = None  # local time of the last good build
    seconds: float = 0.0  # how long the latest build took


class PreviewState:
    """The current :class:`Snapshot`, replaced whole; request threads wait on it for a newer one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._snapshot = Snapshot()
        self.closed = False

    @property
    def snapshot(self) -> Snapshot:
        with self._changed:
            return self._snapshot

    def publish(self, *, pages: Mapping[str, bytes] | None, error: str | None, seconds: float) -> Snapshot:
        """A good build (``pages``) or a failed one (``error``; the previous pages stay)."""
        with self._changed:
            old = self._snapshot
            self._snapshot = Snapshot(
                version=old.version + 1,
                pages=dict(pages) if pages is not None else old.pages,
                error=error,
                built_at=time.strftime("%H:%M:%S") if pages is not None else old.built_at,
                seconds=seconds,
            )
            self._changed.notify_all()
            return self._snapshot

    def wait_newer(self, version: int, timeout: float) -> Snapshot:
        """The snapshot once its version passes ``version`` (or after ``timeout``, or on close)."""
        with self._changed:
            self._changed.wait_for(lambda: self._snapshot.version > version or self.closed, timeout)
            return self._snapshot

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


# --- building -------------------------------------------------------------------------------------


class Builder:
    """Builds the preview's pages in memory; after a change to templates only, it re-renders the last
    analysis instead of analysing the data again (the warm rebuild a template author waits for)."""

    def __init__(self, make_config: Callable[[], BuildConfig], config_file: Path | None = None) -> None:
        self.make_config = make_config
        self.config_file = config_file
        self.config: BuildConfig | None = None  # of the latest build, good or failed
        # the watched files as the latest build read them, to catch a save made while it ran
        self.stamps: dict[Path, tuple[int, int]] = {}
        self._last: tuple[BuildConfig, Analysed] | None = None  # of the last good build

    def build(self, changed: tuple[Path, ...] = ()) -> tuple[dict[str, bytes], bool]:
        """The HTML pages by name, and whether only the templates were rendered again.

        Raises:
            ReportError: whatever the build raises (bad data, config or template).
        """
        from reportgen.pipeline import analyse_report, read_source, render_documents

        self.config = None
        self.stamps = file_stamps(watched_paths(None, self.config_file))
        config = dataclasses.replace(self.make_config(), formats=("html",))
        self.config = config
        self.stamps = file_stamps(watched_paths(config, self.config_file))
        templates_only = (
            self._last is not None
            and self._last[0] == config
            and bool(changed)
            and all(_is_watched(p, template_folders(config)) for p in changed)
            and config.data_path.resolve() not in changed
        )
        if templates_only and self._last is not None:
            analysed = self._last[1]
        else:
            self._last = None  # until the data are read and analysed again: never render stale numbers
            raw, source = read_source(config)
            # No forked figure process: this process also runs the server's threads.
            analysed = analyse_report(raw, config, source, parallel=False)
            self._last = (config, analysed)
        files = render_documents(analysed, config)
        return {name: html for name, html in files.items() if name.endswith(".html")}, templates_only


def file_stamps(paths: tuple[Path, ...]) -> dict[Path, tuple[int, int]]:
    """Modification time and size of each file at or under ``paths``."""
    stamps = {}
    for path in paths:
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            try:
                status = file.stat()
            except OSError:
                stamps[file] = (-1, -1)  # missing now: a change if it comes back
                continue
            if not file.is_dir():
                stamps[file] = (status.st_mtime_ns, status.st_size)
    return stamps


def changed_since(stamps: Mapping[Path, tuple[int, int]], paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """Files whose stamp differs from ``stamps`` (added, removed or changed)."""
    now = file_stamps(paths)
    return tuple(sorted(p for p in now.keys() | stamps.keys() if now.get(p) != stamps.get(p)))


def template_folders(config: BuildConfig) -> tuple[Path, ...]:
    """The built-in templates and the user's, resolved."""
    from reportgen.resources import resource_path

    folders = [Path(resource_path("templates"))]
    if config.templates_dir is not None:
        folders.append(config.templates_dir)
    return tuple(p.resolve() for p in folders)


def watched_paths(config: BuildConfig | None, config_file: Path | None) -> tuple[Path, ...]:
    """What a change to rebuilds on: the data file, the config file and both template folders."""
    from reportgen.resources import resource_path

    paths = [Path(resource_path("templates"))]
    if config is not None:
        paths += [config.data_path, *template_folders(config)]
    if config_file is not None:
        paths.append(config_file)
    return tuple(dict.fromkeys(p.resolve() for p in paths))


def _watch_roots(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """Folders to hand to the watcher: a file's folder (editors replace files by renaming)."""
    roots = [p if p.is_dir() else p.parent for p in paths]
    return tuple(dict.fromkeys(r for r in roots if r.is_dir()))


def _is_watched(changed: Path, paths: tuple[Path, ...]) -> bool:
    return any(changed == p or changed.is_relative_to(p) for p in paths)


# --- serving --------------------------------------------------------------------------------------


def reload_script(version: int) -> str:
    """The script the served pages get: reload on a new version, keeping the scroll position."""
    return f"""<script id="reportgen-preview">/* reportgen preview only: never in a written report */
(() => {{
  const key = "reportgen-preview-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {{
    sessionStorage.removeItem(key);
    addEventListener("load", () => scrollTo(0, Number(saved)));
  }}
  const events = new EventSource("{EVENTS_PATH}?since={version}");
  events.addEventListener("reload", () => {{
    events.close();
    sessionStorage.setItem(key, String(scrollY));
    location.reload();
  }});
}})();
</script>
"""


def error_banner(error: str, built_at: str | None) -> str:
    """A banner at the top of the page: the build error, and which report is still shown."""
    shown = f"Still showing the last good report (built {built_at})." if built_at else "No report yet."
    style = (
        "position:sticky;top:0;z-index:2147483647;margin:0;padding:12px 16px;background:#fdecea;"
        "color:#5f1a12;border-bottom:3px solid #c0392b;font:15px/1.4 system-ui,sans-serif"
    )
    return (
        f'<div id="reportgen-preview-error" role="alert" style="{style}">'
        f"<strong>Build failed.</strong> {html.escape(shown)}"
        f'<pre style="margin:6px 0 0;white-space:pre-wrap;font:14px/1.4 ui-monospace,monospace">'
        f"Error: {html.escape(printable(error))}</pre></div>\n"  # as the terminal line: no control bytes
    )


EMPTY_PAGE = (
    b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>reportgen preview</title>'
    b"</head>\n<body>\n</body></html>\n"
)


def served_page(snapshot: Snapshot, name: str) -> bytes | None:
    """A page as served: the built HTML (or an empty page) with the banner and the reload script."""
    page = snapshot.pages.get(name)
    if page is None:
        if snapshot.pages or name not in ("report.html", "handout.html"):
            return None
        page = EMPTY_PAGE  # nothing built yet: the page holds only the banner
    extra_top = error_banner(snapshot.error, snapshot.built_at).encode() if snapshot.error else b""
    opening = _BODY_OPEN.search(page)
    at = opening.end() if opening else 0
    page = page[:at] + b"\n" + extra_top + page[at:]
    end = page.lower().rfind(b"</body>")
    script = reload_script(snapshot.version).encode()
    return page[:end] + script + page[end:] if end >= 0 else page + script


def allowed_host(host: str | None, port: int) -> bool:
    """Whether a request's ``Host`` header names this server: ``127.0.0.1:<port>`` or
    ``localhost:<port>``, nothing else (a rebound domain name is refused)."""
    return host is not None and host.strip().lower() in (f"{HOST}:{port}", f"localhost:{port}")


class _Handler(BaseHTTPRequestHandler):
    server: _PreviewHTTPServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        if not allowed_host(self.headers.get("Host"), self.server.server_address[1]):
            # DNS rebinding: a page of another site, its name now pointing at 127.0.0.1
            self._send(HTTPStatus.FORBIDDEN, b"unknown host\n", "text/plain; charset=utf-8")
            return
        url = urlsplit(self.path)
        state = self.server.state
        if url.path == EVENTS_PATH:
            self._events(state, parse_qs(url.query).get("since", ["0"])[0])
            return
        snapshot = state.snapshot
        if url.path == "/":
            first = next(iter(snapshot.pages), "report.html")
            self._send(HTTPStatus.FOUND, b"", "text/plain", location=f"/{first}")
            return
        body = served_page(snapshot, url.path.lstrip("/"))
        if body is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
        else:
            self._send(HTTPStatus.OK, body, "text/html; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, location: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def _events(self, state: PreviewState, since: str) -> None:
        """Server-sent events: one ``reload`` when a build newer than ``since`` is published."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        version = int(since) if since.isascii() and since.isdigit() else 0
        self.close_connection = True
        try:
            while not state.closed:
                snapshot = state.wait_newer(version, KEEPALIVE_S)
                if snapshot.version > version:
                    self.wfile.write(f"event: reload\ndata: {snapshot.version}\n\n".encode())
                    self.wfile.flush()
                    return
                self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except OSError:  # the tab was closed or reloaded
            return

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
        log.debug("preview: " + format, *args)


class _PreviewHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], state: PreviewState) -> None:
        self.state = state
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-response (``curl | head``, a closed tab) is no error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            log.debug("preview: %s:%s disconnected", *client_address[:2])
            return
        super().handle_error(request, client_address)


@dataclass
class PreviewServer:
    """The HTTP server in a background thread; ``url`` is where the report is."""

    state: PreviewState
    port: int | None = None  # None: a free port chosen by the system
    _server: _PreviewHTTPServer | None = None
    _thread: threading.Thread | None = None

    def start(self) -> str:
        """Start serving; returns the URL.

        Raises:
            OutputError: the port is in use or cannot be bound.
        """
        try:
            self._server = _PreviewHTTPServer((HOST, self.port or 0), self.state)
        except OSError as exc:
            reason = "it is in use" if exc.errno == errno.EADDRINUSE else (exc.strerror or str(exc))
            raise OutputError(
                f"cannot serve the preview on {HOST}:{self.port}: {reason}; choose another with --port "
                "or leave it out for a free one",
                path=f"{HOST}:{self.port}",
            ) from exc
        self._thread = threading.Thread(target=self._server.serve_forever, name="preview-http", daemon=True)
        self._thread.start()
        return self.url

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://{HOST}:{self._server.server_address[1]}/"

    def stop(self) -> None:
        self.state.close()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


# --- the recipe -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildEvent:
    """One finished build, for the terminal: its number, time taken, and error if it failed."""

    number: int
    seconds: float
    error: str | None
    changed: tuple[Path, ...] = ()
    templates_only: bool = False  # the last analysis was reused: only the templates changed


def _build(builder: Builder, state: PreviewState, changed: tuple[Path, ...] = ()) -> BuildEvent:
    started = time.perf_counter()
    try:
        pages, templates_only = builder.build(changed)
    except ReportError as exc:
        snapshot = state.publish(pages=None, error=str(exc), seconds=time.perf_counter() - started)
        return BuildEvent(snapshot.version, snapshot.seconds, snapshot.error, changed)
    snapshot = state.publish(pages=pages, error=None, seconds=time.perf_counter() - started)
    return BuildEvent(snapshot.version, snapshot.seconds, None, changed, templates_only)


def _changes(roots: tuple[Path, ...], stop: threading.Event) -> Iterator[set[Path]]:
    """Paths changed under ``roots``, a set per burst of changes (watchfiles debounces them)."""
    import watchfiles

    for batch in watchfiles.watch(*roots, stop_event=stop, debounce=400, step=50, raise_interrupt=True):
        yield {Path(path) for _, path in batch}


def run_preview(
    make_config: Callable[[], BuildConfig],
    *,
    config_file: Path | None = None,
    port: int | None = None,
    on_ready: Callable[[str], None] = lambda url: None,
    on_build: Callable[[BuildEvent], None] = lambda event: None,
    stop: threading.Event | None = None,
) -> None:
    """Build, serve and rebuild on change until ``stop`` is set (or Ctrl-C).

    Args:
        make_config: called for every build, so a changed config file is read again.
        config_file: the config file to watch (the one ``make_config`` reads), if any; it may not
            exist yet (``./reportgen.toml``), and is then watched for its creation.
        port: the port on 127.0.0.1 (default: a free one).
        on_ready: called once with the URL, after the first build.
        on_build: called after every build, good or failed.
        stop: set it to end the preview (from another thread).

    Raises:
        OutputError: the port cannot be used.
    """
    stop = stop or threading.Event()
    state = PreviewState()
    server = PreviewServer(state, port)
    url = server.start()
    builder = Builder(make_config, config_file)
    try:
        on_build(_build(builder, state))
        on_ready(url)
        while not stop.is_set():
            paths = watched_paths(builder.config, config_file)
            missed = changed_since(builder.stamps, paths)  # saved while the build ran, before watching
            if missed:
                on_build(_build(builder, state, missed))
                continue
            for changed in _changes(_watch_roots(paths), stop):
                relevant = tuple(sorted(p.resolve() for p in changed if _is_watched(p.resolve(), paths)))
                if not relevant:
                    continue
                log.info("changed: %s", printable(", ".join(str(p) for p in relevant)))
                on_build(_build(builder, state, relevant))
                if watched_paths(builder.config, config_file) != paths:
                    break  # the config names another data file or template folder: watch those
    finally:
        server.stop()
