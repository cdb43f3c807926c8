"""Composing one summary email: context from a report folder -> HTML (CSS inlined) and text -> MIME bytes.

Nothing here words a finding or formats a number on its own: numbers come from ``results.json``
through :func:`reportgen.numbers.format_number`, interpretation sentences from its ``narrative``,
so the summary says what the report says.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import hashlib
import json
import string
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Any

from reportgen.citations import recorded_references
from reportgen.config import CONFIG_FILE_NAME, LABEL_FIELDS, Labels
from reportgen.errors import MailError
from reportgen.i18n import SOURCE_LANGUAGE, label_noun, label_plural, localized_number, speaking
from reportgen.i18n import gettext as _
from reportgen.mail.config import Recipients, check_header_text
from reportgen.mail.folders import ReportFolder, blocks_for, is_study
from reportgen.narrative.axis import axis_ends, on_axis
from reportgen.narrative.sentence import Num, Sentence, filled, num, sentence_from_json
from reportgen.numbers import format_number
from reportgen.profiles import speaks_of_the_seminar
from reportgen.results import MissingResult, lookup
from reportgen.theme import Theme
from reportgen.words import noun

HTML_LIMIT = 100 * 1024  # Gmail clips HTML bodies over about 102 KB
MESSAGE_LIMIT = 15 * 1024 * 1024  # under the 20-25 MB most providers accept, after base64
# A cohort's report title already names it ("... (site = north)"), so one default fits both.
SUBJECT = "{title}, slope {slope} {rate}"
# 7bit: every non-ASCII body is quoted-printable or base64, so any SMTP server takes the bytes as they are.
POLICY = email.policy.SMTP.clone(cte_type="7bit")
CARD_WIDTH, IMAGE_WIDTH = 600, 558  # px: the card, and a figure inside its 20 px padding and border


@dataclass(frozen=True)
class Finding:
    """One row of the key-findings table: a label and a sentence of text and number references."""

    label: str
    parts: Sentence


@dataclass(frozen=True)
class MailFigure:
    """A figure as the email templates see it; ``cid`` is its Content-ID without angle brackets."""

    name: str
    title: str
    alt: str
    cid: str
    png: bytes
    height: int  # displayed height at IMAGE_WIDTH


@dataclass(frozen=True)
class Block:
    """A titled group of the report's interpretation sentences, with an optional figure."""

    title: str
    sentences: tuple[Sentence, ...]
    figure: MailFigure | None


@dataclass(frozen=True)
class Message:
    """One built email: its envelope, its bytes as sent (and as the ``.eml`` holds them), its sizes."""

    stem: str  # outbox file name without ".eml"
    label: str  # "the summary" or "cohort 'A'", for messages
    cohort: str | None
    message_id: str  # with angle brackets, as in the header
    subject: str
    sender: Address
    recipients: Recipients
    data: bytes
    html_size: int
    warnings: tuple[str, ...] = ()


def _labels(results: Mapping[str, Any]) -> Labels:
    return Labels(**{k: str(v) for k, v in results["report"]["labels"].items() if k in LABEL_FIELDS})


def _family(results: Mapping[str, Any]) -> str:
    """The response's family as results.json records it (gaussian when it records none)."""
    family = results.get("family") or {}
    return str(family.get("name", "gaussian")) if isinstance(family, Mapping) else "gaussian"


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def glmm_findings(labels: Labels, family: str, curved: bool = False) -> tuple[Finding, ...]:
    """The key-findings rows after "Data" for a binomial or Poisson response: the GLMM the report
    stands on, read on its own scale (odds or rate ratio per unit of time, or for a ``curved``
    trend the ratio of the last observed time to the first, ``glmm.curve.change``; the typical
    subject's probability or expected count at the first time); the linear slope, start and spreads
    are left out (the linear models are an approximation there)."""
    binomial = family == "binomial"
    time = noun(labels.time)
    ratio = ("glmm", "curve", "change") if curved else ("glmm", "time_ratio")
    rows = [
        Finding(
            f"{'Odds' if binomial else 'Rate'} ratio, last to first {time}"
            if curved
            else f"{'Odds' if binomial else 'Rate'} ratio per {time}",
            (
                num(*ratio, "ratio"),
                " (95% CI ",
                num(*ratio, "ci_low"),
                " to ",
                num(*ratio, "ci_high"),
                ")",
            ),
        ),
        Finding(
            "Typical start",
            (
                "probability of a 1: " if binomial else "expected count: ",
                num("glmm", "first", "value"),
                f" at {time} ",
                num("glmm", "first", "time", style="auto"),
            ),
        ),
    ]
    if binomial:
        rows.append(
            Finding(
                f"Between {noun(labels.group)}s",
                (num("glmm", "icc_latent", style="pct"), " of the variance on the latent (logistic) scale"),
            )
        )
    return tuple(rows)


