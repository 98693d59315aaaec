//! What the API lifecycle tests share: the server with the demo catalog and one officer per
//! role of the SCT agency, and a JSON client.

#![allow(dead_code)]

use motcua_domain::{Catalog, Role};

#[allow(unused_imports)]
pub use crate::online_files::{complete_files, upload_pdf};
use motcua_store::users::{create_user, NewUser};
use motcua_store::{catalog, Db};
use reqwest::StatusCode;
use serde_json::{json, Value};

pub const DEMO: &str = include_str!("../../../motcua/demo/catalog.json");
pub const SCT: &str = "000.17.22.H56";
/// Bán buôn rượu: desk → specialist → specialist → head → director → clerk → desk.
pub const PROCEDURE: &str = "2.000633";

pub struct App {
    pub base: String,
    pub http: reqwest::Client,
    /// The attachment store, removed when the test ends.
    _files: tempfile::TempDir,
}

impl App {
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut r = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some(b) = body {
            r = r.json(&b);
        }
        let res = r.send().await.expect("request");
        let status = res.status();
        let v = res.json().await.unwrap_or(Value::Null);
        (status, v)
    }

    pub async fn sign_in(&self, user: &str) -> String {
        let (s, v) = self
            .call(
                reqwest::Method::POST,
                "/api/v1/sessions",
                None,
                Some(json!({"username": user, "password": format!("pw-{user}")})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["token"].as_str().expect("token").to_owned()
    }

    pub async fn act(&self, token: &str, code: &str, command: Value) -> (StatusCode, Value) {
        self.call(
            reqwest::Method::POST,
            &format!("/api/v1/dossiers/{code}/actions"),
            Some(token),
            Some(json!({"command": command})),
        )
        .await
    }
}

pub const STAFF: &[(&str, &str, Role)] = &[
    ("desk", "MOTCUA", Role::Desk),
    ("spec", "QLTM", Role::Specialist),
    ("head", "QLTM", Role::Head),
    ("director", "BGD", Role::Director),
    ("clerk", "VP", Role::Clerk),
];

pub async fn spawn_app(db: Db) -> App {
    let c: Catalog = serde_json::from_str(DEMO).expect("demo catalog");
    catalog::import_catalog(&db, &c, None)
        .await
        .expect("import");
    for (name, unit, role) in STAFF {
        let hash = motcua_app::auth::hash_password(&format!("pw-{name}")).expect("hash");
        create_user(
            &db,
            &NewUser {
                username: (*name).into(),
                full_name: format!("Cán bộ {name}"),
                email: None,
                password_hash: hash,
                agency_code: Some(SCT.into()),
                unit_code: Some((*unit).into()),
                roles: vec![*role],
            },
        )
        .await
        .expect("user");
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let files = tempfile::tempdir().expect("files dir");
    crate::online_files::seed_upload_ticket_key(&db).await;
    let state = motcua_web::AppState::new(
        motcua_app::App::open(db, files.path().to_path_buf())
            .await
            .expect("app"),
    )
    .expect("state");
    tokio::spawn(motcua_web::serve(listener, state, std::future::pending()));
    upload_pdf(&format!("http://{addr}")).await;
    App {
        base: format!("http://{addr}"),
        http: reqwest::Client::new(),
        _files: files,
    }
}

pub fn submission() -> Value {
    json!({
        "procedure_code": PROCEDURE,
        "applicant": {"name": "Công ty TNHH Rượu Khánh Hòa", "id_number": "4201234567", "phone": "0258 3 822 111", "kind": "business"},
        "summary": "Đề nghị cấp Giấy phép bán buôn rượu",
        "files": complete_files(PROCEDURE)
    })
}
