//! Campaign ledgers and progress reports for JavaScript (feature `roster`): `buildLedger`
//! from two lists, `progressReport` from a ledger read back or a roster (and a previous one).
//! Both are synchronous and meant for a Web Worker; `onProgress` reports each phase.

use js_sys::{Function, Uint8Array, JSON};
use wasm_bindgen::prelude::*;

use super::roster::{policy_option, roster_error};
use super::{lang_option, misuse, opt_date, option_entries, today};
use crate::calc::coverage::percent;
use crate::campaign::ledger::{self, Contact, LedgerKind};
use crate::campaign::progress::{self, GroupProgress, Line, Payment, Report, CHUNK};
use crate::campaign::read_back::FollowUp;
use crate::campaign::verify::AsBuilt;
use crate::campaign::{ledger_xlsx, names, progress_xlsx};
use crate::date::Date;
use crate::id::Options;
use crate::json::{array, JsonObject};
use crate::lang::Lang;
use crate::money::yuan;
use crate::policy::Policy;
use crate::roster::job::{Job, Rows};
use crate::roster::limits::{Limits, What};
use crate::roster::pipeline::{code_label, Settings};
use crate::roster::{Choices, Input};

struct CampaignOptions {
    kind: Option<LedgerKind>,
    policy: Option<Policy>,
    reference: Option<Date>,
    lang: Lang,
    on_progress: Option<Function>,
    /// The ledger as built, kept by the county (progress only).
    ledger: Option<Vec<u8>>,
}

fn campaign_options(o: Option<JsValue>, ledger: bool) -> Result<CampaignOptions, JsValue> {
    let mut c = CampaignOptions {
        kind: None,
        policy: None,
        reference: None,
        lang: Lang::Zh,
        on_progress: None,
        ledger: None,
    };
    let known: &[&str] = if ledger {
        &["kind", "policy", "referenceDate", "lang", "onProgress"]
    } else {
        &["policy", "referenceDate", "lang", "onProgress", "ledger"]
    };
    let entries = option_entries(o, known)?;
    // The language first: the policy's errors are written in it.
    if let Some((_, v)) = entries.iter().find(|(k, _)| *k == "lang") {
        c.lang = lang_option(v)?;
    }
    for (key, value) in entries {
        match key {
            "kind" => {
                c.kind = Some(
                    value
                        .as_string()
                        .and_then(|s| LedgerKind::from_code(&s))
                        .ok_or_else(|| misuse("options.kind must be 'stock' or 'increment'"))?,
                )
            }
            "policy" => c.policy = Some(policy_option(&value, c.lang)?),
            "ledger" if !value.is_undefined() && !value.is_null() => {
                c.ledger = Some(bytes_of(&value, "options.ledger", c.lang)?)
            }
            "referenceDate" => c.reference = Some(opt_date(&value, key)?),
            "onProgress" => {
                c.on_progress = Some(
                    value
                        .dyn_into()
                        .map_err(|_| misuse("options.onProgress must be a function"))?,
                )
            }
            _ => {}
        }
    }
    if ledger && c.kind.is_none() {
        return Err(misuse("options.kind is required: 'stock' or 'increment'"));
    }
    Ok(c)
}

fn bytes_of(v: &JsValue, what: &str, lang: Lang) -> Result<Vec<u8>, JsValue> {
    let b: &Uint8Array = v
        .dyn_ref()
        .ok_or_else(|| misuse(&format!("{what} is given as its bytes (a Uint8Array)")))?;
    Limits::check(What::FileBytes, b.length() as u64, None).map_err(|e| roster_error(&e, lang))?;
    Ok(b.to_vec())
}

/// Calls `onProgress({ phase, done, total })`; a throwing callback is ignored.
fn report_progress(f: &Option<Function>, phase: &'static str, done: usize, total: usize) {
    if let Some(f) = f {
        let o = JsonObject::new()
            .str("phase", phase)
            .num("done", done as u64)
            .num("total", total as u64)
            .end();
        if let Ok(v) = JSON::parse(&o) {
            let _ = f.call1(&JsValue::NULL, &v);
        }
    }
}

