"""`xxgk replica`: serve the portal replica on loopback until Ctrl-C."""

from __future__ import annotations

import click


@click.command()
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="config.toml to use.")
@click.option("--faults", default=None, help="Comma list of faults, or 'all' (see docs/crawler.md).")
@click.option("--port", type=int, default=None, help="First port (default replica.base_port).")
def replica(config_file: str | None, faults: str | None, port: int | None) -> None:
    """Serve the Hanweb portal replica (one port per host)."""
    import time

    from replica.server import start_replica
    from xxgk.config import load_config

    try:
        cfg = load_config(config_file)
        running = start_replica(cfg, faults=faults, port=port)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    for domain, base in running.host_map.items():
        click.echo(f"{domain:24} {base}")
    click.echo(f"{len(running.site.corpus.reports)} reports; faults: "
               f"{', '.join(sorted(running.site.faults.names)) or 'none'}. Ctrl-C to stop.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        running.stop()
