//! The policy file format, defined once: every object, its fields, their types and which are
//! required. The reader (`policy::read`) takes each object's field list from here; the JSON
//! Schema (`schema/policy.schema.json`), the TypeScript declarations (`schema/policy.d.ts`,
//! included in the package's `.d.ts`) and the field reference in `docs/policy-format.md` are
//! generated from it ([`json_schema`], [`typescript`], [`markdown`]; `make schema`), and a test
//! fails when a committed file differs from what this table gives.

use crate::money::Rounding;

/// A field's type.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// Any string.
    Str,
    /// A non-empty identifier.
    Id,
    /// A name in both languages (`{ zh, en }`).
    Text,
    /// An integer in a range.
    Int(i64, i64),
    /// Yuan as a decimal string, at most two decimals.
    Amount,
    /// A non-negative decimal string.
    Decimal,
    /// A percentage 0–100 as a decimal string.
    Percent,
    /// `YYYY-MM-DD`.
    Date,
    /// `true` or `false`.
    Bool,
    /// A named rounding rule.
    Rounding,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// This integer only.
    Const(i64),
    /// A string matching a regular expression (anchored).
    Pattern(&'static str),
    /// An amount, or one of these strings.
    AmountOr(&'static [&'static str]),
    /// A start day ([`START_DAY_DOC`]), or one of these strings.
    Start(&'static [&'static str]),
    /// An object of this shape.
    Object(&'static Shape),
    /// An array of this type.
    Array(&'static Ty),
}

/// One field of an object.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The JSON key.
    pub key: &'static str,
    /// Its type.
    pub ty: Ty,
    /// Whether it must be present (for objects with cases: in every case).
    pub required: bool,
    /// What it means (English, for developers; the zh text of the docs is in the guide).
    pub doc: &'static str,
}

/// One alternative of an object with cases (e.g. a subsidy's kinds).
#[derive(Clone, Copy, Debug)]
pub struct Case {
    /// The tag field and its value (`kind: "fixed"`), if the cases are tagged.
    pub tag: Option<(&'static str, &'static str)>,
    /// Fields of this case (besides the common ones); all are required unless listed in
    /// `optional`.
    pub fields: &'static [&'static str],
    /// Fields of this case that may be absent.
    pub optional: &'static [&'static str],
    /// What the case means.
    pub doc: &'static str,
}

/// An object of the format.
#[derive(Debug)]
pub struct Shape {
    /// Its name in the TypeScript declarations and the schema's `$defs`.
    pub name: &'static str,
    /// What it is.
    pub doc: &'static str,
    /// Every field it may have.
    pub fields: &'static [Field],
    /// Alternatives (exactly one applies); fields named in no case are common to all.
    pub cases: &'static [Case],
    /// At least one of these fields must be present.
    pub any_of: &'static [&'static str],
}

impl Shape {
    /// Every key the object may have, in the table's order.
    pub fn keys(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.key).collect()
    }

    /// The field named `key`.
    pub fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    fn in_a_case(&self, key: &str) -> bool {
        self.cases
            .iter()
            .any(|c| c.fields.contains(&key) || c.tag.is_some_and(|(t, _)| t == key))
    }
}

const fn f(key: &'static str, ty: Ty, doc: &'static str) -> Field {
    Field {
        key,
        ty,
        required: true,
        doc,
    }
}

const fn opt(key: &'static str, ty: Ty, doc: &'static str) -> Field {
    Field {
        key,
        ty,
        required: false,
        doc,
    }
}

const fn case(
    tag: Option<(&'static str, &'static str)>,
    fields: &'static [&'static str],
    doc: &'static str,
) -> Case {
    Case {
        tag,
        fields,
        optional: &[],
        doc,
    }
}

const fn shape(name: &'static str, doc: &'static str, fields: &'static [Field]) -> Shape {
    Shape {
        name,
        doc,
        fields,
        cases: &[],
        any_of: &[],
    }
}

const MONTHS: Ty = Ty::Int(0, 120);

