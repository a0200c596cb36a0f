//! Exact TypeScript types of the JavaScript API (checked by compiling tests/ts/ with tsc).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const COMMON: &'static str = r#"
/** Message language: Simplified Chinese by default. */
export interface MessageOptions {
  lang?: "zh" | "zh-CN" | "en";
}

/** Stable error codes (snake_case); `message` carries the zh-CN or en text. */
export type ErrorCode =
  | "empty" | "scientific_notation" | "invalid_character" | "wrong_length" | "checksum_mismatch"
  | "invalid_date" | "birth_in_future" | "birth_too_old" | "region_unknown" | "region_not_in_birth_year"
  | "uscc_invalid_department" | "uscc_invalid_org_type" | "uscc_org_code_checksum"
  | "phone_invalid_prefix" | "foreign_invalid_nationality" | "kind_not_allowed" | "region_statistical"
  | "foreign_invalid_province" | "phone_unallocated";

/**
 * An enrollment form as typed. The first four fields are on every form (missing counts as
 * empty); each other field is checked when the form has it (empty then means not filled in).
 * Codes: `enrollment-codes.json` (docTypes, ethnicGroups, hukou, categories, relations).
 */
export interface EnrollmentForm {
  name?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
  /** 证件类型: "resident" | "permit" | "foreign" | "newborn" (no number: birth certificate and guardian). */
  docType?: string;
  /** 民族: a GB/T 3304 code ("01" 汉族 … "56" 基诺族, "97", "98"). */
  ethnicity?: string;
  /** 户籍性质: "agricultural" | "non_agricultural" | "resident". */
  hukou?: string;
  /** 乡镇（街道）, from the policy's units. */
  township?: string;
  /** 村（社区）, from the policy's units. */
  village?: string;
  /** 参保类别: "resident" | "student" | "university_student" | "newborn". */
  category?: string;
  /** 缴费年度, e.g. "2027". */
  year?: string | number;
  /** 与户主关系: a GB/T 4761-2008 code ("02" 户主, "10" 配偶, "20" 子 …). */
  relation?: string;
  /** 户主姓名 (unless the person is the householder). */
  householder?: string;
  /** A newborn's date of birth, YYYY-MM-DD (otherwise derived from the number). */
  birthDate?: string;
  /** A newborn's sex (otherwise derived from the number). */
  sex?: "male" | "female" | "";
  /** A newborn's 出生医学证明 number: one letter and nine digits. */
  birthCertificate?: string;
  /** A newborn's guardian. */
  guardianName?: string;
  /** A newborn's guardian's identity number. */
  guardianId?: string;
  /** The policy's assistance group ids (人员类别 / 资助身份): priced by enrollmentQuote and the export, not checked here. */
  groups?: readonly string[];
}

/** A person of a desk's list (enrollmentCsv): the form, the receipt's number, the registration's day and time, and what dates the benefits. */
export interface EnrollmentRecord extends EnrollmentForm {
  /** The registration number on the receipt (序号); else the place in the list. */
  no?: number;
  /** The day of registration, YYYY-MM-DD: the payment date its amounts assume (else registeredAt's day). */
  registeredOn?: string;
  /** The registration's local time, YYYY-MM-DDTHH:MM (登记时间). */
  registeredAt?: string;
  /** Consecutive years not insured just before (断保年数), a whole number ≥ 0; 0 when absent. */
  lapsedYears?: number;
  /** Whether the payment was inside the collection period, as the clerk chose it (缴费时间; for a policy that sets none). */
  inCollectionPeriod?: boolean;
}
"#;

#[cfg(feature = "ids")]
#[wasm_bindgen(typescript_custom_section)]
const ID_TYPES: &'static str = r#"
/** Kinds of personal identity number. */
export type IdKind = "resident18" | "resident15" | "permit_hk" | "permit_mo" | "permit_tw" | "foreign_2017" | "foreign_2023";

/** One problem; `at` is the 0-based position of the offending character in the input, if any. */
export interface ValidationError {
  code: ErrorCode;
  message: string;
  at: number | null;
}


