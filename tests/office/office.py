"""Helpers for tests/office/run.sh (the workbooks the CLI writes, opened in LibreOffice).

  python3 office.py inputs SOURCE.csv OUTDIR   hostile-name lists made from a clean roster
  python3 office.py fill LEDGER.xlsx OUT.xlsx  fill in a ledger's 联系结果 column (needs openpyxl)
  python3 office.py check MANIFEST CSVDIR      check every workbook of the manifest

Only the standard library, except `fill`.
"""

import csv
import glob
import os
import re
import sys
import zipfile
from xml.parsers import expat

# ---------------------------------------------------------------------------- inputs

FORMULA = '=HYPERLINK("http://example.invalid/","y")'
LONG = "很长的村名" * 7  # 35 characters; two 40-character villages differing at the 37th
# (case, [(township, village)], expected cell texts in the ledger)
CASES = [
    ("ctrl-01", [("东风镇", "上\x01村")], []),
    ("ctrl-0b", [("东风镇", "下\x0b村")], []),
    ("ctrl-1f", [("东风镇", "\x1f尾村")], []),
    ("apostrophes", [("东风镇", "'''")], ["'''"]),
    ("apostrophes-township", [("'''", "前村")], ["'''"]),
    # A sheet name of apostrophes alone (no township; both): Excel forbids a leading or
    # trailing one, and trimming them leaves nothing.
    ("apostrophes-only", [("", "'''"), ("'''", "'''")], ["'''"]),
    ("brackets", [("东风镇", "村[1]:*?/\\")], ["村[1]:*?/\\"]),
    ("long40", [("东风镇", LONG + "第一小组村"), ("东风镇", LONG + "第二小组村")],
     [LONG + "第一小组村", LONG + "第二小组村"]),
    ("case", [("东风镇", "Village A"), ("东风镇", "village a")], ["Village A", "village a"]),
    ("formula", [("东风镇", FORMULA), ("=1+1", "西村")], [FORMULA, "=1+1"]),
    ("emoji", [("东风镇", "🐉村👨‍👩‍👧")], ["🐉村👨‍👩‍👧"]),
    ("tab-name", [("东风镇", "西村")], []),
]


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def inputs(source, outdir):
    """For each case (and all of them together): NAME-base.csv (last year's enrollment, or
    the registry), NAME-this.csv (this year's: a third of the people) and NAME-prev.csv (the
    base list with other statuses, as a previous roster); NAME.expect, the texts some cell
    of its workbooks must show, NUL-separated (all-places.expect: the townships and villages
    alone, for progress reports); cases, the names of the cases."""
    with open(source, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    header, people = table[0], table[1:]
    col = {h: i for i, h in enumerate(header)}
    town, village, name, status = col["乡镇"], col["村（社区）"], col["姓名"], col["参保状态"]
    nxt = iter(people)
    everything = {"base": [], "this": [], "prev": []}
    expect = []
    for case, places, texts in CASES:
        base = []
        for t, v in places:
            for _ in range(3):
                r = list(next(nxt))
                r[town], r[village] = t, v
                base.append(r)
        if case == "formula":
            base[1][name] = "@SUM(1+1)"
            texts = texts + ["@SUM(1+1)"]
        if case == "tab-name":
            # The same person again (same ID), the name with a tab inside.
            again = list(base[1])
            again[name] = again[name][:1] + "\t" + again[name][1:]
            base.append(again)
        this = base[::3]  # base[1] stays in the ledger
        prev = [list(r) for r in base]
        for i, r in enumerate(prev):
            r[status] = "未参保" if i % 2 else "已参保"
        for part, rows in (("base", base), ("this", this), ("prev", prev)):
            write_csv(os.path.join(outdir, f"{case}-{part}.csv"), header, rows)
            everything[part] += rows
        expect.append((case, texts))
    for part, rows in everything.items():
        write_csv(os.path.join(outdir, f"all-{part}.csv"), header, rows)
    with open(os.path.join(outdir, "cases"), "w", encoding="utf-8") as f:
        f.write("".join(case + "\n" for case, _ in expect))
    every = [t for _, texts in expect for t in texts]
    expect.append(("all", every))
    expect.append(("all-places", [t for t in every if t != "@SUM(1+1)"]))
    for case, texts in expect:
        with open(os.path.join(outdir, case + ".expect"), "w", encoding="utf-8") as f:
            f.write("".join(t + "\0" for t in texts))


# ---------------------------------------------------------------------------- fill

def fill(src, dst):
    """What a village does: fill in 联系结果 (and some 剔除原因, 预计缴费日期) on every
    village sheet, leaving some rows blank."""
    import datetime
    import openpyxl

    answers = ["已缴费", "承诺缴费", "拒绝缴费", "联系不上", "省外参保", "职工医保", None, "已缴费"]
    wb = openpyxl.load_workbook(src)
    filled = 0
    for ws in wb.worksheets:
        head = [c.value for c in ws[1]]
        if "联系结果" not in head:
            continue
        result = head.index("联系结果") + 1
        reason = head.index("剔除原因") + 1
        date = head.index("预计缴费日期") + 1
        for i, row in enumerate(range(2, ws.max_row + 1)):
            answer = answers[(i + row) % len(answers)]
            if answer:
                ws.cell(row=row, column=result, value=answer)
                filled += 1
            if answer == "承诺缴费":
                ws.cell(row=row, column=date, value=datetime.date(2025, 12, 20))
            if (i + row) % 13 == 0:
                ws.cell(row=row, column=reason, value="死亡")
    wb.save(dst)
    print(f"{dst}: {filled} contact results filled in")


# ---------------------------------------------------------------------------- check

CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_problems(path):
    """Every XML part of the package must be well-formed (what LibreOffice and Excel need;
    a raw control character is the usual culprit). Returns (problems, sheet names)."""
    problems, sheets = [], None
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        return [f"not a zip package: {e}"], None
    for part in z.namelist():
        if not part.endswith((".xml", ".rels", ".vml")):
            continue
        data = z.read(part)
        names = []
        p = expat.ParserCreate()
        if part == "xl/workbook.xml":
            p.StartElementHandler = lambda tag, a: names.append(a.get("name")) if tag == "sheet" else None
        ok = True
        try:
            p.Parse(data, True)
        except expat.ExpatError as e:
            ok = False
            line = data.split(b"\n")[e.lineno - 1] if e.lineno else b""
            near = line[max(0, e.offset - 40): e.offset + 20].decode("utf-8", "replace")
            msg = f"{part}: {e} (near {near!r})"
            bad = CONTROL.search(data)
            if bad:
                at = bad.start()
                ctx = data[max(0, at - 30): at + 10].decode("utf-8", "replace")
                msg += f"; raw control character U+{bad.group()[0]:04X} at byte {at}: {ctx!r}"
            problems.append(msg)
        if part == "xl/workbook.xml":  # unparsable: count the sheets anyway
            sheets = names if ok else re.findall(rb"<sheet name=", data)
    return problems, sheets


def cells(csv_path):
    with open(csv_path, encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            yield from row


def check(manifest, csvdir):
    """MANIFEST: one workbook a line: key, label, path, then the texts some cell must
    contain, tab-separated; LibreOffice's CSVs are CSVDIR/KEY.csv or CSVDIR/KEY-SHEET.csv
    (one per sheet); CSVDIR/KEY.error has what LibreOffice said when it wrote none."""
    passed = failed = 0
    with open(manifest, encoding="utf-8") as f:
        entries = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for key, label, path, *texts in entries:
        why = []
        if not os.path.exists(path):
            err = path + ".cli-error"
            said = open(err, encoding="utf-8").read().strip() if os.path.exists(err) else ""
            why.append(f"the CLI wrote no workbook: {said}")
        else:
            problems, sheets = xml_problems(path)
            why += [f"XML: {p}" for p in problems]
            outs = sorted(glob.glob(os.path.join(csvdir, glob.escape(key) + ".csv"))
                          + glob.glob(os.path.join(csvdir, glob.escape(key) + "-*.csv")))
            if not outs:
                err = os.path.join(csvdir, key + ".error")
                said = open(err, encoding="utf-8").read().strip() if os.path.exists(err) else ""
                said = " | ".join(l for l in said.splitlines() if "javaldx" not in l)
                why.append(f"LibreOffice wrote nothing: {said or '(no message)'}")
            else:
                empty = [os.path.basename(o) for o in outs if os.path.getsize(o) == 0]
                if empty:
                    why.append(f"LibreOffice wrote empty sheets: {', '.join(empty)}")
                if sheets is not None and len(outs) != len(sheets):
                    why.append(f"LibreOffice exported {len(outs)} sheets of the {len(sheets)} in the workbook")
                found = set()
                for o in outs:
                    for c in cells(o):
                        for t in texts:
                            if t in c:
                                found.add(t)
                missing = [t for t in texts if t not in found]
                if missing:
                    why.append("no cell has " + ", ".join(repr(t) for t in missing))
        if why:
            failed += 1
            print(f"FAIL {label} ({os.path.basename(path)})")
            for w in why:
                print(f"       {w}")
        else:
            passed += 1
            n = len(outs)
            print(f"ok   {label} ({os.path.basename(path)}): {n} sheet{'s' * (n != 1)} loaded")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "inputs":
        inputs(*args)
    elif cmd == "fill":
        fill(*args)
    elif cmd == "check":
        sys.exit(check(*args))
    else:
        sys.exit(__doc__)
