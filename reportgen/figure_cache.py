"""Figures drawn once: a content-addressed cache of rendered figures, kept in a folder reportgen owns.

A figure's key is a SHA-256 of everything its picture is a function of: the arguments the figures
are drawn from (the cleaned data, the analysis's numbers, the results of the sections that compute
their own, the labels shown on axes, the decimals), the figure's place and name, and the code that
draws it (reportgen's version, a hash of reportgen's Python source: the ``figures`` package and what
it calls, such as the axis words of ``words.py``; the versions of matplotlib, NumPy and Pillow, and
any ``matplotlibrc`` that could change the style). The title, the author, the templates and the CSS
are not among them, so a rebuild after changing only those draws nothing.

The cache lives in ``$REPORTGEN_CACHE_DIR/figures`` (default: ``$XDG_CACHE_HOME/reportgen/figures``,
i.e. ``~/.cache/reportgen/figures``), never in the output folder. Each entry is one file
``<key>.figure`` written atomically (a temporary file in the same folder, then a rename), so a
killed run leaves no half entry; a damaged entry fails its checksum and is drawn again. The
folder is trimmed to :data:`MAX_BYTES` by removing the least recently used entries (a hit
refreshes an entry's time); only files named like entries are ever removed. A cache that cannot
be written is reported at ``-v`` and the build goes on drawing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import stat
import struct
import tempfile
import time
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.warning_lines import SHOWN_WITH_V

if TYPE_CHECKING:
    from reportgen.figures.base import FigureImage

log = logging.getLogger("reportgen")

ENV_FOLDER = "REPORTGEN_CACHE_DIR"
MAX_BYTES = 200 * 2**20  # a sleepstudy report's 15 figures take about 2 MB
# Version 2: the checksum covers the header (key, figure, sizes) as well as the pixels.
# Version 3: the figure's narrow version for phones (a second PNG, possibly empty) follows the JPEG.
FORMAT = b"reportgen-figure 3\n"
SUFFIX = ".figure"
_ENTRY = re.compile(r"^[0-9a-f]{64}\.figure$")
_TEMPORARY = ".partial-"
_MAX_ENTRY = 64 * 2**20  # larger than any figure: read no further
_MAX_PIXELS = 100_000
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Packages whose version can change a figure's pixels.
DRAWING_PACKAGES = ("matplotlib", "numpy", "pillow")


def default_folder() -> Path:
    """``$REPORTGEN_CACHE_DIR/figures``, else ``$XDG_CACHE_HOME/reportgen/figures`` (``~/.cache``)."""
    root = os.environ.get(ENV_FOLDER)
    if root:
        return Path(root).expanduser() / "figures"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg).expanduser() / "reportgen" / "figures"


# --- the key ------------------------------------------------------------------------------------------


class _Digest:
    """A file that only hashes what is written to it (a pickle streams into it, held nowhere)."""

    def __init__(self) -> None:
        self.sha = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return len(data)


def _pickled_into(digest: _Digest, value: Any) -> None:
    """``value``'s pickle into ``digest``: every number and string of it, in order.

    Without the memo ("fast" mode), so which equal objects happen to be one object does not
    matter. Equal inputs built the same way give the same bytes in every process, except a set
    (its order follows the process's string hashing): that would only make the key miss, never
    match inputs it should not, and ``tests/e2e/test_figure_cache.py`` checks that a second
    build under another hash seed draws nothing.
    """
    pickler = pickle.Pickler(digest, protocol=5)
    pickler.fast = True  # no memo; the inputs hold no cycles
    pickler.dump(value)


def _matplotlibrc_files() -> list[Path]:
    """The ``matplotlibrc`` files matplotlib would read besides its own (they can change a style)."""
    candidates = [Path("matplotlibrc")]
    if os.environ.get("MATPLOTLIBRC"):
        given = Path(os.environ["MATPLOTLIBRC"])
        candidates.append(given / "matplotlibrc" if given.is_dir() else given)
    if os.environ.get("MPLCONFIGDIR"):
        candidates.append(Path(os.environ["MPLCONFIGDIR"]) / "matplotlibrc")
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    candidates.append(Path(config_home) / "matplotlib" / "matplotlibrc")
    return candidates


def code_version() -> dict[str, Any]:
    """What draws the figures: reportgen's version and source, the drawing packages, rc files."""
    import reportgen
    from reportgen import __version__
    from reportgen.provenance import installed, tree_hash

    rc = {}
    for path in _matplotlibrc_files():
        try:
            rc[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
    package = Path(reportgen.__file__).resolve().parent
    return {
        "reportgen": __version__,
        # All of it, not only figures/: a figure also calls words.py, numbers.py, sections.py ...
        "source": tree_hash(package, "*.py"),
        "packages": {name: installed(name) for name in DRAWING_PACKAGES},
        "matplotlibrc": rc,
    }


def inputs_key(*inputs: Any, code: Mapping[str, Any] | None = None) -> str:
    """The SHA-256 of everything a report's figures are drawn from, and of the code that draws them.

    Raises:
        pickle.PicklingError, TypeError, AttributeError, ValueError: an input cannot be pickled.
    """
    digest = _Digest()
    digest.write(FORMAT + json.dumps(code_version() if code is None else code, sort_keys=True).encode())
    _pickled_into(digest, inputs)
    return digest.sha.hexdigest()


def figure_key(inputs: str, position: int, name: str) -> str:
    """The key of one figure: the report's inputs key, and the figure's place and name among them."""
    return hashlib.sha256(f"{inputs}\0{position}\0{name}".encode()).hexdigest()


# --- the folder ---------------------------------------------------------------------------------------


@dataclass
class FigureCache:
    """Rendered figures by key in ``folder`` (``None``: no cache); counts what one build drew and reused."""

    folder: Path | None
    max_bytes: int = MAX_BYTES
    drawn: int = 0
    reused: int = 0
    _unwritable: bool = field(default=False, repr=False)

    def keys(self, inputs: tuple[Any, ...], names: Sequence[str]) -> list[str]:
        """Each figure's key: :func:`figure_key` of :func:`inputs_key` (no hashing when off)."""
        if self.folder is not None:
            try:
                everything = inputs_key(*inputs)
            except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError) as exc:
                log.info("figure cache: the figures' inputs cannot be hashed (%s); drawing them all", exc)
                self.folder = None
        if self.folder is None:
            return [f"{i}\0{name}" for i, name in enumerate(names)]
        return [figure_key(everything, i, name) for i, name in enumerate(names)]

    @classmethod
    def for_build(cls, enabled: bool) -> FigureCache:
        """The user's cache (:func:`default_folder`), or none when ``enabled`` is false."""
        return cls(default_folder() if enabled else None)

    def get(self, key: str, name: str) -> FigureImage | None:
        """The figure ``name`` stored under ``key``, or None: absent, not a regular file, unreadable,
        damaged, or an entry that is not that figure's (all drawn again, never an error)."""
        if self.folder is None:
            return None
        path = self.folder / f"{key}{SUFFIX}"
        stored = _read_entry(path)
        if stored is None:
            return None
        image = _decode(stored, key, name)
        if image is None:
            log.info("figure cache: %s is damaged; drawing it again", path.name)
            return None
        try:
            os.utime(path)  # least recently used goes first when trimming
        except OSError:
            pass
        self.reused += 1
        return image

    def put(self, key: str, image: FigureImage) -> None:
        """Store ``image`` under ``key`` atomically; a cache that cannot be written is said once at -v."""
        self.drawn += 1
        if self.folder is None or self._unwritable:
            return
        try:
            _make_private(self.folder)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=_TEMPORARY)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(_encode(key, image))
                os.replace(temporary, self.folder / f"{key}{SUFFIX}")
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            self._unwritable = True
            log.info(
                "the figure cache %s cannot be written (%s); figures are drawn every time",
                self.folder,
                exc.strerror or exc,
                extra=SHOWN_WITH_V,
            )

    def trim(self) -> None:
        """Remove the least recently used entries until the folder holds at most ``max_bytes``."""
        if self.folder is None or self._unwritable or self.drawn == 0:
            return
        entries = []
        stale = time.time() - 3600
        try:
            for entry in os.scandir(self.folder):
                stat = entry.stat()
                if entry.name.startswith(_TEMPORARY) and stat.st_mtime < stale:
                    os.unlink(entry.path)  # left by a killed run
                elif _ENTRY.match(entry.name):
                    entries.append((stat.st_mtime, stat.st_size, entry.path))
            total = sum(size for _, size, _ in entries)
            for _, size, path in sorted(entries):
                if total <= self.max_bytes:
                    break
                os.unlink(path)
                total -= size
        except OSError as exc:
            log.info("the figure cache %s cannot be trimmed (%s)", self.folder, exc, extra=SHOWN_WITH_V)