export interface IdOptions extends MessageOptions {
  /** Birth dates after this are errors; ages are computed on it. Default: today (local). */
  referenceDate?: string;
  /** How region codes are checked: 'strict' (the code existed in the year of birth),
   * 'known' (the default: an administrative division of some year), or 'lenient' (as 'known',
   * but a code unknown to the data in a known mainland province is a warning, not an error:
   * for desks that must never turn a real person away). */
  regionCheck?: "strict" | "known" | "lenient";
  /** The earlier spelling of regionCheck: 'strict'. Default: false. */
  strictRegion?: boolean;
  /** Require this length after cleaning (e.g. 18, so a half-typed number is not a 15-digit one). */
  length?: 15 | 18;
  /** Accept only these kinds. */
  kinds?: readonly IdKind[];
}

export interface IdBatchOptions extends IdOptions {
  /** Also return each row's cleaned text. Default: false. */
  normalized?: boolean;
}

/** GB/T 2260 region, names as of the birth year. Reference data: `validateId` gives it
 * frozen, and numbers of one county and span of years its names held share one object
 * (text the per-value path does not take, such as a very long value, gets a frozen copy);
 * copy it (`{ ...region }`) to change it. */
export interface Region {
  readonly code: string;
  readonly province: string | null;
  readonly prefecture: string | null;
  readonly county: string | null;
  /** The code is no longer in use (the number stays valid). */
  readonly abolished: boolean;
}

export type IdResult =
  | {
      ok: true;
      kind: IdKind;
      normalized: string;
      region: Region | null;
      /** YYYY-MM-DD */
      birthDate: string;
      sex: "male" | "female" | null;
      age: number;
      errors: [];
      /** With regionCheck 'lenient': a region code unknown to the data, in a known province
       * (`region_unknown` / `region_statistical`); the region then names the province only. */
      warnings: ValidationError[];
    }
  | {
      ok: false;
      kind: IdKind | null;
      normalized: string | null;
      region: null;
      birthDate: null;
      sex: null;
      age: null;
      errors: ValidationError[];
      warnings: [];
    };

export type UpgradeResult =
  | { ok: true; normalized: string; errors: [] }
  | { ok: false; normalized: null; errors: ValidationError[] };

export type PhoneResult = UpgradeResult;


/** Codes of an enrollment form's problems: the identity and phone codes, and the form's own. */
export type EnrollmentProblemCode = ErrorCode | "name_has_digits" | "name_too_long" | "address_incomplete" | "id_needs_18"
  | "not_in_list" | "doc_type_mismatch" | "birth_certificate_format" | "birth_date_invalid" | "birth_date_future"
  | "relation_sex" | "newborn_category" | "year_invalid";

/** One field's problem; `suggestion` offers a value (the 18-digit form of a legacy number). */
export interface EnrollmentProblem {
  field: "name" | "idNumber" | "phone" | "address" | "docType" | "ethnicity" | "hukou" | "township" | "village"
    | "category" | "year" | "relation" | "householder" | "birthDate" | "sex" | "birthCertificate" | "guardianName" | "guardianId";
  code: EnrollmentProblemCode;
  message: string;
  suggestion: string | null;
}

/** An enrollment form checked with the library's rules (checkEnrollment). */
export interface EnrollmentCheck {
  ok: boolean;
  problems: EnrollmentProblem[];
  /** The identity number's verdict (a newborn without one: the guardian's). */
  id: IdResult;
  phone: PhoneResult;
  /** The person's birth date and sex: from the number, or as typed for a newborn; null until valid. */
  birthDate: string | null;
  sex: "male" | "female" | null;
}

export type UsccResult =
  | { ok: true; normalized: string; department: string; orgType: string; regionCode: string; orgCode: string; errors: [] }
  | { ok: false; normalized: null; department: null; orgType: null; regionCode: null; orgCode: null; errors: ValidationError[] };

/** Columnar results of validateIds: index i describes row i. */
export interface IdBatchResult {
  length: number;
  /** Number of valid rows. */
  valid: number;
  /** Index into kindNames (0 = shape matched no kind). */
  kind: Uint8Array;
  /** Index into errorCodes / errorMessages of the row's first problem (0 = valid). */
  error: Uint8Array;
  /** Position of the offending character, 65535 = none. */
  at: Uint16Array;
  /** Birth date as the number YYYYMMDD for valid rows, else 0. */
  birth: Uint32Array;
  /** 1 = male, 2 = female, 0 = unknown or invalid. */
  sex: Uint8Array;
  kindNames: readonly (IdKind | null)[];
  errorCodes: readonly (ErrorCode | null)[];
  errorMessages: readonly (string | null)[];
  /** Cleaned text per row (empty string when it could not be cleaned); only with { normalized: true }. */
  normalized?: string[];
  /** Index into errorCodes of the row's warning (0 = none); only with { regionCheck: 'lenient' }. */
  warning?: Uint8Array;
}

