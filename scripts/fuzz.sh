#!/usr/bin/env bash
# Fuzzes ingest for a bounded time: scripts/fuzz.sh [SECONDS] (default 60).
#
# Safe to call from CI: installs cargo-fuzz when missing, runs on a stable toolchain (libFuzzer
# needs nightly flags; RUSTC_BOOTSTRAP=1 allows them), seeds the corpus from samples/, and exits
# non-zero when libFuzzer finds a panic, a crash, an input slower than 10 s or one needing more
# than 2 GB. A finding is saved under fuzz/artifacts/ingest/; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run ingest fuzz/artifacts/ingest/<file>   (from fuzz/)
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

corpus="$root/fuzz/corpus/ingest"
mkdir -p "$corpus"
# Seeds: the mode byte of fuzz_targets/ingest.rs, then a sample export.
n=0
for f in "$root"/samples/*.xlsx; do
    { printf '\000'; cat "$f"; } >"$corpus/seed-xlsx-$n"
    if command -v unzip >/dev/null 2>&1; then
        { printf '\007'; unzip -p "$f" xl/worksheets/sheet1.xml; } >"$corpus/seed-sheet-$n" || true
    fi
    n=$((n + 1))
done
for f in "$root"/samples/*.csv; do
    { printf '\005'; head -c 65536 "$f"; } >"$corpus/seed-csv-$n"
    n=$((n + 1))
done

# Builds with sanitizer flags go to their own folder, never over the ordinary ones.
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
    export CARGO_TARGET_DIR="$CARGO_TARGET_DIR/fuzz"
fi
export RUSTC_BOOTSTRAP=1
cd "$root/fuzz"
exec cargo fuzz run ingest "$corpus" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1
