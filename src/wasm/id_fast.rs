//! The per-value path of `validateId`: numbers in, numbers out, no JS object built here.
//!
//! A developer who calls `validateId` in a loop over a table pays, per call, for what crosses
//! the boundary. The general export (`ids::validate_id`) reads the options object key by key,
//! copies the text through wasm-bindgen's allocator and builds the result as JSON text that
//! the engine parses. This path instead shares one buffer ([`Io`]) with the package's
//! JavaScript entry (`pkg-config/id-fast.js`): the entry writes the text there (bytes when it
//! is ASCII, else UTF-16 code units) and calls [`check`] with plain numbers; the verdict comes
//! back as words in the same buffer (a region as the number of its entry in the region table,
//! named once per entry in JS, or as pointers to the static names); the entry builds the same
//! result object the general export returns. Options are parsed by the same
//! [`parse_options`] as everywhere else, once per options object, into a slot the entry reuses
//! while the object is unchanged; what the check derives from them and the page's date
//! ([`Plain18`]) is kept while both stay the same.
//!
//! The verdict is [`id::check_id`]'s, the very function behind [`id::validate_id`]: 18 plain
//! characters, and a valid number written with spaces, a lower-case x or full-width
//! characters, are read by the branch-free check that `check_id` itself takes for them
//! ([`Plain18::row`]), written out as numbers without building its verdict; anything else is
//! `check_id`'s verdict. The JS tests compare both paths on every shared vector and on
//! generated text; a unit test in `id` compares the row with `check_id`.

use std::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::prelude::*;

use super::ids::{parse_options, JsOptions};
use crate::date::Date;
use crate::id::{
    self, normalize, region, ErrorCode, IdFacts, Kind, Parsed, Plain18, PlainRow, Problems, Region,
    Sex,
};
use crate::lang::Lang;

/// UTF-16 code units the shared buffer takes; the entry sends longer text the general way.
const UNITS: usize = 128;
/// Room for their UTF-8 (at most 3 bytes per unit).
const TEXT: usize = 3 * UNITS;
/// Words of the verdict (layout in [`check`]).
const WORDS: usize = 24;

/// The buffer shared with the JavaScript entry. `#[repr(C)]`: the entry reads it by offset
/// (`words` at 0, `units` at 4 × [`WORDS`], `normalized` and `text` after them).
#[repr(C)]
struct Io {
    words: [u32; WORDS],
    units: [u16; UNITS],
    normalized: [u8; normalize::MAX_LEN],
    /// The text as UTF-8: written by the entry when it is all ASCII, else decoded here from
    /// `units`.
    text: [u8; TEXT],
}

thread_local! {
    /// Allocated once and never moved (boxed), so its address stays valid for the entry.
    static IO: RefCell<Box<Io>> = RefCell::new(Box::new(Io {
        words: [0; WORDS],
        units: [0; UNITS],
        normalized: [0; normalize::MAX_LEN],
        text: [0; TEXT],
    }));
    /// Slot 1: the options object the entry last sent (slot 0 is the defaults).
    static SLOT: RefCell<Option<JsOptions>> = const { RefCell::new(None) };
    /// What [`check`] last derived from a slot and a date: kept while the entry sends the
    /// same two (a parse into slot 1 clears it).
    static PREPARED: RefCell<Option<Prepared>> = const { RefCell::new(None) };
}

/// The options of a slot with the reference date in place, and the plain check prepared for
/// them (None: the options ask for more than it does), for the slot and date they came from.
struct Prepared {
    slot: u32,
    today: u32,
    opts: Option<id::Options>,
    plain: Option<Plain18>,
}

impl Prepared {
    /// The options of `slot` with `today` (YYYYMMDD) as the reference date unless they give
    /// one (`opts` None when the slot is empty or `today` is not a date).
    fn new(slot: u32, today: u32) -> Prepared {
        let date = || Date::from_yyyymmdd(today);
        let opts = match (
            slot,
            SLOT.with(|s| s.borrow().as_ref().map(|jo| (jo.opts, jo.dated))),
        ) {
            (0, _) => date().map(id::Options::new),
            (_, Some((opts, true))) => Some(opts),
            (_, Some((opts, false))) => date().map(|reference| id::Options { reference, ..opts }),
            (_, None) => None,
        };
        Prepared {
            slot,
            today,
            opts,
            plain: opts.as_ref().and_then(Plain18::new),
        }
    }

