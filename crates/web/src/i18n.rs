//! Vietnamese first, English available everywhere. Strings live in `i18n/{vi,en}/<area>.json`
//! (flat key → text; one file per area of the application so that work on different areas
//! does not collide); a test checks both languages have the same keys, area by area, and that
//! no key is defined twice.
//!
//! The language comes from `?lang=` (which also sets a cookie), else the `lang` cookie, else
//! Vietnamese.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::OnceLock;

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, for the switch link.
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    pub fn tr(self) -> Tr {
        Tr {
            lang: self,
            map: catalog(self),
        }
    }
}

type Catalog = HashMap<String, String>;

fn parse_catalog(files: &[(&str, &str)]) -> Catalog {
    // The files are compiled in and checked by tests; a broken file yields no strings (keys
    // show through) rather than a crash on a request path.
    files
        .iter()
        .flat_map(|(_, json)| serde_json::from_str::<Catalog>(json).unwrap_or_default())
        .collect()
}

macro_rules! areas {
    ($lang:literal: $($area:literal),*) => {
        &[$(($area, include_str!(concat!("../i18n/", $lang, "/", $area, ".json")))),*]
    };
}

/// `(area, json)` per language; add an area to both lists.
pub(crate) const VI_FILES: &[(&str, &str)] =
    areas!("vi": "common", "portal", "work", "admin", "reports", "record", "payment", "account");
pub(crate) const EN_FILES: &[(&str, &str)] =
    areas!("en": "common", "portal", "work", "admin", "reports", "record", "payment", "account");

fn catalog(lang: Lang) -> &'static Catalog {
    static VI: OnceLock<Catalog> = OnceLock::new();
    static EN: OnceLock<Catalog> = OnceLock::new();
    match lang {
        Lang::Vi => VI.get_or_init(|| parse_catalog(VI_FILES)),
        Lang::En => EN.get_or_init(|| parse_catalog(EN_FILES)),
    }
}

/// Translations for one request.
#[derive(Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
    map: &'static Catalog,
}

impl Tr {
    /// The text for `key`; the key itself when missing (tests keep that from happening).
    pub fn get<'k>(&self, key: &'k str) -> &'k str {
        self.map.get(key).map(String::as_str).unwrap_or(key)
    }

    /// The text for `key` with `{}` replaced by `arg`.
    pub fn fmt(&self, key: &str, arg: impl std::fmt::Display) -> String {
        self.get(key).replacen("{}", &arg.to_string(), 1)
    }
}

fn query_lang(query: Option<&str>) -> Option<Lang> {
    query?
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(Lang::parse)
}

fn cookie_lang(parts: &Parts) -> Option<Lang> {
    crate::cookies::get(&parts.headers, "lang").and_then(Lang::parse)
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(query_lang(parts.uri.query())
            .or_else(|| cookie_lang(parts))
            .unwrap_or(Lang::Vi))
    }
}

/// Remembers an explicit `?lang=` choice in a cookie for the following pages.
pub async fn remember(req: Request, next: Next) -> Response {
    let chosen = query_lang(req.uri().query());
    let mut res = next.run(req).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        assert_eq!(VI_FILES.len(), EN_FILES.len());
        let mut seen = std::collections::HashSet::new();
        for ((area, vi), (area_en, en)) in VI_FILES.iter().zip(EN_FILES) {
            assert_eq!(area, area_en);
            let vi: Catalog = serde_json::from_str(vi).expect("vi file parses");
            let en: Catalog = serde_json::from_str(en).expect("en file parses");
            let mut only_vi: Vec<_> = vi.keys().filter(|k| !en.contains_key(*k)).collect();
            let mut only_en: Vec<_> = en.keys().filter(|k| !vi.contains_key(*k)).collect();
            only_vi.sort();
            only_en.sort();
            assert!(
                only_vi.is_empty() && only_en.is_empty(),
                "{area}: only in vi: {only_vi:?}; only in en: {only_en:?}"
            );
            assert!(vi.values().chain(en.values()).all(|v| !v.trim().is_empty()));
            for k in vi.keys() {
                assert!(
                    seen.insert(k.clone()),
                    "{area}: key {k} is defined in two areas"
                );
            }
        }
    }

    #[test]
    fn lang_from_query() {
        assert_eq!(query_lang(Some("q=x&lang=en")), Some(Lang::En));
        assert_eq!(query_lang(Some("lang=fr")), None);
        assert_eq!(query_lang(None), None);
    }
}
