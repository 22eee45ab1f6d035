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


def _serve(store, body: bytes):
    store.db["crawl_runs"].insert({"run_id": "r1", "status": "running"}, pk="run_id", replace=True)
    url = "http://www.x.gov.cn/art/2024/report.html"
    return store.record(run_id="r1", portal="p", url=url, final_url=url, method="GET",
                        req_headers=[], req_body=b"", status=200,
                        resp_headers=[("Content-Type", "text/html")], body=body, kind="article")


def test_bytes_served_again_after_others_are_a_new_capture(tmp_path):
    """A, C, A (an edit reverted): the return is a capture of its own, so the archive knows
    what the address serves now; A again right after A is still the same capture."""
    store = _store(tmp_path)
    a, c = b"<html>report A</html>" * 20, b"<html>report C</html>" * 20
    first, _ = _serve(store, a)
    assert _serve(store, a) == (first, False)
    changed, _ = _serve(store, c)
    back, created = _serve(store, a)
    assert created and back not in (first, changed)
    assert _serve(store, a) == (back, False)
    rows = store.db.execute("select capture_id, sha256 from captures order by capture_id"
                            ).fetchall()
    shas = [hashlib.sha256(b).hexdigest() for b in (a, c, a)]
    assert rows == list(zip((first, changed, back), shas))
    assert store.last_capture("http://www.x.gov.cn/art/2024/report.html")["capture_id"] == back


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


def test_a_node_capture_of_a_return_is_not_merged_into_the_first(tmp_path):
    """archive merge decides like the crawler: a node's capture of A fetched after the main
    archive's C is a capture of its own; one fetched while A was served is that capture."""
    from archive.nodes import same_capture

    store = _store(tmp_path)
    url = "http://www.x.gov.cn/art/2024/report.html"
    rows = [{"final_url": url, "status": 200, "sha256": sha, "fetched_at": at}
            for sha, at in (("a", "2026-01-01T00:00:00+00:00"), ("c", "2026-01-02T00:00:00+00:00"))]
    ids = [store.db["captures"].insert(r).last_pk for r in rows]
    node = {"final_url": url, "status": 200, "sha256": "a"}
    assert same_capture(store.db, {**node, "fetched_at": "2026-01-03T00:00:00+00:00"}) is None
    assert same_capture(store.db, {**node, "fetched_at": "2026-01-01T12:00:00+00:00"}) == (ids[0],)
    assert same_capture(store.db, {**node, "fetched_at": "2025-12-31T00:00:00+00:00"}) == (ids[0],)
