//! Rosters for JavaScript (feature `roster`): a [`RosterJob`] reads a file, finds its header,
//! then checks rows in chunks (`step`) so a Web Worker can report progress, and finally writes
//! the annotated workbook or CSV. Everything stays in the page.

use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;

use super::{
    choice_arg, js_str, lang_option, misuse, opt_bool, opt_date, opt_string, option_entries, today,
};
use crate::date::Date;
use crate::id::Options;
use crate::json::{self, array, JsonObject};
use crate::lang::Lang;
use crate::money::yuan;
use crate::policy::{Policy, PRESETS};
use crate::roster::header::{Mapping, Role};
use crate::roster::job::{Job, Output};
use crate::roster::limits::{Limits, What};
use crate::roster::pipeline::{result_texts, RowResult, Settings};
use crate::roster::read::{Encoding, Format};
use crate::roster::summary::{Exclusion, Summary, UnitLine};
use crate::roster::{generate, Choices, Input, RosterError, Table};
use crate::token::{Field, Scheme, Secret, Tokenizer};

pub(super) fn coded(code: &str, message: &str) -> JsValue {
    let e = js_sys::Error::new(message);
    let _ = Reflect::set(&e, &js_str("code"), &code.into());
    e.into()
}

pub(super) fn roster_error(e: &RosterError, lang: Lang) -> JsValue {
    coded(e.code, e.message(lang))
}

/// A roster being processed.
#[wasm_bindgen]
pub struct RosterJob {
    job: Option<Job>,
    lang: Lang,
}

struct JobOptions {
    sheet: Option<String>,
    encoding: Option<Encoding>,
    header_row: Option<usize>,
    mapping: Option<Vec<(Role, usize)>>,
    policy: Option<Policy>,
    secret: Option<String>,
    scheme: Scheme,
    reference: Option<Date>,
    lang: Lang,
}

fn job_options(o: Option<JsValue>) -> Result<JobOptions, JsValue> {
    let mut j = JobOptions {
        sheet: None,
        encoding: None,
        header_row: None,
        mapping: None,
        policy: None,
        secret: None,
        scheme: Scheme::HmacSha256,
        reference: None,
        lang: Lang::Zh,
    };
    const KNOWN: &[&str] = &[
        "lang",
        "sheet",
        "encoding",
        "headerRow",
        "mapping",
        "policy",
        "secret",
        "scheme",
        "referenceDate",
    ];
    for (key, value) in option_entries(o, KNOWN)? {
        match key {
            "lang" => j.lang = lang_option(&value)?,
            "sheet" => j.sheet = Some(opt_string(&value, key)?),
            "encoding" => {
                j.encoding = Some(
                    Encoding::from_name(&opt_string(&value, key)?)
                        .ok_or_else(|| misuse("options.encoding must be 'utf-8' or 'gbk'"))?,
                )
            }
            "headerRow" => {
                j.header_row = Some(
                    value
                        .as_f64()
                        .filter(|f| *f >= 1.0 && f.fract() == 0.0)
                        .ok_or_else(|| {
                            misuse("options.headerRow is the header's row number, from 1")
                        })? as usize
                        - 1,
                )
            }
            "mapping" => {
                let mut cols = Vec::new();
                for e in Object::entries(value.unchecked_ref()).iter() {
                    let e: Array = e.unchecked_into();
                    let role = e
                        .get(0)
                        .as_string()
                        .and_then(|r| Role::from_name(&r))
                        .ok_or_else(|| misuse("options.mapping keys are name, id, phone, group, township, village, status, birthDate, exclusion, birthCertificate, guardianId"))?;
                    if let Some(c) = e.get(1).as_f64().filter(|f| *f >= 0.0 && f.fract() == 0.0) {
                        cols.push((role, c as usize));
                    }
                }
                j.mapping = Some(cols);
            }
            "policy" => j.policy = Some(policy_option(&value, j.lang)?),
            "secret" => j.secret = Some(opt_string(&value, key)?),
            "scheme" => {
                j.scheme = Scheme::from_name(&opt_string(&value, key)?)
                    .filter(|s| s.keyed())
                    .ok_or_else(|| misuse("options.scheme must be 'hmac-sha256' or 'hmac-sm3'"))?
            }
            "referenceDate" => j.reference = Some(opt_date(&value, key)?),
            _ => {}
        }
    }
    Ok(j)
}

