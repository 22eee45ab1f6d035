"""`xxgk crawl`: fetch the configured portals (or the replica) and archive every byte."""

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

    try:
        cfg = load_config(config_file)
        summary = run_crawl(cfg, sites=list(sites), politeness=not no_politeness)
    except (CrawlError, FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(summary, ensure_ascii=False) if as_json else format_summary(summary))
    if summary.get("status") != "ok":
        raise SystemExit(1)
