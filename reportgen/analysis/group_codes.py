"""Each group column's factorization, computed once per analysis and reused by all of its fits.

A report fits up to 19 models to one group column; at 100,000 groups one factorization costs 0.05
CPU-s and makes 100,000 new label strings that each fit would hold. :func:`reused` opens a
:class:`GroupCodes` for one analysis (:func:`reportgen.analysis.analyze`): every fit inside it
reads the factorization through :func:`reportgen.analysis.lmm._factorize`, and the factorizations
go when the analysis ends. Outside one (a fit on its own), each fit factorizes its column itself;
the codes are the same either way.

The open one is a context variable, not a module-level table: each thread or task of a batch (a
Dask worker's threads, a cohorts process) sees only its own analysis's, and nothing outlives it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np

Array = np.ndarray


class GroupCodes:
    """The factorizations (sorted labels, each row's code) of the Arrow group columns read so far.

    Keyed by the Arrow data's identity: Arrow data is immutable (pandas replaces it when cells are
    set), and a weak reference checks that an id still names the same data.
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[weakref.ref[Any], Array, Array]] = {}

    def of(
        self, data: Any, groups: Any, factorize: Callable[[Any], tuple[Array, Array]]
    ) -> tuple[Array, Array]:
        """``groups``' labels and codes (read-only), ``factorize``\\ d on first use of its Arrow ``data``."""
        known = self._known.get(id(data))
        if known is not None and known[0]() is data:
            return known[1], known[2]
        labels, codes = factorize(groups)
        labels.flags.writeable = codes.flags.writeable = False
        self._known[id(data)] = (weakref.ref(data), labels, codes)
        return labels, codes


_OPEN: ContextVar[GroupCodes | None] = ContextVar("reportgen_group_codes", default=None)


@contextmanager
def reused() -> Iterator[GroupCodes]:
    """A :class:`GroupCodes` that the fits inside the ``with`` block share (nested: the outer one)."""
    outer = _OPEN.get()
    if outer is not None:
        yield outer
        return
    codes = GroupCodes()
    token = _OPEN.set(codes)
    try:
        yield codes
    finally:
        _OPEN.reset(token)


def open_codes() -> GroupCodes | None:
    """The :class:`GroupCodes` of the analysis running in this context, if any."""
    return _OPEN.get()
