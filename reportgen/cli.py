"""Command line: options -> config -> one library call. Heavy libraries load inside commands."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from reportgen.config import (
    CONFIG_FILE_NAME,
    DATE_UNITS,
    DEFAULT_AUTHOR,
    DEFAULT_COLUMNS,
    DEFAULT_DECIMALS,
    DEFAULT_ENGINE,
    DEFAULT_OUT_DIR,
    ENGINES,
    FORMATS,
    MAX_DECIMALS,
    PAPERS,
    SMTP_SECURITY,
    VARIANTS,
)
from reportgen.errors import InterruptedRunError, ReportError, printable


class _Interrupted(click.ClickException):
    exit_code = 130  # the shell's code for "stopped by Ctrl-C"


def _fail(exc: ReportError) -> click.ClickException:
    """The one ``Error:`` line for a library error; data in it cannot drive the terminal."""
    kind = _Interrupted if isinstance(exc, InterruptedRunError) else click.ClickException
    return kind(printable(str(exc)))


def _say(message: str) -> None:
    """A status line on stderr (it may name data: cohorts, folders)."""
    click.echo(printable(message), err=True)


@contextlib.contextmanager
def _warnings_logged() -> Iterator[None]:
    """Library warnings (matplotlib, numpy) go to the log, shown with -v, not onto stderr."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for warning in caught:
                logging.getLogger("reportgen").info("warning: %s", printable(str(warning.message)))


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
                type=click.Path(),  # a str: an empty one is refused, not read as "."
                default=None,
                help="Data file to analyse: CSV or TSV (dialect sniffed), Excel .xlsx, Parquet, SPSS .sav "
                "or Stata .dta (default: the bundled sleepstudy data).",
            ),
            click.option(
                "--sheet",
                default=None,
                metavar="NAME",
                help="Excel sheet to read (default: the first), e.g. --sheet 'Visits 2024'.",
            ),
            click.option(
                "--separator",
                type=click.Choice([",", ";", "tab", "|"]),
                metavar="SEP",
                default=None,
                help="CSV separator when sniffing guesses wrong: , ; tab or |, e.g. --separator ';' "
                "(default: sniffed).",
            ),
            click.option(
                "--wide",
                metavar="COLUMNS",
                default=None,
                help="Wide data: the columns holding the response at each time, as names, a pattern or a "
                "range, e.g. --wide 'Day*' or --wide 'Day0,Day1,...,Day9'; --response and --time name "
                "the long table's columns.",
            ),
            click.option(
                "--wide-times",
                metavar="T1,T2,...",
                default=None,
                help="Times of the --wide columns in order, when their names hold none, e.g. 0,0.5,1,2.",
            ),
            click.option(
                "--date-unit",
                type=click.Choice(DATE_UNITS),
                default=None,
                help="For a time column of dates: the unit of elapsed time (default: auto, from the "
                "spacing of the visits), e.g. --date-unit weeks.",
            ),
            click.option(
                "--study-start",
                metavar="DATE",
                default=None,
                help="For a time column of dates: count time from this date instead of each subject's "
                "first visit, e.g. --study-start 2024-03-01.",
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


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options that say where the report is written and in which formats."""
    for option in reversed(
        [
            click.option(
                "--out",
                "out_dir",
                type=click.Path(),  # a str: an empty one is refused, not read as "."
                default=None,
                help=f"Folder to write the report into (default: {DEFAULT_OUT_DIR}).",
            ),
            click.option(
                "--format",
                "formats",
                type=click.Choice(FORMATS),
                multiple=True,
                help="Write only this format (repeatable; default: html and pdf); docx writes a Word "
                "document, e.g. --format docx.",
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
                "--variant",
                type=click.Choice(VARIANTS),
                default=None,
                help="solutions: every answer (report.*, the default); handout: questions and code "
                "scaffolds to fill in (handout.*); both.",
            ),
            click.option(
                "--paper", type=click.Choice(PAPERS), default=None, help="PDF page size (default: A4)."
            ),
            click.option(
                "--code/--no-code",
                default=None,
                help="Show the solution code under each question (default: yes in `build`, no in "
                "`cohorts`, whose reports are for sites rather than classes); the handout always "
                "shows its code to complete.",
            ),
            click.option(
                "--templates",
                "templates_dir",
                type=click.Path(path_type=Path, file_okay=False),
                default=None,
                help="Folder of templates that override the built-in ones by name "
                "(start from `reportgen templates export DIR`).",
            ),
            click.option(
                "--covariate",
                "covariates",
                multiple=True,
                metavar="COLUMN",
                help="A column of the study's design (sex, treatment, baseline score ...) to put into the "
                "model with its interaction with time; numbers are read as a numeric covariate, text as "
                "categories (repeatable).",
            ),
            click.option(
                "--factor",
                "factors",
                multiple=True,
                metavar="COLUMN",
                help="Like --covariate, but the values are categories even when they are numbers "
                "(diet 1, 2, 3) (repeatable).",
            ),
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
@output_options
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
        reportgen build --data visits.xlsx --sheet Visits --time Date --date-unit weeks
        reportgen build --data study.sav --response score --time wave --group id
        reportgen build --data wide.csv --wide 'Day*' --response Reaction --time Days
        reportgen build --format docx --format pdf
        reportgen build --data orthodont.csv --response distance --time age \\
            --group Subject --covariate Sex
    """
    from reportgen.config import find_config_file, make_config
    from reportgen.pipeline import build_report

    try:
        config = make_config(config_file=find_config_file(config_file), **options)
        with _warnings_logged():
            result = build_report(config)
    except ReportError as exc:
        raise _fail(exc) from exc
    except KeyboardInterrupt:
        raise _Interrupted("interrupted; no report was left half-written") from None
    files = sorted(p.name for p in result.paths if p.parent == config.out_dir.resolve())
    _say(f"Wrote {', '.join(files)} and figures/ to {config.out_dir}/")
    for warning in result.warnings:
        _say(f"Warning: {warning}")


@cli.command()
@config_option
@data_options
@report_options
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Port on 127.0.0.1 to serve the preview on (default: a free one).",
)
@verbose_option
def preview(config_file: Path | None, port: int | None, **options: Any) -> None:
    """Serve the HTML report on 127.0.0.1 and rebuild it whenever its inputs change.

    The data file, the config file and the template folders are watched; on a change the report
    is rebuilt and the open browser page reloads itself. A build error shows at the top of the
    page (and here) while the last good report stays up. Nothing is written to --out. Ctrl-C stops.

    \b
    Examples:
        reportgen preview
        reportgen preview --templates my-templates/
        reportgen preview --data growth.csv --response height --time age --group child --port 8000
    """
    from reportgen.config import find_config_file, make_config
    from reportgen.preview import BuildEvent, run_preview

    chosen = find_config_file(config_file)

    def show(event: BuildEvent) -> None:
        if event.error is not None:
            click.echo(f"Error: {event.error}", err=True)
            click.echo("(the page keeps the last good report; fix it and save to rebuild)", err=True)
        else:
            what = "Built" if event.number == 1 else "Rebuilt"
            how = " (templates only)" if event.templates_only else ""
            click.echo(f"{what} in {event.seconds:.1f} s{how}", err=True)

    def ready(url: str) -> None:
        click.echo(f"Preview at {url}", err=True)
        click.echo(url)  # on stdout, for scripts
        click.echo("Watching the data, the config and the templates; Ctrl-C to stop.", err=True)

    try:
        run_preview(
            lambda: make_config(config_file=chosen, **options),
            config_file=chosen,
            port=port,
            on_ready=ready,
            on_build=show,
        )
    except ReportError as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)


