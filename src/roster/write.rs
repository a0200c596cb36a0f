//! Writing results: an annotated workbook (rust_xlsxwriter) with the original columns
//! untouched plus result columns, problem cells highlighted, and a summary sheet; or CSV in
//! UTF-8 with a byte-order mark so that Excel opens it correctly.

use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};

use super::pipeline::{result_headers, result_texts, RowResult, Status};
use super::summary::Summary;
use super::{Cell, RosterError, Table};
use crate::calc::resident::Budget;
use crate::id::Lang;
use crate::money::yuan;
use crate::policy::Policy;

fn xlsx_error(e: XlsxError) -> RosterError {
    RosterError::new(
        "write_failed",
        format!("无法写出 Excel 文件：{e}"),
        format!("the workbook could not be written: {e}"),
    )
}

fn put(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    fmt: Option<&Format>,
) -> Result<(), XlsxError> {
    match (cell, fmt) {
        (Cell::Empty, Some(f)) => ws.write_blank(row, col, f).map(|_| ()),
        (Cell::Empty, None) => Ok(()),
        (Cell::Number(n), Some(f)) => ws.write_number_with_format(row, col, *n, f).map(|_| ()),
        (Cell::Number(n), None) => ws.write_number(row, col, *n).map(|_| ()),
        (Cell::Bool(b), Some(f)) => ws.write_boolean_with_format(row, col, *b, f).map(|_| ()),
        (Cell::Bool(b), None) => ws.write_boolean(row, col, *b).map(|_| ()),
        (Cell::Text(s) | Cell::Other(s), Some(f)) => {
            ws.write_string_with_format(row, col, s, f).map(|_| ())
        }
        (Cell::Text(s) | Cell::Other(s), None) => ws.write_string(row, col, s).map(|_| ()),
    }
}

/// The annotated workbook: sheet 1 the roster (every original row and cell, then the result
/// columns on data rows), sheet 2 the summary.
pub fn to_xlsx(
    table: &Table,
    header_row: usize,
    results: &[RowResult],
    summary: &Summary,
    policy: Option<&Policy>,
    lang: Lang,
) -> Result<Vec<u8>, RosterError> {
    let mut wb = Workbook::new();
    let error_fill = Format::new().set_background_color(Color::RGB(0xF8D7DA));
    let warning_fill = Format::new().set_background_color(Color::RGB(0xFFF3CD));
    let bold = Format::new().set_bold();
    let width = table.width() as u16;
    let data_start = header_row + 1;
    {
        let ws = wb.add_worksheet();
        ws.set_name(if lang == Lang::Zh { "台账" } else { "Roster" })
            .map_err(xlsx_error)?;
        for (r, row) in table.rows.iter().enumerate() {
            let result = r.checked_sub(data_start).and_then(|k| results.get(k));
            for (c, cell) in row.iter().enumerate() {
                let fmt = result.and_then(|res| {
                    res.problems
                        .iter()
                        .filter(|p| p.column == Some(c))
                        .map(|p| p.severity)
                        .max()
                        .map(|s| {
                            if s == Status::Error {
                                &error_fill
                            } else {
                                &warning_fill
                            }
                        })
                });
                put(ws, r as u32, c as u16, cell, fmt).map_err(xlsx_error)?;
            }
            if r == header_row {
                for (k, h) in result_headers(lang).iter().enumerate() {
                    ws.write_string_with_format(r as u32, width + k as u16, *h, &bold)
                        .map_err(xlsx_error)?;
                }
            }
            if let Some(res) = result {
                let fmt = match res.status() {
                    Status::Error => Some(&error_fill),
                    Status::Warning => Some(&warning_fill),
                    Status::Ok => None,
                };
                for (k, v) in result_texts(res, lang).iter().enumerate() {
                    if v.is_empty() {
                        continue;
                    }
                    let col = width + k as u16;
                    match (k, fmt) {
                        (0, Some(f)) => ws.write_string_with_format(r as u32, col, v, f),
                        _ => ws.write_string(r as u32, col, v),
                    }
                    .map_err(xlsx_error)?;
                }
            }
        }
        ws.set_freeze_panes(data_start as u32, 0)
            .map_err(xlsx_error)?;
    }
    write_summary(wb.add_worksheet(), summary, policy, lang, &bold).map_err(xlsx_error)?;
    wb.save_to_buffer().map_err(xlsx_error)
}

