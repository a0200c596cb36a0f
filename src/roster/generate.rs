//! Realistic synthetic rosters for tests and benchmarks: never real people. Valid IDs built
//! from the region table, names from common syllables, groups and statuses as counties write
//! them, and damaged rows of every kind rosters contain (scientific notation, IDs stored as
//! numbers, a trailing ".0", lower-case x, full-width digits, mistyped check digits,
//! duplicates, missing names).

use super::{Cell, Table};
use crate::date::Date;
use crate::id::{checksum, region};

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    /// Data rows (the header row comes on top).
    pub rows: usize,
    /// Seed of the deterministic generator.
    pub seed: u64,
    /// Percentage of damaged rows, 0–100.
    pub damaged_percent: u32,
    /// Percentage of people whose status is 已参保 (the others 断保), 0–100; `None`: the usual
    /// mix (two in three insured). The people are the same whatever it is (for a given seed),
    /// so that two rosters of one seed are one county's lists at two dates.
    pub insured_percent: Option<u32>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "华", "平", "刚", "桂英", "建国", "玉兰", "志强",
];
const GROUPS: &[&str] = &[
    "",
    "",
    "",
    "",
    "",
    "",
    "低保对象",
    "特困人员",
    "防止返贫监测帮扶对象",
    "稳定脱贫人口",
    "低保边缘家庭成员",
    "低保对象、防止返贫监测帮扶对象",
];
const STATUSES: &[&str] = &["已参保", "已参保", "已参保", "已参保", "未参保", "断保"];

/// The header of generated rosters.
pub const HEADER: [&str; 8] = [
    "序号",
    "乡镇",
    "村（社区）",
    "姓名",
    "公民身份号码",
    "联系电话",
    "人员类别",
    "参保状态",
];

/// A valid 18-digit ID from a county code and a birth date.
fn make_id(rng: &mut Rng, codes: &[u32]) -> String {
    let code = *rng.pick(codes);
    let birth = Date::from_days_since_epoch(rng.below(30_000) as i64 - 10_957)
        .unwrap_or(Date::new(1990, 1, 1).expect("valid"));
    let body = format!(
        "{code:06}{:04}{:02}{:02}{:03}",
        birth.year(),
        birth.month(),
        birth.day(),
        rng.below(1000)
    );
    let check = checksum::mod11_2_of_digits(body.as_bytes());
    format!("{body}{}", check as char)
}

/// Generates a roster: a header row, then `spec.rows` data rows.
pub fn generate(spec: Spec) -> Table {
    let mut rng = Rng(spec.seed | 1);
    // County codes in use since 2000, so that IDs of people born since then are valid in
    // strict mode too.
    let codes: Vec<u32> = region::codes()
        .filter(|&(c, first, last)| {
            c % 100 != 0 && c / 10000 < 71 && first <= 1990 && last.is_none()
        })
        .map(|(c, _, _)| c)
        .collect();
    let mut rows = Vec::with_capacity(spec.rows + 1);
    rows.push(HEADER.iter().map(|h| Cell::Text(h.to_string())).collect());
    let mut previous: Vec<(String, String)> = Vec::new();
    for i in 0..spec.rows {
        let mut id = make_id(&mut rng, &codes);
        let name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
        let town = format!(
            "{}镇",
            ["城关", "新华", "东风", "河口", "石桥", "柳林"][rng.below(6) as usize]
        );
        let village = format!(
            "{}村",
            ["东", "西", "南", "北", "中", "上", "下", "前", "后"][rng.below(9) as usize]
        );
        // Allocated mobile blocks only (see `id::phone`): a made-up phone is a plausible one.
        let phone = format!(
            "{}{:08}",
            ["138", "139", "150", "151", "177", "186", "187", "189", "199"][rng.below(9) as usize],
            rng.below(100_000_000)
        );
        let mut id_cell = Cell::Text(id.clone());
        let mut name_cell = Cell::Text(name.clone());
        if rng.below(100) < spec.damaged_percent as u64 {
            match rng.below(8) {
                0 => {
                    id_cell = Cell::Text(
                        format!("{:.5E}", id[..17].parse::<f64>().unwrap_or(0.0) * 10.0)
                            .replace("E", "E+"),
                    )
                }
                1 => id_cell = Cell::Number(id[..17].parse::<f64>().unwrap_or(0.0) * 10.0),
                2 => {
                    // A mistyped digit.
                    let mut b = id.into_bytes();
                    b[10] = if b[10] == b'9' { b'0' } else { b[10] + 1 };
                    id = String::from_utf8(b).unwrap_or_default();
                    id_cell = Cell::Text(id.clone());
                }
                3 => {
                    id_cell = Cell::Text(
                        id.chars()
                            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
                            .collect(),
                    )
                }
                // The same person entered twice; now and then the number under another name.
                4 if !previous.is_empty() => {
                    let (pid, pname) = &previous[rng.below(previous.len() as u64) as usize];
                    id_cell = Cell::Text(pid.clone());
                    if rng.below(4) > 0 {
                        name_cell = Cell::Text(pname.clone());
                    }
                }
                5 => name_cell = Cell::Empty,
                6 => {
                    id_cell = Cell::Text(format!(
                        " {} {} {} ",
                        &id[..6],
                        &id[6..14],
                        id[14..].to_lowercase()
                    ))
                }
                // A legacy 15-digit number that went through a decimal format ("….0").
                _ if &id[6..8] == "19" => {
                    id_cell = Cell::Text(format!("{}{}.0", &id[..6], &id[8..17]))
                }
                _ => id_cell = Cell::Text(id.to_lowercase()),
            }
        }
        if previous.len() < 1000 {
            previous.push((id, name));
        }
        rows.push(vec![
            Cell::Number((i + 1) as f64),
            Cell::Text(town),
            Cell::Text(village),
            name_cell,
            id_cell,
            Cell::Text(phone),
            match *rng.pick(GROUPS) {
                "" => Cell::Empty,
                g => Cell::Text(g.to_string()),
            },
            {
                let status = *rng.pick(STATUSES);
                let status = match spec.insured_percent {
                    // Decided by the row's number alone: the generator's draws stay the same.
                    Some(p) => {
                        let h = (i as u64 ^ spec.seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
                        if h % 100 < p as u64 {
                            "已参保"
                        } else {
                            "断保"
                        }
                    }
                    None => status,
                };
                Cell::Text(status.to_string())
            },
        ]);
    }
    Table { rows }
}

/// The table as CSV bytes (`gbk`: GB18030-encoded, as Chinese Excel writes; else UTF-8 with
/// a byte-order mark).
pub fn to_csv_bytes(table: &Table, gbk: bool) -> Vec<u8> {
    let mut s = String::new();
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(Cell::text).collect();
        crate::csv::push_row(&mut s, cells.iter().map(String::as_str), "\r\n");
    }
    if gbk {
        encoding_rs::GB18030.encode(&s).0.into_owned()
    } else {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(s.as_bytes());
        b
    }
}

/// The table as an `.xlsx` workbook (cells keep their types: damaged IDs stay numbers).
pub fn to_xlsx_bytes(table: &Table) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("台账")?;
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Cell::Empty => {}
                Cell::Text(s) if s.is_empty() => {}
                Cell::Number(n) => {
                    ws.write_number(r, c, *n)?;
                }
                Cell::Bool(b) => {
                    ws.write_boolean(r, c, *b)?;
                }
                Cell::Text(s) | Cell::Other(s) => {
                    ws.write_string(r, c, s)?;
                }
            }
        }
    }
    wb.save_to_buffer()
}
