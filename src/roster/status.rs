//! What a list's status and exclusion cells say, read by a closed vocabulary.
//!
//! A village that returns a ledger, or an office that keeps a roster, writes a person's
//! standing in its own words. Every wording is looked up in one table ([`VOCABULARY`]):
//! insured here, insured elsewhere, not insured (with the ledger's contact result where the
//! wording is one: refused, will pay, unreachable), each with the common variants and typos
//! (已交费 for 已缴费). Refusals and intentions (拒绝, 待, 应, 暂缓, 动员, 承诺) are never
//! insured. Anything else is *not understood*: counted as not insured, and listed with its row
//! by the roster pipeline (`status_not_understood`), so that no wording can raise a rate
//! without being seen. An exclusion (剔除) is read from either cell by its words
//! ([`Exclusion`]), unless denied right before (户籍未迁出).

use crate::lang::Lang;

/// Why a person is left out of the denominator (剔除), as the notices list the reasons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exclusion {
    /// In active military service (现役军人).
    Military,
    /// Settled abroad (出国定居).
    Emigrated,
    /// Serving a prison sentence (判刑收监).
    Imprisoned,
    /// Household registration moved out (户籍迁出).
    MovedOut,
    /// Deceased (死亡).
    Deceased,
    /// Missing (失踪).
    Missing,
}

impl Exclusion {
    /// Every reason.
    pub const ALL: [Exclusion; 6] = [
        Exclusion::Military,
        Exclusion::Emigrated,
        Exclusion::Imprisoned,
        Exclusion::MovedOut,
        Exclusion::Deceased,
        Exclusion::Missing,
    ];

    /// Stable snake_case code.
    pub const fn code(self) -> &'static str {
        match self {
            Exclusion::Military => "military",
            Exclusion::Emigrated => "emigrated",
            Exclusion::Imprisoned => "imprisoned",
            Exclusion::MovedOut => "moved_out",
            Exclusion::Deceased => "deceased",
            Exclusion::Missing => "missing",
        }
    }

    /// The reason as the notices write it, or in English.
    pub const fn label(self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::Lang::*;
        match (self, lang) {
            (Exclusion::Military, Zh) => "现役军人",
            (Exclusion::Military, En) => "In active military service",
            (Exclusion::Emigrated, Zh) => "出国定居",
            (Exclusion::Emigrated, En) => "Settled abroad",
            (Exclusion::Imprisoned, Zh) => "判刑收监",
            (Exclusion::Imprisoned, En) => "Serving a sentence",
            (Exclusion::MovedOut, Zh) => "户籍迁出",
            (Exclusion::MovedOut, En) => "Registration moved out",
            (Exclusion::Deceased, Zh) => "死亡",
            (Exclusion::Deceased, En) => "Deceased",
            (Exclusion::Missing, Zh) => "失踪",
            (Exclusion::Missing, En) => "Missing",
        }
    }

    /// Wordings seen in rosters.
    const fn words(self) -> &'static [&'static str] {
        match self {
            Exclusion::Military => &["现役军人", "现役", "服兵役", "入伍", "参军"],
            Exclusion::Emigrated => &["出国定居", "国外定居", "定居国外", "出国（境）定居", "移民"],
            Exclusion::Imprisoned => &["判刑收监", "服刑", "收监", "羁押", "在押"],
            Exclusion::MovedOut => &["户籍迁出", "户口迁出", "已迁出", "迁出"],
            Exclusion::Deceased => &["死亡", "已故", "去世", "身故", "殁"],
            Exclusion::Missing => &["失踪", "下落不明"],
        }
    }
}

/// Where a person stands for coverage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Insured here.
    Insured,
    /// Insured in another province, place or scheme (异地参保, 省外参保, 职工医保).
    Elsewhere,
    /// Not insured (a wording that says so, an empty cell, or one not understood).
    NotInsured,
    /// Out of the denominator, for this reason.
    Excluded(Exclusion),
}

/// What a status cell and an exclusion cell say together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// Where the person stands.
    pub standing: Standing,
    /// The ledger's contact result the status names, if it names one.
    pub contact: Option<Contact>,
    /// False when the status cell holds a wording the vocabulary does not have (the person
    /// is then counted as not insured).
    pub understood: bool,
}

/// Where a person stands, from the status cell and the exclusion cell (either may carry an
/// exclusion reason; the exclusion cell may say "insured elsewhere").
pub fn standing(status: &str, reason: &str) -> Standing {
    read(status, reason).standing
}

