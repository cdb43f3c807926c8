"""nlme::Dialyzer with its 20 subjects put in 5 sites of 4 by a seeded draw (``--group site/Subject``).

Dialyzer's straight line with random slopes by subject is a singular fit where its chosen curve is
not, the case in which the headline's words say why no rate is read from the line. With the site
level the report stands on the curve with every level's random terms, whose straight line (the same
random terms: here random intercepts for sites and for subjects within sites) is a regular fit; the
seeded sites show whether the headline's reason reads the one-grouping line or the line it stands
beside (tests/crosscheck/test_nested_headline_fault.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.support.r_datasets import r_dataset


def dialyzer_in_sites(seed: int = 24) -> pd.DataFrame:
    """Dialyzer's columns (Subject, QB, pressure, rate) as text, and ``site`` (A to E)."""
    frame = r_dataset("Dialyzer", "nlme").astype(str)
    subjects = sorted(frame["Subject"].unique(), key=int)
    sites = np.random.default_rng(seed).permutation(np.repeat(list("ABCDE"), len(subjects) // 5))
    return frame.assign(site=frame["Subject"].map(dict(zip(subjects, sites, strict=True))))
