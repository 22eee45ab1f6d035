"""The report generator: any number of reports with consistent numbers and exact ground truth.

Reports come in agency × year series so the cross-year identities hold (carried_over of year t
is carried_forward of year t−1; in_force continues). 2019/2020 reports use the 2019 format, later
ones 2021, a few 2023+ reports are hybrids. Layouts and media vary; a share of reports is broken
on purpose and ``truth.broken`` lists exactly the (check id, scope) instances that must fail
(plus the N-01 warn of a wrong prose claim). Deterministic for a seed.
"""

from __future__ import annotations

import copy
import math
import random
from datetime import datetime, timedelta

from pipeline.template import ACTIVE, APPLICANT_COLUMN_KEYS, APPLICATIONS, REVIEW, result_rows
from replica import numbers
from replica.prose import write_prose
from replica.render.page import PORTALS
from replica.roster import agencies, deadline
from replica.spec import AgencySpec, GroundTruth, LayoutOptions, ReportSpec

YEARS = range(2019, 2026)
#: share of reports with each layout option switched on
LAYOUT_SHARES = {"letter_spaced_labels": 0.2, "split_labels": 0.3, "bookmarks": 0.3,
                 "subtotal_column": 0.05, "group_subtotal_rows": 0.05, "tables_as_images": 0.03,
                 "tables_displaced": 0.05, "separate_tables": 0.3, "blank_total_column": 0.03,
                 "ideographic_space": 0.05, "label_typo": 0.05, "local_labels": 0.03,
                 "units_in_cells": 0.03, "dash_cells": 0.03}


def generate_reports(n: int, seed: int = 0, *, years=YEARS,
                     broken_share: float = 0.1) -> list[ReportSpec]:
    """``n`` reports in agency × year series over ``years`` (no gaps, nothing late)."""
    years = list(years)
    rng = random.Random(seed)
    roster = agencies(seed, minimum=math.ceil(n / len(years)))
    rng.shuffle(roster)
    out: list[ReportSpec] = []
    for agency in roster:
        if len(out) >= n:
            break
        out.extend(_series(rng, agency, years, broken_share)[: n - len(out)])
    return out


def generate_corpus(seed: int = 0, n_reports: int = 60, *, years=YEARS,
                    broken_share: float = 0.05, missing_share: float = 0.08,
                    late_share: float = 0.1) -> list[ReportSpec]:
    """The replica's corpus: series with some reports missing (``truth.missing``: not to be
    published) and some published after the deadline (``truth.late``). ``n_reports`` counts
    the published ones."""
    years = list(years)
    rng = random.Random(seed)
    roster = agencies(seed, minimum=math.ceil(n_reports / len(years) * 1.2))
    rng.shuffle(roster)
    out: list[ReportSpec] = []
    published = 0
    for agency in roster:
        if published >= n_reports:
            break
        for spec in _series(rng, agency, years, broken_share, missing_share, late_share):
            if published >= n_reports:
                break
            out.append(spec)
            published += not spec.truth.missing
    return out


def agency_series(seed: int, name: str, *, years=YEARS) -> list[ReportSpec]:
    """The report series of one roster agency (for a sub-site whose agency the corpus's draw
    left out: the statistics bureau's tjj site)."""
    rng = random.Random(f"{seed}-{name}")
    agency = next(a for a in agencies(seed) if a.name == name)
    return _series(rng, agency, list(years), 0.05, 0.08, 0.1)


def _series(rng: random.Random, agency: AgencySpec, years: list[int], broken_share: float,
            missing_share: float = 0.0, late_share: float = 0.0) -> list[ReportSpec]:
    specs: list[ReportSpec] = []
    previous: dict | None = None
    for year in years:
        spec, consistent = _report(rng, agency, year, previous, broken_share)
        spec.truth.missing = rng.random() < missing_share
        if rng.random() < late_share and deadline(agency):
            month, day = deadline(agency)
            spec.published = datetime(year + 1, month, day, 9, 30) + timedelta(
                days=rng.randint(1, 40), minutes=rng.randint(0, 400))
            spec.truth.late = True
        # a cross-year breakage needs last year's table readable in the archive
        readable = not spec.truth.missing and not spec.layout.tables_as_images
        printed_new = spec.tables[APPLICATIONS]["new_received"]["total"]
        previous = {"tables": consistent, "format": spec.format, "readable": readable,
                    "received": numbers.as_number(printed_new)}
        specs.append(spec)
    return specs


