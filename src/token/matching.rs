//! Comparing two token files: who is in both, only in A, only in B, and who appears twice
//! within a file. The primary rule matches ID tokens; an optional second rule matches name and
//! birth-date tokens together for rows the first rule left unmatched. Memory-lean: each rule
//! sorts (token, row) pairs of 16 + 4 bytes and merges them.

use super::file::{key16, FileError, TokenFile};
use super::Field;
use crate::lang::Lang;

/// Which rule matched a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// The ID tokens are equal.
    Id,
    /// The name tokens and the birth-date tokens are both equal.
    NameBirthDate,
}

impl Rule {
    /// Stable name.
    pub const fn name(self) -> &'static str {
        match self {
            Rule::Id => "id",
            Rule::NameBirthDate => "name_birth_date",
        }
    }
    /// Description in `lang`.
    pub const fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Rule::Id, Lang::Zh) => "证件号码一致",
            (Rule::Id, Lang::En) => "same identity number",
            (Rule::NameBirthDate, Lang::Zh) => "姓名和出生日期一致",
            (Rule::NameBirthDate, Lang::En) => "same name and birth date",
        }
    }
}

/// Options of a comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Also match name + birth date where the ID tokens do not match (both files need the
    /// `name` and `birthDate` fields).
    pub name_birth_date: bool,
}

/// A row of A matched with a row of B.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    /// Row index in A (0-based).
    pub a: u32,
    /// Row index in B: the first B row with the same key.
    pub b: u32,
    /// The rule that matched.
    pub rule: Rule,
}

/// The result of a comparison (row indexes, 0-based; map them to references with the files).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Every A row that has a match in B, with the first matching B row.
    pub pairs: Vec<Pair>,
    /// B rows that have a match in A.
    pub matched_b: u32,
    /// A rows without a match (e.g. registered but not insured: unenrolled).
    pub only_a: Vec<u32>,
    /// B rows without a match.
    pub only_b: Vec<u32>,
    /// Groups of A rows with the same ID token (e.g. enrolled twice).
    pub duplicates_a: Vec<Vec<u32>>,
    /// Groups of B rows with the same ID token.
    pub duplicates_b: Vec<Vec<u32>>,
    /// A rows with no token for any rule in use (their values were missing or invalid).
    pub unusable_a: Vec<u32>,
    /// B rows with no token for any rule in use.
    pub unusable_b: Vec<u32>,
}

fn mismatch(code: &'static str, zh: String, en: String) -> FileError {
    FileError::new(code, None, zh, en)
}

/// Checks that two files can be compared: same scheme, key fingerprint and token size.
pub fn check_comparable(a: &TokenFile, b: &TokenFile) -> Result<(), FileError> {
    let (ha, hb) = (&a.header, &b.header);
    if ha.scheme != hb.scheme {
        return Err(mismatch(
            "scheme_mismatch",
            format!(
                "两个文件的令牌算法不同（{} 与 {}），无法比对",
                ha.scheme.name(),
                hb.scheme.name()
            ),
            format!(
                "the files use different schemes ({} and {}) and cannot be compared",
                ha.scheme.name(),
                hb.scheme.name()
            ),
        ));
    }
    if ha.fingerprint != hb.fingerprint {
        return Err(mismatch(
            "fingerprint_mismatch",
            format!("两个文件的密钥指纹不同（{} 与 {}）：它们不是用同一个活动密钥生成的，比对结果会是空的", ha.fingerprint, hb.fingerprint),
            format!("the key fingerprints differ ({} and {}): the files were not made with the same campaign secret, so nothing would match", ha.fingerprint, hb.fingerprint),
        ));
    }
    if ha.bits != hb.bits {
        return Err(mismatch(
            "bits_mismatch",
            format!("两个文件的令牌长度不同（{} 位与 {} 位）", ha.bits, hb.bits),
            format!("the token sizes differ ({} and {} bits)", ha.bits, hb.bits),
        ));
    }
    Ok(())
}