/// Reads a status cell and an exclusion cell: an exclusion in either (not denied), then a
/// reason that says insured elsewhere, then the status by the vocabulary (an empty status:
/// not insured; a wording not in it: not insured, not understood).
pub fn read(status: &str, reason: &str) -> Reading {
    let plain = |standing| Reading {
        standing,
        contact: None,
        understood: true,
    };
    for text in [reason, status] {
        if let Some(e) = Exclusion::ALL.into_iter().find(|e| {
            e.words().iter().any(|w| says(text, w))
                || e.label(Lang::En).eq_ignore_ascii_case(text.trim())
        }) {
            return plain(Standing::Excluded(e));
        }
    }
    if let Some(w) = wording(reason) {
        if w.standing == Standing::Elsewhere {
            return Reading {
                standing: Standing::Elsewhere,
                contact: w.contact,
                understood: true,
            };
        }
    }
    if normalize(status).is_empty() {
        return plain(Standing::NotInsured);
    }
    match wording(status) {
        Some(w) => Reading {
            standing: w.standing,
            contact: w.contact,
            understood: true,
        },
        None => Reading {
            standing: Standing::NotInsured,
            contact: None,
            understood: false,
        },
    }
}

/// A wording of the vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wording {
    /// Where it puts the person.
    pub standing: Standing,
    /// The contact result it names, if any.
    pub contact: Option<Contact>,
}

use Standing::{Elsewhere as E, Insured as I, NotInsured as N};

