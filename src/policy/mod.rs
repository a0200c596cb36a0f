//! The policy model: one region's rules for one coverage year, read from a versioned JSON
//! format (`schema/policy.schema.json`) and validated as a whole: every problem is reported
//! with its field path and a zh-CN / en message. Nothing is guessed; the calculations in
//! [`crate::calc`] take every number from here.

pub mod format;
mod read;
mod write;

use rust_decimal::Decimal;

use crate::date::Date;
use crate::input::{parse_json, Invalid};
use crate::lang::Lang;
use crate::money::Rounding;

pub use read::from_value;

/// The policy format version this library writes and describes. Format-1 files are read too:
/// their `source` (a string) is read as the developer `note`; everything else is the same.
pub const FORMAT_VERSION: i64 = 2;

/// A name in both languages (the crate's one zh/en type).
pub use crate::lang::Text;

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
    /// Where the rules come from (the notice's title and number), shown to users.
    pub source: Option<Text>,
    /// A note for developers and maintainers (never shown on a page).
    pub note: Option<String>,
    /// The base policy this one was written on (its id), if any.
    pub base: Option<String>,
    /// The format version the file was written in (1 or 2).
    pub format_version: i64,
    /// Departments responsible for assistance groups.
    pub departments: Vec<Department>,
    /// Funds that pay subsidies (e.g. 医疗救助基金, 财政).
    pub funds: Vec<Department>,
    /// Targets a campaign is measured against.
    pub targets: Vec<Target>,
    /// The county's townships and their villages (the desks' unit list).
    pub units: Vec<Unit>,
    /// The urban-rural resident scheme, if the policy covers it.
    pub resident: Option<ResidentScheme>,
    /// The employee scheme, if the policy covers it.
    pub employee: Option<EmployeeScheme>,
}

/// A township (乡镇、街道) and its villages (村、社区).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// The township's name.
    pub township: String,
    /// Its villages and communities.
    pub villages: Vec<String>,
}

/// A target: a coverage rate to reach among everyone or one group or category, by a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `"all"`, a group id or a category id.
    pub of: String,
    /// The rate to reach, percent.
    pub rate: Decimal,
    /// The deadline.
    pub by: Option<Date>,
    /// How the notice says it (e.g. 不低于全省平均水平), shown with the number.
    pub note: Option<Text>,
}

/// A department that confirms a group and budgets its subsidy (e.g. 民政局), or a fund that
/// pays it (e.g. 医疗救助基金).
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
    /// The amounts per person per year, if the policy states them.
    pub amounts: Option<Amounts>,
    /// Where the amounts are set when the policy does not state them (以市医保部门通知为准).
    pub amounts_from: Option<Text>,
    /// Assistance groups (医疗救助资助参保对象).
    pub groups: Vec<Group>,
    /// Enrollment categories with rules of their own (students, newborns).
    pub categories: Vec<Category>,
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

/// The resident amounts per person per year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amounts {
    /// Individual contribution (个人缴费).
    pub individual: Decimal,
    /// Fiscal subsidy (财政补助).
    pub fiscal: Decimal,
}

/// An enrollment category with rules of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// Identifier, e.g. `student`.
    pub id: String,
    /// What kind of person it is.
    pub kind: CategoryKind,
    /// Display name.
    pub name: Text,
    /// Its own individual contribution, if different.
    pub individual: Option<Decimal>,
    /// Its own collection periods, if different.
    pub periods: Vec<Period>,
    /// Its own coverage period (e.g. university students from September 1), if different.
    pub coverage: Option<Period>,
}

/// Kinds of enrollment category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CategoryKind {
    /// Students (在校学生): schools, kindergartens.
    Student,
    /// University students (大学生).
    UniversityStudent,
    /// Newborns (新生儿).
    Newborn,
    /// Any other residents.
    Resident,
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
    /// Other names a roster may use for it (e.g. 监测对象).
    pub aliases: Vec<String>,
    /// Id of the responsible department.
    pub department: String,
    /// Id of the fund that pays the subsidy, if the policy says.
    pub fund: Option<String>,
    /// What the group receives; `None` when the notice states no amount.
    pub subsidy: Option<Subsidy>,
    /// How the subsidy reaches the person.
    pub payment: SubsidyPayment,
}

