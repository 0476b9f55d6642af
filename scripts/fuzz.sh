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
        # Modes 8 and 9 compare the two .xlsx readers. The skeleton holds five shared strings:
        # the sample's sheet is cut to 150 rows and its string indices taken modulo 4.
        if command -v perl >/dev/null 2>&1; then
            { printf '\010'; unzip -p "$f" xl/worksheets/sheet1.xml | perl -0pe '
                s{(t="s"[^>]*><v>)(\d+)(</v>)}{$1 . ($2 % 4) . $3}ge;
                my $rows = 0;
                s{</row>}{++$rows == 150 ? "</row></sheetData></worksheet>\0" : "</row>"}ge;
                s{\0.*}{}s'; } >"$corpus/seed-compare-sheet-$n" || true
        fi
        { printf '\011'; unzip -p "$f" xl/sharedStrings.xml; } >"$corpus/seed-compare-strings-$n" || true
        { printf '\012'; unzip -p "$f" xl/styles.xml; } >"$corpus/seed-compare-styles-$n" || true
        { printf '\013'; unzip -p "$f" xl/workbook.xml; } >"$corpus/seed-compare-workbook-$n" || true
    fi
    n=$((n + 1))
done
# And by hand, what exports seldom hold: rich text, phonetic runs, entities, Excel's escapes,
# cells without references, every cell type (style 1 of the skeleton is a date).
ns='xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
{
    printf '\010<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    printf '<worksheet %s><dimension ref="A1:F4"/><sheetData>' "$ns"
    printf '<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    printf '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
    printf '<row r="2"><c r="A2" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve"> a&amp;b </t></r>'
    printf '<rPh sb="0" eb="1"><t>ふり</t></rPh><phoneticPr fontId="1"/></is></c>'
    printf '<c r="B2" s="1"><v>45467.4375</v></c><c t="str"><f>A1</f><v>x_x000D_y&#13;&#x4E2D;\r\nz</v></c>'
    printf '<c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c t="d"><v>2024-06-24T10:23:00</v></c></row>'
    printf '<row><c><v>-1.5E-3</v></c><c r="C3" s="1"/><c r="E3"><v/></c><c><f t="shared" si="0"/><v>2</v></c></row>'
    printf '<row r="9"/><row><c t="inlineStr"><v>1</v><is><t>_xD83D__xDE00__x005F_x000D_</t></is></c></row>'
    printf '</sheetData></worksheet>'
} >"$corpus/seed-compare-sheet-features"
{
    printf '\011<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    printf '<sst %s count="5" uniqueCount="5"><si><t>工单编号</t></si>' "$ns"
    printf '<si><t xml:space="preserve"> 来电\r\n时间 </t></si>'
    printf '<si><r><rPr><b/><sz val="11"/></rPr><t>诉求</t></r><r><t xml:space="preserve">内容 &amp; &lt;x&gt; &#20013;</t></r>'
    printf '<rPh sb="0" eb="2"><t>そきゅう</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>'
    printf '<si><t>办理_x000D_&#13;\r情况_xD83D__xDE00_ _xD800_</t><t/></si><si><t/></si></sst>'
} >"$corpus/seed-compare-strings-features"
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