/// The policy file.
pub static POLICY: Shape = Shape {
    name: "Policy",
    doc: "A policy file: one region's medical-insurance rules for one coverage year. A file written on a base may leave out what its base gives (null removes a base's rule): the schema describes the whole policy, as loadPolicy returns it. Amounts and rates are decimal strings. The loader checks everything here plus what a schema cannot say (references to groups and departments, periods in order and not overlapping, fixed subsidies not above the individual contribution, floor ≤ ceiling) and reports every problem with its field path.",
    fields: &[
        opt("$schema", Ty::Str, "The schema's address, for editors."),        f("formatVersion", Ty::Const(super::FORMAT_VERSION), "The format version (format-1 files are read too: their source, a string, is read as note)."),
        f("id", Ty::Id, "Stable identifier, e.g. cn-national-2025."),
        f("name", Ty::Text, "Display name."),
        opt("regionCode", Ty::Pattern("^[0-9]{6}$"), "GB/T 2260 code of the region; absent for national rules."),
        f("coverageYear", Ty::Int(2000, 2100), "The year benefits are enjoyed; the individual part is collected before it."),        opt("base", Ty::Id, "The id of a bundled policy this one is written on: its fields apply unless this file gives them (objects merge field by field; arrays and values replace)."),
        opt("source", Ty::Text, "Where the rules come from (the notice's title and number), shown to users."),
        opt("note", Ty::Str, "A note for maintainers (conventions chosen, what the notice leaves open); never shown on a page."),
        opt("departments", Ty::Array(&Ty::Object(&DEPARTMENT)), "Departments that confirm groups and budget their subsidies."),
        opt("funds", Ty::Array(&Ty::Object(&FUND)), "Funds that pay subsidies (医疗救助基金, 财政)."),
        opt("targets", Ty::Array(&Ty::Object(&TARGET)), "Targets the campaign is measured against."),
        opt("units", Ty::Array(&Ty::Object(&UNIT)), "The county's townships and their villages (乡镇（街道）and 村（社区）), as its desks choose them when registering a person."),
        opt("resident", Ty::Object(&RESIDENT), "The urban-rural resident scheme (城乡居民基本医疗保险)."),
        opt("employee", Ty::Object(&EMPLOYEE), "The employee scheme (职工基本医疗保险), monthly amounts."),
    ],
    cases: &[],
    any_of: &["resident", "employee"],
};

/// A department.
pub static DEPARTMENT: Shape = shape(
    "PolicyDepartment",
    "A department that confirms a group and budgets its subsidy (e.g. 民政局).",
    &[
        f("id", Ty::Id, "Identifier used by groups."),
        f("name", Ty::Text, "Display name."),
    ],
);

/// A fund.
pub static FUND: Shape = shape(
    "PolicyFund",
    "A fund that pays subsidies (e.g. 医疗救助基金).",
    &[
        f("id", Ty::Id, "Identifier used by groups."),
        f("name", Ty::Text, "Display name."),
    ],
);

/// A target.
pub static TARGET: Shape = shape(
    "PolicyTarget",
    "A coverage-rate target (参保率目标), for everyone or for one group or category, optionally by a date.",
    &[
        f("of", Ty::Id, "\"all\", a group id or a category id."),
        f("rate", Ty::Percent, "The coverage rate to reach, percent (e.g. \"97\"; \"100\" for named groups)."),
        opt("by", Ty::Date, "The deadline."),
        opt("note", Ty::Text, "How the notice says it, e.g. 不低于全省平均水平 with the average given as the rate."),
    ],
);

/// A township and its villages.
pub static UNIT: Shape = shape(
    "PolicyUnit",
    "A township (乡镇、街道) and its villages (村、社区), names unique.",
    &[
        f("township", Ty::Str, "The township's name, e.g. 城关镇."),
        f(
            "villages",
            Ty::Array(&Ty::Str),
            "Its villages and communities.",
        ),
    ],
);

/// A category.
pub static CATEGORY: Shape = shape(
    "PolicyCategory",
    "An enrollment category with rules of its own (students, university students, newborns).",
    &[
        f("id", Ty::Id, "Identifier used by persons (category)."),
        f("kind", Ty::Enum(&super::CategoryKind::CODES), "What kind of person it is."),
        f("name", Ty::Text, "Display name."),
        opt("individual", Ty::Amount, "Its own individual contribution; else the scheme's."),
        opt("periods", Ty::Array(&Ty::Object(&PERIOD)), "Its own collection periods; else the scheme's."),
        opt("coverage", Ty::Object(&PERIOD), "Its own coverage period (e.g. 2024-09-01 to 2025-08-31 for university students): paid inside its periods → covered from its start."),
    ],
);

const COUNTING: Ty = Ty::Enum(&super::Counting::CODES);
const START_DAY: Ty = Ty::Start(&[]);

