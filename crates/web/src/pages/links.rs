//! Addresses of public pages as the applicant's browser reaches them, for QR codes on the
//! confirmation page and on the printed receipt.

use axum::http::HeaderMap;

/// The site's origin as the browser used it: the `Host` header, and `https` when a reverse
/// proxy says so (`X-Forwarded-Proto`).
pub fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| *p == "https" || *p == "http")
        .unwrap_or("http");
    format!("{scheme}://{host}")
}

/// The public lookup page of dossier `code`.
pub fn lookup_url(headers: &HeaderMap, code: &str) -> String {
    format!(
        "{}/lookup?code={}",
        origin(headers),
        crate::session::urlencode(code)
    )
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    #[test]
    fn the_lookup_url_follows_the_host_and_the_proxy() {
        let mut h = HeaderMap::new();
        h.insert("host", HeaderValue::from_static("dichvucong.example.vn"));
        assert_eq!(
            super::lookup_url(&h, "000.00.00.H56-250805-0001"),
            "http://dichvucong.example.vn/lookup?code=000.00.00.H56-250805-0001"
        );
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(super::lookup_url(&h, "X").starts_with("https://dichvucong.example.vn/"));
        h.insert("x-forwarded-proto", HeaderValue::from_static("gopher"));
        assert!(super::lookup_url(&h, "X").starts_with("http://"));
    }
}