def _make_private(folder: Path) -> None:
    """Create ``folder`` and its missing parents readable by the user only (0700)."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass


def _read_entry(path: Path) -> bytes | None:
    """The bytes of the entry at ``path``, or None when it is absent, a link, not a regular file (a
    FIFO would block the build), larger than any figure, or unreadable."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_size > _MAX_ENTRY:
            return None
        with os.fdopen(handle, "rb", closefd=False) as entry:
            return entry.read(_MAX_ENTRY + 1)
    except OSError:
        return None
    finally:
        os.close(handle)


def _encode(key: str, image: FigureImage) -> bytes:
    """The entry: the format line, a SHA-256 of everything after it, the header (naming the key and
    the figure it was stored under), then the PNG, JPEG and narrow PNG bytes."""
    header = json.dumps(
        {
            "key": key,
            "name": image.name,
            "title": image.title,
            "width": image.width,
            "height": image.height,
            "png": len(image.png),
            "jpeg": len(image.jpeg),
            "narrow": len(image.narrow_png),
            "narrow_width": image.narrow_width,
            "narrow_height": image.narrow_height,
        },
        sort_keys=True,
    ).encode()
    body = header + b"\n" + image.png + image.jpeg + image.narrow_png
    return FORMAT + hashlib.sha256(FORMAT + body).hexdigest().encode() + b"\n" + body