export interface ErrorCatalogEntry {
  code: ErrorCode;
  zh: string;
  en: string;
}
"#;

#[cfg(feature = "calc")]
#[wasm_bindgen(typescript_custom_section)]
const POLICY_TYPES: &'static str = include_str!("../../schema/policy.d.ts");

#[cfg(feature = "calc")]
#[wasm_bindgen(typescript_custom_section)]
const CALC_TYPES: &'static str = r#"
/** A decimal amount in yuan as a string, e.g. "266.00" (never a binary float). */
export type Yuan = string;
/** A decimal as a string, e.g. "5.5" (a percentage) or "380.00". */
export type DecimalString = string;
/** A date "YYYY-MM-DD". */
export type IsoDate = string;

/** A name in both languages. */
export interface LocalText { zh: string; en: string; }

/** Named rounding rules: <mode>_<unit>. */
export type RoundingRule =
  | "half_up_fen" | "half_up_jiao" | "half_up_yuan"
  | "half_even_fen" | "half_even_jiao" | "half_even_yuan"
  | "down_fen" | "down_jiao" | "down_yuan"
  | "up_fen" | "up_jiao" | "up_yuan";

export type RefundReason = "paid_twice" | "employee_scheme" | "other_area" | "deceased" | "military" | "emigrated";

export type ProblemCode =
  | "json_syntax" | "missing_field" | "unknown_field" | "wrong_type" | "invalid_value" | "invalid_amount"
  | "negative_amount" | "invalid_date" | "period_order" | "unknown_group" | "unknown_department"
  | "duplicate_id" | "unsupported_version" | "missing_section" | "inconsistent";

/** One problem in a policy or an input, with the field path (e.g. "resident.groups[2].subsidy.amount"). */
export interface Problem { path: string; code: ProblemCode; message: string; }

/** What loadPolicy and the calculations throw for a bad policy or input. */
export interface CanbaoError extends Error {
  code: "invalid_policy" | "invalid_input" | "invalid_option";
  problems?: Problem[];
}

/** One rule applied, with its numbers. */
export interface TraceStep { rule: string; message: string; values: Record<string, string>; }

export interface PersonInput {
  /** Assistance group ids held. */
  groups?: readonly string[];
  /** Matters where late payers are charged the full financing amount. */
  paymentDate?: IsoDate;
  /** An enrollment category of the policy (its own amount). */
  category?: string;
}

export interface ResidentContribution {
  payable: Yuan;
  subsidy: Yuan;
  fiscal: Yuan;
  individual: Yuan;
  appliedGroup: string | null;
  department: string | null;
  /** Each group held with the subsidy it alone would give. */
  groups: { id: string; subsidy: Yuan }[];
  fullFinancing: boolean;
  /** What the person pays at the desk: payable, or the whole charge when the subsidy is paid back after payment. */
  payNow: Yuan;
  /** The subsidy paid back after payment (先全额缴费，再申请资助); "0.00" when paid on the person's behalf. */
  refundLater: Yuan;
  trace: TraceStep[];
}

export interface ContributionTotals { people: number; individual: Yuan; subsidy: Yuan; payable: Yuan; fiscal: Yuan; }

export interface HouseholdContribution {
  members: ResidentContribution[];
  totals: ContributionTotals;
  payable: Yuan;
  subsidy: Yuan;
  trace: TraceStep[];
}

export interface EnrollmentInput {
  coverageYear: number;
  paymentDate: IsoDate;
  birthDate?: IsoDate;
  /** Consecutive years not insured just before (default 0). */
  lapsedYears?: number;
  /** Extra past years paid to repair the lapse (default 0). */
  extraYearsPaid?: number;
  groups?: readonly string[];
  /** Only for policies without collection periods (national presets). */
  inCollectionPeriod?: boolean;
  /** An enrollment category of the policy (its own periods and coverage). */
  category?: string;
  /** A baby born the year before: that year is paid too (then covered from birth). Default false. */
  previousYearPaid?: boolean;
}