def default_subject(results: Mapping[str, Any], labels: Labels, decimals: int) -> str:
    """The subject template when none is given: SUBJECT (the linear slope), or for a binomial or
    Poisson report the GLMM's odds or rate ratio per unit of time ("{title}, odds ratio 1.47 per
    visit"; the number written in, as no template field holds it)."""
    family = _family(results)
    if family not in ("binomial", "poisson"):
        return cycle_subject(results, decimals) if _slope_source(results) == "cycle" else SUBJECT
    curved = (results.get("glmm") or {}).get("curve") is not None  # since 1.7: the curve's change
    path = ("glmm", "curve", "change", "ratio") if curved else ("glmm", "time_ratio", "ratio")
    ratio = written_number(results, lookup(results, path), "fixed", decimals)
    measure = "odds" if family == "binomial" else "rate"
    over = f"from the first to the last {noun(labels.time)}" if curved else f"per {noun(labels.time)}"
    text = f"{measure} ratio {ratio} {over}".replace("{", "{{").replace("}", "}}")
    return "{title}, " + text


def cycle_subject(results: Mapping[str, Any], decimals: int) -> str:
    """A cycle's subject: its amplitude, as a cycle has no slope (``headline.slope`` is null; the
    number written in, as no template field holds it): "{title}, cycle amplitude 3.33"."""
    amplitude = lookup(results, ("trend", "curve", "cycle", "amplitude", "estimate"))
    return "{title}, cycle amplitude " + written_number(results, amplitude, "fixed", decimals)


def _curved(results: Mapping[str, Any]) -> bool:
    """Does the report stand on a curved trend (``trend.curve`` recorded)?"""
    trend = results.get("trend")
    return isinstance(trend, Mapping) and isinstance(trend.get("curve"), Mapping)


def _slope_source(results: Mapping[str, Any]) -> str:
    """Where the headline rate was read (``headline.slope_source``: "line", "curve" or "cycle",
    which has none)."""
    return str((results.get("headline") or {}).get("slope_source", "line"))


def average_rate_words(source: str) -> str:
    """What the headline rate of a curved trend is: the curve's own average, or a straight line's."""
    if source == "curve":
        return (
            "): the curve's average rate over the observed range (its change over the range), "
            "not a constant rate"
        )
    return "): a straight line's average over the observed range, not a constant rate"


def cycle_findings(labels: Labels) -> tuple[Finding, ...]:
    """A cyclic trend's headline rows: its amplitude around its mean level, and when it peaks."""
    time = noun(labels.time)
    unit = f" {labels.response_unit}" if labels.response_unit else ""
    cycle = ("trend", "curve", "cycle")
    return (
        Finding(
            "Cycle",
            (
                num(*cycle, "amplitude", "estimate"),
                f"{unit} above and below the mean level (95% CI ",
                num(*cycle, "amplitude", "ci_low"),
                " to ",
                num(*cycle, "amplitude", "ci_high"),
                f"), highest at {time} ",
                num(*cycle, "peak_time"),
                " of each cycle of ",
                num(*cycle, "period", style="auto"),
            ),
        ),
    )


