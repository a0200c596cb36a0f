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
//!   stay within [`LIMITS`](super::limits::LIMITS). The reader builds every sheet at once,
//!   each use of a shared string a copy of it, and every formula as text: that text is
//!   bounded from above (shared-string lengths times their uses, inline strings, formulas
//!   token by token) against [`Limits::cell_text_bytes`] before it is read, and so are the
//!   bytes it moves building the formulas' text (it inserts spaces one at a time in front of
//!   what it has built) against [`Limits::formula_work_bytes`].
//!
//! A check that fails gives `unreadable_workbook` (a damaged file) or `too_large`.

use std::io::{Cursor, Read};

use super::limits::{Limits, TextBudget, What};
use super::unreadable;
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

/// The most text (UTF-8 bytes) calamine 0.32 builds from an `.xls` workbook's strings, known
/// from its globals: each shared string's, and the longest sheet and defined name's.
struct XlsText {
    /// Bytes per character at most: a UTF-16 code unit decodes to at most 3 bytes; in any
    /// other code page the reader decodes each character from two bytes, at most 3 each.
    per_char: u64,
    /// Each shared string's bound, in table order.
    sst: Vec<u64>,
    /// The longest sheet name's bound (or "#REF").
    sheet: u64,
    /// The longest defined name's bound (or "#REF!").
    name: u64,
}

impl XlsText {
    /// An `XLUnicodeString` (a 16-bit count, then flags and characters) at the start of
    /// `data`: the reader decodes the count's characters, at most as many as there are bytes.
    fn string(&self, data: &[u8]) -> u64 {
        let cch = u16_at(data, 0).map_or(0, usize::from);
        cch.min(data.len().saturating_sub(2)) as u64 * self.per_char
    }
}

/// A record and its CONTINUE records as calamine's reader walks them: bytes are read across
/// the breaks, and a string's characters carry on after a new flags byte.
struct Continued<'a> {
    data: &'a [u8],
    rest: std::slice::Iter<'a, &'a [u8]>,
}

