"""The report recipe: load -> clean -> analyze -> figures -> narrative -> context -> render -> export."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.config import BuildConfig

from reportgen.export import is_report_path  # noqa: F401 (imported from here by cohorts)
from reportgen.handover import Handover
from reportgen.progress import stage

if TYPE_CHECKING:
    from reportgen.context import ReportContext

log = logging.getLogger("reportgen")

# Which document a variant is written as.
DOCUMENTS = {"solutions": "report", "handout": "handout"}


@dataclass(frozen=True)
class Report:
    """What one build produced: the results document and the rendered files (not yet written)."""

    results: dict[str, Any]
    files: dict[str, bytes]


@dataclass(frozen=True)
class BuildResult:
    """A finished build: its results and the paths written."""

    results: dict[str, Any]
    paths: list[Path]
    # What was odd about the data without stopping the build (the report says it too).
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Analysed:
    """One data set analysed and drawn, not yet put into templates (a preview re-renders from it)."""

    results: dict[str, Any]
    # figures/, which no template changes; results.json is serialised once, by whoever renders the
    # documents (it lists them), not here: at 100,000 subjects it is 57 MB and a second of CPU.
    files: dict[str, bytes]
    context: ReportContext  # the template context, see reportgen.context.build_context
    print_images: dict[str, bytes] = field(default_factory=dict)  # the PDF's figures, by URL


def render_report(
    raw: pd.DataFrame | Handover[pd.DataFrame],
    config: BuildConfig,
    source: dict[str, Any],
    *,
    parallel: bool = False,
    batch: bool = False,
) -> Report:
    """Analyse one data set and render every output in memory; writes nothing.

    This is the unit the batch layers (cohorts, email) call once per data set; they pass ``batch``
    (phone versions of multi-panel figures only, see :func:`reportgen.figures.build_figures`).
    ``raw`` handed over (:class:`reportgen.handover.Handover`) is freed once cleaned.
    """
    from reportgen.file_digests import with_document_digests
    from reportgen.freed_memory import release_freed_memory
    from reportgen.results import results_json

    analysed = analyse_report(raw, config, source, parallel=parallel, batch=batch)
    documents = render_documents(analysed, config)
    release_freed_memory()  # the renderers' (WeasyPrint's layout), before results.json's text
    # What the next build may replace or remove: the documents and figures, as written.
    results = with_document_digests(analysed.results, documents, analysed.files)
    return Report(
        results=results, files={**analysed.files, "results.json": results_json(results), **documents}
    )


def analyse_report(
    raw: pd.DataFrame | Handover[pd.DataFrame],
    config: BuildConfig,
    source: dict[str, Any],
    *,
    parallel: bool = False,
    batch: bool = False,
) -> Analysed:
    """Everything of :func:`render_report` before the templates: clean, analyse, word, draw."""
    from reportgen import __version__
    from reportgen.analysis import analyze
    from reportgen.clean import clean
    from reportgen.context import Meta, build_context, print_images
    from reportgen.figure_cache import FigureCache
    from reportgen.figures import build_figures
    from reportgen.freed_memory import release_freed_memory
    from reportgen.narrative import figure_alt_texts, interpret, sentence_to_json
    from reportgen.narrative.family import report_title
    from reportgen.prepare import prepare
    from reportgen.profiles import drawn, resolved_profile, study_title
    from reportgen.provenance import build_date, provenance
    from reportgen.results import build_results, multilevel_record, to_json_ready
    from reportgen.sections import compute_sections, result_fields, shown_results

    date = build_date()  # a bad SOURCE_DATE_EPOCH is one line here, not a figure's failure later
    stage("analysing")
    prepared = prepare(raw.take() if isinstance(raw, Handover) else raw, config)
    config, source = prepared.config, {**source, **prepared.notes}
    data = clean(prepared.frame, config)
    del raw, prepared  # a raw frame handed over is freed here (its text, once read as numbers)
    log.info("cleaned: %d rows kept, %d removed", len(data.frame), len(data.removed))
    analysis = analyze(data, config)
    release_freed_memory()  # the fits' temporaries: not held under the figures and the documents
    log.info("analysed: OLS, %d subject lines, mixed model", len(analysis.subject_lines))
    family = analysis.glmm.family if analysis.glmm is not None else None
    # The default title names a GLMM; a study report's is made from the data's labels.
    title = study_title(config, resolved_profile(config)) or report_title(config.title, config.labels, family)
    config = replace(config, title=title)
    computed = compute_sections(data, analysis, config)  # the sections that compute their own
    results = to_json_ready(build_results(data, analysis, config, source))
    results |= {key: to_json_ready(result_fields(value)) for key, value in computed.items()}
    if "multilevel" in results:  # the model at every level is one of the models (its formula, its SDs)
        results["models"]["multilevel"] = multilevel_record(results["multilevel"])
    # The sections this report shows get their words; a study report draws only the figures its
    # chapters show (its appendix and model chapter have words but no figure).
    shown = shown_results(computed, results)
    to_draw = drawn(shown, resolved_profile(config))
    sentences = interpret(analysis, data, config, shown)
    # The interpretation travels with the numbers, so summaries (email) reuse the same words.
    results["narrative"] = {key: [sentence_to_json(s) for s in group] for key, group in sentences.items()}
    results["provenance"] = provenance(config)
    results["report"] = {**results["report"], "documents": planned_documents(config)}
    cache = FigureCache.for_build(config.cache)
    release_freed_memory()  # before the figure process forks: it starts from what is held
    stage("drawing figures")
    figures = build_figures(
        data.frame,
        analysis,
        config.labels,
        config.decimals,
        parallel=parallel,
        meanwhile=lambda: _warm_up(config),
        sections=to_draw,
        cache=cache,
        # Versions for phones, which only the HTML serves; in a batch, of multi-panel figures only.
        narrow=("panels" if batch else True) if "html" in config.formats else False,
        lang=config.lang,
    )
    log.info("figures: %d drawn, %d reused from the figure cache", cache.drawn, cache.reused)
    context = build_context(
        config=config,
        results=results,
        sentences=sentences,
        figures=figures,
        alt_texts=figure_alt_texts(analysis, config, to_draw),
        meta=Meta(
            title=config.title,
            author=config.author,
            date=date.isoformat(),
            data_file=source["file"],
            version=__version__,
        ),
    )
    files = {f"figures/{fig.name}.png": fig.png for fig in figures}
    return Analysed(results=results, files=files, context=context, print_images=print_images(figures))


def _warm_up(config: BuildConfig) -> None:
    """What the first render and PDF would load anyway, done while a forked process draws figures."""
    from reportgen.render import compile_report_templates

    compile_report_templates(config.templates_dir)
    if "pdf" in config.formats:
        from reportgen.export import import_pdf_engine

        import_pdf_engine()


def render_documents(analysed: Analysed, config: BuildConfig) -> dict[str, bytes]:
    """The documents (HTML, PDF) of each variant, from the templates in ``config``.

    Raises:
        TemplateError: a template is missing or broken.
    """
    from reportgen.context import for_profile
    from reportgen.profiles import LAYOUTS, resolved_profile
    from reportgen.render import render_html

    files: dict[str, bytes] = {}
    variants = ("solutions", "handout") if config.variant == "both" else (config.variant,)
    profile = resolved_profile(config)
    for variant in variants:
        stem = DOCUMENTS[variant]
        context = for_profile(replace(analysed.context, variant=variant), profile)
        stage(f"rendering {stem}.html")  # every format starts from the HTML
        html = render_html(context, LAYOUTS[profile], user_templates=config.templates_dir)
        if "html" in config.formats:
            files[f"{stem}.html"] = html.encode("utf-8")
        if "pdf" in config.formats:
            stage(f"rendering {stem}.pdf")
            from reportgen.context import for_print
            from reportgen.export import html_to_pdf
            from reportgen.render import check_pdf_input

            printed = render_html(for_print(context), LAYOUTS[profile], user_templates=config.templates_dir)
            check_pdf_input(printed, LAYOUTS[profile])
            files[f"{stem}.pdf"] = html_to_pdf(printed, analysed.print_images)
            log.info("pdf: %s.pdf, %d bytes", stem, len(files[f"{stem}.pdf"]))
        if "docx" in config.formats:
            stage(f"rendering {stem}.docx")
            from reportgen.word_export import html_to_docx

            files[f"{stem}.docx"] = html_to_docx(html, reference=config.reference_docx, theme=context.theme)
            log.info("docx: %s.docx, %d bytes", stem, len(files[f"{stem}.docx"]))
    return files


def read_source(config: BuildConfig) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The data file of ``config``, its named columns checked, and where it came from (name, hash).

    Raises:
        InputFileError, ColumnError: the file cannot be read, or lacks a named column.
    """
    from reportgen.load import require_columns
    from reportgen.prepare import read_data, required_columns

    raw, _, read = read_data(config.data_path, config)
    require_columns(raw, required_columns(config), config.data_path)
    return raw, data_source(config, read)