/// The `policy` option: a policy as JSON text or as an object (`invalid_policy` otherwise).
pub(super) fn policy_option(value: &JsValue, lang: Lang) -> Result<Policy, JsValue> {
    let text = match value.as_string() {
        Some(s) => s,
        None => JSON::stringify(value)?.as_string().unwrap_or_default(),
    };
    Policy::from_json(&text)
        .map_err(|e| coded("invalid_policy", &crate::api::error_message(&e, lang)))
}

#[wasm_bindgen]
impl RosterJob {
    /// Reads a roster (CSV in UTF-8 or GBK, `.xlsx`, `.xls`) and finds its header. Throws an
    /// `Error` with a `code` (`no_header`, `unreadable_workbook`, `no_such_sheet`,
    /// `invalid_policy`, `secret_*`, `invalid_option`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RosterOptions")] options: Option<JsValue>,
    ) -> Result<RosterJob, JsValue> {
        let o = job_options(options)?;
        let bytes: &Uint8Array = bytes
            .dyn_ref()
            .ok_or_else(|| misuse("the roster is given as its bytes (a Uint8Array)"))?;
        // The size is checked before the bytes are copied into the module's memory.
        Limits::check(What::FileBytes, bytes.length() as u64, None)
            .map_err(|e| roster_error(&e, o.lang))?;
        let data = bytes.to_vec();
        let input = Input {
            bytes: &data,
            sheet: o.sheet.as_deref(),
            encoding: o.encoding,
            delimiter: None,
            mapping: None,
        };
        let choices = Choices {
            header_row: o.header_row,
            columns: o.mapping.clone(),
        };
        let tokenizer = match &o.secret {
            Some(s) => {
                let secret = Secret::parse(s).map_err(|e| coded(e.code(), e.message(o.lang)))?;
                Some(Tokenizer::new(&secret, o.scheme, Field::Id, 16))
            }
            None => None,
        };
        let settings = Settings {
            id_opts: Options::new(o.reference.unwrap_or_else(today)),
            policy: o.policy,
            tokenizer,
        };
        let job =
            Job::open(&input, &choices, settings, false).map_err(|e| roster_error(&e, o.lang))?;
        Ok(RosterJob {
            job: Some(job),
            lang: o.lang,
        })
    }

    /// What was read: format, sheets, encoding, the header row (from 1), every column's header
    /// and the recognized mapping (role → column index), and the number of data rows.
    #[wasm_bindgen(unchecked_return_type = "RosterInfo")]
    pub fn info(&self) -> Result<JsValue, JsValue> {
        let job = self
            .job
            .as_ref()
            .ok_or_else(|| misuse("the job is finished"))?;
        let src = job.source();
        let (headers, mapping) = header_json(&src.mapping, job.table());
        let format = match src.format {
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Csv => "csv",
        };
        let sheets = array(
            src.sheets
                .iter()
                .map(|s| serde_json::Value::String(s.clone()).to_string()),
        );
        JSON::parse(
            &JsonObject::new()
                .str("format", format)
                .raw("sheets", &sheets)
                .opt_str("sheet", src.sheet.as_deref())
                .opt_str("encoding", src.encoding.map(Encoding::name))
                .opt_str(
                    "delimiter",
                    src.delimiter.map(|d| match d {
                        b'\t' => "tab",
                        b';' => "semicolon",
                        _ => "comma",
                    }),
                )
                .num("headerRow", src.mapping.header_row as u32 + 1)
                .raw("headers", &headers)
                .raw("mapping", &mapping)
                .num("total", job.total() as u32)
                .end(),
        )
    }

    /// Data rows.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> u32 {
        self.job.as_ref().map_or(0, |j| j.total() as u32)
    }

    /// Rows checked so far.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> u32 {
        self.job.as_ref().map_or(0, |j| j.done() as u32)
    }

    /// Checks up to `rows` more rows; returns the number done so far.
    pub fn step(&mut self, rows: u32) -> u32 {
        self.job
            .as_mut()
            .map_or(0, |j| j.step(rows as usize) as u32)
    }

    /// Checks the rest and writes the result: `format` `'xlsx'` (annotated workbook with a
    /// summary sheet, the default) or `'csv'` (UTF-8 with BOM). Returns `{ file, summary,
    /// problems }`; `problems` lists the first 1000 rows with a problem.
    #[wasm_bindgen(unchecked_return_type = "RosterResult")]
    pub fn finish(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "'xlsx' | 'csv'")] format: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let output = match choice_arg(format, "format", &["xlsx", "csv"])? {
            Some("csv") => Output::Csv,
            _ => Output::Xlsx,
        };
        let job = self
            .job
            .take()
            .ok_or_else(|| misuse("the job is finished"))?;
        let f = job
            .finish(output, self.lang)
            .map_err(|e| roster_error(&e, self.lang))?;
        let h = f.source.mapping.header_row;
        let out = JSON::parse(
            &JsonObject::new()
                .raw(
                    "summary",
                    &summary_json(&f.summary, f.policy.as_ref(), self.lang),
                )
                .raw(
                    "problems",
                    &problems_json(&f.table, &f.results, h, self.lang),
                )
                .bool("tokens", f.tokens)
                .end(),
        )?;
        Reflect::set(&out, &js_str("file"), &Uint8Array::from(&f.file[..]))?;
        Reflect::set(
            &out,
            &js_str("problemsFile"),
            &Uint8Array::from(&f.problems_file[..]),
        )?;
        Ok(out)
    }
}