/// What a start day means, said once: the schema's `StartDay`, the declarations' and the
/// docs' (every rule that gives a start takes one).
pub const START_DAY_DOC: &str = "The day benefits start, offered alike by every rule that gives a start (latePayment.from, waitingPeriod.from and exemptFrom, the extended period's benefitFrom, newborn.afterWindow): payment_date, the payment date itself; day_after_payment, the day after; first_of_next_month, the first day of the next month (paid 2024-02-28 → 2024-02-28, 2024-02-29, 2024-03-01; paid 2024-12-31 → 2024-12-31, 2025-01-01, 2025-01-01). After waiting months the day is counted from the day the wait ends instead of the payment date. Never before January 1 of the coverage year, nor before birth.";

/// The resident scheme.
pub static RESIDENT: Shape = Shape {
    name: "ResidentPolicy",
    doc: "The urban-rural resident scheme (城乡居民基本医疗保险).",
    fields: &[
        opt("individual", Ty::Amount, "Individual contribution per person per year (个人缴费); with fiscal, or neither when the notice leaves the amounts to another (then amountsFrom)."),
        opt("fiscal", Ty::Amount, "Fiscal subsidy per person per year (财政补助)."),
        opt("amountsFrom", Ty::Text, "Where the amounts are set when this policy does not state them (以市医保部门通知为准)."),
        opt("groups", Ty::Array(&Ty::Object(&GROUP)), "Assistance groups (医疗救助资助参保对象)."),
        opt("categories", Ty::Array(&Ty::Object(&CATEGORY)), "Enrollment categories with rules of their own."),
        f("multipleGroups", Ty::Enum(&super::MultipleGroups::CODES), "A person in several groups is subsidised once, at the highest amount (not cumulative)."),
        opt("collection", Ty::Object(&COLLECTION), "Collection period(s) (集中缴费期); paid inside → benefits from January 1. National rules leave them to each place."),        opt("latePayment", Ty::Object(&LATE_PAYMENT), "Paying after the collection period, where the 2025 waiting-period rule is not in force. Absent when the notice states no rule: a late payer's benefit start is then unknown and the answer says so."),
        opt("waitingPeriod", Ty::Object(&WAITING_PERIOD), "The 2025 national waiting-period rule (国办发〔2024〕38号)."),        opt("newborn", Ty::Object(&NEWBORN), "Newborns enrolled and paid within the window from birth are covered from birth (born the year before: from the coverage year's start unless that year is paid too)."),
        opt("refund", Ty::Object(&REFUND), "When a payment can be refunded."),
        opt("incentives", Ty::Object(&INCENTIVES), "Continuity incentives (国办发〔2024〕38号): after continuousYearsBeforeRaise continuous years, each further continuous year and each claim-free year raise the catastrophic-illness (大病保险) annual cap; all raises together at most maxRaisePercent of the base cap; a lapse resets the count."),
    ],
    cases: &[
        case(None, &["individual", "fiscal"], "The amounts, as the notice states them."),
        case(None, &[], "No amounts: the notice leaves them to another (amountsFrom says which)."),
    ],
    any_of: &[],
};

/// An assistance group.
pub static GROUP: Shape = shape(
    "PolicyGroup",
    "An assistance group (医疗救助资助参保对象).",
    &[
        f("id", Ty::Id, "Identifier, e.g. dibao."),
        f("name", Ty::Text, "Display name."),        opt("aliases", Ty::Array(&Ty::Id), "Other names rosters use for the group (e.g. 监测对象)."),
        f("department", Ty::Id, "Id of an entry of departments: who confirms the group."),
        opt("fund", Ty::Id, "Id of an entry of funds: who pays the subsidy."),
        opt("subsidy", Ty::Object(&SUBSIDY), "How much of the individual contribution is paid for the person; absent when the notice states no amount."),
        opt("payment", Ty::Enum(&super::SubsidyPayment::CODES), "on_behalf (代缴, the default): the person pays only the rest; refund_after_payment: the person pays in full, then applies for the subsidy (先全额缴费，再申请资助)."),],
);