/// Every accepted status wording (compared after [`normalize`]: full-width forms as ASCII,
/// no spaces, Latin letters in lower case, end punctuation dropped), with where it puts the
/// person and the contact result it names.
pub const VOCABULARY: &[(&str, Standing, Option<Contact>)] = &[
    // Insured here.
    ("已参保", I, Some(Contact::Paid)),
    ("参保", I, Some(Contact::Paid)),
    ("已缴费", I, Some(Contact::Paid)),
    ("已缴", I, Some(Contact::Paid)),
    ("已交费", I, Some(Contact::Paid)),
    ("已交", I, Some(Contact::Paid)),
    ("已缴纳", I, Some(Contact::Paid)),
    ("已交纳", I, Some(Contact::Paid)),
    ("已缴清", I, Some(Contact::Paid)),
    ("已缴费参保", I, Some(Contact::Paid)),
    ("已参保缴费", I, Some(Contact::Paid)),
    ("已参保已缴费", I, Some(Contact::Paid)),
    ("参保缴费", I, Some(Contact::Paid)),
    ("已完成缴费", I, Some(Contact::Paid)),
    ("缴费完成", I, Some(Contact::Paid)),
    ("已续保", I, Some(Contact::Paid)),
    ("已续缴", I, Some(Contact::Paid)),
    ("已参合", I, Some(Contact::Paid)),
    ("参合", I, Some(Contact::Paid)),
    ("已参加", I, Some(Contact::Paid)),
    ("已参加居民医保", I, Some(Contact::Paid)),
    ("已参加城乡居民医保", I, Some(Contact::Paid)),
    ("已参加城乡居民基本医疗保险", I, Some(Contact::Paid)),
    ("居民医保", I, Some(Contact::Paid)),
    ("城乡居民医保", I, Some(Contact::Paid)),
    ("已参居民医保", I, Some(Contact::Paid)),
    ("本地参保", I, Some(Contact::Paid)),
    ("已在本地参保", I, Some(Contact::Paid)),
    ("正常", I, Some(Contact::Paid)),
    ("正常参保", I, Some(Contact::Paid)),
    ("参保正常", I, Some(Contact::Paid)),
    ("正常缴费", I, Some(Contact::Paid)),
    ("在保", I, Some(Contact::Paid)),
    ("是", I, Some(Contact::Paid)),
    ("√", I, Some(Contact::Paid)),
    ("✓", I, Some(Contact::Paid)),
    ("✔", I, Some(Contact::Paid)),
    ("y", I, Some(Contact::Paid)),
    ("yes", I, Some(Contact::Paid)),
    ("insured", I, Some(Contact::Paid)),
    ("insuredhere", I, Some(Contact::Paid)),
    ("enrolled", I, Some(Contact::Paid)),
    ("paid", I, Some(Contact::Paid)),
    // Insured elsewhere: another place.
    ("省外参保", E, Some(Contact::ElsewherePlace)),
    ("外省参保", E, Some(Contact::ElsewherePlace)),
    ("已在省外参保", E, Some(Contact::ElsewherePlace)),
    ("异地参保", E, Some(Contact::ElsewherePlace)),
    ("已异地参保", E, Some(Contact::ElsewherePlace)),
    ("省内异地参保", E, Some(Contact::ElsewherePlace)),
    ("外地参保", E, Some(Contact::ElsewherePlace)),
    ("在外地参保", E, Some(Contact::ElsewherePlace)),
    ("已在外地参保", E, Some(Contact::ElsewherePlace)),
    ("在外参保", E, Some(Contact::ElsewherePlace)),
    ("外县参保", E, Some(Contact::ElsewherePlace)),
    ("县外参保", E, Some(Contact::ElsewherePlace)),
    ("外市参保", E, Some(Contact::ElsewherePlace)),
    ("市外参保", E, Some(Contact::ElsewherePlace)),
    ("其他统筹区", E, Some(Contact::ElsewherePlace)),
    ("其他统筹区参保", E, Some(Contact::ElsewherePlace)),
    ("在其他统筹区参保", E, Some(Contact::ElsewherePlace)),
    ("elsewhere", E, Some(Contact::ElsewherePlace)),
    ("insuredelsewhere", E, Some(Contact::ElsewherePlace)),
    (
        "insuredelsewhere(anotherprovince)",
        E,
        Some(Contact::ElsewherePlace),
    ),
    // Insured elsewhere: the employees' scheme.
    ("职工医保", E, Some(Contact::EmployeeScheme)),
    ("职工参保", E, Some(Contact::EmployeeScheme)),
    ("职工医保参保", E, Some(Contact::EmployeeScheme)),
    ("参加职工医保", E, Some(Contact::EmployeeScheme)),
    ("已参加职工医保", E, Some(Contact::EmployeeScheme)),
    ("已参职工医保", E, Some(Contact::EmployeeScheme)),
    ("城镇职工医保", E, Some(Contact::EmployeeScheme)),
    ("职工医疗保险", E, Some(Contact::EmployeeScheme)),
    ("职工基本医疗保险", E, Some(Contact::EmployeeScheme)),
    ("城镇职工基本医疗保险", E, Some(Contact::EmployeeScheme)),
    ("单位参保", E, Some(Contact::EmployeeScheme)),
    ("随单位参保", E, Some(Contact::EmployeeScheme)),
    ("灵活就业参保", E, Some(Contact::EmployeeScheme)),
    ("灵活就业人员参保", E, Some(Contact::EmployeeScheme)),
    ("employeescheme", E, Some(Contact::EmployeeScheme)),
    (
        "insuredelsewhere(employeescheme)",
        E,
        Some(Contact::EmployeeScheme),
    ),
    // Not insured.
    ("未参保", N, None),
    ("未缴费", N, None),
    ("未缴", N, None),
    ("未交费", N, None),
    ("未交", N, None),
    ("未缴纳", N, None),
    ("未参保未缴费", N, None),
    ("未续保", N, None),
    ("未续缴", N, None),
    ("未参合", N, None),
    ("未参加", N, None),
    ("未办理", N, None),
    ("否", N, None),
    ("无", N, None),
    ("没参保", N, None),
    ("没有参保", N, None),
    ("没缴费", N, None),
    ("没交", N, None),
    ("没交费", N, None),
    ("不参保", N, None),
    ("不参加", N, None),
    ("断保", N, None),
    ("已断保", N, None),
    ("断缴", N, None),
    ("停保", N, None),
    ("中断", N, None),
    ("欠费", N, None),
    ("待参保", N, None),
    ("待缴费", N, None),
    ("待缴", N, None),
    ("待续保", N, None),
    ("应参保", N, None),
    ("应参未参", N, None),
    ("应保未保", N, None),
    ("暂缓参保", N, None),
    ("暂缓缴费", N, None),
    ("暂不参保", N, None),
    ("暂未参保", N, None),
    ("暂未缴费", N, None),
    ("动员参保中", N, None),
    ("动员中", N, None),
    ("正在动员", N, None),
    ("正在动员参保", N, None),
    ("已动员", N, None),
    ("已动员未缴费", N, None),
    ("×", N, None),
    ("✗", N, None),
    ("n", N, None),
    ("no", N, None),
    ("notinsured", N, None),
    ("uninsured", N, None),
    ("unpaid", N, None),
    ("notpaid", N, None),
    // Not insured, with the ledger's contact result.
    ("拒绝缴费", N, Some(Contact::Refused)),
    ("拒绝参保", N, Some(Contact::Refused)),
    ("拒绝", N, Some(Contact::Refused)),
    ("拒缴", N, Some(Contact::Refused)),
    ("拒交", N, Some(Contact::Refused)),
    ("拒参", N, Some(Contact::Refused)),
    ("本人拒绝", N, Some(Contact::Refused)),
    ("不愿参保", N, Some(Contact::Refused)),
    ("不愿意参保", N, Some(Contact::Refused)),
    ("不愿缴费", N, Some(Contact::Refused)),
    ("不愿意缴费", N, Some(Contact::Refused)),
    ("refused", N, Some(Contact::Refused)),
    ("承诺缴费", N, Some(Contact::WillPay)),
    ("承诺参保", N, Some(Contact::WillPay)),
    ("已承诺", N, Some(Contact::WillPay)),
    ("承诺", N, Some(Contact::WillPay)),
    ("同意缴费", N, Some(Contact::WillPay)),
    ("同意参保", N, Some(Contact::WillPay)),
    ("愿意参保", N, Some(Contact::WillPay)),
    ("愿意缴费", N, Some(Contact::WillPay)),
    ("答应缴费", N, Some(Contact::WillPay)),
    ("willpay", N, Some(Contact::WillPay)),
    ("promised", N, Some(Contact::WillPay)),
    ("联系不上", N, Some(Contact::Unreachable)),
    ("联系不到", N, Some(Contact::Unreachable)),
    ("无法联系", N, Some(Contact::Unreachable)),
    ("失联", N, Some(Contact::Unreachable)),
    ("电话打不通", N, Some(Contact::Unreachable)),
    ("无人接听", N, Some(Contact::Unreachable)),
    ("空号", N, Some(Contact::Unreachable)),
    ("unreachable", N, Some(Contact::Unreachable)),
];