@cli.group()
def templates() -> None:
    """Work with the report templates.

    \b
    Example:
        reportgen templates export my-templates/
        reportgen build --templates my-templates/
    """


@templates.command("export")
@click.argument("folder", type=click.Path(file_okay=False))  # a str: an empty one is refused, not "."
@click.option("--force", is_flag=True, help="Overwrite templates already in FOLDER.")
def export_templates(folder: str, force: bool) -> None:
    """Copy the built-in templates into FOLDER, as a starting point for --templates.

    \b
    Example:
        reportgen templates export my-templates/
    """
    from reportgen.export import copy_templates

    if not folder.strip():
        # Path("") is the current folder: an unset "$DIR" would fill it with templates.
        raise click.UsageError("FOLDER must not be empty; name the folder to copy the templates into")
    try:
        copied = copy_templates(Path(folder), overwrite=force)
    except ReportError as exc:
        raise _fail(exc) from exc
    _say(f"Copied {len(copied)} templates to {Path(folder)}/")


class _CohortProgress:
    """On stderr: a bar with counts and ETA on a terminal, or one line per cohort (-v), else quiet."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.bar: Any = None
        self.done = self.total = 0

    def start(self, total: int) -> None:
        import sys

        self.total = total
        if not self.verbose and sys.stderr.isatty():
            self.bar = click.progressbar(
                length=total, label="Cohorts", show_pos=True, show_eta=True, file=sys.stderr
            ).__enter__()

    def advance(self, outcome: Any) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.verbose:
            done = {"ok": f"{outcome.duration_s:.1f} s", "skipped": "unchanged"}
            what = done.get(outcome.status, outcome.error)
            _say(f"[{self.done}/{self.total}] {outcome.status:<7} {outcome.slug}/ ({outcome.name!r}): {what}")

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@cli.command()
@click.option(
    "--by",
    metavar="COLUMN",
    default=None,
    help="Column whose values are the cohorts (default: the [[cohort]] tables of the config file).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: the number of CPU cores); 1 builds one by one.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Run the cohorts on this Dask scheduler's workers (e.g. tcp://10.0.0.5:8786) "
    "instead of local processes; needs reportgen[cluster].",
)
@click.option("--force", is_flag=True, help="Rebuild every cohort, changed or not.")
@config_option
@data_options
@output_options
@report_options
@click.option("-v", "--verbose", is_flag=True, help="One line per cohort as it finishes.")
def cohorts(
    by: str | None,
    jobs: int | None,
    scheduler: str | None,
    force: bool,
    verbose: bool,
    config_file: Path | None,
    **options: Any,
) -> None:
    """One report per cohort in --out DIR: DIR/<cohort>/report.html etc., DIR/index.html, DIR/manifest.json.

    The cohorts are the values of --by COLUMN, or the [[cohort]] tables of the config file. Every
    build option applies to each report. Unchanged cohorts are skipped (--force rebuilds them); a
    cohort that fails is marked in the index, the others are still built, and the exit code is 1.

    \b
    Examples:
        reportgen cohorts --by site --out by-site/
        reportgen cohorts --by site --data study.csv --format html --jobs 4 -v
        reportgen cohorts --config study/reportgen.toml      # its [[cohort]] tables
        reportgen cohorts --by site --scheduler tcp://10.0.0.5:8786
    """
    from reportgen.cohorts import build_cohorts
    from reportgen.config import find_config_file, make_config

    if jobs is not None and scheduler is not None:
        raise click.UsageError(
            "--jobs and --scheduler exclude each other: the cluster's workers run the cohorts"
        )
    logging.basicConfig(format="reportgen: %(message)s", level=logging.WARNING, force=True)
    progress = _CohortProgress(verbose)
    try:
        config = make_config(config_file=find_config_file(config_file), **options)
        with _warnings_logged():
            result = build_cohorts(
                config, by=by, jobs=jobs, scheduler=scheduler, force=force, progress=progress
            )
    except ReportError as exc:
        raise _fail(exc) from exc
    finally:
        progress.finish()
    out, total = config.out_dir, len(result.cohorts)
    if result.removed:
        _say(f"Removed the folders of cohorts no longer in the data: {', '.join(result.removed)}")
    built, kept, failed = (result.count(status) for status in ("ok", "skipped", "error"))
    if failed:
        if not verbose:
            for outcome in result.failed:
                _say(f"reportgen: cohort {outcome.name!r} failed: {outcome.error}")
        raise click.ClickException(
            printable(
                f"{failed} of {total} cohorts failed; the other {total - failed} are in {out}/ "
                f"(see {out}/index.html)"
            )
        )
    _say(f"Wrote {total} cohort reports to {out}/ ({built} built, {kept} unchanged); see {out}/index.html")


def smtp_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options naming the SMTP server (the password only ever comes from REPORTGEN_SMTP_PASSWORD)."""
    for option in reversed(
        [
            click.option(
                "--smtp-host", metavar="HOST", default=None, help="SMTP server ([email] smtp_host)."
            ),
            click.option(
                "--smtp-port",
                type=click.IntRange(1, 65535),
                default=None,
                help="SMTP port (default: 587 for starttls, 465 for tls, 25 for none).",
            ),
            click.option(
                "--smtp-security",
                type=click.Choice(SMTP_SECURITY),
                default=None,
                help="STARTTLS (default), implicit TLS, or none (only sensible on a local relay).",
            ),
            click.option(
                "--smtp-user",
                metavar="USER",
                default=None,
                help="Log in as USER; the password is read from the environment variable "
                "REPORTGEN_SMTP_PASSWORD, never from an option.",
            ),
        ]
    ):
        command = option(command)
    return command