/// Every column's header text and the mapping (role → column index or null), as JSON.
fn header_json(m: &Mapping, t: &Table) -> (String, String) {
    let h = m.header_row;
    let headers = array((0..t.width()).map(|c| json::string(&t.cell(h, c).text())));
    let mut mapping = JsonObject::new();
    for role in Role::ALL {
        mapping = match m.column(role) {
            Some(c) => mapping.num(role.name(), c as u32),
            None => mapping.null(role.name()),
        };
    }
    (headers, mapping.end())
}

/// The first 1000 rows with a problem, each with its original cells and the columns at fault,
/// so that the page can show the row itself.
fn problems_json(table: &Table, results: &[RowResult], header_row: usize, lang: Lang) -> String {
    let width = table.width();
    array(
        results
            .iter()
            .enumerate()
            .filter(|(_, r)| crate::roster::write::listed(r))
            .take(1000)
            .map(|(k, r)| {
                let texts = result_texts(r, lang);
                let index = header_row + 1 + k;
                let cells = (0..width).map(|c| json::string(&table.cell(index, c).text()));
                let mut columns: Vec<usize> = r.problems.iter().filter_map(|p| p.column).collect();
                columns.sort_unstable();
                columns.dedup();
                JsonObject::new()
                    .num("row", (index + 1) as u32)
                    .str("status", r.status().name())
                    .raw(
                        "codes",
                        &array(r.problems.iter().map(|p| format!("\"{}\"", p.code))),
                    )
                    .str("message", &texts[1])
                    .raw("cells", &array(cells))
                    .raw("columns", &array(columns.iter().map(|c| c.to_string())))
                    .end()
            }),
    )
}

fn summary_json(s: &Summary, policy: Option<&Policy>, lang: Lang) -> String {
    let by_code = array(s.by_code.iter().map(|(c, n)| {
        JsonObject::new()
            .str("code", c)
            .str("label", crate::roster::pipeline::code_label(c, lang))
            .num("count", *n as u64)
            .end()
    }));
    let names = crate::campaign::names::Names::of(policy);
    let by_group = array(s.by_group.iter().map(|(g, n, sub)| {
        JsonObject::new()
            .str("group", g)
            .str("name", &names.group(g, lang))
            .num("rows", *n as u64)
            .str("subsidy", &yuan(*sub))
            .end()
    }));
    let line = |u: &UnitLine| {
        JsonObject::new()
            .str("township", &u.township)
            .str("village", &u.village)
            .str("unit", &u.label())
            .num("rows", u.rows as u64)
            .num("people", u.people as u64)
            .num("errors", u.errors as u64)
            .num("warnings", u.warnings as u64)
            .num("insured", u.insured as u64)
            .num("insuredElsewhere", u.insured_elsewhere as u64)
            .num("excluded", u.excluded_total() as u64)
            .end()
    };
    let by_unit = array(s.by_unit.iter().map(line));
    let by_township = array(s.by_township.iter().map(line));
    let mut by_reason = JsonObject::new();
    for (e, n) in Exclusion::ALL.iter().zip(s.total.excluded) {
        by_reason = by_reason.num(e.code(), n as u64);
    }
    let budget = s.budget.as_ref().map_or("null".to_string(), |b| {
        JsonObject::new()
            .raw(
                "departments",
                &crate::api::department_lines_json(b, policy, lang),
            )
            .num("people", b.totals.people)
            .str("subsidy", &yuan(b.totals.subsidy))
            .str("payable", &yuan(b.totals.payable))
            .end()
    });
    let table = |c: &Option<crate::calc::coverage::CoverageTable>| {
        c.as_ref().map_or("null".to_string(), |c| {
            JsonObject::new()
                .raw(
                    "rows",
                    &array(c.rows.iter().map(|r| {
                        JsonObject::new()
                            .str("unit", &r.counts.unit)
                            .num("registered", r.counts.registered)
                            .num("insuredElsewhere", r.counts.insured_elsewhere)
                            .num("insured", r.insured)
                            .str("coverageRate", &r.coverage_rate())
                            .end()
                    })),
                )
                .str("coverageRate", &c.total.coverage_rate())
                .end()
        })
    };
    let coverage = table(&s.coverage);
    let coverage_townships = table(&s.coverage_townships);
    JsonObject::new()
        .num("rows", s.rows as u64)
        .raw(
            "byStatus",
            &JsonObject::new()
                .num("ok", s.by_status[0] as u64)
                .num("warning", s.by_status[1] as u64)
                .num("error", s.by_status[2] as u64)
                .end(),
        )
        .raw("byCode", &by_code)
        .raw("byGroup", &by_group)
        .raw("byUnit", &by_unit)
        .raw("byTownship", &by_township)
        .raw("total", &line(&s.total))
        .raw("excludedByReason", &by_reason.end())
        .raw("budget", &budget)
        .raw(
            "excluded",
            &JsonObject::new()
                .num("invalid", s.excluded.invalid as u64)
                .num("duplicates", s.excluded.duplicates as u64)
                .num("notStated", s.excluded.not_stated as u64)
                .num("outOfScheme", s.excluded.out_of_scheme as u64)
                .end(),
        )
        .raw("coverage", &coverage)
        .raw("coverageTownships", &coverage_townships)
        .end()
}

