//! How domain values are kept in plain columns: enums by their serde (snake_case) names, lists
//! as newline- or comma-separated text. Both stores use the same encoding.

use serde::{de::DeserializeOwned, Serialize};

use crate::{Result, StoreError};

/// An enum's serde name, e.g. `OnlineLevel::Full` → `full`.
pub fn to_text<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable_text(other),
    }
}

// Only unit enums are passed to `to_text`; anything else is a programming error, kept visible
// in the column rather than panicking on a request path.
fn unreachable_text(v: Result<serde_json::Value, serde_json::Error>) -> String {
    match v {
        Ok(v) => v.to_string(),
        Err(e) => format!("<unencodable: {e}>"),
    }
}

/// Parses an enum from its serde name.
pub fn from_text<T: DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|e| StoreError::Corrupt(format!("«{s}»: {e}")))
}

pub fn join_lines(items: &[String]) -> String {
    items.join("\n")
}

pub fn split_lines(s: &str) -> Vec<String> {
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn split_commas(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim).filter(|p| !p.is_empty())
}
