//! Finding the header row and what each column holds, from the common Chinese headers and
//! their variants (姓名; 身份证号 / 公民身份号码 / 证件号码; 手机 / 联系电话; 人员类别 /
//! 身份类别 / 资助类别; 乡镇 / 街道; 村 / 社区; 参保状态 …). The result can be corrected.

use super::Table;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The person's name.
    Name,
    /// The identity number.
    Id,
    /// A mobile number.
    Phone,
    /// The assistance group(s) (人员类别).
    Group,
    /// Township or street (乡镇 / 街道).
    Township,
    /// Village or community (村 / 社区).
    Village,
    /// Enrollment status (参保状态).
    Status,
    /// Birth date.
    BirthDate,
    /// Why a person is excluded (剔除原因: 死亡, 现役军人 …) or found insured elsewhere.
    Exclusion,
    /// A newborn's 出生医学证明 number (a newborn registered without an identity number).
    BirthCertificate,
    /// A newborn's guardian's identity number (监护人证件号码).
    GuardianId,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 11] = [
        Role::Name,
        Role::Id,
        Role::Phone,
        Role::Group,
        Role::Township,
        Role::Village,
        Role::Status,
        Role::BirthDate,
        Role::Exclusion,
        Role::BirthCertificate,
        Role::GuardianId,
    ];

    /// Stable name in the API.
    pub const fn name(self) -> &'static str {
        match self {
            Role::Name => "name",
            Role::Id => "id",
            Role::Phone => "phone",
            Role::Group => "group",
            Role::Township => "township",
            Role::Village => "village",
            Role::Status => "status",
            Role::BirthDate => "birthDate",
            Role::Exclusion => "exclusion",
            Role::BirthCertificate => "birthCertificate",
            Role::GuardianId => "guardianId",
        }
    }

    /// The role with this name.
    pub fn from_name(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == s)
    }

    /// Header words, most specific first; a header matches when it contains one.
    fn words(self) -> &'static [&'static str] {
        match self {
            Role::Name => &["姓名", "名字", "参保人", "name"],
            Role::Id => &[
                "身份证号",
                "身份证",
                "公民身份号码",
                "公民身份证",
                "证件号码",
                "证件号",
                "身份号码",
                "idnumber",
                "idno",
                "id",
            ],
            Role::Phone => &[
                "手机号码",
                "手机号",
                "手机",
                "联系电话",
                "联系方式",
                "电话",
                "phone",
                "mobile",
            ],
            Role::Group => &[
                "人员类别",
                "身份类别",
                "资助类别",
                "资助类型",
                "人员类型",
                "参保类别",
                "困难类别",
                "救助类别",
                "group",
                "category",
            ],
            Role::Township => &["乡镇", "街道", "镇街", "乡（镇）", "township", "town"],
            Role::Village => &[
                "村（社区）",
                "村居",
                "社区",
                "行政村",
                "村组",
                "村",
                "village",
                "community",
            ],
            Role::Status => &[
                "参保状态",
                "缴费状态",
                "是否参保",
                "参保情况",
                "联系结果",
                "跟进结果",
                "status",
                "contactresult",
            ],
            Role::BirthDate => &["出生日期", "出生年月", "生日", "birthdate", "birth"],
            Role::Exclusion => &[
                "剔除原因",
                "不参保原因",
                "未参保原因",
                "核实情况",
                "核查情况",
                "剔除",
                "exclusion",
            ],
            Role::BirthCertificate => &["出生医学证明", "出生证明", "出生证", "birthcertificate"],
            Role::GuardianId => &[
                "监护人证件号码",
                "监护人身份证",
                "监护人证件号",
                "监护人公民身份号码",
                "guardian'sidnumber",
                "guardianidnumber",
                "guardianid",
            ],
        }
    }
}

/// Where the header is and which column holds what (0-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// The header row (0-based); data starts on the next row.
    pub header_row: usize,
    /// Each recognized role with its column.
    pub columns: Vec<(Role, usize)>,
}

impl Mapping {
    /// The column of a role.
    pub fn column(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|(r, _)| *r == role)
            .map(|&(_, c)| c)
    }
}

/// A header cell reduced to what matters: no spaces, marks or "(必填)" notes; Latin lower-case.
fn clean(s: &str) -> String {
    let s = s.split(['（', '(']).next().unwrap_or(s);
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | '_' | '-' | ':' | '：' | '/'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A role's header words, each as written and cleaned.
type Words = (Role, Vec<(&'static str, String)>);

/// Every role's header words, cleaned once, in matching order: exact roles first (the
/// guardian's number before the person's, the birth certificate before the birth date), the
/// township before the village.
fn cleaned_words() -> &'static [Words] {
    static WORDS: std::sync::OnceLock<Vec<Words>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        [
            Role::GuardianId,
            Role::BirthCertificate,
            Role::Id,
            Role::Name,
            Role::Phone,
            Role::Group,
            Role::Exclusion,
            Role::Status,
            Role::BirthDate,
            Role::Township,
            Role::Village,
        ]
        .into_iter()
        .map(|r| (r, r.words().iter().map(|w| (*w, clean(w))).collect()))
        .collect()
    })
}

