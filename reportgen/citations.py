"""References: the data's source, the methods a report used, and the software with its versions.

Which works a report cites follows from its ``results.json`` by small named rules (a GLMM report
cites the Laplace approximation, a linear one does not; a report standing on a natural spline cites
the splines). The entries and the in-text citations ("(Bates et al., 2015)") are styled by
citeproc-py with the CSL style that ships inside it (:data:`STYLE`; nothing is fetched), imported
only when a report is rendered (about 0.1 s). Every text given by the user is escaped before it
reaches the formatter, which writes its HTML as it gets it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markupsafe import Markup


# The CSL style citeproc-py ships (citeproc/data/styles): Harvard, author-date.
STYLE = "harvard-cite-them-right"
# The keys of a [[references]] table in reportgen.toml.
REFERENCE_KEYS = ("author", "title", "year", "url", "journal", "volume", "pages", "doi")
# The text keys besides the title, each as CSL-JSON names it.
_TEXT_KEYS = {"url": "URL", "journal": "container-title", "volume": "volume", "pages": "page", "doi": "DOI"}


def _person(family: str, given: str) -> dict[str, str]:
    return {"family": family, "given": given}


def _article(
    key: str, authors: list[dict[str, str]], year: int, title: str, journal: str, where: str, doi: str
) -> dict[str, Any]:
    """A journal article as CSL-JSON; ``where`` is "volume(issue):pages"."""
    volume, _, rest = where.partition("(")
    issue, _, pages = rest.partition("):")
    return {
        "id": key,
        "type": "article-journal",
        "author": authors,
        "issued": {"date-parts": [[year]]},
        "title": title,
        "container-title": journal,
        "volume": volume,
        "issue": issue,
        "page": pages,
        "DOI": doi,
    }


JSS = "Journal of Statistical Software"
JASA = "Journal of the American Statistical Association"
# The works a report may cite, by key (CSL-JSON).
WORKS: dict[str, dict[str, Any]] = {
    "lme4": _article(
        "lme4",
        [
            _person("Bates", "Douglas"),
            _person("Mächler", "Martin"),
            _person("Bolker", "Ben"),
            _person("Walker", "Steve"),
        ],
        2015,
        "Fitting linear mixed-effects models using lme4",
        JSS,
        "67(1):1-48",
        "10.18637/jss.v067.i01",
    ),
    "lmertest": _article(
        "lmertest",
        [
            _person("Kuznetsova", "Alexandra"),
            _person("Brockhoff", "Per B."),
            _person("Christensen", "Rune H. B."),
        ],
        2017,
        "lmerTest package: tests in linear mixed effects models",
        JSS,
        "82(13):1-26",
        "10.18637/jss.v082.i13",
    ),
    "satterthwaite": _article(
        "satterthwaite",
        [_person("Satterthwaite", "F. E.")],
        1946,
        "An approximate distribution of estimates of variance components",
        "Biometrics Bulletin",
        "2(6):110-114",
        "10.2307/3002019",
    ),
    "laplace": _article(
        "laplace",
        [_person("Tierney", "Luke"), _person("Kadane", "Joseph B.")],
        1986,
        "Accurate approximations for posterior moments and marginal densities",
        JASA,
        "81(393):82-86",
        "10.1080/01621459.1986.10478240",
    ),
    "r2": _article(
        "r2",
        [_person("Nakagawa", "Shinichi"), _person("Schielzeth", "Holger")],
        2013,
        "A general and simple method for obtaining R2 from generalized linear mixed-effects models",
        "Methods in Ecology and Evolution",
        "4(2):133-142",
        "10.1111/j.2041-210x.2012.00261.x",
    ),
    "brown_forsythe": _article(
        "brown_forsythe",
        [_person("Brown", "Morton B."), _person("Forsythe", "Alan B.")],
        1974,
        "Robust tests for the equality of variances",
        JASA,
        "69(346):364-367",
        "10.1080/01621459.1974.10482955",
    ),
    "splines": {
        "id": "splines",
        "type": "chapter",
        "author": [_person("Hastie", "Trevor J.")],
        "issued": {"date-parts": [[1992]]},
        "title": "Generalized additive models",
        "container-title": "Statistical models in S",
        "editor": [_person("Chambers", "John M."), _person("Hastie", "Trevor J.")],
        "publisher": "Wadsworth & Brooks/Cole",
        "publisher-place": "Pacific Grove, CA",
    },
    # The bundled sleepstudy data's source.
    "sleepstudy": _article(
        "sleepstudy",
        [
            _person("Belenky", "Gregory"),
            _person("Wesensten", "Nancy J."),
            _person("Thorne", "David R."),
            _person("Thomas", "Maria L."),
            _person("Sing", "Helen C."),
            _person("Redmond", "Daniel P."),
            _person("Russo", "Michael B."),
            _person("Balkin", "Thomas J."),
        ],
        2003,
        "Patterns of performance degradation and restoration during sleep restriction and "
        "subsequent recovery: a sleep dose-response study",
        "Journal of Sleep Research",
        "12(1):1-12",
        "10.1046/j.1365-2869.2003.00337.x",
    ),
}


# --- [[references]] in reportgen.toml ---------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A work the user cites for the data (a ``[[references]]`` table): authors as written
    ("Family, Given" or an organisation), title, year, address and, for an article, its journal,
    volume, pages and DOI, each optional but the title."""

    title: str
    author: tuple[str, ...] = ()
    year: int | None = None
    url: str | None = None
    # An article's journal, volume, pages ("12-34") and DOI ("10.1000/xyz").
    journal: str | None = None
    volume: str | None = None
    pages: str | None = None
    doi: str | None = None


