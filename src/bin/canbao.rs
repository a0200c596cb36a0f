//! The roster pipeline on the command line, for files too big for a browser tab; the same
//! code as the WebAssembly build.
//!
//! ```text
//! canbao roster IN.(csv|xlsx|xls) [-o OUT.(xlsx|csv)] [--policy P.json | --preset ID]
//!        [--sheet NAME] [--encoding utf-8|gbk] [--secret-file F [--scheme hmac-sha256|hmac-sm3]]
//!        [--reference-date YYYY-MM-DD] [--lang zh|en]
//! canbao gen-roster --rows N [--seed S] [--damaged PERCENT] [--gbk] -o OUT.(csv|xlsx)
//! canbao compare A.tokens.csv B.tokens.csv [-o FINDINGS.csv] [--name-birth-date] [--lang zh|en]
//! ```

// A command-line tool: nothing to build for WebAssembly (its pages use the `canbao/roster`
// module instead).
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

// A reader's panic on a damaged workbook is turned into `unreadable_workbook` by
// `catch_unwind`, which does nothing when panics abort: the build that users run must unwind.
#[cfg(all(not(target_arch = "wasm32"), not(panic = "unwind")))]
compile_error!(
    "the command line must be built with panic = \"unwind\" (see Cargo.toml's profiles)"
);

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::process::ExitCode;
    use std::time::Instant;

    use canbao::date::Date;
    use canbao::id::Options;
    use canbao::lang::Lang;
    use canbao::policy::{self, Policy};
    use canbao::roster::job::{Job, Output, Rows};
    use canbao::roster::ledger::{self, LedgerKind};
    use canbao::roster::progress;
    use canbao::roster::{self, generate, pipeline, read::Encoding, Input};
    use canbao::token::file::TokenFile;
    use canbao::token::{matching, Field, Scheme, Secret, Tokenizer};

    const USAGE: &str = "usage:
      canbao roster IN.(csv|xlsx|xls) [-o OUT.(xlsx|csv)] [--policy P.json | --preset ID]
             [--sheet NAME] [--encoding utf-8|gbk] [--header-row N]
             [--secret-file F [--scheme hmac-sha256|hmac-sm3]]
             [--reference-date YYYY-MM-DD] [--lang zh|en]
      canbao ledger --kind stock|increment BASE THIS [-o LEDGER.xlsx]
             [--policy P.json | --preset ID] [--reference-date YYYY-MM-DD] [--lang zh|en]
             (BASE: last year's enrollment for stock, the household registry for increment;
              THIS: this year's enrollment)
      canbao progress NOW [--ledger AS_BUILT.xlsx] [--previous BEFORE] [-o PROGRESS.xlsx]
             [--policy P.json | --preset ID] [--reference-date YYYY-MM-DD] [--lang zh|en]
             (NOW, BEFORE: ledgers filled in by the villages, or rosters with a status column;
              --ledger: the ledger as built, kept by the county: NOW is checked against it)
      canbao gen-roster --rows N [--seed S] [--damaged PERCENT] [--insured PERCENT] [--gbk]
             -o OUT.(csv|xlsx)
             (--insured: the share of 已参保 statuses; the same people for a given seed)
      canbao compare A.tokens.csv B.tokens.csv [-o FINDINGS.csv] [--name-birth-date] [--lang zh|en]";

    /// The last panic's message: a damaged workbook can make the reader panic, which the
    /// library turns into `unreadable_workbook`; the default hook would print a backtrace
    /// notice first. Any other panic is reported once, as an internal error.
    static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

    pub fn main() -> ExitCode {
        std::panic::set_hook(Box::new(|info| {
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = Some(info.to_string());
            }
        }));
        let args: Vec<String> = std::env::args().skip(1).collect();
        let result = std::panic::catch_unwind(|| match args.first().map(String::as_str) {
            Some("roster") => roster_cmd(&args[1..]),
            Some("gen-roster") => gen_cmd(&args[1..]),
            Some("ledger") => ledger_cmd(&args[1..]),
            Some("progress") => progress_cmd(&args[1..]),
            Some("compare") => compare_cmd(&args[1..]),
            _ => Err(USAGE.to_string()),
        });
        match result {
            Ok(Ok(())) => ExitCode::SUCCESS,
            Ok(Err(e)) => {
                eprintln!("canbao: {e}");
                ExitCode::FAILURE
            }
            Err(_) => {
                let what = LAST_PANIC.lock().ok().and_then(|l| l.clone());
                eprintln!(
                    "canbao: internal error, please report it: {}",
                    what.unwrap_or_default()
                );
                ExitCode::from(2)
            }
        }
    }

    /// `--key value` options and positional arguments.
    struct Args {
        positional: Vec<String>,
        options: Vec<(String, Option<String>)>,
    }

    fn parse(args: &[String], flags: &[&str]) -> Result<Args, String> {
        let mut a = Args {
            positional: Vec::new(),
            options: Vec::new(),
        };
        let mut it = args.iter();
        while let Some(x) = it.next() {
            if let Some(k) = x.strip_prefix("--").or_else(|| x.strip_prefix('-')) {
                if flags.contains(&k) {
                    a.options.push((k.to_string(), None));
                } else {
                    let v = it
                        .next()
                        .ok_or_else(|| format!("{x} needs a value\n{USAGE}"))?;
                    a.options.push((k.to_string(), Some(v.clone())));
                }
            } else {
                a.positional.push(x.clone());
            }
        }
        Ok(a)
    }

    impl Args {
        fn get(&self, keys: &[&str]) -> Option<&str> {
            self.options
                .iter()
                .rev()
                .find(|(k, _)| keys.contains(&k.as_str()))
                .and_then(|(_, v)| v.as_deref())
        }
        fn has(&self, key: &str) -> bool {
            self.options.iter().any(|(k, _)| k == key)
        }
        fn check(&self, known: &[&str]) -> Result<(), String> {
            match self
                .options
                .iter()
                .find(|(k, _)| !known.contains(&k.as_str()))
            {
                Some((k, _)) => Err(format!("unknown option --{k}\n{USAGE}")),
                None => Ok(()),
            }
        }
    }

    fn roster_cmd(args: &[String]) -> Result<(), String> {
        let a = parse(args, &[])?;
        a.check(&[
            "o",
            "output",
            "policy",
            "preset",
            "sheet",
            "encoding",
            "secret-file",
            "scheme",
            "reference-date",
            "header-row",
            "lang",
        ])?;
        let input = a.positional.first().ok_or_else(|| USAGE.to_string())?;
        let header_row =
            match a.get(&["header-row"]) {
                Some(n) => Some(
                    n.parse::<usize>().ok().filter(|&n| n >= 1).ok_or_else(|| {
                        format!("--header-row {n}: the header's row number, from 1")
                    })? - 1,
                ),
                None => None,
            };
        let lang = Lang::parse(a.get(&["lang"]).unwrap_or("zh"));
        let output = a
            .get(&["o", "output"])
            .map(str::to_string)
            .unwrap_or_else(|| {
                let stem = input.rsplit_once('.').map_or(input.as_str(), |(s, _)| s);
                format!("{stem}.checked.xlsx")
            });
        let policy = policy_of(&a)?;
        let reference = reference_of(&a)?;
        let tokenizer = match a.get(&["secret-file"]) {
            Some(f) => {
                let text = std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?;
                let secret =
                    Secret::parse(&text).map_err(|e| format!("{f}: {}", e.message(Lang::En)))?;
                let scheme = Scheme::from_name(a.get(&["scheme"]).unwrap_or("hmac-sha256"))
                    .filter(|s| s.keyed())
                    .ok_or("--scheme must be hmac-sha256 or hmac-sm3")?;
                Some(Tokenizer::new(&secret, scheme, Field::Id, 16))
            }
            None => None,
        };
        let encoding = match a.get(&["encoding"]) {
            Some(e) => Some(
                Encoding::from_name(e).ok_or_else(|| format!("--encoding {e}: utf-8 or gbk"))?,
            ),
            None => None,
        };
        let started = Instant::now();
        let bytes = std::fs::read(input).map_err(|e| format!("{input}: {e}"))?;
        let settings = pipeline::Settings {
            id_opts: Options::new(reference),
            policy,
            tokenizer,
        };
        let job = Job::open(
            &Input {
                bytes: &bytes,
                sheet: a.get(&["sheet"]),
                encoding,
                delimiter: None,
                mapping: None,
            },
            &roster::Choices {
                header_row,
                columns: None,
            },
            settings,
            true,
        )
        .map_err(|e| format!("{input}: {}", e.message(lang)))?;
        let kind = if output.to_ascii_lowercase().ends_with(".csv") {
            Output::Csv
        } else {
            Output::Xlsx
        };
        let done = job
            .finish(kind, lang)
            .map_err(|e| format!("{input}: {}", e.message(lang)))?;
        let (out, summary) = (done.file, done.summary);
        std::fs::write(&output, out).map_err(|e| format!("{output}: {e}"))?;
        let [ok, warn, err] = summary.by_status;
        eprintln!(
            "{input}: {} rows (ok {ok}, warning {warn}, error {err}) → {output} in {:.2} s",
            summary.rows,
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }

    fn policy_of(a: &Args) -> Result<Option<Policy>, String> {
        Ok(match (a.get(&["policy"]), a.get(&["preset"])) {
            (Some(p), _) => {
                let text = std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"))?;
                Some(Policy::from_json(&text).map_err(|e| format!("{p}: {e}"))?)
            }
            (None, Some(id)) => Some(policy::preset(id).ok_or_else(|| format!("no preset {id}"))?),
            (None, None) => None,
        })
    }

    fn reference_of(a: &Args) -> Result<Date, String> {
        Ok(match a.get(&["reference-date"]) {
            Some(d) => {
                Date::parse_iso(d).ok_or_else(|| format!("--reference-date {d}: not YYYY-MM-DD"))?
            }
            None => Date::today_utc(),
        })
    }

    /// Reads and checks a list for a ledger.
    fn checked(path: &str, settings: pipeline::Settings, lang: Lang) -> Result<Rows, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
        let input = Input {
            bytes: &bytes,
            ..Input::default()
        };
        Job::open(&input, &roster::Choices::default(), settings, true)
            .map(|j| j.rows_with(progress::CHUNK, &mut |_, _| {}))
            .map_err(|e| format!("{path}: {}", e.message(lang)))
    }

    /// Builds a stock or increment ledger from a base list and this year's enrollment.
    fn ledger_cmd(args: &[String]) -> Result<(), String> {
        let a = parse(args, &[])?;
        a.check(&[
            "o",
            "output",
            "kind",
            "policy",
            "preset",
            "reference-date",
            "lang",
        ])?;
        let [base, this] = a.positional.as_slice() else {
            return Err(format!("ledger needs two lists: BASE and THIS\n{USAGE}"));
        };
        let kind = a
            .get(&["kind"])
            .and_then(LedgerKind::from_code)
            .ok_or_else(|| format!("--kind stock or --kind increment\n{USAGE}"))?;
        let lang = Lang::parse(a.get(&["lang"]).unwrap_or("zh"));
        let settings = pipeline::Settings {
            id_opts: Options::new(reference_of(&a)?),
            policy: policy_of(&a)?,
            tokenizer: None,
        };
        let started = Instant::now();
        let base_list = checked(base, settings.clone(), lang)?;
        let this_list = checked(this, settings, lang)?;
        let l = ledger::build(kind, &base_list, &this_list);
        let output = a
            .get(&["o", "output"])
            .map_or_else(|| format!("{}-ledger.xlsx", kind.code()), str::to_string);
        let file = ledger::to_xlsx(&l, lang).map_err(|e| e.message(lang).to_string())?;
        std::fs::write(&output, file).map_err(|e| format!("{output}: {e}"))?;
        let c = l.counts;
        eprintln!(
            "{base}: {} rows: {} enrolled this year, {} in the ledger, {} without a valid ID, \
             {} copies; {this}: {} people ({} not in {base}) → {output} ({} villages) in {:.2} s",
            c.base_rows,
            c.enrolled,
            c.ledger,
            c.unmatched,
            c.duplicates,
            c.current_people,
            c.new_people,
            l.units().len(),
            started.elapsed().as_secs_f64()
        );
        for (row, column) in &l.replaced {
            eprintln!("{base}: row {row}: control characters in {column} replaced by U+FFFD");
        }
        Ok(())
    }

    /// A progress report from a ledger read back or a roster, against a previous one.
    fn progress_cmd(args: &[String]) -> Result<(), String> {
        let a = parse(args, &[])?;
        a.check(&[
            "o",
            "output",
            "previous",
            "ledger",
            "policy",
            "preset",
            "reference-date",
            "lang",
        ])?;
        let [now] = a.positional.as_slice() else {
            return Err(format!("progress needs one list (and --previous)\n{USAGE}"));
        };
        let lang = Lang::parse(a.get(&["lang"]).unwrap_or("zh"));
        let policy = policy_of(&a)?;
        let settings = pipeline::Settings {
            id_opts: Options::new(reference_of(&a)?),
            policy: policy.clone(),
            tokenizer: None,
        };
        let started = Instant::now();
        let built = match a.get(&["ledger"]) {
            Some(path) => {
                let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
                Some(
                    ledger::AsBuilt::read(&bytes)
                        .map_err(|e| format!("{path}: {}", e.message(lang)))?,
                )
            }
            None => None,
        };
        let read = |path: &str, previous: bool| -> Result<progress::Read, String> {
            let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
            let input = Input {
                bytes: &bytes,
                ..Input::default()
            };
            let how = if previous {
                progress::read_previous
            } else {
                progress::read
            };
            how(
                &input,
                &roster::Choices::default(),
                settings.clone(),
                built.as_ref(),
                &mut |_, _| {},
            )
            .map_err(|e| format!("{path}: {}", e.message(lang)))
        };
        let current = read(now, false)?;
        // A previous ledger is read against the same ledger as built; a roster as it is.
        let before = a.get(&["previous"]).map(|p| read(p, true)).transpose()?;
        let r = progress::report(
            &current.snapshot,
            before.as_ref().map(|b| &b.snapshot),
            policy.as_ref(),
        );
        let output = a
            .get(&["o", "output"])
            .map_or_else(|| "progress.xlsx".to_string(), str::to_string);
        let file = progress::to_xlsx(&r, &current, policy.as_ref(), lang)
            .map_err(|e| e.message(lang).to_string())?;
        std::fs::write(&output, file).map_err(|e| format!("{output}: {e}"))?;
        if current.follow_up.is_some() {
            eprintln!(
                "{now}: {}",
                match (current.verified, lang) {
                    (true, Lang::Zh) => "已用原始台账核验",
                    (true, Lang::En) => "checked against the ledger as built",
                    (false, Lang::Zh) => "未核验：没有提供原始台账（--ledger），人数和已参保人数来自交回的文件，可被改动",
                    (false, Lang::En) => "unverified: no ledger as built (--ledger), so the people and the already-enrolled counts are the returned file's own, which can be edited",
                }
            );
        }
        for f in current.findings.iter().take(20) {
            eprintln!("{now}: {}", f.message(lang));
        }
        if current.findings.len() > 20 {
            eprintln!(
                "{now}: … {} more (see the workbook's first sheet)",
                current.findings.len() - 20
            );
        }
        for (sheet, row, code) in current.problems.iter().take(20) {
            let at = if sheet.is_empty() {
                format!("row {row}")
            } else {
                format!("{sheet} row {row}")
            };
            eprintln!("{now}: {at}: {}", pipeline::code_label(code, lang));
        }
        let pct = |bp: Option<u64>| {
            bp.map_or("—".to_string(), |b| {
                format!("{}%", canbao::calc::coverage::percent(b))
            })
        };
        eprintln!(
            "{now}: {} rows ({} listed: an error, not counted; a status not understood, not insured; a copy, counted once); coverage {} of {} to enroll = {}{} → {output} in {:.2} s",
            current.rows,
            current.problems.len(),
            r.total.covered(),
            r.total.registered,
            pct(r.total.rate_bp),
            match r.total.previous_bp {
                Some(_) => format!(" (previous {})", pct(r.total.previous_bp)),
                None => String::new(),
            },
            started.elapsed().as_secs_f64()
        );
        Ok(())
    }

    /// Compares two token files of any size (a page refuses results too large for it) and
    /// writes the findings as CSV with a byte-order mark.
    fn compare_cmd(args: &[String]) -> Result<(), String> {
        let a = parse(args, &["name-birth-date"])?;
        a.check(&["o", "output", "name-birth-date", "lang"])?;
        let [fa, fb] = match a.positional.as_slice() {
            [x, y] => [x, y],
            _ => return Err(USAGE.to_string()),
        };
        let lang = Lang::parse(a.get(&["lang"]).unwrap_or("zh"));
        let read = |path: &str, which: &str| -> Result<TokenFile, String> {
            let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
            let text = String::from_utf8(bytes).map_err(|_| format!("{path}: not UTF-8 text"))?;
            TokenFile::parse(&text).map_err(|e| format!("{which} {path}: {}", e.message(lang)))
        };
        let (ta, tb) = (read(fa, "A")?, read(fb, "B")?);
        let c = matching::compare(
            &ta,
            &tb,
            matching::Options {
                name_birth_date: a.has("name-birth-date"),
            },
        )
        .map_err(|e| e.message(lang).to_string())?;
        let output = a.get(&["o", "output"]).unwrap_or("findings.csv");
        let mut out = String::from("\u{FEFF}");
        out.push_str(&matching::to_csv(&c, &ta, &tb, lang, [None, None]));
        std::fs::write(output, out).map_err(|e| format!("{output}: {e}"))?;
        eprintln!(
            "{fa} ({} rows) × {fb} ({} rows): in both {}, only A {}, only B {}, duplicate groups {} / {}, unusable {} / {} → {output}",
            ta.refs.len(),
            tb.refs.len(),
            c.pairs.len(),
            c.only_a.len(),
            c.only_b.len(),
            c.duplicates_a.len(),
            c.duplicates_b.len(),
            c.unusable_a.len(),
            c.unusable_b.len()
        );
        Ok(())
    }

    fn gen_cmd(args: &[String]) -> Result<(), String> {
        let a = parse(args, &["gbk"])?;
        a.check(&["rows", "seed", "damaged", "insured", "gbk", "o", "output"])?;
        let num = |k: &str, d: u64| -> Result<u64, String> {
            a.get(&[k]).map_or(Ok(d), |v| {
                v.parse().map_err(|_| format!("--{k} {v}: not a number"))
            })
        };
        let spec = generate::Spec {
            rows: num("rows", 1000)? as usize,
            seed: num("seed", 2026)?,
            damaged_percent: num("damaged", 5)?.min(100) as u32,
            insured_percent: match a.get(&["insured"]) {
                Some(_) => Some(num("insured", 100)?.min(100) as u32),
                None => None,
            },
        };
        let output = a.get(&["o", "output"]).ok_or_else(|| USAGE.to_string())?;
        let table = generate::generate(spec);
        let bytes = if output.to_ascii_lowercase().ends_with(".xlsx") {
            generate::to_xlsx_bytes(&table).map_err(|e| e.to_string())?
        } else {
            generate::to_csv_bytes(&table, a.has("gbk"))
        };
        std::fs::write(output, bytes).map_err(|e| format!("{output}: {e}"))?;
        eprintln!("{output}: {} synthetic rows", spec.rows);
        Ok(())
    }
}