export interface BenefitStartResult {
  /** null when the policy states no rule for this case (a late payment without a late-payment rule): the trace says so. */
  benefitStart: IsoDate | null;
  fixedMonths: number;
  variableMonths: number;
  coveredFromBirth: boolean;
  timing: "in_period" | "extended" | "late";
  withinCoverageYear: boolean;
  /** Paying more past years: one option per additional year that shortens the wait. */
  shorten: { extraYearsPaid: number; variableMonths: number; benefitStart: IsoDate; cost: Yuan }[];
  trace: TraceStep[];
}

/** A person registering at a desk (enrollmentQuote). */
export interface QuoteInput {
    /** The form's 参保类别 (a kind); the policy's first category of that kind applies. */
    category?: "resident" | "student" | "university_student" | "newborn";
    groups?: readonly string[];
    birthDate?: IsoDate;
    paymentDate: IsoDate;
    /** Consecutive years not insured just before (default 0). */
    lapsedYears?: number;
    /** Only for policies without collection periods (national presets). */
    inCollectionPeriod?: boolean;
}

/** What the person pays and when benefits start, for the policy's coverage year. */
export interface EnrollmentQuote {
    coverageYear: number;
    /** The policy's category applied, if any. */
    category: string | null;
    categoryName: string | null;
    contribution: ResidentContribution;
    benefit: BenefitStartResult;
}

export interface WageInput { wage: Yuan; kind?: "employee" | "flexible"; }

export interface EmployeeContributionResult {
  kind: "employee" | "flexible";
  base: Yuan;
  clamp: "floor" | "within" | "ceiling";
  employer: Yuan;
  employee: Yuan;
  topUp: Yuan;
  monthly: Yuan;
  yearly: Yuan;
  trace: TraceStep[];
}

export interface RefundInput {
  paymentDate: IsoDate;
  requestDate: IsoDate;
  reason: RefundReason;
  /** When benefits start for this payment; by default, as benefitStart gives it for a continuously insured person paying on paymentDate, or, where the policy cannot tell, the later of January 1 and paymentDate (the trace says which). */
  benefitStart?: IsoDate;
}

export interface RefundResult {
  eligible: boolean;
  outcome: "eligible" | "benefit_started" | "reason_not_accepted";
  benefitStart: IsoDate;
  trace: TraceStep[];
}

export interface CapInput {
  /** Continuous years insured, including this one, since the last lapse. */
  continuousYears: number;
  /** Of those, years without a catastrophic-illness claim (default 0). */
  claimFreeYears?: number;
  /** Only when the policy sets no base cap. */
  baseCap?: Yuan;
}

export interface CatastrophicCapResult {
  baseCap: Yuan;
  continuityRaise: Yuan;
  claimFreeRaise: Yuan;
  /** The raise applied: the sum, limited to maxRaisePercent of the base cap. */
  raise: Yuan;
  limited: boolean;
  cap: Yuan;
  trace: TraceStep[];
}

export interface DepartmentBudget {
  departments: { department: string; name: string; people: number; subsidy: Yuan }[];
  unsubsidised: number;
  totals: ContributionTotals;
  trace: TraceStep[];
}

export interface CoverageInputRow {
  unit: string;
  /** Whole numbers; digit strings such as "1,200" are accepted. */
  registered: number | string;
  insuredLocal: number | string;
  insuredElsewhere: number | string;
}

export interface CoverageOptions extends MessageOptions {
  order?: "desc" | "asc";
  /** Also return the table as CSV text (`csv`), written so that no cell can run as a formula. */
  csv?: boolean;
}

export interface CoverageRow {
  unit: string;
  registered: number;
  insuredLocal: number;
  insuredElsewhere: number;
  insured: number;
  /** Percent with two decimals, rounded half up, e.g. "96.42". */
  coverageRate: string;
  unenrolled: number;
  unenrolledRate: string;
}

export interface CoverageTable {
  rows: (CoverageRow & { rank: number })[];
  total: CoverageRow;
  trace: TraceStep[];
  /** With `csv: true`: the table as CSV (no byte-order mark), headers in the chosen language. */
  csv?: string;
}
"#;

