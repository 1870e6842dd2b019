#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) with the seed corpus of
# testdata/fuzz/<target>, on the stable toolchain (`-s none`), one after the
# other, and prints the executions and any crash per target.
# Usage: fuzz/run-all.sh [SECONDS] [TARGET...]   (needs `cargo install cargo-fuzz`)
set -uo pipefail
cd "$(dirname "$0")"
SECONDS_EACH="${1:-600}"; shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(envelope statement trust_list policy bundle cyclonedx lockfile_cargo lockfile_npm lockfile_any purl)
mkdir -p logs
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t"
  cargo fuzz run -s none "$t" "corpus/$t" "../testdata/fuzz/$t" -- \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 > "logs/$t.log" 2>&1
  rc=$?
  execs=$(grep -E '^stat::number_of_executed_units' "logs/$t.log" | awk '{print $2}')
  crash=$(ls artifacts/"$t"/crash-* 2>/dev/null | wc -l)
  echo "$t: exit $rc, executions ${execs:-?}, crashes $crash"
done
