"""Do two builds extract the same JSON from the same HTML and DOCX bodies? (issue 12: the
readers' CPU work must not change any output.)

    .venv/bin/python benchmarks/extract_compare.py "BEFORE_XXGK" "AFTER_XXGK" PATH_OR_DIR...
        [--media html,docx] [--ocr] [--work /tmp/readers/compare]

each build given as the command that runs its CLI, e.g. "/work/main/.venv/bin/python -m xxgk"
or, for a snapshot of a commit, "env PYTHONPATH=/tmp/base /work/main/.venv/bin/python -m xxgk".
The commands run from an empty directory, so ``-m xxgk`` never picks up the caller's checkout.

Directories are searched recursively; every file whose content is of the chosen media types
(by ``pipeline.readers.detect``, not by extension: the archive's bodies have none) is read by
each build in one ``xxgk extract --json --out`` process. Compared: the whole JSON of every
report, and the one-line error of every refused file. Prints the differing files, a count per
type and the CPU seconds each build spent; exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import resource
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.readers import ReadError  # noqa: E402
from pipeline.readers import detect as media  # noqa: E402

MEDIA = {"html": media.HTML, "docx": media.DOCX, "text": media.TEXT, "pdf": media.PDF}


def bodies(paths: list[Path], wanted: set[str]) -> list[tuple[Path, str]]:
    found = []
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*"))
                   if f.is_file())
    for path in files:
        try:
            kind = media.detect(path.read_bytes())
        except ReadError:
            continue
        name = next((k for k, v in MEDIA.items() if v == kind), None)
        if name in wanted:
            found.append((path.resolve(), name))
    return found


def run_build(xxgk: str, files: list[Path], out: Path, ocr: bool) -> tuple[dict, float]:
    """Every file's JSON (or its error line) by file, and the CPU seconds the build spent."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cwd = out.parent / f"{out.name}-cwd"
    cwd.mkdir(exist_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([*shlex.split(xxgk), "extract", "--json", "--out", str(out),
                             *([] if ocr else ["--no-ocr"]), *map(str, files)],
                            capture_output=True, text=True, cwd=cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{xxgk}: exit {result.returncode}: {result.stderr.strip()[-500:]}")
    outcome: dict[str, object] = {}
    for line in result.stderr.splitlines():
        if line.startswith("xxgk extract: "):
            path = line[len("xxgk extract: "):].split(": ", 1)[0]
            outcome[path] = line
    for document in out.glob("*.json"):
        data = json.loads(document.read_text("utf-8"))
        outcome[(data.get("source") or {}).get("path") or document.name] = data
    return outcome, cpu


def first_difference(a, b, where: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                return first_difference(a.get(key), b.get(key), f"{where}.{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{where}[{i}]")
    return f"{where or 'output'}: {str(a)[:120]!r} → {str(b)[:120]!r}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--media", default="html,docx")
    parser.add_argument("--ocr", action="store_true", help="extract with OCR (default off)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/readers/compare"))
    args = parser.parse_args()
    found = bodies(args.paths, set(args.media.split(",")))
    files = [path for path, _ in found]
    before, cpu_before = run_build(args.before, files, args.work / "before", args.ocr)
    after, cpu_after = run_build(args.after, files, args.work / "after", args.ocr)
    counts: dict[str, list[int]] = {}
    differ = 0
    for path, kind in found:
        a, b = before.get(str(path)), after.get(str(path))
        same = a == b and a is not None
        tally = counts.setdefault(kind, [0, 0, 0])
        tally[0] += 1
        tally[1] += isinstance(b, str)
        if not same:
            tally[2] += 1
            differ += 1
            print(f"DIFFERS {path}: {first_difference(a, b)}")
    for kind, (n, refused, different) in sorted(counts.items()):
        print(f"{kind}: {n} bodies ({refused} refused with an error line), {different} different")
    print(f"{len(found)} bodies, {differ} different; CPU s before {cpu_before:.1f}, "
          f"after {cpu_after:.1f} (one process each, start-up included)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
