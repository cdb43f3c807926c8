"""Words that hold only in some settings, said only where the data are in that setting.

The trend prompt explained the log shape "as doubling doses do" in studies measured in months or
days; the seminar's Question 3 spoke of "the first 10 animals" where there are 5. Each rule here
says the general words and adds the setting's only when the data show it.
"""

from __future__ import annotations

__all__ = ["first_few", "log_shape_prompt"]


def first_few(count: int, total: int) -> str:
    """How Question 3's few subjects are introduced: "the first" of more, or "the" when they are all."""
    return "the" if count >= total else "the first"


def log_shape_prompt(time: str, compared: bool) -> str:
    """The trend prompt's last step: which other shapes to compare, and whether the log of the axis
    is among them here (it is compared when the axis is positive and spans a factor of ten or more,
    :mod:`reportgen.analysis.shape`; ``time``: the axis's noun)."""
    if compared:
        return (
            f"Then compare other shapes too by AIC: a log of {time}, as {time} here runs over a factor "
            "of ten or more, and natural cubic splines."
        )
    return (
        "Then compare other shapes too by AIC: natural cubic splines (a log of "
        f"{time} only when it is positive and runs over a factor of ten or more, which it does not here)."
    )
