//! A proleptic Gregorian calendar date: just what identity numbers and ages need.

/// A calendar date. Construct it with [`Date::new`], which rejects dates that do not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// True for Gregorian leap years.
pub const fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month (month 1..=12), 0 for an invalid month.
pub const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date, if it exists (years 1..=9999).
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if year == 0 || year > 9999 || day == 0 || day > days_in_month(year, month) {
            None
        } else {
            Some(Date { year, month, day })
        }
    }
    /// Year.
    pub const fn year(self) -> u16 {
        self.year
    }
    /// Month, 1..=12.
    pub const fn month(self) -> u8 {
        self.month
    }
    /// Day of month, 1..=31.
    pub const fn day(self) -> u8 {
        self.day
    }
    /// The date as the number YYYYMMDD.
    pub const fn yyyymmdd(self) -> u32 {
        self.year as u32 * 10000 + self.month as u32 * 100 + self.day as u32
    }
    /// The date written as the number YYYYMMDD (the inverse of [`Date::yyyymmdd`]), if it
    /// exists.
    pub fn from_yyyymmdd(n: u32) -> Option<Date> {
        let year = u16::try_from(n / 10000).ok()?;
        Date::new(year, (n / 100 % 100) as u8, (n % 100) as u8)
    }
    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let y = digits(&b[0..4])?;
        let m = digits(&b[5..7])?;
        let d = digits(&b[8..10])?;
        Date::new(y as u16, m as u8, d as u8)
    }
    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }
    /// The date `days` days after 1970-01-01, if within years 1..=9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
        if !(1..=9999).contains(&y) {
            return None;
        }
        Date::new(y as u16, m as u8, d as u8)
    }
    /// The same day `months` calendar months later; a day that the target month lacks becomes
    /// its last day (2024-08-31 + 6 months = 2025-02-28). `None` past year 9999.
    pub fn add_months(self, months: u32) -> Option<Date> {
        let total = self.year as u32 * 12 + (self.month as u32 - 1) + months;
        let (year, month) = (total / 12, (total % 12) as u8 + 1);
        if year > 9999 {
            return None;
        }
        let year = year as u16;
        Date::new(year, month, self.day.min(days_in_month(year, month)))
    }
    /// The date `days` days later.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }
    /// The first day of the following month.
    pub fn first_of_next_month(self) -> Option<Date> {
        Date::new(self.year, self.month, 1)?.add_months(1)
    }
    /// Completed years of age on `on` (0 if `on` is before the birth date).
    pub fn age_on(self, on: Date) -> u16 {
        if on < self {
            return 0;
        }
        let mut age = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            age -= 1;
        }
        age
    }
    /// Today's date in UTC, from the system clock (native targets only; in WebAssembly the
    /// JavaScript edge supplies the page's local date).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn today_utc() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days_since_epoch(secs.div_euclid(86400)).unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }
}

impl core::fmt::Display for Date {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The value of a run of ASCII digits (at most 9), or None if any byte is not a digit.
fn digits(b: &[u8]) -> Option<u32> {
    let mut v: u32 = 0;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + d as u32;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yyyymmdd_round_trips_and_rejects_what_is_not_a_date() {
        let d = Date::new(2024, 2, 29).unwrap();
        assert_eq!(Date::from_yyyymmdd(d.yyyymmdd()), Some(d));
        assert_eq!(Date::from_yyyymmdd(20230229), None);
        assert_eq!(Date::from_yyyymmdd(20241301), None);
        // A year beyond u16 is refused, not wrapped into another valid date.
        assert_eq!(Date::from_yyyymmdd(655_370_101), None);
    }

    #[test]
    fn calendar() {
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2023, 4, 31).is_none());
        assert!(Date::new(2023, 13, 1).is_none());
        assert!(Date::new(2023, 0, 1).is_none());
        assert!(Date::new(0, 1, 1).is_none());
    }

    #[test]
    fn epoch_round_trip() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11017);
        for d in [-719162i64, -1, 0, 1, 11016, 11017, 20000, 2932896] {
            assert_eq!(
                Date::from_days_since_epoch(d).unwrap().days_since_epoch(),
                d
            );
        }
        assert_eq!(Date::from_days_since_epoch(-719163), None);
    }

    #[test]
    fn ages() {
        let b = Date::new(1990, 3, 7).unwrap();
        assert_eq!(b.age_on(Date::new(2026, 3, 6).unwrap()), 35);
        assert_eq!(b.age_on(Date::new(2026, 3, 7).unwrap()), 36);
        assert_eq!(b.age_on(Date::new(1980, 1, 1).unwrap()), 0);
        let leap = Date::new(2004, 2, 29).unwrap();
        assert_eq!(leap.age_on(Date::new(2022, 2, 28).unwrap()), 17);
        assert_eq!(leap.age_on(Date::new(2022, 3, 1).unwrap()), 18);
    }

    #[test]
    fn month_arithmetic() {
        let d = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(d(2026, 1, 1).add_months(3), Some(d(2026, 4, 1)));
        assert_eq!(d(2024, 8, 31).add_months(6), Some(d(2025, 2, 28)));
        assert_eq!(d(2023, 8, 31).add_months(6), Some(d(2024, 2, 29)));
        assert_eq!(d(2024, 11, 15).add_months(2), Some(d(2025, 1, 15)));
        assert_eq!(d(2024, 12, 31).first_of_next_month(), Some(d(2025, 1, 1)));
        assert_eq!(d(2024, 2, 10).first_of_next_month(), Some(d(2024, 3, 1)));
        assert_eq!(d(2024, 2, 28).add_days(2), Some(d(2024, 3, 1)));
        assert_eq!(d(9999, 12, 1).add_months(1), None);
    }

    #[test]
    fn iso() {
        assert_eq!(Date::parse_iso("2026-04-01"), Date::new(2026, 4, 1));
        assert_eq!(Date::parse_iso("2026-02-30"), None);
        assert_eq!(Date::parse_iso("2026-4-01"), None);
        assert_eq!(Date::parse_iso("２０２６-04-01"), None);
        assert_eq!(Date::new(2026, 4, 1).unwrap().to_string(), "2026-04-01");
    }
}
