//! Identity numbers: one module per kind, the same verbs everywhere.
//!
//! Flow: raw text → [`normalize()`] → dispatch on shape → per-kind checks → [`IdNumber`] or
//! [`Invalid`] with a list of [`Problem`]s (closed [`ErrorCode`] set, zh/en messages).
//! Nothing here panics on any input.

pub mod checksum;
pub mod error;
pub mod foreign;
pub mod normalize;
pub mod permit;
pub mod phone;
pub mod region;
pub mod resident;
mod swar;
#[cfg(test)]
#[path = "../../tests/support/rng.rs"]
mod test_rng;
pub mod uscc;

pub use crate::date::{self, Date};
pub use error::{ErrorCode, Lang, Problem, Problems};
pub use normalize::{normalize, Normalized};
pub use phone::validate as validate_phone;
pub use region::Region;
pub use resident::upgrade15;
pub use uscc::{parse as validate_uscc, Uscc};

macro_rules! kinds {
    ($($(#[$doc:meta])* $v:ident = $n:literal, $name:literal;)*) => {
        /// The kinds of personal identity number.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Kind { $($(#[$doc])* $v = $n,)* }
        impl Kind {
            /// Every kind, in numeric order (index + 1 = numeric value).
            pub const ALL: &'static [Kind] = &[$(Kind::$v,)*];
            /// Stable snake_case name, as used in the JavaScript API.
            pub const fn name(self) -> &'static str { match self { $(Kind::$v => $name,)* } }
            /// Parses a name produced by [`Kind::name`].
            pub fn from_name(s: &str) -> Option<Kind> { match s { $($name => Some(Kind::$v),)* _ => None } }
            /// Numeric value in compact batch results (never 0; 0 means "unknown").
            pub const fn number(self) -> u8 { self as u8 }
        }
    };
}

kinds! {
    /// Resident identity number, 18 characters (GB 11643-1999).
    Resident18 = 1, "resident18";
    /// Legacy resident identity number, 15 digits.
    Resident15 = 2, "resident15";
    /// Residence permit of a Hong Kong resident (region 810000).
    PermitHk = 3, "permit_hk";
    /// Residence permit of a Macau resident (region 820000).
    PermitMo = 4, "permit_mo";
    /// Residence permit of a Taiwan resident (region 830000).
    PermitTw = 5, "permit_tw";
    /// Foreigner's permanent residence ID, 2017 form (3 letters + 12 digits).
    Foreign2017 = 6, "foreign_2017";
    /// Foreigner's permanent residence ID, 2023 form (18 digits starting with 9).
    Foreign2023 = 7, "foreign_2023";
}

/// Sex, from the sequence digit (odd = male, even = female).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
}

impl Sex {
    fn from_digit(d: u8) -> Sex {
        if d % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }
    /// `"male"` or `"female"`.
    pub const fn name(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
    /// 1 = male, 2 = female (0 is used for "unknown" in batch results).
    pub const fn number(self) -> u8 {
        match self {
            Sex::Male => 1,
            Sex::Female => 2,
        }
    }
}

/// How to validate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Birth dates after this are errors, and ages are computed on this date.
    pub reference: Date,
    /// How region codes are checked.
    pub region: RegionCheck,
    /// Require this many characters after cleaning (15 or 18), e.g. so that a half-typed
    /// 18-digit number is not accepted as a legacy 15-digit one.
    pub length: Option<u8>,
    /// Accept only these kinds (bit `1 << kind.number()`); `None` accepts all.
    pub kinds: Option<u16>,
}

/// How the region code of a resident ID is checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RegionCheck {
    /// The code must have existed in the year of birth (the ministry's lists, the year after
    /// a code's last listing included). People registered after birth may hold a code created
    /// later: for checks against a birth-year register only.
    Strict,
    /// The code must be an administrative division of some year (the default).
    #[default]
    Known,
    /// As `Known`, but a code unknown to the region data (or a statistical code) in a known
    /// mainland province is accepted with a warning (`region_unknown` / `region_statistical`)
    /// instead of an error: for desks that must never turn a real person away because a code
    /// is missing from the data.
    Lenient,
}

impl RegionCheck {
    /// Name in the API (`"strict"`, `"known"`, `"lenient"`).
    pub const fn name(self) -> &'static str {
        match self {
            RegionCheck::Strict => "strict",
            RegionCheck::Known => "known",
            RegionCheck::Lenient => "lenient",
        }
    }
    /// From a name.
    pub fn from_name(s: &str) -> Option<RegionCheck> {
        [
            RegionCheck::Strict,
            RegionCheck::Known,
            RegionCheck::Lenient,
        ]
        .into_iter()
        .find(|r| r.name() == s)
    }
}

impl Options {
    /// Default options with the given reference date.
    pub fn new(reference: Date) -> Options {
        Options {
            reference,
            region: RegionCheck::Known,
            length: None,
            kinds: None,
        }
    }
    /// Default options with today's date (UTC) as reference. Native targets only.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn today() -> Options {
        Options::new(Date::today_utc())
    }
    /// Restricts the accepted kinds.
    pub fn only(mut self, kinds: &[Kind]) -> Options {
        self.kinds = Some(kinds.iter().fold(0, |m, k| m | 1 << k.number()));
        self
    }
}

/// What the per-kind checks extract from a valid number (no allocation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// The kind.
    pub kind: Kind,
    /// Date of birth.
    pub birth: Date,
    /// Sex, where the number encodes it.
    pub sex: Option<Sex>,
    /// GB/T 2260 region code (0 for foreigners' IDs).
    pub region_code: u32,
    /// A problem accepted as a warning ([`RegionCheck::Lenient`]), at its cleaned position.
    pub warning: Option<Problem>,
}

