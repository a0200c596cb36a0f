//! The command line: hostile files end in a message and exit code 1 (never a panic's 101 or an
//! abort), a wrong command line in its usage and exit code 2, and `compare` writes findings no
//! spreadsheet program runs as formulas. `CANBAO_BIN` runs these tests against another build
//! of the CLI (`make test` runs them against the release build users make, too).

use std::process::Command;

fn bin() -> std::path::PathBuf {
    std::env::var_os("CANBAO_BIN").map_or_else(
        || env!("CARGO_BIN_EXE_canbao").into(),
        std::path::PathBuf::from,
    )
}

fn canbao(args: &[&str]) -> (i32, String) {
    let out = Command::new(bin()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Workbooks that make the spreadsheet reader panic: caught, a coded one-line message and
/// exit code 1 (a build that aborts on a panic would die with no message).
#[test]
fn a_reader_panic_is_a_one_line_message() {
    for fixture in [
        "tests/fixtures/reader-panic.xls",
        "tests/fixtures/reader-panic-formula.xls",
    ] {
        let (code, err) = canbao(&[
            "roster",
            fixture,
            "-o",
            temp("panic.xlsx").to_str().unwrap(),
            "--lang",
            "en",
        ]);
        assert_eq!(code, 1, "{fixture}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{fixture}: {err}");
        assert!(err.starts_with(&format!("canbao: {fixture}: ")), "{err}");
        assert!(!err.contains("internal error"), "{fixture}: {err}");
    }
}

/// Every command has its --help; a wrong command line is a usage message and exit code 2.
#[test]
fn each_command_has_help_and_a_wrong_line_is_a_usage_error() {
    for command in ["roster", "ledger", "progress", "gen-roster", "compare"] {
        let out = Command::new(bin())
            .args([command, "--help"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}");
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(help.contains(&format!("Usage: canbao {command}")), "{help}");
        assert!(help.contains("--help"), "{help}");
    }
    for line in [
        &["roster"][..],
        &["roster", "x.csv", "--bogus"],
        &["roster", "x.csv", "--lang", "fr"],
        &["ledger", "--kind", "other", "a.csv", "b.csv"],
        &["progress", "now.xlsx", "--reference-date", "2025-13-01"],
        &["compare", "a.csv"],
        &["no-such-command"],
        &[],
    ] {
        let (code, err) = canbao(line);
        assert_eq!(code, 2, "{line:?}: {err}");
        // An error names what is wrong; no command at all shows the commands.
        assert!(
            err.starts_with("error: ") && err.contains("--help")
                || line.is_empty() && err.contains("Usage: canbao <COMMAND>"),
            "{line:?}: {err}"
        );
    }
}

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("canbao-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn a_workbook_that_is_too_large_or_damaged_is_a_message() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    let path = temp("far.xlsx");
    wb.save(&path).unwrap();
    let (code, err) = canbao(&[
        "roster",
        path.to_str().unwrap(),
        "-o",
        temp("o.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("文件超出了处理上限"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // Damaged .xls files: a coded message whatever the damage.
    let original = std::fs::read("tests/fixtures/roster.xls").unwrap();
    for at in (512..original.len()).step_by(331) {
        let mut bytes = original.clone();
        bytes[at] ^= 0xA5;
        let path = temp("damaged.xls");
        std::fs::write(&path, &bytes).unwrap();
        let (code, err) = canbao(&[
            "roster",
            path.to_str().unwrap(),
            "-o",
            temp("d.csv").to_str().unwrap(),
            "--lang",
            "en",
        ]);
        assert!(code == 0 || code == 1, "byte {at}: exit {code}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("internal error"),
            "byte {at}: {err}"
        );
    }
}

#[test]
fn compare_writes_findings_that_cannot_run() {
    let head = "#canbao-tokens,1\n#scheme,hmac-sha256\n#fields,id\n#fingerprint,3f2a-9c1d-5b7e-d412\n#bits,128\n#rows,2\n#created,2026-11-23\nref,id\n";
    let token = "0123456789abcdef0123456789abcdef";
    let a = format!("{head}\"=HYPERLINK(\"\"http://x\"\")\",{token}\n-3,\n");
    let b = format!("{head}2,{token}\n@SUM(1),\n");
    let (pa, pb, out) = (
        temp("a.tokens.csv"),
        temp("b.tokens.csv"),
        temp("findings.csv"),
    );
    std::fs::write(&pa, a).unwrap();
    std::fs::write(&pb, b).unwrap();
    let (code, err) = canbao(&[
        "compare",
        pa.to_str().unwrap(),
        pb.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let findings = std::fs::read_to_string(&out).unwrap();
    assert!(
        findings.starts_with("\u{FEFF}类别,A 行号,B 行号,说明,代码\n"),
        "{findings}"
    );
    assert!(
        findings.contains("两份名单都有,\"'=HYPERLINK(\"\"http://x\"\")\",2,"),
        "{findings}"
    );
    assert!(
        findings.contains("A 中无法比对,-3,,,unusable_a\n"),
        "{findings}"
    );
    assert!(
        findings.contains("B 中无法比对,,\"'@SUM(1)\",,unusable_b\n"),
        "{findings}"
    );
    assert!(err.contains("in both 1"), "{err}");
    // A file that is not a token file names which one.
    std::fs::write(&pb, "姓名\n").unwrap();
    let (code, err) = canbao(&[
        "compare",
        pa.to_str().unwrap(),
        pb.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.starts_with("canbao: B "), "{err}");
}

#[test]
fn the_header_row_can_be_chosen_by_hand() {
    // Row 1 is a title that names a column word ("姓名单"), row 2 the real header: the header
    // chosen by hand is used, as on the page; a row past the end is an error with its number.
    let path = temp("header.csv");
    std::fs::write(
        &path,
        "城关镇参保台账,,\n姓名,身份证号,联系电话\n张三,11010519491231002X,13800138000\n",
    )
    .unwrap();
    let out = temp("header.out.csv");
    let (code, err) = canbao(&[
        "roster",
        path.to_str().unwrap(),
        "--header-row",
        "2",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("11010519491231002X"), "{written}");
    assert!(err.contains(": 1 rows"), "{err}");
    let (code, err) = canbao(&["roster", path.to_str().unwrap(), "--header-row", "9"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("表头行号 9 超出了文件的行数"), "{err}");
    let (code, err) = canbao(&["roster", path.to_str().unwrap(), "--header-row", "0"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--header-row") && err.contains("from 1"),
        "{err}"
    );

    // A header row chosen by hand gives its own columns, not those of the row detection found.
    let two = temp("two-headers.csv");
    std::fs::write(
        &two,
        "身份证号,姓名,联系电话\n11010519491231002X,李四,13800138000\n\n姓名,身份证号\n张三,11010519491231002X\n",
    )
    .unwrap();
    let out = temp("two.out.csv");
    let (code, err) = canbao(&[
        "roster",
        two.to_str().unwrap(),
        "--header-row",
        "4",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(": 1 rows"), "{err}");
    assert!(err.contains("error 0)"), "{err}");
    // A header row that names no ID column checks nothing: an error, not a clean report.
    let (code, err) = canbao(&["roster", two.to_str().unwrap(), "--header-row", "3"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("没有身份证号列"), "{err}");
}

/// `ledger` then `progress`: the county's ledger from two lists, and a progress report from
/// the ledger (untouched: nobody covered yet) and from a roster with a status column.
#[test]
fn ledger_and_progress_from_the_command_line() {
    let base = temp("last-year.csv");
    let this = temp("this-year.csv");
    std::fs::write(
        &base,
        "姓名,身份证号码,乡镇,村,人员类别\n\
         甲,11010519491231002X,城关镇,东村,低保\n\
         乙,440305199001010018,城关镇,西村,\n\
         丙,110105198001010016,河口镇,东村,\n",
    )
    .unwrap();
    std::fs::write(&this, "姓名,身份证号码\n乙,440305199001010018\n").unwrap();
    let out = temp("stock.xlsx");
    let (code, err) = canbao(&[
        "ledger",
        "--kind",
        "stock",
        base.to_str().unwrap(),
        this.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--preset",
        "dingtao-2024",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("1 enrolled this year, 2 in the ledger"),
        "{err}"
    );
    assert!(err.contains("(2 villages)"), "{err}");
    let report = temp("progress.xlsx");
    let (code, err) = canbao(&[
        "progress",
        out.to_str().unwrap(),
        "-o",
        report.to_str().unwrap(),
        "--preset",
        "dingtao-2024",
    ]);
    assert_eq!(code, 0, "{err}");
    // The one already enrolled counts: the villages' coverage, not the ledger's.
    assert!(err.contains("coverage 1 of 3 to enroll = 33.33%"), "{err}");
    assert!(std::fs::metadata(&report).unwrap().len() > 0);
    // A roster at two dates.
    let then = temp("then.csv");
    let now = temp("now.csv");
    std::fs::write(
        &then,
        "姓名,身份证号码,参保状态\n甲,11010519491231002X,未参保\n乙,440305199001010018,已参保\n",
    )
    .unwrap();
    std::fs::write(
        &now,
        "姓名,身份证号码,参保状态\n甲,11010519491231002X,已参保\n乙,440305199001010018,已参保\n",
    )
    .unwrap();
    let (code, err) = canbao(&[
        "progress",
        now.to_str().unwrap(),
        "--previous",
        then.to_str().unwrap(),
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("coverage 2 of 2 to enroll = 100.00% (previous 50.00%)"),
        "{err}"
    );
    // A list that does not say who is insured.
    let (code, err) = canbao(&["progress", base.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no status (or exclusion) column"), "{err}");
}
