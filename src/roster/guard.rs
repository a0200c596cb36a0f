//! Checks a workbook's structure before calamine reads it, so that what the file *claims*
//! (sizes, counts, positions, chains of sectors) cannot make the reader allocate without
//! bound, loop forever or index out of range.
//!
//! - `.xlsx`: every part of the zip is unpacked once as a stream (nothing kept) to measure it
//!   as it really is, not as the zip's directory declares it: the unpacked total, the
//!   shared-string table (held whole by the reader) and the longest run of text between two
//!   pieces of markup (the XML reader buffers a run whole) stay within [`LIMITS`](super::limits::LIMITS).
//! - `.xls`: the compound-file container (header, DIFAT, FAT, directory, mini stream; [MS-CFB])
//!   is walked with every sector number in range and every chain finite, then the workbook
//!   stream's records ([MS-XLS] 2.1.4) are scanned for the sheets' positions, declared
//!   dimensions and cell positions, so that the dense ranges the reader builds for every sheet
//!   stay within [`LIMITS`](super::limits::LIMITS).
//!
//! A check that fails gives `unreadable_workbook` (a damaged file) or `too_large`.

use std::io::{Cursor, Read};

use super::limits::{Limits, What};
use super::read::unreadable;
use super::RosterError;

/// Checks an `.xlsx` package (see the module docs).
pub fn check_xlsx(bytes: &[u8]) -> Result<(), RosterError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(unreadable)?;
        let strings = part.name().ends_with("sharedStrings.xml");
        let (mut size, mut run) = (0u64, 0usize);
        loop {
            let n = part.read(&mut buf).map_err(unreadable)?;
            if n == 0 {
                break;
            }
            let chunk = &buf[..n];
            size += n as u64;
            total += n as u64;
            Limits::check(What::PartBytes, total, None)?;
            if strings {
                Limits::check(What::SharedStrings, size, None)?;
            }
            // Runs inside one chunk are shorter than the limit; only a run across chunks can
            // grow past it.
            match memchr::memchr2(b'<', b'>', chunk) {
                None => run += n,
                Some(first) => {
                    Limits::check(What::XmlRun, (run + first) as u64, None)?;
                    let last = memchr::memrchr2(b'<', b'>', chunk).unwrap_or(first);
                    run = n - last - 1;
                }
            }
            Limits::check(What::XmlRun, run as u64, None)?;
        }
    }
    Ok(())
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
const DIF_SECT: u32 = 0xFFFF_FFFC;

/// The compound file as the reader sees it: sectors after the header, numbered from 0.
struct Cfb<'a> {
    bytes: &'a [u8],
    size: usize,
    /// The highest sector number the reader accepts.
    max_id: u32,
}

impl<'a> Cfb<'a> {
    fn sector(&self, id: u32) -> Result<&'a [u8], RosterError> {
        if id > self.max_id {
            return Err(unreadable("sector beyond the end of the file"));
        }
        let start = self.size + id as usize * self.size;
        if start > self.bytes.len() {
            return Err(unreadable("sector beyond the end of the file"));
        }
        let end = (start + self.size).min(self.bytes.len());
        Ok(&self.bytes[start..end])
    }

    /// The bytes of the chain from `start` (at most `len` when `len > 0`), following `fat`.
    fn chain(&self, start: u32, fat: &[u32], len: usize) -> Result<Vec<u8>, RosterError> {
        if len > self.bytes.len() {
            return Err(unreadable("a stream longer than the file"));
        }
        follow(start, fat, len, |id| self.sector(id))
    }
}

/// The bytes of a chain of sectors from `start`, each read by `sector`, the next one's number
/// from `fat`: every number in range, at most one visit per sector (a loop is damage), cut to
/// `len` bytes when `len > 0`.
fn follow<'a>(
    start: u32,
    fat: &[u32],
    len: usize,
    sector: impl Fn(u32) -> Result<&'a [u8], RosterError>,
) -> Result<Vec<u8>, RosterError> {
    let mut out = Vec::new();
    let (mut id, mut steps) = (start, 0usize);
    while id != END_OF_CHAIN {
        steps += 1;
        if steps > fat.len() + 1 || id as usize >= fat.len() {
            return Err(unreadable("a broken chain of sectors"));
        }
        out.extend_from_slice(sector(id)?);
        id = fat[id as usize];
    }
    if len > 0 {
        out.truncate(len);
    }
    Ok(out)
}

fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The workbook stream of an `.xls` file, its container checked.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, RosterError> {
    let head = bytes
        .get(..512)
        .ok_or_else(|| unreadable("file too short"))?;
    let field = |at: usize| u32_at(head, at).unwrap_or(0);
    let size = match u16_at(head, 30) {
        Some(9) => 512usize,
        Some(12) => 4096,
        _ => return Err(unreadable("bad sector size")),
    };
    if u16_at(head, 32) != Some(6) {
        return Err(unreadable("bad mini sector size"));
    }
    let cfb = Cfb {
        bytes,
        size,
        max_id: (bytes.len() / size) as u32,
    };
    let sectors = bytes.len() / size + 1;
    let (dir_len, fat_len, dir_start) = (field(40), field(44), field(48));
    let (mini_fat_start, mini_fat_len, difat_start) = (field(60), field(64), field(68));
    // The reader reserves room for the FAT's length as declared: it must be possible in a
    // file of this size. It also reserves room for a "DIFAT length" that calamine 0.32 reads
    // from bytes 62..66 (the DIFAT length is at 72..76): the mini FAT's start and length
    // mixed, 0xFFFF plus the mini FAT's sectors × 65,536 in an ordinary file. Bounded here
    // to 16 Mi entries (64 MB): a mini FAT of 256 sectors or more, which no workbook needs.
    if fat_len as usize > sectors || field(62) >= 1 << 24 {
        return Err(unreadable("a declared count beyond the file"));
    }
    for declared in [dir_len, mini_fat_len] {
        if (declared as usize).saturating_mul(size) > bytes.len() {
            return Err(unreadable("a declared length beyond the file"));
        }
    }
    // DIFAT: 109 entries in the header, then a chain of DIFAT sectors (each ends with the next
    // one's number).
    let mut difat: Vec<u32> = words(&head[76..512]).collect();
    let (mut id, mut steps) = (difat_start, 0usize);
    while id < RESERVED {
        steps += 1;
        if steps > sectors {
            return Err(unreadable("a looping DIFAT chain"));
        }
        difat.extend(words(cfb.sector(id)?));
        id = difat.pop().unwrap_or(END_OF_CHAIN);
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIF_SECT).collect();
    if fat_sectors.len() > sectors {
        return Err(unreadable("more FAT sectors than the file has"));
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        fat.extend(words(cfb.sector(id)?));
    }
    let dirs = cfb.chain(dir_start, &fat, dir_len as usize * size)?;
    if dirs.is_empty() || dirs.len() % 128 != 0 {
        return Err(unreadable("a damaged directory"));
    }
    // Directory entries: name (UTF-16, 64 bytes), start sector at 116, size at 120.
    let entry = |d: &[u8]| -> Result<(String, u32, usize), RosterError> {
        let name: Vec<u16> = d[..64]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|u| *u != 0)
            .collect();
        let start = u32_at(d, 116).unwrap_or(END_OF_CHAIN);
        let len = if size == 512 {
            u32_at(d, 120).unwrap_or(0) as u64
        } else {
            u64::from_le_bytes(d[120..128].try_into().unwrap_or([0; 8]))
        };
        if len > bytes.len() as u64 {
            return Err(unreadable("a stream longer than the file"));
        }
        Ok((String::from_utf16_lossy(&name), start, len as usize))
    };
    let entries = dirs
        .chunks_exact(128)
        .map(entry)
        .collect::<Result<Vec<_>, _>>()?;
    let (_, root_start, root_len) = entries[0].clone();
    let (mini_fat, ministream) = if mini_fat_len > 0 {
        let ministream = cfb.chain(root_start, &fat, root_len)?;
        let mini_fat: Vec<u32> =
            words(&cfb.chain(mini_fat_start, &fat, mini_fat_len as usize * size)?).collect();
        (mini_fat, ministream)
    } else {
        (Vec::new(), Vec::new())
    };
    let Some((_, start, len)) = entries
        .iter()
        .find(|e| e.0 == "Workbook")
        .or_else(|| entries.iter().find(|e| e.0 == "Book"))
        .cloned()
    else {
        return Err(unreadable("no workbook stream"));
    };
    if len >= 4096 {
        return cfb.chain(start, &fat, len);
    }
    // A small stream lives in the mini stream, in 64-byte sectors.
    follow(start, &mini_fat, len, |id| {
        let from = id as usize * 64;
        if from >= ministream.len() {
            return Err(unreadable("a mini sector beyond the mini stream"));
        }
        Ok(&ministream[from..(from + 64).min(ministream.len())])
    })
}

/// The records of a BIFF stream from `at`: (type, data), continuation records left as they
/// are (they carry no cell positions).
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, at)?;
        let len = u16_at(stream, at + 2)? as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((typ, data))
    })
}

