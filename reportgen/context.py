"""The frozen template context: everything a template may use, built once per report."""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.config import BuildConfig
    from reportgen.figures import FigureImage
    from reportgen.narrative import Sentence


@dataclass(frozen=True)
class FigureView:
    """A figure as templates see it: number, title, alt text and an embeddable source."""

    name: str
    number: int
    title: str
    alt: str
    src: str
    width: int
    height: int
    print_src: str = ""  # for the PDF (a print_image_url), see for_print; empty: the same as src


@dataclass(frozen=True)
class Meta:
    """Document metadata (title page, PDF properties)."""

    title: str
    author: str
    date: str
    data_file: str
    version: str


# Where the PDF's HTML points for a figure; reportgen.export.html_to_pdf serves these from memory.
PRINT_IMAGE_SCHEME = "reportgen-figure"


def print_image_url(name: str) -> str:
    return f"{PRINT_IMAGE_SCHEME}:{name}.jpg"


def print_images(figures: list[FigureImage]) -> dict[str, bytes]:
    """The print JPEG of each figure by its :func:`print_image_url`."""
    return {print_image_url(fig.name): fig.jpeg for fig in figures if fig.jpeg}


def data_uri(media_type: str, content: bytes) -> str:
    return f"data:{media_type};base64," + base64.b64encode(content).decode("ascii")


def for_print(context: dict[str, Any]) -> dict[str, Any]:
    """``context`` with each figure's print source (the JPEG the PDF embeds, by URL) as its source."""
    views = context["figures"]
    return {
        **context,
        "figures": {name: replace(view, src=view.print_src or view.src) for name, view in views.items()},
    }


def build_context(
    *,
    config: BuildConfig,
    analysis: Analysis,
    results: dict[str, Any],
    sentences: dict[str, list[Sentence]],
    figures: list[FigureImage],
    alt_texts: dict[str, str],
    meta: Meta,
) -> dict[str, Any]:
    """Assemble the template context; figures are embedded as ``data:`` PNGs."""
    from reportgen.figures.design import covariate_figure_names

    views = {
        fig.name: FigureView(
            name=fig.name,
            number=number,
            title=fig.title,
            alt=alt_texts[fig.name],
            src=data_uri("image/png", fig.png),
            width=fig.width,
            height=fig.height,
            print_src=print_image_url(fig.name) if fig.jpeg else "",
        )
        for number, fig in enumerate(figures, start=1)
    }
    return {
        "meta": meta,
        "labels": config.labels,
        "results": results,
        "decimals": config.decimals,
        "sentences": sentences,
        "figures": views,
        # A covariate section's figure, by column (figure names are slugs of data).
        "figure_names": covariate_figure_names(analysis.covariates),
        "analysis": analysis,
        "zero_checked": config.zero_is_missing,
        "columns": {"response": config.response, "time": config.time, "group": config.group},
        "data_file": meta.data_file,
        "settings": config,
        "pair": analysis.pair,
        "mixed_pair": analysis.mixed_pair,
        "paper": config.paper,
        "show_code": config.code is not False,
        "variant": "solutions",
    }