def as_references(value: Any) -> tuple[Reference, ...]:
    """``[[references]]`` tables (or :class:`Reference` s), checked: a title each; author a name or a
    list of names; year a whole number; url, journal, volume, pages and doi text."""
    usage = (
        "[[references]] tables, each with a title and any of author, year, url, journal, volume, "
        "pages, doi, e.g. "
        'title = "Growth survey 2020", author = ["Smith, Ann"], year = 2020'
    )
    if not isinstance(value, list | tuple):
        raise ValueError(usage)
    references = []
    for item in value:
        if isinstance(item, Reference):
            references.append(item)
            continue
        if not isinstance(item, Mapping) or set(item) - set(REFERENCE_KEYS):
            raise ValueError(usage)
        author = item.get("author", [])
        authors = [author] if isinstance(author, str) else author
        year, title = item.get("year"), item.get("title")
        texts = {key: item.get(key) for key in _TEXT_KEYS}
        if (
            not isinstance(title, str)
            or not title.strip()
            or not isinstance(authors, list)
            or not all(isinstance(a, str) and a.strip() for a in authors)
            or (year is not None and (isinstance(year, bool) or not isinstance(year, int)))
            or not all(text is None or isinstance(text, str) for text in texts.values())
        ):
            raise ValueError(usage)
        references.append(Reference(title, tuple(authors), year, **texts))
    return tuple(references)


def _name(written: str) -> dict[str, str]:
    """ "Smith, Ann" -> family and given names; anything else (an organisation) as it is."""
    family, comma, given = written.partition(",")
    return _person(family.strip(), given.strip()) if comma else {"literal": written.strip()}


def _item(key: str, reference: Reference) -> dict[str, Any]:
    """``reference`` as CSL-JSON: a journal article when it names its journal, else a data set."""
    kind = "article-journal" if reference.journal else "dataset"
    item: dict[str, Any] = {"id": key, "type": kind, "title": reference.title}
    if reference.author:
        item["author"] = [_name(a) for a in reference.author]
    if reference.year is not None:
        item["issued"] = {"date-parts": [[reference.year]]}
    for key_name, csl in _TEXT_KEYS.items():
        if value := getattr(reference, key_name):
            item[csl] = value
    return item


# --- which works a report cites: rules on results.json ----------------------------------------------


def _glmm(results: Mapping[str, Any]) -> bool:
    return bool(results.get("glmm"))


def cites_linear_tests(results: Mapping[str, Any]) -> bool:
    """lmerTest and Satterthwaite: a linear mixed model's t tests are shown (every report but a
    GLMM's study report, which shows only its GLMM's z tests)."""
    return not _glmm(results) or (results.get("report") or {}).get("profile") != "study"


def cites_laplace(results: Mapping[str, Any]) -> bool:
    """The Laplace approximation: a binomial or Poisson GLMM was fitted (glmer's default)."""
    return _glmm(results)


def cites_splines(results: Mapping[str, Any]) -> bool:
    """Natural splines: the report stands on a natural cubic spline of time (``splines::ns``)."""
    chosen = (results.get("model_choice") or {}).get("stands_on")
    formula = ((results.get("models") or {}).get(chosen) or {}).get("formula") or ""
    shape = (results.get("trend") or {}).get("shape") or ""
    return "ns(" in formula or shape.startswith("spline")


def cites_r2(results: Mapping[str, Any]) -> bool:
    """Nakagawa & Schielzeth's R²: a linear model's marginal R² is reported."""
    return not _glmm(results) and (results.get("model_choice") or {}).get("r2_marginal") is not None


def cites_brown_forsythe(results: Mapping[str, Any]) -> bool:
    """Brown-Forsythe: the residual spread was tested over time or across a covariate's levels."""
    diagnostics = results.get("diagnostics") or {}
    return not _glmm(results) and bool(
        diagnostics.get("spread_by_time") or diagnostics.get("spread_by_covariate")
    )


