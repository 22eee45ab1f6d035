"""Table rows delimited by their labels in a reading-order text layer (pdftotext without
``-layout``: Chromium's and LibreOffice's PDFs print nearly every cell as a flow of its own).

A row is *delimited* when its label and the next row's are found (in the template's row
order) and the values printed from the first line of its label up to the first line of the
next row's label are exactly the values its place in the stream gives it (the template's cell
counts of the rows before). Such a row is read as a band of one row, left to right, by
``textlayer_order.band_readings``: the other orders of the band family would put some of its
values in another row although its label and the next one enclose them.

Neither part is certain on its own: a page's last labels may come after its values, a column
may be printed apart (then the counts between labels do not fit and the row is not
delimited), and a drawn PDF printed a few rows' values out of column order. So the reading
is still only taken where the table's identities hold (``textlayer_raw``): a row printed out
of column order changes its columns' sums and breaks one, unless another row is permuted so
as to cancel it exactly. How often each part held is in docs/accuracy.md ("Table 三 rows
delimited by their labels").
"""

from __future__ import annotations

from pipeline.tables.normalize import squash
from pipeline.tables.textitems import Item, Plan

__all__ = ["delimited_rows", "label_lines"]

#: characters of a label's beginning looked for (numbering included: ``1.属于``, ``(七)总``)
_BEGINNING = 4


def _key(text: str) -> str:
    return squash(text).replace('"', "").replace("'", "")


def label_lines(items: list[Item], region: tuple[int, int], plan: Plan,
                labels: dict[str, str]) -> list[int | None]:
    """Per row of ``plan``, the first line in ``region`` after the last row's found before it
    that holds the beginning of the row's label; None for a row whose label is not found so
    (not printed, misspelt, or printed before an earlier row's: a page's labels out of
    order)."""
    lines: dict[int, str] = {}
    for item in items:
        if region[0] <= item.line < region[1] and not item.value:
            lines[item.line] = lines.get(item.line, "") + item.text
    order = sorted(lines)
    found: list[int | None] = []
    previous = region[0] - 1
    for row, _ in plan:
        beginning = _key(labels.get(row, ""))[:_BEGINNING]
        line = next((n for n in order if n > previous and beginning and
                     beginning in _key(lines[n])), None)
        found.append(line)
        if line is not None:
            previous = line
    return found


def delimited_rows(items: list[Item], region: tuple[int, int], values: list[Item], plan: Plan,
                   labels: dict[str, str]) -> frozenset[int]:
    """The rows of ``plan`` (their indices) whose own place in the stream of ``values`` (the
    template's cell counts before them) is exactly the values printed from the row's label's
    first line up to the next row's (values on a label's own line stand right of it: they are
    the row's). A row whose label, or the next row's, is not found is not delimited."""
    starts = label_lines(items, region, plan, labels)
    out = set()
    offset = 0
    for k, (_, cols) in enumerate(plan):
        end = starts[k + 1] if k + 1 < len(starts) else region[1]
        if starts[k] is not None and end is not None:
            run = [n for n, v in enumerate(values) if starts[k] <= v.line < end]
            if run == list(range(offset, offset + len(cols))):
                out.add(k)
        offset += len(cols)
    return frozenset(out)