#[cfg(feature = "tokens")]
#[wasm_bindgen(typescript_custom_section)]
const TOKEN_TYPES: &'static str = r#"
/** How tokens are made. 'sha256-insecure' is unkeyed (brute-forced in seconds) and needs { insecure: true }. */
export type TokenScheme = "hmac-sha256" | "hmac-sm3" | "sha256-insecure";
/** Fields that can be tokenized. */
export type TokenField = "id" | "name" | "birthDate" | "phone";
/** A token: lower-case hexadecimal, 32 digits (128 bits) or 64 (256 bits). */
export type Token = string;

export interface TokenOptions extends MessageOptions {
  /** Bits kept of each token (default 128). */
  bits?: 128 | 256;
  /** Required to use 'sha256-insecure'. */
  insecure?: boolean;
  /** Birth dates after this are invalid IDs (default: today). */
  referenceDate?: string;
  /** Row references, one per row (default: 1-based row numbers). Never personal data. */
  refs?: readonly string[];
}

export interface CompareOptions extends MessageOptions {
  /** Also match name + birth date where the ID tokens do not match. */
  nameBirthDate?: boolean;
  /** Also return the findings as CSV text: a header in `lang`, then category (in `lang`), the row references in A and B, the detail, the category's code, then the joined cells. */
  csv?: boolean;
  /** Cells of A's own roster (e.g. name, township, village) to add to the CSV's findings by A's row reference: `{ headers, rows: { [ref]: cells } }`. Stays in the page. */
  joinA?: FindingsJoin;
  /** The same for B. */
  joinB?: FindingsJoin;
}

export interface FindingsJoin {
  headers: string[];
  rows: Record<string, string[]>;
}

export interface TokenFileHeader {
  version: 1;
  scheme: TokenScheme;
  fields: TokenField[];
  /** Key fingerprint, e.g. "1a2b-3c4d-5e6f-7a8b" ("unkeyed" for the insecure scheme). */
  fingerprint: string;
  bits: 128 | 256;
  rows: number;
  created: string;
}

export type TokenRow = { ref: string } & Partial<Record<TokenField, Token | null>>;

export interface TokenProblem {
  field: TokenField;
  code: ErrorCode | "name_empty" | "invalid_date";
  message: string;
}

export interface TokenizeResult {
  header: TokenFileHeader;
  /** One per input row, in order; a field that could not be tokenized is null, with its error. */
  rows: (TokenRow & { errors: TokenProblem[] })[];
  /** Rows with a token for every field. */
  complete: number;
}

export interface TokenFileContents {
  header: TokenFileHeader;
  rows: TokenRow[];
}

export interface IdTokenBatch {
  length: number;
  bytesPerToken: 16 | 32;
  /** length × bytesPerToken bytes; zero for rows with an error. */
  tokens: Uint8Array;
  /** Index into errorCodes / errorMessages (0 = tokenized). */
  error: Uint8Array;
  errorCodes: readonly (ErrorCode | null)[];
  errorMessages: readonly (string | null)[];
  fingerprint: string;
}

export interface Comparison {
  header: TokenFileHeader;
  counts: {
    rowsA: number; rowsB: number;
    /** A rows with a match in B. */
    inBoth: number;
    /** B rows with a match in A. */
    matchedB: number;
    onlyA: number; onlyB: number;
    duplicateGroupsA: number; duplicateGroupsB: number;
    unusableA: number; unusableB: number;
    byRule: { id: number; name_birth_date: number };
  };
  /** Each matched A row with the first matching B row, and the rule that matched. */
  inBoth: { refA: string; refB: string; rule: "id" | "name_birth_date" }[];
  onlyA: string[];
  onlyB: string[];
  /** Groups of rows with the same ID token within one file. */
  duplicatesA: string[][];
  duplicatesB: string[][];
  /** Rows with no usable token (missing or invalid values). */
  unusableA: string[];
  unusableB: string[];
  csv?: string;
}

export type CanonicalResult =
  | { ok: true; canonical: string; error: null }
  | { ok: false; canonical: null; error: { code: string; message: string } };
"#;

#[cfg(feature = "roster")]
#[wasm_bindgen(typescript_custom_section)]
const ROSTER_TYPES: &'static str = r#"
/** What a roster column holds. */
export type RosterRole = "name" | "id" | "phone" | "group" | "township" | "village" | "status" | "birthDate" | "exclusion" | "birthCertificate" | "guardianId";

