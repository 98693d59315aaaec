//! Trust (issue 18) over real HTTP, on SQLite always and on PostgreSQL when
//! `MOTCUA_TEST_POSTGRES_URL` is set: the officer's dossier page says whether the record
//! verifies and warns when an event was altered with raw SQL; an `Idempotency-Key` answers only
//! its sender; `X-Applicant-Id` shares the lookup's wrong-attempt limit, kept in the database
//! (a second server on the same database — a restart — keeps the lock).

mod online_files;
mod pages_support;
mod work_support;

use motcua_store::Db;
use pages_support::{complete_files, spawn_app};
use reqwest::StatusCode;
use serde_json::{json, Value};
use work_support::*;

motcua_store::on_both_stores!(
    the_dossier_page_says_whether_the_record_verifies,
    an_idempotency_key_answers_only_its_sender,
    applicant_id_attempts_share_the_lookup_limit_across_restarts,
);

async fn exec(db: &Db, sql: &str, code: &str) {
    let n = motcua_store::testing::execute(db, sql, code)
        .await
        .expect(sql);
    assert_eq!(n, 1, "{sql}");
}

async fn the_dossier_page_says_whether_the_record_verifies(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let mut b = signed_in(&app, "desk").await;
    let code = intake(&mut b, WHOLESALE, "Công ty TNHH Toàn Vẹn").await;
    let page = b.get(&format!("/work/dossiers/{code}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.html.contains("data-record=\"verified\""),
        "{}",
        page.html
    );
    assert!(page.html.contains("Hồ sơ toàn vẹn"));

    // Someone with database access changes the intake note of event 1.
    exec(
        &db,
        "UPDATE dossier_events SET data = REPLACE(data, 'quầy số 3', 'quầy số 4')
         WHERE seq = 1 AND dossier_id = (SELECT id FROM dossiers WHERE code = $1)",
        &code,
    )
    .await;
    let page = b.get(&format!("/work/dossiers/{code}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.html.contains("data-record=\"broken\""),
        "{}",
        page.html
    );
    assert!(
        page.html
            .contains(&format!("sự kiện 1 của hồ sơ {code} đã bị sửa: hash ")),
        "{}",
        page.html
    );
    let en = b.get(&format!("/work/dossiers/{code}?lang=en")).await;
    assert!(en
        .html
        .contains(&format!("dossier {code}: event 1 changed: hash ")));
}

fn body(name: &str, id: &str) -> Value {
    json!({
        "procedure_code": WHOLESALE,
        "applicant": {"name": name, "id_number": id, "kind": "business", "address": "12 Lê Lợi"},
        "files": complete_files(WHOLESALE)
    })
}

async fn submit(base: &str, key: &str, b: &Value) -> (StatusCode, String) {
    let res = reqwest::Client::new()
        .post(format!("{base}/api/v1/dossiers"))
        .header("Idempotency-Key", key)
        .json(b)
        .send()
        .await
        .expect("submit");
    (res.status(), res.text().await.expect("body"))
}

async fn an_idempotency_key_answers_only_its_sender(db: Db, _: String) {
    let app = spawn_app(db).await;
    let victim = body("Trần Thị Bí Mật", "079188009999");
    let (s, first) = submit(&app.base, "key-1", &victim).await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    let code = serde_json::from_str::<Value>(&first).unwrap()["dossier"]["code"].clone();
    // The sender's retry: the same dossier.
    let (s, again) = submit(&app.base, "key-1", &victim).await;
    assert_eq!(s, StatusCode::OK, "{again}");
    assert_eq!(
        serde_json::from_str::<Value>(&again).unwrap()["dossier"]["code"],
        code
    );
    // Someone else with the key: refused, nothing of the first sender's dossier.
    let (s, other) = submit(&app.base, "key-1", &body("Kẻ Lạ", "001099000001")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{other}");
    for secret in [
        "Bí Mật",
        "079188009999",
        "12 Lê Lợi",
        code.as_str().unwrap(),
    ] {
        assert!(!other.contains(secret), "{secret} leaked: {other}");
    }
    assert!(other.contains("idempotency_key_reused"), "{other}");
}

async fn get_with_id(base: &str, code: &str, id: &str) -> StatusCode {
    reqwest::Client::new()
        .get(format!("{base}/api/v1/dossiers/{code}"))
        .header("X-Applicant-Id", id)
        .send()
        .await
        .expect("get")
        .status()
}

async fn applicant_id_attempts_share_the_lookup_limit_across_restarts(db: Db, url: String) {
    let app = spawn_app(db).await;
    let code = submit_online(&app, "Công ty Giới Hạn").await;
    let right = "079123456789";
    assert_eq!(get_with_id(&app.base, &code, right).await, StatusCode::OK);
    let mut refused = Vec::new();
    for i in 0..30 {
        refused.push(get_with_id(&app.base, &code, &format!("0000000000{i:02}")).await);
    }
    assert!(
        refused[..10].iter().all(|s| *s == StatusCode::NOT_FOUND),
        "{refused:?}"
    );
    assert!(
        refused[10..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{refused:?}"
    );
    // Locked: the right id too, and the public lookup of the same code (one limit).
    assert_eq!(
        get_with_id(&app.base, &code, right).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    let lookup = reqwest::get(format!("{}/api/v1/lookup/{code}?key={right}", app.base))
        .await
        .expect("lookup");
    assert_eq!(lookup.status(), StatusCode::TOO_MANY_REQUESTS);

    // A second server on the same database (a restart, or another node) keeps the lock.
    let db2 = Db::connect(&url).await.expect("reconnect");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base2 = format!("http://{}", listener.local_addr().expect("addr"));
    let state = motcua_web::AppState::new(
        motcua_app::App::open(db2, app.files.path().to_path_buf())
            .await
            .expect("app"),
    )
    .expect("state");
    tokio::spawn(motcua_web::serve(listener, state, std::future::pending()));
    assert_eq!(
        get_with_id(&base2, &code, right).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}
