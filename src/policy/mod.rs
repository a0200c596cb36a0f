//! The policy model: one region's rules for one coverage year, read from a versioned JSON
//! format (`schema/policy.schema.json`) and validated as a whole: every problem is reported
//! with its field path and a zh-CN / en message. Nothing is guessed; the calculations in
//! [`crate::calc`] take every number from here.

pub mod format;
mod read;

use rust_decimal::Decimal;

use crate::date::Date;
use crate::input::{parse_json, Invalid};
use crate::lang::Lang;
use crate::money::Rounding;

pub use read::from_value;

/// The policy format version this library reads.
pub const FORMAT_VERSION: i64 = 1;

/// A name in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The name in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// One region's rules for one coverage year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Stable identifier, e.g. `cn-national-2025`.
    pub id: String,
    /// Display name.
    pub name: Text,
    /// Region code (GB/T 2260) if the policy is local; `None` for national rules.
    pub region_code: Option<String>,
    /// The year in which benefits are enjoyed (the individual part is collected before it).
    pub coverage_year: u16,
    /// Where the numbers come from (notice numbers, links), for people checking them.
    pub source: Option<String>,
    /// Departments responsible for assistance groups.
    pub departments: Vec<Department>,
    /// The urban-rural resident scheme, if the policy covers it.
    pub resident: Option<ResidentScheme>,
    /// The employee scheme, if the policy covers it.
    pub employee: Option<EmployeeScheme>,
}

/// A department that confirms a group and budgets its subsidy (e.g. 民政局).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Department {
    /// Identifier used by groups.
    pub id: String,
    /// Display name.
    pub name: Text,
}

/// The urban-rural resident scheme (城乡居民基本医疗保险).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidentScheme {
    /// Individual contribution per person per year (个人缴费).
    pub individual: Decimal,
    /// Fiscal subsidy per person per year (财政补助).
    pub fiscal: Decimal,
    /// Assistance groups (医疗救助资助参保对象).
    pub groups: Vec<Group>,
    /// How a person in several groups is subsidised. Only "highest" exists: once, at the
    /// highest applicable amount, never cumulative.
    pub multiple_groups: MultipleGroups,
    /// Collection period(s) and the optional extended period; national rules leave them to
    /// the place (then the caller says whether a payment was inside the period).
    pub collection: Option<Collection>,
    /// Payment after the collection period, where the 2025 waiting-period rule does not apply.
    pub late_payment: Option<LatePayment>,
    /// The 2025 national waiting-period rule (国办发〔2024〕38号), if in force.
    pub waiting_period: Option<WaitingPeriod>,
    /// The newborn window.
    pub newborn: Option<Newborn>,
    /// When a payment can be refunded.
    pub refund: Option<Refund>,
    /// Continuity incentives of the catastrophic-illness insurance cap (2025 national rule).
    pub incentives: Option<Incentives>,
}

/// Incentives for continuous enrollment (国办发〔2024〕38号): after some continuous years, each
/// further continuous year, and each year without claims, raises the catastrophic-illness
/// insurance (大病保险) annual cap; all raises together are capped; a lapse resets the count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Incentives {
    /// The place's annual cap before raises, if the policy sets it (else the caller gives it).
    pub base_cap: Option<Decimal>,
    /// Continuous years that give no raise (4): raises start with the next one.
    pub continuous_years_before_raise: u32,
    /// Raise per further continuous year (at least 1000 nationally).
    pub raise_per_continuous_year: Decimal,
    /// Raise per year without claims.
    pub raise_per_claim_free_year: Decimal,
    /// All raises together at most this percentage of the base cap (20).
    pub max_raise_percent: Decimal,
}

/// How several identities combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MultipleGroups {
    /// Subsidised once, at the highest applicable amount.
    Highest,
}

/// An assistance group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Identifier, e.g. `tekun`.
    pub id: String,
    /// Display name, e.g. 特困人员.
    pub name: Text,
    /// Id of the responsible department.
    pub department: String,
    /// What the group receives.
    pub subsidy: Subsidy,
}

