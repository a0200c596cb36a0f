// Generated from src/policy/format.rs by `make schema`; do not edit.

/** The day benefits start, offered alike by every rule that gives a start (latePayment.from, waitingPeriod.from and exemptFrom, the extended period's benefitFrom, newborn.afterWindow): payment_date, the payment date itself; day_after_payment, the day after; first_of_next_month, the first day of the next month (paid 2024-02-28 → 2024-02-28, 2024-02-29, 2024-03-01; paid 2024-12-31 → 2024-12-31, 2025-01-01, 2025-01-01). After waiting months the day is counted from the day the wait ends instead of the payment date. Never before January 1 of the coverage year, nor before birth. */
export type StartDay = "payment_date" | "day_after_payment" | "first_of_next_month";

/** A policy file: one region's medical-insurance rules for one coverage year. A file written on a base may leave out what its base gives (null removes a base's rule): the schema describes the whole policy, as loadPolicy returns it. Amounts and rates are decimal strings. The loader checks everything here plus what a schema cannot say (references to groups and departments, periods in order and not overlapping, fixed subsidies not above the individual contribution, floor ≤ ceiling) and reports every problem with its field path. */
export interface Policy {
  /** The schema's address, for editors. */
  $schema?: string;
  /** The format version (format-1 files are read too: their source, a string, is read as note). */
  formatVersion: 2;
  /** Stable identifier, e.g. cn-national-2025. */
  id: string;
  /** Display name. */
  name: LocalText;
  /** GB/T 2260 code of the region; absent for national rules. */
  regionCode?: string;
  /** The year benefits are enjoyed; the individual part is collected before it. */
  coverageYear: number;
  /** The id of a bundled policy this one is written on: its fields apply unless this file gives them (objects merge field by field; arrays and values replace). */
  base?: string;
  /** Where the rules come from (the notice's title and number), shown to users. */
  source?: LocalText;
  /** A note for maintainers (conventions chosen, what the notice leaves open); never shown on a page. */
  note?: string;
  /** Departments that confirm groups and budget their subsidies. */
  departments?: PolicyDepartment[];
  /** Funds that pay subsidies (医疗救助基金, 财政). */
  funds?: PolicyFund[];
  /** Targets the campaign is measured against. */
  targets?: PolicyTarget[];
  /** The county's townships and their villages (乡镇（街道）and 村（社区）), as its desks choose them when registering a person. */
  units?: PolicyUnit[];
  /** The urban-rural resident scheme (城乡居民基本医疗保险). */
  resident?: ResidentPolicy;
  /** The employee scheme (职工基本医疗保险), monthly amounts. */
  employee?: EmployeePolicy;
}

/** A department that confirms a group and budgets its subsidy (e.g. 民政局). */
export interface PolicyDepartment {
  /** Identifier used by groups. */
  id: string;
  /** Display name. */
  name: LocalText;
}

/** A fund that pays subsidies (e.g. 医疗救助基金). */
export interface PolicyFund {
  /** Identifier used by groups. */
  id: string;
  /** Display name. */
  name: LocalText;
}

/** A coverage-rate target (参保率目标), for everyone or for one group or category, optionally by a date. */
export interface PolicyTarget {
  /** "all", a group id or a category id. */
  of: string;
  /** The coverage rate to reach, percent (e.g. "97"; "100" for named groups). */
  rate: DecimalString;
  /** The deadline. */
  by?: IsoDate;
  /** How the notice says it, e.g. 不低于全省平均水平 with the average given as the rate. */
  note?: LocalText;
}

/** A township (乡镇、街道) and its villages (村、社区), names unique. */
export interface PolicyUnit {
  /** The township's name, e.g. 城关镇. */
  township: string;
  /** Its villages and communities. */
  villages: string[];
}