/// A valid identity number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdNumber {
    /// The kind.
    pub kind: Kind,
    /// The cleaned number (upper-case ASCII).
    pub normalized: String,
    /// Date of birth.
    pub birth: Date,
    /// Sex, where the number encodes it (not for foreigners' IDs).
    pub sex: Option<Sex>,
    /// Region, with names as of the birth year (resident IDs and permits).
    pub region: Option<Region>,
    /// Completed years of age at the reference date.
    pub age: u16,
    /// Problems accepted as warnings ([`RegionCheck::Lenient`]: a region code unknown to the
    /// data in a known province), with positions in the original text; usually empty.
    pub warnings: Problems,
}

/// An invalid identity number: what could be read of it, and every problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// The kind the number looks like, where its shape says.
    pub kind: Option<Kind>,
    /// The cleaned text, when cleaning succeeded.
    pub normalized: Option<String>,
    /// The problems, most fundamental first (never empty).
    pub problems: Problems,
}

/// The kind cleaned text's shape suggests, before any check.
fn shape(b: &[u8]) -> Option<Kind> {
    match b.len() {
        18 if b[0] == b'9' => Some(Kind::Foreign2023),
        18 => Some(permit::kind_of(&b[..6]).unwrap_or(Kind::Resident18)),
        15 if b[0].is_ascii_alphabetic() => Some(Kind::Foreign2017),
        15 => Some(Kind::Resident15),
        _ => None,
    }
}

/// Validates cleaned text (upper-case ASCII): the kind its shape suggests, and the verdict.
/// Problem positions are in cleaned coordinates.
#[inline(always)]
fn check_clean(b: &[u8], opts: &Options) -> (Option<Kind>, Result<Parsed, Problems>) {
    // Cleaning keeps `.` and `+` (to tell Excel's scientific notation): in a number of the
    // wrong length that is not one, the stray character is the problem to show
    // (110105.19491231002X, a full stop pasted after the number).
    let wrong_length = || {
        let problem = match b.iter().position(|&c| c == b'.' || c == b'+') {
            Some(at) => Problem::at(ErrorCode::InvalidCharacter, at as u32),
            None => Problem::new(ErrorCode::WrongLength),
        };
        (None, Err(Problems::one(problem)))
    };
    if opts.length.is_some_and(|len| b.len() != len as usize) {
        return wrong_length();
    }
    let Some(kind) = shape(b) else {
        return wrong_length();
    };
    if let Some(mask) = opts.kinds {
        if mask & (1 << kind.number()) == 0 {
            // A kind the caller does not accept: its other problems do not matter here.
            return (
                Some(kind),
                Err(Problems::one(Problem::new(ErrorCode::KindNotAllowed))),
            );
        }
    }
    let verdict = match kind {
        Kind::Resident18 | Kind::PermitHk | Kind::PermitMo | Kind::PermitTw => {
            resident::check18(b, kind, opts)
        }
        Kind::Resident15 => resident::check15(b, opts),
        Kind::Foreign2017 => foreign::check2017(b, opts),
        Kind::Foreign2023 => foreign::check2023(b, opts),
    };
    (Some(kind), verdict)
}

/// Validates a cleaned number: the kind its shape suggests, and the checks' verdict, with
/// problem positions in the original text.
pub fn check(n: &Normalized, opts: &Options) -> (Option<Kind>, Result<Parsed, Problems>) {
    let (kind, verdict) = if n.len() > normalize::MAX_LEN {
        (
            None,
            Err(Problems::one(Problem::new(ErrorCode::WrongLength))),
        )
    } else {
        check_clean(n.as_bytes(), opts)
    };
    (kind, verdict.map_err(|ps| n.map_positions(ps)))
}

/// Validates one row of a column: [`check`] after [`normalize()`], without copying plain text;
/// with the cleaned text (empty when cleaning failed) if `with_text`. A row that is not valid
/// UTF-8 is read with U+FFFD in place of the bad bytes. A row that cleans to 18 digits takes
/// the fast check when there is one (`fast`).
fn check_row(
    row: &[u8],
    opts: &Options,
    fast: Option<&Fast18>,
    with_text: bool,
) -> (RowVerdict, Option<String>) {
    if normalize::is_plain(row) {
        // Plain text is its own cleaned form: legacy 15-digit numbers and 18-character rows
        // take the fast checks (the batch loop sends the common 18-digit row there itself).
        let quick = fast.and_then(|f| match row.len() {
            15 => f.check15(row.first_chunk::<15>()?),
            18 => {
                let w = row.first_chunk::<18>()?;
                let d = resident::Digits18::read(w);
                if d.is_shaped() {
                    f.check(d)
                } else {
                    f.check_misshaped(w)
                }
            }
            _ => None,
        });
        let v = quick.unwrap_or_else(|| {
            let (k, v) = check_clean(row, opts);
            RowVerdict::of(k, v)
        });
        return (v, with_text.then(|| ascii_text(row)));
    }
    // A messy form of a valid 18-digit number (spaces, full-width digits) skips the
    // cleaned positions, which only a problem needs. (Fewer than 18 bytes cannot hold one.)
    let mut quick = None;
    if let Some(f) = fast.filter(|_| row.len() >= 18) {
        if let Some(w) = normalize::common18(row) {
            quick = f.check_text(&w);
            if let Some(v) = quick.filter(|v| v.error == 0) {
                return (v, with_text.then(|| ascii_text(&w)));
            }
        }
    }
    let mut n = Normalized::EMPTY;
    match normalize::normalize_into(row, &mut n) {
        Ok(()) => {
            // The verdict of the pass above, if it had one (same characters); else the fast
            // check of what cleaning kept, when that is 18 characters.
            if quick.is_none() && n.len() == 18 {
                quick = fast.and_then(|f| f.check_text(n.as_bytes().first_chunk::<18>()?));
            }
            let v = match quick {
                // Positions from the fast check are in cleaned coordinates, as in `check`.
                Some(v) if v.at == BatchResult::NO_POSITION => v,
                Some(v) => RowVerdict {
                    at: RowVerdict::position(n.original_pos(v.at as usize)),
                    ..v
                },
                None => {
                    let (k, v) = check(&n, opts);
                    RowVerdict::of(k, v)
                }
            };
            (v, with_text.then(|| n.as_str().to_string()))
        }
        Err(p) => (
            RowVerdict::of(None, Err(Problems::one(p))),
            with_text.then(String::new),
        ),
    }
}