/// A synthetic roster (never real people) for trying the tool: `rows` data rows with a share
/// of damaged ones, as `'csv'` (UTF-8 with BOM, or GBK with `gbk: true`) or `'xlsx'`.
#[wasm_bindgen(js_name = generateRoster)]
pub fn generate_roster(
    #[wasm_bindgen(unchecked_param_type = "number")] rows: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "{ format?: 'csv' | 'xlsx'; gbk?: boolean; seed?: number; damagedPercent?: number }"
    )]
    options: Option<JsValue>,
) -> Result<Uint8Array, JsValue> {
    const MAX: f64 = 2_000_000.0;
    let rows = rows
        .as_f64()
        .filter(|n| n.fract() == 0.0 && (0.0..=MAX).contains(n))
        .ok_or_else(|| misuse("rows must be a whole number from 0 to 2000000"))?;
    let (mut seed, mut damaged, mut xlsx, mut gbk) = (2026.0, 5.0, false, false);
    for (key, value) in option_entries(options, &["format", "gbk", "seed", "damagedPercent"])? {
        match key {
            "format" => {
                xlsx = choice_arg(Some(value), "options.format", &["csv", "xlsx"])? == Some("xlsx")
            }
            "gbk" => gbk = opt_bool(&value, key)?,
            "seed" => {
                seed = value
                    .as_f64()
                    .filter(|n| n.fract() == 0.0 && *n >= 0.0)
                    .ok_or_else(|| misuse("options.seed must be a whole number"))?
            }
            _ => {
                damaged = value
                    .as_f64()
                    .filter(|n| (0.0..=100.0).contains(n))
                    .ok_or_else(|| {
                        misuse("options.damagedPercent must be a number from 0 to 100")
                    })?
            }
        }
    }
    let spec = generate::Spec {
        rows: rows as usize,
        seed: seed as u64,
        damaged_percent: damaged as u32,
        insured_percent: None,
    };
    let table = generate::generate(spec);
    let bytes = if xlsx {
        generate::to_xlsx_bytes(&table).map_err(|e| misuse(&e.to_string()))?
    } else {
        generate::to_csv_bytes(&table, gbk)
    };
    Ok(Uint8Array::from(&bytes[..]))
}

