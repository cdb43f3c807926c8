"""Whether the value labels an SPSS or Stata file gives its id column can replace the codes.

They replace them only when every id has a label of its own. Labels that would merge subjects
(308 and 309 both "Anna") or leave some ids as bare codes (an empty label, a code without one) are
not applied, and the reason is one warning naming the codes: never ignored without a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

_SHOWN = 8


def _listed(codes: list[str]) -> str:
    more = f" and {len(codes) - _SHOWN} more" if len(codes) > _SHOWN else ""
    return ", ".join(codes[:_SHOWN]) + more


def id_labels(
    ids: Iterable[str], labels: Mapping[str, str], column: str
) -> tuple[dict[str, str] | None, str]:
    """The code -> label map to apply to the ids, or None and why not ("" when no id has a label:
    the labels are of other values, nothing to say).

    Args:
        ids: the id column's codes as read (text, missing values left out).
        labels: the file's value labels of that column (code -> label).
        column: the column's name, for the warning.
    """
    present = list(dict.fromkeys(ids))
    named = {code: label for code, label in labels.items() if label.strip()}
    bare = [code for code in present if code not in named]
    if not present or len(bare) == len(present):
        return None, ""
    if bare:
        return None, (
            f"the value labels of '{column}' name {len(present) - len(bare)} of its {len(present)} ids; "
            f"{_listed(bare)} {'has' if len(bare) == 1 else 'have'} no label (or an empty one), so the "
            "codes are used as ids; give every id a label, or remove the labels"
        )
    codes_of: dict[str, list[str]] = {}
    for code in present:
        codes_of.setdefault(named[code], []).append(code)
    shared = {label: codes for label, codes in codes_of.items() if len(codes) > 1}
    if shared:
        label, codes = next(iter(shared.items()))
        others = f" (and {len(shared) - 1} more labels shared)" if len(shared) > 1 else ""
        return None, (
            f"the value labels of '{column}' give the ids {_listed(codes)} the same label '{label}'"
            f"{others}, which would merge them into one; the codes are used as ids; give each id a "
            "label of its own"
        )
    return {code: named[code] for code in present}, ""
