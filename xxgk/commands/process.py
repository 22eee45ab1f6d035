"""`xxgk process` (`xxgk import` lives in imports.py and calls run_process)."""

from __future__ import annotations

import os

import click

from xxgk.config import load_config


def open_archive(config_file):
    from archive.schema import open_database

    try:
        cfg = load_config(config_file)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    return cfg, open_database(cfg.path("database"))


def process_options(cfg, *, retry_failed: bool = False, recheck_all: bool = False,
                    workers: int | None = None):
    """The one configuration path of every command that extracts archived documents:
    ``[extract]`` (ocr, soffice, convert_timeout, max_file_mb, cpu_budget_s) and
    ``[process]`` (workers, recycling, memory cap)."""
    from archive.process import ProcessOptions
    from archive.workers import PoolLimits
    from pipeline.extract.boundary import ExtractSettings

    settings = ExtractSettings.from_config(cfg["extract"])
    proc = cfg["process"]
    count = int(proc.get("workers") or 0) if workers is None else workers
    count = count or os.cpu_count() or 1
    limits = PoolLimits(workers=count, recycle_after=int(proc["recycle_after"]),
                        recycle_mb=float(proc["recycle_mb"]),
                        max_mb=float(proc["max_worker_mb"]), cpu_budget_s=settings.cpu_budget_s)
    return ProcessOptions(settings=settings, limits=limits, workers=count,
                          retry_failed=retry_failed, recheck_all=recheck_all,
                          cache_dir=str(cfg.path("cache_dir")))


def run_process(cfg, db, **flags) -> int:
    """Process the archive, print the errors and the summary; returns the number of errors."""
    from archive.process import load_extractor, process_archive
    from archive.rawstore import RawStore
    from xxgk.progress import Progress

    extractor = load_extractor()
    progress = Progress("processing", interval=float(cfg["process"]["progress_interval"]))
    try:
        summary = process_archive(db, RawStore(cfg), cfg["deadlines"], extractor, progress,
                                  process_options(cfg, **flags))
    finally:
        progress.close()
    for error in summary.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(summary.line())
    return len(summary.errors)


@click.command()
@click.option("--config", "config_file", type=click.Path(), help="config.toml to use")
@click.option("--retry-failed", is_flag=True,
              help="Extract again the documents that failed with this extractor version.")
@click.option("--recheck-all", is_flag=True,
              help="Recompute every archive-level check, not only those new reports touch; "
                   "fold the versions stored before fingerprints that did not change.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Extraction worker processes (default [process] workers; 0 = one per core).")
def process(config_file, retry_failed, recheck_all, workers) -> None:
    """Extract and check every archived report not yet processed (never fetches)."""
    cfg, db = open_archive(config_file)
    run_process(cfg, db, retry_failed=retry_failed, recheck_all=recheck_all, workers=workers)