/// What a remark after a wording may say (`已缴费（2025-03-05，微信）`): when it was paid and how
/// (after [`normalize`]). Anything else in brackets (去年, 未到账, pending, 沒繳 …) makes the
/// whole cell not understood.
const REMARK_WORDS: [&str; 14] = [
    "微信",
    "支付宝",
    "现金",
    "银行",
    "线上",
    "网上",
    "手机",
    "代缴",
    "代收",
    "税务",
    "村委",
    "已到账",
    "pos",
    "app",
];

/// Whether a bracketed remark only says when or how a payment was made.
fn plain_remark(remark: &str) -> bool {
    let mut rest = remark.to_string();
    for w in REMARK_WORDS {
        rest = rest.replace(w, "");
    }
    rest.chars().all(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                '-' | '/' | '.' | ':' | ',' | '，' | '、' | '年' | '月' | '日' | '号' | '元'
            )
    })
}

/// A cell's text as the vocabulary compares it: full-width ASCII forms (and the ideographic
/// space) as ASCII, no white space, Latin letters in lower case, end punctuation dropped.
pub fn normalize(s: &str) -> String {
    let folded: String = s
        .chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                c => c,
            };
            (!c.is_whitespace()).then(|| c.to_ascii_lowercase())
        })
        .collect();
    folded
        .trim_matches(|c: char| matches!(c, '。' | '.' | ',' | '，' | '、' | ';' | '!' | '~'))
        .to_string()
}

fn table() -> &'static std::collections::HashMap<String, Wording, rustc_hash::FxBuildHasher> {
    static TABLE: std::sync::OnceLock<
        std::collections::HashMap<String, Wording, rustc_hash::FxBuildHasher>,
    > = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        VOCABULARY
            .iter()
            .map(|&(w, standing, contact)| (normalize(w), Wording { standing, contact }))
            .collect()
    })
}

/// The vocabulary's reading of a cell: the whole text, or a wording followed by a remark in
/// brackets that neither denies nor defers it (`已缴费（3月5日）`). None: not a wording.
pub fn wording(s: &str) -> Option<Wording> {
    let s = normalize(s);
    if let Some(w) = table().get(&s) {
        return Some(*w);
    }
    let open = s.find('(')?;
    let remark = s[open + 1..].strip_suffix(')')?;
    if !plain_remark(remark) {
        return None;
    }
    table().get(&s[..open]).copied()
}

