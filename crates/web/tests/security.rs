//! What every response carries for the browser's protection (issue #18, Build 1), and the
//! attacker findings 3 (open redirect) and 7 (metrics): the real server on a random port
//! against a fresh database, on SQLite always and on PostgreSQL when
//! `MOTCUA_TEST_POSTGRES_URL` is set.
//!
//! The routes are read from the router's own source (`crates/web/src/**/*.rs`, every
//! `.route("…"`), so a route added later is checked without touching this file.

mod online_files;
mod pages_support;

use std::path::{Path, PathBuf};

use motcua_store::Db;
use pages_support::{spawn_app, Browser};
use reqwest::{Method, StatusCode};

motcua_store::on_both_stores!(
    every_route_sends_the_security_headers,
    https_is_announced_only_when_it_is_known,
    sign_in_never_sends_anyone_off_site,
    metrics_are_for_administrators_and_monitoring_only,
);

/// Every `.route("<path>"` in the web crate's sources.
fn routes() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("read src") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut routes = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read");
        let mut rest = text.as_str();
        while let Some(i) = rest.find(".route(") {
            rest = &rest[i + ".route(".len()..];
            let t = rest.trim_start();
            if let Some(lit) = t.strip_prefix('"') {
                if let Some(end) = lit.find('"') {
                    routes.push(lit[..end].to_owned());
                }
            }
        }
    }
    routes.sort();
    routes.dedup();
    routes
}

