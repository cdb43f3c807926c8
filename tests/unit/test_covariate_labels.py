"""Where a covariate's tests compare its levels (reportgen.narrative.covariate_labels), and the axis
filter on markup (a caption with number spans stays markup: issue 21, CO2's Table 17)."""

from __future__ import annotations

from types import SimpleNamespace

from markupsafe import Markup

from reportgen.narrative.covariate_labels import main_effect_where
from reportgen.render import _on_axis


def test_main_effect_is_averaged_over_a_categorical_covariate() -> None:
    held = {"Treatment": {"reference_level": "chilled"}}
    assert main_effect_where(held, {}) == ", averaged over Treatment"
    assert main_effect_where({}, {}) == ""  # alone in the model: nothing to say


def test_numeric_covariate_is_named_only_when_the_effect_depends_on_it() -> None:
    held = {"age": {"mean": 12.5}}
    assert main_effect_where(held, {"age": {"kept": True}}) == ", at age = 0"
    assert main_effect_where(held, {"age": {"kept": False}}) == ""
    both = {"Treatment": {"reference_level": "chilled"}, "age": {"mean": 3.0}}
    assert main_effect_where(both, {"age": {"kept": True}}) == ", averaged over Treatment, at age = 0"


def test_on_axis_keeps_markup_and_escapes_its_new_words() -> None:
    labels = SimpleNamespace(time="c<o>nc", time_unit="")
    caption = Markup('the curve&#39;s last minus first level, <span class="num">1.5</span>, over time')
    out = _on_axis(caption, labels)
    assert isinstance(out, Markup)
    assert '<span class="num">1.5</span>' in out and "curve&#39;s" in out
    assert "over c&lt;o&gt;nc" in out and "<o>" not in out
    # Plain text stays plain (autoescape escapes it once, where it is printed).
    assert not isinstance(_on_axis("over time", labels), Markup)
    assert _on_axis("over time", labels) == "over c<o>nc"


def test_on_axis_leaves_time_alone() -> None:
    labels = SimpleNamespace(time="Days", time_unit="")
    assert _on_axis(Markup("over time"), labels) == Markup("over time")
