//! What the page tests share: the real server with the demo catalog and one user per role,
//! and a `Browser` that keeps cookies, carries the CSRF token of the last page into its forms
//! and does not follow redirects (tests look at them).

#![allow(dead_code)]

use motcua_domain::{Catalog, Role};

#[allow(unused_imports)]
pub use crate::online_files::{complete_files, upload_pdf};
use motcua_store::users::{create_user, NewUser};
use motcua_store::{catalog, Db};
use reqwest::StatusCode;

pub const DEMO: &str = include_str!("../../../motcua/demo/catalog.json");
pub const SCT: &str = "000.17.22.H56";

pub struct App {
    pub base: String,
    pub db: Db,
    pub files: tempfile::TempDir,
}

/// The demo catalog, the users of [`USERS`] (password `pw-<name>`), the server on port 0.
pub async fn spawn_app(db: Db) -> App {
    let c: Catalog = serde_json::from_str(DEMO).expect("demo catalog");
    catalog::import_catalog(&db, &c, None)
        .await
        .expect("import");
    for (name, role, unit) in USERS {
        let hash = motcua_app::auth::hash_password(&format!("pw-{name}")).expect("hash");
        let id = create_user(
            &db,
            &NewUser {
                username: (*name).into(),
                full_name: format!("Cán bộ {name}"),
                email: None,
                password_hash: hash,
                agency_code: role.map(|_| SCT.into()),
                unit_code: unit.map(str::to_owned),
                roles: role.iter().copied().collect(),
            },
        )
        .await
        .expect("user");
        if *role == Some(Role::Admin) {
            enrol_admin(&db, id).await;
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let files = tempfile::tempdir().expect("files dir");
    crate::online_files::seed_upload_ticket_key(&db).await;
    let mut app = motcua_app::App::open(db.clone(), files.path().to_path_buf())
        .await
        .expect("app");
    // Notices link to this server, as a deployment's to its public address.
    app.delivery.public_base_url = format!("http://{addr}");
    let state = motcua_web::AppState::new(app).expect("state");
    tokio::spawn(motcua_web::serve(listener, state, std::future::pending()));
    upload_pdf(&format!("http://{addr}")).await;
    App {
        base: format!("http://{addr}"),
        db,
        files,
    }
}

/// The administrator's TOTP secret (administrators must have a second factor).
pub const ADMIN_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// How many recovery codes the test administrator has: a TOTP code is good once per 30-second
/// step, so the many sign-ins of a test run use recovery codes (`admin-code-N`), which the
/// sign-in accepts in place of the code.
const ADMIN_CODES: usize = 400;

/// Enrols the test administrator's authenticator and recovery codes directly in the store.
async fn enrol_admin(db: &Db, id: i64) {
    use motcua_store::users;
    assert!(users::set_pending_totp(db, id, ADMIN_TOTP_SECRET)
        .await
        .expect("totp"));
    let hashes: Vec<String> = (0..ADMIN_CODES)
        .map(|i| motcua_app::auth::token_hash(&format!("admincode{i}")))
        .collect();
    assert!(users::enable_totp(db, id, 0, &hashes, chrono::Utc::now())
        .await
        .expect("enable"));
}

/// The body of `POST /api/v1/sessions` for a test user: the administrator adds a second
/// factor (an unused recovery code).
pub fn api_sign_in(user: &str) -> serde_json::Value {
    let mut body = serde_json::json!({"username": user, "password": format!("pw-{user}")});
    if user == "admin" {
        body["totp"] = serde_json::Value::String(admin_code());
    }
    body
}

/// An unused recovery code of the test administrator.
pub fn admin_code() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let i = NEXT.fetch_add(1, Ordering::Relaxed);
    assert!(
        i < ADMIN_CODES,
        "the test administrator ran out of recovery codes"
    );
    format!("admin-code-{i}")
}

/// `(user name, role, unit)`; the unit codes are the demo catalog's.
pub const USERS: &[(&str, Option<Role>, Option<&str>)] = &[
    ("desk", Some(Role::Desk), Some("MOTCUA")),
    ("specialist", Some(Role::Specialist), Some("QLTM")),
    ("head", Some(Role::Head), Some("QLTM")),
    ("director", Some(Role::Director), Some("BGD")),
    ("clerk", Some(Role::Clerk), Some("VP")),
    ("admin", Some(Role::Admin), Some("VP")),
    ("reporter", Some(Role::Reporter), Some("VP")),
    ("citizen", None, None),
];

pub struct Browser {
    pub base: String,
    pub http: reqwest::Client,
    /// The CSRF token of the last page read, put into every form sent.
    pub csrf: String,
}

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub html: String,
}

impl Browser {
    pub fn new(app: &App) -> Browser {
        Browser {
            base: app.base.clone(),
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            csrf: String::new(),
        }
    }

    async fn read(&mut self, res: reqwest::Response) -> Page {
        let status = res.status();
        let location = res
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let html = res.text().await.expect("body");
        if let Some(t) = csrf_in(&html) {
            self.csrf = t;
        }
        Page {
            status,
            location,
            html,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let res = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request");
        self.read(res).await
    }

    /// Posts a form with the current CSRF token added.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let csrf = self.csrf.clone();
        all.push(("csrf", &csrf));
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .form(&all)
            .send()
            .await
            .expect("request");
        self.read(res).await
    }

    /// A fresh browser signed in as `username`.
    pub async fn signed_in(app: &App, username: &str) -> Browser {
        let mut b = Browser::new(app);
        b.sign_in(username).await;
        b
    }

    /// Signs in (reading the sign-in page first for its token) and checks it worked.
    pub async fn sign_in(&mut self, username: &str) {
        self.get("/sign-in").await;
        let pw = format!("pw-{username}");
        let mut p = self
            .post("/sign-in", &[("username", username), ("password", &pw)])
            .await;
        if p.status == StatusCode::OK && p.html.contains("action=\"/sign-in/code\"") {
            let code = admin_code();
            p = self.post("/sign-in/code", &[("code", &code)]).await;
        }
        assert_eq!(
            p.status,
            StatusCode::SEE_OTHER,
            "sign-in of {username}: {}",
            p.html
        );
    }
}

/// The value of the first `name="csrf"` hidden field of a page.
pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let rest = &html[at..];
    Some(rest[..rest.find('"')?].to_owned())
}