def curve_findings(labels: Labels, source: str = "line") -> tuple[Finding, ...]:
    """A curved trend's headline rows: the curve's own change over the observed range and its level
    at the first observed time, then the straight-line slope said as what it is (an average rate);
    a straight line's level there can be a value no subject has (Soybean: -2.60, the curve -0.04)."""
    rate, time = labels.rate(), noun(labels.time)
    unit = f" {labels.response_unit}" if labels.response_unit else ""
    if source == "cycle":  # a cycle's headline: its amplitude and peak time, no rate
        return cycle_findings(labels)
    return (
        Finding(
            "Change over the observed range",
            (
                num("trend", "curve", "change", "estimate"),
                f"{unit} from {time} ",
                num("trend", "curve", "first", "time", style="auto"),
                " to ",
                num("trend", "curve", "last", "time", style="auto"),
                " (95% CI ",
                num("trend", "curve", "change", "ci_low"),
                " to ",
                num("trend", "curve", "change", "ci_high"),
                "), along a curve",
            ),
        ),
        Finding(
            "Average start",
            (
                num("trend", "curve", "first", "estimate"),
                f"{unit} when {time} is ",
                num("trend", "curve", "first", "time", style="auto"),
                " (on the curve)",
            ),
        ),
        Finding(
            "Average rate",
            (
                num("headline", "slope"),
                f" {rate} (95% CI ",
                num("headline", "slope_ci_low"),
                " to ",
                num("headline", "slope_ci_high"),
                average_rate_words(source),
            ),
        ),
    )


def key_findings(
    labels: Labels, family: str = "gaussian", curved: bool = False, source: str = "line"
) -> tuple[Finding, ...]:
    """The key-findings rows: what the mixed models say, as sentences over results keys (for a
    binomial or Poisson ``family``, the GLMM's: see glmm_findings; for a ``curved`` trend, the
    curve's change and start: see curve_findings)."""
    rate, groups = labels.rate(), label_plural(labels.group, labels.group_plural)
    unit = f" {labels.response_unit}" if labels.response_unit else ""
    ri = "random_intercept"
    data = Finding(
        _("Data"),
        filled(
            _("%(groups_n)s %(groups)s, %(rows)s observations"),
            groups_n=num("data", "groups", style="int"),
            groups=groups,
            rows=num("data", "clean_rows", style="int"),
        ),
    )
    if family in ("binomial", "poisson"):
        return (data, *glmm_findings(labels, family, source == "curve"))
    between = (
        Finding(
            _("Between %(groups)s") % {"groups": groups},
            filled(
                _("%(icc)s of the variance left after the fixed effects"), icc=num(ri, "icc", style="pct")
            ),
        ),
        Finding(
            _("Spread of slopes"),
            filled(
                _("SD %(sd)s %(rate)s between %(groups)s"),
                sd=num("headline", "slope_sd"),
                rate=rate,
                groups=groups,
            ),
        ),
    )
    if curved:
        return (data, *curve_findings(labels, source), *between)
    return (
        data,
        # The slope of the model the data support (its random effects chosen by the tests).
        Finding(
            _("Average slope"),
            filled(
                _("%(slope)s %(rate)s (95%% CI %(low)s to %(high)s)"),
                slope=num("headline", "slope"),
                rate=rate,
                low=num("headline", "slope_ci_low"),
                high=num("headline", "slope_ci_high"),
            ),
        ),
        # The chosen model's average level at the first observed time (not at time 0 outside the data).
        Finding(
            on_axis(_("Average start"), labels.time, labels.time_unit),
            filled(
                _("%(level)s%(unit)s when %(time)s is %(at)s"),
                level=num("headline", "level"),
                unit=unit,
                time=label_noun(labels.time),
                at=num("headline", "level_time", style="auto"),
            ),
        ),
        *between,
    )