impl<'a> Continued<'a> {
    fn next_part(&mut self) -> bool {
        match self.rest.next() {
            Some(d) => {
                self.data = d;
                true
            }
            None => false,
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], RosterError> {
        let (head, tail) = (self.data.get(..n), self.data.get(n..));
        match (head, tail) {
            (Some(h), Some(t)) => {
                self.data = t;
                Ok(h)
            }
            _ => Err(unreadable("a damaged shared-string table")),
        }
    }

    /// Skips `n` bytes across the breaks.
    fn skip(&mut self, mut n: usize) -> Result<(), RosterError> {
        while n > 0 {
            if self.data.is_empty() && !self.next_part() {
                return Err(unreadable("a damaged shared-string table"));
            }
            let k = n.min(self.data.len());
            self.data = &self.data[k..];
            n -= k;
        }
        Ok(())
    }

    /// `cch` characters (one byte each, two when `wide`), across the breaks.
    fn chars(&mut self, mut cch: usize, mut wide: bool) -> Result<(), RosterError> {
        while cch > 0 {
            let k = if wide {
                (self.data.len() / 2).min(cch)
            } else {
                self.data.len().min(cch)
            };
            self.data = &self.data[if wide { 2 * k } else { k }..];
            cch -= k;
            if cch > 0 {
                if !self.next_part() {
                    return Err(unreadable("a damaged shared-string table"));
                }
                wide = self.take(1)?[0] & 1 != 0;
            }
        }
        Ok(())
    }
}

/// The shared-string table ([MS-XLS] 2.4.265) walked as calamine 0.32 reads it: each
/// string's bound, `per_char` bytes a character. An error where the reader fails or panics
/// too (so that it then builds no cell at all).
fn sst_bounds(data: &[u8], parts: &[&[u8]], per_char: u64) -> Result<Vec<u64>, RosterError> {
    let data = data
        .get(8..)
        .ok_or_else(|| unreadable("a damaged shared-string table"))?;
    let mut r = Continued {
        data,
        rest: parts.iter(),
    };
    let mut out = Vec::new();
    while !r.data.is_empty() || r.next_part() {
        if r.data.is_empty() {
            out.push(0);
            continue;
        }
        let head = r.take(3)?;
        let (cch, flags) = (u16::from_le_bytes([head[0], head[1]]) as usize, head[2]);
        let runs = if flags & 0x8 != 0 {
            let b = r.take(2)?;
            u16::from_le_bytes([b[0], b[1]]) as usize
        } else {
            0
        };
        let ext = if flags & 0x4 != 0 {
            let b = r.take(4)?;
            // The reader takes a negative length as a huge one: damage either way.
            usize::try_from(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .map_err(|_| unreadable("a damaged shared-string table"))?
        } else {
            0
        };
        r.chars(cch, flags & 0x1 != 0)?;
        r.skip(runs * 4)?;
        r.skip(ext)?;
        out.push(cch as u64 * per_char);
    }
    Ok(out)
}

/// What calamine 0.32 does, at one token of a formula, with the text it has built so far
/// ([`formula_bound`]).
#[derive(Clone, Copy)]
enum Step {
    /// Nothing, or text appended at the end.
    Append,
    /// A new operand: where it starts is pushed on the reader's stack, its text appended.
    Operand,
    /// Characters inserted one at a time in front of the last operand, its text moved along
    /// each time: a unary sign, an opening bracket, spaces.
    Insert(u64),
    /// A binary operator: the last operand's text split off and written back after the
    /// operator; the operand popped.
    Binary,
    /// `SUM(…)` around the last operand: its text split off and written back.
    Sum,
    /// A function of this many arguments (`None`: as many as the reader's own table says):
    /// the arguments' text, from the first one's start, split off and written back.
    Function(Option<usize>),
}

/// One formula's bounds ([`formula_bound`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FormulaBound {
    /// The most bytes of its text.
    text: u64,
    /// The most bytes the reader moves or copies building it ([`Limits::formula_work_bytes`]).
    work: u64,
}

/// The most bytes calamine 0.32 writes as the text of one formula (its parsed expression,
/// `rgce`), token by token as its parser reads them: sheet and defined names at their
/// longest, numbers at their longest decimal form. A token it does not know ends the formula
/// (the reader then keeps a message instead); at a token cut short the reader stops (it
/// panics: the file is unreadable).
///
/// And the most bytes it moves doing so: its stack of where each operand starts is followed
/// (in `stack`, a scratch buffer), and an insertion in front of an operand or a copy of it
/// costs the text from there to the end. Where the reader's table decides a function's
/// arguments, or where an operand is missing (the reader would stop), the text is taken
/// whole from the start: an operand's text never shorter than the reader's.
fn formula_bound(rgce: &[u8], t: &XlsText, stack: &mut Vec<u64>) -> FormulaBound {
    // "Unrecognised formula for cell (row, column): <the error>".
    const MESSAGE: u64 = 160;
    // An f64 in Rust's decimal form: at most 309 digits, or "0." and 324 more.
    const NUMBER: u64 = 330;
    // The longest function name in the reader's table is 18 characters, then "(" and ")".
    const FUNCTION: u64 = 20;
    let byte = |i: usize| rgce.get(i).copied();
    // A token the reader does not know: it stops there, and keeps a message instead.
    let unknown = |text: u64, work: u64| FormulaBound {
        text: text + MESSAGE,
        work,
    };
    // Commas between a function's arguments: one at most per token of the formula.
    let mut out = rgce.len() as u64;
    // The text built so far (commas counted where they are written; its operands' starts are
    // in `stack`), the operands pushed so far (a function takes at most as many, so writes
    // fewer commas), and the bytes moved.
    let (mut len, mut pushed, mut work) = (0u64, 0u64, 0u64);
    stack.clear();
    let mut at = 0;
    while let Some(ptg) = byte(at) {
        at += 1;
        let operand = |size: usize, text: u64| (size, text, Step::Operand);
        let (size, text, step) = match ptg {
            0x3a | 0x5a | 0x7a => operand(6, t.sheet + 16),
            0x3b | 0x5b | 0x7b => operand(10, t.sheet + 26),
            0x3c | 0x5c | 0x7c => operand(6, t.sheet + 6),
            0x3d | 0x5d | 0x7d => operand(10, t.sheet + 6),
            0x01 => operand(4, 0),
            0x03..=0x11 => (0, 2, Step::Binary),
            0x12 | 0x13 => (0, 1, Step::Insert(1)),
            0x14 => (0, 1, Step::Append),
            0x15 => (0, 2, Step::Insert(1)),
            0x16 => operand(0, 0),
            0x17 => {
                let cch = byte(at).map_or(0, usize::from);
                operand(2 + cch, 2 + cch as u64 * t.per_char)
            }
            0x18 => (5, 0, Step::Append),
            0x19 => match byte(at) {
                Some(0x01 | 0x02 | 0x08 | 0x20 | 0x21) => (3, 0, Step::Append),
                Some(0x04) => {
                    let n = u16_at(rgce, at + 1).map_or(0, usize::from) + 1;
                    (3 + 2 * n, 0, Step::Append)
                }
                Some(0x10) => (3, 5, Step::Sum),
                Some(0x40 | 0x41) => {
                    let n = byte(at + 2).map_or(0, u64::from);
                    (3, n, Step::Insert(n))
                }
                Some(_) => return unknown(out, work),
                None => (1, 0, Step::Append),
            },
            0x1C => operand(1, 13),
            0x1D => operand(1, 5),
            0x1E => operand(2, 5),
            0x1F => operand(8, NUMBER),
            0x20 | 0x40 | 0x60 => operand(7, 10),
            0x21 | 0x41 | 0x61 => (2, FUNCTION, Step::Function(None)),
            0x22 | 0x42 | 0x62 => {
                let argc = byte(at).map_or(0, usize::from);
                (3, FUNCTION, Step::Function(Some(argc)))
            }
            0x23 | 0x43 | 0x63 => operand(4, t.name),
            0x24 | 0x44 | 0x64 => operand(4, 12),
            0x25 | 0x45 | 0x65 => operand(8, 24),
            0x2A | 0x4A | 0x6A => operand(4, 5),
            0x2B | 0x4B | 0x6B => operand(8, 5),
            0x39 | 0x59 => operand(6, 10),
            _ => return unknown(out, work),
        };
        if at + size > rgce.len() {
            return FormulaBound { text: out, work };
        }
        at += size;
        out += text;
        // The text from the start of the operand `depth` below the top to the end.
        let tail = |stack: &[u64], depth: usize| {
            len - stack.len().checked_sub(depth + 1).map_or(0, |i| stack[i])
        };
        let mut commas = 0;
        match step {
            Step::Append => {}
            Step::Operand => {
                stack.push(len);
                pushed += 1;
            }
            // Each character moves the text after the operand's start, one more each time.
            Step::Insert(n) => {
                work = work.saturating_add(n * tail(stack, 0) + n * n.saturating_sub(1) / 2);
            }
            Step::Binary => {
                work = work.saturating_add(2 * tail(stack, 0));
                stack.pop();
            }
            Step::Sum => work = work.saturating_add(2 * tail(stack, 0)),
            Step::Function(Some(0)) => {
                stack.push(len);
                pushed += 1;
            }
            Step::Function(Some(argc)) => {
                work = work.saturating_add(2 * tail(stack, argc - 1));
                // The first argument's start stays, now the function's.
                match stack.len().checked_sub(argc) {
                    Some(keep) => stack.truncate(keep + 1),
                    None => stack.clear(),
                }
                commas = argc as u64 - 1;
            }
            // Its arguments unknown here: from the start, and every operand below taken as
            // starting there too.
            Step::Function(None) => {
                work = work.saturating_add(2 * len);
                stack.clear();
                pushed += 1;
                commas = pushed.min(255);
            }
        }
        len += text + commas;
    }
    FormulaBound { text: out, work }
}

/// The globals' string bounds ([`XlsText`]): code pages, sheet and defined names, and the
/// last shared-string table (the one the reader keeps).
fn xls_text(globals: &[(u16, &[u8])]) -> XlsText {
    let utf16_only = globals
        .iter()
        .filter(|(typ, _)| *typ == 0x0042)
        .all(|(_, d)| u16_at(d, 0) == Some(1200));
    let per_char = if utf16_only { 3 } else { 6 };
    let mut t = XlsText {
        per_char,
        sst: Vec::new(),
        sheet: 4,
        name: 5,
    };
    for (i, &(typ, data)) in globals.iter().enumerate() {
        match typ {
            0x0085 => {
                let cch = data.get(6).map_or(0, |&c| u64::from(c));
                t.sheet = t.sheet.max(cch * per_char);
            }
            0x0018 => {
                let cch = data.get(3).map_or(0, |&c| u64::from(c));
                t.name = t.name.max(cch * per_char);
            }
            0x00FC => {
                let parts: Vec<&[u8]> = globals[i + 1..]
                    .iter()
                    .take_while(|(typ, _)| *typ == 0x003C)
                    .map(|&(_, d)| d)
                    .collect();
                // A table the reader cannot read fails the whole workbook (an error, or a
                // panic caught as `unreadable_workbook`): no cell uses it. The reader's own
                // failure is left to report it.
                t.sst = sst_bounds(data, &parts, per_char).unwrap_or_default();
            }
            _ => {}
        }
    }
    t
}

/// Checks an `.xls` workbook (see the module docs).
pub fn check_xls(bytes: &[u8]) -> Result<(), RosterError> {
    let stream = workbook_stream(bytes)?;
    // Sheets' positions in the stream, from the globals' BoundSheet8 records.
    let mut sheets = Vec::new();
    let mut globals = Vec::new();
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
        globals.push((typ, data));
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
    let strings = xls_text(&globals);
    let mut text = TextBudget::default();
    // Bytes moved building the formulas' text, and a stack for the walk.
    let (mut work, mut stack) = (0u64, Vec::new());
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
                    let place = Some((row as usize + 1, Some(col as usize + 1)));
                    let bytes = match typ {
                        // LabelSst: a copy of the shared string at every use.
                        0x00FD => u32_at(data, 6)
                            .and_then(|i| strings.sst.get(i as usize).copied())
                            .unwrap_or(0),
                        0x0204 | 0x00D6 => strings.string(data.get(6..).unwrap_or_default()),
                        // Formula: its expression as text (the reader's formula range), and
                        // the bytes moved building it. One cut short makes the reader panic:
                        // it builds nothing.
                        0x0006 => {
                            let Some(rgce) =
                                u16_at(data, 20).and_then(|cce| data.get(22..22 + cce as usize))
                            else {
                                continue;
                            };
                            let b = formula_bound(rgce, &strings, &mut stack);
                            work = work.saturating_add(b.work);
                            Limits::check(What::FormulaWork, work, place)?;
                            b.text
                        }
                        _ => 0,
                    };
                    text.take(bytes, place)?;
                }
                // String: a formula's text result.
                0x0207 => text.take(strings.string(data), None)?,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_are_walked_across_continue_records() {
        // Two strings: "abc" (compressed), then five characters with formatting runs and a
        // phonetic block, broken after two characters; the rest wide (a new flags byte).
        let mut first = vec![0u8; 8];
        first.extend_from_slice(&[3, 0, 0, b'a', b'b', b'c']);
        first.extend_from_slice(&[5, 0, 0x0C, 1, 0, 2, 0, 0, 0, b'd', b'e']);
        let second: &[u8] = &[1, b'f', 0, b'g', 0, b'h', 0, 1, 2, 3, 4, 9, 9];
        assert_eq!(sst_bounds(&first, &[second], 3), Ok(vec![9, 15]));
        // Cut short: the reader fails, and so does the walk.
        assert!(sst_bounds(&first, &[&second[..4]], 3).is_err());
        assert!(sst_bounds(&first, &[], 3).is_err());
        assert!(sst_bounds(&first, &[&[]], 3).is_err());
    }

