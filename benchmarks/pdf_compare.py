"""Do two builds read the same cells from the same PDFs? (issue 12: pdfium as the source of
characters and rulings must not change a cell pdfminer's parse gave.)

    .venv/bin/python benchmarks/pdf_compare.py "BEFORE_XXGK" "AFTER_XXGK" PDF_OR_DIR...

each build given as the command that runs its CLI, e.g. "/work/main/.venv/bin/python -m xxgk"
(a worktree's ``.venv/bin/xxgk`` may carry the interpreter of the venv it was copied from).

Runs ``xxgk extract --json`` of each build on every PDF and compares the ``tables`` (and the
rest of the output but its ``source``); prints one line per PDF and the CPU seconds each build
spent, process start-up included. Exit status 1 when any table differs.
"""

from __future__ import annotations

import json
import resource
import shlex
import subprocess
import sys
from pathlib import Path


def _extract(xxgk: str, pdf: Path) -> tuple[dict | None, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([*shlex.split(xxgk), "extract", "--json", str(pdf)],
                            capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1:]}, cpu
    return json.loads(result.stdout), cpu


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    before_xxgk, after_xxgk = sys.argv[1:3]
    pdfs = sorted(p for arg in sys.argv[3:] for p in
                  (Path(arg).glob("*.pdf") if Path(arg).is_dir() else [Path(arg)]))
    differ = 0
    cpu = [0.0, 0.0]
    for pdf in pdfs:
        (a, ca), (b, cb) = _extract(before_xxgk, pdf), _extract(after_xxgk, pdf)
        cpu[0] += ca
        cpu[1] += cb
        tables = a.get("tables") == b.get("tables")
        others = [k for k in sorted(set(a) | set(b)) if k not in ("source", "tables")
                  and a.get(k) != b.get(k)]
        cells = sum(len(row) for t in (b.get("tables") or {}).values() for row in t.values())
        differ += not tables
        print(f"{pdf.name}: {'same tables' if tables else 'TABLES DIFFER'} ({cells} cells)"
              + (f"; other fields differ: {', '.join(others)}" if others else ""))
    print(f"{len(pdfs)} PDFs, {differ} with different tables; CPU s before {cpu[0]:.1f}, "
          f"after {cpu[1]:.1f}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
