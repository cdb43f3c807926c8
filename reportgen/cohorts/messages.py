"""The lines a cohorts run ends with: how many reports were written, or how many cohorts failed."""

from __future__ import annotations

from pathlib import Path

from reportgen.words import counted, verb_for


def written_line(total: int, built: int, kept: int, out: Path) -> str:
    """ "Wrote 1 cohort report to out/ (1 built, 0 unchanged); see out/index.html"."""
    return (
        f"Wrote {counted(total, 'cohort report')} to {out}/ ({built} built, {kept} unchanged); "
        f"see {out}/index.html"
    )


def failed_line(failed: int, total: int, out: Path) -> str:
    """How many cohorts failed and where the others are; when every one failed, there are none."""
    if failed == total:
        every = "the only cohort" if total == 1 else f"all {total} cohorts"
        return f"{every} failed (see {out}/index.html)"
    others = total - failed
    return (
        f"{failed} of {total} cohorts failed; the other {others} {verb_for(others, 'is', 'are')} in "
        f"{out}/ (see {out}/index.html)"
    )