/** The urban-rural resident scheme (城乡居民基本医疗保险). */
export type ResidentPolicy =
  | {
      /** The amounts, as the notice states them. */
      /** Individual contribution per person per year (个人缴费); with fiscal, or neither when the notice leaves the amounts to another (then amountsFrom). */
      individual: Yuan;
      /** Fiscal subsidy per person per year (财政补助). */
      fiscal: Yuan;
      /** Where the amounts are set when this policy does not state them (以市医保部门通知为准). */
      amountsFrom?: LocalText;
      /** Assistance groups (医疗救助资助参保对象). */
      groups?: PolicyGroup[];
      /** Enrollment categories with rules of their own. */
      categories?: PolicyCategory[];
      /** A person in several groups is subsidised once, at the highest amount (not cumulative). */
      multipleGroups: "highest";
      /** Collection period(s) (集中缴费期); paid inside → benefits from January 1. National rules leave them to each place. */
      collection?: PolicyCollection;
      /** Paying after the collection period, where the 2025 waiting-period rule is not in force. Absent when the notice states no rule: a late payer's benefit start is then unknown and the answer says so. */
      latePayment?: PolicyLatePayment;
      /** The 2025 national waiting-period rule (国办发〔2024〕38号). */
      waitingPeriod?: PolicyWaitingPeriod;
      /** Newborns enrolled and paid within the window from birth are covered from birth (born the year before: from the coverage year's start unless that year is paid too). */
      newborn?: PolicyNewborn;
      /** When a payment can be refunded. */
      refund?: PolicyRefund;
      /** Continuity incentives (国办发〔2024〕38号): after continuousYearsBeforeRaise continuous years, each further continuous year and each claim-free year raise the catastrophic-illness (大病保险) annual cap; all raises together at most maxRaisePercent of the base cap; a lapse resets the count. */
      incentives?: PolicyIncentives;
    }
  | {
      /** No amounts: the notice leaves them to another (amountsFrom says which). */
      /** Where the amounts are set when this policy does not state them (以市医保部门通知为准). */
      amountsFrom?: LocalText;
      /** Assistance groups (医疗救助资助参保对象). */
      groups?: PolicyGroup[];
      /** Enrollment categories with rules of their own. */
      categories?: PolicyCategory[];
      /** A person in several groups is subsidised once, at the highest amount (not cumulative). */
      multipleGroups: "highest";
      /** Collection period(s) (集中缴费期); paid inside → benefits from January 1. National rules leave them to each place. */
      collection?: PolicyCollection;
      /** Paying after the collection period, where the 2025 waiting-period rule is not in force. Absent when the notice states no rule: a late payer's benefit start is then unknown and the answer says so. */
      latePayment?: PolicyLatePayment;
      /** The 2025 national waiting-period rule (国办发〔2024〕38号). */
      waitingPeriod?: PolicyWaitingPeriod;
      /** Newborns enrolled and paid within the window from birth are covered from birth (born the year before: from the coverage year's start unless that year is paid too). */
      newborn?: PolicyNewborn;
      /** When a payment can be refunded. */
      refund?: PolicyRefund;
      /** Continuity incentives (国办发〔2024〕38号): after continuousYearsBeforeRaise continuous years, each further continuous year and each claim-free year raise the catastrophic-illness (大病保险) annual cap; all raises together at most maxRaisePercent of the base cap; a lapse resets the count. */
      incentives?: PolicyIncentives;
    };

/** An assistance group (医疗救助资助参保对象). */
export interface PolicyGroup {
  /** Identifier, e.g. dibao. */
  id: string;
  /** Display name. */
  name: LocalText;
  /** Other names rosters use for the group (e.g. 监测对象). */
  aliases?: string[];
  /** Id of an entry of departments: who confirms the group. */
  department: string;
  /** Id of an entry of funds: who pays the subsidy. */
  fund?: string;
  /** How much of the individual contribution is paid for the person; absent when the notice states no amount. */
  subsidy?: SubsidyShape;
  /** on_behalf (代缴, the default): the person pays only the rest; refund_after_payment: the person pays in full, then applies for the subsidy (先全额缴费，再申请资助). */
  payment?: "on_behalf" | "refund_after_payment";
}

/** An enrollment category with rules of its own (students, university students, newborns). */
export interface PolicyCategory {
  /** Identifier used by persons (category). */
  id: string;
  /** What kind of person it is. */
  kind: "student" | "university_student" | "newborn" | "resident";
  /** Display name. */
  name: LocalText;
  /** Its own individual contribution; else the scheme's. */
  individual?: Yuan;
  /** Its own collection periods; else the scheme's. */
  periods?: PolicyPeriod[];
  /** Its own coverage period (e.g. 2024-09-01 to 2025-08-31 for university students): paid inside its periods → covered from its start. */
  coverage?: PolicyPeriod;
}

/** How much of the individual contribution a group's subsidy covers. */
export type SubsidyShape =
  | {
      /** The whole individual contribution (全额资助). */
      kind: "full";
    }
  | {
      /** A fixed amount (定额资助), at most the individual contribution. */
      kind: "fixed";
      /** The fixed amount. */
      amount: Yuan;
    }
  | {
      /** A percentage of the individual contribution, rounded by the named rule. */
      kind: "percent";
      /** The percentage of the individual contribution. */
      percent: DecimalString;
      /** How the percentage is rounded. */
      rounding: RoundingRule;
    }
  | {
      /** No subsidy. */
      kind: "none";
    };

/** A period, both days included. */
export interface PolicyPeriod {
  /** First day. */
  start: IsoDate;
  /** Last day. */
  end: IsoDate;
}

/** Collection period(s) (集中缴费期) and an optional extended period. */
export interface PolicyCollection {
  /** The collection periods, within the coverage year or the year before, not overlapping. */
  periods?: PolicyPeriod[];
  /** An extended collection period (延长缴费期). */
  extended?: PolicyExtendedPeriod;
}

/** An extended collection period (延长缴费期). */
export interface PolicyExtendedPeriod {
  /** First day; default: the day after the last collection period. */
  start?: IsoDate;
  /** Last day. */
  end: IsoDate;
  /** coverage_start (the default, when the notice states no separate rule): counts as the collection period; a StartDay: benefits from that day after the payment (outside the period for the 2025 rule); late_payment: as a late payment. */
  benefitFrom?: StartDay | "coverage_start" | "late_payment";
}

