//! The ledger as a workbook: the first sheet (how to fill it in, where the rows went, the
//! villages and groups tables), a sheet per village with drop-downs, the unmatched rows.

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, Workbook, XlsxError,
};

use super::layout::{
    columns, group_heads, index_name, unit_heads, unmatched_heads, unmatched_name, COL_CONTACT,
    COL_DATE, COL_REASON, COL_REMARKS,
};
use super::ledger::{Contact, Ledger};
use crate::id::Sex;
use crate::lang::Lang;
use crate::roster::pipeline::code_label;
use crate::roster::status::Exclusion;
use crate::roster::{RosterCode, RosterError};

fn xlsx_error(e: XlsxError) -> RosterError {
    RosterError::new(
        RosterCode::WriteFailed,
        format!("无法生成台账文件：{e}"),
        format!("the ledger workbook could not be written: {e}"),
    )
}

/// The ledger as a workbook: `说明` (what it is, how to fill it in, where every base row went,
/// the villages and their sheets), one sheet per village, and `无法比对` for base rows
/// without a valid ID.
pub fn to_xlsx(ledger: &Ledger, lang: Lang) -> Result<Vec<u8>, RosterError> {
    write_xlsx(ledger, lang).map_err(xlsx_error)
}

fn write_xlsx(ledger: &Ledger, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let zh = lang == Lang::Zh;
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let text = Format::new().set_num_format("@");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let units = ledger.units();
    let names = ledger.sheet_names(lang);
    let c = &ledger.counts;
    {
        let ws = wb.add_worksheet();
        ws.set_name(index_name(lang))?;
        ws.set_column_width(0, 40)?;
        ws.set_column_width(1, 16)?;
        ws.set_column_width(2, 16)?;
        ws.set_column_width(3, 10)?;
        ws.write_string_with_format(0, 0, ledger.kind.label(lang), &title)?;
        let how: [&str; 4] = if zh {
            [
                "每个村（社区）一个工作表。请逐人核实后填写“联系结果”“剔除原因”“预计缴费日期”，可从下拉列表中选择。",
                "不符合参保条件的（现役军人、出国定居、判刑收监、户籍迁出、死亡、失踪）填“剔除原因”；已在省外或职工医保参保的，“联系结果”选“省外参保”或“职工医保”。",
                "请勿改动表头、身份证号码和工作表结构；填好后交回，由本工具读取并生成进度通报。",
                "“原表行号”是此人在原名单中的行号（与 Excel 显示的行号一致）。",
            ]
        } else {
            [
                "One sheet per village. Check each person and fill in the contact result, the exclusion reason and the expected payment date (drop-down lists).",
                "People not eligible (military service, settled abroad, serving a sentence, registration moved out, deceased, missing) get an exclusion reason; people insured in another province or in the employees' scheme get that contact result.",
                "Do not change the header, the ID numbers or the sheets; return the workbook to be read back for the progress report.",
                "\"Row in the list\" is the person's row number in the original list, as Excel shows it.",
            ]
        };
        for (i, line) in how.iter().enumerate() {
            ws.write_string(1 + i as u32, 0, *line)?;
        }
        let mut row = 6u32;
        ws.write_string_with_format(
            row,
            0,
            if zh {
                "名单比对"
            } else {
                "Where the rows went"
            },
            &bold,
        )?;
        row += 1;
        let base = ledger.kind.base_label(lang);
        let lines: Vec<(String, usize)> = if zh {
            vec![
                (format!("{base}：行数（不含空行）"), c.base_rows),
                ("　其中：本年已参保".into(), c.enrolled),
                ("　　　　列入本台账".into(), c.ledger),
                (
                    "　　　　号码有误，无法比对（见“无法比对”表）".into(),
                    c.unmatched,
                ),
                ("　　　　同一人的重复行（只列一次）".into(), c.duplicates),
                (format!("{base}：空行"), c.base_empty),
                ("本年参保名单：人数".into(), c.current_people),
                (
                    "本年参保名单：号码有误、无法比对的行".into(),
                    c.current_unmatched,
                ),
                (format!("本年参保名单中不在{base}的人数"), c.new_people),
            ]
        } else {
            vec![
                (format!("Rows of {base} (not empty)"), c.base_rows),
                ("  of which enrolled this year".into(), c.enrolled),
                ("  in this ledger".into(), c.ledger),
                (
                    "  no valid ID, not matchable (see the sheet)".into(),
                    c.unmatched,
                ),
                (
                    "  later copies of a person (listed once)".into(),
                    c.duplicates,
                ),
                (format!("Empty rows of {base}"), c.base_empty),
                ("People in this year's enrollment".into(), c.current_people),
                (
                    "Rows of this year's enrollment without a valid ID".into(),
                    c.current_unmatched,
                ),
                (
                    format!("People enrolled this year not in {base}"),
                    c.new_people,
                ),
            ]
        };
        for (label, n) in &lines {
            ws.write_string(row, 0, label)?;
            ws.write_number(row, 1, *n as f64)?;
            row += 1;
        }
        row += 1;
        // Every village of the base list: its sheet, its people in the ledger and those
        // already enrolled (read back for the villages' coverage: keep this table as it is).
        for (i, h) in unit_heads(lang).iter().enumerate() {
            ws.write_string_with_format(row, i as u16, *h, &bold)?;
        }
        ws.set_column_width(4, 12)?;
        row += 1;
        for (k, (t, v, n, e)) in ledger.unit_table().into_iter().enumerate() {
            ws.write_string(row, 0, names.get(k).map_or("—", String::as_str))?;
            ws.write_string(row, 1, t)?;
            ws.write_string(row, 2, v)?;
            ws.write_number(row, 3, n as f64)?;
            ws.write_number(row, 4, e as f64)?;
            row += 1;
        }
        if let Some(groups) = &ledger.groups {
            // The people already enrolled by group, and their subsidies: a progress report
            // adds them to the groups' coverage and the departments' payments.
            row += 1;
            ws.write_string_with_format(
                row,
                0,
                if zh {
                    "本年已参保人员按人群（进度通报据此计算重点人群进度和代缴资金，请保持此表不变）"
                } else {
                    "People enrolled this year by group (the progress report's groups and payments count them: keep this table as it is)"
                },
                &bold,
            )?;
            row += 1;
            for (i, h) in group_heads(lang).iter().enumerate() {
                ws.write_string_with_format(row, i as u16, *h, &bold)?;
            }
            row += 1;
            let money = Format::new().set_num_format("0.00");
            for (g, names) in groups.iter().zip(&ledger.group_names) {
                ws.write_string(row, 0, &g.group)?;
                ws.write_string(row, 1, &names[usize::from(!zh)])?;
                ws.write_number(row, 2, g.people as f64)?;
                ws.write_number(row, 3, g.subsidised as f64)?;
                ws.write_number_with_format(
                    row,
                    4,
                    rust_decimal::prelude::ToPrimitive::to_f64(&g.subsidy).unwrap_or(0.0),
                    &money,
                )?;
                row += 1;
            }
        }
        if !ledger.replaced.is_empty() {
            // After the tables, one empty row apart (a table ends there).
            row += 1;
            ws.write_string_with_format(
                row,
                0,
                if zh {
                    "原名单中含控制字符的单元格（已替换为 �）"
                } else {
                    "Cells of the list with control characters (replaced by �)"
                },
                &bold,
            )?;
            row += 1;
            for (at, col) in &ledger.replaced {
                let col = if zh {
                    (*col).to_string()
                } else {
                    let zh: &[&str] = &columns(Lang::Zh);
                    let other: &[&str] = &unmatched_heads(Lang::Zh);
                    match (
                        zh.iter().position(|c| c == col),
                        other.iter().position(|c| c == col),
                    ) {
                        (Some(k), _) => columns(Lang::En)[k].to_string(),
                        (None, Some(k)) => unmatched_heads(Lang::En)[k].to_string(),
                        (None, None) => (*col).to_string(),
                    }
                };
                let line = if zh {
                    format!("原表第 {at} 行：{col}")
                } else {
                    format!("row {at} of the list: {col}")
                };
                ws.write_string(row, 0, &line)?;
                row += 1;
            }
        }
    }
    let contact_list: Vec<&str> = Contact::ALL.iter().map(|c| c.label(lang)).collect();
    let reason_list: Vec<&str> = Exclusion::ALL.iter().map(|e| e.label(lang)).collect();
    let heads = columns(lang);
    let widths = [
        6.0, 14.0, 14.0, 10.0, 21.0, 6.0, 16.0, 14.0, 10.0, 14.0, 14.0, 14.0, 20.0,
    ];
    let mut at = 0usize;
    for ((_, _, n), name) in units.iter().zip(&names) {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        for (i, (h, w)) in heads.iter().zip(widths).enumerate() {
            ws.write_string_with_format(0, i as u16, *h, &bold)?;
            ws.set_column_width(i as u16, w)?;
        }
        ws.set_column_format(4, &text)?;
        ws.set_column_format(COL_DATE, &date)?;
        for (k, e) in ledger.entries[at..at + n].iter().enumerate() {
            let r = 1 + k as u32;
            ws.write_number(r, 0, (k + 1) as f64)?;
            ws.write_string(r, 1, &e.township)?;
            ws.write_string(r, 2, &e.village)?;
            ws.write_string(r, 3, &e.name)?;
            ws.write_string_with_format(r, 4, &e.id, &text)?;
            ws.write_string(
                r,
                5,
                match (e.sex, zh) {
                    (Some(Sex::Male), true) => "男",
                    (Some(Sex::Female), true) => "女",
                    (Some(Sex::Male), false) => "male",
                    (Some(Sex::Female), false) => "female",
                    (None, _) => "",
                },
            )?;
            ws.write_string(r, 6, &e.group)?;
            ws.write_string(r, 7, &e.phone)?;
            ws.write_number(r, 8, e.row as f64)?;
            // The base list's reason, for the village to confirm: a note, so that what the
            // village finds (the contact result, the reason column) decides.
            if !e.reason.is_empty() {
                let note = if zh {
                    format!("原名单：{}", e.reason)
                } else {
                    format!("In the list: {}", e.reason)
                };
                ws.write_string(r, COL_REMARKS, &note)?;
            }
        }
        at += n;
        let last = *n as u32;
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, last, heads.len() as u16 - 1)?;
        let (pick, pick_text, wrong, wrong_text) = if zh {
            (
                "请从列表中选择",
                "只能从下拉列表中选择；其他情况请写在“备注”列",
                "请从列表中选择",
                "这一列只接受下拉列表中的选项，其他情况请写在“备注”列",
            )
        } else {
            (
                "Choose from the list",
                "Only the list's values are accepted; write anything else in the remarks",
                "Choose from the list",
                "This column takes only the list's values; write anything else in the remarks",
            )
        };
        // Values outside the list are refused (the default error style, Stop): a wording the
        // read-back does not know would count as not understood.
        let contact = DataValidation::new()
            .allow_list_strings(&contact_list)?
            .set_input_title(pick)?
            .set_input_message(pick_text)?
            .set_error_title(wrong)?
            .set_error_message(wrong_text)?;
        ws.add_data_validation(1, COL_CONTACT, last.max(1), COL_CONTACT, &contact)?;
        let reason = DataValidation::new()
            .allow_list_strings(&reason_list)?
            .set_input_title(pick)?
            .set_input_message(pick_text)?
            .set_error_title(wrong)?
            .set_error_message(wrong_text)?;
        ws.add_data_validation(1, COL_REASON, last.max(1), COL_REASON, &reason)?;
        let day = DataValidation::new()
            .allow_date(DataValidationRule::GreaterThan(ExcelDateTime::from_ymd(
                2000, 1, 1,
            )?))
            .set_error_title(if zh { "日期有误" } else { "Not a date" })?
            .set_error_message(if zh {
                "请填写日期，如 2025-03-31"
            } else {
                "Enter a date, e.g. 2025-03-31"
            })?;
        ws.add_data_validation(1, COL_DATE, last.max(1), COL_DATE, &day)?;
    }
    if !ledger.unmatched.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(unmatched_name(lang))?;
        let head = unmatched_heads(lang);
        for (i, (h, w)) in head
            .iter()
            .zip([10.0, 14.0, 14.0, 10.0, 22.0, 30.0])
            .enumerate()
        {
            ws.write_string_with_format(0, i as u16, *h, &bold)?;
            ws.set_column_width(i as u16, w)?;
        }
        for (k, u) in ledger.unmatched.iter().enumerate() {
            let r = 1 + k as u32;
            ws.write_number(r, 0, u.row as f64)?;
            ws.write_string(r, 1, &u.township)?;
            ws.write_string(r, 2, &u.village)?;
            ws.write_string(r, 3, &u.name)?;
            ws.write_string_with_format(r, 4, &u.id_text, &text)?;
            ws.write_string(r, 5, code_label(u.problem, lang))?;
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, ledger.unmatched.len() as u32, 5)?;
    }
    wb.save_to_buffer()
}