/// (key, row) for each row that has the token, sorted.
fn keys(f: &TokenFile, field: Field) -> Vec<(u128, u32)> {
    let Some(c) = f.column(field) else {
        return Vec::new();
    };
    let w = f.header.width();
    let mut v: Vec<(u128, u32)> = c
        .present
        .iter()
        .enumerate()
        .filter(|(_, &p)| p)
        .map(|(row, _)| (key16(&c.bytes[row * w..]), row as u32))
        .collect();
    v.sort_unstable();
    v
}

/// ((name key, birth key), row) for rows not yet matched that have both tokens, sorted.
fn pair_keys(f: &TokenFile, matched: &[bool]) -> Vec<((u128, u128), u32)> {
    let (Some(n), Some(b)) = (f.column(Field::Name), f.column(Field::BirthDate)) else {
        return Vec::new();
    };
    let w = f.header.width();
    let mut v: Vec<((u128, u128), u32)> = (0..f.refs.len())
        .filter(|&r| !matched[r] && n.present[r] && b.present[r])
        .map(|r| {
            (
                (key16(&n.bytes[r * w..]), key16(&b.bytes[r * w..])),
                r as u32,
            )
        })
        .collect();
    v.sort_unstable();
    v
}

/// Walks two sorted lists group by group: `f(rows of A, rows of B)` for each distinct key
/// (either side may be empty).
fn merge<K: Ord + Copy>(
    a: &[(K, u32)],
    b: &[(K, u32)],
    mut f: impl FnMut(&[(K, u32)], &[(K, u32)]),
) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let k = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.0.min(y.0),
            (Some(x), None) => x.0,
            (None, Some(y)) => y.0,
            (None, None) => break,
        };
        let i2 = i + a[i..].iter().take_while(|x| x.0 == k).count();
        let j2 = j + b[j..].iter().take_while(|y| y.0 == k).count();
        f(&a[i..i2], &b[j..j2]);
        i = i2;
        j = j2;
    }
}

/// Records a key's rows of A and B as matched (when both sides have some): each A row pairs
/// with the first B row.
fn pair_up<K>(
    ga: &[(K, u32)],
    gb: &[(K, u32)],
    rule: Rule,
    matched_a: &mut [bool],
    matched_b: &mut [bool],
    pairs: &mut Vec<Pair>,
) {
    let Some(first_b) = gb.iter().map(|x| x.1).min() else {
        return;
    };
    if ga.is_empty() {
        return;
    }
    for &(_, r) in ga {
        matched_a[r as usize] = true;
        pairs.push(Pair {
            a: r,
            b: first_b,
            rule,
        });
    }
    for &(_, r) in gb {
        matched_b[r as usize] = true;
    }
}