/// Reads a table (CSV in UTF-8 or GBK, `.xlsx`, `.xls`) with the roster tool's reader and
/// header detection, for other tools (the matching page tokenizes it): the header row, every
/// column's header, the recognized mapping, and the data rows below the header as text, each
/// with its spreadsheet row number. Rows with no value at all are left out and counted
/// (`blankRows`): every other row is there, so references are the file's own row numbers.
/// Options: `sheet`, `encoding`, `headerRow`, `lang`; throws like `new RosterJob`.
#[wasm_bindgen(js_name = readTable, unchecked_return_type = "TableContents")]
pub fn read_table(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RosterOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let job = RosterJob::new(bytes, options)?;
    let Some(job) = job.job.as_ref() else {
        return Err(misuse("the job is finished"));
    };
    let t = job.table();
    let src = job.source();
    let h = src.mapping.header_row;
    let width = t.width();
    let (headers, mapping) = header_json(&src.mapping, t);
    let mut blank = 0u64;
    let mut numbers = Vec::new();
    let rows = array(
        t.rows
            .iter()
            .enumerate()
            .skip(h + 1)
            .filter_map(|(i, row)| {
                if row.iter().all(|c| c.is_blank()) {
                    blank += 1;
                    return None;
                }
                numbers.push(json::string(&(i + 1).to_string()));
                Some(array(
                    (0..width).map(|c| json::string(&t.cell(i, c).text())),
                ))
            }),
    );
    let out = JsonObject::new()
        .num("headerRow", h as u32 + 1)
        .raw("headers", &headers)
        .raw("mapping", &mapping)
        .raw("rows", &rows)
        .raw("rowNumbers", &array(numbers))
        .num("blankRows", blank)
        .opt_str("sheet", src.sheet.as_deref())
        .end();
    JSON::parse(&out)
}

/// The bundled policies (as `presetPolicies` of `canbao/calc`), for choosing one in the roster tool.
#[wasm_bindgen(js_name = rosterPolicies, unchecked_return_type = "Record<string, unknown>[]")]
pub fn roster_policies() -> Result<Array, JsValue> {
    PRESETS.iter().map(|t| JSON::parse(t)).collect()
}

/// The people registered at a desk (an array of `EnrollmentForm`s) as CSV text in the roster
/// format the roster tool reads (UTF-8 with a byte-order mark: write it to a `.csv` file as it
/// is): 序号, 姓名, 公民身份号码, the form's other fields with their codes' names, 个人应缴 and
/// 资助金额 (with a policy), 核验结果 — every form one row, checked again (standard numbers when
/// valid, the problems otherwise); formulas neutralised. In the roster module, so that the
/// small identity module of the intake form stays small: a page loads it when the list is
/// exported. Each record may carry its receipt's number (`no`, else its place in the list),
/// its day of registration (`registeredOn`: the payment date its amounts assume, else the day
/// of `registeredAt`, else `referenceDate`), its time (`registeredAt`, local
/// `YYYY-MM-DDTHH:MM`: 登记时间), the years not insured before (`lapsedYears`: 断保年数) and,
/// when the clerk chose it, whether the payment was inside the collection period
/// (`inCollectionPeriod`: 缴费时间, for a policy that sets none): with them the benefit start
/// (待遇开始). Options: `lang`, `referenceDate`, `policy` (prices each valid person and names
/// their groups).
#[wasm_bindgen(js_name = enrollmentCsv)]
pub fn enrollment_csv(
    #[wasm_bindgen(unchecked_param_type = "EnrollmentRecord[]")] forms: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "{ lang?: string; referenceDate?: string; policy?: Record<string, unknown> | string }"
    )]
    options: Option<JsValue>,
) -> Result<String, JsValue> {
    let mut lang = Lang::Zh;
    let mut reference = None;
    let mut policy = None;
    for (key, value) in option_entries(options, &["lang", "referenceDate", "policy"])? {
        match key {
            "lang" => lang = lang_option(&value)?,
            "policy" => policy = Some(value),
            _ => reference = Some(opt_date(&value, key)?),
        }
    }
    let policy = policy.map(|v| policy_option(&v, lang)).transpose()?;
    if !js_sys::Array::is_array(&forms) {
        return Err(misuse(
            "the forms are an array of { name, idNumber, phone, address, … }",
        ));
    }
    let values = js_sys::Array::from(&forms)
        .iter()
        .map(|f| super::form_values(&f, true))
        .collect::<Result<Vec<_>, _>>()?;
    let records: Vec<crate::intake::Record> = values
        .iter()
        .map(|v| crate::intake::Record {
            form: crate::intake::Form::from_fields(&v.values),
            groups: &v.groups,
            no: v.no,
            registered_on: v.registered_on,
            registered_at: v.registered_at,
            lapsed_years: v.lapsed_years,
            in_period: v.in_period,
        })
        .collect();
    let opts = Options::new(reference.unwrap_or_else(today));
    Ok(crate::intake::export_csv(
        &records,
        policy.as_ref(),
        &opts,
        lang,
    ))
}
