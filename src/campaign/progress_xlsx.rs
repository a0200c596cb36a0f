//! The progress report as a workbook: 核验 (for a ledger), 乡镇进度 with its chart, 村进度,
//! 重点人群, 代缴资金, 跟进情况 and 说明.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::names::Names;
use super::progress::{Line, Read, Report};
use crate::lang::Lang;
use crate::policy::Policy;

/// A value of a report cell.
enum V {
    Text(String),
    Int(i64),
    /// Hundredths of a percent (or of a percentage point), shown as a number with two decimals.
    Bp(i64),
    Money(Decimal),
    Blank,
}

fn opt_bp(v: Option<u64>) -> V {
    v.map_or(V::Blank, |b| V::Bp(b as i64))
}

/// Below a table of groups or payments, when they count only the people in the ledger: what
/// they count.
fn ledger_only_note(
    ws: &mut rust_xlsxwriter::Worksheet,
    rows: usize,
    r: &Report,
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    if r.groups_ledger_only {
        ws.write_string(
            rows as u32 + 2,
            0,
            if lang == Lang::Zh {
                "注：台账生成时未选择政策，本表只计台账中的人员，不含生成台账时已参保的人员。"
            } else {
                "Note: the ledger was built without a policy, so this table counts only the people in the ledger, not those already enrolled when it was built."
            },
        )?;
    }
    Ok(())
}

/// Writes a table with a frozen, filtered header; `total`: the last row is a total, kept out of
/// the filter (so that sorting keeps it last).
fn write_table(
    ws: &mut rust_xlsxwriter::Worksheet,
    heads: &[&str],
    rows: &[Vec<V>],
    total: bool,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Format;
    let bold = Format::new().set_bold().set_text_wrap();
    let two = Format::new().set_num_format("0.00");
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
        let w = h
            .chars()
            .map(|ch| if ch.is_ascii() { 1.0 } else { 2.0 })
            .sum::<f64>();
        ws.set_column_width(c as u16, w.clamp(8.0, 24.0) + 1.0)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                V::Text(t) => {
                    ws.write_string(r, c, t)?;
                }
                V::Int(n) => {
                    ws.write_number(r, c, *n as f64)?;
                }
                V::Bp(b) => {
                    ws.write_number_with_format(r, c, *b as f64 / 100.0, &two)?;
                }
                V::Money(d) => {
                    ws.write_number_with_format(r, c, d.to_f64().unwrap_or(0.0), &two)?;
                }
                V::Blank => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    let filtered = rows.len() - usize::from(total && !rows.is_empty());
    if filtered > 0 {
        ws.autofilter(0, 0, filtered as u32, heads.len() as u16 - 1)?;
    }
    Ok(())
}

/// The report's labels in one language.
struct Words {
    rank: &'static str,
    township: &'static str,
    village: &'static str,
    people: &'static str,
    excluded: &'static str,
    registered: &'static str,
    insured: &'static str,
    elsewhere: &'static str,
    uncovered: &'static str,
    rate: &'static str,
    previous: &'static str,
    change: &'static str,
    gained: &'static str,
    target: &'static str,
    gap: &'static str,
    county: &'static str,
}

const ZH: Words = Words {
    rank: "排名",
    township: "乡镇（街道）",
    village: "村（社区）",
    people: "人数",
    excluded: "剔除",
    registered: "应参保",
    insured: "本地参保",
    elsewhere: "异地参保",
    uncovered: "未参保",
    rate: "参保率（%）",
    previous: "上期参保率（%）",
    change: "变化（百分点）",
    gained: "新增参保",
    target: "目标（%）",
    gap: "距目标（人）",
    county: "全县合计",
};