/// Cleans and checks `text` as one of `kinds` only (the `parse` verb of the per-kind modules):
/// the cleaned bytes and what the checks read. Other kinds get `kind_not_allowed`.
pub(crate) fn parse_as(
    text: &str,
    opts: &Options,
    kinds: &[Kind],
) -> Result<(Normalized, Parsed), Problems> {
    let n = normalize(text).map_err(Problems::one)?;
    let only = opts.only(kinds);
    match check(&n, &only) {
        (_, Ok(p)) => Ok((n, p)),
        (_, Err(ps)) => Err(ps),
    }
}

/// Validates any personal identity number (resident 18/15, permits, foreigners' IDs).
pub fn validate_id(text: &str, opts: &Options) -> Result<IdNumber, Invalid> {
    let c = check_id(text, opts);
    match c.verdict {
        Ok(v) => Ok(IdNumber {
            kind: v.parsed.kind,
            normalized: c.normalized.as_ref().map_or("", |n| n.as_str()).to_string(),
            birth: v.parsed.birth,
            sex: v.parsed.sex,
            region: v.region,
            age: v.age,
            warnings: v.warnings,
        }),
        Err(problems) => Err(Invalid {
            kind: c.kind,
            normalized: c.normalized.map(|n| n.as_str().to_string()),
            problems,
        }),
    }
}

/// [`validate_id`]'s verdict without allocating: the cleaned text kept inline and region names
/// borrowed from the static tables (the per-value fast path of the JavaScript API packs it).
#[derive(Clone, Copy, Debug)]
pub struct IdCheck {
    /// The kind the number is, or looks like where its shape says.
    pub kind: Option<Kind>,
    /// The cleaned text, when cleaning succeeded.
    pub normalized: Option<Normalized>,
    /// What a valid number tells, or every problem found (positions in the original text).
    pub verdict: Result<IdFacts, Problems>,
}

/// What a valid number tells beyond [`Parsed`]: see [`IdNumber`].
#[derive(Clone, Copy, Debug)]
pub struct IdFacts {
    /// Kind, birth date, sex and region code.
    pub parsed: Parsed,
    /// Region, with names as of the birth year (resident IDs and permits).
    pub region: Option<Region>,
    /// The number of the region's entry ([`region::entry`]) when it is one (a known code of
    /// a resident ID; not a code accepted with a warning).
    pub region_entry: Option<u16>,
    /// Completed years of age at the reference date.
    pub age: u16,
    /// Problems accepted as warnings, with positions in the original text.
    pub warnings: Problems,
}

/// The verdict [`validate_id`] gives, without allocating.
pub fn check_id(text: &str, opts: &Options) -> IdCheck {
    // 18 plain characters, the most common row of a table: nothing to clean.
    if let Some(w) = text.as_bytes().first_chunk::<18>() {
        if text.len() == 18 && normalize::is_plain(w) {
            if let Some((kind, verdict)) = check_plain18(w, opts) {
                return IdCheck {
                    kind: Some(kind),
                    normalized: Some(Normalized::plain(w)),
                    verdict: verdict.map(PlainFacts::facts),
                };
            }
        }
    }
    let n = match normalize(text) {
        Ok(n) => n,
        Err(p) => {
            return IdCheck {
                kind: None,
                normalized: None,
                verdict: Err(Problems::one(p)),
            }
        }
    };
    // The fast check where it applies (a row of a table is most often 18 such characters),
    // else the general one: the same verdict.
    let fast = n
        .as_bytes()
        .first_chunk::<18>()
        .filter(|_| n.len() == 18)
        .and_then(|w| Fast18::new(opts)?.check_one(w));
    let (kind, verdict) = match fast {
        Some((kind, verdict)) => (Some(kind), verdict.map_err(|ps| n.map_positions(ps))),
        None => check(&n, opts),
    };
    IdCheck {
        kind,
        normalized: Some(n),
        verdict: verdict.map(|p| {
            let warnings = match p.warning {
                Some(w) => n.map_positions(Problems::one(w)),
                None => Problems::default(),
            };
            facts(p, opts, warnings)
        }),
    }
}

/// [`check_id`] of 18 plain characters ([`normalize::is_plain`]: their own cleaned form, each
/// problem's position theirs) where the branch-free check applies; None where it does not
/// (options it does not cover, a foreigner's number, a statistical code, a letter among the
/// digits), for the general checks.
pub fn check_plain18(w: &[u8; 18], opts: &Options) -> Option<(Kind, Result<PlainFacts, Problems>)> {
    Plain18::new(opts)?.check(w)
}

/// [`check_plain18`] prepared for one set of options: what the check derives from them is
/// derived once. The per-value path of the JavaScript API keeps one while the options and the
/// page's date stay the same, and reads its verdict as numbers ([`Plain18::row`]).
#[derive(Clone, Copy)]
pub struct Plain18 {
    fast: Fast18,
    reference: Date,
}

impl Plain18 {
    /// The check for `opts`; None when they ask for more than it does (then every row takes
    /// the general checks).
    pub fn new(opts: &Options) -> Option<Plain18> {
        Some(Plain18 {
            fast: Fast18::new(opts)?,
            reference: opts.reference,
        })
    }

    /// [`check_plain18`] of `w` with the options this was prepared for.
    pub fn check(&self, w: &[u8; 18]) -> Option<(Kind, Result<PlainFacts, Problems>)> {
        let (kind, verdict) = self.fast.check_one(w)?;
        Some((
            kind,
            verdict.map(|p| PlainFacts {
                parsed: p,
                region_entry: region_entry(&p),
                age: p.birth.age_on(self.reference),
            }),
        ))
    }

    /// What [`Plain18::check`] finds in `w`, as numbers, without building its verdict.
    pub fn row(&self, w: &[u8; 18]) -> Option<PlainRow> {
        self.fast.row(w)
    }

