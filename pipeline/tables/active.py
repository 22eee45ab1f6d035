"""Table 二 (active_disclosure): per 第二十条 block, a header row ``信息内容 | …`` names the
columns of the data rows below it; the columns' labels also tell the format (2019 or 2021).

Works on the token stream of a grid or of table text alike: label pieces accumulate until a run
of values closes a row, and the latest header gives the run its column keys.
"""

from __future__ import annotations

from collections import Counter

from pipeline import template as T
from pipeline.tables.common import Match, row_cells, take_values
from pipeline.tables.labels import segment
from pipeline.tables.tokens import Token, value_runs


def match_tokens(tokens: list[Token], ocr: bool = False) -> Match:
    match = Match(T.ACTIVE)
    header: list[str] = []
    formats: Counter[str] = Counter()
    pending: list[Token] = []
    for labels, run in value_runs(tokens):
        pending += labels
        hits = segment(T.ACTIVE, [t.text for t in pending])
        row = None
        new_header: list[str] | None = None
        for label, _, _ in hits:
            if label.kind == "header":
                new_header = []
            elif label.kind == "column" and new_header is not None:
                new_header.append(label.key)
            elif label.kind == "row":
                row = label.key
        if new_header:
            header = new_header
            formats.update(k.split(":")[0] for k in header)
        printed = any(t.text.strip() for t in run)
        if row is None or not header or (not printed and len(run) != len(header)):
            if printed or row is not None:
                pending = []
            continue  # blank cells of a caption or header row
        pending = []
        col_keys = [k.split(":")[1] for k in header]
        values = take_values(run, len(col_keys))
        if values is None:
            match.warnings.append(f"{run[0].locator}: table 二 row {row} has {len(run)} values "
                                  f"for {len(col_keys)} columns; cells missing")
        match.add_row(row, row_cells(values, col_keys, run[0].locator, ocr=ocr,
                                     warnings=match.warnings))
        match.columns = list(dict.fromkeys(match.columns + col_keys))
    if formats:
        match.format = formats.most_common(1)[0][0]
    return match
