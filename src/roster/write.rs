//! Writing results: an annotated workbook (rust_xlsxwriter) with the original columns
//! untouched plus result columns, problem cells highlighted, and a summary sheet; or CSV in
//! UTF-8 with a byte-order mark so that Excel opens it correctly.

use std::io::{Cursor, Write};

use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::pipeline::{result_headers, ResultTexts, RowResult, Status};
use super::sheet::{self, SheetWriter, Value};
use super::summary::{Exclusion, Summary, UnitLine};
use super::RosterCode;
use super::{Cell, RosterError, Table};
use crate::calc::resident::Budget;
use crate::lang::Lang;
use crate::policy::Policy;

/// A map with FxHash (keys from the clerk's own file and policy).
type FxMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

fn xlsx_error(e: XlsxError) -> RosterError {
    xlsx_error_text(&e.to_string())
}

/// The annotated workbook: sheet 1 the roster (every original row and cell, then the result
/// columns on data rows), sheet 2 the summary.
///
/// rust_xlsxwriter writes the package (styles, summary sheet, workbook parts); the roster
/// sheet, the one large part, is streamed by [`super::sheet::SheetWriter`] and spliced in
/// place of rust_xlsxwriter's placeholder first sheet (see that module for why).
pub fn to_xlsx(
    table: &Table,
    header_row: usize,
    results: &[RowResult],
    summary: &Summary,
    policy: Option<&Policy>,
    lang: Lang,
) -> Result<Vec<u8>, RosterError> {
    let width = table.width();
    let columns = width + result_headers(lang).len();
    if table.rows.len() > sheet::MAX_ROWS || columns > sheet::MAX_COLS {
        return Err(RosterError::new(
            RosterCode::TooLargeForXlsx,
            format!(
                "表格有 {} 行、{} 列（含结果列），超出 Excel 的上限（{} 行、{} 列），请改为输出 CSV。",
                table.rows.len(),
                columns,
                sheet::MAX_ROWS,
                sheet::MAX_COLS
            ),
            format!(
                "the sheet has {} rows and {} columns (with the result columns), more than Excel \
                 allows ({} rows, {} columns); write CSV instead",
                table.rows.len(),
                columns,
                sheet::MAX_ROWS,
                sheet::MAX_COLS
            ),
        ));
    }
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    {
        // The placeholder roster sheet registers the three formats in the order that gives
        // them the style indices `sheet::STYLE_*` (checked by a test on the package).
        let ws = wb.add_worksheet();
        ws.set_name(if lang == Lang::Zh { "台账" } else { "Roster" })
            .map_err(xlsx_error)?;
        let error_fill = Format::new().set_background_color(Color::RGB(0xF8D7DA));
        let warning_fill = Format::new().set_background_color(Color::RGB(0xFFF3CD));
        let money = Format::new().set_num_format("0.00");
        for (col, f) in [&error_fill, &warning_fill, &bold, &money]
            .into_iter()
            .enumerate()
        {
            ws.write_blank(0, col as u16, f).map_err(xlsx_error)?;
        }
        // The autofilter's defined name (_xlnm._FilterDatabase) in the workbook part; the
        // streamed sheet writes the same range.
        if table.rows.len() > header_row + 1 {
            ws.autofilter(
                header_row as u32,
                0,
                (table.rows.len() - 1) as u32,
                (columns - 1) as u16,
            )
            .map_err(xlsx_error)?;
        }
    }
    write_summary(wb.add_worksheet(), summary, policy, lang, &bold).map_err(xlsx_error)?;
    let package = wb.save_to_buffer().map_err(xlsx_error)?;
    splice_sheet(
        &package,
        ROSTER_PART,
        sheet_size_bound(table, columns),
        |out| write_roster_sheet(out, table, header_row, results, summary, policy, lang),
    )
    .map_err(|e| xlsx_error_text(&e.to_string()))
}

/// More than the roster sheet's XML can take: every byte of text escaped at worst (a control
/// character becomes the 7 bytes `_xHHHH_`), the markup of every cell, and the result columns
/// (messages are short). Decides whether the part needs ZIP64 (over 4 GiB).
fn sheet_size_bound(table: &Table, columns: usize) -> usize {
    let text: usize = table
        .rows
        .iter()
        .flatten()
        .map(|c| match c {
            Cell::Text(s) | Cell::Other(s) => s.len(),
            Cell::Number(_) => 32,
            Cell::Bool(_) | Cell::Empty => 0,
        })
        .sum();
    text * 7 + table.rows.len() * (columns * 64 + 4096)
}