fn write_summary(
    ws: &mut Worksheet,
    s: &Summary,
    policy: Option<&Policy>,
    lang: Lang,
    bold: &Format,
) -> Result<(), XlsxError> {
    let zh = lang == Lang::Zh;
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
        ws.write_string(row, 0, *code)?;
        ws.write_number(row, 1, *n as f64)?;
        row += 1;
    }
    if !s.by_group.is_empty() {
        title(
            ws,
            &mut row,
            if zh {
                "按资助身份"
            } else {
                "By assistance group"
            },
        )?;
        for (g, n, sub) in &s.by_group {
            let name = policy
                .and_then(|p| p.group(g))
                .map_or(g.as_str(), |x| x.name.get(lang));
            ws.write_string(row, 0, name)?;
            ws.write_number(row, 1, *n as f64)?;
            ws.write_string(row, 2, yuan(*sub))?;
            row += 1;
        }
    }
    title(
        ws,
        &mut row,
        if zh {
            "按单位：行数、错误、提示、已参保"
        } else {
            "By unit: rows, errors, warnings, insured"
        },
    )?;
    for u in &s.by_unit {
        ws.write_string(row, 0, if u.unit.is_empty() { "—" } else { &u.unit })?;
        for (k, n) in [u.rows, u.errors, u.warnings, u.insured].iter().enumerate() {
            ws.write_number(row, 1 + k as u16, *n as f64)?;
        }
        row += 1;
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
        write_budget(ws, &mut row, b, policy, lang)?;
    }
    if let Some(c) = &s.coverage {
        title(
            ws,
            &mut row,
            if zh {
                "参保率（按状态列）：单位、人数、参保、参保率%"
            } else {
                "Coverage (from the status column): unit, rows, insured, rate %"
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
            ws.write_string(row, 3, r.coverage_rate())?;
            row += 1;
        }
    }
    Ok(())
}

fn write_budget(
    ws: &mut Worksheet,
    row: &mut u32,
    b: &Budget,
    policy: Option<&Policy>,
    lang: Lang,
) -> Result<(), XlsxError> {
    for l in &b.departments {
        let name = policy
            .and_then(|p| p.department(&l.department))
            .map_or(l.department.as_str(), |d| d.name.get(lang));
        ws.write_string(*row, 0, name)?;
        ws.write_number(*row, 1, l.people as f64)?;
        ws.write_string(*row, 2, yuan(l.subsidy))?;
        *row += 1;
    }
    ws.write_string(*row, 0, if lang == Lang::Zh { "合计" } else { "Total" })?;
    ws.write_number(*row, 1, b.totals.people as f64)?;
    ws.write_string(*row, 2, yuan(b.totals.subsidy))?;
    *row += 1;
    Ok(())
}

fn csv_cell(out: &mut String, v: &str) {
    if v.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&v.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(v);
    }
}

/// The roster as CSV (UTF-8 with a byte-order mark): every original row as read, plus the
/// result columns on the header and data rows.
pub fn to_csv(table: &Table, header_row: usize, results: &[RowResult], lang: Lang) -> String {
    let width = table.width();
    let mut out = String::from("\u{FEFF}");
    for (r, row) in table.rows.iter().enumerate() {
        for c in 0..width {
            if c > 0 {
                out.push(',');
            }
            csv_cell(&mut out, &row.get(c).map(Cell::text).unwrap_or_default());
        }
        let extra: Vec<String> = if r == header_row {
            result_headers(lang).iter().map(|s| s.to_string()).collect()
        } else if let Some(res) = r.checked_sub(header_row + 1).and_then(|k| results.get(k)) {
            result_texts(res, lang)
        } else {
            Vec::new()
        };
        for v in extra {
            out.push(',');
            csv_cell(&mut out, &v);
        }
        out.push_str("\r\n");
    }
    out
}