@cli.command("email")
@config_option
@click.option(
    "--out",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of the built report, or of the cohorts run with --cohorts (default: [report] out, "
    "else output).",
)
@click.option("--cohorts", is_flag=True, help="One message per cohort of a `reportgen cohorts` run.")
@click.option("--to", multiple=True, metavar="ADDRESS", help="Recipient (repeatable); replaces [email] to.")
@click.option("--cc", multiple=True, metavar="ADDRESS", help="Copy to (repeatable); replaces [email] cc.")
@click.option("--reply-to", multiple=True, metavar="ADDRESS", help="Reply-To address (repeatable).")
@click.option("--from", "sender", metavar="ADDRESS", default=None, help="Sender ([email] from).")
@click.option(
    "--subject",
    metavar="TEMPLATE",
    default=None,
    help="Subject template; fields: {title} {cohort} {slope} {rate} {intercept} {icc} {subjects} "
    "{observations}.",
)
@click.option("--attach-pdf", is_flag=True, help="Attach the report's PDF.")
@click.option("--send", is_flag=True, help="Deliver over SMTP (default: only write DIR/outbox/).")
@click.option("--resend", is_flag=True, help="With --send, send again what outbox/sent.jsonl says was sent.")
@click.option("--strict", is_flag=True, help="Stop with exit code 1 when a message is over the size limits.")
@smtp_options
@verbose_option
def email_command(
    config_file: Path | None,
    folder: Path | None,
    cohorts: bool,
    send: bool,
    resend: bool,
    strict: bool,
    **options: Any,
) -> None:
    """Email a short HTML summary of a built report (one per cohort with --cohorts).

    By default each message is written to DIR/outbox/ as an .eml file, with a preview in
    DIR/outbox/index.html, and nothing is sent. With --send, messages go out over SMTP; the ones
    the server accepted are logged in DIR/outbox/sent.jsonl, so a re-run sends only the rest.
    Recipients, sender, subject and server come from the [email] table of the config file;
    options override it.

    \b
    Examples:
        reportgen email --to class@example.org
        reportgen email --to class@example.org --attach-pdf --from lab@example.org --send
        reportgen email --cohorts --out by-site/ --send      # recipients from reportgen.toml
    """
    from reportgen.config import find_config_file
    from reportgen.errors import SendError
    from reportgen.mail import email_reports, make_mail_config

    if resend and not send:
        # Without --send nothing is sent, so "send again" would be silently ignored.
        raise click.UsageError("--resend applies only with --send: add --send to deliver the messages again")

    try:
        config = make_mail_config(
            config_file=find_config_file(config_file), folder=folder, cohorts=cohorts, **options
        )
        run = email_reports(config, send=send, resend=resend, strict=strict)
    except SendError as exc:
        click.echo(
            f"Sent {exc.sent}, skipped {exc.skipped} (already sent), failed {exc.failed}, "
            f"not tried {exc.left}; run the same command again to send the rest",
            err=True,
        )
        raise _fail(exc) from exc
    except ReportError as exc:
        raise _fail(exc) from exc
    count = f"{len(run.messages)} message{'s' if len(run.messages) != 1 else ''}"
    click.echo(f"Wrote {count} to {run.outbox}/ (preview: {run.outbox}/index.html)", err=True)
    if run.sent is None:
        click.echo("Nothing was sent; add --send to deliver.", err=True)
    else:
        click.echo(f"Sent {run.sent.sent}, skipped {run.sent.skipped} (already sent), failed 0", err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--kind",
    type=click.Choice(["results", "manifest", "comparison", "send-log"]),
    default=None,
    help="What the files are (default: told from each name: results.json, manifest.json, "
    "comparison.json, sent.jsonl).",
)
def validate(files: tuple[Path, ...], kind: str | None) -> None:
    """Check JSON files reportgen wrote against their schemas (draft 2020-12).

    Exit code 0 when every file is valid; otherwise one Error line naming the file and the keys at
    fault. The schemas ship in reportgen/schemas/.

    \b
    Example:
        reportgen validate output/results.json
        reportgen validate cohorts/manifest.json cohorts/comparison.json cohorts/outbox/sent.jsonl
        reportgen validate --kind results saved/run-3.json
    """
    from reportgen.schemas import VERSIONS, validate_file

    for path in files:
        try:
            found, count = validate_file(path, kind)
        except ReportError as exc:
            raise _fail(exc) from exc
        what = f"{count} valid entries" if found == "send-log" else "valid"
        _say(f"{path}: {what}, {found} schema {VERSIONS[found]}")


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point."""
    import gc
    import signal

    # `kill` or a closed terminal stops a run as Ctrl-C does: its worker processes end, no report
    # is left half-written, and the output folder's lock is released.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)
    try:
        cli(prog_name="reportgen")
    finally:
        # Nothing is left to collect at exit: skipping the collector's walk over every object of
        # the libraries loaded saves a few tenths of a second per command.
        gc.freeze()


if __name__ == "__main__":
    main()
