//! # canbao (参保)
//!
//! Checks and arithmetic for China's medical-insurance enrollment campaigns, written once in
//! Rust and run in the browser through WebAssembly, so identity data never leaves the page.
//!
//! * [`id`]: identity numbers — resident IDs (18 and 15 digits, GB 11643, with the GB/T 2260
//!   region timeline), Hong Kong / Macau / Taiwan residence permits, foreigners' permanent
//!   residence IDs, Unified Social Credit Codes, mobile numbers.
//! * [`policy`]: one region's rules for one coverage year, read from versioned JSON and
//!   validated with every problem reported by field path; bundled presets.
//! * [`calc`]: contributions and subsidies, benefit start dates and waiting periods, employee
//!   contributions, refunds, department budgets, coverage tables; exact money, named rounding,
//!   an explanation trace on every result.
//!
//! ```
//! use canbao::id::{validate_id, Date, Kind, Options};
//!
//! let opts = Options::new(Date::new(2026, 11, 22).unwrap());
//! let id = validate_id("11010519491231002x", &opts).unwrap();
//! assert_eq!(id.kind, Kind::Resident18);
//! assert_eq!(id.birth.to_string(), "1949-12-31");
//! assert_eq!(id.region.unwrap().county, Some("朝阳区"));
//!
//! let bad = validate_id("11010519491231002", &opts).unwrap_err();
//! assert_eq!(bad.problems.first().unwrap().code.code(), "wrong_length");
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod calc;
#[cfg(feature = "roster")]
pub mod campaign;
pub mod csv;
pub mod date;
pub mod id;
pub mod input;
pub mod intake;
pub mod lang;
pub mod money;
pub mod policy;
#[cfg(feature = "roster")]
pub mod roster;
pub mod token;

pub mod api;
/// JSON text for result objects (the JavaScript edge and [`api`]).
mod json;

/// The JavaScript bindings (WebAssembly builds only); public so the wasm tests can call them.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

/// The README's Rust examples, run as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The Rust examples of docs/rust.md, run as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../docs/rust.md")]
pub struct RustDocDoctests;
