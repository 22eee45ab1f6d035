"""The archive after a real crawl of the portal replica: coverage shows the generator's gaps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from replica.corpus import build_corpus
from xxgk.cli import cli

REPO = Path(__file__).resolve().parents[2]
REPORTS = 60


def test_coverage_after_a_replica_crawl(archive):
    with open(archive.config_file, "a", encoding="utf-8") as fh:
        fh.write(f"[replica]\nreports = {REPORTS}\nbase_port = 0\n")
    crawl = subprocess.run([sys.executable, "-m", "xxgk", "crawl", "--no-politeness",
                            "--config", str(archive.config_file)], cwd=REPO,
                           capture_output=True, text=True, timeout=400)
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    processed = CliRunner().invoke(cli, ["process", "--config", str(archive.config_file)])
    assert processed.exit_code == 0, processed.output

    db = archive.db
    corpus = build_corpus(archive.cfg["replica"]["seed"], REPORTS)
    status = {(a, y): s for a, y, s in db.execute("SELECT agency, year, status FROM coverage")}
    assert db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] >= REPORTS // 2
    archived = {(a, y) for (a, y), s in status.items() if s != "missing"}
    left_out = {(spec.agency.name, spec.year) for spec in corpus.missing}
    missing = {k for k in left_out if k in status}
    # Art. 49 deadlines exist for governments and their departments; townships and committees
    # have none until configured (report-format.md §1.3), so they are never late
    with_deadline = {a for (a,) in db.execute(
        "SELECT a.name FROM agencies a JOIN deadline_rules d ON d.level = a.level "
        "WHERE d.deadline IS NOT NULL")}
    late = {(r.agency.name, r.year) for r in corpus.reports if r.late
            and r.agency.name in with_deadline}
    assert missing and all(status[k] == "missing" for k in missing)
    assert archived & late and all(status[k] == "late" for k in archived & late)
    # nothing the generator left out shows up as archived
    assert not archived & left_out
    assert db.execute("SELECT * FROM check_disagreements").fetchall() == []

    # the failing-checks view: exactly what the generator broke (report-format.md §6); S-02 only
    # where the layout pictured, displaced or left out a table; X-* only as the truth says
    failing: dict = {}
    for agency, year, check_id, scope in db.execute(
            "SELECT agency, year, check_id, scope FROM failing_checks"):
        failing.setdefault((agency, year), set()).add((check_id, scope))
    specs = {(r.agency.name, r.year): r.spec for r in corpus.reports}
    wrong = []
    for key, fails in failing.items():
        spec = specs[key]
        broken = {c for c, _ in spec.truth.broken}
        flagged = {(c, s) for c, s, status, _ in spec.structural_flags() if status == "fail"}
        unexplained = {(c, s) for c, s in fails if (c, s) not in flagged and c not in broken}
        if unexplained:
            wrong.append((key, sorted(unexplained)))
    document_broken = {key for key, spec in specs.items() if key in archived and any(
        not c.startswith(("X-", "N-")) for c, _ in spec.truth.broken)}
    missed = [key for key in document_broken if not {c for c, _ in failing.get(key, ())} & {
        c for c, _ in specs[key].truth.broken}]
    assert document_broken and wrong == [] and missed == []
