//! The authorization matrix (issue #18): every route of the router × every kind of user ×
//! the dossier's scope relative to them, with the expected answer in a table. The routes are
//! read from the router's source (`.route("…", get(…).post(…))` in `crates/web/src`): a route
//! missing from [`MATRIX`] — or a row for a route that no longer exists — fails the test, so a
//! new route cannot ship without its row.
//!
//! Scope: one dossier, received at the SCT desk and waiting in the QLTM specialists' queue;
//! the specialist of QLTM is in its unit ("own unit"), a specialist of VP in another unit of
//! the same agency ("other unit"), a director of another agency outside it ("other agency").
//! Page forms are posted empty with the user's own session and CSRF token: the table says who
//! gets past authorization (`Allowed`: anything but 401/403/a sign-in redirect/5xx — the form
//! is then refused for its empty fields) and who does not.

#[path = "../online_files.rs"]
mod online_files;
#[path = "../pages_support/mod.rs"]
mod pages_support;
mod rows;

use std::collections::BTreeSet;
use std::path::Path;

use motcua_domain::Role;
use motcua_store::users::{create_user, NewUser};
use motcua_store::Db;
use pages_support::*;
use reqwest::StatusCode;
use rows::matrix;
use serde_json::{json, Value};

motcua_store::on_both_stores!(every_route_every_role_every_scope);

const PROCEDURE: &str = "2.000633";
const OTHER_AGENCY: &str = "000.00.11.H56";

/// The kinds of user, in the order of a row's expectations.
const KINDS: [&str; 11] = [
    "anonymous",
    "citizen",
    "desk",
    "specialist", // own unit
    "spec_vp",    // other unit, same agency
    "head",
    "director",
    "clerk",
    "reporter",
    "admin",
    "outsider", // director of another agency
];

/// What a kind of user gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum E {
    /// Exactly this status.
    S(u16),
    /// Past authorization: not 401, 403, a redirect to sign in, nor a server error.
    Allowed,
    /// Stopped: 401, 403, 404 or a redirect to sign in.
    Refused,
    /// The dossier is there for them: not 404, 401, a redirect to sign in nor a server error
    /// (the command itself may still be refused by the domain: 403, 409, 422).
    Found,
}

use E::*;