const EN: Words = Words {
    rank: "Rank",
    township: "Township",
    village: "Village",
    people: "People",
    excluded: "Excluded",
    registered: "To enroll",
    insured: "Insured here",
    elsewhere: "Insured elsewhere",
    uncovered: "Not insured",
    rate: "Coverage (%)",
    previous: "Previous (%)",
    change: "Change (points)",
    gained: "Newly covered",
    target: "Target (%)",
    gap: "Gap to target (people)",
    county: "County total",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

fn level_sheet(
    ws: &mut rust_xlsxwriter::Worksheet,
    r: &Report,
    villages: bool,
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Chart, ChartType};
    let w = words(lang);
    let mut heads = vec![w.rank, w.township];
    if villages {
        heads.push(w.village);
    }
    heads.extend([
        w.people,
        w.excluded,
        w.registered,
        w.insured,
        w.elsewhere,
        w.uncovered,
        w.rate,
    ]);
    if r.has_previous {
        heads.extend([w.previous, w.change, w.gained]);
    }
    let target = r.total.target.is_some();
    if target {
        heads.extend([w.target, w.gap]);
    }
    let lines = if villages { &r.villages } else { &r.townships };
    let row_of = |l: &Line, total: bool| {
        let mut v = vec![
            if total || l.rank == 0 {
                V::Blank
            } else {
                V::Int(l.rank as i64)
            },
            V::Text(if total {
                w.county.to_string()
            } else if l.township.is_empty() {
                "—".into()
            } else {
                l.township.clone()
            }),
        ];
        if villages {
            v.push(V::Text(if total || l.village.is_empty() {
                if total {
                    String::new()
                } else {
                    "—".into()
                }
            } else {
                l.village.clone()
            }));
        }
        v.extend([
            V::Int(l.people as i64),
            V::Int(l.excluded as i64),
            V::Int(l.registered as i64),
            V::Int(l.insured as i64),
            V::Int(l.insured_elsewhere as i64),
            V::Int(l.uncovered as i64),
            opt_bp(l.rate_bp),
        ]);
        if r.has_previous {
            v.extend([
                opt_bp(l.previous_bp),
                l.change_bp.map_or(V::Blank, V::Bp),
                l.gained.map_or(V::Blank, V::Int),
            ]);
        }
        if target {
            v.extend([
                l.target.map_or(V::Blank, V::Money),
                l.gap.map_or(V::Blank, |g| V::Int(g as i64)),
            ]);
        }
        v
    };
    let mut rows: Vec<Vec<V>> = lines.iter().map(|l| row_of(l, false)).collect();
    rows.push(row_of(&r.total, true));
    write_table(ws, &heads, &rows, true)?;
    // The chart: coverage per unit (columns) and the target (a line), for the townships.
    if !villages && !lines.is_empty() {
        let n = lines.len() as u32;
        let name = ws.name();
        let rate_col = heads.iter().position(|h| *h == w.rate).unwrap_or(0) as u16;
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_name(w.rate)
            .set_categories((name.as_str(), 1, 1, n, 1))
            .set_values((name.as_str(), 1, rate_col, n, rate_col));
        if target {
            let t_col = heads.iter().position(|h| *h == w.target).unwrap_or(0) as u16;
            let mut line = Chart::new(ChartType::Line);
            line.add_series()
                .set_name(w.target)
                .set_categories((name.as_str(), 1, 1, n, 1))
                .set_values((name.as_str(), 1, t_col, n, t_col));
            chart.combine(&line);
        }
        chart.title().set_name(match lang {
            Lang::Zh => "各乡镇参保率",
            Lang::En => "Coverage by township",
        });
        chart.x_axis().set_name(w.township);
        chart.y_axis().set_name(w.rate).set_min(0).set_max(100);
        chart
            .legend()
            .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
        ws.insert_chart(n + 3, 1, &chart)?;
    }
    Ok(())
}

/// The first sheet of a report from a ledger read back: whether it was checked against the
/// ledger as built, and every finding and problem row.
fn check_sheet(
    ws: &mut rust_xlsxwriter::Worksheet,
    read: &Read,
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Format;
    let zh = lang == Lang::Zh;
    ws.set_name(if zh { "核验" } else { "Checks" })?;
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let status = match (read.verified, zh) {
        (true, true) => "已用原始台账核验：人员、所属村和已参保人数以原始台账为准，只采用各村填写的联系结果、剔除原因和预计缴费日期。",
        (true, false) => "Checked against the ledger as built: the people, their villages and the already-enrolled counts are the ledger's; only the villages' contact results, exclusion reasons and payment dates are taken from the returned file.",
        (false, true) => "未核验：没有提供原始台账，人数和已参保人数来自交回的文件，可被改动。请用本单位留存的原始台账核验后再通报。",
        (false, false) => "Unverified: no ledger as built was given, so the people and the already-enrolled counts are the returned file's own, which can be edited. Check it against the ledger as built, kept by the county, before reporting.",
    };
    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 8)?;
    ws.set_column_width(3, 20)?;
    ws.set_column_width(4, 10)?;
    ws.set_column_width(5, 40)?;
    ws.write_string_with_format(0, 0, status, &title)?;
    let heads: [&str; 6] = if zh {
        ["问题", "工作表", "行号", "村（社区）", "原表行号", "内容"]
    } else {
        [
            "Finding",
            "Sheet",
            "Row",
            "Village",
            "Row in the list",
            "Detail",
        ]
    };
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(2, i as u16, *h, &bold)?;
    }
    // Text from the returned file, shortened: a cell may hold 32,767 characters.
    let short = |s: &str| -> String {
        match s.char_indices().nth(200) {
            Some((at, _)) => format!("{}…", &s[..at]),
            None => s.to_string(),
        }
    };
    // At most this many lines (a sheet has 1,048,576 rows); the rest are counted.
    const MOST: usize = 100_000;
    let mut row = 3u32;
    let lines = read.findings.len() + read.problems.len();
    for f in read.findings.iter().take(MOST) {
        ws.write_string(row, 0, f.code.label(lang))?;
        ws.write_string(row, 1, short(&f.sheet))?;
        if f.row > 0 {
            ws.write_number(row, 2, f.row as f64)?;
        }
        ws.write_string(row, 3, short(&f.unit))?;
        if f.key > 0 {
            ws.write_number(row, 4, f.key as f64)?;
        }
        ws.write_string(row, 5, short(&f.detail))?;
        row += 1;
    }
    for (sheet, at, code) in read
        .problems
        .iter()
        .take(MOST.saturating_sub(read.findings.len()))
    {
        ws.write_string(row, 0, crate::roster::pipeline::code_label(code, lang))?;
        ws.write_string(row, 1, short(sheet))?;
        if *at > 0 {
            ws.write_number(row, 2, *at as f64)?;
        }
        row += 1;
    }
    if lines > MOST {
        let more = lines - MOST;
        ws.write_string(
            row,
            0,
            &if zh {
                format!("……另有 {more} 条未列出")
            } else {
                format!("… and {more} more not listed")
            },
        )?;
    }
    if lines == 0 {
        ws.write_string(3, 0, if zh { "无" } else { "None" })?;
    }
    Ok(())
}