def _alt_text(name: str, results: Mapping[str, Any], labels: Labels, decimals: int) -> str:
    """What a figure shows, in words and formatted numbers (mail clients may block images), in the
    language spoken (:func:`reportgen.i18n.speaking`): whole messages, the labels' nouns as placeholders."""

    def f(*path: str) -> str:
        return written_number(results, lookup(results, path), "fixed", decimals)

    resp, time_, group = label_noun(labels.response), label_noun(labels.time), label_noun(labels.group)
    groups = label_plural(labels.group, labels.group_plural)
    if name == "ols_fit":
        rows = written_number(results, lookup(results, "data.clean_rows"), "int")
        return _(
            "Scatter of %(response)s against %(time)s for %(n)s observations with the least-squares line "
            "%(response)s = %(intercept)s + %(slope)s × %(time)s."
        ) % {
            "response": resp,
            "time": time_,
            "n": rows,
            "intercept": f("ols", "intercept"),
            "slope": f("ols", "slope"),
        }
    if name == "family_curve":
        return _family_curve_alt(results["glmm"], labels, f) % {
            "response": resp,
            "time": time_,
            "group": group,
            "first_value": f("glmm", "first", "value"),
            "last_value": f("glmm", "last", "value"),
        }
    pair = results["mixed_pair"]
    return _(
        "Two parallel lines with slope %(slope)s, for %(groups)s %(higher)s and %(lower)s; %(group)s "
        "%(higher)s's line is %(difference)s%(unit)s higher."
    ) % {
        "slope": f"{f('random_intercept', 'slope')} {labels.rate()}",
        "groups": groups,
        "group": group,
        "higher": pair["higher"],
        "lower": pair["lower"],
        "difference": f("mixed_pair", "intercept_difference"),
        "unit": f" {labels.response_unit}" if labels.response_unit else "",
    }


def _family_curve_alt(glmm: Mapping[str, Any], labels: Labels, f: Any) -> str:
    """The GLMM figure's description as a whole message: by its family (share of 1s or mean count)
    and by its axis (time's first and last, another axis's lowest and highest)."""
    timed = axis_ends(labels.time, labels.time_unit)[0] == "first"
    if glmm["family"] == "binomial":
        if timed:
            return _(
                "The observed share of 1s of %(response)s at each %(time)s with a typical %(group)s's "
                "probability of a 1 from the GLMM: %(first_value)s at the first %(time)s and "
                "%(last_value)s at the last."
            )
        return _(
            "The observed share of 1s of %(response)s at each %(time)s with a typical %(group)s's "
            "probability of a 1 from the GLMM: %(first_value)s at the lowest %(time)s and "
            "%(last_value)s at the highest."
        )
    if timed:
        return _(
            "The observed mean count of %(response)s at each %(time)s with a typical %(group)s's "
            "expected count from the GLMM: %(first_value)s at the first %(time)s and %(last_value)s at "
            "the last."
        )
    return _(
        "The observed mean count of %(response)s at each %(time)s with a typical %(group)s's expected "
        "count from the GLMM: %(first_value)s at the lowest %(time)s and %(last_value)s at the highest."
    )


# Numbers the summary reads outside the sentences: alt text and subject fields.
_FIXED_NUMBERS = (
    "data.groups",
    "data.clean_rows",
    "ols.intercept",
    "ols.slope",
    "headline.slope",
    "random_intercept.slope",
    "random_intercept.intercept",
    "random_intercept.icc",
    "mixed_pair.intercept_difference",
)
_IDS = ("mixed_pair.higher", "mixed_pair.lower")
_MISSING = object()


