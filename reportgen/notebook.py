"""Reports in a notebook: ``reportgen.report(frame_or_path, ...)`` shows itself inline in Jupyter.

The recipe (:func:`report`): a DataFrame (or a data file) and build options -> the same config,
analysis and templates as ``reportgen build`` -> a :class:`NotebookReport` that renders inline
(figures are already ``data:`` URIs; every CSS rule is rewritten to apply only inside the
report's own container, so nothing restyles the notebook) and saves the usual files on request.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html as html_lib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.config import BuildConfig
    from reportgen.pipeline import Analysed

CONTAINER = "reportgen-report"  # the class of the element the inline report lives in
FRAME_NAME = "DataFrame"  # how a report names data that came as a DataFrame, not a file
_STYLE = re.compile(r"<style(?P<attrs>[^>]*)>(?P<css>.*?)</style>", re.DOTALL | re.IGNORECASE)
_BODY = re.compile(r"<body(?P<attrs>[^>]*)>(?P<inner>.*)</body>", re.DOTALL | re.IGNORECASE)
_CLASS = re.compile(r'class="(?P<names>[^"]*)"')
_DOCUMENT_ROOT = re.compile(r"^(?::root|html|body)(?![\w-])")


@dataclass(frozen=True)
class NotebookReport:
    """A report built in memory: shown inline by Jupyter, its numbers in ``results``."""

    config: BuildConfig
    analysed: Analysed
    html: str  # the HTML document, as report.html (or handout.html) would hold it

    @property
    def results(self) -> dict[str, Any]:
        """The results document, as ``results.json`` holds it (per-subject tables as dicts)."""
        from reportgen.subject_tables import plain_results

        return plain_results(self.analysed.results)

    def __repr__(self) -> str:
        """One line, also Jupyter's plain-text view: the dataclass's own repr held every figure's
        bytes and the whole HTML (12 MB on sleepstudy), which a saved notebook kept."""
        data = self.results["data"]
        return (
            f"<NotebookReport {self.config.title!r}: {data['file']}, {data['rows']} rows; "
            ".results, .save(folder)>"
        )

    def _repr_html_(self) -> str:
        return scoped_html(self.html)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """What Jupyter shows and a saved notebook keeps: the report as HTML, and one line of text."""
        return {"text/html": self._repr_html_(), "text/plain": repr(self)}

    def save(self, folder: Path | str, formats: Sequence[str] = ("html", "pdf")) -> list[Path]:
        """Write the report files into ``folder``, as ``reportgen build --out folder`` would.

        Args:
            folder: the output folder (created when missing).
            formats: ``html`` and/or ``pdf``; ``results.json`` and ``figures/`` are always written.

        Returns:
            The paths written.

        Raises:
            ConfigError: an unknown format, or an empty ``folder`` (as an empty ``--out``).
            OutputError: the folder cannot be written, holds files reportgen did not write where
                the report goes, or another run is writing to it (the checks and lock of ``build``).
        """
        from reportgen.config import FORMATS, checked_argument
        from reportgen.errors import ConfigError, printable
        from reportgen.export import (
            check_output_paths,
            check_ownership,
            earlier_documents,
            output_lock,
            prepare_out_dir,
            replace_outputs,
            report_files_owner,
        )
        from reportgen.file_digests import with_document_digests
        from reportgen.pipeline import planned_documents, planned_outputs, render_documents
        from reportgen.results import results_json

        if not isinstance(folder, str | PathLike) or "\0" in str(folder):  # no path holds a NUL
            raise ConfigError(f"folder must be a path (a str or a Path), not {printable(repr(folder))}")
        checked_argument("out_dir", folder)  # an empty folder is refused as an empty --out is
        if (
            not isinstance(formats, Iterable)
            or isinstance(formats, str)
            or not all(isinstance(f, str) for f in formats)
        ):
            raise ConfigError(f"formats must be a list of: {', '.join(FORMATS)}; got {formats!r}")
        unknown = [f for f in formats if f not in FORMATS]
        if unknown or not formats:
            raise ConfigError(f"formats must be some of: {', '.join(FORMATS)}; got {list(formats)!r}")
        out = Path(folder)
        config = dataclasses.replace(self.config, out_dir=out, formats=tuple(dict.fromkeys(formats)))
        prepare_out_dir(out)
        documents = planned_documents(config)
        rendered = render_documents(self.analysed, config)
        results = self.results | {"report": {**self.results["report"], "documents": documents}}
        results = with_document_digests(results, rendered, self.analysed.files)
        files = {
            **self.analysed.files,
            "results.json": results_json(results),  # it lists the documents this save writes
            **rendered,
        }
        with output_lock(out):  # as build: one writer at a time, the same ownership checks
            check_output_paths(out, planned_outputs(config))
            ours = report_files_owner(out)  # a figure is reportgen's while as it wrote it
            check_ownership(out, planned_outputs(config), marker="results.json", ours=ours)
            earlier = earlier_documents(out)
            paths = replace_outputs(out, files, ours=ours, earlier=earlier)
        return paths


def _raw_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A DataFrame as the CSV reader would give it (text columns, blanks as missing), so a frame
    and the same data saved as CSV build the same report; cleaning and typing stay in one place."""
    import io

    import pandas as pd

    text = frame.to_csv(index=False)
    return pd.read_csv(io.StringIO(text), dtype=str, skipinitialspace=True)