/// A group's subsidy.
pub static SUBSIDY: Shape = Shape {
    name: "SubsidyShape",
    doc: "How much of the individual contribution a group's subsidy covers.",
    fields: &[
        f(
            "kind",
            Ty::Enum(&["full", "fixed", "percent", "none"]),
            "The kind of subsidy.",
        ),
        opt("amount", Ty::Amount, "The fixed amount."),
        opt(
            "percent",
            Ty::Percent,
            "The percentage of the individual contribution.",
        ),
        opt("rounding", Ty::Rounding, "How the percentage is rounded."),
    ],
    cases: &[
        case(
            Some(("kind", "full")),
            &[],
            "The whole individual contribution (全额资助).",
        ),
        case(
            Some(("kind", "fixed")),
            &["amount"],
            "A fixed amount (定额资助), at most the individual contribution.",
        ),
        case(
            Some(("kind", "percent")),
            &["percent", "rounding"],
            "A percentage of the individual contribution, rounded by the named rule.",
        ),
        case(Some(("kind", "none")), &[], "No subsidy."),
    ],
    any_of: &[],
};

/// A period.
pub static PERIOD: Shape = shape(
    "PolicyPeriod",
    "A period, both days included.",
    &[
        f("start", Ty::Date, "First day."),
        f("end", Ty::Date, "Last day."),
    ],
);

/// The collection periods.
pub static COLLECTION: Shape = Shape {
    name: "PolicyCollection",
    doc: "Collection period(s) (集中缴费期) and an optional extended period.",
    fields: &[
        opt(
            "periods",
            Ty::Array(&Ty::Object(&PERIOD)),
            "The collection periods, within the coverage year or the year before, not overlapping.",
        ),
        opt(
            "extended",
            Ty::Object(&EXTENDED),
            "An extended collection period (延长缴费期).",
        ),
    ],
    cases: &[],
    any_of: &["periods", "extended"],
};

/// The extended period.
pub static EXTENDED: Shape = shape(
    "PolicyExtendedPeriod",
    "An extended collection period (延长缴费期).",
    &[
        opt("start", Ty::Date, "First day; default: the day after the last collection period."),
        f("end", Ty::Date, "Last day."),
        opt("benefitFrom", Ty::Start(&super::ExtendedBenefit::WORDS), "coverage_start (the default, when the notice states no separate rule): counts as the collection period; a StartDay: benefits from that day after the payment (outside the period for the 2025 rule); late_payment: as a late payment."),],
);

/// Late payment.
pub static LATE_PAYMENT: Shape = shape(
    "PolicyLatePayment",
    "Paying after the collection period (before the 2025 waiting-period rule).",
    &[
        opt("waitingMonths", MONTHS, "Waiting months after payment (0 = none); only without a waitingPeriod."),
        opt("counting", COUNTING, "day_to_day (the default): paid 03-05 + 3 months → 06-05; whole_months: the month of payment the first, paid in January + 3 → April 1."),
        opt("from", START_DAY, "The day benefits start once the months are over (default payment_date: that day; with whole_months only payment_date)."),
        opt("charge", Ty::Enum(&super::LateCharge::CODES), "individual (the default): the individual contribution; full_financing: the late payer pays individual + fiscal and gets no fiscal subsidy."),],
);

/// The 2025 waiting-period rule.
pub static WAITING_PERIOD: Shape = shape(
    "PolicyWaitingPeriod",
    "The 2025 national waiting-period rule (国办发〔2024〕38号).",
    &[
        f(
            "fixedMonths",
            MONTHS,
            "Fixed waiting months for anyone paying outside the collection period.",
        ),
        f(
            "variableMonthsPerLapsedYear",
            MONTHS,
            "Further months per lapsed year.",
        ),
        f(
            "lapsedYearsWithoutVariable",
            MONTHS,
            "Lapsed years that add no variable months.",
        ),
        f(
            "repairMonthsPerExtraYear",
            MONTHS,
            "Months removed per extra past year paid.",
        ),
        f(
            "extraYearPrice",
            Ty::AmountOr(&["individual"]),
            "Price of one extra past year: the current individual contribution, or an amount.",
        ),
        f(
            "longLapseYears",
            MONTHS,
            "Lapsed years from which the long-lapse minimum applies.",
        ),
        f(
            "longLapseMinMonths",
            MONTHS,
            "The waiting months a long lapse keeps whatever is repaired.",
        ),
        opt(
            "exemptGroups",
            Ty::Array(&Ty::Id),
            "Ids of groups exempt from waiting.",
        ),
        opt(
            "exemptFrom",
            START_DAY,
            "When an exempt member paying outside the period starts (default payment_date).",
        ),
        opt(
            "counting",
            COUNTING,
            "How the waiting months are counted (default day_to_day).",
        ),
        opt(
            "from",
            START_DAY,
            "The day benefits start once the months are over (default payment_date).",
        ),
    ],
);