/// The report as a workbook: townships (with a chart of coverage and the target line),
/// villages, groups against their targets, subsidies by department, the follow-up of a ledger
/// read back, and what the numbers count.
pub fn to_xlsx(
    r: &Report,
    read: &Read,
    policy: Option<&Policy>,
    lang: Lang,
) -> Result<Vec<u8>, crate::roster::RosterError> {
    write_xlsx(r, read, policy, lang).map_err(|e| {
        crate::roster::RosterError::new(
            crate::roster::RosterCode::WriteFailed,
            format!("无法生成进度通报文件：{e}"),
            format!("the progress workbook could not be written: {e}"),
        )
    })
}

fn write_xlsx(
    r: &Report,
    read: &Read,
    policy: Option<&Policy>,
    lang: Lang,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let zh = lang == Lang::Zh;
    let w = words(lang);
    let follow_up = read.follow_up.as_deref();
    let mut wb = Workbook::new();
    if follow_up.is_some() {
        check_sheet(wb.add_worksheet(), read, lang)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(if zh { "乡镇进度" } else { "Townships" })?;
        level_sheet(ws, r, false, lang)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(if zh { "村进度" } else { "Villages" })?;
        level_sheet(ws, r, true, lang)?;
    }
    let names = Names::of(policy);
    let group_name = |id: &str| names.group(id, lang);
    if !r.groups.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(if zh { "重点人群" } else { "Groups" })?;
        let mut heads = vec![
            if zh { "人群" } else { "Group" },
            w.people,
            w.registered,
            if zh {
                "已参保（含异地）"
            } else {
                "Covered"
            },
            w.rate,
        ];
        if r.has_previous {
            heads.push(w.previous);
        }
        heads.extend([w.target, w.gap]);
        let rows: Vec<Vec<V>> = r
            .groups
            .iter()
            .map(|g| {
                let mut v = vec![
                    V::Text(group_name(&g.group)),
                    V::Int(g.people as i64),
                    V::Int(g.registered as i64),
                    V::Int(g.covered as i64),
                    opt_bp(g.rate_bp),
                ];
                if r.has_previous {
                    v.push(opt_bp(g.previous_bp));
                }
                v.push(g.target.map_or(V::Blank, V::Money));
                v.push(g.gap.map_or(V::Blank, |x| V::Int(x as i64)));
                v
            })
            .collect();
        write_table(ws, &heads, &rows, false)?;
        ledger_only_note(ws, rows.len(), r, lang)?;
    }
    if !r.payments.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(if zh { "代缴资金" } else { "Subsidies" })?;
        let heads = if zh {
            [
                "部门",
                "人数",
                "应代缴（元）",
                "已缴人数",
                "已代缴（元）",
                "未到账（元）",
            ]
        } else {
            [
                "Department",
                "People",
                "Due",
                "Paid for",
                "Paid",
                "Outstanding",
            ]
        };
        let rows: Vec<Vec<V>> = r
            .payments
            .iter()
            .map(|p| {
                let name = names.department(&p.department, lang);
                vec![
                    V::Text(name),
                    V::Int(p.people as i64),
                    V::Money(p.due),
                    p.paid_people.map_or(V::Blank, |n| V::Int(n as i64)),
                    p.paid.map_or(V::Blank, V::Money),
                    p.outstanding.map_or(V::Blank, V::Money),
                ]
            })
            .collect();
        write_table(ws, &heads, &rows, false)?;
        ledger_only_note(ws, rows.len(), r, lang)?;
    }
    if let Some(f) = follow_up {
        let ws = wb.add_worksheet();
        ws.set_name(if zh { "跟进情况" } else { "Follow-up" })?;
        let mut heads = vec![w.township, w.village, w.people];
        heads.extend(
            crate::roster::status::Contact::ALL
                .iter()
                .map(|c| c.label(lang)),
        );
        heads.extend(if zh {
            ["剔除", "其他情况", "未填写", "已填预计缴费日期"]
        } else {
            [
                "Excluded",
                "Other",
                "Not filled in",
                "With an expected payment date",
            ]
        });
        let rows: Vec<Vec<V>> = f
            .iter()
            .map(|u| {
                let mut v = vec![
                    V::Text(if u.township.is_empty() {
                        "—".into()
                    } else {
                        u.township.clone()
                    }),
                    V::Text(if u.village.is_empty() {
                        "—".into()
                    } else {
                        u.village.clone()
                    }),
                    V::Int(u.people as i64),
                ];
                v.extend(u.contacts.iter().map(|n| V::Int(*n as i64)));
                v.extend([u.excluded, u.other, u.pending, u.dated].map(|n| V::Int(n as i64)));
                v
            })
            .collect();
        write_table(ws, &heads, &rows, false)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(if zh { "说明" } else { "About" })?;
        ws.set_column_width(0, 100)?;
        let bold = Format::new().set_bold();
        let lines: &[&str] = if zh {
            &[
                "人数：名单中的人，每个身份证号码只计一次；号码有误、同号不同名等有错误的行不计。",
                "应参保 = 人数 − 剔除（现役军人、出国定居、判刑收监、户籍迁出、死亡、失踪）。",
                "参保率 = （本地参保 + 异地参保）÷ 应参保，以百分数四舍五入保留两位小数。",
                "距目标：参保率达到目标至少还需参保的人数（达到目标为 0），按未经四舍五入的参保率计算：显示为 97.00% 的单位也可能还差 1 人。",
                "变化：本期与上期参保率之差（百分点）；新增参保：本期与上期已参保（含异地）人数之差。",
                "排名：按参保率从高到低，参保率相同者名次相同。",
                "代缴资金：计入预算的人（剔除和异地参保的人不计）按政策资助标准合计；已代缴为参保状态为已参保（已缴费）的人。",
            ]
        } else {
            &[
                "People: the people of the list, each ID once; rows with an error (an invalid ID, one ID under two names…) are not counted.",
                "To enroll = people − excluded (military service, settled abroad, serving a sentence, registration moved out, deceased, missing).",
                "Coverage = (insured here + insured elsewhere) ÷ to enroll, as a percentage rounded half up to two decimals.",
                "Gap to target: the fewest more people to cover for coverage to reach the target (0 when reached), from the exact rate: a unit shown at 97.00% may still be 1 person short.",
                "Change: this report's coverage less the previous one's (percentage points); newly covered: covered now less covered then.",
                "Rank: by coverage, highest first; equal rates share a rank.",
                "Subsidies: the people in the budget (not the excluded or those insured elsewhere) at the policy's amounts; paid: those whose status says insured (paid).",
            ]
        };
        ws.write_string_with_format(
            0,
            0,
            if zh {
                "口径说明"
            } else {
                "What the numbers count"
            },
            &bold,
        )?;
        for (i, l) in lines.iter().enumerate() {
            ws.write_string(i as u32 + 1, 0, *l)?;
        }
        if let Some(p) = policy {
            let mut row = lines.len() as u32 + 2;
            ws.write_string_with_format(
                row,
                0,
                if zh {
                    "目标（来自政策）"
                } else {
                    "Targets (from the policy)"
                },
                &bold,
            )?;
            row += 1;
            for t in &p.targets {
                let who = if t.of == "all" {
                    (if zh { "全体" } else { "Everyone" }).to_string()
                } else {
                    group_name(&t.of)
                };
                let note = t.note.as_ref().map(|n| n.get(lang)).unwrap_or("");
                ws.write_string(row, 0, format!("{who}：{}% {note}", t.rate))?;
                row += 1;
            }
        }
    }
    wb.save_to_buffer()
}
