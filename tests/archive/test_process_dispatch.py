"""Issue 12: workers take the slow groups of each window first (pictures to OCR, PDF, DOC),
and the archive is still written in capture order (report versions keep their numbers)."""

from __future__ import annotations

from archive.parallel import ProcessOptions, dispatch_order
from archive.capture_groups import capture_groups
from archive.process import group_weights, process_archive
from archive.workers import PoolLimits
from pipeline.extract.boundary import ExtractSettings
from replica.generate import generate_reports
from replica.render import render_html_page


def test_each_window_is_taken_heaviest_first():
    assert dispatch_order([0.1, 2, 0.1, 12, 1], window=3) == [1, 0, 2, 3, 4]
    assert dispatch_order([1, 1, 1], window=2) == [0, 1, 2]  # ties keep their order
    assert dispatch_order([]) == []


def test_pictures_weigh_only_when_they_will_be_read(archive):
    page = archive.add_capture(b"<html>pictured report</html>", "http://portal.test/p.html",
                               content_type="text/html")
    for i in range(2):
        archive.add_capture(b"\x89PNG picture", f"http://portal.test/p{i}.png", kind="image",
                            is_report=0, parent=page, content_type="image/png")
    archive.add_capture(b"%PDF-1.7", "http://portal.test/r.pdf", content_type="application/pdf")
    archive.add_capture(b"<html>text</html>", "http://portal.test/t.html",
                        content_type="text/html")
    todo = capture_groups(archive.db)
    assert group_weights(archive.db, todo, ocr=True) == [20.1, 2.0, 0.1]
    assert group_weights(archive.db, todo, ocr=False) == [0.1, 2.0, 0.1]
    # a group already done is not counted: only the todo groups' pages are looked up
    assert group_weights(archive.db, todo[1:], ocr=True) == [2.0, 0.1]


def test_doc_groups_come_last_in_their_window(archive):
    """A page with a DOC is taken after every other page: its conversion goes ahead of the
    workers, and a worker that got there first would wait for LibreOffice."""
    page = archive.add_capture(b"<html>a page with a DOC</html>", "http://portal.test/d.html",
                               content_type="text/html")
    archive.add_capture(b"\xd0\xcf\x11\xe0 a doc", "http://portal.test/d.doc", kind="attachment",
                        parent=page, content_type="application/msword")
    archive.add_capture(b"<html>plain</html>", "http://portal.test/p.html",
                        content_type="text/html")
    todo = capture_groups(archive.db)
    assert [len(g) for g in todo] == [2, 1]
    assert dispatch_order(group_weights(archive.db, todo, ocr=False)) == [1, 0]