/// The wordings a returned ledger's 联系结果 may hold: its drop-down's six results (either
/// language) and their close variants, after [`normalize`]. A ledger asks what staff found
/// when they followed a person up, so the roster words that only mean "yes" or "done" (是,
/// √, 正常, 参保) are not results there.
pub const LEDGER_RESULTS: [&str; 30] = [
    "已缴费",
    "已交费",
    "已缴",
    "已交",
    "已缴纳",
    "已参保",
    "paid",
    "承诺缴费",
    "承诺参保",
    "同意缴费",
    "willpay",
    "拒绝缴费",
    "拒绝参保",
    "拒缴",
    "拒交",
    "refused",
    "联系不上",
    "联系不到",
    "无法联系",
    "失联",
    "unreachable",
    "省外参保",
    "外省参保",
    "异地参保",
    "insuredelsewhere(anotherprovince)",
    "职工医保",
    "参加职工医保",
    "已参加职工医保",
    "insuredelsewhere(employeescheme)",
    "employeescheme",
];

/// Reads a returned ledger's 联系结果 and 剔除原因 strictly: the result must be one of
/// [`LEDGER_RESULTS`] (a remark on when or how it was paid allowed), the reason one of the
/// six reasons as the drop-down writes them or one of their wordings, whole. Anything else is
/// not understood: not insured, not excluded, and listed.
pub fn read_ledger(contact: &str, reason: &str) -> Reading {
    let pending = Reading {
        standing: Standing::NotInsured,
        contact: None,
        understood: true,
    };
    let not_understood = Reading {
        understood: false,
        ..pending
    };
    let r = normalize(reason);
    if !r.is_empty() {
        return match Exclusion::ALL.into_iter().find(|e| {
            normalize(e.label(Lang::En)) == r || e.words().iter().any(|w| normalize(w) == r)
        }) {
            Some(e) => Reading {
                standing: Standing::Excluded(e),
                contact: None,
                understood: true,
            },
            None => not_understood,
        };
    }
    let c = normalize(contact);
    if c.is_empty() {
        return pending;
    }
    let head = c.find('(').map_or(c.as_str(), |at| &c[..at]);
    let known = LEDGER_RESULTS.contains(&head) || LEDGER_RESULTS.contains(&c.as_str());
    match wording(contact).filter(|w| known && w.contact.is_some()) {
        Some(w) => Reading {
            standing: w.standing,
            contact: w.contact,
            understood: true,
        },
        None => not_understood,
    }
}

/// Words that, right before an exclusion's wording, deny it (户籍未迁出, 未死亡, 不在押, 没有服刑).
/// Not 否: before such a wording it is the 是否 of a question (是否死亡：是).
const NEGATIONS: [&str; 7] = ["未", "不", "非", "无", "没", "没有", "不是"];

/// True if `text` has `word` at least once without a negation right before it.
fn says(text: &str, word: &str) -> bool {
    text.match_indices(word)
        .any(|(at, _)| !NEGATIONS.iter().any(|n| text[..at].ends_with(n)))
}

/// [`read`] remembered per distinct pair of cells: a roster's status and reason columns
/// hold a few wordings repeated on every row.
#[derive(Default)]
pub struct Standings {
    seen: std::collections::HashMap<String, Reading, rustc_hash::FxBuildHasher>,
    key: String,
}

impl Standings {
    /// Distinct pairs remembered at most (free text beyond is read each time).
    const MAX: usize = 4096;

    /// Where a person stands, from the status cell and the exclusion cell.
    pub fn of(&mut self, status: &str, reason: &str) -> Standing {
        self.read(status, reason).standing
    }

    /// What the status cell and the exclusion cell say.
    pub fn read(&mut self, status: &str, reason: &str) -> Reading {
        // The status's length first, so that no two pairs of cells make the same key.
        self.key.clear();
        self.key.push_str(&status.len().to_string());
        self.key.push(':');
        self.key.push_str(status);
        self.key.push_str(reason);
        if let Some(s) = self.seen.get(self.key.as_str()) {
            return *s;
        }
        let s = read(status, reason);
        if self.seen.len() < Self::MAX {
            self.seen.insert(self.key.clone(), s);
        }
        s
    }
}