/// The newborn window.
pub static NEWBORN: Shape = Shape {
    name: "PolicyNewborn",    doc: "Newborns enrolled and paid within the window from birth (counted across the year end) are covered from birth; born the year before, from the coverage year's start, or from birth when the earlier year is paid too. Never before birth.",fields: &[
        opt("windowMonths", Ty::Int(1, 24), "The window in months from birth."),
        opt("windowDays", Ty::Int(1, 731), "The window in days from birth."),
        f("afterWindow", Ty::Start(&super::AfterWindow::WORDS), "When benefits start when paid after the window: a StartDay after the payment; general_rules: as any other late enrollee. month_after_payment, the older name of first_of_next_month, is read too."),
    ],
    cases: &[
        case(None, &["windowMonths"], "A window in months."),
        case(None, &["windowDays"], "A window in days."),
    ],
    any_of: &[],
};

/// Refunds.
pub static REFUND: Shape = shape(
    "PolicyRefund",
    "When a payment can be refunded (退费).",
    &[
        f(
            "reasons",
            Ty::Array(&Ty::Enum(super::RefundReason::CODES)),
            "The reasons that allow a refund.",
        ),
        f(
            "afterBenefitStart",
            Ty::Bool,
            "Whether a refund is possible once benefits have started.",
        ),
    ],
);

/// Continuity incentives.
pub static INCENTIVES: Shape = shape(
    "PolicyIncentives",
    "Continuity incentives of the catastrophic-illness insurance cap (2025 national rule).",
    &[
        opt("baseCap", Ty::Amount, "The place's annual cap before raises; absent in national rules (then CapInput.baseCap)."),
        f("continuousYearsBeforeRaise", MONTHS, "Continuous years that give no raise."),
        f("raisePerContinuousYear", Ty::Amount, "Raise per further continuous year."),
        f("raisePerClaimFreeYear", Ty::Amount, "Raise per year without claims."),
        f("maxRaisePercent", Ty::Percent, "All raises together at most this percentage of the base cap."),
    ],
);

/// The employee scheme.
pub static EMPLOYEE: Shape = shape(
    "EmployeePolicy",
    "The employee scheme (职工基本医疗保险), monthly amounts.",
    &[
        f("base", Ty::Object(&BAND), "Monthly base band: as amounts, or as percentages (e.g. 60 and 300) of an average wage."),
        f("employerRate", Ty::Percent, "The employer's rate."),
        f("employeeRate", Ty::Percent, "The employee's rate."),
        opt("topUpRate", Ty::Percent, "Top-up for large bills (大额医疗补助), a component of its own."),
        opt("flexibleRate", Ty::Percent, "Flexible workers' rate (灵活就业人员); absent if they may not join."),
        opt("flexibleTopUpRate", Ty::Percent, "Flexible workers' top-up rate."),
        f("rounding", Ty::Rounding, "How each monthly component is rounded."),
    ],
);

/// The employee base band.
pub static BAND: Shape = Shape {
    name: "PolicyBaseBand",
    doc: "The monthly contribution base band.",
    fields: &[
        opt("floor", Ty::Amount, "The lowest monthly base."),
        opt("ceiling", Ty::Amount, "The highest monthly base."),
        opt(
            "averageWage",
            Ty::Amount,
            "The average monthly wage the band is set from.",
        ),
        opt(
            "floorPercent",
            Ty::Decimal,
            "The floor as a percentage of the average wage (e.g. 60).",
        ),
        opt(
            "ceilingPercent",
            Ty::Decimal,
            "The ceiling as a percentage of the average wage (e.g. 300).",
        ),
        opt(
            "rounding",
            Ty::Rounding,
            "How the limits computed from the average wage are rounded.",
        ),
    ],
    cases: &[
        case(None, &["floor", "ceiling"], "The limits as amounts."),
        case(
            None,
            &["averageWage", "floorPercent", "ceilingPercent", "rounding"],
            "The limits as percentages of an average wage.",
        ),
    ],
    any_of: &[],
};

/// Every object of the format, the file first.
pub static SHAPES: [&Shape; 20] = [
    &POLICY,
    &DEPARTMENT,
    &FUND,
    &TARGET,
    &UNIT,
    &RESIDENT,
    &GROUP,
    &CATEGORY,
    &SUBSIDY,
    &PERIOD,
    &COLLECTION,
    &EXTENDED,
    &LATE_PAYMENT,
    &WAITING_PERIOD,
    &NEWBORN,
    &REFUND,
    &INCENTIVES,
    &EMPLOYEE,
    &BAND,
    &TEXT,
];

