//! Exact TypeScript types of the JavaScript API (checked by compiling tests/ts/ with tsc).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Kinds of personal identity number. */
export type IdKind = "resident18" | "resident15" | "permit_hk" | "permit_mo" | "permit_tw" | "foreign_2017" | "foreign_2023";

/** Stable error codes (snake_case); `message` carries the zh-CN or en text. */
export type ErrorCode =
  | "empty" | "scientific_notation" | "invalid_character" | "wrong_length" | "checksum_mismatch"
  | "invalid_date" | "birth_in_future" | "birth_too_old" | "region_unknown" | "region_not_in_birth_year"
  | "uscc_invalid_department" | "uscc_invalid_org_type" | "uscc_org_code_checksum"
  | "phone_invalid_prefix" | "foreign_invalid_nationality" | "kind_not_allowed";

/** One problem; `at` is the 0-based position of the offending character in the input, if any. */
export interface ValidationError {
  code: ErrorCode;
  message: string;
  at: number | null;
}

/** Message language: Simplified Chinese by default. */
export interface MessageOptions {
  lang?: "zh" | "zh-CN" | "en";
}

export interface IdOptions extends MessageOptions {
  /** Birth dates after this are errors; ages are computed on it. Default: today (local). */
  referenceDate?: string;
  /** The region code must have existed in the year of birth. Default: false. */
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

/** GB/T 2260 region, names as of the birth year. */
export interface Region {
  code: string;
  province: string | null;
  prefecture: string | null;
  county: string | null;
  /** The code is no longer in use (the number stays valid). */
  abolished: boolean;
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
    };

export type UpgradeResult =
  | { ok: true; normalized: string; errors: [] }
  | { ok: false; normalized: null; errors: ValidationError[] };

export type PhoneResult = UpgradeResult;

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
}

export interface ErrorCatalogEntry {
  code: ErrorCode;
  zh: string;
  en: string;
}
"#;