    /// The reference date of the options this was prepared for.
    pub fn reference(&self) -> Date {
        self.reference
    }
}

/// What the plain check finds in 18 characters ([`Plain18::row`]), as numbers: the verdict
/// [`Plain18::check`] builds, read field by field.
#[derive(Clone, Copy, Debug)]
pub struct PlainRow {
    /// The kind of number.
    pub kind: Kind,
    /// The problems reported: bits in [`Fast18::ORDER`].
    problems: u32,
    /// The birth date as YYYYMMDD (a date when the number is valid).
    pub ymd: u32,
    /// The first six digits.
    pub code: u32,
    /// The 17th character (odd: male).
    sex_digit: u8,
}

impl PlainRow {
    /// True when the number has no problem.
    pub fn is_valid(&self) -> bool {
        self.problems == 0
    }

    /// How many kinds of problem the plain check reads: [`PlainRow::problems`] gives at most
    /// one of each.
    pub const KINDS_OF_PROBLEM: usize = 5;

    /// The problems, in the order the general checks report them (of the date problems the
    /// first), each with its position.
    pub fn problems(&self) -> impl Iterator<Item = (ErrorCode, u32)> + '_ {
        Fast18::ORDER[..PlainRow::KINDS_OF_PROBLEM]
            .iter()
            .enumerate()
            .filter(|&(i, _)| self.problems >> i & 1 != 0)
            .filter_map(|(_, &(n, at))| Some((ErrorCode::from_number(n)?, at as u32)))
    }

    /// The sex the number encodes.
    pub fn sex(&self) -> Sex {
        Sex::from_digit(self.sex_digit.wrapping_sub(b'0'))
    }

    /// What a valid number tells (None for a number with problems).
    pub fn parsed(&self) -> Option<Parsed> {
        if !self.is_valid() {
            return None;
        }
        Some(Parsed {
            kind: self.kind,
            birth: Date::from_yyyymmdd(self.ymd)?,
            sex: Some(self.sex()),
            region_code: self.code,
            warning: None,
        })
    }

    /// [`PlainFacts::region_entry`] of a valid number (a resident ID's code in its birth
    /// year; the plain check accepts no code with a warning). The rule of `region_entry` for
    /// a [`Parsed`], read from the row's numbers: going through [`PlainRow::parsed`] and
    /// [`PlainFacts`] measured ~6 ns more per call in the per-value path. A unit test of this
    /// module holds the two to the same answer.
    pub fn region_entry(&self) -> Option<u16> {
        match self.kind {
            Kind::Resident18 | Kind::Resident15 if self.is_valid() => {
                region::entry(self.code, (self.ymd / 10000) as u16)
            }
            _ => None,
        }
    }

    /// The region of a valid number, named (None for a number with problems).
    pub fn region(&self) -> Option<Region> {
        if !self.is_valid() {
            return None;
        }
        named_region(self.kind, self.region_entry())
    }
}

/// What [`check_plain18`] finds in a valid number: [`IdFacts`] without warnings (the check
/// accepts none), the region as the number of its entry, named only when asked.
#[derive(Clone, Copy, Debug)]
pub struct PlainFacts {
    /// Kind, birth date, sex and region code.
    pub parsed: Parsed,
    /// [`IdFacts::region_entry`].
    pub region_entry: Option<u16>,
    /// Completed years of age at the reference date.
    pub age: u16,
}

impl PlainFacts {
    /// The region, named ([`IdFacts::region`]).
    pub fn region(&self) -> Option<Region> {
        named_region(self.parsed.kind, self.region_entry)
    }

    fn facts(self) -> IdFacts {
        IdFacts {
            parsed: self.parsed,
            region: self.region(),
            region_entry: self.region_entry,
            age: self.age,
            warnings: Problems::default(),
        }
    }
}

/// The entry of the region table a resident ID's code has in its birth year, unless the
/// code was accepted with a warning (the region then names its province only).
fn region_entry(p: &Parsed) -> Option<u16> {
    match p.kind {
        Kind::Resident18 | Kind::Resident15 if p.warning.is_none() => {
            region::entry(p.region_code, p.birth.year())
        }
        _ => None,
    }
}

/// The region of a number of `kind` whose code has `entry` (a permit's region is its own).
fn named_region(kind: Kind, entry: Option<u16>) -> Option<Region> {
    match kind {
        Kind::Resident18 | Kind::Resident15 => entry.map(region::entry_region),
        k => permit::region(k),
    }
}

/// What a valid number tells, from what the checks parsed and the warnings they accepted.
fn facts(p: Parsed, opts: &Options, warnings: Problems) -> IdFacts {
    let region_entry = region_entry(&p);
    IdFacts {
        parsed: p,
        region: match p.warning {
            Some(_) if matches!(p.kind, Kind::Resident18 | Kind::Resident15) => {
                Some(region::describe_province(p.region_code, p.birth.year()))
            }
            _ => named_region(p.kind, region_entry),
        },
        region_entry,
        age: p.birth.age_on(opts.reference),
        warnings,
    }
}

/// Columnar results of [`validate_column`]: one entry per input row, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchResult {
    /// [`Kind::number`] of each row, 0 when the shape matched no kind.
    pub kinds: Vec<u8>,
    /// [`ErrorCode::number`] of each row's first problem, 0 when the row is valid.
    pub errors: Vec<u8>,
    /// Original position of the offending character, [`BatchResult::NO_POSITION`] when none.
    pub at: Vec<u16>,
    /// Birth date as YYYYMMDD for valid rows, 0 otherwise.
    pub births: Vec<u32>,
    /// [`Sex::number`] for valid rows that encode it, 0 otherwise.
    pub sexes: Vec<u8>,
    /// Cleaned text of each row (empty when cleaning failed), if asked for.
    pub normalized: Option<Vec<String>>,
    /// [`RegionCheck::Lenient`] only: [`ErrorCode::number`] of each row's warning, 0 for none.
    pub warnings: Option<Vec<u8>>,
    /// Number of valid rows.
    pub valid: usize,
}