/// Column widths in characters for the roster sheet: each column as wide as its header and
/// its first rows need (a CJK character counts two), between 6 and 40; the result columns
/// as their headers, the message column wider.
fn column_widths(table: &Table, header_row: usize, headers: &[&str]) -> Vec<f64> {
    let shown = |s: &str| -> usize {
        s.chars()
            .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
            .sum()
    };
    let clamp = |n: usize| (n.clamp(6, 40) + 2) as f64;
    let mut widths: Vec<f64> = (0..table.width())
        .map(|c| {
            let cells = table
                .rows
                .iter()
                .skip(header_row)
                .take(200)
                .map(|r| r.get(c).map_or(0, |cell| shown(&cell.text())));
            clamp(cells.max().unwrap_or(0))
        })
        .collect();
    widths.extend(headers.iter().enumerate().map(|(i, h)| {
        // The second result column holds the problem message.
        if i == 1 {
            50.0
        } else {
            clamp(shown(h).max(10))
        }
    }));
    widths
}

/// The part rust_xlsxwriter names for the first worksheet.
const ROSTER_PART: &str = "xl/worksheets/sheet1.xml";

/// Deflate level of the streamed sheet. Writing the 600k-row bench roster with tokens
/// (native, cells without redundant references): level 1 1.4–1.6 s and 80 MB, 2 1.7–1.9 s and
/// 62 MB, 3 2.3–2.5 s and 61 MB (zlib-rs: 1 is `deflate_quick`, 2 `deflate_fast`, 3
/// `deflate_medium`).
const SHEET_LEVEL: i64 = 2;

fn xlsx_error_text(e: &str) -> RosterError {
    RosterError::new(
        RosterCode::WriteFailed,
        format!("无法写出 Excel 文件：{e}"),
        format!("the workbook could not be written: {e}"),
    )
}

/// Copies every part of `package` unchanged (no recompression) except `part`, which `write`
/// produces; `bound` is more than that part's size, to choose ZIP64 only when needed.
fn splice_sheet(
    package: &[u8],
    part: &str,
    bound: usize,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut archive = ZipArchive::new(Cursor::new(package))?;
    // The compressed part is typically a few percent of the bound.
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(package.len() + bound / 48)));
    let mut write = Some(write);
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i)?;
        if file.name() != part {
            zip.raw_copy_file(file)?;
            continue;
        }
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(SHEET_LEVEL))
            .last_modified_time(file.last_modified().unwrap_or_default())
            .large_file(bound as u64 >= u32::MAX as u64);
        drop(file);
        zip.start_file(part, options)?;
        if let Some(w) = write.take() {
            w(&mut zip)?;
        }
    }
    if write.is_some() {
        return Err(zip::result::ZipError::FileNotFound);
    }
    Ok(zip.finish()?.into_inner())
}

fn write_roster_sheet(
    out: &mut dyn Write,
    table: &Table,
    header_row: usize,
    results: &[RowResult],
    summary: &Summary,
    policy: Option<&Policy>,
    lang: Lang,
) -> std::io::Result<()> {
    let width = table.width();
    let headers = result_headers(lang);
    let data_start = header_row.saturating_add(1);
    let widths = column_widths(table, header_row, &headers);
    let mut w = SheetWriter::new(
        out,
        width + headers.len(),
        table.rows.len(),
        data_start,
        true,
        &widths,
    )?;
    let mut texts = ResultTexts::default();
    for (r, row) in table.rows.iter().enumerate() {
        w.start_row()?;
        let k = r.checked_sub(data_start);
        let result = k.and_then(|k| results.get(k));
        let in_budget = k.is_some_and(|k| summary.in_budget(k));
        let style_of = |s: Status| match s {
            Status::Error => Some(sheet::STYLE_ERROR),
            Status::Warning => Some(sheet::STYLE_WARNING),
            Status::Ok => None,
        };
        for (c, cell) in row.iter().enumerate() {
            let style = result.and_then(|res| {
                res.problems
                    .iter()
                    .filter(|p| p.column == Some(c))
                    .map(|p| p.severity)
                    .max()
                    .and_then(style_of)
            });
            w.cell(c, Value::of(cell), style);
        }
        if r == header_row {
            for (k, h) in headers.iter().enumerate() {
                w.cell(width + k, Value::Text(h), Some(sheet::STYLE_BOLD));
            }
        }
        if let Some(res) = result {
            let status_style = style_of(res.status());
            texts.fill(res, lang, policy, in_budget);
            for (k, v) in texts.0.iter().enumerate() {
                if v.is_empty() {
                    continue;
                }
                // Age, the duplicate's row and the amounts as numbers, so that Excel sums them.
                let number = match k {
                    5 => res.age.map(|a| (a as f64, None)),
                    6 => res.duplicate_of.map(|d| (d as f64, None)),
                    8 => res.subsidy.map(|d| (amount(d), Some(sheet::STYLE_MONEY))),
                    9 => res.payable.map(|d| (amount(d), Some(sheet::STYLE_MONEY))),
                    _ => None,
                };
                match number {
                    Some((n, style)) => w.cell(width + k, Value::Number(n), style),
                    None => {
                        let style = if k == 0 { status_style } else { None };
                        w.cell(width + k, Value::Text(v), style)
                    }
                }
            }
        }
    }
    w.finish()?;
    Ok(())
}

