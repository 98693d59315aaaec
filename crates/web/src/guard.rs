//! The edge's check of every text a request carries, before any handler sees it: the path,
//! the query string, and form (`application/x-www-form-urlencoded`) and JSON bodies.
//!
//! Refused with a clear error (both languages), never passed on or repaired:
//! - bytes that are not UTF-8 (a form decoder would silently put U+FFFD in their place);
//! - a NUL or another control character other than tab and line breaks (PostgreSQL cannot
//!   store NUL in `text`; SQLite would keep it);
//! - a single value longer than [`ANY_TEXT_MAX`] characters (each field has its own, smaller,
//!   limit in the domain; this one holds for fields that have none).
//!
//! Multipart bodies (uploads) stream to the blob store and are checked there.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use motcua_domain::input::{check_text, TextProblem, ANY_TEXT_MAX};

/// The largest form or JSON body read for checking (axum's own default body limit).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Why a request was refused at the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Where (`path`, `query`, `body`) and what.
    Text {
        place: &'static str,
        name: String,
        problem: TextProblem,
    },
    NotUtf8 {
        place: &'static str,
    },
    TooLarge,
}

impl Refusal {
    pub fn message_vi(&self) -> String {
        match self {
            Refusal::Text {
                place,
                name,
                problem,
            } => format!(
                "Dữ liệu gửi lên không hợp lệ: {} «{name}» {}",
                place_vi(place),
                problem.message_vi()
            ),
            Refusal::NotUtf8 { place } => format!(
                "Dữ liệu gửi lên không hợp lệ: {} không phải văn bản UTF-8",
                place_vi(place)
            ),
            Refusal::TooLarge => format!(
                "Dữ liệu gửi lên quá lớn (tối đa {} MB)",
                BODY_LIMIT / (1024 * 1024)
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            Refusal::Text {
                place,
                name,
                problem,
            } => format!(
                "The request is not valid: {place} value «{name}» {}",
                problem.message_en()
            ),
            Refusal::NotUtf8 { place } => {
                format!("The request is not valid: the {place} is not UTF-8 text")
            }
            Refusal::TooLarge => format!(
                "The request body is too large (at most {} MB)",
                BODY_LIMIT / (1024 * 1024)
            ),
        }
    }
}

fn place_vi(place: &str) -> &'static str {
    match place {
        "path" => "đường dẫn",
        "query" => "tham số",
        _ => "trường",
    }
}

/// The request, unchanged, if every text it carries passes; its body is read (up to
/// [`BODY_LIMIT`]) only when it is a form or JSON.
pub async fn check(req: Request) -> Result<Request, Refusal> {
    check_path(req.uri().path())?;
    if let Some(q) = req.uri().query() {
        check_form("query", q.as_bytes())?;
    }
    let kind = body_kind(&req);
    if kind == BodyKind::Other {
        return Ok(req);
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| Refusal::TooLarge)?;
    match kind {
        BodyKind::Form => check_form("body", &bytes)?,
        BodyKind::Json => check_json(&bytes)?,
        BodyKind::Other => {}
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Form,
    Json,
    Other,
}

fn body_kind(req: &Request) -> BodyKind {
    let Some(ct) = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return BodyKind::Other;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "application/json" || essence.ends_with("+json") {
        BodyKind::Json
    } else {
        BodyKind::Other
    }
}

fn check_path(path: &str) -> Result<(), Refusal> {
    let bytes = percent_decode(path.as_bytes(), false);
    let text = std::str::from_utf8(&bytes).map_err(|_| Refusal::NotUtf8 { place: "path" })?;
    check_text(text, ANY_TEXT_MAX)
        .and_then(|()| {
            // No line breaks or tabs in a path either.
            if text.chars().any(char::is_control) {
                Err(TextProblem::ControlCharacter)
            } else {
                Ok(())
            }
        })
        .map_err(|problem| Refusal::Text {
            place: "path",
            name: shown(text),
            problem,
        })
}

/// `a=1&b=2` as a form decoder reads it (`+` is a space), each name and value checked.
fn check_form(place: &'static str, raw: &[u8]) -> Result<(), Refusal> {
    for pair in raw.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        let name = percent_decode(name, true);
        let name = std::str::from_utf8(&name).map_err(|_| Refusal::NotUtf8 { place })?;
        let value = percent_decode(value, true);
        let value = std::str::from_utf8(&value).map_err(|_| Refusal::NotUtf8 { place })?;
        for text in [name, value] {
            check_text(text, ANY_TEXT_MAX).map_err(|problem| Refusal::Text {
                place,
                name: shown(name),
                problem,
            })?;
        }
    }
    Ok(())
}

/// Every string (and key) of a JSON body. A body that is not JSON is left for the handler's
/// own, more precise, error.
fn check_json(raw: &[u8]) -> Result<(), Refusal> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(raw) else {
        return Ok(());
    };
    walk(&value, "")
}

fn walk(v: &serde_json::Value, at: &str) -> Result<(), Refusal> {
    let bad = |name: &str, problem| Refusal::Text {
        place: "body",
        name: shown(name),
        problem,
    };
    match v {
        serde_json::Value::String(s) => check_text(s, ANY_TEXT_MAX).map_err(|p| bad(at, p)),
        serde_json::Value::Array(items) => items.iter().try_for_each(|i| walk(i, at)),
        serde_json::Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            let name = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            check_text(k, ANY_TEXT_MAX).map_err(|p| bad(&name, p))?;
            walk(v, &name)
        }),
        _ => Ok(()),
    }
}

/// A name as it may be shown back: printable, short.
fn shown(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .take(60)
        .collect()
}

/// Percent-decoding to bytes (never lossy); `plus` turns `+` into a space, as forms do.
fn percent_decode(raw: &[u8], plus: bool) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'%' if i + 2 < raw.len() => match (hex(raw[i + 1]), hex(raw[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_a_form_without_repairing() {
        assert_eq!(percent_decode(b"a+b%20c%41", true), b"a b cA");
        assert_eq!(percent_decode(b"a+b", false), b"a+b");
        assert_eq!(percent_decode(b"100%", true), b"100%");
        assert_eq!(percent_decode(b"%4", true), b"%4");
        assert_eq!(percent_decode(b"%zz", true), b"%zz");
        assert_eq!(percent_decode(b"%ff", true), vec![0xff]);
    }

    #[test]
    fn refuses_nul_invalid_utf8_and_oversize_values() {
        assert!(check_form("body", b"name=Nguy%E1%BB%85n+V%C4%83n+A&x=").is_ok());
        assert!(matches!(
            check_form("body", b"name=a%00b"),
            Err(Refusal::Text {
                problem: TextProblem::ControlCharacter,
                ..
            })
        ));
        assert_eq!(
            check_form("body", b"name=%C3%28"),
            Err(Refusal::NotUtf8 { place: "body" })
        );
        let long = format!("q={}", "a".repeat(ANY_TEXT_MAX + 1));
        assert!(check_form("query", long.as_bytes()).is_err());
        assert!(check_json(br#"{"applicant": {"name": "a\u0000b"}}"#).is_err());
        assert!(check_json(br#"{"a": ["ok", {"b\u0000": 1}]}"#).is_err());
        assert!(check_json(br#"{"a": "xin ch\u00e0o"}"#).is_ok());
        assert!(check_json(b"not json").is_ok());
        assert!(check_path("/api/v1/dossiers/%00").is_err());
        assert!(check_path("/api/v1/dossiers/%0a").is_err());
        assert!(check_path("/api/v1/dossiers/%ff").is_err());
        assert!(check_path("/procedures/1.000%20x").is_ok());
    }
}
