//! Reading and writing the few cookies the pages use (language, session, CSRF token).

use axum::http::{header, HeaderMap, HeaderValue};

/// The value of cookie `name` in the request headers.
pub fn get<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

/// A `Set-Cookie` header value: `Path=/`, `SameSite=Lax`, and `HttpOnly` unless scripts must
/// read it. `max_age` of 0 deletes the cookie.
pub fn set(name: &str, value: &str, max_age_secs: i64, http_only: bool) -> Option<HeaderValue> {
    let mut c = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    HeaderValue::from_str(&c).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_named_cookie_only() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; lang=en; xlang=vi"),
        );
        assert_eq!(get(&h, "lang"), Some("en"));
        assert_eq!(get(&h, "xlang"), Some("vi"));
        assert_eq!(get(&h, "b"), None);
    }
}
