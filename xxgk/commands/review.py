"""`xxgk review`: record a human judgement on one check instance."""

from __future__ import annotations

import getpass

import click

from xxgk.commands.process import open_archive


@click.command()
@click.argument("report_id")
@click.argument("check_id")
@click.option("--scope", default="", help="the instance's scope (column/row key…); empty if none")
@click.option("--status", "human_status", required=True,
              type=click.Choice(["pending", "confirmed", "dismissed"]))
@click.option("--note", default="", help="why (kept with the review)")
@click.option("--reviewer", default=None, help="who (default: the login name)")
@click.option("--config", "config_file", type=click.Path(), help="config.toml to use")
def review(report_id, check_id, scope, human_status, note, reviewer, config_file) -> None:
    """Confirm or dismiss a check result; kept while its inputs stay unchanged."""
    from archive.review import ReviewError, review_check

    _, db = open_archive(config_file)
    try:
        saved = review_check(db, report_id, check_id, scope, human_status, note,
                             reviewer or getpass.getuser())
    except ReviewError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{check_id} {scope or '-'} on {report_id[:12]}: {saved['human_status']} "
               f"(inputs {saved['inputs_hash']})")
