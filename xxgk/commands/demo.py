"""`xxgk demo`: the whole system on the built-in portal replica, in one command."""

from __future__ import annotations

import os
import sys

import click

from xxgk.commands.run import execute_run
from xxgk.config import load_config


@click.command()
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="config.toml to use (default: $XXGK_CONFIG or ./config.toml).")
@click.option("--port", type=int, default=None, help="Datasette port (default: datasette.port).")
@click.option("--no-serve", is_flag=True, help="Crawl and process, then exit without serving.")
def demo(config_path: str | None, port: int | None, no_serve: bool) -> None:
    """Start the portal replica on loopback, crawl it, process, and serve the archive.

    Needs no access to the real portals: the replica imitates them (config [replica]).
    """
    cfg = load_config(config_path)
    if not cfg["replica"]["enabled"] or cfg["portals"]:
        raise click.UsageError("the demo crawls the built-in replica: set [replica] enabled = "
                               "true and leave [[portals]] empty in the config it uses")
    code = execute_run(cfg, config_path, trigger="demo")
    if code != 0:
        click.echo("xxgk demo: the run did not finish cleanly (see `xxgk status`); serving what "
                   "was archived", err=True)
    if no_serve:
        sys.exit(code)
    host = cfg["datasette"]["host"]
    port = port or int(cfg["datasette"]["port"])
    cmd = [sys.executable, "-m", "xxgk", "serve", "--port", str(port)]
    if config_path:
        cmd += ["--config", config_path]
    click.echo(f"\nxxgk demo: the archive is served at http://{host}:{port}/  (Ctrl-C to stop)\n")
    sys.stdout.flush()
    # become the server, so Ctrl-C and SIGTERM reach Datasette itself and nothing is left behind
    os.execv(cmd[0], cmd)
