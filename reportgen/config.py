"""The frozen build configuration, and the presets that give known data sets nice labels."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class Labels:
    """How the columns are named in text and on axes; units are optional."""

    response: str
    response_unit: str
    time: str
    time_unit: str  # singular, as in a rate: "ms/day"
    group: str

    def axis(self, which: str) -> str:
        """Axis label; the response's unit goes in brackets (time labels name their own)."""
        if which == "response":
            return f"{self.response} ({self.response_unit})" if self.response_unit else self.response
        return self.time

    def rate(self) -> str:
        """Unit of a slope: "ms/day", "per day", or "per unit of <time>"."""
        if self.response_unit and self.time_unit:
            return f"{self.response_unit}/{self.time_unit}"
        if self.time_unit:
            return f"per {self.time_unit}"
        return f"per unit of {self.time.lower()}"


@dataclass(frozen=True)
class Preset:
    """Labels and seminar choices for a data set recognised by its column names."""

    labels: Labels
    title: str
    pair: tuple[str, str] | None
    mixed_pair: tuple[str, str] | None
    zero_is_missing: bool


# The seminar's data: the pairs are the ones the seminar asks about (Q4, Q6).
SLEEPSTUDY = Preset(
    labels=Labels(
        response="Reaction time",
        response_unit="ms",
        time="Days of sleep deprivation",
        time_unit="day",
        group="Subject",
    ),
    title="Introduction to Linear Mixed Models: the sleep study",
    pair=("308", "309"),
    mixed_pair=("371", "337"),
    zero_is_missing=True,
)

DEFAULT_COLUMNS = ("Reaction", "Days", "Subject")


def bundled_data_path() -> Path:
    """The sleepstudy CSV shipped with reportgen (inside the package once installed)."""
    from reportgen.resources import resource_path

    return resource_path("data") / "sleepstudy.csv"


@dataclass(frozen=True)
class BuildConfig:
    """Everything one report build needs; build with :func:`make_config`."""

    data_path: Path
    out_dir: Path
    response: str
    time: str
    group: str
    labels: Labels
    title: str
    author: str
    pair: tuple[str, str] | None
    mixed_pair: tuple[str, str] | None
    formats: tuple[str, ...] = FORMATS
    # Treat a zero response or group id "0" as missing (the seminar's cleaning rule).
    zero_is_missing: bool = False
    decimals: int = 2
    # Pairs given by the user must exist; preset pairs fall back to an automatic pick.
    pair_from_user: bool = False
    mixed_pair_from_user: bool = False
    head_rows: int = 5
    first_subjects: int = 10


def make_config(
    *,
    data_path: Path | str | None = None,
    out_dir: Path | str = "output",
    response: str = DEFAULT_COLUMNS[0],
    time: str = DEFAULT_COLUMNS[1],
    group: str = DEFAULT_COLUMNS[2],
    pair: tuple[str, str] | None = None,
    mixed_pair: tuple[str, str] | None = None,
    formats: tuple[str, ...] | None = None,
    title: str | None = None,
    author: str = "reportgen",
) -> BuildConfig:
    """Build a config: explicit arguments win over the preset of a recognised data set."""
    preset = SLEEPSTUDY if (response, time, group) == DEFAULT_COLUMNS else None
    labels = preset.labels if preset else Labels(response, "", time, "", group)
    unknown = [f for f in formats or () if f not in FORMATS]
    if unknown:
        from reportgen.errors import ReportError

        raise ReportError(f"unknown format {unknown[0]!r}; choose from: {', '.join(FORMATS)}")
    return BuildConfig(
        data_path=Path(data_path) if data_path is not None else bundled_data_path(),
        out_dir=Path(out_dir),
        response=response,
        time=time,
        group=group,
        labels=labels,
        title=title or (preset.title if preset else f"Linear mixed models: {response} over {time}"),
        author=author,
        pair=pair or (preset.pair if preset else None),
        mixed_pair=mixed_pair or (preset.mixed_pair if preset else None),
        formats=tuple(dict.fromkeys(formats)) if formats else FORMATS,
        zero_is_missing=preset.zero_is_missing if preset else False,
        pair_from_user=pair is not None,
        mixed_pair_from_user=mixed_pair is not None,
    )
