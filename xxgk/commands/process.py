"""`xxgk process` (`xxgk import` lives in imports.py and calls run_process)."""

from __future__ import annotations

import sys

import click

from xxgk.config import load_config


def open_archive(config_file):
    from archive.schema import open_database

    try:
        cfg = load_config(config_file)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    return cfg, open_database(cfg.path("database"))


def run_process(cfg, db) -> None:
    from archive.process import load_extractor, process_archive

    try:
        extractor = load_extractor()
    except ImportError as exc:
        raise click.ClickException(f"the extractor (pipeline.extract) is not installed: {exc}")

    def progress(groups):
        with click.progressbar(groups, label="processing", file=sys.stderr) as bar:
            yield from bar

    from archive.rawstore import RawStore

    summary = process_archive(db, RawStore(cfg), cfg["deadlines"], extractor, progress)
    for error in summary.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(summary.line())


@click.command()
@click.option("--config", "config_file", type=click.Path(), help="config.toml to use")
def process(config_file) -> None:
    """Extract and check every archived report not yet processed (never fetches)."""
    cfg, db = open_archive(config_file)
    run_process(cfg, db)