    #[test]
    fn formulas_are_bounded_token_by_token() {
        let t = XlsText {
            per_char: 3,
            sst: Vec::new(),
            sheet: 93,
            name: 765,
        };
        let stack = &mut Vec::new();
        // A1 + a name: 12 + 765 + 2, and one comma a token at most; the name is copied out
        // and back after the "+".
        let rgce = [0x24, 0, 0, 0, 0xC0, 0x23, 1, 0, 0, 0, 0x03];
        assert_eq!(
            formula_bound(&rgce, &t, stack),
            FormulaBound {
                text: 12 + 765 + 2 + rgce.len() as u64,
                work: 2 * 765
            }
        );
        // An unknown token: a message; a token cut short: where the reader stops.
        assert_eq!(formula_bound(&[0xFF], &t, stack).text, 1 + 160);
        assert_eq!(formula_bound(&[0x3a, 0, 0], &t, stack).text, 3);
    }

    #[test]
    fn the_bytes_moved_building_a_formula_are_bounded() {
        let t = XlsText {
            per_char: 3,
            sst: Vec::new(),
            sheet: 18,
            name: 5,
        };
        let stack = &mut Vec::new();
        let work = |rgce: &[u8], stack: &mut Vec<u64>| formula_bound(rgce, &t, stack).work;
        let int = [0x1E, 1, 0];
        let spaces = [0x19, 0x40, 0, 255];
        // Spaces go in one at a time in front of the last operand (5 bytes at most): each
        // moves it and the spaces before it.
        let rgce = [&int[..], &spaces, &spaces].concat();
        let first = 255 * 5 + 255 * 254 / 2;
        let second = 255 * (5 + 255) + 255 * 254 / 2;
        assert_eq!(work(&rgce, stack), first + second);
        // In front of a new operand, only that operand moves.
        let rgce = [&int[..], &spaces, &int, &spaces].concat();
        assert_eq!(work(&rgce, stack), 2 * first);
        // So the file's two formulas of 2,040 runs of 255 spaces: 2 × 1.35e11 bytes.
        let mut rgce = int.to_vec();
        for _ in 0..2_040 {
            rgce.extend_from_slice(&spaces);
        }
        let n = 2_040 * 255u64;
        assert!(work(&rgce, stack) >= n * (n - 1) / 2);
        // A function of unknown arguments (its count in the reader's table) copies the whole
        // formula: nested a thousand times around a long operand, a thousand copies.
        let mut rgce = [&int[..], &spaces].concat();
        for _ in 0..1_000 {
            rgce.extend_from_slice(&[0x41, 24, 0]);
        }
        assert!(work(&rgce, stack) > 1_000 * 2 * 260);
        // An ordinary formula: IF(ISNA(VLOOKUP(A2,Sheet2!$A$1:$B$1000,2,FALSE)),"",
        // VLOOKUP(A2,Sheet2!$A$1:$B$1000,2,FALSE)), as Excel writes it.
        let vlookup: &[u8] = &[
            0x44, 1, 0, 0, 0xC0, // A2
            0x3b, 0, 0, 0, 0, 231, 3, 0, 0, 1, 0, // Sheet2!$A$1:$B$1000
            0x1E, 2, 0, // 2
            0x1D, 0, // FALSE
            0x42, 4, 102, 0, // VLOOKUP, 4 arguments
        ];
        let rgce = [
            vlookup,
            &[0x41, 2, 0],       // ISNA
            &[0x19, 0x02, 0, 0], // if
            &[0x17, 0, 0],       // ""
            &[0x19, 0x08, 0, 0], // goto
            vlookup,
            &[0x19, 0x08, 0, 0], // goto
            &[0x42, 3, 1, 0],    // IF, 3 arguments
        ]
        .concat();
        let ordinary = work(&rgce, stack);
        assert!(ordinary < 1_000, "{ordinary}");
    }
}
