#!/usr/bin/env bash
# sbom generate on a 1 GiB tree of 20,000 files, side by side with
# `find | xargs openssl dgst -sha256` and coreutils sha256sum (targets.md).
# Medians of RUNS runs each, warm page cache. Usage: bench/sbom-tree.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
TREE="${BENCH_TREE:-${TMPDIR:-/tmp}/attest-bench-tree}"
cargo build --release -q -p attest-cli
BIN="$PWD/target/release/attest"

if [ ! -f "$TREE/.complete" ]; then
  echo "preparing $TREE (20,000 files, 1 GiB)…" >&2
  rm -rf "$TREE"; mkdir -p "$TREE"
  python3 - "$TREE" <<'PY'
import os, sys, random
root = sys.argv[1]
rnd = random.Random(42)
total, n = 1 << 30, 20000
# Sizes vary (many small, some large) but add up to exactly 1 GiB.
weights = [rnd.paretovariate(1.5) for _ in range(n)]
scale = total / sum(weights)
sizes = [int(w * scale) for w in weights]
sizes[0] += total - sum(sizes)
block = os.urandom(1 << 20)
for i, size in enumerate(sizes):
    d = os.path.join(root, f"d{i % 100:02d}", f"e{i % 7}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i:05d}.bin"), "wb") as f:
        left = size
        while left > 0:
            k = min(left, len(block))
            f.write(block[:k]); left -= k
PY
  touch "$TREE/.complete"
fi
# Warm the page cache.
find "$TREE" -type f -print0 | xargs -0 cat > /dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_cmd() {
  for _ in $(seq "$RUNS"); do
    local s e
    s=$(date +%s.%N); bash -c "$1" > /dev/null 2>&1; e=$(date +%s.%N)
    echo "$e - $s" | bc -l
  done | median
}
A=$(time_cmd "'$BIN' sbom generate '$TREE' --name bench --version 1.0.0 -o - ")
O=$(time_cmd "find '$TREE' -type f -print0 | xargs -0 openssl dgst -sha256")
S=$(time_cmd "find '$TREE' -type f -print0 | xargs -0 sha256sum")
printf '%-46s %8s %10s %8s\n' "command (1 GiB, 20,000 files, median of $RUNS)" "seconds" "GB/s" "vs attest"
for row in "attest sbom generate:$A" "find | xargs openssl dgst -sha256:$O" "find | xargs sha256sum:$S"; do
  name="${row%%:*}"; t="${row##*:}"
  printf '%-46s %8.3f %10.2f %8.2fx\n' "$name" "$t" "$(echo "1.073741824 / $t" | bc -l)" "$(echo "$t / $A" | bc -l)"
done
