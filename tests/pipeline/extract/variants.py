"""Report variants for the extraction tests, generated from the seed oracle.

Each variant takes a seed's ``ReportSpec`` (``replica.seeds.load_seed``), fills its tables with
random numbers (either format, either applications variant, blanks and dashes included) and
switches layout options on at random; the fixtures' renderers then print it as DOCX, HTML or
text. The spec's ``expected_tables()`` is the ground truth.
"""

from __future__ import annotations

import copy
import dataclasses
import random
from pathlib import Path

from pipeline import template as T
from replica.seeds import load_seed
from replica.spec import LayoutOptions, ReportSpec

SEEDS = sorted((Path(__file__).resolve().parents[3] / "replica" / "seeds").glob("*.txt"))
#: layout options that keep every cell printed (pictures and displaced fragments are tested
#: on the seeds themselves)
OPTIONS = ("letter_spaced_labels", "split_labels", "bookmarks", "nbsp_blanks",
           "subtotal_column", "group_subtotal_rows", "separate_tables", "blank_total_column",
           "ideographic_space", "table_in_textbox")


def _value(rng: random.Random):
    roll = rng.random()
    if roll < 0.03:
        return None  # printed blank
    if roll < 0.05:
        return rng.choice(["—", "/", "-"])
    if roll < 0.07:
        return "\u3000" + str(rng.randint(0, 9))
    return rng.choice([0, 0, 0, rng.randint(1, 30), rng.randint(0, 5000)])


def random_tables(rng: random.Random, fmt: str, variant: str) -> dict:
    tables: dict = {}
    tables[T.APPLICATIONS] = {r.key: {c: _value(rng) for c in r.columns}
                              for r in T.application_rows(variant)}
    tables[T.REVIEW] = {r.key: {c: _value(rng) for c in r.columns} for r in T.REVIEW_ROWS}
    active = {}
    for row in T.active_rows(fmt):
        cells = {}
        for col in row.columns:
            v = _value(rng)
            if col == "items_change" and isinstance(v, int) and rng.random() < 0.3:
                v = -v
            if col in T.MONEY_COLUMNS and isinstance(v, int) and rng.random() < 0.3:
                v = round(v / 7, 2)
            cells[col] = v
        active[row.key] = cells
    tables[T.ACTIVE] = active
    return tables


def variants(n: int, seed: int = 7) -> list[ReportSpec]:
    rng = random.Random(seed)
    bases = [load_seed(p) for p in SEEDS]
    bases = [b for b in bases if not b.layout.tables_as_images and not b.layout.tables_displaced]
    out = []
    for i in range(n):
        base = copy.deepcopy(rng.choice(bases))
        fmt = rng.choice(["2019", "2021"])
        variant = fmt if rng.random() < 0.8 else "2019"  # hybrid: 2021 format, single row
        layout = LayoutOptions(**{o: rng.random() < 0.3 for o in OPTIONS})
        layout.hybrid = fmt == "2021" and variant == "2019"
        spec = dataclasses.replace(base, format=fmt, variant=variant, layout=layout,
                                   tables=random_tables(rng, fmt, variant), slug=f"variant{i}")
        spec.truth = dataclasses.replace(spec.truth, partial_rows={}, image_tables=[])
        out.append(spec)
    return out
