"""Table 四 as a reading-order text layer prints it, in orders our renderers don't produce.

pdftotext without ``-layout`` prints table 四's one row block by block (see
``pipeline.tables.flow_orders``). ``review_flows`` prints a row of values in a random order
of that kind: the fifteen cells cut into blocks of neighbouring cells (each block a few lines
of one or more values, blank lines between blocks), the blocks printed as a random merge of
two left-to-right sequences, a block sometimes headed by its group's heading or a column
header, and the headers either all before the values or between the blocks. The fuzz tests
read these with the reconstructor and count wrong cells.
"""

from __future__ import annotations

import random

from pipeline import template as T

__all__ = ["review_flows", "review_layer"]

_HEADERS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_GROUP_HEADINGS = (T.REVIEW_GROUP, "未经复议直接起诉", "复议后起诉")


def review_flows(values: list[str], rng: random.Random) -> list[str]:
    """The lines of table 四's fifteen ``values`` (template order) printed block by block."""
    width = len(T.REVIEW_COLUMN_KEYS)
    cuts = sorted(rng.sample(range(1, len(values)), rng.randint(0, len(values) - 1)))
    edges = [0, *cuts, len(values)]
    pieces = [list(range(a, b)) for a, b in zip(edges, edges[1:])]
    threads: list[list[list[int]]] = [[], []]
    for piece in pieces:
        threads[rng.random() < 0.3].append(piece)
    order: list[list[int]] = []
    while any(threads):
        k = rng.choice([n for n, t in enumerate(threads) if t])
        order.append(threads[k].pop(0))
    lines: list[str] = []
    for piece in order:
        group = piece[0] // width
        if piece[-1] // width == group and rng.random() < 0.3:
            lines.append(_GROUP_HEADINGS[group])  # the heading above the block's cells
        if rng.random() < 0.3:
            lines.extend(_HEADERS[piece[0] % width])  # a vertical header, one character a line
        k = 0
        while k < len(piece):
            n = rng.randint(1, len(piece) - k)
            lines.append(" ".join(values[c] for c in piece[k:k + n]))
            k += n
        lines.append("")
    return lines


def review_layer(values: list[str], rng: random.Random) -> list[str]:
    """A text layer holding only table 四 (its caption, headings, header and printed row,
    then the next section) with the row printed by ``review_flows``."""
    head = ["四、政府信息公开行政复议、行政诉讼情况", T.REVIEW_GROUP, "", T.LITIGATION_GROUP, ""]
    header = [line for name in _HEADERS for line in (*name, "")]
    return head + header + review_flows(values, rng) + ["五、存在的主要问题及改进情况",
                                                        "本年度无。"]