/// The rows × columns a sheet's range spans, from its cells' positions.
#[derive(Default)]
struct Span {
    min: Option<(u32, u32)>,
    max: (u32, u32),
    /// Cell records seen (a record may repeat a position: an upper bound of cells).
    records: usize,
}

impl Span {
    fn add(&mut self, row: u32, col: u32) -> Result<(), RosterError> {
        Limits::check(
            What::Columns,
            col as u64 + 1,
            Some((row as usize + 1, None)),
        )?;
        self.records += 1;
        let (r0, c0) = self.min.unwrap_or((row, col));
        self.min = Some((r0.min(row), c0.min(col)));
        self.max = (self.max.0.max(row), self.max.1.max(col));
        Ok(())
    }
    fn cells(&self) -> u64 {
        self.min.map_or(0, |(r0, c0)| {
            (self.max.0 - r0 + 1) as u64 * (self.max.1 - c0 + 1) as u64
        })
    }
}

/// Checks an `.xls` workbook (see the module docs).
pub fn check_xls(bytes: &[u8]) -> Result<(), RosterError> {
    let stream = workbook_stream(bytes)?;
    // Sheets' positions in the stream, from the globals' BoundSheet8 records.
    let mut sheets = Vec::new();
    for (typ, data) in records(&stream, 0) {
        match typ {
            0x0085 => {
                if data.len() < 6 {
                    return Err(unreadable("a damaged sheet record"));
                }
                sheets.push(u32_at(data, 0).unwrap_or(0) as usize);
            }
            0x000A => break,
            _ => {}
        }
        // Records the reader reads fixed fields of without checking their length.
        let short = match typ {
            0x002F | 0x0042 | 0x0022 | 0x041E => data.len() < 2,
            0x0809 | 0x00E0 => data.len() < 4,
            0x0018 => data.len() < 14 || u16_at(data, 4).unwrap_or(0) as usize > data.len() - 14,
            0x0017 => {
                let n = u16_at(data, 0).map_or(0, usize::from);
                data.len() < 2 || data[2..].chunks(6).take(n).any(|c| c.len() < 6)
            }
            _ => false,
        };
        if short {
            return Err(unreadable("a damaged record"));
        }
    }
    let mut total = 0u64;
    for pos in sheets {
        if pos > stream.len() {
            return Err(unreadable("a sheet beyond the end of the stream"));
        }
        let (mut cells, mut formulas) = (Span::default(), Span::default());
        for (typ, data) in records(&stream, pos) {
            let at = |i: usize| u16_at(data, i).map(u32::from);
            match typ {
                // Dimensions: the reader reserves rows × columns as declared.
                0x0200 => {
                    let (rf, rl, cf, cl) = match data.len() {
                        10 => (at(0), at(2), at(4), at(6)),
                        14 => (u32_at(data, 0), u32_at(data, 4), at(8), at(10)),
                        _ => continue,
                    };
                    let (rf, rl, cf, cl) = (
                        rf.unwrap_or(0) as i64,
                        rl.unwrap_or(0) as i64,
                        cf.unwrap_or(0) as i64,
                        cl.unwrap_or(0) as i64,
                    );
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    if rl >= 1 && cl >= 1 {
                        let (rows, cols) = (rl - 1 - rf + 1, cl - 1 - cf + 1);
                        if rows < 0 || cols < 0 {
                            return Err(unreadable("damaged sheet dimensions"));
                        }
                        Limits::check(
                            What::Cells,
                            (rows as u64).saturating_mul(cols as u64),
                            None,
                        )?;
                    }
                }
                // Number, Label, BoolErr, Rk, LabelSst, Formula, RString (read by newer
                // calamine releases): row, column first.
                0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00D6 => {
                    let (Some(row), Some(col)) = (at(0), at(2)) else {
                        continue;
                    };
                    cells.add(row, col)?;
                    if typ == 0x0006 {
                        formulas.add(row, col)?;
                    }
                }
                // MulRk: row, first column, …, last column.
                0x00BD if data.len() >= 6 => {
                    let (Some(row), Some(first)) = (at(0), at(2)) else {
                        continue;
                    };
                    let last = at(data.len() - 2).unwrap_or(first);
                    cells.add(row, first)?;
                    cells.add(row, last.max(first))?;
                }
                0x000A => break,
                _ => {}
            }
        }
        total = total.saturating_add(cells.cells() + formulas.cells());
        Limits::check(What::Cells, total, None)?;
        // The reader builds each sheet's range dense: as many cells as the records justify.
        for s in [&cells, &formulas] {
            Limits::check_span(s.records, s.cells())?;
        }
    }
    Ok(())
}
