//! The region timeline against its backbone, the Ministry of Civil Affairs' yearly lists
//! 1981–2024 (data/regions-mca/, CC0): every code of every list is valid for a birth in that
//! year, in strict mode too; and codes no administrative-division list has are not plainly
//! valid.

use canbao::id::{self, region, Date, ErrorCode, Options, RegionCheck};

#[path = "support/id.rs"]
mod support_id;
use support_id::with_check;

#[test]
fn every_code_of_every_yearly_list_validates_for_a_birth_in_that_year() {
    let mut opts = Options::new(Date::new(2026, 11, 22).unwrap());
    opts.region = RegionCheck::Strict;
    let mut checked = 0;
    for year in 1981..=2024u16 {
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