fn write_summary(
    ws: &mut Worksheet,
    s: &Summary,
    policy: Option<&Policy>,
    lang: Lang,
    bold: &Format,
) -> Result<(), XlsxError> {
    let zh = lang == Lang::Zh;
    let money = Format::new().set_num_format("0.00");
    ws.set_name(if zh { "汇总" } else { "Summary" })?;
    ws.set_column_width(0, 28)?;
    let mut row = 0u32;
    let title = |ws: &mut Worksheet, row: &mut u32, t: &str| -> Result<(), XlsxError> {
        *row += 1;
        ws.write_string_with_format(*row, 0, t, bold)?;
        *row += 1;
        Ok(())
    };
    ws.write_string_with_format(0, 0, if zh { "核验汇总" } else { "Summary" }, bold)?;
    title(ws, &mut row, if zh { "按状态" } else { "By status" })?;
    for (label, n) in [
        (Status::Ok, s.by_status[0]),
        (Status::Warning, s.by_status[1]),
        (Status::Error, s.by_status[2]),
    ] {
        ws.write_string(row, 0, label.label(lang))?;
        ws.write_number(row, 1, n as f64)?;
        row += 1;
    }
    ws.write_string(row, 0, if zh { "合计" } else { "Total" })?;
    ws.write_number(row, 1, s.rows as f64)?;
    row += 1;
    title(ws, &mut row, if zh { "按问题" } else { "By problem" })?;
    for (code, n) in &s.by_code {
        ws.write_string(row, 0, crate::roster::pipeline::code_label(code, lang))?;
        ws.write_number(row, 1, *n as f64)?;
        ws.write_string(row, 2, *code)?;
        row += 1;
    }
    if !s.by_group.is_empty() {
        title(
            ws,
            &mut row,
            if zh {
                "按资助身份：计入预算的人数、资助额"
            } else {
                "By assistance group: people in the budget, subsidies"
            },
        )?;
        // Each group's name by id (the first group of an id, as `Policy::group`).
        let mut names: FxMap<&str, &str> = Default::default();
        for g in policy
            .and_then(|p| p.resident.as_ref())
            .map_or(&[][..], |r| &r.groups)
        {
            names.entry(&g.id).or_insert(g.name.get(lang));
        }
        for (g, n, sub) in &s.by_group {
            let name = names.get(g.as_str()).copied().unwrap_or(g);
            ws.write_string(row, 0, name)?;
            ws.write_number(row, 1, *n as f64)?;
            ws.write_number_with_format(row, 2, amount(*sub), &money)?;
            row += 1;
        }
    }
    title(
        ws,
        &mut row,
        if zh {
            "按乡镇、村：人数、错误、提示、本地参保、异地参保、剔除"
        } else {
            "By township and village: rows, errors, warnings, insured here, elsewhere, excluded"
        },
    )?;
    let unit_line =
        |ws: &mut Worksheet, row: u32, label: &str, u: &UnitLine, f: Option<&Format>| {
            match f {
                Some(f) => ws.write_string_with_format(row, 0, label, f)?,
                None => ws.write_string(row, 0, label)?,
            };
            for (k, n) in [
                u.rows,
                u.errors,
                u.warnings,
                u.insured,
                u.insured_elsewhere,
                u.excluded_total(),
            ]
            .iter()
            .enumerate()
            {
                ws.write_number(row, 1 + k as u16, *n as f64)?;
            }
            Ok::<(), XlsxError>(())
        };
    let none = if zh { "（未填）" } else { "(none)" };
    // Each township's villages, in order (one pass: a county may have thousands of units).
    let mut villages: FxMap<&str, Vec<&UnitLine>> = Default::default();
    for u in &s.by_unit {
        villages.entry(&u.township).or_default().push(u);
    }
    for t in &s.by_township {
        let name = if t.township.is_empty() {
            none
        } else {
            &t.township
        };
        let label = if zh {
            format!("{name} 小计")
        } else {
            format!("{name}, subtotal")
        };
        unit_line(ws, row, &label, t, Some(bold))?;
        row += 1;
        for u in villages.get(t.township.as_str()).into_iter().flatten() {
            let village = if u.village.is_empty() {
                none
            } else {
                &u.village
            };
            unit_line(ws, row, &format!("    {village}"), u, None)?;
            row += 1;
        }
    }
    unit_line(
        ws,
        row,
        if zh { "全县合计" } else { "County total" },
        &s.total,
        Some(bold),
    )?;
    row += 1;
    if s.total.excluded_total() > 0 {
        title(
            ws,
            &mut row,
            if zh {
                "剔除人员（按原因）"
            } else {
                "Excluded (by reason)"
            },
        )?;
        for (e, n) in Exclusion::ALL.iter().zip(s.total.excluded) {
            ws.write_string(row, 0, e.label(lang))?;
            ws.write_number(row, 1, n as f64)?;
            row += 1;
        }
    }
    if let Some(b) = &s.budget {
        title(
            ws,
            &mut row,
            if zh {
                "部门预算：人数、资助金额"
            } else {
                "Department budget: people, subsidies"
            },
        )?;
        write_budget(ws, &mut row, b, policy, lang, &money)?;
        for (label, n) in [
            (
                if zh {
                    "未计入预算：有错误的行"
                } else {
                    "Not in the budget: rows with an error"
                },
                s.excluded.invalid,
            ),
            (
                if zh {
                    "未计入预算：重复出现的行（只计首次）"
                } else {
                    "Not in the budget: later copies of a person (counted once)"
                },
                s.excluded.duplicates,
            ),
            (
                if zh {
                    "未计入预算：政策未规定资助标准"
                } else {
                    "Not in the budget: subsidy not stated in the policy"
                },
                s.excluded.not_stated,
            ),
            (
                if zh {
                    "未计入预算：已剔除或在外地参保的人"
                } else {
                    "Not in the budget: excluded or insured elsewhere"
                },
                s.excluded.out_of_scheme,
            ),
        ] {
            ws.write_string(row, 0, label)?;
            ws.write_number(row, 1, n as f64)?;
            row += 1;
        }
    }
    for (c, by) in [(&s.coverage_townships, true), (&s.coverage, false)] {
        let Some(c) = c else { continue };
        title(
            ws,
            &mut row,
            match (zh, by) {
                (true, true) => "参保率（按乡镇）：乡镇、应参保人数（已剔除）、参保（含异地）、参保率%",
                (true, false) => "参保率（按村）：乡镇 · 村、应参保人数（已剔除）、参保（含异地）、参保率%",
                (false, true) => "Coverage by township: township, people (excluded left out), insured (incl. elsewhere), rate %",
                (false, false) => "Coverage by village: township · village, people (excluded left out), insured (incl. elsewhere), rate %",
            },
        )?;
        for r in c.rows.iter().chain(std::iter::once(&c.total)) {
            let unit = if r.counts.unit.is_empty() {
                if zh {
                    "合计"
                } else {
                    "Total"
                }
            } else {
                &r.counts.unit
            };
            ws.write_string(row, 0, unit)?;
            ws.write_number(row, 1, r.counts.registered as f64)?;
            ws.write_number(row, 2, r.insured as f64)?;
            ws.write_number_with_format(
                row,
                3,
                r.coverage_rate().parse::<f64>().unwrap_or(0.0),
                &money,
            )?;
            row += 1;
        }
    }
    Ok(())
}

