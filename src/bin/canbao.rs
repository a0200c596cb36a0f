//! The roster pipeline, ledgers, progress reports and token matching on the command line, for
//! files too big for a browser tab; the same code as the WebAssembly build. `canbao --help`
//! and `canbao COMMAND --help` say how to call each command.
//!
//! Exit status: 0 done; 1 the command could not be done (a file unreadable or not as
//! expected: one line on stderr says why, with the library's message); 2 the command line is
//! wrong (an unknown command or option, a missing or malformed value); 3 an internal error
//! (please report it).

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

    use clap::{Args, Parser, Subcommand, ValueEnum};

    use canbao::campaign::ledger::{self, LedgerKind};
    use canbao::campaign::progress;
    use canbao::campaign::{ledger_xlsx, progress_xlsx, verify};
    use canbao::date::Date;
    use canbao::id::Options;
    use canbao::lang::Lang;
    use canbao::policy::{self, Policy};
    use canbao::roster::job::{Job, Output, Rows};
    use canbao::roster::{self, generate, pipeline, read::Encoding, Input};
    use canbao::token::file::TokenFile;
    use canbao::token::{matching, Field, Scheme, Secret, Tokenizer};

    /// Checks for China's medical-insurance enrollment campaigns (医保参保扩面): rosters,
    /// ledgers, progress reports and token matching, for files too big for a browser tab.
    #[derive(Parser)]
    #[command(
        name = "canbao",
        version,
        after_help = "Exit status: 0 done; 1 the command could not be done (the reason on stderr); \
                      2 the command line is wrong; 3 internal error."
    )]
    struct Cli {
        #[command(subcommand)]
        command: Command,
    }

    #[derive(Subcommand)]
    enum Command {
        /// Checks a roster (CSV, .xlsx or .xls) row by row and writes it back with the results
        /// and a summary sheet.
        Roster(RosterArgs),
        /// Builds a stock (存量) or increment (增量) ledger: a sheet per village of the base
        /// list's people not enrolled this year.
        Ledger(LedgerArgs),
        /// A progress report (进度通报) from a ledger filled in by the villages, or a roster
        /// with a status column.
        Progress(ProgressArgs),
        /// Writes a synthetic roster (for trials and benchmarks).
        GenRoster(GenArgs),
        /// Compares two token files: who is in both, only in one, or in one twice.
        Compare(CompareArgs),
    }

    /// The policy: a policy file or a built-in preset.
    #[derive(Args)]
    struct PolicyArgs {
        /// A policy file (JSON).
        #[arg(long, value_name = "P.json", conflicts_with = "preset")]
        policy: Option<String>,
        /// A built-in policy by id (e.g. dingtao-2024, cn-national-2025).
        #[arg(long, value_name = "ID")]
        preset: Option<String>,
    }

    /// The day the checks are made for (ages, dates of birth in the future, the year).
    #[derive(Args)]
    struct CommonArgs {
        /// The reference date (default: today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        reference_date: Option<Date>,
        /// The language of messages and of the files written.
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
    }

    #[derive(Clone, Copy, ValueEnum)]
    enum LangArg {
        Zh,
        En,
    }

    impl From<LangArg> for Lang {
        fn from(l: LangArg) -> Lang {
            match l {
                LangArg::Zh => Lang::Zh,
                LangArg::En => Lang::En,
            }
        }
    }

    fn parse_row(s: &str) -> Result<usize, String> {
        s.parse::<usize>()
            .ok()
            .filter(|&n| n >= 1)
            .ok_or_else(|| "the header's row number, from 1".to_string())
    }

    fn parse_date(s: &str) -> Result<Date, String> {
        Date::parse_iso(s).ok_or_else(|| "not a date YYYY-MM-DD".to_string())
    }

    #[derive(Args)]
    struct RosterArgs {
        /// The roster: CSV (UTF-8 or GBK), .xlsx or .xls.
        #[arg(value_name = "IN")]
        input: String,
        /// The file written: .xlsx (default: IN's name with .checked.xlsx) or .csv.
        #[arg(short, long, value_name = "OUT")]
        output: Option<String>,
        #[command(flatten)]
        policy: PolicyArgs,
        /// The sheet of a workbook (default: the first).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// The encoding of a CSV file (default: detected).
        #[arg(long, value_parser = ["utf-8", "gbk"])]
        encoding: Option<String>,
        /// The header's row number, from 1 (default: detected).
        #[arg(long, value_name = "N", value_parser = parse_row)]
        header_row: Option<usize>,
        /// A campaign secret file: adds keyed tokens of the IDs.
        #[arg(long, value_name = "F")]
        secret_file: Option<String>,
        /// The token scheme.
        #[arg(long, requires = "secret_file", value_parser = ["hmac-sha256", "hmac-sm3"], default_value = "hmac-sha256")]
        scheme: String,
        #[command(flatten)]
        common: CommonArgs,
    }

    #[derive(Args)]
    struct LedgerArgs {
        /// Which ledger: stock (BASE is last year's enrollment) or increment (BASE is the
        /// household registry).
        #[arg(long, value_parser = ["stock", "increment"])]
        kind: String,
        /// The base list.
        #[arg(value_name = "BASE")]
        base: String,
        /// This year's enrollment.
        #[arg(value_name = "THIS")]
        this: String,
        /// The ledger written (default: KIND-ledger.xlsx).
        #[arg(short, long, value_name = "LEDGER.xlsx")]
        output: Option<String>,
        #[command(flatten)]
        policy: PolicyArgs,
        #[command(flatten)]
        common: CommonArgs,
    }

    #[derive(Args)]
    struct ProgressArgs {
        /// A ledger filled in by the villages, or a roster with a status column.
        #[arg(value_name = "NOW")]
        now: String,
        /// The ledger as built, kept by the county: NOW is checked against it.
        #[arg(long, value_name = "AS_BUILT.xlsx")]
        ledger: Option<String>,
        /// The previous list, for the change since then.
        #[arg(long, value_name = "BEFORE")]
        previous: Option<String>,
        /// The report written (default: progress.xlsx).
        #[arg(short, long, value_name = "PROGRESS.xlsx")]
        output: Option<String>,
        #[command(flatten)]
        policy: PolicyArgs,
        #[command(flatten)]
        common: CommonArgs,
    }

    #[derive(Args)]
    struct GenArgs {
        /// Rows.
        #[arg(long, default_value_t = 1000)]
        rows: usize,
        /// The seed: the same people for a given seed.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// The share of damaged rows, percent.
        #[arg(long, value_name = "PERCENT", default_value_t = 5, value_parser = clap::value_parser!(u32).range(0..=100))]
        damaged: u32,
        /// The share of 已参保 statuses, percent (a status column only when given).
        #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u32).range(0..=100))]
        insured: Option<u32>,
        /// A CSV file in GBK (as Chinese Excel writes it).
        #[arg(long)]
        gbk: bool,
        /// The file written: .csv or .xlsx.
        #[arg(short, long, value_name = "OUT")]
        output: String,
    }

    #[derive(Args)]
    struct CompareArgs {
        /// Token file A.
        #[arg(value_name = "A.tokens.csv")]
        a: String,
        /// Token file B.
        #[arg(value_name = "B.tokens.csv")]
        b: String,
        /// The findings written (CSV; default: findings.csv).
        #[arg(short, long, value_name = "FINDINGS.csv")]
        output: Option<String>,
        /// Also match by name and birth date where an ID does not match.
        #[arg(long)]
        name_birth_date: bool,
        /// The language of the findings.
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
    }

    /// The last panic's message: a damaged workbook can make the reader panic, which the
    /// library turns into `unreadable_workbook`; the default hook would print a backtrace
    /// notice first. Any other panic is reported once, as an internal error.
    static LAST_PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

    pub fn main() -> ExitCode {
        // Usage errors and --help: clap prints them and exits (2 for an error, 0 for help).
        let cli = Cli::parse();
        std::panic::set_hook(Box::new(|info| {
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = Some(info.to_string());
            }
        }));
        let result = std::panic::catch_unwind(move || match cli.command {
            Command::Roster(a) => roster_cmd(a),
            Command::GenRoster(a) => gen_cmd(a),
            Command::Ledger(a) => ledger_cmd(a),
            Command::Progress(a) => progress_cmd(a),
            Command::Compare(a) => compare_cmd(a),
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
                ExitCode::from(3)
            }
        }
    }

    fn roster_cmd(a: RosterArgs) -> Result<(), String> {
        let input = &a.input;
        let header_row = a.header_row.map(|n| n - 1);
        let lang = Lang::from(a.common.lang);
        let output = a.output.clone().unwrap_or_else(|| {
            let stem = input.rsplit_once('.').map_or(input.as_str(), |(s, _)| s);
            format!("{stem}.checked.xlsx")
        });
        let policy = policy_of(&a.policy)?;
        let reference = reference_of(&a.common);
        let tokenizer = match &a.secret_file {
            Some(f) => {
                let text = std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?;
                let secret =
                    Secret::parse(&text).map_err(|e| format!("{f}: {}", e.message(lang)))?;
                let scheme = Scheme::from_name(&a.scheme)
                    .filter(|s| s.keyed())
                    .ok_or("--scheme must be hmac-sha256 or hmac-sm3")?;
                Some(Tokenizer::new(&secret, scheme, Field::Id, 16))
            }
            None => None,
        };
        let encoding = match &a.encoding {
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
                sheet: a.sheet.as_deref(),
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

    fn policy_of(a: &PolicyArgs) -> Result<Option<Policy>, String> {
        Ok(match (&a.policy, &a.preset) {
            (Some(p), _) => {
                let text = std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"))?;
                Some(Policy::from_json(&text).map_err(|e| format!("{p}: {e}"))?)
            }
            (None, Some(id)) => Some(policy::preset(id).ok_or_else(|| format!("no preset {id}"))?),
            (None, None) => None,
        })
    }

    fn reference_of(a: &CommonArgs) -> Date {
        a.reference_date.unwrap_or_else(Date::today_utc)
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
    fn ledger_cmd(a: LedgerArgs) -> Result<(), String> {
        let (base, this) = (&a.base, &a.this);
        let kind = LedgerKind::from_code(&a.kind).ok_or("--kind stock or --kind increment")?;
        let lang = Lang::from(a.common.lang);
        let settings = pipeline::Settings {
            id_opts: Options::new(reference_of(&a.common)),
            policy: policy_of(&a.policy)?,
            tokenizer: None,
        };
        let started = Instant::now();
        let policy = settings.policy.clone();
        let base_list = checked(base, settings.clone(), lang)?;
        let this_list = checked(this, settings, lang)?;
        let l = ledger::build(kind, &base_list, &this_list, policy.as_ref());
        let output = a
            .output
            .clone()
            .unwrap_or_else(|| format!("{}-ledger.xlsx", kind.code()));
        let file = ledger_xlsx::to_xlsx(&l, lang).map_err(|e| e.message(lang).to_string())?;
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
    fn progress_cmd(a: ProgressArgs) -> Result<(), String> {
        let now = &a.now;
        let lang = Lang::from(a.common.lang);
        let policy = policy_of(&a.policy)?;
        let settings = pipeline::Settings {
            id_opts: Options::new(reference_of(&a.common)),
            policy: policy.clone(),
            tokenizer: None,
        };
        let started = Instant::now();
        let built = match &a.ledger {
            Some(path) => {
                let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
                Some(
                    verify::AsBuilt::read(&bytes)
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
        let before = a.previous.as_deref().map(|p| read(p, true)).transpose()?;
        let r = progress::report(
            &current.snapshot,
            before.as_ref().map(|b| &b.snapshot),
            policy.as_ref(),
        );
        let output = a.output.as_deref().unwrap_or("progress.xlsx");
        let file = progress_xlsx::to_xlsx(&r, &current, policy.as_ref(), lang)
            .map_err(|e| e.message(lang).to_string())?;
        std::fs::write(output, file).map_err(|e| format!("{output}: {e}"))?;
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
    fn compare_cmd(a: CompareArgs) -> Result<(), String> {
        let (fa, fb) = (&a.a, &a.b);
        let lang = Lang::from(a.lang);
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
                name_birth_date: a.name_birth_date,
            },
        )
        .map_err(|e| e.message(lang).to_string())?;
        let output = a.output.as_deref().unwrap_or("findings.csv");
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

    fn gen_cmd(a: GenArgs) -> Result<(), String> {
        let spec = generate::Spec {
            rows: a.rows,
            seed: a.seed,
            damaged_percent: a.damaged,
            insured_percent: a.insured,
        };
        let output = &a.output;
        let table = generate::generate(spec);
        let bytes = if output.to_ascii_lowercase().ends_with(".xlsx") {
            generate::to_xlsx_bytes(&table).map_err(|e| e.to_string())?
        } else {
            generate::to_csv_bytes(&table, a.gbk)
        };
        std::fs::write(output, bytes).map_err(|e| format!("{output}: {e}"))?;
        eprintln!("{output}: {} synthetic rows", spec.rows);
        Ok(())
    }
}
