"""`xxgk serve`: the archive, read-only, in Datasette."""

from __future__ import annotations

import os

import click

from xxgk.config import load_config


def serve_command(cfg, host=None, port=None) -> list[str]:
    from archive.publish.serve import serve_command as argv

    return argv(cfg, host, port)


@click.command()
@click.option("--config", "config_file", type=click.Path(), help="config.toml to use")
@click.option("--host", help="interface to listen on (config datasette.host)")
@click.option("--port", type=int, help="port (config datasette.port)")
def serve(config_file, host, port) -> None:
    """Publish the archive with Datasette (read-only, SQL time limit, robots blocked)."""
    from archive.process import prepare
    from archive.schema import open_database

    try:
        cfg = load_config(config_file)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    # views and reference tables follow the installed code, even before the first process run
    prepare(open_database(cfg.path("database")), cfg["deadlines"])
    argv = serve_command(cfg, host, port)
    click.echo(f"serving {cfg.path('database')} on http://{argv[argv.index('--host') + 1]}:"
               f"{argv[argv.index('--port') + 1]}/", err=True)
    os.execvp(argv[0], argv)