/// How a subsidy reaches the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubsidyPayment {
    /// Paid on the person's behalf (代缴): the person pays only the rest.
    OnBehalf,
    /// The person pays in full, then applies for the subsidy (先全额缴费，再申请资助).
    RefundAfterPayment,
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
    /// The collection period(s) (集中缴费期): paid inside → benefits from January 1. Empty
    /// when a notice gives only the extended period's end.
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
    /// Benefits from this day after the payment (never before January 1); under the 2025
    /// rule it counts as outside the period.
    From(StartDay),
    /// As late payment (the late-payment or waiting-period rules).
    LatePayment,
}

/// Late payment where the 2025 waiting-period rule is not in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LatePayment {
    /// Months after the payment date before benefits start (0 = from the payment date).
    /// Absent when the 2025 waiting-period rule governs the dates.
    pub waiting_months: Option<u32>,
    /// How the waiting months are counted and on which day benefits start.
    pub start: StartRule,
    /// What a late payer is charged.
    pub charge: LateCharge,
}

/// How waiting months are counted from a payment, and the day benefits then start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StartRule {
    /// How months are counted.
    pub counting: Counting,
    /// The day benefits start once the months are over.
    pub from: StartDay,
}

/// How waiting months are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counting {
    /// To the same day of the month (or the month's last day): paid 03-05 + 3 → 06-05.
    DayToDay,
    /// Whole calendar months, the month of payment the first: paid in January + 3 → April 1.
    WholeMonths,
}

/// The day benefits start, from a payment (or from the day a wait ends): the one choice
/// every rule that gives a start offers (late payment, waiting period, exempt groups,
/// extended period, newborns after the window).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartDay {
    /// That day (with no waiting months: the payment date).
    PaymentDate,
    /// The day after.
    DayAfterPayment,
    /// The first day of the next month.
    FirstOfNextMonth,
}

impl StartRule {
    /// Day to day, from the payment date (paid 03-05, 3 months → 06-05).
    pub const DAY_TO_DAY: StartRule = StartRule {
        counting: Counting::DayToDay,
        from: StartDay::PaymentDate,
    };

    /// The first day of benefits after `months` waiting months from a payment on `paid`.
    /// Whole months end on a month's first day, which is the start (`from` applies to a day
    /// that is a payment's: with no waiting months, or counted day to day).
    pub fn start(self, paid: Date, months: u32) -> Option<Date> {
        match self.counting {
            Counting::WholeMonths if months > 0 => {
                Date::new(paid.year(), paid.month(), 1)?.add_months(months)
            }
            _ => self.from.apply(paid.add_months(months)?),
        }
    }

    /// The start day [`StartRule::start_in_year`] applies, if any: none when the months run
    /// from January 1 (a payment before the year) or are whole months.
    pub fn day_applied(self, paid: Date, jan1: Date, months: u32) -> Option<StartDay> {
        let whole = self.counting == Counting::WholeMonths && months > 0;
        (paid >= jan1 && !whole).then_some(self.from)
    }

    /// The first day of benefits for a payment on `paid` in a coverage year starting on
    /// `jan1`: the waiting months run from the later of the two; from January 1 (a payment
    /// made before the year) they end on a first day of benefits, so `from` does not apply.
    pub fn start_in_year(self, paid: Date, jan1: Date, months: u32) -> Option<Date> {
        if paid < jan1 {
            jan1.add_months(months)
        } else {
            self.start(paid, months)
        }
    }
}

