"""User templates are read only as regular files of their own: a hard link to a file outside the
templates folder is refused, as a symbolic link is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportgen.errors import TemplateError
from reportgen.render import environment


def test_a_template_hard_linked_to_an_outside_file_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private key material")
    folder = tmp_path / "templates"
    folder.mkdir()
    os.link(secret, folder / "note.html.j2")
    with pytest.raises(TemplateError, match="a hard link"):
        environment(folder).get_template("note.html.j2")


def test_a_template_of_its_own_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "note.html.j2").write_text("hello {{ 1 + 1 }}")
    assert environment(folder).get_template("note.html.j2").render() == "hello 2"


def test_a_template_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "note.html.j2")
    with pytest.raises(Exception) as caught:  # not found (not a file) or refused: never a hang
        environment(folder).get_template("note.html.j2")
    assert caught.type.__name__ in ("TemplateNotFound", "TemplateRefused")
