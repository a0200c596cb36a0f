//! The region timeline against its backbone, the Ministry of Civil Affairs' yearly lists
//! 1981–2025 (data/regions-mca/, CC0): every code of every list is valid for a birth in that
//! year, in strict mode too; the table includes every list the repository has; and codes no
//! administrative-division list has are not plainly valid.

use canbao::id::{self, region, Date, ErrorCode, Options, RegionCheck};

#[path = "support/id.rs"]
mod support_id;
use support_id::with_check;

#[test]
fn every_code_of_every_yearly_list_validates_for_a_birth_in_that_year() {
    let mut opts = Options::new(Date::new(2026, 11, 22).unwrap());
    opts.region = RegionCheck::Strict;
    let mut checked = 0;
    for year in 1981..=region::DATA_THROUGH {
        let list = std::fs::read_to_string(format!("data/regions-mca/{year}.txt")).unwrap();
        for line in list.lines().filter(|l| !l.trim().is_empty()) {
            let code: u32 = line.trim_start_matches('\u{FEFF}')[..6].parse().unwrap();
            assert!(region::existed_in(code, year), "{code} in {year}");
            if code / 10000 >= 71 {
                continue; // Taiwan, Hong Kong, Macau: not on resident IDs
            }
            for birth in [format!("{year}0101"), format!("{year}1231")] {
                let n = with_check(&format!("{code:06}{birth}123"));
                let r = id::validate_id(&n, &opts);
                assert!(r.is_ok(), "{n} ({code} listed in {year}): {:?}", r.err());
            }
            checked += 1;
        }
    }
    assert!(checked > 130_000, "{checked}");
}

#[test]
fn statistical_codes_are_reported_as_such() {
    // Development zones of the statistics bureau's codes (county part 71-79) that no
    // administrative-division list has.
    let statistical: Vec<u32> = (110000..830000)
        .filter(|&c| region::is_statistical(c))
        .collect();
    assert!(statistical.len() > 100, "{}", statistical.len());
    let opts = Options::new(Date::new(2026, 11, 22).unwrap());
    for &code in &statistical {
        assert!((71..=79).contains(&(code % 100)), "{code}");
        assert!(!region::ever_existed(code), "{code}");
        let n = with_check(&format!("{code:06}19900101123"));
        let e = id::validate_id(&n, &opts).unwrap_err();
        assert_eq!(
            e.problems.first().unwrap().code,
            ErrorCode::RegionStatistical,
            "{n}"
        );
        // The batch path says the same.
        let b = id::validate_column(&n, &opts, false);
        assert_eq!(b.errors[0], ErrorCode::RegionStatistical.number(), "{n}");
    }
    assert!(region::is_statistical(130171));
}

#[test]
fn every_entry_has_a_source_and_the_extra_sources_fill_gaps() {
    use region::Source;
    // 冷湖 and 茫崖行政委员会: from python-stdnum only.
    for code in [632858, 632859] {
        assert!(region::sources(code).all(|s| s == Source::Stdnum), "{code}");
        assert!(region::ever_existed(code));
    }
    // A code abolished before 1981 that stdnum keeps ([-1980]).
    assert!(region::sources(110103).any(|s| s == Source::Mca));
}

#[test]
fn the_table_includes_every_yearly_list_in_the_repository() {
    // A list added to data/regions-mca/ without `make regions` leaves the table a year behind.
    const _: () = assert!(region::DATA_THROUGH >= 2025);
    let mut years: Vec<u16> = std::fs::read_dir("data/regions-mca")
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            let year = name.strip_suffix(".txt")?;
            (year.len() == 4).then(|| year.parse().unwrap())
        })
        .collect();
    years.sort();
    assert_eq!(years, (1981..=region::DATA_THROUGH).collect::<Vec<_>>());
}

#[test]
fn the_2025_list_changes() {
    use region::Source;
    let mut opts = Options::new(Date::new(2026, 11, 22).unwrap());
    opts.region = RegionCheck::Strict;
    let strict = |code: u32, birth: &str| {
        id::validate_id(&with_check(&format!("{code}{birth}123")), &opts)
            .map(|_| ())
            .map_err(|e| e.problems.first().unwrap().code)
    };
    // Chongqing, November 2025 (渝府发〔2025〕15号): 江北区 and 渝北区 abolished, 两江新区 set up.
    // The new code: valid for a birth in 2025 on the ministry's list (not only python-stdnum's),
    // not for a birth before.
    assert!(region::existed_in(500157, 2025) && !region::existed_in(500157, 2024));
    assert!(region::sources(500157).all(|s| s == Source::Mca));
    assert_eq!(region::name_in(500157, 2025), Some("两江新区"));
    assert_eq!(strict(500157, "20250101"), Ok(()));
    assert_eq!(strict(500157, "20260301"), Ok(()));
    assert_eq!(
        strict(500157, "20241231"),
        Err(ErrorCode::RegionNotInBirthYear)
    );
    // The abolished codes: valid for births up to their last year (2025: abolished during it),
    // not after, although the older snapshots (GB2260, the 2023 statistical codes) still list
    // them as in use.
    for (code, name) in [(500105, "江北区"), (500112, "渝北区")] {
        assert!(region::is_abolished(code), "{code}");
        assert_eq!(region::span(code), Some((1997, Some(2025))), "{code}");
        assert_eq!(region::name_in(code, 2010), Some(name));
        let r = region::describe(code, 2010).unwrap();
        assert_eq!(
            (r.province, r.county, r.abolished),
            (Some("重庆市"), Some(name), true)
        );
        for birth in ["19970101", "20240615", "20251231"] {
            assert_eq!(strict(code, birth), Ok(()), "{code} {birth}");
        }
        assert_eq!(
            strict(code, "20260101"),
            Err(ErrorCode::RegionNotInBirthYear),
            "{code}"
        );
        // The default level (a code that ever existed) still takes them for any year.
        let n = with_check(&format!("{code}20260101123"));
        assert!(id::validate_id(&n, &Options::new(Date::new(2026, 11, 22).unwrap())).is_ok());
    }
    // Unchanged by the 2025 list: 和康县 and 和安县 (Xinjiang, December 2024) stay in use.
    for code in [653228, 653229] {
        assert!(
            region::existed_in(code, 2025) && !region::is_abolished(code),
            "{code}"
        );
    }
}
