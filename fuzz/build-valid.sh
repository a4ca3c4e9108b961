#!/usr/bin/env bash
# Every input of a target's corpus that passes `hfs-report check` must also
# build, and for the plan target `new-year` must give a plan that passes
# check too, or refuse (exit 1). The targets render valid data but do not typeset it (too slow for
# fuzzing: tens of milliseconds per document); this runs the whole
# pipeline on each, as the target reads it:
#   plan  the input is plan.yaml, with a responses file that has its
#         header only;
#   csv   the input is the CSV files of tests/bad/plan.yaml: split at its
#         first 0xFF byte into activity-status.csv (none when that part is
#         empty) and a responses file, or without 0xFF both of them.
#
# Usage, from the repository root after a fuzzing run:
#   cargo build --release
#   fuzz/build-valid.sh plan|csv [target/release/hfs-report] [fuzz/corpus/TARGET]
set -uo pipefail
target=${1:?plan or csv}
binary=${2:-target/release/hfs-report}
corpus=${3:-fuzz/corpus/$target}
minimal_plan=$(dirname "$0")/../tests/bad/plan.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
total=0 valid=0 failed=0 refused=0
for input in "$corpus"/*; do
    total=$((total + 1))
    year="$work/data/2024"
    rm -rf "$work/data" "$work/out"
    mkdir -p "$year/responses"
    case $target in
    plan)
        cp "$input" "$year/plan.yaml"
        printf 'region;indikator;v\xc3\xa4rde\n' >"$year/responses/x.csv"
        ;;
    csv)
        cp "$minimal_plan" "$year/plan.yaml"
        at=$(LC_ALL=C grep -obUaP '\xff' "$input" | head -n 1 | cut -d: -f1)
        if [ -z "$at" ]; then
            [ -s "$input" ] && cp "$input" "$year/activity-status.csv"
            cp "$input" "$year/responses/x.csv"
        else
            [ "$at" -gt 0 ] && head -c "$at" "$input" >"$year/activity-status.csv"
            tail -c +"$((at + 2))" "$input" >"$year/responses/x.csv"
        fi
        ;;
    *) echo "unknown target $target (expected plan or csv)" >&2; exit 2 ;;
    esac
    timeout 20 "$binary" check --data "$work/data" >/dev/null 2>&1 || continue
    valid=$((valid + 1))
    if ! timeout 120 "$binary" build --data "$work/data" --out "$work/out" >"$work/log" 2>&1; then
        failed=$((failed + 1))
        echo "passes check but does not build: $input"
        tail -n 5 "$work/log"
        continue
    fi
    [ "$target" = plan ] || continue
    timeout 20 "$binary" new-year 2025 --data "$work/data" >"$work/log" 2>&1
    case $? in
    0)
        if ! timeout 20 "$binary" check --data "$work/data" --year 2025 >"$work/log" 2>&1; then
            failed=$((failed + 1))
            echo "new-year made a plan that does not pass check: $input"
            tail -n 5 "$work/log"
        fi
        ;;
    1)
        refused=$((refused + 1))
        echo "new-year refused: $input"
        grep -m 1 'error' "$work/log"
        ;;
    *)
        failed=$((failed + 1))
        echo "new-year failed: $input"
        tail -n 5 "$work/log"
        ;;
    esac
done
echo "$total inputs, $valid pass check; $failed failures; new-year refused $refused"
[ "$failed" -eq 0 ]