    /// Calls `f` with [`Prepared::new`], or the one kept for the same slot and date (by
    /// reference: copying it out on every call measured slower).
    fn with<R>(slot: u32, today: u32, f: impl FnOnce(&Prepared) -> R) -> R {
        PREPARED.with_borrow_mut(|kept| {
            let p = match kept {
                Some(p) if p.slot == slot && p.today == today => p,
                _ => kept.insert(Prepared::new(slot, today)),
            };
            f(p)
        })
    }
}

/// Flags in word 0 of the verdict.
const OK: u32 = 1;
const HAS_NORMALIZED: u32 = 1 << 16;
const SAME_AS_INPUT: u32 = 1 << 17;
const HAS_REGION: u32 = 1 << 18;
/// The text could not be taken here (too long, no options in the slot, or an impossible date
/// for today): the entry calls the general export.
const GENERAL: u32 = 1 << 31;
/// "No position" in a problem's `at` word.
const NO_POSITION: u32 = u32::MAX;
/// Set in [`check`]'s `len` when the entry wrote the text as bytes (all of it ASCII) rather
/// than as UTF-16 code units.
const ASCII: u32 = 1 << 30;

// Every problem a number can have fits in the verdict's words (the plain check's: at most one
// per kind of problem it reads).
const _: () = assert!(14 + 2 * Problems::CAPACITY <= WORDS);
const _: () = assert!(14 + 2 * PlainRow::KINDS_OF_PROBLEM <= WORDS);

/// The layout the entry reads: byte offsets and sizes of the buffer's parts, the flag bits,
/// and the names of kinds and sexes by number (index 0: none). One call at start-up.
#[wasm_bindgen(js_name = __idFastLayout, skip_typescript)]
pub fn layout() -> Array {
    let base = IO.with(|io| &**io.borrow() as *const Io as usize as u32);
    let numbers = [
        base,
        base + 4 * WORDS as u32,
        UNITS as u32,
        base + (4 * WORDS + 2 * UNITS) as u32,
        OK,
        HAS_NORMALIZED,
        SAME_AS_INPUT,
        HAS_REGION,
        GENERAL,
        NO_POSITION,
        region::names().as_ptr() as usize as u32,
        region::names().len() as u32,
        base + (4 * WORDS + 2 * UNITS + normalize::MAX_LEN) as u32,
        ASCII,
    ];
    let kinds: Array = std::iter::once(JsValue::NULL)
        .chain(Kind::ALL.iter().map(|k| JsValue::from_str(k.name())))
        .collect();
    let sexes: Array = [None, Some(Sex::Male), Some(Sex::Female)]
        .iter()
        .map(|s| s.map_or(JsValue::NULL, |s| JsValue::from_str(s.name())))
        .collect();
    let out: Array = numbers.iter().map(|&n| JsValue::from(n)).collect();
    out.push(&kinds);
    out.push(&sexes);
    out.push(&wasm_bindgen::memory());
    out
}

/// Parses an options object into slot 1 (misuse throws, exactly as `validateId` does);
/// returns bit 0 set if its language is English, bit 1 if it gives a reference date.
#[wasm_bindgen(js_name = __idFastOptions, skip_typescript)]
pub fn options(options: JsValue) -> Result<u32, JsValue> {
    SLOT.with(|s| *s.borrow_mut() = None);
    PREPARED.with_borrow_mut(|p| *p = None);
    let jo = parse_options(Some(options))?;
    let flags = (jo.lang == Lang::En) as u32 | (jo.dated as u32) << 1;
    SLOT.with(|s| *s.borrow_mut() = Some(jo));
    Ok(flags)
}