impl BatchResult {
    /// Marker in [`BatchResult::at`] for "no position".
    pub const NO_POSITION: u16 = u16::MAX;

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }
    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }
}

/// A batch row's verdict in columnar form, as [`BatchResult`] stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RowVerdict {
    kind: u8,
    error: u8,
    at: u16,
    birth: u32,
    sex: u8,
    /// [`RegionCheck::Lenient`]: the warning's error number, 0 for none.
    warning: u8,
}

impl RowVerdict {
    /// The columnar form of a verdict from [`check_clean`] or [`check`].
    #[inline(always)]
    fn of(kind: Option<Kind>, verdict: Result<Parsed, Problems>) -> RowVerdict {
        let kind = kind.map_or(0, Kind::number);
        match verdict {
            Ok(p) => RowVerdict {
                kind,
                error: 0,
                at: BatchResult::NO_POSITION,
                birth: p.birth.yyyymmdd(),
                sex: p.sex.map_or(0, Sex::number),
                warning: p.warning.map_or(0, |w| w.code.number()),
            },
            Err(ps) => {
                let first = ps.first().unwrap_or(Problem::new(ErrorCode::Empty));
                RowVerdict {
                    kind,
                    error: first.code.number(),
                    at: first
                        .at
                        .map_or(BatchResult::NO_POSITION, RowVerdict::position),
                    birth: 0,
                    sex: 0,
                    warning: 0,
                }
            }
        }
    }

    /// A character position as stored (saturating below [`BatchResult::NO_POSITION`]).
    fn position(at: u32) -> u16 {
        at.min(BatchResult::NO_POSITION as u32 - 1) as u16
    }
}

/// The batch check of the common row (17 ASCII digits, then a digit or X, read as a resident
/// ID) with no branch on the verdict: in a roster, which rows are valid is random, so branches
/// on it are mispredicted often. Gives what [`check_clean`] gives for such a row (a resident
/// ID or a residence permit); foreigners' numbers and options it does not cover go the
/// general way. Plain legacy 15-digit rows ([`Fast18::check15`]) and 18-character rows with a
/// letter among the digits ([`Fast18::check_misshaped`]) have checks of the same kind here.
#[derive(Clone, Copy)]
struct Fast18 {
    /// Bit `Kind::number` set for each kind the options accept.
    kinds: u16,
    /// Whether a legacy 15-digit row may take [`Fast18::check15`] (no length required, kind
    /// accepted).
    resident15: bool,
    reference: u32,
    oldest: u32,
    regions: region::Existence,
}

impl Fast18 {
    /// The problems in the order [`resident::check18`] reports them (the first one found is
    /// the row's error, with its position), then "no problem". [`resident::check15`] reports
    /// the first four in the same order at the same positions.
    const ORDER: [(u8, u16); 6] = [
        (ErrorCode::RegionUnknown.number(), 0),
        (ErrorCode::InvalidDate.number(), 6),
        (ErrorCode::BirthInFuture.number(), 6),
        (ErrorCode::BirthTooOld.number(), 6),
        (ErrorCode::ChecksumMismatch.number(), 17),
        (0, BatchResult::NO_POSITION),
    ];

    /// The fast check for these options, or None when they ask for more than it does (a
    /// required length other than 18, kinds without resident IDs, a region check other than
    /// the default).
    fn new(opts: &Options) -> Option<Fast18> {
        let kinds = opts.kinds.unwrap_or(u16::MAX);
        let accepts = |k: Kind| kinds & (1 << k.number()) != 0;
        let length_ok = opts.length.is_none_or(|l| l == 18);
        (length_ok && accepts(Kind::Resident18) && opts.region == RegionCheck::Known).then(|| {
            Fast18 {
                kinds,
                resident15: opts.length.is_none() && accepts(Kind::Resident15),
                reference: opts.reference.yyyymmdd(),
                oldest: resident::oldest_excluded(opts.reference),
                regions: region::Existence::get(),
            }
        })
    }

    /// The kind of permit `code` marks, if it marks one and `kinds` accepts it (out of line:
    /// few rows).
    #[inline(never)]
    fn permit(code: u32, kinds: u16) -> Option<Kind> {
        permit::kind_of_code(code).filter(|k| kinds & (1 << k.number()) != 0)
    }

    /// [`Fast18::check`] of 18 cleaned characters, if they have the shape it reads.
    #[inline(always)]
    fn check_text(&self, w: &[u8; 18]) -> Option<RowVerdict> {
        let d = resident::Digits18::read(w);
        d.is_shaped().then(|| self.check(d)).flatten()
    }

    /// The verdict on `d`, whose shape [`resident::Digits18::is_shaped`] has accepted, as a
    /// resident ID or a residence permit (whose code is not a region: [`permit::kind_of_code`]);
    /// None for a permit the options do not accept and for foreigners' numbers (first digit
    /// 9).
    #[inline(always)]
    fn check(&self, d: resident::Digits18) -> Option<RowVerdict> {
        let (kind, problems, ymd) = self.facts(d)?;
        Some(Fast18::verdict(kind, problems, ymd, d.c16()))
    }

    /// What [`Fast18::check`] finds in `d`: the kind, every problem (bits in
    /// [`Fast18::ORDER`]; more than one of the three date bits may be set, of which
    /// [`resident::check18`] reports the first) and the birth date as YYYYMMDD.
    #[inline(always)]
    fn facts(&self, d: resident::Digits18) -> Option<(Kind, u32, u32)> {
        let f = d.fields();
        let code = f.code;
        if d.first() == b'9' {
            return None;
        }
        // Above every region code: a permit's (or none, which the general checks report).
        let mut kind = Kind::Resident18;
        if code >= 810000 {
            kind = Fast18::permit(code, self.kinds)?;
        }
        let region_ok =
            (kind != Kind::Resident18) | ((code < 710000) & self.regions.contains(code));
        if !region_ok & Fast18::maybe_statistical(code) {
            // Rare: the general checks tell a statistical code from an unknown one.
            return None;
        }
        let check_ok = checksum::mod11_2_char(f.sum) == d.c17();
        let problems = !region_ok as u32
            | self.date_problems(f.ymd, f.century, f.year, f.month, f.day)
            | (!check_ok as u32) << 4;
        Some((kind, problems, f.ymd))
    }