# Each method's works, and the rule that says the report used it; lme4 is always cited.
METHOD_RULES = (
    (("lmertest", "satterthwaite"), cites_linear_tests),
    (("laplace",), cites_laplace),
    (("splines",), cites_splines),
    (("r2",), cites_r2),
    (("brown_forsythe",), cites_brown_forsythe),
)


def methods_cited(results: Mapping[str, Any]) -> tuple[str, ...]:
    """The keys of :data:`WORKS` a report with ``results`` cites for its methods."""
    return ("lme4", *(key for keys, rule in METHOD_RULES if rule(results) for key in keys))


# --- the references as templates see them -----------------------------------------------------------


@dataclass(frozen=True)
class References:
    """A report's references: the data's source as the user wrote it, the styled entries (the
    bibliography, in the style's order), the in-text citation of each work, and the software."""

    source: str = ""
    entries: tuple[Markup, ...] = ()
    citations: Mapping[str, Markup] = field(default_factory=dict)
    software: tuple[tuple[str, str], ...] = ()
    # The key of each entry (``data1``, ``sleepstudy``, ``lme4``, ...), in the entries' order.
    keys: tuple[str, ...] = ()

    def brief(self) -> tuple[Markup, ...]:
        """The entries of a short list (the handout's, the email's): the data's works and lme4."""
        return tuple(entry for key, entry in zip(self.keys, self.entries, strict=True) if is_brief(key))

    def cite(self, key: str) -> Markup | str:
        """The in-text citation of a work, e.g. "(Bates et al., 2015)"; empty when it is not cited."""
        return self.citations.get(key, "")


def _escaped(value: Any) -> Any:
    """Every text of a CSL item HTML-escaped (the formatter writes text into its HTML as it is)."""
    from markupsafe import escape

    if isinstance(value, str):
        return str(escape(value))
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k in ("id", "type") else _escaped(v) for k, v in value.items()}
    return value


def is_brief(key: str) -> bool:
    """Whether a short references list keeps the work ``key``: the data's (the user's ``data<n>``,
    the bundled data's ``sleepstudy``) and lme4, the software every model is checked against."""
    return key in ("lme4", "sleepstudy") or re.fullmatch(r"data\d+", key) is not None


def styled(items: list[dict[str, Any]]) -> tuple[tuple[Markup, ...], dict[str, Markup]]:
    """The bibliography entries and each item's in-text citation, as HTML, in :data:`STYLE`."""
    entries, in_text, _ = _styled(json.dumps(items, sort_keys=True))
    return entries, dict(in_text)


@functools.lru_cache(maxsize=16)
def _styled(
    items_json: str,
) -> tuple[tuple[Markup, ...], tuple[tuple[str, Markup], ...], tuple[str, ...]]:
    """:func:`styled` of the items as JSON, kept: citeproc takes about 0.2 s for a report's list,
    the same for every cohort of a batch; last, the entries' keys."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from markupsafe import Markup

    items = json.loads(items_json)
    style = CitationStylesStyle(STYLE, validate=False)
    bibliography = CitationStylesBibliography(
        style, CiteProcJSON([_escaped(i) for i in items]), formatter.html
    )
    cited = {item["id"]: Citation([CitationItem(item["id"])]) for item in items}
    for citation in cited.values():
        bibliography.register(citation)
    bibliography.sort()  # the style's order (Harvard: by author, then year)
    in_text = tuple((key, Markup(bibliography.cite(c, lambda item: None))) for key, c in cited.items())
    entries = tuple(Markup(str(entry)) for entry in bibliography.bibliography())
    return entries, in_text, tuple(bibliography.keys)


def references_for(
    results: Mapping[str, Any], references: tuple[Reference, ...], source: str, bundled_data: bool
) -> References:
    """The references of a report: the data's (the user's ``[[references]]``, else sleepstudy's for
    the bundled data), the methods' (:func:`methods_cited`) and the software of ``provenance``."""
    data = [_item(f"data{n}", r) for n, r in enumerate(references, start=1)]
    if not data and bundled_data:
        data = [WORKS["sleepstudy"]]
    entries, in_text, keys = _styled(
        json.dumps(data + [WORKS[key] for key in methods_cited(results)], sort_keys=True)
    )
    provenance = results.get("provenance") or {}
    software = [("Python", provenance.get("python", ""))] + list((provenance.get("packages") or {}).items())
    return References(
        source=source,
        entries=entries,
        citations=dict(in_text),
        keys=keys,
        software=tuple((name, version) for name, version in software if version),
    )


def recorded_references(results: Mapping[str, Any], bundled_data: bool) -> References:
    """A built report's references from its ``results.json`` (the email summary's): the
    ``[[references]]`` tables and the data's source as the build recorded them."""
    config = (results.get("provenance") or {}).get("config") or {}
    recorded = as_references(list(config.get("references") or []))
    return references_for(results, recorded, str(config.get("source") or ""), bundled_data)