/// Validates the `len` UTF-16 code units in the shared buffer (a lone surrogate reads as
/// U+FFFD, as wasm-bindgen's own string passing reads it), or, with [`ASCII`] set in `len`,
/// the text the entry wrote as bytes (ASCII text: its own UTF-8), with the options of `slot`
/// (0: the defaults; 1: the last parsed) and `today` (YYYYMMDD, the page's date) as the
/// reference date unless the options give one (then `today` is not read). Returns word 0 of
/// the verdict, which it also stores (except a [`GENERAL`] for want of options):
///
/// - word 0: flags ([`OK`], [`HAS_NORMALIZED`], [`SAME_AS_INPUT`], [`HAS_REGION`],
///   [`GENERAL`]) | kind number << 8 (0: none);
/// - word 1: length of the cleaned text, stored after the input unless it is the input;
/// - words 2–4: birth date (YYYYMMDD), sex number (0: none), age;
/// - words 5–12: region code, abolished (bit 0) with the number of the region's entry
///   ([`region::entry`]) + 1 above it (0: none; a verdict of plain text may give the entry
///   alone, which [`region_words`] names), then pointer and length of the province,
///   prefecture and county names (pointer 0: none);
/// - word 13: number of problems (errors of an invalid number, warnings of a valid one), then
///   for each, words 14 + 2i and 15 + 2i: its error number and position ([`NO_POSITION`]).
#[wasm_bindgen(js_name = __idFastCheck, skip_typescript)]
pub fn check(len: u32, slot: u32, today: u32) -> u32 {
    Prepared::with(slot, today, |p| match p {
        Prepared {
            opts: Some(opts),
            plain,
            ..
        } => check_with(len, opts, plain.as_ref()),
        _ => GENERAL,
    })
}

/// [`check`] with the options of its slot and date, and the plain check prepared for them.
fn check_with(len: u32, opts: &id::Options, plain: Option<&Plain18>) -> u32 {
    IO.with(|io| {
        let io = &mut **io.borrow_mut();
        let n = (len & !ASCII) as usize;
        let n = if len & ASCII != 0 {
            // The entry wrote the text as bytes.
            if n > TEXT {
                io.words[0] = GENERAL;
                return GENERAL;
            }
            n
        } else {
            let Some(units) = io.units.get(..n) else {
                io.words[0] = GENERAL;
                return GENERAL;
            };
            let mut n = 0;
            for c in char::decode_utf16(units.iter().copied()) {
                let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
                n += c.encode_utf8(&mut io.text[n..]).len();
            }
            n
        };
        // 18 plain characters (most rows of a table): checked as they are, their own
        // cleaned form.
        if let Some(w) = io.text[..n]
            .first_chunk::<18>()
            .filter(|w| n == 18 && normalize::is_plain(*w))
        {
            if let Some((row, plain)) = plain.and_then(|p| Some((p.row(w)?, p))) {
                let flags = HAS_NORMALIZED | SAME_AS_INPUT | put_row(&mut io.words, &row, plain);
                io.words[0] = flags;
                return flags;
            }
        } else if n >= 18 {
            // A valid number written with spaces, a lower-case x or full-width characters:
            // its 18 characters as cleaning keeps them, when they make one (other text, and a
            // number with a problem, take the general checks, which give each problem's
            // position in the text).
            if let Some((w, row, plain)) = plain.and_then(|p| {
                let w = normalize::common18(&io.text[..n])?;
                let row = p.row(&w).filter(|r| r.is_valid())?;
                Some((w, row, p))
            }) {
                let flags = HAS_NORMALIZED | put_row(&mut io.words, &row, plain);
                io.normalized[..18].copy_from_slice(&w);
                io.words[0] = flags;
                return flags;
            }
        }
        let input = &io.text[..n];
        let Ok(text) = core::str::from_utf8(input) else {
            io.words[0] = GENERAL;
            return GENERAL;
        };
        let c = id::check_id(text, opts);
        let w = &mut io.words;
        let mut flags = put_verdict(w, c.kind, &c.verdict);
        if let Some(n) = &c.normalized {
            flags |= HAS_NORMALIZED;
            let b = n.as_bytes();
            w[1] = b.len() as u32;
            if b == input {
                flags |= SAME_AS_INPUT;
            } else {
                io.normalized[..b.len()].copy_from_slice(b);
            }
        }
        w[0] = flags;
        flags
    })
}