def _is_bundled(raw: pd.DataFrame) -> bool:
    """Whether ``raw`` (from :func:`_raw_frame`) holds the sleepstudy data reportgen ships."""
    import pandas as pd

    from reportgen.config import bundled_data_path

    return raw.equals(_raw_frame(pd.read_csv(bundled_data_path())))


def _check_frame_text(frame: pd.DataFrame) -> None:
    """Refuse text that is not Unicode (lone surrogates), and column names that are equal, or equal
    once spaces are stripped: the file readers refuse them, and a frame would silently analyse one.

    Raises:
        InputFileError: naming the column.
    """
    import pandas as pd

    from reportgen.errors import InputFileError, printable

    surrogate = re.compile("[\ud800-\udfff]")  # not Unicode: no file, page or hash can hold it
    for column in frame.columns:
        cells = () if pd.api.types.is_numeric_dtype(frame[column]) else frame[column]
        bad = next((c for c in (column, *cells) if isinstance(c, str) and surrogate.search(c)), None)
        if bad is not None:
            raise InputFileError(
                f"the DataFrame's column {printable(str(column))!r} holds text that is not valid Unicode "
                f"(a lone surrogate) in {printable(bad[:40])!r}; decode the data properly or drop that value",
                path=FRAME_NAME,
            )
    seen: dict[str, str] = {}
    for name in map(str, frame.columns):
        other = seen.setdefault(name.strip(), name)
        if other is not name:
            same = "the same name" if other == name else "the same name once spaces are stripped"
            raise InputFileError(
                f"the DataFrame has two columns with {same} ({printable(other)!r} and {printable(name)!r}); "
                "rename or drop one",
                path=FRAME_NAME,
            )


def _check_data_argument(value: object) -> None:
    """Refuse what ``report`` cannot take (None, a dict, an empty DataFrame) with one line.

    Raises:
        InputFileError: saying what ``report`` takes.
    """
    import pandas as pd

    from reportgen.errors import InputFileError

    takes = (
        "report() takes a pandas DataFrame in long form (one row per measurement) or the path of a data file"
    )
    if isinstance(value, pd.DataFrame):
        if value.empty:
            rows, columns = value.shape
            raise InputFileError(
                f"{takes}; this DataFrame is empty ({rows} rows, {columns} columns)", path=FRAME_NAME
            )
        _check_frame_text(value)
    elif not isinstance(value, str | Path):
        raise InputFileError(f"{takes}, not {type(value).__name__}", path=type(value).__name__)


def _check_options(options: dict[str, Any]) -> None:
    """Refuse an option that is no setting with one line (``make_config`` raises ``TypeError``).

    Raises:
        ConfigError: naming the option and the settings there are.
    """
    from reportgen.errors import ConfigError, printable
    from reportgen.settings import BUILD_SETTINGS

    known = set(BUILD_SETTINGS) - {"data_path", "out_dir"} | {"name", "config_file"}
    unknown = sorted(map(str, set(options) - known))
    if unknown:
        raise ConfigError(
            f"report() has no option {printable(unknown[0])!r}; its options are: {', '.join(sorted(known))}",
            key=unknown[0],
        )