def _decode(stored: bytes, key: str, name: str) -> FigureImage | None:
    """The figure ``name`` in an entry stored under ``key``, or None when the entry is not whole and
    intact, states another key or figure, or its header does not fit its pixels."""
    from reportgen.figures.base import FigureImage

    if not stored.startswith(FORMAT):
        return None
    checksum, _, body = stored[len(FORMAT) :].partition(b"\n")
    if checksum != hashlib.sha256(FORMAT + body).hexdigest().encode():
        return None
    line, _, payload = body.partition(b"\n")
    try:
        header = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not _header_fits(header, key, name, len(payload)):
        return None
    png_end = header["png"]
    jpeg_end = png_end + header["jpeg"]
    png, jpeg, narrow = payload[:png_end], payload[png_end:jpeg_end], payload[jpeg_end:]
    if not _png_fits(png, header["width"], header["height"]) or not _jpeg_whole(jpeg):
        return None
    if narrow and not _png_fits(narrow, header["narrow_width"], header["narrow_height"]):
        return None
    return FigureImage(
        name=name,
        title=header["title"],
        png=png,
        width=header["width"],
        height=header["height"],
        jpeg=jpeg,
        narrow_png=narrow,
        narrow_width=header["narrow_width"] if narrow else 0,
        narrow_height=header["narrow_height"] if narrow else 0,
    )


def _count(value: Any, low: int, high: int) -> bool:
    """Whether ``value`` is a JSON integer (not a bool, float or string) from ``low`` to ``high``."""
    return type(value) is int and low <= value <= high


def _header_fits(header: Any, key: str, name: str, payload: int) -> bool:
    """Whether a decoded header states ``key`` and ``name``, a text title, positive pixel sizes, and
    PNG, JPEG and narrow PNG lengths that add up to the ``payload`` that follows it."""
    return (
        isinstance(header, dict)
        and header.get("key") == key
        and header.get("name") == name
        and isinstance(header.get("title"), str)
        and _count(header.get("width"), 1, _MAX_PIXELS)
        and _count(header.get("height"), 1, _MAX_PIXELS)
        and _count(header.get("png"), 1, payload)
        and _count(header.get("jpeg"), 0, payload)
        and _count(header.get("narrow"), 0, payload)
        and _count(header.get("narrow_width"), 0, _MAX_PIXELS)
        and _count(header.get("narrow_height"), 0, _MAX_PIXELS)
        and header["png"] + header["jpeg"] + header["narrow"] == payload
    )


def _png_fits(png: bytes, width: int, height: int) -> bool:
    """Whether ``png`` is a whole PNG (signature, chunks with their CRCs, IEND last) of about
    ``width`` x ``height`` pixels (matplotlib may round a size one pixel the other way)."""
    if not png.startswith(_PNG_SIGNATURE):
        return False
    at, size, last = len(_PNG_SIGNATURE), None, b""
    while at < len(png):
        if at + 12 > len(png):
            return False
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        data = png[at + 8 : at + 8 + length]
        end = at + 12 + length
        if end > len(png) or struct.unpack(">I", png[end - 4 : end])[0] != zlib.crc32(kind + data):
            return False
        if kind == b"IHDR" and length >= 8:
            size = struct.unpack(">II", data[:8])
        at, last = end, kind
    return last == b"IEND" and size is not None and abs(size[0] - width) <= 1 and abs(size[1] - height) <= 1


def _jpeg_whole(jpeg: bytes) -> bool:
    """Whether ``jpeg`` is empty (no print image) or starts and ends as a JPEG does."""
    return not jpeg or (jpeg.startswith(b"\xff\xd8") and jpeg.endswith(b"\xff\xd9"))
