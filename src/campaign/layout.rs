//! The ledger workbook's layout: the kinds of ledger, the sheets' names, the village sheets'
//! columns and the first sheet's tables, as [`super::ledger_xlsx`] writes them and
//! [`super::read_back`] and [`super::verify`] read them.

type FxHashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
type FxHashSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

use crate::lang::Lang;

/// Which ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerKind {
    /// 存量库: insured last year, not enrolled this year (the base is last year's enrollment).
    Stock,
    /// 增量库: registered residents not enrolled (the base is the household registry).
    Increment,
}

impl LedgerKind {
    /// Every kind.
    pub const ALL: [LedgerKind; 2] = [LedgerKind::Stock, LedgerKind::Increment];

    /// Stable code.
    pub const fn code(self) -> &'static str {
        match self {
            LedgerKind::Stock => "stock",
            LedgerKind::Increment => "increment",
        }
    }

    /// The kind with this code.
    pub fn from_code(s: &str) -> Option<LedgerKind> {
        LedgerKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// The ledger's name.
    pub const fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LedgerKind::Stock, Lang::Zh) => "存量库台账（上年参保、本年未参保）",
            (LedgerKind::Stock, Lang::En) => {
                "Stock ledger (insured last year, not enrolled this year)"
            }
            (LedgerKind::Increment, Lang::Zh) => "增量库台账（户籍人口中本年未参保）",
            (LedgerKind::Increment, Lang::En) => {
                "Increment ledger (registered residents not enrolled this year)"
            }
        }
    }

    /// What the base list is.
    pub const fn base_label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LedgerKind::Stock, Lang::Zh) => "上年参保名单",
            (LedgerKind::Stock, Lang::En) => "last year's enrollment",
            (LedgerKind::Increment, Lang::Zh) => "户籍人口名单",
            (LedgerKind::Increment, Lang::En) => "the household registry",
        }
    }
}

/// Replaces the control characters of `s` (which a workbook's XML cannot hold) by U+FFFD;
/// true if there were any.
pub fn replace_controls(s: &mut String) -> bool {
    if !s.chars().any(char::is_control) {
        return false;
    }
    *s = s
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    true
}

/// Sheet names for the villages: `城关镇东村` (the village alone without a township,
/// `未注明村` for neither), Excel's forbidden characters replaced, at most 31 characters,
/// unique (case-insensitively) among themselves and the `reserved` names.
pub fn sheet_names(units: &[(&str, &str, usize)], reserved: &[&str], lang: Lang) -> Vec<String> {
    // Excel reserves "History" for itself.
    let mut taken: FxHashSet<String> = reserved.iter().map(|s| s.to_lowercase()).collect();
    taken.insert("history".into());
    let mut next: FxHashMap<String, usize> = FxHashMap::default();
    units
        .iter()
        .map(|(t, v, _)| {
            let raw = match (t.is_empty(), v.is_empty(), lang) {
                (true, true, Lang::Zh) => "未注明村".to_string(),
                (true, true, Lang::En) => "No village".to_string(),
                (false, true, Lang::Zh) => format!("{t}（未注明村）"),
                (false, true, Lang::En) => format!("{t} (no village)"),
                _ => format!("{t}{v}"),
            };
            let clean: String = raw
                .chars()
                .map(|c| {
                    if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                        '_'
                    } else {
                        c
                    }
                })
                .collect();
            // Excel refuses a name that starts or ends with an apostrophe, and an empty one.
            let clean = clean.trim_matches('\'').trim().to_string();
            let clean = if clean.is_empty() {
                match lang {
                    Lang::Zh => "村".to_string(),
                    Lang::En => "Village".to_string(),
                }
            } else {
                clean
            };
            let base: String = clean.chars().take(31).collect();
            let mut name = base.clone();
            // The next suffix to try per base name, so that many villages of one name do not
            // try every suffix again.
            let n = next.entry(base.to_lowercase()).or_insert(2);
            while taken.contains(&name.to_lowercase()) {
                let suffix = format!("({n})");
                let keep = 31 - suffix.chars().count();
                name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
                *n += 1;
            }
            taken.insert(name.to_lowercase());
            name
        })
        .collect()
}

/// The columns of a village sheet, the last four filled in by village staff.
pub fn columns(lang: Lang) -> [&'static str; 13] {
    match lang {
        Lang::Zh => [
            "序号",
            "乡镇（街道）",
            "村（社区）",
            "姓名",
            "身份证号码",
            "性别",
            "人员类别",
            "联系电话",
            "原表行号",
            "联系结果",
            "剔除原因",
            "预计缴费日期",
            "备注",
        ],
        Lang::En => [
            "No.",
            "Township",
            "Village",
            "Name",
            "ID number",
            "Sex",
            "Group",
            "Phone",
            "Row in the list",
            "Contact result",
            "Exclusion reason",
            "Expected payment date",
            "Remarks",
        ],
    }
}

pub(crate) const COL_CONTACT: u16 = 9;

pub(crate) const COL_REASON: u16 = 10;

pub(crate) const COL_DATE: u16 = 11;

pub(crate) const COL_REMARKS: u16 = 12;

pub(crate) fn index_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "说明",
        Lang::En => "About",
    }
}

/// The columns of the sheet of base rows without a valid ID.
pub(crate) fn unmatched_heads(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Zh => [
            "原表行号",
            "乡镇（街道）",
            "村（社区）",
            "姓名",
            "证件号码（原样）",
            "问题",
        ],
        Lang::En => [
            "Row in the list",
            "Township",
            "Village",
            "Name",
            "ID (as written)",
            "Problem",
        ],
    }
}

pub(crate) fn unmatched_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "无法比对",
        Lang::En => "Not matchable",
    }
}

/// The headers of the groups table of a ledger's first sheet.
pub(crate) fn group_heads(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["人群代码", "人群", "本年已参保", "其中享受资助", "资助金额"],
        Lang::En => [
            "Group code",
            "Group",
            "Enrolled this year",
            "Of whom subsidised",
            "Subsidy",
        ],
    }
}

/// The headers of the villages table of a ledger's first sheet.
pub(crate) fn unit_heads(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => [
            "工作表",
            "乡镇（街道）",
            "村（社区）",
            "台账人数",
            "本年已参保",
        ],
        Lang::En => [
            "Sheet",
            "Township",
            "Village",
            "In the ledger",
            "Enrolled this year",
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "很长的乡镇名字很长的乡镇名字很长的乡镇名字";
        let units = [
            ("城关镇", "东村", 1),
            ("城关镇", "东村", 1),
            ("", "", 1),
            ("a/b", "c:d", 1),
            (long, "很长的村名字很长的村名字", 1),
            (long, "很长的村名字很长的村名字另一个", 1),
            ("说", "明", 1),
        ];
        let names = sheet_names(&units, &["说明", "无法比对"], Lang::Zh);
        assert_eq!(names[0], "城关镇东村");
        assert_eq!(names[1], "城关镇东村(2)");
        assert_eq!(names[2], "未注明村");
        assert_eq!(names[3], "a_bc_d");
        assert_eq!(names[4].chars().count(), 31);
        assert_eq!(names[5].chars().count(), 31);
        assert!(names[5].ends_with("(2)"));
        assert_eq!(names[6], "说明(2)");
    }
}
