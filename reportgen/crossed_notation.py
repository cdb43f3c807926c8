"""Grouping columns crossed with the subjects: ``--group patient --crossed site`` (``crossed =
["site"]`` in ``[data]`` of reportgen.toml) is lme4's ``(time | patient) + (1 | site)``.

Nested groups (``--group site/patient``) put each subject in one outer group; crossed ones do not:
patients who move between sites, raters who each read many subjects. Each crossed column gets a
random term of its own beside the subjects' (:func:`reportgen.analysis.multilevel.fit_multilevel`
with ``crossed=True``). One run takes one of the two forms; a crossed column inside a nested design
is not built yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.errors import ConfigError


def crossed_roles(crossed: Sequence[str], outer: Sequence[str], group: str) -> dict[str, str]:
    """The crossed columns by their role in messages ("crossed group 1"), for the check that every
    role has a column of its own.

    Raises:
        ConfigError: crossed columns given with nested groups (``--group site/patient``).
    """
    if crossed and outer:
        nested = "/".join((*outer, group))
        raise ConfigError(
            f"--crossed {crossed[0]} cannot be combined with nested groups (--group {nested}) yet; "
            f"give --group {group} --crossed {crossed[0]}, or --group {nested} alone",
            key="data.crossed",
        )
    return {f"crossed group {k + 1}": column for k, column in enumerate(crossed)}
