"""A notebook that shows a report stays small when saved: Jupyter keeps the HTML view and a one-line
text view, not the dataclass's repr of every figure's bytes (a 14 MB .ipynb before)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from IPython.core.formatters import DisplayFormatter

import reportgen
from reportgen.config import bundled_data_path

LIMIT = 2 * 2**20  # bytes of the saved notebook


def test_the_saved_notebook_of_a_report_is_at_most_2_mb(tmp_path: Path) -> None:
    report = reportgen.report(bundled_data_path())
    data, metadata = DisplayFormatter().format(report)  # what IPython stores for the cell
    assert set(data) == {"text/html", "text/plain"}
    assert len(data["text/plain"]) < 200 and "\n" not in data["text/plain"]
    assert data["text/plain"].startswith("<NotebookReport 'Introduction to Linear Mixed Models")
    cell = nbformat.v4.new_code_cell("reportgen.report('sleepstudy.csv')")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
    notebook = nbformat.v4.new_notebook(cells=[cell])
    path = tmp_path / "report.ipynb"
    nbformat.write(notebook, path)
    assert path.stat().st_size <= LIMIT, f"{path.stat().st_size / 2**20:.1f} MB"
    assert nbformat.read(path, as_version=4).cells[0].outputs[0].data["text/html"] == data["text/html"]