impl StartDay {
    /// The day benefits start for a period ending on `end`.
    pub fn apply(self, end: Date) -> Option<Date> {
        match self {
            StartDay::PaymentDate => Some(end),
            StartDay::DayAfterPayment => end.add_days(1),
            StartDay::FirstOfNextMonth => end.first_of_next_month(),
        }
    }
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
    /// When an exempt group's member paying outside the period starts.
    pub exempt_from: StartDay,
    /// How the waiting months are counted and on which day benefits start.
    pub start: StartRule,
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
    /// This day after the payment (never before January 1 of the coverage year).
    From(StartDay),
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

impl ResidentScheme {
    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}

/// The stable names of an enum's `NAMES` table, for the format table.
pub(crate) const fn codes<T: Copy, const N: usize>(
    names: [(&'static str, T); N],
) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = names[i].0;
        i += 1;
    }
    out
}

/// The name table of a data-less enum of the format: `NAMES` (reading), `CODES` (the format
/// table) and `code()` (writing), from one list.
macro_rules! names {
    ($name:ident { $($code:literal => $variant:ident),* $(,)? }) => {
        impl $name {
            /// Every value with its name in the policy format.
            pub const NAMES: [(&'static str, $name); [$($code),*].len()] = [$(($code, $name::$variant)),*];
            /// Every name, in order.
            pub const CODES: [&'static str; [$($code),*].len()] = codes(Self::NAMES);
            /// The name in the policy format.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }
        }
    };
}

/// The name table of a rule that gives a start: a [`StartDay`]'s names (as `From`) or one of
/// the rule's own words; `legacy` names (an older file's) are read but never written.
/// `NAMES` (reading), `WORDS` (the own and legacy words, for the format table), `code()`.
macro_rules! start_or {
    ($name:ident { $($code:literal => $variant:ident),* } $(legacy { $($old:literal => $day:ident),* })?) => {
        impl $name {
            /// Every value with its name in the policy format (legacy names last).
            pub const NAMES: [(&'static str, $name); 3 + [$($code),* $($(, $old)*)?].len()] = [
                ("payment_date", $name::From(StartDay::PaymentDate)),
                ("day_after_payment", $name::From(StartDay::DayAfterPayment)),
                ("first_of_next_month", $name::From(StartDay::FirstOfNextMonth)),
                $(($code, $name::$variant),)* $($(($old, $name::From(StartDay::$day)),)*)?
            ];
            /// The names besides a start day's, in order (legacy names last).
            pub const WORDS: [&'static str; [$($code),* $($(, $old)*)?].len()] = [$($code),* $($(, $old)*)?];
            /// The name in the policy format.
            pub fn code(self) -> &'static str {
                match self { $name::From(d) => d.code(), $($name::$variant => $code),* }
            }
        }
    };
}

names!(MultipleGroups { "highest" => Highest });
names!(SubsidyPayment { "on_behalf" => OnBehalf, "refund_after_payment" => RefundAfterPayment });
names!(Counting { "day_to_day" => DayToDay, "whole_months" => WholeMonths });
names!(StartDay { "payment_date" => PaymentDate, "day_after_payment" => DayAfterPayment, "first_of_next_month" => FirstOfNextMonth });
names!(LateCharge { "individual" => Individual, "full_financing" => FullFinancing });
start_or!(ExtendedBenefit { "coverage_start" => CoverageStart, "late_payment" => LatePayment });
start_or!(AfterWindow { "general_rules" => GeneralRules } legacy { "month_after_payment" => FirstOfNextMonth });
names!(CategoryKind { "student" => Student, "university_student" => UniversityStudent, "newborn" => Newborn, "resident" => Resident });

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
/// 2024, the 定陶区 notice for 2024, and three cities' employee schemes.
pub const PRESETS: &[&str] = &[
    include_str!("presets/cn-national-2024.json"),
    include_str!("presets/cn-national-2025.json"),
    include_str!("presets/cn-national-2026.json"),
    include_str!("presets/county-example-2024.json"),
    include_str!("presets/dingtao-2024.json"),
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