/// Who gets through, by class of route.
#[derive(Debug, Clone, Copy)]
enum Class {
    /// Anyone, exactly this status.
    Open(u16),
    /// Anyone gets past authorization (public forms, sign-in, uploads…).
    OpenForm,
    /// Administration: administrators only.
    Admin,
    /// The officers' workspace, no dossier involved: any officer.
    Work,
    /// The desk's own pages: desk and administrators.
    Desk,
    /// A page about the dossier: those with a part in it ([`VISIBLE`]).
    WorkDossier,
    /// The API's reads of the dossier: those with a part in it; others 404.
    ApiDossier,
    /// Reports: reporting roles (reporter, head, director, admin).
    Reports,
    /// The officers' API: a bearer token of an officer.
    OfficerApi,
    /// The officers' API about the dossier: no token 401, a citizen 403, those with a part in
    /// it 200, other officers "not found".
    OfficerApiDossier,
    /// An action on the dossier (claim): those with a part in it reach it; the others get
    /// "not found" (or, for pages, the workspace's refusal).
    Act,
    /// An applicant's own pages (account): signed-in users past it.
    Account,
    /// Listed but not run here: the row says which test covers it.
    Elsewhere(&'static str),
}

/// Kinds with a part in the dossier (desk received it; specialist and head: its unit's
/// queue; director: leader; clerk: the competent agency's; reporter: reports; admin).
const VISIBLE: [&str; 7] = [
    "desk",
    "specialist",
    "head",
    "director",
    "clerk",
    "reporter",
    "admin",
];
const OFFICERS: [&str; 9] = [
    "desk",
    "specialist",
    "spec_vp",
    "head",
    "director",
    "clerk",
    "reporter",
    "admin",
    "outsider",
];

fn expect(class: Class, kind: &str, method: &str) -> Option<E> {
    let page = |ok: bool| match (kind, ok) {
        ("anonymous", _) => S(303),
        (_, true) => {
            if method == "GET" {
                S(200)
            } else {
                Allowed
            }
        }
        (_, false) => Refused,
    };
    Some(match class {
        Class::Open(s) => S(s),
        Class::OpenForm => Allowed,
        Class::Admin => page(kind == "admin"),
        Class::Work => page(OFFICERS.contains(&kind)),
        Class::Desk => page(kind == "desk" || kind == "admin"),
        Class::WorkDossier => page(VISIBLE.contains(&kind)),
        Class::ApiDossier => match (kind, VISIBLE.contains(&kind)) {
            (_, true) if method == "GET" => S(200),
            (_, true) => Allowed,
            ("anonymous", _) if method == "POST" => Refused,
            _ => S(404),
        },
        Class::Reports => {
            page(["reporter", "head", "director", "admin", "outsider"].contains(&kind))
        }
        Class::OfficerApi => match kind {
            "anonymous" => S(401),
            "citizen" => S(403),
            _ => S(200),
        },
        Class::OfficerApiDossier => match (kind, VISIBLE.contains(&kind)) {
            ("anonymous", _) => S(401),
            ("citizen", _) => S(403),
            (_, true) => S(200),
            _ => S(404),
        },
        Class::Act => match (kind, VISIBLE.contains(&kind), method) {
            ("anonymous", _, _) => Refused,
            (_, true, _) => Found,
            (_, false, "POST") => Refused,
            _ => S(404),
        },
        Class::Account => match kind {
            "anonymous" => S(303),
            _ => Allowed,
        },
        Class::Elsewhere(_) => return None,
    })
}

/// `(METHOD, path)` of every `.route(…)` in the router's source.
fn router_routes() -> BTreeSet<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).expect("src dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(std::fs::read_to_string(&p).expect("source"));
            }
        }
    }
    let mut sources = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let mut routes = BTreeSet::new();
    for s in &sources {
        let b = s.as_bytes();
        let mut from = 0;
        while let Some(at) = s[from..].find(".route(") {
            let start = from + at + ".route(".len();
            let rest = s[start..].trim_start();
            let lit = rest.strip_prefix('"').expect("a route's path is a literal");
            let path = &lit[..lit.find('"').expect("closing quote")];
            // The route's arguments: the method routers at depth 1.
            let (mut depth, mut i) = (1, start);
            while depth > 0 {
                match b[i] {
                    b'(' => {
                        let word: String = s[..i]
                            .chars()
                            .rev()
                            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                            .collect::<Vec<_>>()
                            .into_iter()
                            .rev()
                            .collect();
                        if depth == 1
                            && ["get", "post", "put", "delete", "patch"].contains(&word.as_str())
                        {
                            routes.insert((word.to_uppercase(), path.to_owned()));
                        }
                        depth += 1;
                    }
                    b')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            from = i;
        }
    }
    routes
}

async fn add_user(db: &Db, name: &str, agency: &str, unit: &str, role: Role) {
    let hash = motcua_app::auth::hash_password(&format!("pw-{name}")).expect("hash");
    create_user(
        db,
        &NewUser {
            username: name.into(),
            full_name: format!("Cán bộ {name}"),
            email: None,
            password_hash: hash,
            agency_code: Some(agency.into()),
            unit_code: Some(unit.into()),
            roles: vec![role],
        },
    )
    .await
    .expect("user");
}

async fn token(app: &App, user: &str) -> String {
    let v: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/sessions", app.base))
        .json(&api_sign_in(user))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("json");
    v["token"].as_str().expect("token").to_owned()
}

/// The dossier of the scope: received at the SCT desk, forwarded to the QLTM queue.
async fn scope_dossier(app: &App) -> String {
    let http = reqwest::Client::new();
    let desk = token(app, "desk").await;
    let act = |code: String, cmd: Value| {
        let http = http.clone();
        let desk = desk.clone();
        let base = app.base.clone();
        async move {
            let r = http
                .post(format!("{base}/api/v1/dossiers/{code}/actions"))
                .bearer_auth(&desk)
                .json(&json!({"command": cmd}))
                .send()
                .await
                .expect("act");
            r.status()
        }
    };
    let v: Value = http
        .post(format!("{}/api/v1/dossiers", app.base))
        .bearer_auth(&desk)
        .json(&json!({
            "procedure_code": PROCEDURE, "channel": "direct",
            "applicant": {"name": "Nguyễn Thị Mai", "id_number": "001199001234", "phone": "0912345678", "kind": "citizen"},
            "files": online_files::complete_files(PROCEDURE)
        }))
        .send()
        .await
        .expect("submit")
        .json()
        .await
        .expect("json");
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    assert_eq!(
        act(code.clone(), json!({"type": "forward"})).await,
        StatusCode::OK
    );
    code
}

fn meets(e: E, status: StatusCode, location: Option<&str>) -> bool {
    let to_sign_in = status.is_redirection() && location.is_some_and(|l| l.starts_with("/sign-in"));
    match e {
        S(s) => status.as_u16() == s,
        Allowed => {
            !to_sign_in
                && status != StatusCode::UNAUTHORIZED
                && status != StatusCode::FORBIDDEN
                && !status.is_server_error()
        }
        Found => {
            !to_sign_in
                && status != StatusCode::NOT_FOUND
                && status != StatusCode::UNAUTHORIZED
                && !status.is_server_error()
        }
        Refused => {
            to_sign_in
                || [
                    StatusCode::UNAUTHORIZED,
                    StatusCode::FORBIDDEN,
                    StatusCode::NOT_FOUND,
                ]
                .contains(&status)
        }
    }
}

async fn every_route_every_role_every_scope(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    add_user(&db, "spec_vp", SCT, "VP", Role::Specialist).await;
    add_user(&db, "outsider", OTHER_AGENCY, "LDUB", Role::Director).await;
    let code = scope_dossier(&app).await;
    let rows = matrix(&code);

    // The table covers the router exactly.
    let listed: BTreeSet<(String, String)> = rows
        .iter()
        .map(|(m, p, _, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let routes = router_routes();
    let missing: Vec<_> = routes.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&routes).collect();
    assert!(missing.is_empty(), "routes not in the matrix: {missing:?}");
    assert!(stale.is_empty(), "matrix rows for no route: {stale:?}");
    assert_eq!(listed.len(), rows.len(), "one row per route");

    // One browser (session cookie + CSRF token) and one bearer token per kind.
    let mut browsers = Vec::new();
    let mut tokens = Vec::new();
    for kind in KINDS {
        let mut b = Browser::new(&app);
        if kind == "anonymous" {
            b.get("/sign-in").await;
            tokens.push(None);
        } else {
            b.sign_in(kind).await;
            b.get("/").await;
            tokens.push(Some(token(&app, kind).await));
        }
        browsers.push(b);
    }

    let mut failures = Vec::new();
    let (mut checked, mut elsewhere) = (0usize, 0usize);
    for (method, route, path, class) in &rows {
        if let Class::Elsewhere(why) = class {
            assert!(
                !why.is_empty(),
                "{method} {route}: say which test covers it"
            );
        }
        for (k, kind) in KINDS.iter().enumerate() {
            let Some(want) = expect(*class, kind, method) else {
                elsewhere += 1;
                continue;
            };
            let api = route.starts_with("/api/v1/");
            let b = &mut browsers[k];
            let res = match (*method, api) {
                ("GET", false) => b.http.get(format!("{}{path}", b.base)).send().await,
                (_, false) => {
                    let csrf = b.csrf.clone();
                    // An action carries a command (claim) and a version, or it is refused as
                    // bad input before anyone asks who sends it.
                    let mut form = vec![("csrf", csrf.as_str())];
                    if matches!(class, Class::Act) {
                        form.extend([("action", "claim"), ("version", "2")]);
                    }
                    b.http
                        .post(format!("{}{path}", b.base))
                        .form(&form)
                        .send()
                        .await
                }
                (m, true) => {
                    let mut r = reqwest::Client::new()
                        .request(m.parse().expect("method"), format!("{}{path}", app.base));
                    if let Some(t) = &tokens[k] {
                        r = r.bearer_auth(t);
                    }
                    if m == "POST" {
                        // A body the route reads, so that who asks is what decides.
                        r = r.json(&if matches!(class, Class::Act) {
                            json!({"command": {"type": "claim"}})
                        } else if route.ends_with("/payments/online") {
                            json!({"return_url": format!("{}/payments/return", app.base)})
                        } else {
                            json!({})
                        });
                    }
                    r.send().await
                }
            }
            .expect("request");
            let status = res.status();
            let location = res
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .map(str::to_owned);
            checked += 1;
            if !meets(want, status, location.as_deref()) {
                failures.push(format!(
                    "{method} {route} as {kind}: want {want:?}, got {status} {location:?}"
                ));
            }
        }
    }
    println!(
        "authorization matrix: {} routes × {} kinds of user = {} cells; {checked} requested, {elsewhere} covered by other tests",
        rows.len(),
        KINDS.len(),
        rows.len() * KINDS.len()
    );
    assert!(
        failures.is_empty(),
        "{} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
