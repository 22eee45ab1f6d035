"""Write fixtures to disk: rendered documents plus a ground-truth JSON beside each.

``<slug>.<ext>`` is the document (html, docx or txt), ``<slug>.truth.json`` what an extractor
must yield and which checks must fail, ``<slug>.table_<id>.png`` the pictures of pictured
tables, and ``manifest.json`` lists everything. Used by ``xxgk fixtures`` and by other areas'
tests and benchmarks.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from replica.render import (PORTAL_STYLES, render_docx, render_html_page, render_table_png,
                            render_text)
from replica.render.textlayer import (TEXT_LAYER_FORMS, pdf_text_layer, render_markdown,
                                      with_page_furniture)
from replica.spec import ReportSpec

MEDIA = ("html", "docx", "text")
#: text forms other people's tools make of a report: a broken-pipe Markdown conversion, and
#: the text layers pdftotext (±-layout), pdfplumber and pypdf print for its PDF (LibreOffice)
TEXT_FORMS = ("markdown", *TEXT_LAYER_FORMS)
#: the five seed reports shipped with the package
SEEDS_DIR = Path(__file__).resolve().parent / "seeds"


def write_truth(out: Path, spec: ReportSpec) -> Path:
    """``<slug>.truth.json`` beside a fixture: what every rendering of ``spec`` must yield."""
    path = out / f"{spec.slug}.truth.json"
    path.write_text(json.dumps(truth_json(spec), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def truth_json(spec: ReportSpec) -> dict:
    """The ground truth of a spec as JSON: expected cells (value, semantic) per table, the
    deliberately failing check instances (N-* are warn), claims and publication facts."""
    truth = spec.truth
    return {
        "slug": spec.slug,
        "agency": spec.agency.name,
        "agency_level": spec.agency.level,
        "area_code": spec.agency.area_code,
        "portal": spec.agency.portal,
        "year": spec.year,
        "format": spec.format,
        # only known when the 其他处理 rows are visible (report-format.md §3)
        "applications_variant": spec.variant if {"other_handling", "other_no_correction"}
        & set(spec.expected_tables().get("applications", {})) else None,
        "published": spec.published.isoformat(sep=" ") if spec.published else None,
        "layout": asdict(spec.layout),
        "tables": {
            table_id: {row: {col: {"value": v, "semantic": s} for col, (v, s) in cols.items()}
                       for row, cols in rows.items()}
            for table_id, rows in spec.expected_tables().items()
        },
        "broken": [{"id": check, "scope": scope,
                    "status": "warn" if check.startswith("N-") else "fail"}
                   for check, scope in truth.broken],
        "expected_flags": [{"id": check, "scope": scope, "status": status, "message": message}
                           for check, scope, status, message in spec.structural_flags()],
        "claims": [{"key": key, "value": value} for key, value in truth.claims],
        "image_tables": truth.image_tables,
        "partial_rows": sorted(truth.partial_rows),
        "missing": truth.missing,
        "late": truth.late,
        "notes": truth.notes,
    }


def write_fixture(spec: ReportSpec, out: Path, medium: str | None = None) -> list[Path]:
    """Render one spec into ``out``; returns the files written."""
    medium = medium or spec.medium
    if medium not in MEDIA:
        raise ValueError(f"unknown medium {medium!r} (one of {', '.join(MEDIA)})")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if medium == "docx":
        document, ext = render_docx(spec), ".docx"
    elif medium == "text":
        document, ext = render_text(spec).encode("utf-8"), ".txt"
    else:
        style = PORTAL_STYLES.get(spec.agency.portal, "module")
        document, ext = render_html_page(spec, portal_style=style, image_base=f"{spec.slug}.",
                                         charset="gbk" if spec.layout.gbk else "utf-8"), ".html"
        if spec.layout.tables_as_images:
            for table_id in spec.tables:
                path = out / f"{spec.slug}.table_{table_id}.png"
                path.write_bytes(render_table_png(spec, table_id))
                written.append(path)
    path = out / f"{spec.slug}{ext}"
    path.write_bytes(document)
    return [path, write_truth(out, spec), *written]


def write_fixtures(specs: list[ReportSpec], out: Path, media: tuple[str, ...] | None = None
                   ) -> list[Path]:
    """Every spec in its own medium (or in each of ``media``, text forms included); returns
    the documents."""
    media = media or ()
    documents = [write_fixture(spec, out, medium)[0] for spec in specs
                 for medium in [m for m in media if m in MEDIA] or
                 ([] if media else [spec.medium])]
    forms = [m for m in media if m in TEXT_FORMS]
    if forms:
        documents += write_text_forms(specs, out, tuple(forms))
    return documents


def write_text_forms(specs: list[ReportSpec], out: Path, forms: tuple[str, ...]) -> list[Path]:
    """``<slug>.<form>.txt`` (``.md`` for Markdown) for every spec in every text form, with
    page footers between the rows; PDFs are converted in one LibreOffice call (cached)."""
    from replica.content import convert_all
    from replica.render import render_docx

    out.mkdir(parents=True, exist_ok=True)
    pdfs = {}
    if any(f in TEXT_LAYER_FORMS for f in forms):
        pdfs = convert_all({s.slug: render_docx(s) for s in specs}, "pdf")
        if not pdfs:
            raise OSError("LibreOffice (soffice) is needed to render PDFs for text layers")
    written: list[Path] = []
    for n, spec in enumerate(specs):
        for form in forms:
            if form == "markdown":
                path, text = out / f"{spec.slug}.md", render_markdown(spec, seed=n)
            else:
                path = out / f"{spec.slug}.{form}.txt"
                text = with_page_furniture(pdf_text_layer(pdfs[spec.slug], form), seed=n)
            path.write_text(text, encoding="utf-8")
            write_truth(out, spec)
            written.append(path)
    return written


def write_drawn_pdfs(specs: list[ReportSpec], out: Path,
                     rulings: tuple[str, ...] | None = None) -> list[Path]:
    """``<slug>.drawn-<rulings>.pdf`` for every spec in every ruling form: the report drawn
    straight into a PDF with the n-th spec's own cell geometry (``render_drawn_pdf(spec,
    seed=n)``), all cells ruled, none, only the outer frame, or only horizontal rules."""
    from replica.render.textlayer_pdf import RULINGS, render_drawn_pdf

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for n, spec in enumerate(specs):
        for form in rulings or RULINGS:
            path = out / f"{spec.slug}.drawn-{form}.pdf"
            path.write_bytes(render_drawn_pdf(spec, seed=n, rulings=form))
            written.append(path)
        write_truth(out, spec)
    return written


def write_chromium_pdfs(specs: list[ReportSpec], out: Path,
                        styles: tuple[str, ...] | None = None) -> list[Path]:
    """``<slug>.chromium-<style>.pdf`` for every spec in every style: the report printed to
    PDF by headless Chromium (``replica.render.chromium_pdf``), all in one browser, cached."""
    from replica.render.chromium_pdf import STYLES, render_chromium_pdfs

    out.mkdir(parents=True, exist_ok=True)
    jobs = [(spec, style) for spec in specs for style in styles or STYLES]
    written: list[Path] = []
    for (spec, style), pdf in zip(jobs, render_chromium_pdfs(jobs)):
        path = out / f"{spec.slug}.chromium-{style}.pdf"
        path.write_bytes(pdf)
        written.append(path)
        write_truth(out, spec)
    return written


def write_reprinted_pdfs(specs: list[ReportSpec], out: Path,
                         producers: tuple[str, ...] | None = None) -> list[Path]:
    """``<slug>.reprinted-<source>-<producer>.pdf``: the report's LibreOffice PDF and its
    Chromium print (``ruled``) re-made by each producer of ``replica.render.reprinted_pdf``
    (Ghostscript, a print to PostScript, MuPDF, searchable scans), cached. A producer that
    refuses a source (MuPDF's writer and Chromium's Type 3 fonts) is left out."""
    from replica.content import convert_all
    from replica.render.chromium_pdf import render_chromium_pdfs
    from replica.render.reprinted_pdf import PRODUCERS, ReprintError, reprint

    out.mkdir(parents=True, exist_ok=True)
    office = convert_all({s.slug: render_docx(s) for s in specs}, "pdf")
    if not office:
        raise OSError("LibreOffice (soffice) is needed to render PDFs to re-make")
    printed = render_chromium_pdfs([(s, "ruled") for s in specs])
    written: list[Path] = []
    for n, (spec, chromium) in enumerate(zip(specs, printed)):
        for source, pdf in (("libreoffice", office[spec.slug]), ("chromium", chromium)):
            for producer in producers or PRODUCERS:
                try:
                    data = reprint(pdf, producer, seed=n)
                except ReprintError:
                    continue
                path = out / f"{spec.slug}.reprinted-{source}-{producer}.pdf"
                path.write_bytes(data)
                written.append(path)
        write_truth(out, spec)
    return written


def write_converter_outputs(specs: list[ReportSpec], out: Path, names: tuple[str, ...],
                            pdf_sources: tuple[str, ...] = ("soffice",)) -> list[Path]:
    """``<slug>.<converter>.<ext>`` for every spec through every third-party converter
    (``replica.render.converters``; a PDF converter once per PDF source, ``NAME@SOURCE``)."""
    from replica.render.converters import CONVERTERS, convert_reports

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for spec, form, text in convert_reports(specs, list(names), pdf_sources):
        ext = CONVERTERS[form.split("@")[0]].ext
        path = out / f"{spec.slug}.{form.replace('@', '-')}.{ext}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
        write_truth(out, spec)
    return written


def write_manifest(out: Path, documents: list[Path]) -> Path:
    manifest = out / "manifest.json"
    manifest.write_text(json.dumps([p.name for p in documents], ensure_ascii=False, indent=1),
                        encoding="utf-8")
    return manifest


def seed_fixture_specs(directory: Path) -> list[ReportSpec]:
    """Each seed as printed, plus the layouts issue 2 asks for: seed 001 with its tables as
    pictures (like seed 000), seed 004 with its tables displaced after a signature (like
    seed 003), seed 002 with letter-spaced and split labels and bookmarks."""
    from dataclasses import replace
    from datetime import datetime

    from replica.seeds import load_seeds

    specs = load_seeds(directory)
    by_number = {spec.slug[:3]: spec for spec in specs}
    if "004" in by_number:  # portals.md §11 #29: the article page of seed 004
        by_number["004"].published = datetime(2024, 1, 29, 10, 9)
    variants = []
    if "001" in by_number:
        s = by_number["001"]
        variants.append(replace(s, slug=s.slug + "-images", layout=replace(
            s.layout, tables_as_images=True), truth=replace(s.truth, image_tables=list(s.tables))))
    if "004" in by_number:
        s = by_number["004"]
        variants.append(replace(s, slug=s.slug + "-displaced", signature=[
            s.agency.name, "2024年1月22日"], layout=replace(s.layout, tables_displaced=True)))
    if "002" in by_number:
        s = by_number["002"]
        variants.append(replace(s, slug=s.slug + "-spaced", layout=replace(
            s.layout, letter_spaced_labels=True, split_labels=True, bookmarks=True)))
    return specs + variants