/// An amount as an Excel number (exact to the fen for any budget a county has), so that SUM
/// works on it; shown with two decimals.
fn amount(d: rust_decimal::Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(0.0)
}

fn write_budget(
    ws: &mut Worksheet,
    row: &mut u32,
    b: &Budget,
    policy: Option<&Policy>,
    lang: Lang,
    money: &Format,
) -> Result<(), XlsxError> {
    // Each department's name by id (the first of an id, as `Policy::department`).
    let mut names: FxMap<&str, &str> = Default::default();
    for d in policy.map_or(&[][..], |p| &p.departments) {
        names.entry(&d.id).or_insert(d.name.get(lang));
    }
    for l in &b.departments {
        let name = names
            .get(l.department.as_str())
            .copied()
            .unwrap_or(&l.department);
        ws.write_string(*row, 0, name)?;
        ws.write_number(*row, 1, l.people as f64)?;
        ws.write_number_with_format(*row, 2, amount(l.subsidy), money)?;
        *row += 1;
    }
    // The people no department subsidises, so that the lines add up to the total.
    if b.unsubsidised > 0 {
        let label = if lang == Lang::Zh {
            "无资助（个人全额缴费）"
        } else {
            "No subsidy (pay in full)"
        };
        ws.write_string(*row, 0, label)?;
        ws.write_number(*row, 1, b.unsubsidised as f64)?;
        ws.write_number_with_format(*row, 2, 0.0, money)?;
        *row += 1;
    }
    ws.write_string(*row, 0, if lang == Lang::Zh { "合计" } else { "Total" })?;
    ws.write_number(*row, 1, b.totals.people as f64)?;
    ws.write_number_with_format(*row, 2, amount(b.totals.subsidy), money)?;
    *row += 1;
    Ok(())
}

