#!/usr/bin/env bash
# Builds the samples' workbook and bulletin, then checks them as real readers do:
# the Office Open XML schema check (openxml-audit) finds nothing in either file, and
# LibreOffice turns the bulletin into a PDF of 2 to 5 pages whose text carries the key figures.
# Needs: python3 -m openxml_audit, soffice (libreoffice-writer-nogui), pdfinfo/pdftotext.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cargo run --quiet -- build --config samples/hotline.toml --week 2024-06-24 --out "$out" \
  samples/上周来电明细_2024-06-17至06-23.csv \
  samples/本周来电明细_2024-06-24至06-30.xlsx \
  samples/遗留工单状态_截至2024-07-01.xlsx > "$out/build.txt"

docx=$(find "$out" -name '*.docx')
xlsx=$(find "$out" -name '*.xlsx')
for f in "$docx" "$xlsx"; do
  echo "openxml-audit: $(basename "$f")"
  python3 -m openxml_audit --policy strict "$f"
done

soffice --headless --convert-to pdf --outdir "$out" "$docx" > /dev/null 2>&1
pdf="${docx%.docx}.pdf"
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
echo "bulletin pages in LibreOffice: $pages"
if [ "$pages" -lt 2 ] || [ "$pages" -gt 5 ]; then
  echo "FAIL: the bulletin should render on 2 to 5 pages" >&2
  exit 1
fi
text=$(pdftotext -layout "$pdf" - | tr -d ' ')
for needle in 819 11.73% 20.27% 77.41% 172 95 36 市住房和城乡建设局55件 其他单位56件 HX24062460370025 2024年7月1日印发; do
  if ! grep -qF -- "$needle" <<< "$text"; then
    echo "FAIL: the rendered bulletin does not show $needle" >&2
    exit 1
  fi
done
if grep -qE '1[3-9][0-9]{9}' <<< "$text"; then
  echo "FAIL: a phone number reached the rendered bulletin" >&2
  exit 1
fi
echo "rendered bulletin: $pages pages, key figures present, no phone numbers"