/// Every character of every cleaned header word, sorted.
fn word_chars() -> &'static [char] {
    static CHARS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    CHARS.get_or_init(|| {
        let mut chars: Vec<char> = cleaned_words()
            .iter()
            .flat_map(|(_, words)| words.iter().flat_map(|(_, w)| w.chars()))
            .collect();
        chars.sort_unstable();
        chars.dedup();
        chars
    })
}

/// Longer cleaned cells are not taken for headers.
const MAX_HEADER_CHARS: usize = 24;

/// The role a header names, if any. "Village" words are checked after township ones, and a
/// bare "村" only when the header is short (so "村民姓名" is a name).
pub fn role_of(header: &str) -> Option<Role> {
    let h = clean(header);
    // Data cells are most of what is looked at: numbers, IDs and phone numbers are never
    // headers, nor is a long text (a title or a remark).
    let numeric = h
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'x' | b'+' | b'e'));
    if numeric || h.chars().count() > MAX_HEADER_CHARS {
        return None;
    }
    // Nor is a cell without a single character of any header word (a person's name, a place).
    let letters = word_chars();
    if !h.chars().any(|c| letters.binary_search(&c).is_ok()) {
        return None;
    }
    let full = header.trim();
    for (role, words) in cleaned_words() {
        for (w, w_clean) in words {
            let hit = if w_clean.chars().count() <= 2 && w_clean.is_ascii() {
                h == *w_clean
            } else if *w == "村" {
                h == "村" || (h.ends_with('村') && h.chars().count() <= 3)
            } else {
                h.contains(w_clean.as_str()) || full.contains(w)
            };
            if hit {
                return Some(*role);
            }
        }
    }
    None
}

/// The roles row `row` names as a header (the first column for each role), in column order.
pub fn columns_in(table: &Table, row: usize) -> Vec<(Role, usize)> {
    let mut columns: Vec<(Role, usize)> = Vec::new();
    for (c, cell) in table.rows.get(row).into_iter().flatten().enumerate() {
        if let Some(role) = role_of(&cell.text()) {
            if !columns.iter().any(|(r, _)| *r == role) {
                columns.push((role, c));
            }
        }
    }
    columns
}

/// Finds the header among the first 30 rows: the row that names the most roles, which must
/// include the name or the ID. `None` when no row does.
pub fn detect(table: &Table) -> Option<Mapping> {
    let mut best: Option<Mapping> = None;
    for i in 0..table.rows.len().min(30) {
        let columns = columns_in(table, i);
        let useful = columns
            .iter()
            .any(|(r, _)| matches!(r, Role::Id | Role::Name));
        if useful
            && best
                .as_ref()
                .is_none_or(|b| columns.len() > b.columns.len())
        {
            best = Some(Mapping {
                header_row: i,
                columns,
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::Cell;

    #[test]
    fn common_headers_and_variants() {
        for (h, r) in [
            ("姓名", Role::Name),
            ("身份证号", Role::Id),
            ("公民身份号码", Role::Id),
            ("证件号码（必填）", Role::Id),
            ("*身份证号码", Role::Id),
            ("联系电话", Role::Phone),
            ("手机", Role::Phone),
            ("人员类别", Role::Group),
            ("资助类别", Role::Group),
            ("乡镇（街道）", Role::Township),
            ("街道", Role::Township),
            ("村（社区）", Role::Village),
            ("社区", Role::Village),
            ("村", Role::Village),
            ("参保状态", Role::Status),
            ("出生日期", Role::BirthDate),
            ("ID", Role::Id),
            ("出生医学证明编号", Role::BirthCertificate),
            ("Birth certificate number", Role::BirthCertificate),
            ("监护人证件号码", Role::GuardianId),
            ("监护人身份证号", Role::GuardianId),
            ("Guardian's ID number", Role::GuardianId),
            ("Date of birth", Role::BirthDate),
        ] {
            assert_eq!(role_of(h), Some(r), "{h}");
        }
        for h in [
            "序号",
            "备注",
            "",
            "户主关系",
            "登记时间",
            "断保年数",
            "缴费时间",
            "待遇开始",
            "Registered at",
            "Lapsed years",
            "Payment timing",
            "Benefit start",
        ] {
            assert_eq!(role_of(h), None, "{h}");
        }
    }

    #[test]
    fn header_below_a_title_row() {
        let text = |s: &str| Cell::Text(s.into());
        let t = Table {
            rows: vec![
                vec![text("某县2025年度城乡居民医保参保台账")],
                vec![],
                vec![
                    text("序号"),
                    text("乡镇"),
                    text("村（社区）"),
                    text("姓名"),
                    text("公民身份号码"),
                    text("人员类别"),
                ],
                vec![
                    text("1"),
                    text("城关镇"),
                    text("东村"),
                    text("张三"),
                    text("11010519491231002X"),
                    text("低保对象"),
                ],
            ],
        };
        let m = detect(&t).unwrap();
        assert_eq!(m.header_row, 2);
        assert_eq!(m.column(Role::Id), Some(4));
        assert_eq!(m.column(Role::Village), Some(2));
        assert_eq!(m.column(Role::Township), Some(1));
        assert_eq!(m.column(Role::Group), Some(5));
        assert_eq!(
            detect(&Table {
                rows: vec![vec![text("备注")]]
            }),
            None
        );
    }
}