def data_source(config: BuildConfig, read: dict[str, Any]) -> dict[str, Any]:
    """Where the data came from: the file's name (no folders), its SHA-256 and how it was read."""
    return {
        "file": config.data_path.name,
        "sha256": hashlib.sha256(config.data_path.read_bytes()).hexdigest(),
        "input": read,
    }


def planned_documents(config: BuildConfig) -> list[str]:
    """The documents a build writes (``report.html``, ``handout.pdf``...); ``results.json`` lists them
    (``report.documents``), so the next build into the folder knows which files were reportgen's."""
    variants = ("solutions", "handout") if config.variant == "both" else (config.variant,)
    return [f"{DOCUMENTS[v]}.{f}" for v in variants for f in config.formats]


def planned_outputs(config: BuildConfig) -> list[str]:
    """The entries a build writes into its folder (``figures/`` is a folder), known before any work."""
    return ["results.json", "figures/", *planned_documents(config)]


def _refuse_input_among_outputs(config: BuildConfig) -> None:
    """The data file must not be one the build replaces (an output file, or inside ``figures/``)."""
    from reportgen.errors import OutputError

    data = config.data_path.resolve()
    for relative in planned_outputs(config):
        target = (config.out_dir / relative).resolve()
        if data == target or (relative.endswith("/") and data.is_relative_to(target)):
            raise OutputError(
                f"the data file '{config.data_path}' is where the report writes '{relative}', which "
                "a build replaces; move the data file or choose another folder with --out",
                path=str(config.data_path),
            )


