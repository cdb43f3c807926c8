"""The settings of a report as its reader would write them again: ``--pair 308,309``, not
``('308', '309')``; settings left empty and reportgen's own bookkeeping (``pair_from_user``) left out.

Used by the appendices ("Settings used") on ``results.json``'s ``provenance.config``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from reportgen.i18n import SOURCE_LANGUAGE
from reportgen.settings import BUILD_SETTINGS


class ShownSetting(NamedTuple):
    """One row: the setting's name (``pair``), how it is given (``--pair``), its value as written."""

    name: str
    option: str
    value: str


def _text(value: Any) -> str:
    """A value as typed: ``true``/``false``, lists joined by commas, text as it is."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(map(_text, value))
    return str(value)


def _given(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != () and value != {}


def shown_setting(name: str, value: Any) -> ShownSetting | None:
    """How the setting ``name`` with ``value`` is written by a user, or None when it is not shown
    (not given, or not a setting a user writes)."""
    setting = BUILD_SETTINGS.get(name)
    if setting is None or not _given(value):
        return None
    if name == "lang" and value == SOURCE_LANGUAGE:  # English, as every report was before --lang
        return None
    if name == "labels" and isinstance(value, Mapping):
        # Units left unset are not shown ("response_unit = ;" read as a setting given empty).
        given = "; ".join(f"{k} = {_text(v)}" for k, v in value.items() if _given(v))
        return ShownSetting(name, "[labels]", given)
    if setting.flags:
        on, _, off = setting.flags[0].partition("/")
        if setting.kind == "flag":
            return ShownSetting(name, on if value else off, "")
        if setting.kind == "pair" and isinstance(value, list | tuple):
            return ShownSetting(name, on, ",".join(map(str, value)))
        return ShownSetting(name, on, _text(value))
    if setting.table and setting.key:  # only in reportgen.toml
        return ShownSetting(name, f"[{setting.table}] {setting.key}", _text(value))
    return None


def settings_as_written(config: Mapping[str, Any], given_only: bool = False) -> list[ShownSetting]:
    """Every shown setting of ``config`` (``provenance.config``), in its order; a nested group as
    it was given (``--group clinic/patient``: the record keeps the levels apart, in ``outer_groups``).

    ``given_only``: leave out what reportgen made up (:func:`reportgen.profiles.made_up`: a title
    from the labels, the placeholder author), as a study report's appendix does.
    """
    from reportgen.profiles import made_up

    left_out = made_up(config) if given_only else frozenset()
    outer = config.get("outer_groups") or ()
    given = (
        {**config, "group": "/".join((*outer, config["group"]))} if outer and "group" in config else config
    )
    rows = (shown_setting(name, value) for name, value in given.items() if name not in left_out)
    return [row for row in rows if row is not None]