/// A concrete address for a route template: every `{param}` becomes a plausible value.
fn concrete(route: &str) -> String {
    route
        .split('/')
        .map(|seg| {
            if seg.starts_with('{') {
                match seg {
                    "{code}" => "000.17.22.H56-250101-0001",
                    "{sha256}" => {
                        "0000000000000000000000000000000000000000000000000000000000000000"
                    }
                    "{n}" => "0",
                    "{id}" => "1",
                    _ => "x",
                }
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn assert_secure_headers(what: &str, path: &str, res: &reqwest::Response) {
    let h = res.headers();
    let get = |name: &str| {
        h.get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{what}: no {name} header ({})", res.status()))
            .to_owned()
    };
    let csp = get("content-security-policy");
    for directive in [
        "default-src 'self'",
        "script-src 'self';",
        "style-src 'self';",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(
            csp.contains(directive),
            "{what}: CSP {csp:?} lacks {directive}"
        );
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{what}: {csp}"
    );
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(get("x-frame-options"), "DENY", "{what}");
    assert_eq!(get("referrer-policy"), "same-origin", "{what}");
    let pp = get("permissions-policy");
    assert!(
        pp.contains("camera=()") && pp.contains("geolocation=()"),
        "{what}: {pp}"
    );
    let cache = get("cache-control");
    if path.starts_with("/static/") && res.status().is_success() {
        assert!(
            cache.contains("max-age"),
            "{what}: assets stay cacheable: {cache}"
        );
    } else {
        assert!(cache.contains("no-store"), "{what}: {cache}");
    }
    // Not over HTTPS, nothing configured: no HSTS.
    assert!(h.get("strict-transport-security").is_none(), "{what}");
}

async fn every_route_sends_the_security_headers(db: Db, _: String) {
    let app = spawn_app(db).await;
    let routes = routes();
    assert!(
        routes.len() >= 90,
        "only {} routes found: {routes:?}",
        routes.len()
    );
    // The enumeration reads the real router: every API operation is among them.
    let doc: serde_json::Value =
        serde_json::from_str(&motcua_web::api::openapi_json()).expect("openapi");
    for path in doc["paths"].as_object().expect("paths").keys() {
        assert!(routes.contains(path), "{path} not found in the sources");
    }
    // An anonymous visitor, and an administrator (who reaches the pages behind sign-in).
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let admin = Browser::signed_in(&app, "admin").await.http;
    let mut checked = 0;
    for route in &routes {
        let path = concrete(route);
        for (who, client) in [("anonymous", &anonymous), ("admin", &admin)] {
            for method in [Method::GET, Method::POST] {
                let res = client
                    .request(method.clone(), format!("{}{path}", app.base))
                    .send()
                    .await
                    .expect("request");
                assert!(
                    !res.status().is_server_error(),
                    "{method} {path} as {who}: {}",
                    res.status()
                );
                assert_secure_headers(&format!("{method} {path} as {who}"), &path, &res);
                checked += 1;
            }
        }
    }
    // What no route answers: the fallback, a made-up method, a refused input.
    for (method, path) in [
        ("GET", "/no/such/page"),
        ("GET", "/api/v1/no-such"),
        ("BREW", "/"),
        ("GET", "/procedures?q=%00"),
    ] {
        let res = anonymous
            .request(
                Method::from_bytes(method.as_bytes()).expect("method"),
                format!("{}{path}", app.base),
            )
            .send()
            .await
            .expect("request");
        assert_secure_headers(&format!("{method} {path}"), path, &res);
        checked += 1;
    }
    eprintln!(
        "security headers checked on {checked} responses of {} routes",
        routes.len()
    );
}

/// A server with `security`, over the demo catalog.
async fn spawn_with(db: Db, security: motcua_web::SecurityConfig) -> (String, tempfile::TempDir) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let files = tempfile::tempdir().expect("files dir");
    let state = motcua_web::AppState::new(
        motcua_app::App::open(db, files.path().to_path_buf())
            .await
            .expect("app"),
    )
    .expect("state")
    .with_security(security);
    tokio::spawn(motcua_web::serve(listener, state, std::future::pending()));
    (format!("http://{addr}"), files)
}

/// `(HSTS present, every Set-Cookie Secure, some cookie set)` of the sign-in page.
async fn https_signs(base: &str, forwarded: Option<&str>) -> (bool, bool, bool) {
    let mut req = reqwest::Client::new().get(format!("{base}/sign-in"));
    if let Some(p) = forwarded {
        req = req.header("x-forwarded-proto", p);
    }
    let res = req.send().await.expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("ascii").to_owned())
        .collect();
    let hsts = res.headers().get("strict-transport-security").is_some();
    let secure = cookies
        .iter()
        .all(|c| c.split(';').any(|a| a.trim() == "Secure"));
    (hsts, secure, !cookies.is_empty())
}

async fn https_is_announced_only_when_it_is_known(db: Db, _: String) {
    // Behind a TLS proxy, as configured by its public address.
    let (base, _f1) = spawn_with(
        db.clone(),
        motcua_web::SecurityConfig {
            public_url: Some("https://motcua.example.gov.vn".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(https_signs(&base, None).await, (true, true, true));

    // A trusted proxy says so per request; anyone else saying it is not believed.
    let (trusted, _f2) = spawn_with(
        db.clone(),
        motcua_web::SecurityConfig {
            trusted_proxies: vec!["127.0.0.1".parse().expect("ip")],
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        https_signs(&trusted, Some("https")).await,
        (true, true, true)
    );
    assert_eq!(
        https_signs(&trusted, Some("http")).await,
        (false, false, true)
    );
    assert_eq!(https_signs(&trusted, None).await, (false, false, true));
    let (untrusted, _f3) = spawn_with(
        db,
        motcua_web::SecurityConfig {
            trusted_proxies: vec!["10.0.0.1".parse().expect("ip")],
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        https_signs(&untrusted, Some("https")).await,
        (false, false, true)
    );
}

async fn sign_in_never_sends_anyone_off_site(db: Db, _: String) {
    let app = spawn_app(db).await;
    let hostile = [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example",
        "javascript:alert(1)",
        "/ /evil.example",
        "/\u{a0}/evil.example",
        "/\n",
        "",
    ];
    for next in hostile {
        // Signing in with it.
        let mut b = Browser::new(&app);
        b.get("/sign-in").await;
        let p = b
            .post(
                "/sign-in",
                &[
                    // A citizen: no second factor, and "/" is where they land.
                    ("username", "citizen"),
                    ("password", "pw-citizen"),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{next:?}: {}", p.html);
        assert_eq!(p.location.as_deref(), Some("/"), "{next:?}");
        // Already signed in, the sign-in page sends the visitor on at once.
        let url = format!(
            "{}/sign-in?next={}",
            app.base,
            motcua_web::session::urlencode(next)
        );
        let res = b.http.get(url).send().await.expect("request");
        assert!(
            res.status() == StatusCode::SEE_OTHER || res.status() == StatusCode::BAD_REQUEST,
            "{next:?}: {}",
            res.status()
        );
        if res.status() == StatusCode::SEE_OTHER {
            assert_eq!(res.headers()["location"], "/", "{next:?}");
        }
    }
    // The exact values of the finding, raw in the query: never a 500, never off-site.
    let b = Browser::signed_in(&app, "admin").await;
    for raw in ["/%09/evil.example", "/%0a", "/%0d%0a/evil.example", "/%00"] {
        let res = b
            .http
            .get(format!("{}/sign-in?next={raw}", app.base))
            .send()
            .await
            .expect("request");
        assert!(
            res.status().is_redirection() || res.status() == StatusCode::BAD_REQUEST,
            "{raw}: {}",
            res.status()
        );
        if let Some(l) = res.headers().get("location") {
            assert_eq!(l, "/", "{raw}");
        }
    }
    // A local destination still works, with letters beyond ASCII encoded.
    let mut b = Browser::new(&app);
    b.get("/sign-in").await;
    let p = b
        .post(
            "/sign-in",
            &[
                ("username", "citizen"),
                ("password", "pw-citizen"),
                ("next", "/procedures?q=rượu"),
            ],
        )
        .await;
    assert_eq!(
        p.location.as_deref(),
        Some("/procedures?q=r%C6%B0%E1%BB%A3u")
    );
}

async fn metrics_are_for_administrators_and_monitoring_only(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let http = reqwest::Client::new();
    let metrics = |auth: Option<String>| {
        let mut r = http.get(format!("{}/metrics", app.base));
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        r.send()
    };
    assert_eq!(
        metrics(None).await.expect("req").status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        metrics(Some("Bearer guess".into()))
            .await
            .expect("req")
            .status(),
        StatusCode::UNAUTHORIZED
    );
    // An officer who is not an administrator: no.
    let token = |user: &'static str| {
        let http = http.clone();
        let base = app.base.clone();
        async move {
            let v: serde_json::Value = http
                .post(format!("{base}/api/v1/sessions"))
                .json(&pages_support::api_sign_in(user))
                .send()
                .await
                .expect("sign in")
                .json()
                .await
                .expect("json");
            v["token"].as_str().expect("token").to_owned()
        }
    };
    let desk = token("desk").await;
    assert_eq!(
        metrics(Some(format!("Bearer {desk}")))
            .await
            .expect("req")
            .status(),
        StatusCode::UNAUTHORIZED
    );
    // Made-up methods count under one label.
    for m in ["BREW", "FOO1", "FOO2"] {
        http.request(
            Method::from_bytes(m.as_bytes()).expect("m"),
            format!("{}/", app.base),
        )
        .send()
        .await
        .expect("req");
    }
    let admin = token("admin").await;
    let res = metrics(Some(format!("Bearer {admin}"))).await.expect("req");
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.expect("body");
    assert!(text.contains("motcua_http_requests_total"), "{text}");
    assert!(text.contains("method=\"other\""), "{text}");
    for m in ["BREW", "FOO1", "FOO2"] {
        assert!(
            !text.contains(&format!("method=\"{m}\"")),
            "{m} has its own series"
        );
    }
    // An administrator's browser session, too.
    let b = Browser::signed_in(&app, "admin").await;
    let res = b
        .http
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), StatusCode::OK);

    // A monitoring system with the configured token.
    let (base, _files) = spawn_with(
        db,
        motcua_web::SecurityConfig {
            metrics_token: Some("s3cret-scrape-token".into()),
            ..Default::default()
        },
    )
    .await;
    let get = |auth: &'static str| {
        http.get(format!("{base}/metrics"))
            .header("authorization", auth)
            .send()
    };
    assert_eq!(
        get("Bearer s3cret-scrape-token")
            .await
            .expect("req")
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        get("Bearer s3cret-scrape-toke")
            .await
            .expect("req")
            .status(),
        StatusCode::UNAUTHORIZED
    );
}
