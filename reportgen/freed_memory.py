"""Memory a build has freed, given back to the system between its stages.

glibc's allocator keeps what the process frees for its next allocations, and hands it back to the
system only from the top of its heap. The analysis of a large data set frees hundreds of
megabytes of short-lived arrays (each fit's per-group temporaries; pandas' group-by tables)
between the few it keeps, so without help the process holds them to its end, under everything
that comes after (the figures, the PDF, ``results.json``): at 1,000,000 rows in 100,000 groups,
186 MB of the 678 MB held after the analysis were free (``benchmarks/results/scale-1m-issue22.json``).
``malloc_trim`` gives those pages back; Arrow's allocator (which holds the data file's text
columns) is asked to do the same.

Nothing here changes a value; off glibc (macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import sys


def release_freed_memory() -> None:
    """Return the memory freed so far to the system (glibc's heap and Arrow's pool), where possible."""
    if sys.platform.startswith("linux"):
        try:
            trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
        except (OSError, AttributeError):  # not glibc
            trim = None
        if trim is not None:
            trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
            trim(0)
    arrow = sys.modules.get("pyarrow")  # only when the data were read with it: never imported here
    if arrow is not None:
        arrow.default_memory_pool().release_unused()
