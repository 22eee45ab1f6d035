"""`xxgk fixtures`: render the seeds and generated reports, with their ground truth."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seeds/--no-seeds", default=True, show_default=True,
              help="Render the five seeds (and their layout variants).")
@click.option("-n", "--count", default=0, show_default=True, help="Generated reports to add.")
@click.option("--corpus", is_flag=True,
              help="Generate an agency × year corpus (gaps, late reports) instead of series.")
@click.option("--seed", default=0, show_default=True, help="Random seed (output is deterministic).")
@click.option("--broken-share", default=0.1, show_default=True,
              help="Share of generated reports broken on purpose.")
@click.option("--pdf-layouts", default=0, show_default=True,
              help="Generated table layouts to add as PDFs in each form: ruled, unruled, "
                   "unruled-centred (WPS), unruled-mono (needs LibreOffice).")
@click.option("--drawn-pdfs", default=0, show_default=True,
              help="Generated reports to add as PDFs drawn with another producer's cell "
                   "geometry, in each ruling form: grid, none, frame, horizontal.")
@click.option("--chromium-pdfs", default=0, show_default=True,
              help="Generated reports to add as PDFs printed by headless Chromium, in each "
                   "style: page (the portal page with the browser's header and footer), ruled, "
                   "unruled, centred, narrow, clipped, landscape, breaks, breaks-thead.")
@click.option("--reprinted-pdfs", default=0, show_default=True,
              help="Generated reports whose LibreOffice PDF and Chromium print are re-made by "
                   "other producers: gs-pdfwrite, print-ps, print-outlines, mutool-clean, "
                   "mutool-convert, scan, scan-tilted (searchable scans).")
@click.option("--converters", default="",
              help="Comma list of third-party converters to run on the generated reports "
                   "(-n): markitdown-docx, mammoth-md, mammoth-html, python-docx, soffice-txt, "
                   "markdownify, html2text, markitdown-html, pdfminer, markitdown-pdf, mutool, "
                   "gs-txtwrite, or all; PDF converters run on the LibreOffice PDF, or on the "
                   "Chromium print with NAME@chromium.")
@click.option("--media", default="",
              help="Comma list of html,docx,text and the text forms markdown, pdftotext, "
                   "pdftotext-layout, pdfplumber, pypdf (text layers of the report's PDF, "
                   "needs LibreOffice); default: seeds in html,docx,text, generated reports in "
                   "their own medium.")
def fixtures(out: Path, seeds: bool, count: int, corpus: bool, seed: int, broken_share: float,
             pdf_layouts: int, drawn_pdfs: int, chromium_pdfs: int, reprinted_pdfs: int,
             converters: str, media: str) -> None:
    """Write fixture documents and <slug>.truth.json files into OUT."""
    from replica.fixtures import MEDIA, TEXT_FORMS

    chosen = tuple(m for m in media.split(",") if m)
    unknown = [m for m in chosen if m not in MEDIA + TEXT_FORMS]
    if unknown:
        raise click.BadParameter(f"unknown medium {unknown[0]!r} (one of "
                                 f"{', '.join(MEDIA + TEXT_FORMS)})", param_hint="--media")
    try:
        written = _write(out, seeds, count, corpus, seed, broken_share, chosen)
        if pdf_layouts:
            from replica.fixtures import write_manifest
            from replica.layout_fixtures import write_layout_pdfs
            written += write_layout_pdfs(out, pdf_layouts, seed)
            write_manifest(out, written)
        if drawn_pdfs:
            from replica.fixtures import write_drawn_pdfs, write_manifest
            written += write_drawn_pdfs(_text_table_specs(drawn_pdfs, seed, broken_share), out)
            write_manifest(out, written)
        if chromium_pdfs:
            from replica.fixtures import write_chromium_pdfs, write_manifest
            written += _printed(write_chromium_pdfs, "--chromium-pdfs", out, chromium_pdfs, seed,
                                broken_share)
            write_manifest(out, written)
        if reprinted_pdfs:
            from replica.fixtures import write_manifest, write_reprinted_pdfs
            written += _printed(write_reprinted_pdfs, "--reprinted-pdfs", out, reprinted_pdfs,
                                seed, broken_share)
            write_manifest(out, written)
        if converters:
            from replica.fixtures import write_manifest
            written += _converters(out, converters, count, seed, broken_share)
            write_manifest(out, written)
    except OSError as exc:
        raise click.ClickException(f"{exc.filename or out}: cannot write ({exc.strerror or exc})")
    click.echo(f"{len(written)} documents written to {out}")


def _converters(out: Path, names: str, count: int, seed: int, broken_share: float) -> list[Path]:
    from replica.fixtures import write_converter_outputs
    from replica.render.converters import CONVERTERS, ConverterError

    wanted = [n for n in names.split(",") if n]
    wanted = [n for w in wanted for n in (list(CONVERTERS) if w == "all" else [w])]
    jobs: dict[str, list[str]] = {}  # PDF source -> converters
    for name in wanted:
        base, _, source = name.partition("@")
        if base not in CONVERTERS or source not in ("", "soffice", "chromium"):
            raise click.BadParameter(f"unknown converter {name!r} (one of "
                                     f"{', '.join(CONVERTERS)}, NAME@chromium)",
                                     param_hint="--converters")
        jobs.setdefault(source or "soffice", []).append(base)
    if not count:
        raise click.BadParameter("needs generated reports (-n N)", param_hint="--converters")
    specs = _text_table_specs(count, seed, broken_share)
    written: list[Path] = []
    try:
        for source, bases in jobs.items():
            chosen = [b for b in bases if CONVERTERS[b].source == "pdf" or source == "soffice"]
            written += write_converter_outputs(specs, out, tuple(dict.fromkeys(chosen)), (source,))
    except ConverterError as exc:
        raise click.ClickException(f"--converters: {exc}")
    return written


def _text_table_specs(count: int, seed: int, broken_share: float) -> list:
    """Generated reports whose tables are text (the pictured-table layouts left out)."""
    from replica.generate import generate_reports

    return [s for s in generate_reports(count, seed, broken_share=broken_share)
            if not s.layout.tables_as_images]


def _printed(write, option: str, out: Path, count: int, seed: int, broken_share: float) -> list[Path]:
    """PDFs a browser prints (``write``: a replica.fixtures writer), its failure named by option."""
    from replica.render.chromium_pdf import ChromiumError

    try:
        return write(_text_table_specs(count, seed, broken_share), out)
    except ChromiumError as exc:
        raise click.ClickException(f"{option}: {exc}")


def _write(out: Path, seeds: bool, count: int, corpus: bool, seed: int, broken_share: float,
           chosen: tuple[str, ...]) -> list[Path]:
    from replica.fixtures import (MEDIA, SEEDS_DIR, seed_fixture_specs, write_fixtures,
                                  write_manifest)
    from replica.generate import generate_corpus, generate_reports

    written = []
    if seeds:
        written += write_fixtures(seed_fixture_specs(SEEDS_DIR), out, chosen or MEDIA)
    if count:
        specs = (generate_corpus(seed, count, broken_share=broken_share) if corpus
                 else generate_reports(count, seed, broken_share=broken_share))
        specs = [s for s in specs if not s.truth.missing]
        written += write_fixtures(specs, out, chosen or None)
    out.mkdir(parents=True, exist_ok=True)
    write_manifest(out, written)
    return written
