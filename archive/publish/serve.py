"""How the archive is served: the Datasette command line and its generated metadata."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from archive.publish.metadata import build_metadata

PLUGINS_DIR = Path(__file__).parent / "plugins"

#: Datasette settings beside the SQL time limit: facet suggestions would each scan millions of
#: cells on every table page, and whole-database downloads are not a public service
SETTINGS = {"suggest_facets": False, "allow_download": False, "default_facet_size": 20,
            "default_cache_ttl": 60}


def write_metadata(cfg) -> Path:
    database = cfg.path("database")
    meta = build_metadata(database.stem, str(cfg.path("files_dir")), str(cfg.path("warc_dir")))
    target = cfg.path("data_dir") / "datasette-metadata.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def serve_command(cfg, host: str | None = None, port: int | None = None) -> list[str]:
    """argv of the read-only Datasette for this archive (the demo starts it as a subprocess)."""
    ds = cfg["datasette"]
    return [
        sys.executable, "-m", "datasette", "serve", str(cfg.path("database")),
        "--metadata", str(write_metadata(cfg)),
        "--plugins-dir", str(PLUGINS_DIR),
        "--host", host or ds["host"], "--port", str(port or ds["port"]),
        "--setting", "sql_time_limit_ms", str(ds["sql_time_limit_ms"]),
        *(arg for name, value in SETTINGS.items()
          for arg in ("--setting", name, {True: "on", False: "off"}.get(value, str(value)))),
    ]
