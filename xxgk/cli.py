"""`xxgk`: one command line for every step of the archive.

Subcommands live in ``xxgk/commands/<name>.py`` and are imported only when used, so
``xxgk extract`` does not pay for importing Scrapy or Datasette.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

#: subcommand -> "module:attribute" of its click command
COMMANDS = {
    "extract": "xxgk.commands.extract:extract",
    "crawl": "xxgk.commands.crawl:crawl",
    "import": "xxgk.commands.imports:import_files",
    "process": "xxgk.commands.process:process",
    "serve": "xxgk.commands.serve:serve",
    "review": "xxgk.commands.review:review",
    "run": "xxgk.commands.run:run",
    "schedule": "xxgk.commands.schedule:schedule",
    "status": "xxgk.commands.status:status",
    "demo": "xxgk.commands.demo:demo",
    "replica": "xxgk.commands.replica:replica",
    "fixtures": "xxgk.commands.fixtures:fixtures",
    "archive": "xxgk.commands.archive:archive",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        # a subcommand whose module is not installed is simply not offered
        return sorted(n for n, t in COMMANDS.items() if importlib.util.find_spec(t.split(":")[0]))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="xxgk-archive")
def cli() -> None:
    """xxgk-archive: fetch, keep, extract, check and publish 政府信息公开工作年度报告."""
