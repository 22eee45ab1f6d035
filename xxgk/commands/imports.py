"""`xxgk import PATH...`: local report files into the archive, then `xxgk process`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

#: what a successfully imported file becomes (documents.outcome; sighting: a file imported
#: again with new bytes and the same report, archive/versions.py)
_ACCEPTED = ("report", "companion", "sighting")


@click.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--config", "config_file", type=click.Path(), help="config.toml to use")
def import_files(paths, config_file) -> None:
    """Add local report files (e.g. the seeds) to the archive, then process them.

    Exits 1 when any file was refused (missing, too large, unreadable) or did not become a
    report (extraction failed, or it is not an annual report); the others are kept."""
    from archive.imports import ImportRefused, import_file, outcomes
    from archive.rawstore import RawStore
    from xxgk.commands.process import open_archive, run_process

    cfg, db = open_archive(config_file)
    max_bytes = int(float(cfg["extract"]["max_file_mb"]) * 2**20)
    raw = RawStore(cfg)
    failed = 0
    imported: dict[str, Path] = {}
    for name in paths:
        path = Path(name)
        try:
            _, new, sha = import_file(db, raw, path, max_bytes=max_bytes)
        except ImportRefused as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        imported.setdefault(sha, path)
        click.echo(f"{'imported' if new else 'already archived'}: {path}")
    if imported:
        run_process(cfg, db)
    for sha, (outcome, error) in outcomes(db, list(imported)).items():
        if outcome not in _ACCEPTED:
            path = imported[sha]
            # the extractor names the document by its file:// URL; this line names it by path
            reason = (error or "no annual report in it").removeprefix(
                f"{path.resolve().as_uri()}: ")
            click.echo(f"error: {path}: not archived as a report: {reason}", err=True)
            failed += 1
    if failed:
        click.echo(f"import: {failed} of {len(paths)} file(s) failed", err=True)
        sys.exit(1)
