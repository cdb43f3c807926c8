"""Command line: options -> config -> one library call. Heavy libraries load inside commands."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from reportgen.config import (
    CONFIG_FILE_NAME,
    DEFAULT_AUTHOR,
    DEFAULT_COLUMNS,
    DEFAULT_DECIMALS,
    DEFAULT_ENGINE,
    DEFAULT_OUT_DIR,
    ENGINES,
    FORMATS,
    MAX_DECIMALS,
)
from reportgen.errors import ReportError


def _pair(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise click.BadParameter("give two subject ids separated by a comma, e.g. 308,309")
    return parts[0], parts[1]


config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path),
    default=None,
    help=f"TOML file of settings (default: ./{CONFIG_FILE_NAME} when present); "
    "options given on the command line override it.",
)


def data_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options that say which data to read and how its columns are named."""
    for option in reversed(
        [
            click.option(
                "--data",
                "data_path",
                type=click.Path(path_type=Path),
                default=None,
                help="CSV file to analyse (default: the bundled sleepstudy data).",
            ),
            click.option(
                "--response",
                default=None,
                help=f"Column with the measured outcome (default: {DEFAULT_COLUMNS[0]}).",
            ),
            click.option(
                "--time",
                default=None,
                help=f"Column with the time of each measurement (default: {DEFAULT_COLUMNS[1]}).",
            ),
            click.option(
                "--group",
                default=None,
                help="Column identifying the subject (group) measured repeatedly "
                f"(default: {DEFAULT_COLUMNS[2]}).",
            ),
        ]
    ):
        command = option(command)
    return command


def report_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options that shape the report itself."""
    for option in reversed(
        [
            click.option(
                "--out",
                "out_dir",
                type=click.Path(path_type=Path),
                default=None,
                help=f"Folder to write the report into (default: {DEFAULT_OUT_DIR}).",
            ),
            click.option(
                "--format",
                "formats",
                type=click.Choice(FORMATS),
                multiple=True,
                help="Write only this format (repeatable; default: html and pdf).",
            ),
            click.option(
                "--pair",
                callback=_pair,
                metavar="A,B",
                help="Two subjects to compare with their own lines (question 4).",
            ),
            click.option(
                "--mixed-pair",
                callback=_pair,
                metavar="C,D",
                help="Two subjects to compare in the mixed model (question 6).",
            ),
            click.option("--title", default=None, help="Report title."),
            click.option(
                "--engine",
                type=click.Choice(ENGINES),
                default=None,
                help=f"Mixed-model engine (default: {DEFAULT_ENGINE}; statsmodels is the seminar's mixedlm).",
            ),
            click.option(
                "--decimals",
                type=int,
                default=None,
                help=f"Decimal places of the numbers in the report, 0 to {MAX_DECIMALS} "
                f"(default: {DEFAULT_DECIMALS}).",
            ),
            click.option(
                "--author",
                default=None,
                help=f"Author shown on the report and in the PDF metadata (default: {DEFAULT_AUTHOR}).",
            ),
        ]
    ):
        command = option(command)
    return command


def _configure_logging(ctx: click.Context, param: click.Parameter, verbose: bool) -> bool:
    logging.basicConfig(
        format="reportgen: %(message)s", level=logging.INFO if verbose else logging.WARNING, force=True
    )
    return verbose


verbose_option = click.option(
    "-v",
    "--verbose",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_configure_logging,
    help="Say what each stage did.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
def cli() -> None:
    """Turn longitudinal data into a finished mixed-model report (HTML, PDF, JSON).

    \b
    Example:
        reportgen build                      # the seminar report in ./output
    """


@cli.command()
@config_option
@data_options
@report_options
@verbose_option
def build(config_file: Path | None, **options: Any) -> None:
    """Analyse the data and write report.html, report.pdf, results.json and figures/.

    Settings come from ./reportgen.toml (or --config FILE) when there is one; options given on
    the command line override it.

    \b
    Examples:
        reportgen build
        reportgen build --format html --out site/
        reportgen build --data growth.csv --response height --time age --group child
        reportgen build --pair 308,309 --mixed-pair 371,337
        reportgen build --config growth/reportgen.toml --decimals 3
    """
    from reportgen.config import find_config_file, make_config
    from reportgen.pipeline import build_report

    try:
        config = make_config(config_file=find_config_file(config_file), **options)
        result = build_report(config)
    except ReportError as exc:
        raise click.ClickException(str(exc)) from exc
    files = sorted(p.name for p in result.paths if p.parent == config.out_dir.resolve())
    click.echo(f"Wrote {', '.join(files)} and figures/ to {config.out_dir}/", err=True)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="reportgen")