    /// What [`Fast18::facts`] finds in 18 cleaned characters, with the problems as
    /// [`resident::check18`] reports them (of the date problems only the first); None where
    /// the fast check does not apply.
    #[inline]
    fn row(&self, w: &[u8; 18]) -> Option<PlainRow> {
        let d = resident::Digits18::read(w);
        if !d.is_shaped() {
            return None;
        }
        let (kind, problems, ymd) = self.facts(d)?;
        let date = problems & 0b1110;
        Some(PlainRow {
            kind,
            problems: problems & !date | date & date.wrapping_neg(),
            ymd,
            code: d.code(),
            sex_digit: d.c16(),
        })
    }

    /// The verdict [`resident::check18`] gives on 18 cleaned characters that
    /// [`Fast18::facts`] reads, with its problems as that reports them (of the date problems
    /// the first; positions in cleaned coordinates); None where the fast check does not
    /// apply.
    fn check_one(&self, w: &[u8; 18]) -> Option<(Kind, Result<Parsed, Problems>)> {
        let row = self.row(w)?;
        if row.is_valid() {
            return Some((row.kind, Ok(row.parsed()?)));
        }
        let mut ps = Problems::default();
        for (code, at) in row.problems() {
            ps.push(Problem::at(code, at));
        }
        Some((row.kind, Err(ps)))
    }

    /// Whether `code` could be a statistical code (county part 71–79, as every one is): only
    /// such a code, when it is not a region, leaves the branch-free check, so that the
    /// general checks can report `region_statistical`; other unknown codes stay here.
    #[inline(always)]
    fn maybe_statistical(code: u32) -> bool {
        (code % 100).wrapping_sub(71) < 9
    }

    /// The problems of a birth date (bits 1, 2 and 3 of a problem set: not a date, in the
    /// future, too old), from its YYYYMMDD and the pairs of its digits.
    #[inline(always)]
    fn date_problems(&self, ymd: u32, century: u32, year: u32, month: u32, day: u32) -> u32 {
        // Days in each month, indexed by the two month digits (0 for a month that is not one).
        const DAYS: [u8; 100] = {
            let mut t = [0u8; 100];
            let mut m = 1;
            while m <= 12 {
                t[m] = date::days_in_month(1, m as u8);
                m += 1;
            }
            t
        };
        // Gregorian leap years, read from the digit pairs: a year ending 00 is a leap year
        // when its century is divisible by 4, any other when its last two digits are.
        let leap = (if year == 0 { century } else { year }) % 4 == 0;
        let days = DAYS[month as usize] as u32 + ((month == 2) & leap) as u32;
        let date_ok = (ymd >= 10_000) & (day != 0) & (day <= days);
        (!date_ok as u32) << 1
            | ((ymd > self.reference) as u32) << 2
            | ((ymd <= self.oldest) as u32) << 3
    }

    /// The verdict on a row of `kind` with `problems` (bits in [`Fast18::ORDER`]), birth date
    /// `ymd` and sex digit `sex_digit` (odd: male).
    #[inline(always)]
    fn verdict(kind: Kind, problems: u32, ymd: u32, sex_digit: u8) -> RowVerdict {
        let valid = problems == 0;
        // No problem: trailing_zeros is 32, clamped to the last entry (no branch).
        let (error, at) = Fast18::ORDER[(problems.trailing_zeros() as usize).min(5)];
        RowVerdict {
            kind: kind.number(),
            error,
            at,
            birth: ymd & 0u32.wrapping_sub(valid as u32),
            sex: valid as u8 * (2 - (sex_digit & 1)),
            warning: 0,
        }
    }

    /// The verdict on a clean row of 15 characters when they are digits (a legacy resident
    /// ID), as [`resident::check15`] gives it: region, then birth date (in 19xx). None when
    /// the options require a length or refuse the kind, or the row is not all digits.
    #[inline(always)]
    fn check15(&self, w: &[u8; 15]) -> Option<RowVerdict> {
        let (lo, hi) = (swar::word(w, 0), swar::word(w, 7));
        if !(self.resident15 && swar::all_digits(lo) && swar::all_digits(hi)) {
            return None;
        }
        let code = swar::number6(lo);
        // Characters 4..12: the pairs 45, YY, MM, DD; the first replaced by the century.
        let pairs = swar::pairs(swar::values(swar::word(w, 4))) & !0xFFFF | 19;
        let (year, month, day) = (
            (pairs >> 16) as u32 & 0xFF,
            (pairs >> 32) as u32 & 0xFF,
            (pairs >> 48) as u32,
        );
        let ymd = swar::number8(pairs);
        let region_ok = (code < 710000) & self.regions.contains(code);
        if !region_ok & Fast18::maybe_statistical(code) {
            return None;
        }
        let problems = !region_ok as u32 | self.date_problems(ymd, 19, year, month, day);
        Some(Fast18::verdict(Kind::Resident15, problems, ymd, w[14]))
    }

    /// The verdict on a clean row of 18 characters that is not 17 digits and a digit or X
    /// (a letter among the digits), as [`resident::check18`] gives it: `invalid_character`
    /// at the first character out of place. None for a foreigner's number (first character
    /// 9) and for a kind the options refuse.
    #[inline(never)] // few rows
    fn check_misshaped(&self, w: &[u8; 18]) -> Option<RowVerdict> {
        if w[0] == b'9' {
            return None;
        }
        let kind = permit::kind_of(&w[..6]).unwrap_or(Kind::Resident18);
        if self.kinds & (1 << kind.number()) == 0 {
            return None;
        }
        let at = swar::first_non_digit(swar::word(w, 0))
            .or_else(|| swar::first_non_digit(swar::word(w, 8)).map(|i| i + 8))
            .unwrap_or(if w[16].is_ascii_digit() { 17 } else { 16 });
        Some(RowVerdict {
            kind: kind.number(),
            error: ErrorCode::InvalidCharacter.number(),
            at: at as u16,
            birth: 0,
            sex: 0,
            warning: 0,
        })
    }
}