/// Compares two token files.
pub fn compare(a: &TokenFile, b: &TokenFile, opts: Options) -> Result<Comparison, FileError> {
    // Row indexes below are 32-bit and index every column: a file read by the reader always
    // fits; one put together by hand is checked, so that nothing wraps or panics. (The
    // JavaScript API compares only files it has just read: its module goes without the check.)
    #[cfg(not(target_arch = "wasm32"))]
    {
        a.check_shape()?;
        b.check_shape()?;
    }
    check_comparable(a, b)?;
    let has = |f: &TokenFile, x: Field| f.header.fields.contains(&x);
    let by_id = has(a, Field::Id) && has(b, Field::Id);
    let by_pair = opts.name_birth_date
        && [a, b]
            .iter()
            .all(|f| has(f, Field::Name) && has(f, Field::BirthDate));
    if opts.name_birth_date && !by_pair {
        return Err(mismatch(
            "missing_fields",
            "按“姓名 + 出生日期”比对需要两个文件都含 name 和 birthDate 令牌".into(),
            "matching by name and birth date needs name and birthDate tokens in both files".into(),
        ));
    }
    if !by_id && !by_pair {
        return Err(mismatch(
            "missing_fields",
            "两个文件没有共同的比对字段（需要都含 id 令牌，或都含 name 和 birthDate 令牌并选用第二规则）".into(),
            "the files have no field to match on (both need id tokens, or name and birthDate tokens with the second rule)".into(),
        ));
    }
    let (na, nb) = (a.refs.len(), b.refs.len());
    let mut matched_a = vec![false; na];
    let mut matched_b = vec![false; nb];
    let mut usable_a = vec![false; na];
    let mut usable_b = vec![false; nb];
    let mut out = Comparison::default();
    if by_id {
        let (ka, kb) = (keys(a, Field::Id), keys(b, Field::Id));
        for &(_, r) in &ka {
            usable_a[r as usize] = true;
        }
        for &(_, r) in &kb {
            usable_b[r as usize] = true;
        }
        merge(&ka, &kb, |ga, gb| {
            if ga.len() > 1 {
                out.duplicates_a.push(ga.iter().map(|x| x.1).collect());
            }
            if gb.len() > 1 {
                out.duplicates_b.push(gb.iter().map(|x| x.1).collect());
            }
            pair_up(
                ga,
                gb,
                Rule::Id,
                &mut matched_a,
                &mut matched_b,
                &mut out.pairs,
            );
        });
    }
    if by_pair {
        let (ka, kb) = (pair_keys(a, &matched_a), pair_keys(b, &matched_b));
        for &(_, r) in &ka {
            usable_a[r as usize] = true;
        }
        for &(_, r) in &kb {
            usable_b[r as usize] = true;
        }
        merge(&ka, &kb, |ga, gb| {
            pair_up(
                ga,
                gb,
                Rule::NameBirthDate,
                &mut matched_a,
                &mut matched_b,
                &mut out.pairs,
            );
        });
    }
    out.pairs.sort_unstable_by_key(|p| p.a);
    for g in out
        .duplicates_a
        .iter_mut()
        .chain(out.duplicates_b.iter_mut())
    {
        g.sort_unstable();
    }
    out.duplicates_a.sort_unstable();
    out.duplicates_b.sort_unstable();
    out.matched_b = matched_b.iter().filter(|&&m| m).count() as u32;
    for r in 0..na {
        match (usable_a[r], matched_a[r]) {
            (false, _) => out.unusable_a.push(r as u32),
            (true, false) => out.only_a.push(r as u32),
            _ => {}
        }
    }
    for r in 0..nb {
        match (usable_b[r], matched_b[r]) {
            (false, _) => out.unusable_b.push(r as u32),
            (true, false) => out.only_b.push(r as u32),
            _ => {}
        }
    }
    Ok(out)
}

/// What a finding is: the first column of [`to_csv`], in the reader's language, with its
/// stable code in the last column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// In both files.
    InBoth,
    /// Only in A.
    OnlyA,
    /// Only in B.
    OnlyB,
    /// One of a group with the same ID token in A.
    DuplicateA,
    /// One of a group with the same ID token in B.
    DuplicateB,
    /// A row of A without a usable token.
    UnusableA,
    /// A row of B without a usable token.
    UnusableB,
}

impl Category {
    /// Every category, in the CSV's order.
    pub const ALL: [Category; 7] = [
        Category::InBoth,
        Category::OnlyA,
        Category::OnlyB,
        Category::DuplicateA,
        Category::DuplicateB,
        Category::UnusableA,
        Category::UnusableB,
    ];

    /// Stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Category::InBoth => "in_both",
            Category::OnlyA => "only_a",
            Category::OnlyB => "only_b",
            Category::DuplicateA => "duplicate_a",
            Category::DuplicateB => "duplicate_b",
            Category::UnusableA => "unusable_a",
            Category::UnusableB => "unusable_b",
        }
    }

    /// The category as people read it.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Category::InBoth, Lang::Zh) => "两份名单都有",
            (Category::InBoth, Lang::En) => "In both",
            (Category::OnlyA, Lang::Zh) => "只在 A",
            (Category::OnlyA, Lang::En) => "Only in A",
            (Category::OnlyB, Lang::Zh) => "只在 B",
            (Category::OnlyB, Lang::En) => "Only in B",
            (Category::DuplicateA, Lang::Zh) => "A 中重复",
            (Category::DuplicateA, Lang::En) => "Duplicate in A",
            (Category::DuplicateB, Lang::Zh) => "B 中重复",
            (Category::DuplicateB, Lang::En) => "Duplicate in B",
            (Category::UnusableA, Lang::Zh) => "A 中无法比对",
            (Category::UnusableA, Lang::En) => "Not comparable in A",
            (Category::UnusableB, Lang::Zh) => "B 中无法比对",
            (Category::UnusableB, Lang::En) => "Not comparable in B",
        }
    }
}