/// What village staff found when they followed a person up (the ledger's 联系结果 column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contact {
    /// Paid this year's contribution.
    Paid,
    /// Promised to pay.
    WillPay,
    /// Refused.
    Refused,
    /// Could not be reached.
    Unreachable,
    /// Insured in another province or place.
    ElsewherePlace,
    /// Insured in the employees' scheme.
    EmployeeScheme,
}

impl Contact {
    /// Every result, in the order of the ledger's drop-down list.
    pub const ALL: [Contact; 6] = [
        Contact::Paid,
        Contact::WillPay,
        Contact::Refused,
        Contact::Unreachable,
        Contact::ElsewherePlace,
        Contact::EmployeeScheme,
    ];

    /// Stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Contact::Paid => "paid",
            Contact::WillPay => "will_pay",
            Contact::Refused => "refused",
            Contact::Unreachable => "unreachable",
            Contact::ElsewherePlace => "elsewhere_place",
            Contact::EmployeeScheme => "employee_scheme",
        }
    }

    /// The result as the ledger's list writes it (a wording of [`VOCABULARY`]).
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Contact::Paid, Lang::Zh) => "已缴费",
            (Contact::Paid, Lang::En) => "Paid",
            (Contact::WillPay, Lang::Zh) => "承诺缴费",
            (Contact::WillPay, Lang::En) => "Will pay",
            (Contact::Refused, Lang::Zh) => "拒绝缴费",
            (Contact::Refused, Lang::En) => "Refused",
            (Contact::Unreachable, Lang::Zh) => "联系不上",
            (Contact::Unreachable, Lang::En) => "Unreachable",
            (Contact::ElsewherePlace, Lang::Zh) => "省外参保",
            (Contact::ElsewherePlace, Lang::En) => "Insured elsewhere (another province)",
            (Contact::EmployeeScheme, Lang::Zh) => "职工医保",
            (Contact::EmployeeScheme, Lang::En) => "Insured elsewhere (employee scheme)",
        }
    }

    /// The result a cell names (a wording of [`VOCABULARY`] that names one).
    pub fn of_text(s: &str) -> Option<Contact> {
        wording(s).and_then(|w| w.contact)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusions_are_read_unless_denied() {
        for (status, reason, want) in [
            ("", "户籍迁出", Standing::Excluded(Exclusion::MovedOut)),
            ("", "已迁出", Standing::Excluded(Exclusion::MovedOut)),
            ("未参保", "死亡", Standing::Excluded(Exclusion::Deceased)),
            ("", "非正常死亡", Standing::Excluded(Exclusion::Deceased)),
            ("在押", "", Standing::Excluded(Exclusion::Imprisoned)),
            ("", "下落不明", Standing::Excluded(Exclusion::Missing)),
            ("", "是否死亡：是", Standing::Excluded(Exclusion::Deceased)),
            // Denied: the person stays in the denominator.
            ("已参保", "户籍未迁出", Standing::Insured),
            ("户口未迁出", "", Standing::NotInsured),
            ("未参保", "未死亡", Standing::NotInsured),
            ("已缴费", "没有服刑", Standing::Insured),
            ("", "不是现役军人", Standing::NotInsured),
            // One wording denied, another not.
            (
                "",
                "户籍未迁出，已死亡",
                Standing::Excluded(Exclusion::Deceased),
            ),
        ] {
            assert_eq!(standing(status, reason), want, "{status} / {reason}");
        }
    }
    /// Real-world wordings of a status cell (from returned ledgers and rosters), and where each
    /// puts the person: `None` is not understood (counted as not insured, listed).
    #[test]
    fn real_world_wordings_are_read_strictly() {
        use Standing::*;
        let ok = |s| Some(s);
        let cases: &[(&str, Option<Standing>)] = &[
            // Insured here, with variants and typos.
            ("已参保", ok(Insured)),
            ("已缴费", ok(Insured)),
            ("已交费", ok(Insured)),
            ("已 缴 费", ok(Insured)),
            (" 已参保。", ok(Insured)),
            ("已缴", ok(Insured)),
            ("已交", ok(Insured)),
            ("已缴纳", ok(Insured)),
            ("已续保", ok(Insured)),
            ("已参合", ok(Insured)),
            ("正常参保", ok(Insured)),
            ("正常", ok(Insured)),
            ("是", ok(Insured)),
            ("√", ok(Insured)),
            ("已缴费（3月5日）", ok(Insured)),
            ("已缴费(微信)", ok(Insured)),
            ("已缴费（2025-03-05，微信）", ok(Insured)),
            ("参保缴费", ok(Insured)),
            ("已参加城乡居民医保", ok(Insured)),
            ("Paid", ok(Insured)),
            ("ＹＥＳ", ok(Insured)),
            ("insured", ok(Insured)),
            // Insured elsewhere.
            ("省外参保", ok(Elsewhere)),
            ("异地参保", ok(Elsewhere)),
            ("外地参保", ok(Elsewhere)),
            ("职工医保", ok(Elsewhere)),
            ("参加职工医保", ok(Elsewhere)),
            ("城镇职工医保", ok(Elsewhere)),
            ("随单位参保", ok(Elsewhere)),
            ("灵活就业参保", ok(Elsewhere)),
            ("Insured elsewhere (employee scheme)", ok(Elsewhere)),
            // Not insured, said plainly.
            ("未参保", ok(NotInsured)),
            ("未缴费", ok(NotInsured)),
            ("否", ok(NotInsured)),
            ("无", ok(NotInsured)),
            ("断保", ok(NotInsured)),
            ("停保", ok(NotInsured)),
            ("没参保", ok(NotInsured)),
            ("×", ok(NotInsured)),
            ("no", ok(NotInsured)),
            // Refusals and intentions: never insured.
            ("拒绝参保", ok(NotInsured)),
            ("拒绝缴费", ok(NotInsured)),
            ("拒缴", ok(NotInsured)),
            ("待参保", ok(NotInsured)),
            ("待缴费", ok(NotInsured)),
            ("应参保", ok(NotInsured)),
            ("暂缓参保", ok(NotInsured)),
            ("动员参保中", ok(NotInsured)),
            ("承诺缴费", ok(NotInsured)),
            ("承诺参保", ok(NotInsured)),
            ("同意缴费", ok(NotInsured)),
            ("联系不上", ok(NotInsured)),
            ("失联", ok(NotInsured)),
            // Exclusions in the status cell.
            ("死亡", ok(Excluded(Exclusion::Deceased))),
            ("户籍迁出", ok(Excluded(Exclusion::MovedOut))),
            ("现役军人", ok(Excluded(Exclusion::Military))),
            // Not understood: counted as not insured, and listed.
            ("无职工医保", None),
            ("不是职工医保", None),
            ("已缴费（未到账）", None),
            ("已缴费（去年）", None),
            ("已参保（上年）", None),
            ("已缴费（沒繳）", None),
            ("已缴费(unpaid)", None),
            ("Paid (pending)", None),
            ("已缴费（？）", None),
            ("已参保？", None),
            ("参保中", None),
            ("外出务工", None),
            ("已缴费 拒绝", None),
            ("缴了一半", None),
            ("1", None),
            ("ok", None),
            ("待定", None),
            ("应缴已缴", None),
        ];
        assert!(cases.len() >= 60);
        for &(status, want) in cases {
            let r = read(status, "");
            match want {
                Some(s) => {
                    assert_eq!(r.standing, s, "{status}");
                    assert!(r.understood, "{status}");
                }
                None => {
                    assert_eq!(r.standing, NotInsured, "{status}");
                    assert!(!r.understood, "{status}");
                }
            }
        }
        // An empty status is not insured, and nothing to list.
        assert_eq!(read("  ", ""), read("", ""));
        assert!(read("", "").understood);
        // A reason that says elsewhere, beside an empty status.
        assert_eq!(standing("", "省外参保"), Standing::Elsewhere);
    }

    #[test]
    fn contact_labels_read_back_as_meant() {
        for lang in [Lang::Zh, Lang::En] {
            for c in Contact::ALL {
                let s = c.label(lang);
                assert_eq!(Contact::of_text(s), Some(c), "{s}");
                let want = match c {
                    Contact::Paid => Standing::Insured,
                    Contact::ElsewherePlace | Contact::EmployeeScheme => Standing::Elsewhere,
                    _ => Standing::NotInsured,
                };
                assert_eq!(standing(s, ""), want, "{s}");
            }
        }
    }

    #[test]
    fn the_vocabulary_has_each_wording_once() {
        let mut seen = std::collections::HashSet::new();
        for (w, _, _) in VOCABULARY {
            assert!(seen.insert(normalize(w)), "{w} twice");
            assert!(!normalize(w).is_empty());
        }
    }
}
