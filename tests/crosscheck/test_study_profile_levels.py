"""The study profile of a nested design read as an outsider (statistician R 5 and 10, session 8), on
test_nested_report_sections' one build (8 schools x 15 pupils, ``--group school/pupil --covariate
arm --profile study``): the design table counts the schools, the residual figure's caption names
the model its alt text and chapter read (the model with every level), and the count of pupils
whose own effects exclude zero comes from that model, not the one-grouping model.
"""

from __future__ import annotations

import html as html_lib
import re

from tests.crosscheck import test_nested_report_sections

folder = test_nested_report_sections.folder  # its fixture: the same folder, so the same cached build


def text_of(page: str) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", re.sub(r'src="data:[^"]*"', "", page), flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_the_design_table_counts_the_schools(folder: str) -> None:
    results, page, _ = test_nested_report_sections._built(folder)
    schools = results["multilevel"]["n_groups"]["school"]
    table = text_of(page[page.index('id="tab-study-design"') :].split("</table>", 1)[0])
    assert f"Schools {schools}" in table and f"Pupils {results['data']['groups']}" in table


def test_the_residual_figure_is_named_as_its_alt_text(folder: str) -> None:
    _, page, _ = test_nested_report_sections._built(folder)
    captions = [text_of(c) for c in re.findall(r"<figcaption>(.*?)</figcaption>", page, flags=re.S)]
    (residuals,) = (c for c in captions if "Residuals of the" in c)
    assert "Residuals of the model with every level" in residuals
    assert 'alt="Residuals of the model with every level' in page


def test_the_count_of_clear_pupils_is_the_stood_on_models(folder: str) -> None:
    results, page, _ = test_nested_report_sections._built(folder)
    text = text_of(page)
    counted = results["level_pooling"]["subjects"]["intercepts_away_from_zero"]
    assert isinstance(counted, int)
    assert f"In the model with every level, {counted} of " in text
    assert "have a random intercept of their own whose 95% prediction interval excludes zero" in text
    # the one-grouping model's count is not in the study profile
    assert "have a random intercept whose 95% prediction interval excludes zero" not in text
