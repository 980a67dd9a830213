"""Long tables read as exceptions first: the rows that miss a standard, then the others folded away.

Whether a row misses its standard is never read from the words in its cells:
the code that builds the table knows it and says so with one boolean per row
(:func:`kinerja.present.report.table` ``misses=``). :func:`mark_rows` writes
that into the table as a class of each body row (``misses`` or ``meets``);
the pages highlight ``tr.misses``, and :func:`fold_long_tables` shows a marked
table of more than :data:`FOLD_ABOVE` rows as its missing rows, with the rows
that meet the standard in a collapsed ``<details>``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kinerja.core.formatting import number
from kinerja.core.text import say
from kinerja.present.templating import render

__all__ = ["FOLD_ABOVE", "fold_long_tables", "mark_rows"]

FOLD_ABOVE = 12
"""Rows a marked table shows whole; a longer one is folded."""

_TABLE = re.compile(r"(<table\b[^>]*>)(.*?)</table>", re.DOTALL)
_BODY = re.compile(r"<tbody\b[^>]*>(.*?)</tbody>", re.DOTALL)
_ROW = re.compile(r"<tr\b([^>]*)>.*?</tr>", re.DOTALL)
_HEAD = re.compile(r"<thead\b[^>]*>.*?</thead>", re.DOTALL)


def mark_rows(table_html: str, misses: Sequence[bool]) -> str:
    """Give each body row of one table the class ``misses`` or ``meets``.

    Parameters
    ----------
    table_html
        One table as :meth:`pandas.DataFrame.to_html` writes it (a ``<thead>``, then a ``<tbody>``).
    misses
        Per body row, in order: whether it misses its standard.

    Raises
    ------
    ValueError
        When ``misses`` does not have one value per body row.
    """
    body = _BODY.search(table_html)
    rows = list(_ROW.finditer(body.group(1))) if body else []
    if len(rows) != len(misses):
        raise ValueError(f"misses has {len(misses)} values for a table of {len(rows)} rows.")
    offset = body.start(1) if body else 0
    out, last = [], 0
    for row, missing in zip(rows, misses, strict=True):
        start = offset + row.start()
        out.append(table_html[last:start] + f'<tr class="{"misses" if missing else "meets"}"')
        last = start + len("<tr")
    out.append(table_html[last:])
    return "".join(out)


def _row_class(attributes: str) -> str | None:
    found = re.search(r'class="(misses|meets)"', attributes)
    return found.group(1) if found else None


def fold_long_tables(fragment: str, language: str, limit: int = FOLD_ABOVE) -> str:
    """Show every marked table of more than ``limit`` rows as its missing rows, the others in a collapsed block.

    A table whose rows are not all marked (:func:`mark_rows`) or that has
    ``limit`` rows or fewer is left as it is.
    """
    def fold(table: re.Match[str]) -> str:
        opening, inner = table.groups()
        body = _BODY.search(inner)
        rows = list(_ROW.finditer(body.group(1))) if body else []
        classes = [_row_class(row.group(1)) for row in rows]
        if len(rows) <= limit or None in classes:
            return table.group(0)
        head = _HEAD.search(inner)
        header = head.group(0) if head else ""
        missing = [row.group(0) for row, kind in zip(rows, classes, strict=True) if kind == "misses"]
        meeting = [row.group(0) for row, kind in zip(rows, classes, strict=True) if kind == "meets"]
        return render("folded_table.html.j2", opening=opening, header=header, missing="\n".join(missing),
                      meeting="\n".join(meeting),
                      all_meet=say("pages.all_meet", language, n=number(len(rows), 0, language)),
                      folded=say("pages.folded_rows" if missing else "pages.show_rows", language,
                                 n=number(len(meeting), 0, language)),
                      language=language)

    return _TABLE.sub(fold, fragment)
