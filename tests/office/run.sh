#!/usr/bin/env bash
# A real spreadsheet program as a test client: every kind of workbook the CLI writes (annotated
# roster, stock and increment ledgers, progress reports; zh and en; hostile township, village
# and person names) must open in LibreOffice (headless), show every sheet and the cells it
# should, and have only well-formed XML parts. Run by `make test-office` (part of `make test`);
# needs soffice (Debian's libreoffice-calc-nogui, installed by `make test-tools`) and python3.
# The files stay in target/office/ for a look after a failure. Closes with "N passed, M failed".
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/office
target=${CARGO_TARGET_DIR:-$root/target}
[[ $target = /* ]] || target=$root/$target
work=$target/office

soffice=$(command -v soffice || command -v libreoffice) || {
  echo "LibreOffice not found: make test-tools installs it (Debian's libreoffice-calc-nogui)" >&2
  exit 1
}

# The build users run.
(cd "$root" && cargo build --release --quiet --bin canbao)
canbao=$target/release/canbao

rm -rf "$work"
mkdir -p "$work"/{in,xlsx,convert,csv}
cd "$work"
preset=(--preset county-example-2024)
manifest=$work/manifest.tsv
: >"$manifest"
count=0

# workbook LABEL OUT.xlsx [EXPECTED-TEXT...] -- CANBAO-ARGS...
# Runs the CLI to write xlsx/OUT.xlsx and lists it in the manifest with the texts some cell of
# it must contain. A CLI failure is recorded (OUT.xlsx.cli-error) and fails that workbook.
workbook() {
  local label=$1 out=xlsx/$2 key
  shift 2
  local expect=()
  while [[ $1 != -- ]]; do expect+=("$1"); shift; done
  shift
  count=$((count + 1))
  key=$(printf 'w%02d' "$count")
  if "$canbao" "$@" -o "$out" >"$out.log" 2>&1; then
    cp "$out" "convert/$key.xlsx"
  else
    cp "$out.log" "$out.cli-error"
    rm -f "$out"
  fi
  {
    printf '%s\t%s\t%s' "$key" "$label" "$work/$out"
    for t in "${expect[@]}"; do printf '\t%s' "$t"; done
    printf '\n'
  } >>"$manifest"
}

# Rosters from the generator: 2000 people, 5% damaged; the same people at two dates.
"$canbao" gen-roster --rows 2000 --damaged 5 -o in/roster.csv >/dev/null 2>&1
"$canbao" gen-roster --rows 2000 --damaged 5 --seed 11 --insured 60 -o in/week1.csv >/dev/null 2>&1
"$canbao" gen-roster --rows 2000 --damaged 5 --seed 11 --insured 80 -o in/week2.csv >/dev/null 2>&1
# Hostile names (tests/office/office.py: CASES), on clean people of another seed.
"$canbao" gen-roster --rows 300 --damaged 0 --seed 5 -o in/people.csv >/dev/null 2>&1
python3 "$here/office.py" inputs in/people.csv in
# (a) annotated rosters
workbook "roster (zh)" roster-zh.xlsx 公民身份号码 核验状态 核验汇总 -- roster in/roster.csv "${preset[@]}" --lang zh
workbook "roster (en)" roster-en.xlsx 公民身份号码 Status Summary -- roster in/roster.csv "${preset[@]}" --lang en
mapfile -d '' -t all <in/all.expect
workbook "roster, hostile names" roster-hostile.xlsx 核验状态 "${all[@]}" -- roster in/all-base.csv "${preset[@]}"

# (b) ledgers
stock_zh=存量库台账（上年参保、本年未参保）
workbook "stock ledger (zh)" ledger-stock-zh.xlsx "$stock_zh" 身份证号码 联系结果 -- \
  ledger --kind stock in/week1.csv in/week2.csv "${preset[@]}" --lang zh
workbook "stock ledger (en)" ledger-stock-en.xlsx "Stock ledger" "ID number" "Contact result" -- \
  ledger --kind stock in/week1.csv in/week2.csv "${preset[@]}" --lang en
workbook "increment ledger (zh)" ledger-increment-zh.xlsx 增量库台账 身份证号码 -- \
  ledger --kind increment in/roster.csv in/week2.csv "${preset[@]}" --lang zh
workbook "increment ledger (en)" ledger-increment-en.xlsx "Increment ledger" "ID number" -- \
  ledger --kind increment in/roster.csv in/week2.csv "${preset[@]}" --lang en
while read -r case; do
  mapfile -d '' -t t <"in/$case.expect"
  workbook "stock ledger, hostile: $case" "ledger-$case.xlsx" "$stock_zh" 身份证号码 "${t[@]}" -- \
    ledger --kind stock "in/$case-base.csv" "in/$case-this.csv" "${preset[@]}"
done <in/cases
workbook "stock ledger, all hostile names" ledger-hostile-stock.xlsx "$stock_zh" "${all[@]}" -- \
  ledger --kind stock in/all-base.csv in/all-this.csv "${preset[@]}"
workbook "increment ledger (en), all hostile names" ledger-hostile-increment-en.xlsx "Increment ledger" "${all[@]}" -- \
  ledger --kind increment in/all-base.csv in/all-this.csv "${preset[@]}" --lang en

# (c) progress reports: from a ledger the villages filled in (openpyxl: importable, or in a
# venv under target/), with the unfilled ledger as the previous list; from rosters with a
# status column and a previous roster; from the hostile ones.
py=python3
if ! python3 -c 'import openpyxl' 2>/dev/null; then
  venv=$target/office-venv
  if ! "$venv/bin/python" -c 'import openpyxl' 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv" >/dev/null 2>&1 &&
      "$venv/bin/pip" install --quiet --disable-pip-version-check openpyxl >/dev/null 2>&1 || true
  fi
  py=$venv/bin/python
fi
filled=xlsx/ledger-stock-zh.xlsx
if [[ -f $filled ]] && "$py" "$here/office.py" fill "$filled" in/ledger-filled.xlsx; then
  filled=in/ledger-filled.xlsx
else
  echo "note: the ledger was not filled in (no openpyxl); progress from the blank ledger"
fi
workbook "progress from a filled ledger, checked against the ledger as built (zh)" progress-ledger-zh.xlsx 口径说明 参保率（%） 已填预计缴费日期 已用原始台账核验 -- \
  progress "$filled" --ledger xlsx/ledger-stock-zh.xlsx --previous xlsx/ledger-stock-zh.xlsx "${preset[@]}" --lang zh
workbook "progress from a filled ledger (en)" progress-ledger-en.xlsx "What the numbers count" "Coverage (%)" -- \
  progress "$filled" --previous xlsx/ledger-stock-zh.xlsx "${preset[@]}" --lang en
workbook "progress from rosters, --previous (zh)" progress-roster-zh.xlsx 口径说明 上期参保率（%） -- \
  progress in/week2.csv --previous in/week1.csv "${preset[@]}" --lang zh
workbook "progress from rosters, --previous (en)" progress-roster-en.xlsx "What the numbers count" "Previous (%)" -- \
  progress in/week2.csv --previous in/week1.csv "${preset[@]}" --lang en
mapfile -d '' -t places <in/all-places.expect
workbook "progress from a hostile-names roster, --previous" progress-hostile-roster.xlsx 口径说明 "${places[@]}" -- \
  progress in/all-base.csv --previous in/all-prev.csv "${preset[@]}"
workbook "progress from the hostile-names ledger, checked against itself as built" progress-hostile-ledger.xlsx 口径说明 "${places[@]}" -- \
  progress xlsx/ledger-hostile-stock.xlsx --ledger xlsx/ledger-hostile-stock.xlsx "${preset[@]}"

# Open them all in one LibreOffice run (its start-up is the slow part), every sheet to CSV,
# with a private profile; a file it could not load has no CSV: ask again alone, for the message.
filter='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'
office() {
  timeout -k 10 "$1" "$soffice" "-env:UserInstallation=file://$work/profile" --headless --norestore \
    --convert-to "$filter" --outdir csv "${@:2}"
}
shopt -s nullglob
office 150 convert/*.xlsx >soffice.log 2>&1 || echo "LibreOffice exited with $? (log: $work/soffice.log)"
for x in convert/*.xlsx; do
  key=$(basename "$x" .xlsx)
  out=(csv/"$key".cs[v] csv/"$key"-*.csv)
  if ((${#out[@]} == 0)); then
    office 60 "$x" >"csv/$key.error" 2>&1 || echo "LibreOffice exited with $?" >>"csv/$key.error"
  fi
done

python3 "$here/office.py" check "$manifest" csv