def check_numbers(source: ReportFolder, labels: Labels) -> None:
    """Every number and id the summary shows is in ``results.json`` with the right type.

    Raises:
        MailError: the first key that is missing or not a number (or, for ids, not text or an integer).
    """
    results = source.results
    findings = key_findings(labels, _family(results), _curved(results), _slope_source(results))
    paths = {".".join(p.path) for f in findings for p in f.parts if isinstance(p, Num)}
    for spec in blocks_for(results):
        for key in spec.narrative:
            for parts in results["narrative"][key]:
                paths |= {".".join(p.path) for p in sentence_from_json(parts) if isinstance(p, Num)}
    paths |= set(_FIXED_NUMBERS)
    where = f"'{source.folder / 'results.json'}'"
    for path in sorted(paths):
        try:
            value = lookup(results, path)
        except MissingResult:
            value = _MISSING
        if value is not None and (not isinstance(value, int | float) or isinstance(value, bool)):
            shown = "no" if value is _MISSING else "a non-numeric"
            raise MailError(
                f"{where} has {shown} value at {path!r}; rebuild the report", path=str(source.folder)
            )
    for path in _IDS:
        try:
            value = lookup(results, path)
        except MissingResult:
            value = None
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise MailError(f"{where} has no id at {path!r}; rebuild the report", path=str(source.folder))


def plain_sentence(parts: Sentence, results: Mapping[str, Any], decimals: int) -> str:
    """A sentence as plain text: each number formatted as the report formats it, in its language."""
    return "".join(
        part
        if isinstance(part, str)
        else written_number(results, lookup(results, part.path), part.style, decimals)
        for part in parts
    )


def written_number(results: Mapping[str, Any], value: Any, style: str, decimals: int = 2) -> str:
    """A number written into the email's text (a sentence, an alt text, the subject) as the report
    writes it: rounded by :func:`format_number`, in the report's language (251,41 in German)."""
    return localized_number(format_number(value, style, decimals), report_language(results))


def report_language(results: Mapping[str, Any]) -> str:
    """The language the report was written in (``provenance.config.lang``; English before it was recorded)."""
    config = results.get("provenance", {}).get("config", {})
    return str(config.get("lang") or SOURCE_LANGUAGE)


def render_subject(template: str, fields: Mapping[str, str]) -> str:
    """Fill a subject template's ``{field}`` placeholders; only plain names from ``fields`` are allowed.

    Raises:
        MailError: an unknown field, a format spec or attribute access, or a line break in the result.
    """
    try:
        names = [
            (name, spec, conv)
            for _, name, spec, conv in string.Formatter().parse(template)
            if name is not None
        ]
    except ValueError as exc:
        raise MailError(
            f"subject template {template!r} is not valid: {exc}; write fields as {{title}}"
        ) from exc
    for name, spec, conv in names:
        if name not in fields or spec or conv:
            raise MailError(
                f"subject template {template!r} has an unknown field {{{name}}}; "
                f"fields are: {', '.join('{' + f + '}' for f in fields)}"
            )
    subject = check_header_text(template.format_map(fields), "subject")
    return " ".join(subject.split())  # an empty field leaves no double space


def _subject_fields(source: ReportFolder, labels: Labels, decimals: int) -> dict[str, str]:
    r = source.results

    def f(key: str, style: str = "fixed") -> str:
        return written_number(r, lookup(r, key), style, decimals)

    return {
        "title": check_header_text(str(r["report"]["title"]), "report title"),
        "cohort": source.cohort.name if source.cohort else "",
        "slope": f("headline.slope"),
        "rate": labels.rate(),
        "intercept": f("random_intercept.intercept"),
        "icc": f("random_intercept.icc", "pct"),
        "subjects": f("data.groups", "int"),
        "observations": f("data.clean_rows", "int"),
    }


def summary_context(source: ReportFolder, subject: str) -> dict[str, Any]:
    """The template context of one summary (HTML and text parts alike); figures get stable cids."""
    results = source.results
    with speaking(report_language(results)):  # its fixed words and the figures' in the report's language
        return _summary_context(source, subject, results)