export interface RosterOptions extends MessageOptions {
  /** Sheet of a workbook (default: the first). */
  sheet?: string;
  /** Encoding of a CSV file (default: detected). */
  encoding?: "utf-8" | "gbk";
  /** The header's row number, from 1 (default: detected). */
  headerRow?: number;
  /** Column index (from 0) of each role, or null for none (default: detected from the header). */
  mapping?: Partial<Record<RosterRole, number | null>>;
  /** Compute subsidies and payable amounts under this policy (see canbao/calc). */
  policy?: object | string;
  /** Add an ID token column with this campaign secret (see canbao/tokens). */
  secret?: string;
  scheme?: "hmac-sha256" | "hmac-sm3";
  /** Birth dates after this are invalid (default: today). */
  referenceDate?: string;
}

/** Why a roster could not be read or written. */
export type RosterErrorCode =
  | "bad_encoding" | "header_row_beyond_end" | "no_header" | "no_id_column" | "no_such_sheet"
  | "no_status_column" | "not_a_ledger" | "not_as_built" | "ledger_sheet_unreadable" | "ledger_index_changed" | "too_large" | "too_large_for_xlsx" | "unreadable_workbook" | "unterminated_quote"
  | "unbalanced_quote" | "write_failed";

/** A campaign secret that cannot be used. */
export type SecretErrorCode = "secret_format" | "secret_too_short" | "secret_checksum" | "secret_weak";

/** What RosterJob, readTable and finish throw: an Error with one of these codes. */
export interface RosterError extends Error {
  code: RosterErrorCode | SecretErrorCode | "invalid_policy" | "invalid_option";
}

/** A row's problem codes of the roster's own (besides the identity-number codes). */
export type RosterRowCode =
  | "empty_row" | "name_missing" | "unknown_group" | "subsidy_not_stated" | "number_cell"
  | "trailing_decimal" | "duplicate_in_file" | "same_id_different_name"
  | "status_not_understood" | "control_character" | "birth_certificate_format";

export interface RosterInfo {
  format: "csv" | "xlsx" | "xls";
  sheets: string[];
  sheet: string | null;
  encoding: "utf-8" | "gb18030" | null;
  delimiter: "comma" | "semicolon" | "tab" | null;
  /** The header's row number, from 1. */
  headerRow: number;
  /** Every column's header text. */
  headers: string[];
  mapping: Record<RosterRole, number | null>;
  /** Data rows. */
  total: number;
}

/** A table read by `readTable`: the data rows below the header, as text. */
export interface TableContents {
  /** The header's row number, from 1. */
  headerRow: number;
  headers: string[];
  mapping: Record<RosterRole, number | null>;
  /** Each data row's cells as text (every row as wide as the widest). */
  rows: string[][];
  /** Each row's spreadsheet row number (from 1), as text: use them as token-file references. */
  rowNumbers: string[];
  /** Rows below the header with no value at all, left out of `rows`. */
  blankRows: number;
  sheet: string | null;
}

/** A unit's line of a roster summary. */
export interface RosterUnit {
  township: string;
  village: string;
  unit: string;
  /** Rows, not empty. */
  rows: number;
  /** People: rows without an error, each person once (the base of insured, elsewhere and excluded). */
  people: number;
  errors: number;
  warnings: number;
  insured: number;
  insuredElsewhere: number;
  excluded: number;
}

/** A coverage table of a roster summary, rows sorted by rate. */
export interface RosterCoverage {
  rows: { unit: string; registered: number; insured: number; insuredElsewhere: number; coverageRate: string }[];
  coverageRate: string;
}