def report(
    frame_or_path: pd.DataFrame | Path | str,
    *,
    response: str | None = None,
    time: str | None = None,
    group: str | None = None,
    **options: Any,
) -> NotebookReport:
    """Build a report in memory from a DataFrame or a data file, for a notebook.

    Args:
        frame_or_path: a pandas DataFrame in long form (one row per measurement), or the path of
            a data file as ``--data`` takes it.
        response, time, group: the columns (default: Reaction, Days, Subject).
        **options: any other setting of :func:`reportgen.config.make_config` (``title``,
            ``decimals``, ``pair``, ``mixed_pair``, ``variant``, ``engine``, ``labels``,
            ``templates_dir``, ``config_file``, ...); ``profile="study"`` gives the study report
            instead of the seminar's.

    Returns:
        The report: shown inline by Jupyter, with ``.results`` and ``.save(folder, formats=...)``.

    Raises:
        ReportError: bad data or settings (the same checks as ``reportgen build``).

    Warns:
        ReportWarning: one for each line ``reportgen build`` prints as ``Warning:`` on the same
            data and settings (nested groups the data show crossed, rows entered twice...).

    Example:
        >>> import pandas as pd, reportgen
        >>> rep = reportgen.report(pd.read_csv("sleepstudy.csv"), response="Reaction",
        ...                        time="Days", group="Subject")
        >>> rep.results["random_intercept"]["slope"]  # doctest: +SKIP
        >>> rep.save("output", formats=("html", "pdf"))  # doctest: +SKIP
    """
    from reportgen.config import make_config
    from reportgen.context import without_narrow
    from reportgen.crossed_groups import nested_groups_warning
    from reportgen.load import require_columns
    from reportgen.pipeline import DOCUMENTS, analyse_report, read_source, render_documents

    _check_data_argument(frame_or_path)
    _check_options(options)
    options.update(response=response, time=time, group=group)
    options.pop("formats", None)  # chosen when saving: .save(folder, formats=...)
    if isinstance(frame_or_path, str | Path):
        config = make_config(data_path=frame_or_path, formats=("html",), **options)
        raw, source = read_source(config)
    else:
        name = str(options.pop("name", FRAME_NAME))
        config = make_config(data_path=name, formats=("html",), **options)
        raw = _raw_frame(frame_or_path)
        if "zero_is_missing" not in options and options.get("config_file") is None and _is_bundled(raw):
            # The shipped sleepstudy data as a DataFrame: its preset's cleaning rule, as for the file.
            config = dataclasses.replace(config, zero_is_missing=True)
        require_columns(
            raw, {"response": config.response, "time": config.time, "group": config.group}, Path(name)
        )
        csv_text = frame_or_path.to_csv(index=False).encode("utf-8")
        source = {"file": name, "sha256": hashlib.sha256(csv_text).hexdigest()}
    analysed = analyse_report(raw, config, source, parallel=False)
    # Read from a file, the data's crossed groups are among its reading's warnings (data.input).
    crossed = None if "input" in source else nested_groups_warning(raw, config)
    _warn_as_build(analysed.results, config, crossed)
    # Shown inline without the figures' phone versions (.save writes them into report.html).
    documents = render_documents(
        dataclasses.replace(analysed, context=without_narrow(analysed.context)), config
    )
    shown = "solutions" if config.variant == "both" else config.variant
    return NotebookReport(config, analysed, documents[f"{DOCUMENTS[shown]}.html"].decode("utf-8"))


def _warn_as_build(results: dict[str, Any], config: BuildConfig, crossed: str | None) -> None:
    """Issue, as a :class:`reportgen.ReportWarning` each, every warning ``reportgen
    build`` prints on the same data and settings (``crossed``: the data's crossed groups, when
    ``results`` does not hold them)."""
    import warnings

    from reportgen.profiles import resolved_profile
    from reportgen.warning_lines import ReportWarning, build_warnings, profile_warnings

    found = ((crossed,) if crossed else ()) + build_warnings(results, config)
    for line in found + profile_warnings(config, resolved_profile(config)):
        warnings.warn(line, ReportWarning, stacklevel=3)


# --- scoping the CSS ------------------------------------------------------------------------------


def _scope_selector(selector: str, scope: str) -> str:
    """``h1`` -> ``.scope h1``; the document's root (``:root``, ``html``, ``body``) -> ``.scope``."""
    selector = selector.strip()
    if _DOCUMENT_ROOT.match(selector):
        return _DOCUMENT_ROOT.sub(scope, selector, count=1)
    return f"{scope} {selector}"


def _split_selectors(prelude: str) -> list[str]:
    """Split a selector list on its top-level commas (not those inside ``:is(a, b)``)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    parts.append(prelude[start:])
    return [p for p in parts if p.strip()]


def scope_css(css: str, scope: str = f".{CONTAINER}") -> str:
    """Every rule of ``css`` rewritten to apply only inside ``scope`` (tinycss2 parses it).

    ``@page`` and ``@import`` are dropped (print layout, and nothing is fetched); ``@media`` and
    ``@supports`` keep their condition with their rules scoped.
    """
    import tinycss2

    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            prelude = tinycss2.serialize(rule.prelude)
            selectors = ", ".join(_scope_selector(s, scope) for s in _split_selectors(prelude))
            out.append(f"{selectors} {{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
            inner = scope_css(tinycss2.serialize(rule.content), scope)
            out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{\n{inner}\n}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("font-face", "keyframes"):
            out.append(tinycss2.serialize([rule]))
    return "\n".join(out)


def scoped_html(document: str) -> str:
    """A report document as a fragment for a notebook cell: its body in a ``div`` and its styles
    scoped to that ``div``, so the notebook page around it keeps its own look."""
    styles = []
    for match in _STYLE.finditer(document):
        media = re.search(r'media="([^"]+)"', match["attrs"])
        scoped = scope_css(match["css"])
        styles.append(f"@media {media[1]} {{\n{scoped}\n}}" if media else scoped)
    body = _BODY.search(document)
    inner, attrs = (body["inner"], body["attrs"]) if body else (document, "")
    classes = _CLASS.search(attrs)
    names = f"{CONTAINER} {classes['names']}" if classes else CONTAINER
    css = "\n".join(styles).replace("</", "<\\/")  # no "</style>" can end the style element early
    return f'<div class="{html_lib.escape(names)}">\n<style>\n{css}\n</style>\n{inner}\n</div>'