fn settings(c: &CampaignOptions) -> Settings {
    Settings {
        id_opts: Options::new(c.reference.unwrap_or_else(today)),
        policy: c.policy.clone(),
        tokenizer: None,
    }
}

fn checked(bytes: &[u8], c: &CampaignOptions, phase: &'static str) -> Result<Rows, JsValue> {
    let input = Input {
        bytes,
        ..Input::default()
    };
    report_progress(&c.on_progress, phase, 0, 0);
    let job = Job::open(&input, &Choices::default(), settings(c), true)
        .map_err(|e| roster_error(&e, c.lang))?;
    report_progress(&c.on_progress, phase, 0, job.total());
    Ok(job.rows_with(CHUNK, &mut |done, total| {
        report_progress(&c.on_progress, phase, done, total)
    }))
}

/// Builds the stock ledger (`kind: 'stock'`: `base` is last year's enrollment) or the
/// increment ledger (`kind: 'increment'`: `base` is the household registry) from `base` and
/// this year's enrollment `current` (CSV, `.xlsx` or `.xls`), matching people by ID (15- and
/// 18-digit forms of one person are one person). Returns the workbook (a sheet per village for
/// village staff to fill in), where every base row went, and the villages. Throws like
/// `new RosterJob` (`no_id_column` when a list has no ID column).
#[wasm_bindgen(js_name = buildLedger, unchecked_return_type = "LedgerResult")]
pub fn build_ledger(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] base: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] current: JsValue,
    #[wasm_bindgen(unchecked_param_type = "LedgerOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let c = campaign_options(Some(options), true)?;
    let kind = c.kind.expect("checked by campaign_options");
    let base_list = checked(&bytes_of(&base, "the base list", c.lang)?, &c, "base")?;
    let this_list = checked(
        &bytes_of(&current, "this year's list", c.lang)?,
        &c,
        "current",
    )?;
    report_progress(&c.on_progress, "write", 0, 1);
    let l = ledger::build(kind, &base_list, &this_list, c.policy.as_ref());
    drop((base_list, this_list));
    let file = ledger_xlsx::to_xlsx(&l, c.lang).map_err(|e| roster_error(&e, c.lang))?;
    report_progress(&c.on_progress, "write", 1, 1);
    let units = l.units();
    let names = l.sheet_names(c.lang);
    let k = l.counts;
    let counts = JsonObject::new()
        .num("baseRows", k.base_rows as u64)
        .num("baseEmpty", k.base_empty as u64)
        .num("enrolled", k.enrolled as u64)
        .num("ledger", k.ledger as u64)
        .num("unmatched", k.unmatched as u64)
        .num("duplicates", k.duplicates as u64)
        .num("currentPeople", k.current_people as u64)
        .num("currentUnmatched", k.current_unmatched as u64)
        .num("newPeople", k.new_people as u64)
        .end();
    let villages = array(units.iter().zip(&names).map(|((t, v, n), s)| {
        JsonObject::new()
            .str("township", t)
            .str("village", v)
            .num("people", *n as u64)
            .str("sheet", s)
            .end()
    }));
    let json = JsonObject::new()
        .str("kind", kind.code())
        .str("title", kind.label(c.lang))
        .raw("counts", &counts)
        .raw("villages", &villages)
        .raw(
            "replaced",
            &array(l.replaced.iter().map(|(row, column)| {
                JsonObject::new()
                    .num("row", *row as u64)
                    .str("column", column)
                    .end()
            })),
        )
        .end();
    let out = JSON::parse(&json)?;
    js_sys::Reflect::set(&out, &"file".into(), &Uint8Array::from(&file[..]))?;
    Ok(out)
}

fn rate(bp: Option<u64>) -> Option<String> {
    bp.map(percent)
}

/// Hundredths of a point as a signed `"+1.25"` / `"-0.50"`.
fn points(bp: Option<i64>) -> Option<String> {
    bp.map(|b| {
        let sign = if b < 0 { "-" } else { "+" };
        format!("{sign}{}", percent(b.unsigned_abs()))
    })
}

