"""Issue 12 item 5: two `xxgk crawl` processes sharing a real Redis frontier (scrapy-redis) crawl
the replica, each into its own node archive; `xxgk archive merge` folds them into a main archive.

Checked against a single crawl of the same replica: the nodes together fetch exactly the
requests one crawl fetches (so no URL twice; robots.txt aside, which every node must read for
itself before fetching from a host), and the merged archive holds exactly the captures, reports,
attachments and parent links of the single crawl, passes `warcio check` and reads back every
capture's bytes from its WARC offset. A second merge adds nothing.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from archive.rawstore import RawStore
from tests.crawler.conftest import (crawl_cmd, db, env, report_urls, run_crawl, warcio_check,
                                    write_config)

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A real redis-server from Debian on a unix socket of its own (no port to collide on)."""
    folder = tmp_path_factory.mktemp("redis")
    socket = folder / "redis.sock"
    proc = subprocess.Popen([REDIS_SERVER, "--port", "0", "--unixsocket", str(socket),
                             "--save", "", "--appendonly", "no", "--dir", str(folder)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    import redis

    client = redis.Redis(unix_socket_path=str(socket))
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except (redis.ConnectionError, FileNotFoundError):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"{REDIS_SERVER} did not start (scripts/install.sh installs it)")
            time.sleep(0.1)
    yield f"unix://{socket}"
    client.close()
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def replica():
    from replica.server import start_replica

    replica = start_replica(port=0, reports=150)
    yield replica
    replica.stop()


def _fetched(replica, start: int, end: int | None = None) -> Counter:
    return Counter((r["method"], r["domain"], r["path"]) for r in replica.requests[start:end]
                   if not r["path"].endswith("/robots.txt"))


def _node_config(folder: Path, replica, redis_url: str, job: str) -> Path:
    config = write_config(folder, replica)
    text = config.read_text(encoding="utf-8").replace(
        "[crawl.host_map]", f'[crawl.frontier]\nredis_url = "{redis_url}"\njob = "{job}"\n\n'
                            "[crawl.host_map]")
    config.write_text(text, encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def crawled(replica, redis_url, tmp_path_factory):
    single = tmp_path_factory.mktemp("single")
    start = len(replica.requests)
    summary = run_crawl(write_config(single, replica))
    assert summary["status"] == "ok"
    single_fetched = _fetched(replica, start)

    nodes = [tmp_path_factory.mktemp(f"node{n}") for n in "ab"]
    configs = [_node_config(n, replica, redis_url, job="test-two-nodes") for n in nodes]
    start = len(replica.requests)
    procs = [subprocess.Popen(crawl_cmd(c), cwd=c.parent, env=env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for c in configs]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err[-3000:]
        assert "Traceback" not in err, err[-3000:]
    nodes_fetched = _fetched(replica, start)

    main = tmp_path_factory.mktemp("main")
    main_config = write_config(main, replica)
    merge = [sys.executable, "-m", "xxgk", "archive", "merge", *map(str, nodes), "--config",
             str(main_config)]
    first = subprocess.run(merge, capture_output=True, text=True, env=env(), timeout=300)
    assert first.returncode == 0, first.stderr[-3000:]
    return {"single": single, "nodes": nodes, "main": main, "merge": merge,
            "single_requests": summary["requests"],
            "single_fetched": single_fetched, "nodes_fetched": nodes_fetched,
            "first_merge": first.stdout}


def test_two_nodes_fetch_what_one_crawl_fetches_and_nothing_twice(crawled):
    nodes_fetched, single_fetched = crawled["nodes_fetched"], crawled["single_fetched"]
    assert nodes_fetched == single_fetched
    # how the queue is shared out depends on scheduling (a node that starts late may find it
    # empty); what must hold is that the nodes together made each capture exactly once
    counts = [db(n).execute("select count(*) from captures where kind != 'robots'").fetchone()[0]
              for n in crawled["nodes"]]
    single = db(crawled["single"]).execute(
        "select count(*) from captures where kind != 'robots'").fetchone()[0]
    assert sum(counts) == single  # each capture made by exactly one node


def test_a_finished_job_leaves_its_keys_to_expire(crawled, redis_url):
    """scrapy-redis keeps each portal's queue and filter (SCHEDULER_PERSIST): after the job
    they expire (keep_hours, default 24) instead of filling Redis night after night."""
    import redis

    from crawler.frontier import KEEP_HOURS

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter("xxgk:test-two-nodes:*"))
    assert any(k.endswith(b":dupefilter") for k in keys)  # what the job left
    ttls = {k: client.ttl(k) for k in keys}
    assert all(0 < ttl <= KEEP_HOURS * 3600 for ttl in ttls.values()), ttls
    client.close()


def test_only_a_finished_crawl_expires_or_deletes_its_job_keys(redis_url):
    import redis
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from crawler.frontier import WaitForOtherNodes

    client = redis.Redis.from_url(redis_url)
    prefix = "xxgk:test-keys"
    own = [f"{prefix}:wendeng:requests", f"{prefix}:wendeng:dupefilter"]
    client.zadd(own[0], {b"pickled request": 0})
    client.sadd(own[1], "fingerprint")
    client.set(f"{prefix}:wendeng:busy:other-node", 1, ex=30)
    client.sadd(f"{prefix}:rushan:dupefilter", "fingerprint")  # another portal's spider
    crawler = get_crawler(Spider, {"REDIS_URL": redis_url, "XXGK_FRONTIER_PREFIX": prefix,
                                   "XXGK_FRONTIER_KEEP_HOURS": 0})
    spider = Spider(name="wendeng")
    spider.xxgk_node = "this-node"
    crawler.spider = spider
    extension = WaitForOtherNodes(crawler)

    extension.closed(spider, "shutdown")  # killed or stopped: the resume needs them
    assert [client.ttl(k) for k in own] == [-1, -1]
    extension.closed(spider, "finished")  # keep_hours = 0: deleted
    assert client.exists(*own) == 0
    assert 0 < client.ttl(f"{prefix}:wendeng:busy:other-node") <= 30  # not this node's
    assert client.ttl(f"{prefix}:rushan:dupefilter") == -1
    client.close()


def _captures(folder: Path) -> set[tuple]:
    return {tuple(r) for r in db(folder).execute(
        "select final_url, status, sha256, kind, is_report from captures where kind != 'robots'")}


def _parent_links(folder: Path) -> set[tuple]:
    return {tuple(r) for r in db(folder).execute(
        "select c.final_url, p.final_url from captures c join captures p "
        "on p.capture_id = c.parent_capture_id")}


def test_merged_archive_holds_exactly_the_single_crawl(crawled, replica):
    single, main = crawled["single"], crawled["main"]
    assert _captures(main) == _captures(single)
    reports = {r[0] for r in db(main).execute("select final_url from captures where is_report = 1")}
    assert reports == report_urls(replica)
    assert _parent_links(main) == _parent_links(single)
    orphans = db(main).execute("select count(*) from captures where kind in ('attachment', "
                               "'image') and parent_capture_id is null").fetchone()[0]
    assert orphans == 0
    portals = {r[0] for r in db(main).execute("select name from portals")}
    assert portals == {r[0] for r in db(single).execute("select name from portals")}


def test_merged_warcs_are_valid_and_every_capture_reads_back(crawled):
    main = crawled["main"]
    check = warcio_check(main / "data" / "warc")
    assert check.returncode == 0, check.stdout[-2000:]
    store = RawStore({"warc_dir": main / "data" / "warc", "files_dir": main / "data" / "files",
                      "database": main / "data" / "archive.db"})
    rows = list(db(main).execute("select warc_file, warc_offset, sha256 from captures"))
    assert rows
    for row in rows:
        _headers, body = store.read_warc_record(row["warc_file"], row["warc_offset"])
        assert hashlib.sha256(body).hexdigest() == row["sha256"]
        assert store.read_body(row["sha256"]) == body


def test_merge_again_adds_nothing(crawled):
    main = crawled["main"]
    before = sorted(map(tuple, db(main).execute("select * from captures")))
    files = sorted(p.relative_to(main) for p in (main / "data").rglob("*") if p.is_file()
                   and p.suffix not in (".db", ".db-wal", ".db-shm") and "-wal" not in p.name
                   and "-shm" not in p.name)
    again = subprocess.run(crawled["merge"], capture_output=True, text=True, env=env(),
                           timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert again.stdout.startswith("merged 2 node archive(s): 0 new captures")
    assert "0 bodies, 0 WARC files, 0 crawl runs" in again.stdout
    assert sorted(map(tuple, db(main).execute("select * from captures"))) == before
    assert sorted(p.relative_to(main) for p in (main / "data").rglob("*") if p.is_file()
                  and p.suffix not in (".db", ".db-wal", ".db-shm") and "-wal" not in p.name
                  and "-shm" not in p.name) == files


def test_a_damaged_body_in_a_node_is_refused_not_copied(crawled, tmp_path):
    """A node folder whose body no longer matches its sha256 name (disk damage, a bad copy)."""
    node = tmp_path / "damaged"
    # which node fetched bodies depends on scheduling: one may have fetched nothing at all
    source = next(n for n in crawled["nodes"] if any((n / "data" / "files").glob("??/*")))
    shutil.copytree(source / "data", node)
    victim = next(p for p in sorted((node / "files").glob("??/*")))
    victim.write_bytes(victim.read_bytes() + b"damage")
    target = tmp_path / "main2"
    target.mkdir()
    (target / "config.toml").write_text(
        '[paths]\ndata_dir = "data"\ndatabase = "data/archive.db"\nwarc_dir = "data/warc"\n'
        'files_dir = "data/files"\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "xxgk", "archive", "merge", str(node),
                             "--config", str(target / "config.toml")],
                            capture_output=True, text=True, env=env(), timeout=300)
    assert result.returncode == 1
    assert f"error: {victim}: content does not match its sha256 name; not copied" in result.stderr
    assert not (target / "data" / "files" / victim.parent.name / victim.name).exists()
    # and no row points at the bytes that were refused
    assert db(target).execute("select count(*) from captures where sha256 = ?",
                              [victim.name]).fetchone()[0] == 0
    assert "not merged" in result.stderr



def test_an_unreachable_redis_is_one_clear_line(replica, tmp_path):
    config = _node_config(tmp_path, replica, f"unix://{tmp_path}/nobody.sock", job="none")
    proc = subprocess.run(crawl_cmd(config), cwd=tmp_path, env=env(), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    line = proc.stderr.strip().splitlines()[-1]
    assert line.startswith(f"Error: [crawl.frontier] redis_url unix://{tmp_path}/nobody.sock: "
                           "cannot reach Redis:"), proc.stderr


def _crawl_state(folder: Path) -> tuple[set, set]:
    conn = db(folder)
    # positions are left out: a list paged over two nodes is numbered by each node's own walk
    walks = {tuple(r) for r in conn.execute("select list_url, url, title, date "
                                            "from list_records")}
    checks = {r[0] for r in conn.execute("select url from url_checks")}
    return walks, checks


def test_the_merged_archive_crawls_on_incrementally(crawled, replica):
    """The nodes' list walks and URL checks are merged too: the main archive's next crawl of the
    unchanged replica compares lists with their last walk instead of walking them all again."""
    single, main = crawled["single"], crawled["main"]
    walks, checks = _crawl_state(main)
    assert walks and walks == _crawl_state(single)[0]
    assert checks == _crawl_state(single)[1]
    merged, alone = (run_crawl(write_config(folder, replica)) for folder in (main, single))
    assert merged["status"] == alone["status"] == "ok"
    assert merged["new_captures"] == alone["new_captures"] == 0
    # what the single crawl's own next night costs (≈ 10 % of its first crawl), not a re-walk
    assert merged["requests"] <= alone["requests"] < 0.25 * crawled["single_requests"], \
        (merged["requests"], alone["requests"], crawled["single_requests"])