def test_pictures_are_counted_by_index_for_the_todo_pages_only(archive):
    pages = [archive.add_capture(f"<html>page {i}</html>".encode(), f"http://portal.test/{i}",
                                 content_type="text/html") for i in range(3)]
    for page in pages:
        archive.add_capture(f"picture {page}".encode(), f"http://portal.test/{page}.png",
                            kind="image", is_report=0, parent=page, content_type="image/png")
    todo = capture_groups(archive.db)[:2]
    statements = []
    archive.db.conn.set_trace_callback(statements.append)
    try:
        weights = group_weights(archive.db, todo, ocr=True)
    finally:
        archive.db.conn.set_trace_callback(None)
    assert weights == [10.1, 10.1]
    counting = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    asked = {int(n) for s in counting
             for n in s.split(" IN (", 1)[1].split(")", 1)[0].split(",")}
    assert asked == set(pages[:2])
    for sql in counting:
        plan = " ".join(r[3] for r in archive.db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "idx_captures_parent_capture_id" in plan and "SCAN captures" not in plan, plan


def test_taken_out_of_order_written_in_capture_order(archive):
    """Three versions of one report page: the newest served as if it were a PDF (a portal's
    wrong Content-Type), so workers take it first; versions are still numbered by capture."""
    specs = generate_reports(3, seed=41)
    url = "http://portal.test/report.html"
    shas = []
    for i, spec in enumerate(specs):
        page = render_html_page(spec, portal_style="wendeng", charset="utf-8")
        archive.add_capture(page, url, content_type="application/pdf" if i == 2 else "text/html",
                            fetched_at=f"2026-01-0{i + 1}T00:00:00+00:00")
        shas.append(archive.raw.store_body(page))
    options = ProcessOptions(settings=ExtractSettings(ocr=False), limits=PoolLimits(workers=2),
                             workers=2)
    assert dispatch_order(group_weights(archive.db, capture_groups(archive.db), False)) \
        == [2, 0, 1]
    seen = []
    summary = process_archive(archive.db, archive.raw, archive.cfg["deadlines"],
                              progress=lambda done, total: seen.append((done, total)),
                              options=options)
    assert summary.errors == [] and summary.new_versions == 2
    # progress counts results as the workers finish them, not as their turn to be written
    # (and is asked again while they are busy, with nothing new)
    assert {total for _, total in seen} == {3} and seen[-1] == (3, 3)
    done = [d for d, _ in seen]
    assert done == sorted(done) and [d for d in dict.fromkeys(done) if d] == [1, 2, 3]
    versions = archive.db.execute("SELECT v.report_id, r.is_current FROM report_versions v "
                                  "JOIN reports r USING (report_id) ORDER BY v.version").fetchall()
    assert versions == [(shas[0], 0), (shas[1], 0), (shas[2], 1)]


def _slow_setup():
    import time

    def handle(task):
        time.sleep(task)
        return task
    return handle


def test_the_pool_reports_while_a_worker_is_busy():
    """Progress lines keep coming while a picture is OCR'd for a minute (here: a sleep)."""
    from archive.workers import WorkerPool

    calls = []
    pool = WorkerPool(_slow_setup, PoolLimits(workers=1), lambda task, reason: None)
    assert list(pool.run([1.6], lambda: calls.append(1))) == [(0, 1.6)]
    assert len(calls) >= 2


def test_a_finished_worker_gets_its_next_task_before_the_parent_goes_on():
    """The parent writes between two steps: a worker that just finished has its next task
    already, instead of waiting for the parent to come back."""
    from archive.workers import WorkerPool

    pool = WorkerPool(_slow_setup, PoolLimits(workers=2), lambda task, reason: None)
    pool.start([0.05] * 6)
    got = []
    try:
        while not pool.finished:
            done = pool.step(0.5)
            got += done
            if done and len(got) <= 4:
                assert pool.busy == 2  # six tasks: after four results two are left
            got += pool.step(0)  # what the writer calls between two groups
    finally:
        pool.close()
    assert sorted(i for i, _ in got) == list(range(6))


def test_results_come_in_while_the_parent_writes(archive, monkeypatch):
    """`process` with workers: the writer takes results in between the groups it writes (the
    workers go on meanwhile), not only once it has written the whole batch."""
    import time

    import archive.process as process

    for i, spec in enumerate(generate_reports(6, seed=43)):
        archive.add_capture(render_html_page(spec, portal_style="wendeng", charset="utf-8"),
                            f"http://portal.test/report{i}.html", content_type="text/html")
    received = []
    at_each_write = []
    write_group = process.write_group

    def slow_write(*args):
        at_each_write.append(max(received, default=0))
        time.sleep(0.3)  # a slow disk: longer than a worker takes for a page
        write_group(*args)
    monkeypatch.setattr(process, "write_group", slow_write)
    # two batches of three: the second three are extracted while the first are written
    options = ProcessOptions(settings=ExtractSettings(ocr=False), limits=PoolLimits(workers=2),
                             workers=2, batch=3, batch_seconds=600)
    summary = process_archive(archive.db, archive.raw, archive.cfg["deadlines"],
                              progress=lambda done, total: received.append(done),
                              options=options)
    assert summary.errors == [] and summary.new_reports == 6
    assert at_each_write[2] > at_each_write[0], "no result came in while the parent wrote"