def _report(rng: random.Random, agency: AgencySpec, year: int, previous: dict | None,
            broken_share: float) -> tuple[ReportSpec, dict]:
    """One report and its consistent tables (before breakage and printed forms), which the
    next year of the series continues from."""
    fmt = "2019" if year <= 2020 else "2021"
    hybrid = fmt == "2021" and year >= 2023 and rng.random() < 0.1
    variant = "2019" if fmt == "2019" or hybrid else "2021"
    prev_tables = previous["tables"] if previous else None
    carried = ({c: prev_tables[APPLICATIONS]["carried_forward"][c] for c in APPLICANT_COLUMN_KEYS}
               if prev_tables else {"natural_person": rng.choice((0, 0, 1))})
    same_format = previous and previous["format"] == fmt
    tables = {
        ACTIVE: numbers.active(rng, fmt, agency.rule_making_power, agency.level,
                               prev_tables[ACTIVE] if same_format else None),
        APPLICATIONS: numbers.applications(rng, agency.level, variant, carried),
        REVIEW: numbers.review(rng, agency.level),
    }
    consistent = copy.deepcopy(tables)  # what the next year continues from
    medium = "docx" if rng.random() < 0.4 else "html"
    layout = _layout(rng, medium, hybrid)
    truth = GroundTruth()
    breakable = not (layout.tables_as_images or layout.blank_total_column)
    kind = None
    if breakable and rng.random() < broken_share:
        kinds = list(numbers.BREAKAGES) + ["N-01"] + (["X-01"] if previous and previous["readable"] else [])
        kind = rng.choice(kinds)
    if kind == "X-01":
        col = rng.choice(APPLICANT_COLUMN_KEYS)
        truth.notes.append(numbers.shift_carry_over(tables, col))
        truth.broken += [("X-01", col), ("X-01", "total")]
    elif kind in numbers.BREAKAGES:
        truth.notes.append(numbers.perturb(rng, tables, variant, kind))
    # X-04 compares with what last year's report printed
    prev_received = previous["received"] if previous and previous["readable"] else None
    site, host, _ = PORTALS.get(agency.portal, PORTALS["weihai"])
    portal_url = f"http://{host}/"
    paragraphs, claims = write_prose(rng, agency, year, fmt, portal_url, site, tables,
                                     prev_received,
                                     wrong_received=kind == "N-01")
    if kind == "N-01":
        truth.broken.append(("N-01", "applications_received"))
    _printed_forms(rng, tables, variant, layout)
    truth.broken = sorted(set(truth.broken) | numbers.failing_identities(tables, variant))
    truth.claims = claims
    if layout.tables_as_images:
        truth.image_tables = list(tables)
    published = _publication(rng, agency, year)
    signature = ([agency.name, f"{published.year}年{published.month}月{published.day}日"]
                 if layout.tables_displaced or rng.random() < 0.3 else [])
    title = f"{agency.name}{year}年政府信息公开工作年度报告"
    if rng.random() < 0.4:
        title = title.replace(agency.name, agency.name + "\n", 1)
    spec = ReportSpec(agency=agency, year=year, format=fmt, variant=variant, title=title,
                      paragraphs=paragraphs, tables=tables, signature=signature,
                      published=published, layout=layout, truth=truth,
                      slug=f"{agency.area_code}-{year}", portal_url=portal_url, medium=medium)
    return spec, consistent


def _layout(rng: random.Random, medium: str, hybrid: bool) -> LayoutOptions:
    options = {name: rng.random() < share for name, share in LAYOUT_SHARES.items()}
    if options["tables_as_images"]:
        options["tables_displaced"] = False
    return LayoutOptions(**options, hybrid=hybrid,
                         nbsp_blanks=medium == "html" and rng.random() < 0.8,
                         table_in_textbox=medium == "docx" and rng.random() < 0.05,
                         gbk=medium == "html" and rng.random() < 0.02,
                         word_spacer_row=medium == "html" and rng.random() < 0.3)


def _printed_forms(rng: random.Random, tables: dict, variant: str, layout: LayoutOptions) -> None:
    """How the numbers are printed: blank 总计 cells on the result rows, "　0" zeros, units
    after counts, dashes in the fee cells."""
    if layout.units_in_cells:
        for row in ("new_received", "granted", "results_total"):
            for col, value in tables[APPLICATIONS][row].items():
                if isinstance(value, int) and value and rng.random() < 0.5:
                    tables[APPLICATIONS][row][col] = f"{value}件"
    if layout.dash_cells:
        fees = tables[ACTIVE]["admin_fees"]
        for col in fees:
            fees[col] = "—"
    if layout.blank_total_column:
        for row in result_rows(variant) + ("results_total",):
            tables[APPLICATIONS][row]["total"] = None
    if layout.ideographic_space:
        for table_id in (ACTIVE, APPLICATIONS):
            for row in tables[table_id].values():
                for col, value in row.items():
                    if value == 0 and not isinstance(value, float) and rng.random() < 0.3:
                        row[col] = "\u30000"


def _publication(rng: random.Random, agency: AgencySpec, year: int) -> datetime:
    """On time: within January for departments, by 31 March for governments, by February for
    townships and committees (their deadlines are set locally)."""
    last = {"department": 30, "government": 85}.get(agency.level, 55)
    day = datetime(year + 1, 1, 8) + timedelta(days=rng.randint(0, last - 8))
    return day.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59),
                       second=rng.randint(0, 59))