/** Paying after the collection period (before the 2025 waiting-period rule). */
export interface PolicyLatePayment {
  /** Waiting months after payment (0 = none); only without a waitingPeriod. */
  waitingMonths?: number;
  /** day_to_day (the default): paid 03-05 + 3 months → 06-05; whole_months: the month of payment the first, paid in January + 3 → April 1. */
  counting?: "day_to_day" | "whole_months";
  /** The day benefits start once the months are over (default payment_date: that day; with whole_months only payment_date). */
  from?: StartDay;
  /** individual (the default): the individual contribution; full_financing: the late payer pays individual + fiscal and gets no fiscal subsidy. */
  charge?: "individual" | "full_financing";
}

/** The 2025 national waiting-period rule (国办发〔2024〕38号). */
export interface PolicyWaitingPeriod {
  /** Fixed waiting months for anyone paying outside the collection period. */
  fixedMonths: number;
  /** Further months per lapsed year. */
  variableMonthsPerLapsedYear: number;
  /** Lapsed years that add no variable months. */
  lapsedYearsWithoutVariable: number;
  /** Months removed per extra past year paid. */
  repairMonthsPerExtraYear: number;
  /** Price of one extra past year: the current individual contribution, or an amount. */
  extraYearPrice: Yuan | "individual";
  /** Lapsed years from which the long-lapse minimum applies. */
  longLapseYears: number;
  /** The waiting months a long lapse keeps whatever is repaired. */
  longLapseMinMonths: number;
  /** Ids of groups exempt from waiting. */
  exemptGroups?: string[];
  /** When an exempt member paying outside the period starts (default payment_date). */
  exemptFrom?: StartDay;
  /** How the waiting months are counted (default day_to_day). */
  counting?: "day_to_day" | "whole_months";
  /** The day benefits start once the months are over (default payment_date). */
  from?: StartDay;
}

/** Newborns enrolled and paid within the window from birth (counted across the year end) are covered from birth; born the year before, from the coverage year's start, or from birth when the earlier year is paid too. Never before birth. */
export type PolicyNewborn =
  | {
      /** A window in months. */
      /** The window in months from birth. */
      windowMonths: number;
      /** When benefits start when paid after the window: a StartDay after the payment; general_rules: as any other late enrollee. month_after_payment, the older name of first_of_next_month, is read too. */
      afterWindow: StartDay | "general_rules" | "month_after_payment";
    }
  | {
      /** A window in days. */
      /** The window in days from birth. */
      windowDays: number;
      /** When benefits start when paid after the window: a StartDay after the payment; general_rules: as any other late enrollee. month_after_payment, the older name of first_of_next_month, is read too. */
      afterWindow: StartDay | "general_rules" | "month_after_payment";
    };

/** When a payment can be refunded (退费). */
export interface PolicyRefund {
  /** The reasons that allow a refund. */
  reasons: ("paid_twice" | "employee_scheme" | "other_area" | "deceased" | "military" | "emigrated")[];
  /** Whether a refund is possible once benefits have started. */
  afterBenefitStart: boolean;
}

/** Continuity incentives of the catastrophic-illness insurance cap (2025 national rule). */
export interface PolicyIncentives {
  /** The place's annual cap before raises; absent in national rules (then CapInput.baseCap). */
  baseCap?: Yuan;
  /** Continuous years that give no raise. */
  continuousYearsBeforeRaise: number;
  /** Raise per further continuous year. */
  raisePerContinuousYear: Yuan;
  /** Raise per year without claims. */
  raisePerClaimFreeYear: Yuan;
  /** All raises together at most this percentage of the base cap. */
  maxRaisePercent: DecimalString;
}

/** The employee scheme (职工基本医疗保险), monthly amounts. */
export interface EmployeePolicy {
  /** Monthly base band: as amounts, or as percentages (e.g. 60 and 300) of an average wage. */
  base: PolicyBaseBand;
  /** The employer's rate. */
  employerRate: DecimalString;
  /** The employee's rate. */
  employeeRate: DecimalString;
  /** Top-up for large bills (大额医疗补助), a component of its own. */
  topUpRate?: DecimalString;
  /** Flexible workers' rate (灵活就业人员); absent if they may not join. */
  flexibleRate?: DecimalString;
  /** Flexible workers' top-up rate. */
  flexibleTopUpRate?: DecimalString;
  /** How each monthly component is rounded. */
  rounding: RoundingRule;
}

/** The monthly contribution base band. */
export type PolicyBaseBand =
  | {
      /** The limits as amounts. */
      /** The lowest monthly base. */
      floor: Yuan;
      /** The highest monthly base. */
      ceiling: Yuan;
    }
  | {
      /** The limits as percentages of an average wage. */
      /** The average monthly wage the band is set from. */
      averageWage: Yuan;
      /** The floor as a percentage of the average wage (e.g. 60). */
      floorPercent: DecimalString;
      /** The ceiling as a percentage of the average wage (e.g. 300). */
      ceilingPercent: DecimalString;
      /** How the limits computed from the average wage are rounded. */
      rounding: RoundingRule;
    };