/// Writes words 1–13 of the plain check's verdict on 18 characters and its problems; returns
/// its flags ([`OK`], [`HAS_REGION`]) and kind number.
fn put_row(w: &mut [u32; WORDS], row: &PlainRow, plain: &Plain18) -> u32 {
    w[1] = 18;
    let mut flags = (row.kind.number() as u32) << 8;
    if let Some(p) = row.parsed() {
        flags |= OK;
        put_facts(w, &p, p.birth.age_on(plain.reference()));
        // A region of the table by its entry alone: the entry names it when the page has not
        // met that entry yet (`region_entry`).
        match row.region_entry() {
            Some(e) => {
                flags |= HAS_REGION;
                w[6] = (e as u32 + 1) << 1;
            }
            None => flags |= put_region(w, row.region().as_ref(), None),
        }
        w[13] = 0;
    } else {
        put_problem_list(w, row.problems().map(|(code, at)| (code, Some(at))));
    }
    flags
}

/// Writes a verdict's words 2–13 and its problems; returns its flags ([`OK`], [`HAS_REGION`])
/// and kind number (word 0 without the cleaned text's flags).
fn put_verdict(
    w: &mut [u32; WORDS],
    kind: Option<Kind>,
    verdict: &Result<IdFacts, Problems>,
) -> u32 {
    let mut flags = kind.map_or(0, |k| (k.number() as u32) << 8);
    let problems = match verdict {
        Ok(v) => {
            put_facts(w, &v.parsed, v.age);
            flags |= OK | put_region(w, v.region.as_ref(), v.region_entry);
            &v.warnings
        }
        Err(ps) => ps,
    };
    put_problems(w, problems);
    flags
}

/// Words 2–4 of a valid number.
fn put_facts(w: &mut [u32; WORDS], p: &Parsed, age: u16) {
    w[2] = p.birth.yyyymmdd();
    w[3] = p.sex.map_or(0, |s| s.number() as u32);
    w[4] = age as u32;
}

/// Words 5–12 of a region (with the number of its entry, if it is one); returns
/// [`HAS_REGION`], or 0 for no region.
fn put_region(w: &mut [u32; WORDS], r: Option<&Region>, entry: Option<u16>) -> u32 {
    let Some(r) = r else {
        return 0;
    };
    w[5] = r.code;
    w[6] = r.abolished as u32 | entry.map_or(0, |e| e as u32 + 1) << 1;
    for (i, name) in [r.province, r.prefecture, r.county].iter().enumerate() {
        let (ptr, len) = name.map_or((0, 0), |s| (s.as_ptr() as usize as u32, s.len() as u32));
        w[7 + 2 * i] = ptr;
        w[8 + 2 * i] = len;
    }
    HAS_REGION
}

/// How many entries the region table has (built on this first call, not at start-up: a
/// page that names no region never builds it).
#[wasm_bindgen(js_name = __idFastEntries, skip_typescript)]
pub fn entries() -> u32 {
    region::entry_count() as u32
}

/// Writes words 5–12 for the region of entry `entry` ([`region::entry_region`]); the package's
/// JavaScript entry keeps the object it makes of them, so that each entry is named once.
#[wasm_bindgen(js_name = __idFastRegion, skip_typescript)]
pub fn region_words(entry: u32) {
    let r = region::entry_region(entry.try_into().unwrap_or(u16::MAX));
    IO.with(|io| put_region(&mut io.borrow_mut().words, Some(&r), entry.try_into().ok()));
}

fn put_problems(w: &mut [u32; WORDS], ps: &Problems) {
    put_problem_list(w, ps.as_slice().iter().map(|p| (p.code, p.at)));
}

/// Word 13 and the problems' words: each problem's error number and position.
fn put_problem_list(
    w: &mut [u32; WORDS],
    problems: impl Iterator<Item = (ErrorCode, Option<u32>)>,
) {
    let mut count = 0;
    for (code, at) in problems {
        w[14 + 2 * count] = code.number() as u32;
        w[15 + 2 * count] = at.unwrap_or(NO_POSITION);
        count += 1;
    }
    w[13] = count as u32;
}
