#!/usr/bin/env bash
# Clones this repository into a temporary folder with no shared/ beside it and runs the README's
# test command there, as a new user or CI on another machine would (issue 16).
#
#   scripts/check-fresh.sh                 # clone HEAD, run scripts/test.sh
#   scripts/check-fresh.sh --stress 5400   # the same with both cores loaded by stress-ng for 5400 s
#   scripts/check-fresh.sh -- -x tests/replica   # anything after -- goes to pytest
#
# The clone reuses nothing of this worktree: its own .venv is built by scripts/install.sh, so a
# missing dependency or a file read from outside the repository shows up here. Prints one closing
# line "check-fresh: PASS|FAIL in N s (stress: …)" and exits with the test command's status.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

stress_seconds=0
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --stress) stress_seconds=${2:?--stress needs a number of seconds}; shift 2 ;;
        --keep) keep=1; shift ;;
        --) shift; break ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "check-fresh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

# a folder whose parent holds nothing else, so "../shared" cannot exist beside the clone
parent=$(mktemp -d /tmp/xxgk-fresh.XXXXXX)
clone="$parent/xxgk-archive"
stress_pid=""
cleanup() {
    if [ -n "$stress_pid" ]; then kill "$stress_pid" 2>/dev/null || true; wait "$stress_pid" 2>/dev/null || true; fi
    if [ "$keep" -eq 0 ]; then rm -rf "$parent"; else echo "check-fresh: clone kept in $clone"; fi
}
trap cleanup EXIT

git clone -q --no-local "$here" "$clone"
echo "check-fresh: cloned $(git -C "$clone" rev-parse --short HEAD) into $clone (no shared/ beside it)"

if [ "$stress_seconds" -gt 0 ]; then
    command -v stress-ng >/dev/null || { echo "check-fresh: stress-ng is not installed (scripts/install.sh installs it)" >&2; exit 2; }
    stress-ng --cpu "$(nproc)" --timeout "${stress_seconds}s" --quiet &
    stress_pid=$!
    echo "check-fresh: stress-ng --cpu $(nproc) running for ${stress_seconds} s (pid $stress_pid)"
fi

start=$(date +%s)
status=0
(cd "$clone" && env -u VIRTUAL_ENV scripts/test.sh "$@") || status=$?
elapsed=$(( $(date +%s) - start ))

verdict=PASS; [ "$status" -eq 0 ] || verdict=FAIL
stress_note="none"; [ "$stress_seconds" -gt 0 ] && stress_note="stress-ng --cpu $(nproc) for ${stress_seconds} s"
echo "check-fresh: $verdict in ${elapsed} s (stress: $stress_note; exit $status)"
exit "$status"
