// Generated from src/policy/format.rs by `make schema`; do not edit.

/** A policy file: one region's medical-insurance rules for one coverage year. Amounts and rates are decimal strings. The loader checks everything here plus what a schema cannot say (references to groups and departments, periods in order and not overlapping, fixed subsidies not above the individual contribution, floor ≤ ceiling) and reports every problem with its field path. */
export interface Policy {
  /** The schema's address, for editors. */
  $schema?: string;
  /** The format version. */
  formatVersion: 1;
  /** Stable identifier, e.g. cn-national-2025. */
  id: string;
  /** Display name. */
  name: LocalText;
  /** GB/T 2260 code of the region; absent for national rules. */
  regionCode?: string;
  /** The year benefits are enjoyed; the individual part is collected before it. */
  coverageYear: number;
  /** Where the numbers come from (notice numbers, links). */
  source?: string;
  /** Departments that confirm groups and budget their subsidies. */
  departments?: PolicyDepartment[];
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

/** The urban-rural resident scheme (城乡居民基本医疗保险). */
export interface ResidentPolicy {
  /** Individual contribution per person per year (个人缴费). */
  individual: Yuan;
  /** Fiscal subsidy per person per year (财政补助). */
  fiscal: Yuan;
  /** Assistance groups (医疗救助资助参保对象). */
  groups?: PolicyGroup[];
  /** A person in several groups is subsidised once, at the highest amount (not cumulative). */
  multipleGroups: "highest";
  /** Collection period(s) (集中缴费期); paid inside → benefits from January 1. National rules leave them to each place. */
  collection?: PolicyCollection;
  /** Paying after the collection period. Required with collection periods when there is no waitingPeriod; waitingMonths only without a waitingPeriod. */
  latePayment?: PolicyLatePayment;
  /** The 2025 national waiting-period rule (国办发〔2024〕38号). */
  waitingPeriod?: PolicyWaitingPeriod;
  /** Newborns (born in the coverage year) enrolled and paid within the window are covered from birth. */
  newborn?: PolicyNewborn;
  /** When a payment can be refunded. */
  refund?: PolicyRefund;
  /** Continuity incentives (国办发〔2024〕38号): after continuousYearsBeforeRaise continuous years, each further continuous year and each claim-free year raise the catastrophic-illness (大病保险) annual cap; all raises together at most maxRaisePercent of the base cap; a lapse resets the count. */
  incentives?: PolicyIncentives;
}

/** An assistance group (医疗救助资助参保对象). */
export interface PolicyGroup {
  /** Identifier, e.g. dibao. */
  id: string;
  /** Display name. */
  name: LocalText;
  /** Id of an entry of departments. */
  department: string;
  /** How much of the individual contribution is paid for the person. */
  subsidy: SubsidyShape;
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
  periods: PolicyPeriod[];
  /** An extended collection period (延长缴费期). */
  extended?: PolicyExtendedPeriod;
}

/** An extended collection period (延长缴费期). */
export interface PolicyExtendedPeriod {
  /** First day. */
  start: IsoDate;
  /** Last day. */
  end: IsoDate;
  /** coverage_start: counts as the collection period; payment_date: benefits from the payment date (outside the period for the 2025 rule). */
  benefitFrom: "coverage_start" | "payment_date";
}

/** Paying after the collection period (before the 2025 waiting-period rule). */
export interface PolicyLatePayment {
  /** Months after payment before benefits start (0 = from the payment date); only without a waitingPeriod. */
  waitingMonths?: number;
  /** full_financing: the late payer pays individual + fiscal and gets no fiscal subsidy. */
  charge: "individual" | "full_financing";
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
}

/** Newborns (born in the coverage year) enrolled and paid within the window are covered from birth. */
export type PolicyNewborn =
  | {
      /** A window in months. */
      /** The window in months from birth. */
      windowMonths: number;
      /** When benefits start when paid after the window. */
      afterWindow: "month_after_payment" | "payment_date" | "general_rules";
    }
  | {
      /** A window in days. */
      /** The window in days from birth. */
      windowDays: number;
      /** When benefits start when paid after the window. */
      afterWindow: "month_after_payment" | "payment_date" | "general_rules";
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