def build_report(config: BuildConfig) -> BuildResult:
    """Read ``config.data_path``, build the report and write it into ``config.out_dir``.

    Args:
        config: from :func:`reportgen.config.make_config`.

    Returns:
        The results document and the written paths.

    Raises:
        ReportError: bad input, an unwritable output folder or another run writing to it; nothing
            is written then.
    """
    from reportgen.export import output_lock, prepare_out_dir

    prepare_out_dir(config.out_dir)
    with output_lock(config.out_dir):
        return _build_in(config)


def _build_in(config: BuildConfig) -> BuildResult:
    """:func:`build_report` once the output folder is held."""
    from reportgen.export import (
        check_output_paths,
        check_ownership,
        earlier_documents,
        replace_outputs,
        report_files_owner,
    )
    from reportgen.prepare import read_data
    from reportgen.subject_tables import plain_results
    from reportgen.warning_lines import build_warnings

    check_output_paths(config.out_dir, planned_outputs(config))
    _refuse_input_among_outputs(config)
    ours = report_files_owner(config.out_dir)  # a figure is reportgen's while as it wrote it
    check_ownership(config.out_dir, planned_outputs(config), marker="results.json", ours=ours)
    stage("reading the data")
    # read_data, not read_source: the config takes the file's own labels (SPSS, Stata) too.
    raw, config, read = read_data(config.data_path, config)
    handed = Handover(raw)
    del raw  # the analysis frees it once cleaned
    report = render_report(handed, config, data_source(config, read), parallel=True)
    # All or nothing: the previous report stays byte-identical unless the whole new set is in.
    stage("writing the files")
    earlier = earlier_documents(config.out_dir)  # read before the new results.json replaces it
    # one edited meanwhile is kept; the previous report's other documents go in the same swap
    paths = replace_outputs(config.out_dir, report.files, ours=ours, earlier=earlier)
    log.info("wrote %d files to %s", len(paths), config.out_dir)
    results = report.results
    del report  # its files are written: the per-subject tables become dicts without them
    return BuildResult(results=plain_results(results), paths=paths, warnings=build_warnings(results, config))
