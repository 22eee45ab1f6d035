"""The writer of `xxgk process` (archive/load.py, versions.py, batch.py): a batch of groups in
one transaction stores exactly what one group a transaction stores, the search index follows
every stored version, and a group the database refuses, or a crash in the middle of a batch,
loses nothing already archived."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import archive.process as process
from archive.parallel import ProcessOptions
from archive.process import process_archive
from replica.synthetic import make_report
from tests.archive.conftest import Archive, json_extractor

ROOT = Path(__file__).resolve().parents[2]
AGENCIES = ["威海市文登区人民政府", "威海市环翠区教育和体育局", "威海市荣成市石岛管理区管理委员会"]
#: the pipeline side, which the writer owns
TABLES = ("agencies", "reports", "report_versions", "documents", "sections", "cells", "claims",
          "checks", "warnings", "check_reviews", "check_disagreements")


def archive_in(path: Path) -> Archive:
    path.mkdir(exist_ok=True)
    return Archive(path)


def fill(archive: Archive) -> None:
    """Generated reports of three agencies over five years, then what portals do to them:
    a report edited under its address (a new version), the same report re-served in other
    bytes (a sighting), and an address going back to the bytes it served first (a return)."""
    rng = random.Random(12)
    day = iter(range(1, 400))

    def at() -> str:
        n = next(day)
        return f"2025-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}T08:00:00+00:00"

    for a, agency in enumerate(AGENCIES):
        state = None
        for year in range(2019, 2024):
            report, state = make_report(rng, agency, year, state, broken=(a, year) == (1, 2021))
            archive.add_report(report, f"http://portal.test/{a}/{year}.html",
                               published=f"{year + 1}-01-15", fetched_at=at())
    first, _ = make_report(random.Random(5), AGENCIES[0], 2024)
    url = "http://portal.test/0/2024.html"
    archive.add_report(first, url, fetched_at=at())
    edited, _ = make_report(random.Random(5), AGENCIES[0], 2024)
    edited.title += "（修订）"
    edited.tables["applications"]["new_received"]["total"].value += 1
    archive.add_report(edited, url, fetched_at=at())
    archive.add_capture(json.dumps(edited.to_json(), ensure_ascii=False, indent=1).encode(),
                        url, fetched_at=at())
    archive.add_report(first, url, fetched_at=at())


def content(archive: Archive) -> dict:
    """Every row of the pipeline side but the time it was written."""
    out = {}
    for table in TABLES:
        cols = [c.name for c in archive.db[table].columns if c.name != "processed_at"]
        rows = archive.db.execute(
            f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{table}]").fetchall()
        out[table] = sorted(map(tuple, rows), key=repr)
    return out


def search_terms(archive: Archive) -> list[str]:
    texts = [t or "" for (t,) in archive.db.execute("SELECT title || ' ' || text FROM reports")]
    return sorted({t[i:i + 3] for t in texts for i in range(0, len(t) - 3, 41)
                   if '"' not in t[i:i + 3] and t[i:i + 3].strip() == t[i:i + 3]})


def searched(archive: Archive, terms: list[str]) -> dict[str, list[str]]:
    """What the trigram index finds for each term; it must be what a scan finds."""
    db = archive.db
    db.execute("INSERT INTO reports_fts (reports_fts) VALUES ('integrity-check')")
    found = {}
    for term in terms:
        found[term] = sorted(r for (r,) in db.execute(
            "SELECT r.report_id FROM reports_fts f JOIN reports r ON r.rowid = f.rowid "
            "WHERE reports_fts MATCH ?", [f'"{term}"']))
        scanned = sorted(r for (r,) in db.execute(
            "SELECT report_id FROM reports WHERE instr(title, ?) OR instr(text, ?)",
            [term, term]))
        assert found[term] == scanned, term
    return found


def one_group_a_transaction(db, batch, version, summary, between=lambda: None):
    """How groups were stored before batches: each in its own transaction, a savepoint for
    the report inside it."""
    for members, result in batch:
        process.write_group(db, members, result, version, summary)
        between()


def test_a_batch_stores_what_one_group_a_transaction_stores(tmp_path, monkeypatch):
    batched, alone = archive_in(tmp_path / "batched"), archive_in(tmp_path / "alone")
    for archive in (batched, alone):
        fill(archive)
    runs = []
    for archive, write in ((batched, process.write_batch), (alone, one_group_a_transaction)):
        monkeypatch.setattr(process, "write_batch", write)
        for version in ("v1", "v2"):  # v2: every report stored again over itself
            summary = process_archive(archive.db, archive.raw, archive.cfg["deadlines"],
                                      json_extractor(version), options=ProcessOptions(batch=7))
            runs.append((summary.new_reports, summary.new_versions, summary.unchanged,
                         summary.returns, summary.errors))
    assert runs[:2] == runs[2:]
    assert runs[0] == (16, 1, 1, 1, [])
    assert content(batched) == content(alone)
    terms = search_terms(batched)
    assert len(terms) > 100
    assert searched(batched, terms) == searched(alone, terms)


def test_the_search_index_follows_a_report_stored_again_with_another_title(archive):
    fill(archive)
    process_archive(archive.db, archive.raw, archive.cfg["deadlines"], json_extractor("v1"))
    retitled = json_extractor("v2")
    plain = retitled.extract_bytes

    def extract_bytes(data, **kw):
        report = plain(data, **kw)
        report.title = f"{report.title}（重新提取）"
        return report

    retitled.extract_bytes = extract_bytes
    process_archive(archive.db, archive.raw, archive.cfg["deadlines"], retitled)
    count = archive.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    found = searched(archive, ["（重新提取）", "（修订）", *search_terms(archive)[:50]])
    assert len(found["（重新提取）"]) == count
    current = archive.db.execute("SELECT report_id FROM reports WHERE is_current = 1 AND "
                                 "source_url = 'http://portal.test/0/2024.html'").fetchall()
    assert len(current) == 1 and current[0][0] not in found["（修订）"]  # the return is current


def refusing_extractor(bad_value):
    """Reads the JSON bodies; one report comes back with a claim value the writer cannot
    store, as a reader returning the wrong Python type by mistake would."""
    extractor = json_extractor("v1")
    plain = extractor.extract_bytes

    def extract_bytes(data, **kw):
        report = plain(data, **kw)
        if report.year == 2022 and report.agency == AGENCIES[1]:
            report.claims[0].value = bad_value(report.claims[0].value)
        return report

    extractor.extract_bytes = extract_bytes
    return extractor


#: SQLite cannot bind a Decimal; the fingerprint cannot read a list as a number
@pytest.mark.parametrize("bad_value", [lambda v: Decimal(str(v)), lambda v: [v]],
                         ids=["sqlite-refuses", "fingerprint-refuses"])
def test_a_group_the_database_refuses_costs_only_itself(archive, bad_value):
    fill(archive)
    summary = process_archive(archive.db, archive.raw, archive.cfg["deadlines"],
                              refusing_extractor(bad_value), options=ProcessOptions(batch=50))
    assert len(summary.errors) == 1
    assert summary.errors[0].startswith("http://portal.test/1/2022.html: not stored: ")
    # the batch was rolled back and stored again group by group: counted once
    assert summary.new_reports == 15 and summary.new_versions == 1
    stored = archive.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    assert stored == 16  # 14 of the 15 agency years, the 2024 address's two versions
    assert archive.db.execute("SELECT COUNT(*) FROM documents WHERE url = "
                              "'http://portal.test/1/2022.html'").fetchone()[0] == 0
    searched(archive, search_terms(archive)[:50])
    # it is tried again by the next run, and stored once the reader is fixed
    again = process_archive(archive.db, archive.raw, archive.cfg["deadlines"],
                            json_extractor("v1"))
    assert again.new_reports == 1 and not again.errors


CRASHING_RUN = """
import os, sys
import archive.process as process
from archive.parallel import ProcessOptions
from archive.rawstore import RawStore
from archive.schema import open_database
from tests.archive.conftest import json_extractor
from xxgk.config import load_config

