"""`xxgk process` end to end on the replica mix: reports/s with 1 and 2 workers, OCR off and
on, peak resident memory per worker, and a re-process of the unchanged archive.

    .venv/bin/python benchmarks/process.py [--reports 325] [--work /tmp/process-bench]
        [--runs "1:off,2:off,1:on,2:on"] [--cpu-by-type] [--port 28700]

The archive is made once by crawling the replica (`xxgk crawl`, [replica] reports = N); each
run processes a fresh copy of it with an empty cache (the OCR and LibreOffice caches are part
of what a first run pays), then processes it again unchanged. Wall-clock figures on a shared
machine: record the load with them (docs/benchmarks.md). ``--cpu-by-type`` also extracts every
archived body once in this process, OCR off, and prints the CPU seconds by detected type (DOC
and WPS left out: their LibreOffice conversion runs in another process): what other load on
the machine does not move.

Each first run also prints where its CPU went: this process (the writer; exact), its
children in all (exact, once reaped), and by kind from /proc samples every 0.5 s
(benchmarks/cpu_sampler.py: LibreOffice, the process that drives it, the workers), with the
idle % of each core over the run (machine-wide, so other load on the machine shows there)
and what share of the 2 cores the run itself used.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive.process import process_archive  # noqa: E402
from benchmarks.cpu_sampler import CpuSampler  # noqa: E402
from archive.rawstore import RawStore  # noqa: E402
from archive.schema import open_database  # noqa: E402
from xxgk.commands.process import process_options  # noqa: E402
from xxgk.config import load_config  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def crawl(work: Path, reports: int, port: int) -> Path:
    source = work / "crawled"
    config = source / "config.toml"
    if (source / "data" / "archive.db").is_file():
        return source
    source.mkdir(parents=True, exist_ok=True)
    # the replica's default ports may be taken by another replica on the machine
    config.write_text(f"[replica]\nreports = {reports}\nbase_port = {port}\n",
                      encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "xxgk", "crawl", "--config", str(config)],
                   cwd=source, check=True, capture_output=True, env={**os.environ,
                                                                    "PYTHONPATH": str(ROOT)})
    print(f"crawled the replica ({reports} reports) in {time.perf_counter() - started:.0f} s")
    return source


def fresh_copy(source: Path, target: Path, workers: int, ocr: bool) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("cache", "warc"))
    (target / "config.toml").write_text(
        f"[extract]\nocr = {'true' if ocr else 'false'}\n[process]\nworkers = {workers}\n",
        encoding="utf-8")
    return target / "config.toml"


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def process_once(config: Path, sample: bool = False) -> tuple[float, object, dict]:
    """Seconds, summary and (``sample``) where the CPU went."""
    cfg = load_config(config)
    db = open_database(cfg.path("database"))
    sampler = CpuSampler(os.getpid()) if sample else None
    if sampler:
        sampler.start()
    own, reaped = time.process_time(), children_cpu()
    started = time.perf_counter()
    summary = process_archive(db, RawStore(cfg), cfg["deadlines"],
                              options=process_options(cfg))
    elapsed = time.perf_counter() - started
    cpu = {"parent": time.process_time() - own, "children": children_cpu() - reaped}
    if sampler:
        cpu.update(sampler.stop())
        cpu["children"] = children_cpu() - reaped - cpu.pop("sampler", 0.0)
    db.conn.close()
    return elapsed, summary, cpu


def cpu_line(cpu: dict, elapsed: float) -> str:
    kinds = cpu.get("cpu", {})
    share = 100 * (cpu["parent"] + cpu["children"]) / (elapsed * (os.cpu_count() or 1))
    idle = ", ".join(f"{x:.0f} %" for x in cpu.get("core_idle_pct", []))
    return (f"    CPU s: parent (writer) {cpu['parent']:.1f}, children {cpu['children']:.1f} "
            f"(sampled: workers {kinds.get('workers', 0):.1f} in "
            f"{cpu.get('worker_processes', 0)} processes, LibreOffice "
            f"{kinds.get('soffice', 0):.1f}, its driver {kinds.get('converter', 0):.1f}); "
            f"the run used {share:.0f} % of {os.cpu_count()} cores; each core idle "
            f"(whole machine): {idle}")


def cpu_by_type(source: Path) -> None:
    from pipeline.extract import extract_bytes
    from pipeline.readers import detect as media
    names = {media.PDF: "pdf", media.DOCX: "docx", media.HTML: "html", media.TEXT: "text",
             media.DOC: "doc", media.WPS: "wps"}
    spent: dict[str, list[float]] = {}
    for body in sorted((source / "data" / "files").rglob("*")):
        if not body.is_file():
            continue
        data = body.read_bytes()
        try:
            found = media.detect(data)
            kind = names.get(found, found.split("/")[-1])
        except Exception:
            kind = "unknown"
        if kind in ("doc", "wps"):
            continue
        started = time.process_time()
        try:
            extract_bytes(data, path=body.name, ocr=False)
        except Exception:  # list pages and other non-reports cost their reading too
            pass
        spent.setdefault(kind, []).append(time.process_time() - started)
    total = sum(sum(v) for v in spent.values())
    print(f"CPU s by type, one process, OCR off, DOC/WPS left out: {total:.1f} in all")
    for kind, times in sorted(spent.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {kind:6} {len(times):>4} bodies  {sum(times):6.1f} s  "
              f"({1000 * sum(times) / len(times):.0f} ms each)")


def ocr_tables(work: Path, count: int) -> None:
    """CPU seconds per pictured table on one OCR thread as a worker meets them: the models'
    loading (once a worker process, at its first picture: a worker recycled after N documents
    pays it again), then each table cold, and from the cache (a new process would read the
    cache file: the in-memory copy is dropped first). Tables 二, 三 and 四 in turn."""
    from pipeline import ocr
    from pipeline.ocr import cache as ocr_cache
    from pipeline.template import TABLE_IDS
    from replica.generate import generate_reports
    from replica.render import render_table_png

    names = dict(zip(TABLE_IDS, ("二", "三", "四")))
    ocr.configure_threads(1)
    shutil.rmtree(work / "ocr-cache", ignore_errors=True)
    ocr_cache.configure_cache(work / "ocr-cache")
    specs = generate_reports(count, seed=31)
    pngs = [(names[t], render_table_png(s, t)) for s in specs for t in TABLE_IDS][:count]
    started = time.process_time()
    ocr.engine()
    loading = time.process_time() - started
    cold: dict[str, list[float]] = {}
    warm = []
    for name, png in pngs:
        started = time.process_time()
        ocr.image_blocks(png, "ocr:image1")
        cold.setdefault(name, []).append(time.process_time() - started)
        ocr_cache._memory.clear()
        started = time.perf_counter()
        ocr.image_blocks(png, "ocr:image1")
        warm.append(time.perf_counter() - started)
    every = [s for times in cold.values() for s in times]
    print(f"OCR of {len(pngs)} pictured tables (replica PNGs), one thread: "
          f"{sum(every) / len(every):.2f} CPU s a table (max {max(every):.2f}; "
          + ", ".join(f"table {n} {sum(t) / len(t):.2f} (max {max(t):.2f})"
                      for n, t in cold.items())
          + f"); the models' loading, once a worker, {loading:.2f} CPU s; "
          f"from the cache {1000 * sum(warm) / len(warm):.1f} ms a table "
          f"(max {1000 * max(warm):.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=325)
    parser.add_argument("--work", type=Path, default=Path("/tmp/process-bench"))
    parser.add_argument("--runs", default="1:off,2:off,1:on,2:on")
    parser.add_argument("--ocr-tables", type=int, default=0,
                        help="also time OCR of this many pictured tables, cold and cached")
    parser.add_argument("--port", type=int, default=28700,
                        help="first port of the replica the crawl starts")
    parser.add_argument("--cpu-by-type", action="store_true",
                        help="also print the CPU seconds of one extraction of every body")
    args = parser.parse_args()
    if args.ocr_tables:
        ocr_tables(args.work, args.ocr_tables)
    source = crawl(args.work, args.reports, args.port)
    if args.cpu_by_type:
        cpu_by_type(source)
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("workers  ocr  groups  reports  errors   first s  reports/s  peak MB/worker  "
          "again s  again %")
    for spec in filter(None, args.runs.split(",")):
        workers, ocr = int(spec.split(":")[0]), spec.split(":")[1] == "on"
        config = fresh_copy(source, args.work / f"run-{workers}-{'ocr' if ocr else 'no-ocr'}",
                            workers, ocr)
        first, summary, cpu = process_once(config, sample=True)
        again, repeat, _ = process_once(config)
        stored = summary.new_reports + summary.new_versions
        print(f"{workers:>7}  {'on' if ocr else 'off':>3}  {summary.groups:>6}  {stored:>7}  "
              f"{len(summary.errors):>6}  {first:>8.1f}  {stored / first:>9.1f}  "
              f"{summary.stats.get('peak_worker_mb', 0):>14.0f}  {again:>7.2f}  "
              f"{100 * again / first:>7.1f}", flush=True)
        print(cpu_line(cpu, first) + (
            f"; workers without a task while work was left: "
            f"{summary.stats['worker_idle_s']:.1f} s" if "worker_idle_s" in summary.stats
            else ""), flush=True)
        assert repeat.skipped == repeat.groups, "the unchanged archive was extracted again"
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