/// Validates one value per line of `text` (lines split on `\n`, a trailing `\r` ignored).
/// Rows in = rows out: every line is a row, an empty line an `empty` error. A line end at the
/// very end of the text ends the last line, as in a file saved by any editor, and starts no
/// row: `"a\nb\n"` and `"a\nb"` are two rows, `"a\n\n"` is two (the second empty), `""` one.
pub fn validate_column(text: &str, opts: &Options, with_normalized: bool) -> BatchResult {
    validate_column_bytes(text.as_bytes(), opts, with_normalized)
}

/// [`validate_column`] for UTF-8 bytes (e.g. a file as read). A row that is not valid UTF-8 is
/// read with U+FFFD in place of the bad bytes, so it is reported as `invalid_character`, never
/// dropped.
#[inline(never)] // once per column; keeps a symbol for profilers
pub fn validate_column_bytes(b: &[u8], opts: &Options, with_normalized: bool) -> BatchResult {
    // The text's final line end ends its last row (see `validate_column`).
    let b = match b.strip_suffix(b"\n") {
        Some(rest) => rest.strip_suffix(b"\r").unwrap_or(rest),
        None => b,
    };
    let mut r = Filling::new(b.len() / 19 + 1, with_normalized, opts);
    let fast = Fast18::new(opts);
    let mut start = 0;
    loop {
        // Fast path for the common row: 17 digits and a digit or X, then a newline (`\n` or
        // `\r\n`) or the end. Such a row is its own cleaned form (as `normalize::is_plain`
        // would say).
        if let Some(w) = b[start..].first_chunk::<18>() {
            let crlf = b.get(start + 18) == Some(&b'\r')
                && matches!(b.get(start + 19), None | Some(b'\n'));
            let d = resident::Digits18::read(w);
            if (crlf || matches!(b.get(start + 18), None | Some(b'\n'))) && d.is_shaped() {
                match fast.as_ref().and_then(|f| f.check(d)) {
                    Some(row) => r.push_verdict(row),
                    None => r.push_verdict(general_verdict(w, opts)),
                }
                if let Some(out) = r.r.normalized.as_mut() {
                    out.push(ascii_text(w));
                }
                start += 19 + crlf as usize;
                if start > b.len() {
                    break;
                }
                continue;
            }
        }
        let end = swar::find_newline(b, start);
        r.push_row(&b[start..end], opts, fast.as_ref());
        if end == b.len() {
            break;
        }
        start = end + 1;
    }
    r.finish()
}

/// The verdict on a clean row by the general checks. Kept out of line: inlined, it leads the
/// compiler to read the hot path's words byte by byte (measured: WebAssembly assembled each
/// 8-byte word from single-byte loads).
#[inline(never)]
fn general_verdict(w: &[u8], opts: &Options) -> RowVerdict {
    let (kind, verdict) = check_clean(w, opts);
    RowVerdict::of(kind, verdict)
}

/// ASCII bytes as text (out of line, for the same reason as [`general_verdict`]).
#[inline(never)]
fn ascii_text(w: &[u8]) -> String {
    w.iter().map(|&c| c as char).collect()
}

/// Validates each value of an iterator, as [`validate_column`] does for lines.
pub fn validate_rows<'a, I: IntoIterator<Item = &'a str>>(
    rows: I,
    opts: &Options,
    with_normalized: bool,
) -> BatchResult {
    let rows = rows.into_iter();
    let mut r = Filling::new(rows.size_hint().0, with_normalized, opts);
    let fast = Fast18::new(opts);
    for row in rows {
        r.push_row(row.as_bytes(), opts, fast.as_ref());
    }
    r.finish()
}

/// A [`BatchResult`] being filled: its columns are allocated (zeroed) ahead and written by
/// index, `n` rows so far; [`Filling::finish`] cuts them to length. Cheaper per row than five
/// `Vec::push`es, which each load, check and store their length.
struct Filling {
    r: BatchResult,
    n: usize,
}

impl Filling {
    fn new(cap: usize, with_normalized: bool, opts: &Options) -> Filling {
        let cap = cap.max(1);
        Filling {
            r: BatchResult {
                kinds: vec![0; cap],
                errors: vec![0; cap],
                at: vec![0; cap],
                births: vec![0; cap],
                sexes: vec![0; cap],
                normalized: with_normalized.then(|| Vec::with_capacity(cap)),
                warnings: (opts.region == RegionCheck::Lenient).then(|| Vec::with_capacity(cap)),
                valid: 0,
            },
            n: 0,
        }
    }

    fn finish(mut self) -> BatchResult {
        let n = self.n;
        self.r.kinds.truncate(n);
        self.r.errors.truncate(n);
        self.r.at.truncate(n);
        self.r.births.truncate(n);
        self.r.sexes.truncate(n);
        self.r
    }

