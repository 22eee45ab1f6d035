"""Benchmark of the fixtures area: generation and rendering rates, peak memory.

Run: .venv/bin/python benchmarks/fixtures.py [N]   (default N = 200 generated reports)
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

# run from a checkout: this worktree's packages, not another installed copy
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from replica.generate import generate_reports  # noqa: E402
from replica.render import (render_docx, render_html_page, render_table_png,  # noqa: E402
                            render_text)


def rate(label: str, count: int, func) -> None:
    start = time.perf_counter()
    func()
    elapsed = time.perf_counter() - start
    print(f"{label:<28} {count / elapsed:9.1f} /s   ({count} in {elapsed:.2f} s)")


def main(n: int) -> None:
    specs: list = []
    rate("generate_reports", n, lambda: specs.extend(generate_reports(n, seed=1)))
    rate("render_text", n, lambda: [render_text(s) for s in specs])
    rate("render_html_page", n, lambda: [render_html_page(s) for s in specs])
    plain = [s for s in specs if not s.layout.tables_as_images]
    rate("render_docx (tables)", len(plain), lambda: [render_docx(s) for s in plain])
    few = specs[:20]
    rate("render_table_png (table 三)", len(few),
         lambda: [render_table_png(s, "applications") for s in few])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak RSS':<28} {peak:9.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