/// Cells of the user's own roster joined to findings by row reference (names, villages), so
/// that findings can be read without a spreadsheet lookup. Stays in the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Join {
    /// The joined columns' headers.
    pub headers: Vec<String>,
    /// Cells by row reference (as in the token file).
    pub rows: std::collections::HashMap<String, Vec<String>>,
}

/// The comparison as CSV (UTF-8; callers add a byte-order mark for Excel): a header, then one
/// line per finding: category (in `lang`), the row references in A and B (spreadsheet row
/// numbers for files made from a sheet), the detail (the rule that matched, or the duplicate
/// group's number), the category's code, then the cells joined from A's and B's own rosters.
pub fn to_csv(
    c: &Comparison,
    a: &TokenFile,
    b: &TokenFile,
    lang: Lang,
    join: [Option<&Join>; 2],
) -> String {
    let mut s = String::new();
    let cell = |out: &mut String, v: &str| crate::csv::push_cell(out, v);
    let heads: [&str; 5] = match lang {
        Lang::Zh => ["类别", "A 行号", "B 行号", "说明", "代码"],
        Lang::En => ["category", "ref_a", "ref_b", "detail", "code"],
    };
    let mut first = true;
    let mut head = |s: &mut String, h: &str| {
        if !first {
            s.push(',');
        }
        first = false;
        cell(s, h);
    };
    for h in heads {
        head(&mut s, h);
    }
    for (side, j) in ["A", "B"].iter().zip(join) {
        for h in j.map(|j| j.headers.as_slice()).unwrap_or_default() {
            head(&mut s, &format!("{side} {h}"));
        }
    }
    s.push('\n');
    let mut line = |cat: Category, ra: Option<u32>, rb: Option<u32>, detail: &str| {
        let (ra, rb) = (
            ra.map(|r| a.refs[r as usize].as_str()),
            rb.map(|r| b.refs[r as usize].as_str()),
        );
        cell(&mut s, cat.label(lang));
        for v in [ra.unwrap_or(""), rb.unwrap_or(""), detail, cat.code()] {
            s.push(',');
            cell(&mut s, v);
        }
        for (r, j) in [ra, rb].into_iter().zip(join) {
            let Some(j) = j else { continue };
            let cells = r.and_then(|r| j.rows.get(r));
            for k in 0..j.headers.len() {
                s.push(',');
                cell(
                    &mut s,
                    cells.and_then(|c| c.get(k)).map_or("", String::as_str),
                );
            }
        }
        s.push('\n');
    };
    for p in &c.pairs {
        line(
            Category::InBoth,
            Some(p.a),
            Some(p.b),
            p.rule.describe(lang),
        );
    }
    for &r in &c.only_a {
        line(Category::OnlyA, Some(r), None, "");
    }
    for &r in &c.only_b {
        line(Category::OnlyB, None, Some(r), "");
    }
    for (i, g) in c.duplicates_a.iter().enumerate() {
        for &r in g {
            line(Category::DuplicateA, Some(r), None, &(i + 1).to_string());
        }
    }
    for (i, g) in c.duplicates_b.iter().enumerate() {
        for &r in g {
            line(Category::DuplicateB, None, Some(r), &(i + 1).to_string());
        }
    }
    for &r in &c.unusable_a {
        line(Category::UnusableA, Some(r), None, "");
    }
    for &r in &c.unusable_b {
        line(Category::UnusableB, None, Some(r), "");
    }
    s
}
