from __future__ import annotations

import hashlib
import subprocess
import sys

from archive.rawstore import RawStore, repair_tail


def _store(tmp_path):
    return RawStore({"warc_dir": tmp_path / "warc", "files_dir": tmp_path / "files",
                     "database": tmp_path / "a.db"}, warc_max_mb=0.001)


def _record(store, n: int):
    store.db["crawl_runs"].insert({"run_id": "r1", "status": "running"}, pk="run_id", replace=True)
    body = f"<html>body {n} 政府信息公开</html>".encode() * 20
    return body, store.record(run_id="r1", portal="p", url=f"http://www.x.gov.cn/{n}",
                              final_url=f"http://www.x.gov.cn/{n}", method="GET", req_headers=[],
                              req_body=b"", status=200, resp_headers=[("Content-Type", "text/html")],
                              body=body, kind="article")


def test_offsets_read_back_exact_bytes_and_files_rotate(tmp_path):
    store = _store(tmp_path)
    bodies = [_record(store, n) for n in range(5)]
    store.close()
    rows = list(store.db.query("select * from captures order by capture_id"))
    assert len(rows) == 5
    assert len({r["warc_file"] for r in rows}) > 1  # rotated by size
    for (body, (capture_id, created)), row in zip(bodies, rows):
        assert created and capture_id == row["capture_id"]
        headers, payload = store.read_warc_record(row["warc_file"], row["warc_offset"])
        assert payload == body
        assert store.read_body(row["sha256"]) == body
        assert hashlib.sha256(payload).hexdigest() == row["sha256"]
    for path in (tmp_path / "warc" / "p").glob("*.warc.gz"):
        check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_identical_bytes_are_not_a_new_capture(tmp_path):
    store = _store(tmp_path)
    _, (first, created) = _record(store, 1)
    _, (again, created_again) = _record(store, 1)
    assert created and not created_again and first == again
    assert store.db["captures"].count == 1


def test_torn_tail_is_cut_and_kept_aside(tmp_path):
    store = _store(tmp_path)
    store.warc_max_bytes = 10**9
    _record(store, 1)
    _record(store, 2)
    store.close()
    path = next((tmp_path / "warc" / "p").glob("*.warc.gz"))
    intact = path.read_bytes()
    path.write_bytes(intact + intact[-300:-100])  # a kill in the middle of a record
    assert repair_tail(path) == 200
    assert path.read_bytes() == intact
    assert (path.parent / (path.name + ".torn")).stat().st_size == 200
    assert repair_tail(path) == 0
