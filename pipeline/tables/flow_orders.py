"""The cell orders a reading-order text layer may have printed one table row in, and the
values every such order that satisfies the row's identities agrees on.

pdftotext without ``-layout`` prints a table row of one baseline (table 四's fifteen cells)
block by block: a block waits for the header cells above it, so a column under a taller
header comes later and a column under a shorter one sooner, while the columns that wait for
nothing go on left to right. What is assumed of the printed order (each held for the true
order of every pdftotext layer of our LibreOffice and drawn PDFs with unique numbers, see
docs/accuracy.md; none is a rule of our renderers):

* the values of one *block* (lines with no blank line between) are neighbouring cells, left
  to right: a block is one piece of the page;
* the printed order is a merge of at most ``threads`` left-to-right sequences of cells (the
  columns that waited, and those that did not: ``50 | 60 61 62 64 | 51 … 59 | 63``);
* a block that prints a group heading holds values of that group's cells or of a cell next
  to them (``spans``).

Every assignment of the printed blocks to cells with these properties is a candidate; a
candidate survives when every group of cells satisfies its identity (the last cell is the sum
of the others). A cell is read only when all survivors give it the same value (zeros make
many candidates agree: it is the values that must agree, not the orders).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from pipeline.tables.normalize import parse_cell
from pipeline.tables.textitems import Item

__all__ = ["agreed_cells", "MAX_THREADS"]

#: left-to-right sequences a printed row may be a merge of
MAX_THREADS = 2
#: partial assignments looked at before a row is given up as too ambiguous to read
MAX_STATES = 50_000


class _TooMany(Exception):
    pass


def _runs(values: Sequence[Item], blocks: Sequence[int]) -> tuple[list[list[Item]], list[int]]:
    """The values cut into the runs each block prints, in printed order, and each run's block."""
    runs: list[list[Item]] = []
    run_block: list[int] = []
    for item, block in zip(values, blocks):
        if run_block and run_block[-1] == block:
            runs[-1].append(item)
        else:
            runs.append([item])
            run_block.append(block)
    return runs, run_block


def agreed_cells(values: Sequence[Item], groups: Sequence[int], blocks: Sequence[int],
                 spans: dict[int, frozenset[int]] | None = None, threads: int = MAX_THREADS
                 ) -> tuple[list[Item | None], int] | None:
    """Per cell of a row made of groups of ``groups[k]`` cells (each group's last cell the
    sum of the others), the item every surviving candidate places there (None where they
    disagree), and the number of surviving candidates (0: more partial assignments than
    ``MAX_STATES``, every cell None); None when no candidate survives (the values break an
    identity in every order, or are too few or too many).

    ``blocks``: per value, the block it was printed in; ``spans``: for a block printing group
    headings, the cells its values may stand in."""
    n_cells = sum(groups)
    if len(values) != n_cells or len(blocks) != n_cells:
        return None
    runs, run_block = _runs(values, blocks)
    spans = spans or {}
    allowed = [spans.get(b) for b in run_block]
    starts = []  # print index of each run's first value: the thread it joins
    k = 0
    for run in runs:
        starts.append(k)
        k += len(run)
    numbers = [[parse_cell(i.text).value for i in run] for run in runs]
    ends = set()
    k = 0
    for size in groups:
        k += size
        ends.add(k - 1)

    @lru_cache(maxsize=None)
    def search(mask: int, cell: int, tails: tuple[int, ...], partial: int
               ) -> tuple[tuple[Item | None, ...], int] | None:
        """(for cells ``cell``.. the item all completions place there, None where they
        differ in value; the number of completions), None when none satisfies the
        identities."""
        if cell == n_cells:
            return (), 1
        if search.cache_info().currsize > MAX_STATES:
            raise _TooMany
        merged: tuple[Item | None, ...] | None = None
        count = 0
        for r, run in enumerate(runs):
            if mask >> r & 1 or cell + len(run) > n_cells:
                continue
            if allowed[r] is not None and not all(cell + o in allowed[r] for o in range(len(run))):
                continue
            joined = _join(tails, starts[r])
            if joined is None:
                continue
            done = mask | 1 << r
            lowest = (~done & (done + 1)).bit_length() - 1  # the first run not yet placed
            if lowest < len(runs) and starts[lowest] < joined[0]:
                continue  # every thread has printed past it: it can never be placed
            s = _group_sums(numbers[r], cell, partial, ends)
            if s is None:
                continue
            rest = search(done, cell + len(run), joined, s)
            if rest is None:
                continue
            here = tuple(run) + rest[0]
            merged = here if merged is None else tuple(
                a if a is not None and b is not None and a.text == b.text else None
                for a, b in zip(merged, here))
            count += rest[1]
        if merged is None:
            return None
        return merged, count

    try:
        found = search(0, 0, (-1,) * threads, 0)
    except _TooMany:  # a row of many lone equal values: its orders can't be told apart
        found = ((None,) * n_cells, 0)
    finally:
        search.cache_clear()
    if found is None:
        return None
    return list(found[0]), found[1]


def _group_sums(numbers: list, cell: int, partial: int, ends: set[int]) -> int | None:
    """The running sum of the current group after placing ``numbers`` from ``cell`` on; None
    where a group's last cell is not the sum of the others, or a value is no number."""
    s = partial
    for offset, value in enumerate(numbers):
        if value is None:
            return None
        if cell + offset in ends:
            if value != s:
                return None
            s = 0
        else:
            s += value
    return s


def _join(tails: tuple[int, ...], start: int) -> tuple[int, ...] | None:
    """The threads' last print indices after a run starting at ``start`` joins the thread
    whose last index is the largest below it (the greedy choice keeps the most room); None
    when every thread already printed past it."""
    best = None
    for k, tail in enumerate(tails):
        if tail < start and (best is None or tail > tails[best]):
            best = k
    if best is None:
        return None
    return tuple(sorted(tails[:best] + (start,) + tails[best + 1:]))
