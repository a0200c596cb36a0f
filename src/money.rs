//! Money: exact decimals (`rust_decimal`), rounded only where a named rule says so.

use rust_decimal::{Decimal, RoundingStrategy};

/// How to round, to which unit. Written in policy files as `"<mode>_<unit>"`, e.g.
/// `"half_up_fen"` (四舍五入到分) or `"down_yuan"` (舍去角分).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rounding {
    /// The rule for the discarded digits.
    pub mode: Mode,
    /// Decimal places kept: 2 = fen (分), 1 = jiao (角), 0 = yuan (元).
    pub places: u32,
}

/// The rule for the discarded digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Half away from zero (四舍五入).
    HalfUp,
    /// Half to even (银行家舍入).
    HalfEven,
    /// Toward zero (舍去).
    Down,
    /// Away from zero (进位).
    Up,
}

impl Rounding {
    /// Every named rule, as written in policy files.
    pub const NAMES: [(&'static str, Rounding); 12] = {
        const fn r(mode: Mode, places: u32) -> Rounding {
            Rounding { mode, places }
        }
        [
            ("half_up_fen", r(Mode::HalfUp, 2)),
            ("half_up_jiao", r(Mode::HalfUp, 1)),
            ("half_up_yuan", r(Mode::HalfUp, 0)),
            ("half_even_fen", r(Mode::HalfEven, 2)),
            ("half_even_jiao", r(Mode::HalfEven, 1)),
            ("half_even_yuan", r(Mode::HalfEven, 0)),
            ("down_fen", r(Mode::Down, 2)),
            ("down_jiao", r(Mode::Down, 1)),
            ("down_yuan", r(Mode::Down, 0)),
            ("up_fen", r(Mode::Up, 2)),
            ("up_jiao", r(Mode::Up, 1)),
            ("up_yuan", r(Mode::Up, 0)),
        ]
    };

    /// Rounds half up to the fen: the rule for rates and for amounts where nothing else is named.
    pub const HALF_UP_FEN: Rounding = Rounding {
        mode: Mode::HalfUp,
        places: 2,
    };

    /// Rounds down to the fen: for limits that must never be exceeded.
    pub const DOWN_FEN: Rounding = Rounding {
        mode: Mode::Down,
        places: 2,
    };

    /// The rule's name, as in policy files.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, r)| *r == self)
            .map_or("half_up_fen", |(n, _)| n)
    }

    /// The rule in words, for explanation traces: (zh, en).
    pub fn describe(self) -> (String, String) {
        let (mz, me) = match self.mode {
            Mode::HalfUp => ("四舍五入", "rounded half up"),
            Mode::HalfEven => ("银行家舍入", "rounded half to even"),
            Mode::Down => ("舍去尾数", "rounded down"),
            Mode::Up => ("进位", "rounded up"),
        };
        let (uz, ue) = match self.places {
            0 => ("元", "yuan"),
            1 => ("角", "jiao"),
            _ => ("分", "fen"),
        };
        (format!("{mz}到{uz}"), format!("{me} to the {ue}"))
    }

    /// Applies the rule.
    pub fn apply(self, d: Decimal) -> Decimal {
        let strategy = match self.mode {
            Mode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Mode::HalfEven => RoundingStrategy::MidpointNearestEven,
            Mode::Down => RoundingStrategy::ToZero,
            Mode::Up => RoundingStrategy::AwayFromZero,
        };
        d.round_dp_with_strategy(self.places, strategy)
    }
}

/// An amount as yuan with exactly two decimals (`"266.00"`), the form that crosses to JS.
/// Amounts reaching here are already rounded to at most two decimals.
pub fn yuan(d: Decimal) -> String {
    let mut s = String::new();
    write_yuan(&mut s, d);
    s
}

/// [`yuan`], appended to `out`.
pub fn write_yuan(out: &mut String, d: Decimal) {
    use std::fmt::Write as _;
    let mut d = d;
    d.rescale(2);
    let _ = write!(out, "{d}");
}

/// `value × percent / 100`, exact (no rounding).
pub fn percent_of(value: Decimal, percent: Decimal) -> Decimal {
    value * percent / Decimal::ONE_HUNDRED
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn named_rules() {
        let by = |n: &str| Rounding::NAMES.iter().find(|(k, _)| *k == n).unwrap().1;
        assert_eq!(by("half_up_fen").apply(d("2.345")), d("2.35"));
        assert_eq!(by("half_even_fen").apply(d("2.345")), d("2.34"));
        assert_eq!(by("down_fen").apply(d("2.349")), d("2.34"));
        assert_eq!(by("up_fen").apply(d("2.341")), d("2.35"));
        assert_eq!(by("half_up_yuan").apply(d("4015.8")), d("4016"));
        assert_eq!(by("down_jiao").apply(d("4015.89")), d("4015.8"));
        for (n, r) in Rounding::NAMES {
            assert_eq!(r.name(), n);
        }
    }

    #[test]
    fn yuan_has_two_decimals() {
        assert_eq!(yuan(d("266")), "266.00");
        assert_eq!(yuan(d("4016")), "4016.00");
        assert_eq!(yuan(d("0")), "0.00");
        assert_eq!(yuan(d("80.3")), "80.30");
        assert_eq!(yuan(percent_of(d("4016"), d("5.5"))), "220.88");
    }
}
