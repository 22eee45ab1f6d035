"""`xxgk crawl`: fetch the configured portals (or the replica, started here for the run) and
archive every byte."""

from __future__ import annotations

import click


@click.command()
@click.option("--site", "sites", multiple=True, metavar="NAME", help="Only this portal (repeatable).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="config.toml to use.")
@click.option("--no-politeness", is_flag=True,
              help="No delay, no AutoThrottle, parallel requests (tests and benchmarks only).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def crawl(sites: tuple[str, ...], config_file: str | None, no_politeness: bool, as_json: bool) -> None:
    """Crawl the portals: lists, reports, attachments, images → WARC + captures."""
    import json

    from crawler.run import CrawlError, format_summary, run_crawl
    from xxgk.config import load_config

    replica = None
    try:
        cfg = load_config(config_file)
        politeness = not no_politeness
        portals = host_map = None
        if not cfg.get("portals") and cfg["replica"].get("enabled"):
            replica = _start_replica(cfg)
            portals, host_map = replica.portal_entries(), replica.host_map
            if not cfg["replica"]["polite"]:
                politeness = False  # the replica is ours, on loopback: delays only slow the demo
        summary = run_crawl(cfg, sites=list(sites), politeness=politeness, portals=portals,
                            host_map=host_map)
    except (CrawlError, FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        if replica is not None:
            replica.stop()
    click.echo(json.dumps(summary, ensure_ascii=False) if as_json else format_summary(summary))
    if summary.get("status") != "ok":
        raise SystemExit(1)


def _start_replica(cfg):
    """The portal replica for this crawl (no [[portals]] configured, `replica.enabled`)."""
    from replica.server import start_replica

    try:
        return start_replica(cfg)
    except OSError as exc:  # e.g. the port is taken by a running `xxgk replica`
        raise click.ClickException(
            f"replica: cannot listen on {cfg['replica'].get('host')}:"
            f"{cfg['replica'].get('base_port')}…: {exc.strerror or exc}") from None
