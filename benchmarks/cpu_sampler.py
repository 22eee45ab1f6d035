"""Where a process tree's CPU goes while it runs, and how idle each core was: a separate
process reads /proc every half second (a thread in the measured process would be forked
into its workers).

    sampler = CpuSampler(os.getpid()); sampler.start(); …; figures = sampler.stop()

``figures``: CPU seconds by kind of descendant — ``soffice`` (oosplash, soffice.bin),
``converter`` (the Python processes that started them: a worker that converted a DOC alone
counts here), ``workers`` (the other Python children) — the number of worker processes
seen, and each core's idle % over the run
(machine-wide: other people's load on the machine is in it). A process that ends between two
samples loses at most half a second of its CPU time; the measured process's own time and its
reaped children's total come exactly from ``resource`` (benchmarks/process.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")
INTERVAL_S = 0.5


class CpuSampler:
    def __init__(self, root: int) -> None:
        self.root = root
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, __file__, str(self.root)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.proc.stdout.readline()  # the first sample is taken

    def stop(self) -> dict:
        out, _ = self.proc.communicate(b"stop\n", timeout=30)
        return json.loads(out)


def _stat(pid: str) -> tuple[int, str, float] | None:
    """(parent pid, command name, CPU seconds) of a process."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            text = fh.read()
    except OSError:
        return None
    name = text[text.index("(") + 1:text.rindex(")")]
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), name, (int(fields[11]) + int(fields[12])) / TICKS


def _cores() -> list[tuple[int, int]]:
    """(idle, total) jiffies of each core."""
    cores = []
    with open("/proc/stat") as fh:
        for line in fh:
            if line.startswith("cpu") and line[3].isdigit():
                values = [int(v) for v in line.split()[1:]]
                cores.append((values[3] + values[4], sum(values[:8])))
    return cores


def _sample(root: int, seen: dict[int, tuple[int, str, float]]) -> None:
    stats = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            stat = _stat(pid)
            if stat is not None:
                stats[int(pid)] = stat
    tree = {root}
    stats.pop(os.getpid(), None)  # not this sampler
    grew = True
    while grew:
        grew = False
        for pid, (ppid, _, _) in stats.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    for pid in tree - {root}:
        seen[pid] = stats[pid]


def _figures(seen: dict[int, tuple[int, str, float]], cores_before, cores_after) -> dict:
    soffice = {pid for pid, (_, name, _) in seen.items()
               if name in ("soffice.bin", "oosplash", "soffice")}
    converters = {seen[pid][0] for pid in soffice} - soffice
    spent = {"soffice": 0.0, "converter": 0.0, "workers": 0.0, "other": 0.0}
    workers = 0
    for pid, (_, name, cpu) in seen.items():
        if pid in soffice:
            spent["soffice"] += cpu
        elif pid in converters:
            spent["converter"] += cpu
        elif name.startswith("python"):
            spent["workers"] += cpu
            workers += 1
        else:
            spent["other"] += cpu
    idle = [100 * (a[0] - b[0]) / max(1, a[1] - b[1]) for b, a in zip(cores_before, cores_after)]
    return {"cpu": {k: round(v, 2) for k, v in spent.items()}, "worker_processes": workers,
            "core_idle_pct": [round(x, 1) for x in idle]}


def _main(root: int) -> None:
    import select

    seen: dict[int, tuple[int, str, float]] = {}
    cores_before = _cores()
    _sample(root, seen)
    print("started", flush=True)
    while not select.select([sys.stdin], [], [], INTERVAL_S)[0]:
        _sample(root, seen)
    _sample(root, seen)
    figures = _figures(seen, cores_before, _cores())
    figures["sampler"] = time.process_time()  # reaped by the measured process: not its CPU
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    _main(int(sys.argv[1]))