/// The shape of a group's subsidy of the individual contribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subsidy {
    /// The whole individual contribution (全额资助).
    Full,
    /// A fixed amount (定额资助), at most the individual contribution.
    Fixed(Decimal),
    /// A percentage of the individual contribution, rounded by a named rule.
    Percent {
        /// Percent, 0–100.
        percent: Decimal,
        /// How the result is rounded.
        rounding: Rounding,
    },
    /// No subsidy (e.g. 稳定脱贫人口 in some counties).
    None,
}

/// A closed date range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
}

impl Period {
    /// Whether `d` is inside.
    pub fn contains(self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }
}

/// Collection periods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collection {
    /// The collection period(s) (集中缴费期): paid inside → benefits from January 1.
    pub periods: Vec<Period>,
    /// An extended period decided for this year, and what paying in it means.
    pub extended: Option<Extended>,
}

/// An extended collection period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extended {
    /// The dates.
    pub period: Period,
    /// What paying inside it gives.
    pub benefit_from: ExtendedBenefit,
}

/// What paying inside an extended period gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtendedBenefit {
    /// Counts as the collection period: benefits from January 1 of the coverage year.
    CoverageStart,
    /// Benefits from the payment date; under the 2025 rule it counts as outside the period.
    PaymentDate,
}

/// Late payment where the 2025 waiting-period rule is not in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LatePayment {
    /// Months after the payment date before benefits start (0 = from the payment date).
    /// Absent when the 2025 waiting-period rule governs the dates.
    pub waiting_months: Option<u32>,
    /// What a late payer is charged.
    pub charge: LateCharge,
}

/// What a late payer is charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LateCharge {
    /// The individual contribution, as on time.
    Individual,
    /// The full financing amount (individual + fiscal), with no fiscal subsidy.
    FullFinancing,
}

/// The 2025 national waiting-period rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingPeriod {
    /// Fixed waiting months after enrolling outside the period or after a lapse (3).
    pub fixed_months: u32,
    /// Variable months per lapsed year beyond the free ones (1).
    pub variable_months_per_lapsed_year: u32,
    /// Lapsed years that add no variable months (1: variable = lapsed years − 1).
    pub lapsed_years_without_variable: u32,
    /// Variable months removed per extra past year paid (1); never the fixed months.
    pub repair_months_per_extra_year: u32,
    /// Price of one extra past year.
    pub extra_year_price: ExtraYearPrice,
    /// From this many lapsed years (4) …
    pub long_lapse_years: u32,
    /// … fixed + variable after repair is at least this many months (6).
    pub long_lapse_min_months: u32,
    /// Groups exempt from waiting (their ids).
    pub exempt_groups: Vec<String>,
}

/// Price of one extra past year paid to repair a lapse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtraYearPrice {
    /// The place's current individual contribution.
    Individual,
    /// A fixed amount.
    Amount(Decimal),
}

/// The newborn window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Newborn {
    /// Length of the window after birth.
    pub window: Window,
    /// Enrolled and paid inside the window → covered from the birth date. Outside → this.
    pub after_window: AfterWindow,
}

/// A window length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// Calendar months (the same day-of-month, or the month's last day).
    Months(u32),
    /// Days.
    Days(u32),
}

/// Benefit start for a newborn paid after the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterWindow {
    /// The first day of the month after payment.
    MonthAfterPayment,
    /// The payment date.
    PaymentDate,
    /// As any other late enrollee (late payment or waiting-period rules).
    GeneralRules,
}

/// When a payment can be refunded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refund {
    /// Reasons accepted.
    pub reasons: Vec<RefundReason>,
    /// Whether a refund is possible after benefits started (as a rule, no).
    pub after_benefit_start: bool,
}

macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal, $zh:literal, $en:literal;)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($(#[$vdoc])* $variant,)* }
        impl $name {
            /// Every value with its name.
            pub const NAMES: &'static [(&'static str, $name)] = &[$(($code, $name::$variant),)*];
            /// Every stable name.
            pub const CODES: &'static [&'static str] = &[$($code,)*];
            /// Stable snake_case name.
            pub const fn code(self) -> &'static str { match self { $($name::$variant => $code,)* } }
            /// Description in `lang`.
            pub const fn describe(self, lang: Lang) -> &'static str {
                match (self, lang) { $(($name::$variant, Lang::Zh) => $zh, ($name::$variant, Lang::En) => $en,)* }
            }
        }
    };
}

named_enum! {
    /// Why a refund is requested.
    RefundReason {
        /// Paid twice for the same year.
        PaidTwice = "paid_twice", "重复缴费", "paid twice";
        /// Joined the employee scheme.
        EmployeeScheme = "employee_scheme", "已参加职工医保", "joined the employee scheme";
        /// Joined another area's resident scheme.
        OtherArea = "other_area", "已在外地参加居民医保", "joined another area's resident scheme";
        /// Died before the benefit period.
        Deceased = "deceased", "已死亡", "deceased";
        /// Enlisted in active military service.
        Military = "military", "应征入伍", "enlisted in the military";
        /// Settled abroad.
        Emigrated = "emigrated", "出国（境）定居", "settled abroad";
    }
}

/// The employee scheme (职工基本医疗保险), monthly amounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmployeeScheme {
    /// Lowest monthly base (缴费基数下限).
    pub floor: Decimal,
    /// Highest monthly base (缴费基数上限).
    pub ceiling: Decimal,
    /// How the band was set, for the explanation.
    pub band: Band,
    /// Employer rate, percent.
    pub employer_rate: Decimal,
    /// Employee rate, percent.
    pub employee_rate: Decimal,
    /// Top-up rate for large bills (大额医疗补充), percent; 0 if none.
    pub top_up_rate: Decimal,
    /// Flexible workers' rate, percent (灵活就业人员), if they may join.
    pub flexible_rate: Option<Decimal>,
    /// Flexible workers' top-up rate, percent; 0 if none.
    pub flexible_top_up_rate: Decimal,
    /// How each monthly component is rounded.
    pub rounding: Rounding,
}

/// How the base band was set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    /// Given as amounts.
    Amounts,
    /// As percentages of an average wage, with the rounding of the limits.
    AverageWage {
        /// Monthly average wage.
        average: Decimal,
        /// Floor, percent of the average (60).
        floor_percent: Decimal,
        /// Ceiling, percent of the average (300).
        ceiling_percent: Decimal,
        /// Rounding of the two limits.
        rounding: Rounding,
    },
}

impl Policy {
    /// Reads and validates a policy from JSON text.
    pub fn from_json(text: &str) -> Result<Policy, Invalid> {
        from_value(&parse_json(text, "policy")?)
    }

    /// The group with this id.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.resident.as_ref()?.groups.iter().find(|g| g.id == id)
    }

    /// The department with this id.
    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }
}

/// The bundled presets as JSON text: national minimums 2024–2026, the county example of
/// 2024, and three cities' employee schemes.
pub const PRESETS: &[&str] = &[
    include_str!("presets/cn-national-2024.json"),
    include_str!("presets/cn-national-2025.json"),
    include_str!("presets/cn-national-2026.json"),
    include_str!("presets/county-example-2024.json"),
    include_str!("presets/meizhou-employee-2024.json"),
    include_str!("presets/liyang-employee-2024.json"),
    include_str!("presets/fuzhou-employee-2023.json"),
];

/// The bundled presets, validated.
pub fn presets() -> Vec<Policy> {
    PRESETS
        .iter()
        .filter_map(|t| Policy::from_json(t).ok())
        .collect()
}

/// The preset with this id.
pub fn preset(id: &str) -> Option<Policy> {
    presets().into_iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests;
