"""The worker processes reportgen starts (a build's figure process, cohort workers) end with it.

A worker left behind by a killed run blocks on its result pipe for ever and holds the output
folder's lock (the lock is shared across fork), so every later run on that folder is refused.
"""

from __future__ import annotations

import os
import signal
import sys

# prctl(2) option: the signal this process gets when the thread that started it exits.
_PR_SET_PDEATHSIG = 1


def start_child(parent: int) -> None:
    """Run first in a worker process whose parent is ``parent``: die with it, even by SIGKILL
    (Linux), and take SIGTERM/SIGHUP as the default (the command line turns them into Ctrl-C)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
