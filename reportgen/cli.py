"""Command line: options -> config -> one library call. Heavy libraries load inside commands."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from reportgen.config import DEFAULT_COLUMNS, FORMATS
from reportgen.errors import ReportError


def _pair(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise click.BadParameter("give two subject ids separated by a comma, e.g. 308,309")
    return parts[0], parts[1]


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
                default=DEFAULT_COLUMNS[0],
                show_default=True,
                help="Column with the measured outcome.",
            ),
            click.option(
                "--time",
                default=DEFAULT_COLUMNS[1],
                show_default=True,
                help="Column with the time of each measurement.",
            ),
            click.option(
                "--group",
                default=DEFAULT_COLUMNS[2],
                show_default=True,
                help="Column identifying the subject (group) measured repeatedly.",
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
                default=Path("output"),
                show_default=True,
                help="Folder to write the report into.",
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
                "--author",
                default="reportgen",
                show_default=True,
                help="Author shown on the report and in the PDF metadata.",
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
@data_options
@report_options
@verbose_option
def build(**options: Any) -> None:
    """Analyse the data and write report.html, report.pdf, results.json and figures/.

    \b
    Examples:
        reportgen build
        reportgen build --format html --out site/
        reportgen build --data growth.csv --response height --time age --group child
        reportgen build --pair 308,309 --mixed-pair 371,337
    """
    from reportgen.config import make_config
    from reportgen.pipeline import build_report

    try:
        result = build_report(make_config(**options))
    except ReportError as exc:
        raise click.ClickException(str(exc)) from exc
    files = sorted(p.name for p in result.paths if p.parent == options["out_dir"].resolve())
    click.echo(f"Wrote {', '.join(files)} and figures/ to {options['out_dir']}/", err=True)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="reportgen")