fn line_json(l: &Line) -> String {
    JsonObject::new()
        .str("township", &l.township)
        .str("village", &l.village)
        .str("unit", &l.label())
        .num("people", l.people as u64)
        .num("excluded", l.excluded as u64)
        .num("registered", l.registered as u64)
        .num("insured", l.insured as u64)
        .num("insuredElsewhere", l.insured_elsewhere as u64)
        .num("uncovered", l.uncovered as u64)
        .raw("rate", &opt_json_str(rate(l.rate_bp)))
        .raw("previousRate", &opt_json_str(rate(l.previous_bp)))
        .raw("change", &opt_json_str(points(l.change_bp)))
        .raw("gained", &l.gained.map_or("null".into(), |g| g.to_string()))
        .raw(
            "target",
            &opt_json_str(l.target.map(|t| t.normalize().to_string())),
        )
        .raw("gap", &l.gap.map_or("null".into(), |g| g.to_string()))
        .num("rank", l.rank)
        .end()
}

fn opt_json_str(s: Option<String>) -> String {
    s.map_or("null".into(), |s| crate::json::string(&s))
}

fn group_json(g: &GroupProgress, names: &names::Names, lang: Lang) -> String {
    let name = names.group(&g.group, lang);
    JsonObject::new()
        .str("group", &g.group)
        .str("name", &name)
        .num("people", g.people as u64)
        .num("registered", g.registered as u64)
        .num("covered", g.covered as u64)
        .raw("rate", &opt_json_str(rate(g.rate_bp)))
        .raw("previousRate", &opt_json_str(rate(g.previous_bp)))
        .raw(
            "target",
            &opt_json_str(g.target.map(|t| t.normalize().to_string())),
        )
        .raw("gap", &g.gap.map_or("null".into(), |x| x.to_string()))
        .end()
}

fn payment_json(p: &Payment, names: &names::Names, lang: Lang) -> String {
    let name = names.department(&p.department, lang);
    JsonObject::new()
        .str("department", &p.department)
        .str("name", &name)
        .num("people", p.people)
        .str("due", &yuan(p.due))
        .raw(
            "paidPeople",
            &p.paid_people.map_or("null".into(), |n| n.to_string()),
        )
        .raw("paid", &opt_json_str(p.paid.map(yuan)))
        .raw("outstanding", &opt_json_str(p.outstanding.map(yuan)))
        .end()
}

fn follow_up_json(f: &FollowUp) -> String {
    let mut contacts = JsonObject::new();
    for c in Contact::ALL {
        contacts = contacts.num(c.code(), f.contacts[c as usize] as u64);
    }
    JsonObject::new()
        .str("township", &f.township)
        .str("village", &f.village)
        .num("people", f.people as u64)
        .raw("contacts", &contacts.end())
        .num("excluded", f.excluded as u64)
        .num("other", f.other as u64)
        .num("pending", f.pending as u64)
        .num("dated", f.dated as u64)
        .end()
}

fn report_json(r: &Report, policy: Option<&Policy>, lang: Lang) -> String {
    let names = names::Names::of(policy);
    JsonObject::new()
        .raw("villages", &array(r.villages.iter().map(line_json)))
        .raw("townships", &array(r.townships.iter().map(line_json)))
        .raw("total", &line_json(&r.total))
        .raw(
            "groups",
            &array(r.groups.iter().map(|g| group_json(g, &names, lang))),
        )
        .raw(
            "payments",
            &array(r.payments.iter().map(|p| payment_json(p, &names, lang))),
        )
        .bool("hasPrevious", r.has_previous)
        .bool("groupsLedgerOnly", r.groups_ledger_only)
        .end()
}

fn read_list(
    bytes: &[u8],
    c: &CampaignOptions,
    built: Option<&AsBuilt>,
    phase: &'static str,
) -> Result<progress::Read, JsValue> {
    // A previous ledger is read against the same ledger as built; a roster as it is.
    let how = if phase == "previous" {
        progress::read_previous
    } else {
        progress::read
    };
    let input = Input {
        bytes,
        ..Input::default()
    };
    report_progress(&c.on_progress, phase, 0, 0);
    how(
        &input,
        &Choices::default(),
        settings(c),
        built,
        &mut |done, total| report_progress(&c.on_progress, phase, done, total),
    )
    .map_err(|e| roster_error(&e, c.lang))
}

