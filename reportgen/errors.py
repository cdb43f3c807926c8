"""One exception hierarchy; the CLI turns any ReportError into a one-line ``Error: ...``."""

from __future__ import annotations


class ReportError(Exception):
    """Base of every error reportgen raises on purpose (bad input, unwritable output...).

    The message is one line and says how to fix the problem. It is made safe here, once, for every
    subtype: control characters, line breaks and lone surrogates in the data it names are shown as
    escapes (:func:`printable`), so ``str(exc)`` from the API prints as the CLI's line does.
    """

    def __init__(self, message: object = "", *args: object) -> None:
        super().__init__(printable(str(message)), *args)


class ConfigError(ReportError):
    """Raised when the config file is missing, unreadable or not valid TOML, holds an unknown key or a
    value of the wrong type, or when an explicit setting is out of range (format, decimals).
    """

    def __init__(self, message: str, *, key: str | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.key = key  # dotted, as in the file: "data.response"; None for a whole-file problem
        self.path = path  # the config file, when the problem is in one


class InputFileError(ReportError):
    """Raised when the data file is missing, unreadable, not a CSV or empty."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class ColumnError(ReportError):
    """Raised when a named column is missing from the data."""

    def __init__(self, message: str, *, column: str) -> None:
        super().__init__(message)
        self.column = column


class DataValueError(ReportError):
    """Raised when values cannot be used: non-numeric, too few groups or observations."""

    def __init__(self, message: str, *, column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


class SubjectError(ReportError):
    """Raised when a requested subject (``--pair``, ``--mixed-pair``) is absent or unusable."""

    def __init__(self, message: str, *, subject: str) -> None:
        super().__init__(message)
        self.subject = subject


class ModelError(ReportError):
    """Raised when a model cannot be fitted to the data at all."""


class UnreliableFitError(ModelError):
    """Raised when a GLMM fit did not converge or stopped below the log-likelihood of the same
    model without random effects (``reason``: "not_converged" or "below_bound")."""

    def __init__(self, message: str, *, formula: str, reason: str) -> None:
        super().__init__(message)
        self.formula = formula
        self.reason = reason


class OutputError(ReportError):
    """Raised when the output folder cannot be created or written."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class TemplateError(ReportError):
    """Raised when a report template is missing or broken."""


class MailError(ReportError):
    """Raised when an email summary cannot be built: no results or figures in the report folder, no
    usable ``manifest.json`` for ``--cohorts``, an invalid address, a header value (subject, cohort
    name, title) with a line break or control character, a bad subject template, missing SMTP
    settings, or a message over the size limits with ``--strict``."""

    def __init__(self, message: str, *, path: str | None = None, cohort: str | None = None) -> None:
        super().__init__(message)
        self.path = path  # the file or folder at fault, when there is one
        self.cohort = cohort  # the cohort's name, when the problem is one cohort's


class SendError(MailError):
    """Raised when the SMTP server refuses a message for good (5xx, a failed login) or stays
    unreachable after the retries; every message accepted before it is in the send log."""

    def __init__(
        self,
        message: str,
        *,
        recipients: tuple[str, ...],
        code: int | None,
        sent: int,
        skipped: int,
        failed: int,
        left: int,
    ) -> None:
        super().__init__(message)
        self.recipients = recipients  # envelope addresses of the message that failed
        self.code = code  # the server's reply code; None when there was no reply
        self.sent, self.skipped, self.failed, self.left = sent, skipped, failed, left


class CohortError(ReportError):
    """Raised when cohorts cannot be formed: no cohort given, a cohort that selects no rows, or a
    cohort's own CSV that cannot be read; a batch run records it as that cohort's error."""

    def __init__(self, message: str, *, cohort: str | None = None) -> None:
        super().__init__(message)
        self.cohort = cohort  # the cohort's name; None when no cohort could be formed at all


class ClusterError(ReportError):
    """Raised when the Dask scheduler cannot be reached or its workers cannot run reportgen."""

    def __init__(self, message: str, *, address: str) -> None:
        super().__init__(message)
        self.address = address


class SchemaError(ReportError):
    """Raised when a JSON file reportgen writes (``results.json``, ``manifest.json``, ``comparison.json``,
    a send log) does not match its schema, is not JSON, or is of a kind that cannot be told from its
    name (``reportgen validate``)."""

    def __init__(self, message: str, *, path: str | None = None, kind: str | None = None) -> None:
        super().__init__(message)
        self.path = path  # the file checked, when it is a file
        self.kind = kind  # "results", "manifest", "comparison" or "send-log", when known


class InterruptedRunError(ReportError):
    """Raised when a batch run is stopped (Ctrl-C); the message says what was kept and how to resume."""


# How many items of a list drawn from the data (columns, ids, sheets) a message names.
LISTED = 20


def listed(items: object, first: int = LISTED) -> str:
    """``a, b, c`` -- or, for a long list, its first ``first`` items "and N more": an error naming
    10,000 columns stays one readable line (every item is shown with :func:`str`)."""
    names = [str(item) for item in items]  # type: ignore[attr-defined]
    if len(names) <= first:
        return ", ".join(names)
    return f"{', '.join(names[:first])} and {len(names) - first:,} more"


def printable(text: str) -> str:
    """``text`` safe for a terminal, on one line: control characters are shown as escapes.

    Data (ids, column names, file names) reach messages; an ANSI escape sequence or a line break
    in them must not recolour or clear the user's terminal, nor split the one-line error.
    Bidirectional overrides are escaped too, so text cannot be shown reversed, and lone surrogates
    (undecodable bytes of a file name), which no terminal encoding can print.
    """
    import unicodedata

    def shown(char: str) -> str:
        if char == "\n":
            return "\\n"
        if char == "\r":
            return "\\r"
        if char == "\t":
            return "\\t"
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):  # Cs: a lone surrogate
            code = ord(char)
            return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        return char

    return "".join(char if char.isprintable() else shown(char) for char in text)
