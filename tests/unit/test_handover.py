"""reportgen.handover: a value taken once, after which the giver holds no reference to it."""

from __future__ import annotations

import gc
import weakref

import pytest

from reportgen.handover import Handover


class _Frame:
    """Stands in for a large frame (weak-referenceable)."""


def test_a_taken_value_is_freed_when_its_taker_drops_it() -> None:
    frame = _Frame()
    alive = weakref.ref(frame)
    handed = Handover(frame)
    del frame
    taken = handed.take()
    assert taken is alive()
    del taken
    gc.collect()
    assert alive() is None  # the Handover kept nothing: the frame is gone with its taker's name


def test_a_value_is_taken_once() -> None:
    handed = Handover("raw")
    assert handed.take() == "raw"
    with pytest.raises(IndexError):
        handed.take()