/// A name in both languages.
pub static TEXT: Shape = shape(
    "LocalText",
    "A name in Simplified Chinese and English.",
    &[
        f("zh", Ty::Id, "Simplified Chinese."),
        f("en", Ty::Id, "English."),
    ],
);

fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn enum_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| json_str(n))
        .collect::<Vec<_>>()
        .join(", ")
}

fn schema_of(ty: &Ty) -> String {
    match ty {
        Ty::Str => r#"{ "type": "string" }"#.into(),
        Ty::Id => r##"{ "$ref": "#/$defs/id" }"##.into(),
        Ty::Text => r##"{ "$ref": "#/$defs/LocalText" }"##.into(),
        Ty::Int(min, max) => {
            format!(r#"{{ "type": "integer", "minimum": {min}, "maximum": {max} }}"#)
        }
        Ty::Amount => r##"{ "$ref": "#/$defs/money" }"##.into(),
        Ty::Decimal => r##"{ "$ref": "#/$defs/decimal" }"##.into(),
        Ty::Percent => r##"{ "$ref": "#/$defs/percent" }"##.into(),
        Ty::Date => r##"{ "$ref": "#/$defs/date" }"##.into(),
        Ty::Bool => r#"{ "type": "boolean" }"#.into(),
        Ty::Rounding => r##"{ "$ref": "#/$defs/rounding" }"##.into(),
        Ty::Enum(names) => format!(r#"{{ "enum": [{}] }}"#, enum_list(names)),
        Ty::Const(n) => format!(r#"{{ "const": {n} }}"#),
        Ty::Pattern(p) => format!(r#"{{ "type": "string", "pattern": {} }}"#, json_str(p)),
        Ty::AmountOr(names) => format!(
            r##"{{ "anyOf": [{{ "$ref": "#/$defs/money" }}, {{ "enum": [{}] }}] }}"##,
            enum_list(names)
        ),
        Ty::Start([]) => r##"{ "$ref": "#/$defs/StartDay" }"##.into(),
        Ty::Start(names) => format!(
            r##"{{ "anyOf": [{{ "$ref": "#/$defs/StartDay" }}, {{ "enum": [{}] }}] }}"##,
            enum_list(names)
        ),
        Ty::Object(s) => format!(r##"{{ "$ref": "#/$defs/{}" }}"##, s.name),
        Ty::Array(t) => format!(r#"{{ "type": "array", "items": {} }}"#, schema_of(t)),
    }
}

fn shape_schema(s: &Shape) -> String {
    let mut props = Vec::new();
    for fl in s.fields {
        let mut t = schema_of(&fl.ty);
        if !fl.doc.is_empty() {
            t = format!(
                "{}, \"description\": {} }}",
                t.trim_end_matches('}').trim_end(),
                json_str(fl.doc)
            );
        }
        props.push(format!("        {}: {}", json_str(fl.key), t));
    }
    let required: Vec<String> = s
        .fields
        .iter()
        .filter(|fl| fl.required && !s.in_a_case(fl.key))
        .map(|fl| json_str(fl.key))
        .collect();
    let mut out = format!(
        "{{\n      \"type\": \"object\",\n      \"description\": {},\n      \"additionalProperties\": false,\n      \"required\": [{}],\n      \"properties\": {{\n{}\n      }}",
        json_str(s.doc),
        required.join(", "),
        props.join(",\n")
    );
    if !s.cases.is_empty() {
        let all_case_fields: Vec<&str> = s
            .cases
            .iter()
            .flat_map(|c| c.fields.iter().copied())
            .collect();
        let cases: Vec<String> = s
            .cases
            .iter()
            .map(|c| {
                let mut props = Vec::new();
                let mut req: Vec<String> = Vec::new();
                if let Some((tag, value)) = c.tag {
                    props.push(format!("{}: {{ \"const\": {} }}", json_str(tag), json_str(value)));
                    req.push(json_str(tag));
                }
                for k in &all_case_fields {
                    if !c.fields.contains(k) && !props.iter().any(|p| p.starts_with(&json_str(k))) {
                        props.push(format!("{}: false", json_str(k)));
                    }
                }
                req.extend(
                    c.fields
                        .iter()
                        .filter(|k| !c.optional.contains(k))
                        .map(|k| json_str(k)),
                );
                format!(
                    "        {{ \"description\": {}, \"required\": [{}], \"properties\": {{ {} }} }}",
                    json_str(c.doc),
                    req.join(", "),
                    props.join(", ")
                )
            })
            .collect();
        out.push_str(&format!(
            ",\n      \"oneOf\": [\n{}\n      ]",
            cases.join(",\n")
        ));
    }
    if !s.any_of.is_empty() {
        let alts: Vec<String> = s
            .any_of
            .iter()
            .map(|k| format!("{{ \"required\": [{}] }}", json_str(k)))
            .collect();
        out.push_str(&format!(",\n      \"anyOf\": [{}]", alts.join(", ")));
    }
    out.push_str("\n    }");
    out
}

/// The JSON Schema (draft 2020-12) of the policy file.
pub fn json_schema() -> String {
    let mut defs = vec![
        format!(
            "    \"money\": {{ \"type\": \"string\", \"pattern\": \"^[0-9]{{1,10}}(\\\\.[0-9]{{1,2}})?$\", \"description\": {} }}",
            json_str("Yuan as a decimal string, at most two decimals (fen), e.g. \"380.00\". Never a JSON number.")
        ),
        format!(
            "    \"decimal\": {{ \"type\": \"string\", \"pattern\": \"^[0-9]{{1,10}}(\\\\.[0-9]{{1,10}})?$\", \"description\": {} }}",
            json_str("A non-negative decimal as a string, e.g. \"5.5\".")
        ),
        format!(
            "    \"percent\": {{ \"type\": \"string\", \"pattern\": \"^[0-9]{{1,10}}(\\\\.[0-9]{{1,10}})?$\", \"description\": {} }}",
            json_str("A percentage 0–100 as a decimal string (\"5.5\" = 5.5%).")
        ),
        format!(
            "    \"date\": {{ \"type\": \"string\", \"pattern\": \"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$\", \"description\": {} }}",
            json_str("A calendar date YYYY-MM-DD.")
        ),
        format!(
            "    \"rounding\": {{ \"enum\": [{}], \"description\": {} }}",
            enum_list(&Rounding::NAMES.map(|(n, _)| n)),
            json_str("Named rounding rule <mode>_<unit>: half_up = 四舍五入, half_even = banker's, down = 舍去, up = 进位; to the fen (0.01), jiao (0.1) or yuan (1).")
        ),
        "    \"id\": { \"type\": \"string\", \"pattern\": \"\\\\S\" }".to_string(),
        format!(
            "    \"StartDay\": {{ \"enum\": [{}], \"description\": {} }}",
            enum_list(&super::StartDay::CODES),
            json_str(START_DAY_DOC)
        ),
    ];
    for s in SHAPES.iter().skip(1) {
        defs.push(format!("    {}: {}", json_str(s.name), shape_schema(s)));
    }
    let root = shape_schema(&POLICY);
    let root = root
        .trim_start_matches('{')
        .trim_end()
        .trim_end_matches('}')
        .trim_end();
    format!(
        "{{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"$id\": \"https://canbao.invalid/policy.schema.json\",\n  \"title\": \"canbao policy, format version {}\",{},\n  \"$defs\": {{\n{}\n  }}\n}}\n",
        super::FORMAT_VERSION,
        root.replace("\n      ", "\n  ").replace("\n        ", "\n    "),
        defs.join(",\n")
    )
}

fn ts_of(ty: &Ty) -> String {
    match ty {
        Ty::Str | Ty::Id | Ty::Pattern(..) => "string".into(),
        Ty::Text => "LocalText".into(),
        Ty::Int(..) => "number".into(),
        Ty::Const(n) => n.to_string(),
        Ty::Amount => "Yuan".into(),
        Ty::Decimal | Ty::Percent => "DecimalString".into(),
        Ty::Date => "IsoDate".into(),
        Ty::Bool => "boolean".into(),
        Ty::Rounding => "RoundingRule".into(),
        Ty::Enum(names) => names
            .iter()
            .map(|n| json_str(n))
            .collect::<Vec<_>>()
            .join(" | "),
        Ty::AmountOr(names) => format!("Yuan | {}", ts_of(&Ty::Enum(names))),
        Ty::Start([]) => "StartDay".into(),
        Ty::Start(names) => format!("StartDay | {}", ts_of(&Ty::Enum(names))),
        Ty::Object(s) => s.name.into(),
        Ty::Array(t) => match t {
            Ty::Enum(_) | Ty::AmountOr(_) | Ty::Start(_) => format!("({})[]", ts_of(t)),
            _ => format!("{}[]", ts_of(t)),
        },
    }
}

fn ts_doc(doc: &str, indent: &str) -> String {
    format!("{indent}/** {} */\n", doc.replace("*/", "*\\/"))
}

fn ts_fields(s: &Shape, only: &dyn Fn(&Field) -> Option<bool>, indent: &str) -> String {
    let mut out = String::new();
    for fl in s.fields {
        let Some(required) = only(fl) else { continue };
        out.push_str(&ts_doc(fl.doc, indent));
        out.push_str(&format!(
            "{indent}{}{}: {};\n",
            fl.key,
            if required { "" } else { "?" },
            ts_of(&fl.ty)
        ));
    }
    out
}

/// The TypeScript declarations of the policy file's objects.
pub fn typescript() -> String {
    let mut out =
        String::from("// Generated from src/policy/format.rs by `make schema`; do not edit.\n");
    out.push('\n');
    out.push_str(&ts_doc(START_DAY_DOC, ""));
    out.push_str(&format!(
        "export type StartDay = {};\n",
        ts_of(&Ty::Enum(&super::StartDay::CODES))
    ));
    for s in SHAPES.iter().filter(|s| s.name != "LocalText") {
        out.push('\n');
        out.push_str(&ts_doc(s.doc, ""));
        if s.cases.is_empty() {
            out.push_str(&format!("export interface {} {{\n", s.name));
            out.push_str(&ts_fields(s, &|fl| Some(fl.required), "  "));
            out.push_str("}\n");
            continue;
        }
        out.push_str(&format!("export type {} =\n", s.name));
        for c in s.cases {
            out.push_str(&format!("  | {{\n{}", ts_doc(c.doc, "      ")));
            let fields = ts_fields(
                s,
                &|fl| {
                    if let Some((tag, _)) = c.tag {
                        if fl.key == tag {
                            return None;
                        }
                    }
                    if c.fields.contains(&fl.key) {
                        Some(!c.optional.contains(&fl.key))
                    } else if s.in_a_case(fl.key) {
                        None
                    } else {
                        Some(fl.required)
                    }
                },
                "      ",
            );
            if let Some((tag, value)) = c.tag {
                out.push_str(&format!("      {tag}: {};\n", json_str(value)));
            }
            out.push_str(&fields);
            out.push_str("    }\n");
        }
        let last = out.pop();
        debug_assert_eq!(last, Some('\n'));
        out.push_str(";\n");
    }
    out
}

/// The field reference of `docs/policy-format.md`: one table per object.
pub fn markdown() -> String {
    let days: Vec<String> = super::StartDay::CODES
        .iter()
        .map(|c| format!("`\"{c}\"`"))
        .collect();
    let mut out = format!(
        "### `StartDay`\n\nOne of {}. {START_DAY_DOC}\n\n",
        days.join(", ")
    );
    for s in SHAPES.iter() {
        out.push_str(&format!("### `{}`\n\n{}\n\n", s.name, s.doc));
        out.push_str("| field | type | required | meaning |\n|---|---|---|---|\n");
        for fl in s.fields {
            let required = if fl.required && !s.in_a_case(fl.key) {
                "yes"
            } else if s.in_a_case(fl.key) {
                "by case"
            } else {
                "no"
            };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                fl.key,
                ts_of(&fl.ty).replace('|', "\\|"),
                required,
                fl.doc.replace('|', "\\|")
            ));
        }
        if !s.cases.is_empty() {
            out.push_str("\nExactly one of:\n\n");
            for c in s.cases {
                let tag = c
                    .tag
                    .map_or(String::new(), |(t, v)| format!("`{t}: \"{v}\"`"));
                let fields: Vec<String> = c.fields.iter().map(|k| format!("`{k}`")).collect();
                let what = [tag, fields.join(", ")]
                    .into_iter()
                    .filter(|x| !x.is_empty())
                    .collect::<Vec<_>>()
                    .join(" with ");
                out.push_str(&format!(
                    "- {}: {}\n",
                    if what.is_empty() {
                        "nothing else".into()
                    } else {
                        what
                    },
                    c.doc
                ));
            }
        }
        if !s.any_of.is_empty() {
            let keys: Vec<String> = s.any_of.iter().map(|k| format!("`{k}`")).collect();
            out.push_str(&format!("\nAt least one of {}.\n", keys.join(", ")));
        }
        out.push('\n');
    }
    out
}
