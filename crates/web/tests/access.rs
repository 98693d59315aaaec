//! Least privilege over personal data through the real server (issue #18), on SQLite always
//! and on PostgreSQL when `MOTCUA_TEST_POSTGRES_URL` is set: who sees a dossier at all, who
//! sees the applicant's identity number and phone in full, masked or revealed on request, and
//! the access log that records every read, readable by administrators only.

mod api_support;
mod online_files;

use api_support::*;
use motcua_domain::Role;
use motcua_store::users::{create_user, NewUser};
use motcua_store::Db;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    each_part_in_a_dossier_sees_what_it_needs,
    the_access_log_records_reads_for_administrators_only,
);

const OTHER_AGENCY: &str = "000.00.11.H56";
const ID: &str = "4201234567";

async fn add_user(db: &Db, name: &str, agency: &str, unit: &str, role: Role) {
    let hash = motcua_app::auth::hash_password(&format!("pw-{name}")).expect("hash");
    let id = create_user(
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
    if role == Role::Admin {
        // Administrators must have a second factor: recovery codes stand in for the app.
        use motcua_store::users;
        assert!(users::set_pending_totp(db, id, "JBSWY3DPEHPK3PXP")
            .await
            .expect("totp"));
        let codes: Vec<String> = (0..ADMIN_CODES)
            .map(|i| motcua_app::auth::token_hash(&format!("rootcode{i}")))
            .collect();
        assert!(users::enable_totp(db, id, 0, &codes, chrono::Utc::now())
            .await
            .expect("enable"));
    }
}

/// Recovery codes of an administrator made by [`add_user`].
const ADMIN_CODES: usize = 50;

/// A session token of `who`; an administrator's sign-in carries an unused recovery code.
async fn token_of(app: &App, who: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    if who != "root" {
        return app.sign_in(who).await;
    }
    let code = format!(
        "root-code-{}",
        NEXT.fetch_add(1, Ordering::Relaxed) % ADMIN_CODES
    );
    let (s, v) = app
        .call(
            Method::POST,
            "/api/v1/sessions",
            None,
            Some(json!({"username": who, "password": format!("pw-{who}"), "totp": code})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["token"].as_str().expect("token").to_owned()
}

/// A dossier received at the desk and forwarded to the specialists' queue (QLTM).
async fn dossier_in_qltm(app: &App) -> String {
    let desk = app.sign_in("desk").await;
    let mut body = submission();
    body["channel"] = json!("direct");
    let (s, v) = app
        .call(Method::POST, "/api/v1/dossiers", Some(&desk), Some(body))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(
        v["dossier"]["applicant"]["id_number"], ID,
        "the desk: in full"
    );
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    // Received at the counter, the desk already holds the first step: it forwards it.
    let (s, v) = app.act(&desk, &code, json!({"type": "forward"})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["dossier"]["step_owner"]["kind"], "unit", "{v}");
    code
}

async fn get(app: &App, who: &str, path: &str) -> (StatusCode, Value) {
    let t = token_of(app, who).await;
    app.call(Method::GET, path, Some(&t), None).await
}

fn id_of(v: &Value) -> String {
    v["dossier"]["applicant"]["id_number"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn each_part_in_a_dossier_sees_what_it_needs(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    add_user(&db, "spec_vp", SCT, "VP", Role::Specialist).await;
    add_user(&db, "reporter", SCT, "VP", Role::Reporter).await;
    add_user(&db, "stranger", OTHER_AGENCY, "LDUB", Role::Director).await;
    add_user(&db, "root", OTHER_AGENCY, "VP", Role::Admin).await;
    let code = dossier_in_qltm(&app).await;
    let path = format!("/api/v1/dossiers/{code}");

    // Full: the desk that received it. Masked: the unit it reached, its head, the agency's
    // leader and clerk, the reporter, an administrator. Nothing: another unit, another agency.
    let table: &[(&str, Option<bool>)] = &[
        ("desk", Some(true)),
        ("spec", Some(false)),
        ("head", Some(false)),
        ("director", Some(false)),
        ("clerk", Some(false)),
        ("reporter", Some(false)),
        ("root", Some(false)),
        ("spec_vp", None),
        ("stranger", None),
    ];
    for (who, full) in table {
        let (s, v) = get(&app, who, &path).await;
        match full {
            None => assert_eq!(s, StatusCode::NOT_FOUND, "{who}: {v}"),
            Some(full) => {
                assert_eq!(s, StatusCode::OK, "{who}: {v}");
                let id = id_of(&v);
                assert_eq!(id == ID, *full, "{who}: {id}");
                if !full {
                    assert_eq!(id, "4•••••4567", "{who}");
                    assert!(
                        !v["dossier"]["applicant"]["phone"]
                            .as_str()
                            .unwrap_or_default()
                            .contains("822 111"),
                        "{who}: {v}"
                    );
                }
            }
        }
    }
    // The history is masked alike (the creating event carries the applicant).
    let (s, events) = get(&app, "spec", &format!("{path}/events")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!events.to_string().contains(ID), "{events}");
    // A reveal with a reason shows it in full; without a known reason it is refused; a
    // reporter may not reveal at all.
    let (s, v) = get(&app, "spec", &format!("{path}?reveal=contact_applicant")).await;
    assert_eq!((s, id_of(&v)), (StatusCode::OK, ID.to_owned()), "{v}");
    let (s, _) = get(&app, "spec", &format!("{path}?reveal=curiosity")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, v) = get(&app, "reporter", &format!("{path}?reveal=inspection")).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    // The specialist who claims it holds it: in full from then on.
    let spec = app.sign_in("spec").await;
    let (s, v) = app.act(&spec, &code, json!({"type": "claim"})).await;
    assert_eq!((s, id_of(&v)), (StatusCode::OK, ID.to_owned()), "{v}");
    // Someone with no part in it cannot act on it either (not even learn it exists).
    let stranger = app.sign_in("spec_vp").await;
    let (s, _) = app
        .act(&stranger, &code, json!({"type": "request_payment"}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // The applicant with their proof: in full.
    let (s, v) = app
        .http
        .get(format!("{}{path}", app.base))
        .header("X-Applicant-Id", ID)
        .send()
        .await
        .map(|r| (r.status(), r))
        .expect("request");
    assert_eq!(s, StatusCode::OK);
    let v: Value = v.json().await.expect("json");
    assert_eq!(id_of(&v), ID);
}

async fn the_access_log_records_reads_for_administrators_only(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    add_user(&db, "root", OTHER_AGENCY, "VP", Role::Admin).await;
    let code = dossier_in_qltm(&app).await;
    let path = format!("/api/v1/dossiers/{code}");
    get(&app, "spec", &path).await;
    get(&app, "head", &format!("{path}?reveal=check_identity")).await;
    // The applicant's own read is not processing: not logged.
    app.http
        .get(format!("{}{path}", app.base))
        .header("X-Applicant-Id", ID)
        .send()
        .await
        .expect("request");

    let log = |who: &'static str, query: String| {
        let app = &app;
        async move { get(app, who, &format!("/api/v1/access-log{query}")).await }
    };
    let (s, _) = log("spec", String::new()).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "officers do not read the log");
    let (s, _) = app
        .call(Method::GET, "/api/v1/access-log", None, None)
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, v) = log("root", format!("?dossier={code}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let items = v["items"].as_array().expect("items");
    let row = |user: &str| {
        items
            .iter()
            .find(|i| i["username"] == user)
            .unwrap_or_else(|| panic!("{user} in {v}"))
    };
    let spec = row("spec");
    assert_eq!(spec["purpose"], "read");
    assert_eq!(spec["relation"], "unit");
    assert_eq!(spec["fields"], json!(["name"]), "masked: the name only");
    assert_eq!(spec["door"], "api");
    let head = row("head");
    assert_eq!(head["purpose"], "reveal");
    assert_eq!(head["reason"], "check_identity");
    assert_eq!(head["relation"], "unit_head");
    assert_eq!(head["fields"], json!(["name", "id_number", "phone"]));
    assert!(
        items.iter().all(|i| i["relation"] != "applicant"),
        "the applicant's own read is not logged: {v}"
    );
    let (_, v) = log("root", format!("?dossier={code}&purpose=reveal")).await;
    assert_eq!(v["total"], 1, "{v}");
    let (_, v) = log("root", "?user=nobody".into()).await;
    assert_eq!(v["total"], 0, "{v}");
    let (s, _) = log("root", "?purpose=peek".into()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = log("root", "?from=yesterday".into()).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}