def _summary_context(source: ReportFolder, subject: str, results: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`summary_context` in the language spoken."""
    labels, decimals = _labels(results), int(results["report"]["decimals"])
    narrative = results["narrative"]
    # "{group}" and "{groups}" of the blocks' titles and captions (reportgen.mail.folders)
    words = {"group": label_noun(labels.group), "groups": label_plural(labels.group, labels.group_plural)}
    blocks = []
    for spec in blocks_for(results):
        missing = [key for key in spec.narrative if key not in narrative]
        if missing:
            raise MailError(
                f"'{source.folder}/results.json' has no narrative {missing[0]!r}; rebuild the report",
                path=str(source.folder),
            )
        figure = None
        if spec.figure:
            png = source.figures[spec.figure]
            width, height = _png_size(png)
            figure = MailFigure(
                name=spec.figure,
                title=_(spec.caption) % words,
                alt=_alt_text(spec.figure, results, labels, decimals),
                cid=f"{spec.figure}.{hashlib.sha256(png).hexdigest()[:16]}@reportgen",
                png=png,
                height=round(IMAGE_WIDTH * height / width) if width else IMAGE_WIDTH,
            )
        sentences = tuple(
            sentence
            for key in spec.narrative
            for sentence in map(sentence_from_json, narrative[key])
            if not (is_study(results) and speaks_of_the_seminar(sentence))
        )
        blocks.append(Block(_(spec.title) % words, sentences, figure))
    return {
        "subject": subject,
        "title": str(results["report"]["title"]),
        "kicker": _("Report summary: %(cohort)s") % {"cohort": source.cohort.label}
        if source.cohort
        else _("Report summary"),
        "findings": key_findings(labels, _family(results), _curved(results), _slope_source(results)),
        "blocks": tuple(blocks),
        "results": results,
        "decimals": decimals,
        "data_file": _data_file(results),
        "pdf_name": _pdf_name(source) if source.pdf is not None else None,
        # A study report's summary points its reader to the whole report.
        "full_report": _full_report(source) if is_study(results) else None,
        "plain": lambda parts: plain_sentence(parts, results, decimals),
        # The data's works and lme4 (reportgen.citations), as markup made of escaped text.
        "references": recorded_references(results, _is_bundled_data(results)).brief(),
        "lang": report_language(results),
        "card_width": CARD_WIDTH,
        "image_width": IMAGE_WIDTH,
    }


def _is_bundled_data(results: Mapping[str, Any]) -> bool:
    """Whether the report was built from the sleepstudy data reportgen ships (by the data's digest)."""
    from reportgen.settings import bundled_data_path

    data = results.get("data")
    digest = data.get("sha256") if isinstance(data, dict) else None
    return digest == hashlib.sha256(bundled_data_path().read_bytes()).hexdigest()


def _data_file(results: Mapping[str, Any]) -> str:
    data = results.get("data")
    return str(data.get("file", "the data")) if isinstance(data, dict) else "the data"


def _full_report(source: ReportFolder) -> str:
    """Where the whole report is, beside the summary's folder: report.html (in the cohort's folder)."""
    return f"{source.cohort.slug}/report.html" if source.cohort else "report.html"


def _pdf_name(source: ReportFolder) -> str:
    return f"report-{source.cohort.slug}.pdf" if source.cohort else "report.pdf"


def inline_css(html: str) -> str:
    """Every ``<style>`` rule moved into ``style`` attributes (css-inline); nothing is fetched."""
    import css_inline

    return str(css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False).inline(html))


def _message_id(parts: Mapping[str, Any], domain: str) -> str:
    """A Message-ID that depends only on the content and the recipients, so a re-run finds it again."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"<{digest[:40]}@{domain}>"


def _kb(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def size_warnings(label: str, html_size: int, size: int) -> tuple[str, ...]:
    """Warnings for a message over what mail clients and servers handle."""
    warnings = []
    if html_size > HTML_LIMIT:
        warnings.append(
            f"{label}: the HTML part is {_kb(html_size)}, over {_kb(HTML_LIMIT)}; "
            "Gmail clips HTML bodies over about 102 KB and hides the rest"
        )
    if size > MESSAGE_LIMIT:
        warnings.append(
            f"{label}: the message is {_kb(size)}, over {_kb(MESSAGE_LIMIT)}; many mail servers refuse "
            "messages that large (leave out --attach-pdf or make the report smaller)"
        )
    return tuple(warnings)


def build_message(
    source: ReportFolder,
    *,
    sender: Address,
    recipients: Recipients,
    subject_template: str | None = None,
    date: dt.datetime | None = None,
    theme: Theme | None = None,
) -> Message:
    """One summary email: multipart/alternative of a text part and a multipart/related HTML part
    with its PNG figures by ``cid:``; inside multipart/mixed with the PDF when there is one.

    Args:
        source: the report folder to summarise.
        sender, recipients: checked addresses (see :func:`parse_address`).
        subject_template: see :func:`render_subject` (default: SUBJECT).
        date: the Date header (default: now); it does not change the Message-ID.
        theme: the ``[theme]`` branding: its colour and fonts, its logo as a ``cid:`` part atop the card.

    Raises:
        MailError: no recipient, a line break in a header value, a bad subject template.
        TemplateError: an email template is broken.
    """
    from reportgen.render import render_html

    if not recipients.to:
        where = f' or [email.cohorts."{source.cohort.name}"]' if source.cohort else ""
        raise MailError(
            f"no recipient for {source.label}: set 'to' in [email]{where} of {CONFIG_FILE_NAME}, "
            "or give --to",
            cohort=source.cohort.name if source.cohort else None,
        )
    results = source.results
    labels, decimals = _labels(results), int(results["report"]["decimals"])
    check_numbers(source, labels)
    template = subject_template or default_subject(results, labels, decimals)
    subject = render_subject(template, _subject_fields(source, labels, decimals))
    context = summary_context(source, subject)
    theme = theme or Theme()
    logo_cid = f"logo.{hashlib.sha256(theme.logo.content).hexdigest()[:16]}@reportgen" if theme.logo else None
    context.update(theme=theme, logo_cid=logo_cid)
    html = inline_css(render_html(context, "email.html.j2"))
    text = render_html(context, "email.txt.j2")
    figures = [block.figure for block in context["blocks"] if block.figure]

    identity = {
        "from": str(sender),
        "to": [str(a) for a in recipients.to],
        "cc": [str(a) for a in recipients.cc],
        "reply_to": [str(a) for a in recipients.reply_to],
        "subject": subject,
        "html": html,
        "text": text,
        "images": {fig.cid: hashlib.sha256(fig.png).hexdigest() for fig in figures}
        | ({logo_cid: hashlib.sha256(theme.logo.content).hexdigest()} if theme.logo and logo_cid else {}),
        "pdf": hashlib.sha256(source.pdf).hexdigest() if source.pdf is not None else None,
    }
    message_id = _message_id(identity, sender.domain)

    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = recipients.to
    if recipients.cc:
        msg["Cc"] = recipients.cc
    if recipients.reply_to:
        msg["Reply-To"] = recipients.reply_to
    msg["Date"] = email.utils.format_datetime(date or dt.datetime.now(dt.UTC))
    msg["Message-ID"] = message_id
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    html_part = list(msg.iter_parts())[1]
    for fig in figures:
        html_part.add_related(
            fig.png, "image", "png", cid=f"<{fig.cid}>", filename=f"{fig.name}.png", disposition="inline"
        )
    if theme.logo and logo_cid:
        kind = theme.logo.media_type.removeprefix("image/")
        html_part.add_related(
            theme.logo.content,
            "image",
            kind,
            cid=f"<{logo_cid}>",
            filename=f"logo.{kind}",
            disposition="inline",
        )
    html_part.set_param("type", "text/html")  # RFC 2387: the root part's type
    if source.pdf is not None:
        msg.add_attachment(source.pdf, "application", "pdf", filename=_pdf_name(source))
    # Last: making the message multipart moves Content- headers into its first part.
    msg["Content-Language"] = context["lang"]
    data = msg.as_bytes()
    html_size = len(html.encode("utf-8"))
    return Message(
        stem=source.cohort.slug if source.cohort else "summary",
        label=source.label,
        cohort=source.cohort.name if source.cohort else None,
        message_id=message_id,
        subject=subject,
        sender=sender,
        recipients=recipients,
        data=data,
        html_size=html_size,
        warnings=size_warnings(source.label, html_size, len(data)),
    )