/// A progress report from `now` (a ledger filled in by the villages, or a roster with a
/// status or exclusion column) compared with `previous` (the same kind of list at an earlier
/// date, or `null`), against the policy's targets: coverage per village, township and county,
/// the change, the gap to the targets, the ranking, the groups and the subsidies by
/// department; and the workbook. Throws like `new RosterJob`, and `no_status_column` for a
/// roster that does not say who is insured.
#[wasm_bindgen(js_name = progressReport, unchecked_return_type = "ProgressResult")]
pub fn progress_report(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] now: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | null")] previous: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ProgressOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let c = campaign_options(options, false)?;
    let built = c
        .ledger
        .as_deref()
        .map(AsBuilt::read)
        .transpose()
        .map_err(|e| roster_error(&e, c.lang))?;
    let current = read_list(
        &bytes_of(&now, "the list", c.lang)?,
        &c,
        built.as_ref(),
        "now",
    )?;
    let before = if previous.is_undefined() || previous.is_null() {
        None
    } else {
        Some(read_list(
            &bytes_of(&previous, "the previous list", c.lang)?,
            &c,
            built.as_ref(),
            "previous",
        )?)
    };
    report_progress(&c.on_progress, "write", 0, 1);
    let r = progress::report(
        &current.snapshot,
        before.as_ref().map(|b| &b.snapshot),
        c.policy.as_ref(),
    );
    let file = progress_xlsx::to_xlsx(&r, &current, c.policy.as_ref(), c.lang)
        .map_err(|e| roster_error(&e, c.lang))?;
    report_progress(&c.on_progress, "write", 1, 1);
    let problems = array(
        current
            .problems
            .iter()
            .take(1000)
            .map(|(sheet, row, code)| {
                JsonObject::new()
                    .raw(
                        "sheet",
                        &opt_json_str((!sheet.is_empty()).then(|| sheet.clone())),
                    )
                    .num("row", *row as u64)
                    .str("code", code)
                    .str("message", code_label(code, c.lang))
                    .end()
            }),
    );
    let json = JsonObject::new()
        .raw("report", &report_json(&r, c.policy.as_ref(), c.lang))
        .raw(
            "followUp",
            &current
                .follow_up
                .as_ref()
                .map_or("null".into(), |f| array(f.iter().map(follow_up_json))),
        )
        .str(
            "source",
            if current.follow_up.is_some() {
                "ledger"
            } else {
                "roster"
            },
        )
        .raw(
            "verified",
            match (current.follow_up.is_some(), current.verified) {
                (false, _) => "null",
                (true, v) => {
                    if v {
                        "true"
                    } else {
                        "false"
                    }
                }
            },
        )
        .num("findingCount", current.findings.len() as u64)
        .raw(
            "findings",
            &array(current.findings.iter().take(1000).map(|f| {
                JsonObject::new()
                    .str("code", f.code.code())
                    .raw(
                        "sheet",
                        &opt_json_str((!f.sheet.is_empty()).then(|| f.sheet.clone())),
                    )
                    .raw(
                        "row",
                        &if f.row > 0 {
                            f.row.to_string()
                        } else {
                            "null".into()
                        },
                    )
                    .str("unit", &f.unit)
                    .raw(
                        "key",
                        &if f.key > 0 {
                            f.key.to_string()
                        } else {
                            "null".into()
                        },
                    )
                    .str("message", &f.message(c.lang))
                    .end()
            })),
        )
        .num("rows", current.rows as u64)
        .num("problemCount", current.problems.len() as u64)
        .raw("problems", &problems)
        .raw(
            "previousRows",
            &before
                .as_ref()
                .map_or("null".into(), |b| b.rows.to_string()),
        )
        .end();
    let out = JSON::parse(&json)?;
    js_sys::Reflect::set(&out, &"file".into(), &Uint8Array::from(&file[..]))?;
    Ok(out)
}