    /// Doubles every column (the estimate of rows was short).
    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let cap = self.r.kinds.len() * 2;
        self.r.kinds.resize(cap, 0);
        self.r.errors.resize(cap, 0);
        self.r.at.resize(cap, 0);
        self.r.births.resize(cap, 0);
        self.r.sexes.resize(cap, 0);
    }

    /// Validates one row (a trailing `\r` ignored) and appends its result.
    fn push_row(&mut self, row: &[u8], opts: &Options, fast: Option<&Fast18>) {
        let row = row.strip_suffix(b"\r").unwrap_or(row);
        let (verdict, text) = check_row(row, opts, fast, self.r.normalized.is_some());
        self.push_verdict(verdict);
        if let (Some(out), Some(text)) = (self.r.normalized.as_mut(), text) {
            out.push(text);
        }
    }

    #[inline(always)]
    fn push_verdict(&mut self, v: RowVerdict) {
        let n = self.n;
        if n >= self.r.kinds.len() {
            self.grow();
        }
        let r = &mut self.r;
        r.valid += (v.error == 0) as usize;
        r.kinds[n] = v.kind;
        r.errors[n] = v.error;
        r.at[n] = v.at;
        r.births[n] = v.birth;
        r.sexes[n] = v.sex;
        if let Some(w) = r.warnings.as_mut() {
            w.push(v.warning);
        }
        self.n = n + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::test_rng::Rng;

    /// 18 characters of a number: a region code (current, abolished, statistical, unknown), a
    /// permit's or a foreigner's code, a birth date that may not be one, a sequence, and a
    /// check character that is mostly right.
    fn number(rng: &mut Rng) -> [u8; 18] {
        const CODES: [u32; 10] = [
            110105, 310101, 440303, 362502, 130171, 110199, 810000, 830000, 710000, 990000,
        ];
        let code = CODES[rng.below(CODES.len() as u64) as usize];
        let year = 1890 + rng.below(140) as u32;
        let (month, day) = (rng.below(14) as u32, rng.below(32) as u32);
        let body = format!("{code:06}{year:04}{month:02}{day:02}{:03}", rng.below(1000));
        let mut w = [0u8; 18];
        w[..17].copy_from_slice(body.as_bytes());
        w[17] = match (
            checksum::mod11_2(w.first_chunk::<17>().unwrap()),
            rng.below(5),
        ) {
            (Some(c), 0..=3) => c,
            _ => b"0123456789X"[rng.below(11) as usize],
        };
        w
    }

    /// `w` written the way people write it: spaces, a tab or U+3000 between the groups, a
    /// lower-case x, full-width digits.
    fn messy(w: &[u8; 18], rng: &mut Rng) -> String {
        let mut s = String::new();
        for (i, &c) in w.iter().enumerate() {
            if matches!(i, 6 | 14) && rng.below(2) == 0 {
                s.push([' ', '\t', '\u{3000}'][rng.below(3) as usize]);
            }
            match c {
                b'X' if rng.below(2) == 0 => s.push('x'),
                b'0'..=b'9' if rng.below(4) == 0 => {
                    s.push(char::from_u32(0xFF10 + (c - b'0') as u32).unwrap())
                }
                _ => s.push(c as char),
            }
        }
        s
    }

    /// What a row read as numbers says, set against the general checks' verdict on the same
    /// text (`normalized`: the 18 characters the row was read from).
    fn assert_agrees(text: &str, normalized: &[u8; 18], row: &PlainRow, opts: &Options) {
        let c = check_id(text, opts);
        assert_eq!(c.kind, Some(row.kind), "{text:?}");
        assert_eq!(
            c.normalized.as_ref().map(|n| n.as_bytes()),
            Some(&normalized[..]),
            "{text:?}"
        );
        match &c.verdict {
            Ok(f) => {
                assert!(row.is_valid(), "{text:?}");
                assert_eq!(Some(f.parsed), row.parsed(), "{text:?}");
                assert_eq!(f.parsed.birth.yyyymmdd(), row.ymd, "{text:?}");
                assert_eq!(f.parsed.sex, Some(row.sex()), "{text:?}");
                assert_eq!(f.region_entry, row.region_entry(), "{text:?}");
                assert_eq!(f.region, row.region(), "{text:?}");
                assert_eq!(f.age, f.parsed.birth.age_on(opts.reference), "{text:?}");
                assert!(f.warnings.is_empty(), "{text:?}");
            }
            Err(ps) => {
                assert!(!row.is_valid(), "{text:?}");
                let listed: Vec<(ErrorCode, Option<u32>)> =
                    ps.as_slice().iter().map(|p| (p.code, p.at)).collect();
                let read: Vec<(ErrorCode, Option<u32>)> =
                    row.problems().map(|(code, at)| (code, Some(at))).collect();
                assert_eq!(listed, read, "{text:?}");
                assert_eq!(row.region(), None, "{text:?}");
            }
        }
    }

    /// The per-value path of the JavaScript API writes out [`Plain18::row`] for 18 plain
    /// characters, and for a valid number whose cleaned text ([`normalize::common18`]) is 18
    /// characters: field for field what [`check_id`] gives.
    #[test]
    fn plain_rows_agree_with_the_general_checks() {
        let reference = Date::new(2026, 11, 22).unwrap();
        let option_sets = [
            Options::new(reference),
            Options {
                length: Some(18),
                ..Options::new(Date::new(2001, 2, 28).unwrap())
            },
            Options {
                kinds: Some(1 << Kind::Resident18.number() | 1 << Kind::PermitHk.number()),
                ..Options::new(reference)
            },
        ];
        let mut rng = Rng(20261130);
        let (mut plain_rows, mut messy_valid, mut invalid) = (0, 0, 0);
        for opts in &option_sets {
            let plain = Plain18::new(opts).unwrap();
            for _ in 0..20_000 {
                let w = number(&mut rng);
                let text = core::str::from_utf8(&w).unwrap();
                if let Some(row) = plain.row(&w) {
                    assert_agrees(text, &w, &row, opts);
                    plain_rows += 1;
                    invalid += !row.is_valid() as usize;
                    let (kind, verdict) = check_plain18(&w, opts).unwrap();
                    assert_eq!(kind, row.kind);
                    assert_eq!(verdict.is_ok(), row.is_valid());
                }
                let text = messy(&w, &mut rng);
                if let Some(cleaned) = normalize::common18(text.as_bytes()) {
                    if let Some(row) = plain.row(&cleaned).filter(|r| r.is_valid()) {
                        assert_agrees(&text, &cleaned, &row, opts);
                        messy_valid += 1;
                    }
                }
            }
        }
        // Every path was taken, many times.
        assert!(plain_rows > 20_000 && invalid > 5_000 && messy_valid > 5_000);
    }
}
