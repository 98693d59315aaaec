//! Pure domain of motcua: no I/O, no database, no HTTP.
//!
//! See `ARCHITECTURE.md` at the repository root for where this sits.

pub mod catalog;
pub mod dossier;
pub mod input;
pub mod notify;
pub mod phone;
pub mod record;
pub mod reports;
pub mod rules;
pub mod service;
pub mod text;

pub use catalog::*;
