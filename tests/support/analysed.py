"""One study analysed as a report would be, without drawing figures: for integration tests."""

from __future__ import annotations

from typing import Any

import pandas as pd


def sentence_text(parts: list[Any], results: dict[str, Any]) -> str:
    """A sentence as the report prints it: its numbers formatted from results.json."""
    from reportgen.numbers import format_number
    from reportgen.results import lookup

    return "".join(
        p if isinstance(p, str) else format_number(lookup(results, p["key"]), p["style"]) for p in parts
    )


def analyse_study(frame: pd.DataFrame, **settings: Any) -> dict[str, Any]:
    """Its analysis, results, sentences as text (a list per key) and alt texts.

    ``frame`` has the columns response, time and group (and any covariates); ``settings`` go to
    make_config. Callers that want it fast patch ``reportgen.analysis.influence.EXACT_LIMIT``.
    """
    from reportgen.analysis import analyze
    from reportgen.clean import clean
    from reportgen.config import make_config
    from reportgen.narrative import figure_alt_texts, interpret, sentence_to_json
    from reportgen.prepare import prepare
    from reportgen.results import build_results, to_json_ready

    labels = {"response": "Response", "time": "Time", "group": "Subject"}
    config = make_config(
        response="response", time="time", group="group", labels=labels, formats=("html",), **settings
    )
    prepared = prepare(frame, config)
    data = clean(prepared.frame, prepared.config)
    analysis = analyze(data, prepared.config)
    sentences = interpret(analysis, data, prepared.config)
    results = to_json_ready(build_results(data, analysis, prepared.config, {"file": "x.csv", "sha256": ""}))
    text = {key: [sentence_text(sentence_to_json(s), results) for s in v] for key, v in sentences.items()}
    return {
        "analysis": analysis,
        "results": results,
        "sentences": text,
        "alt": figure_alt_texts(analysis, prepared.config),
    }


def analysed_sections(frame: pd.DataFrame, config: Any) -> tuple[Any, dict[str, Any], dict[str, list[str]]]:
    """``frame`` analysed under ``config`` (a BuildConfig) as the pipeline does, without figures: the
    analysis, results.json with the computed sections (and ``models.multilevel`` with an outer level)
    and the sentences of the sections the report shows, as text (a list per key)."""
    from reportgen.analysis import analyze
    from reportgen.clean import clean
    from reportgen.narrative import interpret, sentence_to_json
    from reportgen.prepare import prepare
    from reportgen.results import build_results, multilevel_record, to_json_ready
    from reportgen.sections import compute_sections, result_fields, shown_results

    prepared = prepare(frame, config)
    data = clean(prepared.frame, prepared.config)
    analysis = analyze(data, prepared.config)
    results = to_json_ready(build_results(data, analysis, prepared.config, {"file": "x.csv", "sha256": ""}))
    computed = compute_sections(data, analysis, prepared.config)
    results |= {key: to_json_ready(result_fields(value)) for key, value in computed.items()}
    if "multilevel" in results:
        results["models"]["multilevel"] = multilevel_record(results["multilevel"])
    sentences = interpret(analysis, data, prepared.config, shown_results(computed, results))
    text = {key: [sentence_text(sentence_to_json(s), results) for s in v] for key, v in sentences.items()}
    return analysis, results, text
