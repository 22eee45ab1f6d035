"""Tables as a stream of cell tokens, the common input of every matcher.

A grid (HTML/DOCX) gives one token per anchor cell, row by row, with a row break after each
row; copies of spanned cells are skipped (their text belongs to the anchor). Table text (a text
layer) gives one token per tab-indented line, continuation lines appended to the previous
token; fully fragmented runs (no tabs at all) give one token per non-blank line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from pipeline.document import Grid, TextTableBlock
from pipeline.tables.normalize import parse_cell


@dataclass
class Token:
    text: str
    locator: str
    #: grid column of the cell (None for text tokens)
    col: int | None = None
    #: grid row of the cell (None for text tokens)
    row: int | None = None
    #: "text" (a label piece), "value" (number, blank or dash) or "break" (end of a grid row)
    kind: str = "text"


def classify(text: str) -> str:
    return "value" if parse_cell(text).semantic in ("number", "empty", "na") else "text"


def tokens_by_row(tokens: list[Token]) -> dict[int | None, list[Token]]:
    """A grid's tokens row by row, in order, row breaks left out (one pass: the matchers
    used to filter every token once per row)."""
    rows: dict[int | None, list[Token]] = {}
    for t in tokens:
        if t.kind != "break":
            rows.setdefault(t.row, []).append(t)
    return rows


def grid_tokens(grid: Grid) -> list[Token]:
    tokens: list[Token] = []
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row):
            if cell.is_anchor(r, c):
                tokens.append(Token(cell.text, cell.locator, c, r, classify(cell.text)))
        tokens.append(Token("", f"{grid.locator}/r{r + 1}", None, r, "break"))
    return tokens


def _strip(text: str) -> str:
    """ASCII whitespace only: a printed U+3000 stays in the raw cell text."""
    return text.strip(" \t\r\n\x0b\x0c")


def text_tokens(block: TextTableBlock) -> list[Token]:
    tabbed = any(line.startswith("\t") for line in block.lines)
    tokens: list[Token] = []
    for offset, line in enumerate(block.lines):
        locator = f"text:line{block.first_line + offset}"
        stripped = line.strip(" ")
        if stripped.startswith("|") and stripped.rstrip().endswith("|"):
            fields = stripped.rstrip()[1:-1].split("|")
            if not all(set(f.strip()) <= set("-: ") for f in fields):  # not the |---| rule
                tokens += [Token(_strip(f), locator) for f in fields]
            continue
        if tabbed:
            if line.startswith("\t"):
                # several tab-separated cells on one line (chart data, Markdown-ish rows)
                for piece in line.strip("\n").split("\t")[1:] or [""]:
                    tokens.append(Token(_strip(piece), locator))
            elif line.strip() and tokens and tokens[-1].text and classify(tokens[-1].text) == "text":
                tokens[-1].text += _strip(line)  # a label wrapped inside its cell
            elif line.strip():
                tokens.append(Token(_strip(line), locator))
        elif line.strip():
            tokens.append(Token(_strip(line), locator))
    for token in tokens:
        token.kind = classify(token.text)
    return tokens


def value_runs(tokens: list[Token]) -> Iterator[tuple[list[Token], list[Token]]]:
    """(label tokens since the previous run, the next run of value tokens), in order: the
    rhythm every token matcher walks (labels accumulate, a run of values closes a row)."""
    labels: list[Token] = []
    i = 0
    while i < len(tokens):
        if tokens[i].kind != "value":
            if tokens[i].kind == "text":
                labels.append(tokens[i])
            i += 1
            continue
        j = i
        while j < len(tokens) and tokens[j].kind == "value":
            j += 1
        yield labels, tokens[i:j]
        labels = []
        i = j
