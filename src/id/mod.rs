//! Identity numbers: one module per kind, the same verbs everywhere.
//!
//! Flow: raw text → [`normalize()`] → dispatch on shape → per-kind checks → [`IdNumber`] or
//! [`Invalid`] with a list of [`Problem`]s (closed [`ErrorCode`] set, zh/en messages).
//! Nothing here panics on any input.

pub mod checksum;
pub mod date;
pub mod error;
pub mod foreign;
pub mod normalize;
pub mod permit;
pub mod phone;
pub mod region;
pub mod resident;
pub mod uscc;

pub use date::Date;
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
    /// Strict mode: the region code must have existed in the year of birth.
    pub strict_region: bool,
    /// Require this many characters after cleaning (15 or 18), e.g. so that a half-typed
    /// 18-digit number is not accepted as a legacy 15-digit one.
    pub length: Option<u8>,
    /// Accept only these kinds (bit `1 << kind.number()`); `None` accepts all.
    pub kinds: Option<u16>,
}

impl Options {
    /// Default options with the given reference date.
    pub fn new(reference: Date) -> Options {
        Options {
            reference,
            strict_region: false,
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
    if let Some(len) = opts.length {
        if b.len() != len as usize {
            return (
                None,
                Err(Problems::one(Problem::new(ErrorCode::WrongLength))),
            );
        }
    }
    let Some(kind) = shape(b) else {
        return (
            None,
            Err(Problems::one(Problem::new(ErrorCode::WrongLength))),
        );
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

/// The cleaned text of a batch row, as far as cleaning got.
enum Cleaned<'a> {
    /// The row was already clean: it is its own cleaned form.
    Plain(&'a str),
    /// The row was cleaned into this.
    Normalized(Normalized),
    /// Cleaning failed (empty, scientific notation, invalid character).
    Failed,
}

impl Cleaned<'_> {
    fn as_str(&self) -> &str {
        match self {
            Cleaned::Plain(s) => s,
            Cleaned::Normalized(n) => n.as_str(),
            Cleaned::Failed => "",
        }
    }
}

/// Validates one row of a column: [`check`] after [`normalize`], without copying plain text.
fn check_row<'a>(
    row: &'a str,
    opts: &Options,
) -> (Option<Kind>, Result<Parsed, Problems>, Cleaned<'a>) {
    if normalize::is_plain(row.as_bytes()) {
        let (k, v) = check_clean(row.as_bytes(), opts);
        return (k, v, Cleaned::Plain(row));
    }
    match normalize(row) {
        Ok(n) => {
            let (k, v) = check(&n, opts);
            (k, v, Cleaned::Normalized(n))
        }
        Err(p) => (None, Err(Problems::one(p)), Cleaned::Failed),
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
    let n = normalize(text).map_err(|p| Invalid {
        kind: None,
        normalized: None,
        problems: Problems::one(p),
    })?;
    match check(&n, opts) {
        (_, Ok(p)) => Ok(IdNumber {
            kind: p.kind,
            normalized: n.as_str().to_string(),
            birth: p.birth,
            sex: p.sex,
            region: match p.kind {
                Kind::Resident18 | Kind::Resident15 => {
                    region::describe(p.region_code, p.birth.year())
                }
                k => permit::region(k),
            },
            age: p.birth.age_on(opts.reference),
        }),
        (kind, Err(problems)) => Err(Invalid {
            kind,
            normalized: Some(n.as_str().to_string()),
            problems,
        }),
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

/// Validates one value per line of `text` (lines split on `\n`, a trailing `\r` ignored).
/// Rows in = rows out: `N` newlines give `N + 1` rows, and an empty line is an `empty` error.
pub fn validate_column(text: &str, opts: &Options, with_normalized: bool) -> BatchResult {
    validate_column_bytes(text.as_bytes(), opts, with_normalized)
}

/// [`validate_column`] for UTF-8 bytes (e.g. a file as read). A row that is not valid UTF-8 is
/// read with U+FFFD in place of the bad bytes, so it is reported as `invalid_character`, never
/// dropped.
#[inline(never)] // once per column; keeps a symbol for profilers
pub fn validate_column_bytes(b: &[u8], opts: &Options, with_normalized: bool) -> BatchResult {
    let mut r = BatchResult::with_capacity(b.len() / 19 + 1, with_normalized);
    let mut start = 0;
    loop {
        // Fast path for the common row: 17 digits and a digit or X, then a newline (`\n` or
        // `\r\n`) or the end. Such a row is its own cleaned form (as `normalize::is_plain`
        // would say).
        if let Some(w) = b[start..].first_chunk::<18>() {
            let crlf = b.get(start + 18) == Some(&b'\r')
                && matches!(b.get(start + 19), None | Some(b'\n'));
            if (crlf || matches!(b.get(start + 18), None | Some(b'\n'))) && resident::is_digits18(w)
            {
                let (kind, verdict) = check_clean(w, opts);
                r.push(
                    kind,
                    verdict,
                    with_normalized.then(|| w.iter().map(|&c| c as char).collect()),
                );
                start += 19 + crlf as usize;
                if start > b.len() {
                    break;
                }
                continue;
            }
        }
        let end = b[start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| start + i);
        match std::str::from_utf8(&b[start..end]) {
            Ok(row) => r.push_row(row, opts),
            Err(_) => r.push_row(&String::from_utf8_lossy(&b[start..end]), opts),
        }
        if end == b.len() {
            break;
        }
        start = end + 1;
    }
    r
}

/// Validates each value of an iterator, as [`validate_column`] does for lines.
pub fn validate_rows<'a, I: IntoIterator<Item = &'a str>>(
    rows: I,
    opts: &Options,
    with_normalized: bool,
) -> BatchResult {
    let rows = rows.into_iter();
    let mut r = BatchResult::with_capacity(rows.size_hint().0, with_normalized);
    for row in rows {
        r.push_row(row, opts);
    }
    r
}

impl BatchResult {
    fn with_capacity(cap: usize, with_normalized: bool) -> BatchResult {
        BatchResult {
            kinds: Vec::with_capacity(cap),
            errors: Vec::with_capacity(cap),
            at: Vec::with_capacity(cap),
            births: Vec::with_capacity(cap),
            sexes: Vec::with_capacity(cap),
            normalized: with_normalized.then(|| Vec::with_capacity(cap)),
            valid: 0,
        }
    }

    /// Validates one row (a trailing `\r` ignored) and appends its result.
    fn push_row(&mut self, row: &str, opts: &Options) {
        let row = row.strip_suffix('\r').unwrap_or(row);
        let (kind, verdict, clean) = check_row(row, opts);
        let text = self
            .normalized
            .is_some()
            .then(|| clean.as_str().to_string());
        self.push(kind, verdict, text);
    }

    #[inline(always)]
    fn push(
        &mut self,
        kind: Option<Kind>,
        verdict: Result<Parsed, Problems>,
        normalized: Option<String>,
    ) {
        self.kinds.push(kind.map_or(0, Kind::number));
        match verdict {
            Ok(p) => {
                self.valid += 1;
                self.errors.push(0);
                self.at.push(BatchResult::NO_POSITION);
                self.births.push(p.birth.yyyymmdd());
                self.sexes.push(p.sex.map_or(0, Sex::number));
            }
            Err(ps) => {
                let first = ps.first().unwrap_or(Problem::new(ErrorCode::Empty));
                self.errors.push(first.code.number());
                self.at.push(first.at.map_or(BatchResult::NO_POSITION, |a| {
                    a.min(u16::MAX as u32 - 1) as u16
                }));
                self.births.push(0);
                self.sexes.push(0);
            }
        }
        if let (Some(out), Some(text)) = (self.normalized.as_mut(), normalized) {
            out.push(text);
        }
    }
}
