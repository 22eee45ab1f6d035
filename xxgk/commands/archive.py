"""`xxgk archive merge NODE_DIR...`: fold crawler nodes' archives into this one."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def archive() -> None:
    """Operations on the archive itself."""


@archive.command()
@click.argument("folders", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="config.toml of the main archive.")
def merge(folders: tuple[Path, ...], config_file: str | None) -> None:
    """Merge the archives of crawler nodes (each NODE_DIR: a node's folder with its
    config.toml, or its data folder with archive.db, files/ and warc/) into the main archive.
    Content-addressed and idempotent: running it again adds nothing. Run `xxgk process` after."""
    from archive.merge import MergeError, merge_archives
    from archive.schema import open_database
    from xxgk.config import load_config

    try:
        cfg = load_config(config_file)
        db = open_database(cfg.path("database"))
        summary = merge_archives(db, cfg.path("files_dir"), cfg.path("warc_dir"), list(folders),
                                 config_paths=_node_paths)
    except (MergeError, FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    for reason in summary.refused:
        click.echo(f"error: {reason}", err=True)
    click.echo(summary.line())
    if summary.refused:
        sys.exit(1)


def _node_paths(config_file: Path) -> tuple[Path, Path, Path]:
    from xxgk.config import load_config

    node = load_config(config_file)
    return node.path("database"), node.path("files_dir"), node.path("warc_dir")
