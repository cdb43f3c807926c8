"""Table header scopes in the PDF's structure tree, which WeasyPrint's PDF/UA tagging leaves out.

PDF/UA-1 (ISO 14289-1, 7.5; Matterhorn 15-003) asks that each table header cell (``/TH``) says
which cells it heads, with a ``/Scope`` attribute (``/Column``, ``/Row``) or with ``/Headers`` and
``/IDs``. WeasyPrint 70 reads each ``<th scope>`` to list the headers of every data cell
(``/Headers`` on the ``/TD``) but writes no ``/Scope`` on the ``/TH`` itself, so checkers (``pdfua``'s
UA-15-003) cannot tell what a header heads. :func:`scope_table_headers`, passed to WeasyPrint as
its ``finisher``, adds it from the same information: a header that a data cell of its own row lists
was a ``scope="row"`` header; every other header heads its column.
"""

from __future__ import annotations

from typing import Any

CELLS = ("/TH", "/TD")


def scope_table_headers(document: Any, pdf: Any) -> None:
    """Set ``/Scope`` in the ``/A`` attributes of every ``/TH`` structure element of ``pdf``.

    A WeasyPrint finisher: ``document`` is the laid-out document (unused), ``pdf`` the
    ``pydyf.PDF`` about to be written; its objects are changed in place.
    """
    import pydyf

    objects = pdf.objects

    def resolve(kid: Any) -> Any:
        """A structure kid: an indirect reference (``b"12 0 R"``) is looked up, anything else kept."""
        if isinstance(kid, bytes) and kid.endswith(b" R"):
            return objects[int(kid.split()[0])]
        return kid

    for row in objects:
        if not isinstance(row, dict) or row.get("S") != "/TR":
            continue
        cells = [c for c in map(resolve, row.get("K", ())) if isinstance(c, dict) and c.get("S") in CELLS]
        # Headers listed by a data cell of this row: those WeasyPrint took as row headers.
        data = [cell for cell in cells if cell["S"] == "/TD"]
        row_headers = {_text(header) for cell in data for header in cell.get("A", {}).get("Headers", ())}
        for cell in cells:
            if cell["S"] == "/TH":
                attributes = cell.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
                attributes["Scope"] = "/Row" if _text(cell.get("ID")) in row_headers else "/Column"


def _text(value: Any) -> Any:
    """A ``pydyf.String``'s text (IDs and the headers naming them compare by it)."""
    return getattr(value, "string", value)
