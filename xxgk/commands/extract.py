"""`xxgk extract PATH... [--json] [--out DIR]`: extract and check report files.

One bad file never stops the others: each failure is one line on stderr,
``xxgk extract: <file>: <reason>``; exit 0 when every file succeeded, 1 when any failed,
2 for usage errors.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from xxgk.config import load_config


def _summary(report) -> str:
    lines = [f"{report.source.path or report.source.url}",
             f"  agency: {report.agency or '?'}   year: {report.year or '?'}   "
             f"format: {report.format}   applications variant: {report.applications_variant or '-'}"]
    for table_id, table in report.tables.items():
        cells = [c for row in table.values() for c in row.values()]
        numbers = sum(c.semantic == "number" for c in cells)
        lines.append(f"  {table_id}: {len(table)} rows, {len(cells)} cells ({numbers} numbers)")
    if not report.tables:
        lines.append("  no statistics table read")
    failing = [c for c in report.checks if c.status == "fail"]
    warned = sum(c.status == "warn" for c in report.checks)
    lines.append(f"  checks: {len(report.checks)} run, {len(failing)} failing, {warned} warnings")
    lines += [f"    FAIL {c.id} [{c.scope}] {c.message}".rstrip() for c in failing]
    lines += [f"  warning: {w}" for w in report.warnings]
    return "\n".join(lines)


def _out_name(path: Path, used: set[str]) -> str:
    name = f"{path.stem}.json"
    n = 2
    while name in used:
        name = f"{path.stem}-{n}.json"
        n += 1
    used.add(name)
    return name


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (schema v1).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write one <name>.json per input into DIR.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR pictures of tables.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="config.toml to use.")
def extract(paths: tuple[Path, ...], as_json: bool, out_dir: Path | None, no_ocr: bool,
            config_path: Path | None) -> None:
    """Extract the statistics tables, metadata and claims of report files and check them."""
    from pipeline.extract import ExtractError, extract_path

    if as_json and len(paths) > 1 and out_dir is None:
        raise click.UsageError("--json with several files needs --out DIR")
    try:
        settings = load_config(config_path)["extract"]
    except (OSError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    from pipeline.extract.boundary import ExtractSettings

    # the same [extract] settings as `xxgk process` and `xxgk import`
    extract_settings = ExtractSettings.from_config(settings)
    extract_settings.apply()
    options = {**extract_settings.options(), **({"ocr": False} if no_ocr else {})}
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    # pdfminer logs every repair it makes to stderr; a damaged file gets its one line below
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    failed = 0
    used: set[str] = set()
    for path in paths:
        try:
            report = extract_path(path, **options)
        except ExtractError as exc:
            failed += 1
            click.echo(f"xxgk extract: {exc}", err=True)
            continue
        except Exception as exc:  # a bug must not stop the other files, nor print a traceback
            failed += 1
            reason = str(exc).splitlines()[0] if str(exc) else ""
            click.echo(f"xxgk extract: {path}: internal error: {type(exc).__name__}: {reason}",
                       err=True)
            continue
        document = report.to_json()
        if out_dir is not None:
            target = out_dir / _out_name(path, used)
            target.write_text(json.dumps(document, ensure_ascii=False, indent=1), "utf-8")
            if not as_json:
                click.echo(_summary(report))
        elif as_json:
            click.echo(json.dumps(document, ensure_ascii=False, indent=1))
        else:
            click.echo(_summary(report))
    sys.exit(1 if failed else 0)

