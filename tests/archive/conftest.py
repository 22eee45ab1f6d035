"""Archive fixtures: a real SQLite archive in tmp_path, captures and bodies in the raw layout,
and reports generated with consistent numbers (replica.synthetic)."""

from __future__ import annotations

import hashlib
import json
import random
from types import SimpleNamespace

import pytest

from archive.process import prepare
from archive.rawstore import RawStore
from archive.schema import open_database
from replica.synthetic import make_report
from pipeline.model import Report
from xxgk.config import load_config


class ExtractError(Exception):
    pass


def json_extractor(version: str = "test-1") -> SimpleNamespace:
    """Stands in for pipeline.extract until it lands: the archived bodies are the JSON of
    `xxgk extract --json`, so extraction is reading that JSON back."""

    def extract_bytes(data: bytes, url=None, page_meta=None, image_resolver=None,
                      agency_context=None) -> Report:
        try:
            doc = json.loads(data)
        except ValueError as exc:
            raise ExtractError(f"not a report: {exc.__class__.__name__}") from exc
        report = Report.from_json(doc)
        report.source.sha256 = hashlib.sha256(data).hexdigest()
        if page_meta and page_meta.get("published_date"):
            report.published_date = page_meta["published_date"]
        return report

    return SimpleNamespace(extract_bytes=extract_bytes, ExtractError=ExtractError,
                           EXTRACTOR_VERSION=version)


class Archive:
    def __init__(self, tmp_path):
        (tmp_path / "config.toml").write_text(
            '[paths]\ndata_dir = "data"\ndatabase = "data/archive.db"\n'
            'files_dir = "data/files"\n[datasette]\nport = 8765\n', encoding="utf-8")
        self.cfg = load_config(tmp_path / "config.toml")
        self.config_file = tmp_path / "config.toml"
        self.db = open_database(self.cfg.path("database"))
        self.files_dir = self.cfg.path("files_dir")
        self.raw = RawStore(self.cfg)
        self.run = 0

    def add_capture(self, body: bytes, url: str, kind: str = "article", is_report: int = 1,
                    parent: int | None = None, published: str | None = None,
                    content_type: str = "application/json", fetched_at: str | None = None) -> int:
        sha = self.raw.store_body(body)
        self.run += 1
        return self.db["captures"].insert({
            "url": url, "status": 200, "sha256": sha, "size": len(body), "kind": kind,
            "is_report": is_report, "parent_capture_id": parent, "published": published,
            "content_type": content_type, "portal": "test",
            "fetched_at": fetched_at or f"2026-01-{self.run % 28 + 1:02d}T00:00:00+00:00",
        }).last_pk

    def add_report(self, report: Report, url: str, **kw) -> int:
        body = json.dumps(report.to_json(), ensure_ascii=False).encode()
        return self.add_capture(body, url, **kw)

    def snapshot(self) -> dict:
        """Every pipeline-side row, to prove that a re-run changed nothing."""
        tables = ("agencies", "reports", "report_versions", "documents", "sections", "cells",
                  "claims", "checks", "warnings", "check_reviews")
        return {t: sorted(map(tuple, self.db.execute(f"SELECT * FROM [{t}]").fetchall()),
                          key=repr) for t in tables}


@pytest.fixture
def archive(tmp_path) -> Archive:
    return Archive(tmp_path)


def agency_years(archive: Archive, agencies: list[str], years: range, broken=(), missing=(),
                 late=(), seed: int = 7) -> dict:
    """Captures of consecutive-year reports; returns {(agency, year): report}."""
    rng = random.Random(seed)
    out = {}
    for agency in agencies:
        state = None
        for year in years:
            report, state = make_report(rng, agency, year, state,
                                        broken=(agency, year) in broken)
            if (agency, year) in missing:
                continue
            published = f"{year + 1}-{'06' if (agency, year) in late else '01'}-15"
            archive.add_report(report, f"http://portal.test/{abs(hash(agency)) % 997}/{year}.html",
                               published=published)
            out[(agency, year)] = report
    return out


@pytest.fixture
def extractor():
    return json_extractor()


@pytest.fixture
def prepared(archive):
    prepare(archive.db, archive.cfg["deadlines"])
    return archive