export interface RosterSummary {
  rows: number;
  byStatus: { ok: number; warning: number; error: number };
  /** Rows per problem, with a short label in the chosen language. */
  byCode: { code: ErrorCode | RosterRowCode; label: string; count: number }[];
  /** People per applied group and their subsidies, over the budget's people (a person once, no error, neither excluded nor insured elsewhere): the groups add up to budget.subsidy. */
  byGroup: { group: string; name: string; rows: number; subsidy: string }[];
  /** Per village of each township (first appearance order); `unit` keeps same-named villages apart ("城关镇 · 东村", "城关镇 · —" without a village). */
  byUnit: RosterUnit[];
  /** Township subtotals. */
  byTownship: RosterUnit[];
  /** The county's total. */
  total: RosterUnit;
  /** Excluded people (out of the denominator) per reason. */
  excludedByReason: Record<"military" | "emigrated" | "imprisoned" | "moved_out" | "deceased" | "missing", number>;
  /** Over the rows that count: a person once, with no error (see excluded). */
  budget: { departments: { department: string; name: string; people: number; subsidy: string }[]; people: number; subsidy: string; payable: string } | null;
  /** Rows that do not count as a person: with an error; later copies of a person counted once. Out of the budget only (still people): rows whose subsidy the policy does not state, and people excluded or insured elsewhere. */
  excluded: { invalid: number; duplicates: number; notStated: number; outOfScheme: number };
  /** Coverage by village, from the status and exclusion columns: registered excludes the excluded; insured includes insured elsewhere. */
  coverage: RosterCoverage | null;
  /** Coverage by township. */
  coverageTownships: RosterCoverage | null;
}

export interface RosterResult {
  /** The annotated workbook (or CSV). */
  file: Uint8Array;
  /** The rows with a problem alone, as CSV (UTF-8 with a BOM), each led by its row number in the original sheet. */
  problemsFile: Uint8Array;
  summary: RosterSummary;
  /**
   * The first 1000 rows with a problem: spreadsheet row number (from 1), status, codes,
   * message, the row's original cells as text, and the indexes of the cells at fault.
   */
  problems: { row: number; status: "warning" | "error"; codes: (ErrorCode | RosterRowCode)[]; message: string; cells: string[]; columns: number[] }[];
  tokens: boolean;
}

/** Which ledger: `stock` (存量库, the base is last year's enrollment) or `increment` (增量库, the base is the household registry). */
export type LedgerKind = "stock" | "increment";

/** A phase of a long job and how far it is: rows checked of a list (`base`, `current`, `now`, `previous`), or the file being written (`write`). `total` is 0 while a file is being read. */
export interface CampaignProgress {
  phase: "base" | "current" | "now" | "previous" | "write";
  done: number;
  total: number;
}

export interface LedgerOptions {
  kind: LedgerKind;
  /** Used to recognize the groups (their aliases) when the lists are checked. */
  policy?: string | object;
  /** The day ages are computed on (default: today). */
  referenceDate?: string;
  lang?: string;
  onProgress?: (p: CampaignProgress) => void;
}

/** Where every non-empty row of the base list went (enrolled + ledger + unmatched + duplicates = baseRows), and what this year's list holds. */
export interface LedgerCounts {
  baseRows: number;
  baseEmpty: number;
  /** Base people found in this year's enrollment (an ID in both lists; with a status column, a status that says insured). */
  enrolled: number;
  /** Base people in the ledger. */
  ledger: number;
  /** Base rows without a valid ID, listed on their own sheet. */
  unmatched: number;
  /** Later copies of a base person, listed once. */
  duplicates: number;
  currentPeople: number;
  currentUnmatched: number;
  /** People enrolled this year who are not in the base list. */
  newPeople: number;
}

export interface LedgerResult {
  /** The workbook: 说明 (counts, villages), one sheet per village for village staff to fill in, 无法比对. */
  file: Uint8Array;
  kind: LedgerKind;
  /** The ledger's name in the chosen language. */
  title: string;
  counts: LedgerCounts;
  villages: { township: string; village: string; people: number; sheet: string }[];
  /** Cells of the base list with control characters, replaced by U+FFFD in the workbook: the row in the base list and the ledger column (its Chinese header). */
  replaced: { row: number; column: string }[];
}

export interface ProgressOptions {
  /** Its targets (overall and per group), groups and departments are used. */
  policy?: string | object;
  /** The ledger as built (the workbook `buildLedger` returned, kept by the county, not filled in): `now` is read against it, so that the people, their villages and the already-enrolled counts come from it and only the villages' answers from `now`. Without it a ledger's report is unverified. */
  ledger?: Uint8Array | null;
  referenceDate?: string;
  lang?: string;
  onProgress?: (p: CampaignProgress) => void;
}

