"""Peak memory and time of the hostile-input corpus, one ``xxgk extract`` process per kind.

    python benchmarks/hostile.py [--seed S] [--ocr] [--kinds a,b]

Builds the corpus (``replica.hostile``) and runs every kind of input in its own process (so
each figure is that kind's own peak resident memory, from ``wait4``), OCR off unless ``--ocr``
(pictures always run with OCR on). Prints one row per kind for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--ocr", action="store_true", help="OCR on for every kind")
    parser.add_argument("--kinds", help="comma-separated kinds to run (default: all)")
    args = parser.parse_args()
    from replica.hostile import build_corpus
    from replica.hostile.run import run_batch

    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        cases = build_corpus(Path(tmp) / "in", seed=args.seed)
        kinds: dict[str, list] = defaultdict(list)
        wanted = set(args.kinds.split(",")) if args.kinds else None
        for case in cases:
            if wanted is None or case.kind in wanted:
                kinds[case.kind].append(case)
        print(f"{len(cases)} inputs, {len(kinds)} kinds, seed {args.seed}")
        print("| kind | inputs | refused | OCR | seconds | peak MB |")
        print("|---|---|---|---|---|---|")
        worst = 0.0
        for kind, group in sorted(kinds.items()):
            ocr = args.ocr or group[0].ocr
            batch = run_batch([c.path for c in group], Path(tmp) / "out" / kind, ocr=ocr)
            bad = [line for line in batch.stderr.splitlines() if "internal error" in line
                   or not line.startswith("xxgk extract: ")]
            worst = max(worst, batch.peak_mb)
            print(f"| {kind} | {len(group)} | {len(batch.errors)} | {'on' if ocr else 'off'} | "
                  f"{batch.seconds:.1f} | {batch.peak_mb:.0f} |"
                  + (f" {len(bad)} BAD: {bad[0][:120]}" if bad else ""), flush=True)
        print(f"largest peak: {worst:.0f} MB")


if __name__ == "__main__":
    main()