/// The roster as CSV (UTF-8 with a byte-order mark): every original row as read, plus the
/// result columns on the header and data rows (amounts on the rows in the summary's budget).
pub fn to_csv(
    table: &Table,
    header_row: usize,
    results: &[RowResult],
    summary: &Summary,
    policy: Option<&Policy>,
    lang: Lang,
) -> String {
    csv_of(table, header_row, results, summary, policy, lang, false)
}

/// The rows with a problem alone, as CSV (UTF-8 with a byte-order mark): the header row and
/// each row with a problem ([`listed`]: an empty row among them), led by its row number in the
/// original sheet, with the result columns.
pub fn problems_csv(
    table: &Table,
    header_row: usize,
    results: &[RowResult],
    summary: &Summary,
    policy: Option<&Policy>,
    lang: Lang,
) -> String {
    csv_of(table, header_row, results, summary, policy, lang, true)
}

/// Whether a row is in the problem lists (the problems file, the page's list): any problem, a
/// warning (an empty row's among them) or an error.
pub fn listed(r: &RowResult) -> bool {
    r.status() != Status::Ok
}

fn csv_of(
    table: &Table,
    header_row: usize,
    results: &[RowResult],
    summary: &Summary,
    policy: Option<&Policy>,
    lang: Lang,
    problems_only: bool,
) -> String {
    let width = table.width();
    let mut out = String::from("\u{FEFF}");
    let mut texts = ResultTexts::default();
    for (r, row) in table.rows.iter().enumerate() {
        let k = r.checked_sub(header_row.saturating_add(1));
        let result = k.and_then(|k| results.get(k));
        if problems_only {
            let keep = r == header_row || result.is_some_and(listed);
            if !keep {
                continue;
            }
            let number = if r == header_row {
                (if lang == Lang::Zh {
                    "原表行号"
                } else {
                    "Row"
                })
                .to_string()
            } else {
                (r + 1).to_string()
            };
            crate::csv::push_cell(&mut out, &number);
            out.push(',');
        }
        for c in 0..width {
            if c > 0 {
                out.push(',');
            }
            crate::csv::push_cell(&mut out, &row.get(c).map(Cell::text).unwrap_or_default());
        }
        if r == header_row {
            for v in result_headers(lang) {
                out.push(',');
                crate::csv::push_cell(&mut out, v);
            }
        } else if let Some(res) = result {
            texts.fill(res, lang, policy, k.is_some_and(|k| summary.in_budget(k)));
            for v in &texts.0 {
                out.push(',');
                crate::csv::push_cell(&mut out, v);
            }
        }
        out.push_str("\r\n");
    }
    out
}