cfg = load_config(sys.argv[1])
db = open_database(cfg.path("database"))
stored, calls = process.store_report, []

def store_report(*args, **kw):
    calls.append(1)
    if len(calls) == int(sys.argv[2]):
        os._exit(3)  # killed in the middle of a batch's transaction
    return stored(*args, **kw)

process.store_report = store_report
process.process_archive(db, RawStore(cfg), cfg["deadlines"], json_extractor("v1"),
                        options=ProcessOptions(batch=6, batch_seconds=60))
"""


@pytest.mark.parametrize("crash_at", [9, 14])
def test_a_crash_in_the_middle_of_a_batch_keeps_the_batches_before_it(tmp_path, crash_at):
    crashed, clean = archive_in(tmp_path / "crashed"), archive_in(tmp_path / "clean")
    for archive in (crashed, clean):
        fill(archive)
    done = subprocess.run([sys.executable, "-c", CRASHING_RUN, str(crashed.config_file),
                           str(crash_at)], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 3, done.stderr
    crashed.db.conn.close()
    crashed.db = archive_in(tmp_path / "crashed").db
    # whole batches of 6 groups or nothing; each stored report with all of its rows
    committed = (crash_at - 1) // 6 * 6
    assert crashed.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == committed
    assert crashed.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == committed
    assert crashed.db.execute(
        "SELECT COUNT(*) FROM reports r WHERE cell_count <> (SELECT COUNT(*) FROM cells c "
        "WHERE c.report_id = r.report_id AND semantic = 'number')").fetchone()[0] == 0
    searched(crashed, search_terms(crashed)[:50])
    # their archive checks were never run: the next run owes them, whatever it stores
    pending = "SELECT COUNT(*) FROM pending_archive_checks"
    assert crashed.db.execute(pending).fetchone()[0] == committed
    for archive in (crashed, clean):
        process_archive(archive.db, archive.raw, archive.cfg["deadlines"], json_extractor("v1"))
        assert archive.db.execute(pending).fetchone()[0] == 0
    assert content(crashed) == content(clean)


def test_inputs_hash_is_the_hash_of_the_checks_json_as_it_always_was():
    """Reviews are keyed by inputs_hash: the writer's own JSON of a check must be byte for
    byte json.dumps', or every review of an archive would come loose on the next run."""
    from archive.load import inputs_hash, rule_version
    from pipeline.model import Check

    rng = random.Random(3)
    checks = []
    for year in (2020, 2021, 2022):
        report, _ = make_report(rng, AGENCIES[0], year, broken=year == 2021)
        checks += report.checks
    odd = ['引号"与\\反斜杠', "tab\tnew\nline\x01", "", None, "é😀"]
    numbers = [None, 0, -3, 10**20, 3.0, 0.1 + 0.2, 1e-7, -2.5e300, float("nan"),
               float("inf"), float("-inf"), True]
    checks += [Check(id="T3-01", status="fail", scope=odd[i % len(odd)],
                     expected=numbers[i % len(numbers)], actual=numbers[(i * 7) % len(numbers)],
                     message="") for i in range(60)]
    assert len(checks) > 150
    for check in checks:
        payload = [AGENCIES[0], check.id, check.scope, check.expected, check.actual,
                   check.status, rule_version(check.id)]
        reference = hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode())
        assert inputs_hash(AGENCIES[0], check) == reference.hexdigest()[:16], payload