/** What a ledger read back can say that differs from the ledger as built. */
export type LedgerFindingCode =
  | "person_missing" | "person_added" | "id_changed" | "row_key_changed" | "person_moved"
  | "person_repeated" | "conflicting_answers" | "villages_table_changed" | "village_unknown"
  | "sheet_ignored" | "people_short" | "excluded" | "sheet_unreadable" | "groups_table_changed";

/** One unit's progress. Rates are percentages with two decimals ("96.42"), rounded half up; `change` is in percentage points with a sign. */
export interface ProgressLine {
  township: string;
  village: string;
  /** "城关镇 · 东村", "城关镇", or "—". */
  unit: string;
  /** Each ID once; rows with an error are not counted. */
  people: number;
  excluded: number;
  /** To enroll: people less the excluded. */
  registered: number;
  insured: number;
  insuredElsewhere: number;
  uncovered: number;
  /** (insured + insuredElsewhere) / registered; null when nobody is to enroll. */
  rate: string | null;
  previousRate: string | null;
  change: string | null;
  /** Covered now less covered in the previous list. */
  gained: number | null;
  /** The policy's overall target, percent. */
  target: string | null;
  /** The fewest more people to cover for the rate to reach the target. */
  gap: number | null;
  /** By rate among the lines of its level, ties sharing a rank; 0 when there is no rate. */
  rank: number;
}

export interface ProgressReport {
  /** Villages, by rank. */
  villages: ProgressLine[];
  /** Townships, by rank. */
  townships: ProgressLine[];
  total: ProgressLine;
  /** The policy's group targets first, then the other groups in the list: everyone of each group, from a ledger those already enrolled when it was built included (unless `groupsLedgerOnly`). */
  groups: { group: string; name: string; people: number; registered: number; covered: number; rate: string | null; previousRate: string | null; target: string | null; gap: number | null }[];
  /** Subsidies by department over the people in the budget (not the excluded or those insured elsewhere); paid where the list has a status column. */
  payments: { department: string; name: string; people: number; due: string; paidPeople: number | null; paid: string | null; outstanding: string | null }[];
  hasPrevious: boolean;
  /** A ledger built without a policy: `groups` and `payments` count only the people in the ledger, not those already enrolled when it was built. */
  groupsLedgerOnly: boolean;
}

/** What village staff found (the ledger's 联系结果 drop-down): paid, will pay, refused, unreachable, insured in another province, insured in the employees' scheme. */
export type ContactResult = "paid" | "will_pay" | "refused" | "unreachable" | "elsewhere_place" | "employee_scheme";

/** The follow-up of one village's sheet of a ledger read back. */
export interface FollowUpLine {
  township: string;
  village: string;
  people: number;
  contacts: Record<ContactResult, number>;
  excluded: number;
  /** A contact result the tool does not know (counted as not insured). */
  other: number;
  /** Nothing filled in yet. */
  pending: number;
  /** With an expected payment date. */
  dated: number;
}

export interface ProgressResult {
  /** The workbook: 乡镇进度 (with a chart and the target line), 村进度, 重点人群, 代缴资金, 跟进情况, 说明. */
  file: Uint8Array;
  report: ProgressReport;
  /** Whether `now` was read as a ledger or as a roster. */
  source: "ledger" | "roster";
  /** The ledger's follow-up per village (null for a roster). */
  followUp: FollowUpLine[] | null;
  /** For a ledger: whether it was read against the ledger as built (`options.ledger`); null for a roster. */
  verified: boolean | null;
  /** What a ledger read back says that differs from the ledger as built, or cannot be taken as it is. */
  findingCount: number;
  /** The first 1000 findings: the returned file's sheet and row where there is one, the village (as the ledger as built has it), the row in the base list, and a sentence. */
  findings: { code: LedgerFindingCode; sheet: string | null; row: number | null; unit: string; key: number | null; message: string }[];
  /** Data rows read (not empty). */
  rows: number;
  /** Rows listed: an error (not counted), a status not understood (counted as not insured), a later copy of a person in a roster (counted once). */
  problemCount: number;
  /** The first 1000 of them: the sheet (null for a roster), the spreadsheet row number, the code and its label. */
  problems: { sheet: string | null; row: number; code: ErrorCode | RosterRowCode; message: string }[];
  previousRows: number | null;
}
"#;
