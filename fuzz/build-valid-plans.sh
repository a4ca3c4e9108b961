#!/usr/bin/env bash
# Every plan of the `plan` target's corpus that passes `hfs-report check`
# must also build: the fuzz target renders a valid plan but does not
# typeset it (too slow for fuzzing), so this runs the whole pipeline on
# each, with a responses file that has its header only.
#
# Usage, from the repository root after a fuzzing run:
#   cargo build --release
#   fuzz/build-valid-plans.sh [target/release/hfs-report] [fuzz/corpus/plan]
set -uo pipefail
binary=${1:-target/release/hfs-report}
corpus=${2:-fuzz/corpus/plan}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
total=0 valid=0 failed=0
for plan in "$corpus"/*; do
    total=$((total + 1))
    year="$work/data/2024"
    rm -rf "$work/data" "$work/out"
    mkdir -p "$year/responses"
    cp "$plan" "$year/plan.yaml"
    printf 'region;indikator;v\xc3\xa4rde\n' >"$year/responses/svar.csv"
    timeout 20 "$binary" check --data "$work/data" >/dev/null 2>&1 || continue
    valid=$((valid + 1))
    if ! timeout 120 "$binary" build --data "$work/data" --out "$work/out" >"$work/log" 2>&1; then
        failed=$((failed + 1))
        echo "passes check but does not build: $plan"
        tail -n 5 "$work/log"
    fi
done
echo "$total plans, $valid pass check, $failed of them do not build"
[ "$failed" -eq 0 ]
