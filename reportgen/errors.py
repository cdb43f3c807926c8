"""One exception hierarchy; the CLI turns any ReportError into a one-line ``Error: ...``."""

from __future__ import annotations


class ReportError(Exception):
    """Base of every error reportgen raises on purpose (bad input, unwritable output...).

    The message is one line and says how to fix the problem.
    """


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


class OutputError(ReportError):
    """Raised when the output folder cannot be created or written."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class TemplateError(ReportError):
    """Raised when a report template is missing or broken."""
