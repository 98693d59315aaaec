//! Every branch of the lifecycle over real HTTP on both stores, beyond the main path of
//! `dossiers.rs`: send back, reassign, inter-agency transfer, payment, apology and extension,
//! stop, supplements at intake and in handling, refusal.

mod api_support;
mod online_files;

use api_support::*;
use motcua_domain::Role;
use motcua_store::users::{create_user, set_active, NewUser};
use motcua_store::Db;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    send_back_reassign_and_transfer,
    payment_extension_and_stop,
    supplements_pause_the_clock_and_refusal_ends_intake,
    forward_and_reassign_only_to_an_eligible_officer,
);

/// The other agency of the demo catalog (Sở Tư pháp-like), for liên thông.
const OTHER: &str = "000.00.11.H56";

async fn received_at_desk(app: &App, desk: &str) -> String {
    let mut body = submission();
    body["channel"] = json!("direct");
    let (s, v) = app
        .call(Method::POST, "/api/v1/dossiers", Some(desk), Some(body))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["dossier"]["code"].as_str().expect("code").to_owned()
}

async fn get(app: &App, token: &str, code: &str) -> Value {
    let (s, v) = app
        .call(
            Method::GET,
            &format!("/api/v1/dossiers/{code}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

async fn ok(app: &App, token: &str, code: &str, cmd: Value) -> Value {
    let (s, v) = app.act(token, code, cmd.clone()).await;
    assert_eq!(s, StatusCode::OK, "{cmd}: {v}");
    v
}

async fn send_back_reassign_and_transfer(db: Db, _: String) {
    let app = spawn_app(db).await;
    let desk = app.sign_in("desk").await;
    let spec = app.sign_in("spec").await;
    let head = app.sign_in("head").await;
    let code = received_at_desk(&app, &desk).await;
    ok(&app, &desk, &code, json!({"type": "forward"})).await;
    ok(&app, &spec, &code, json!({"type": "claim"})).await;
    let v = ok(
        &app,
        &spec,
        &code,
        json!({"type": "forward", "note": "Chuyển thẩm định"}),
    )
    .await;
    assert_eq!(v["dossier"]["step"], 2);

    // The head gives step 2 to a named specialist.
    let v = ok(
        &app,
        &head,
        &code,
        json!({"type": "reassign", "to": "spec"}),
    )
    .await;
    assert_eq!(v["dossier"]["step_owner"]["username"], "spec", "{v}");

    // Sending back needs a reason and an earlier step; it goes back to who handled it.
    let (s, v) = app
        .act(
            &spec,
            &code,
            json!({"type": "send_back", "to_step": 1, "reason": " "}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(v["message_vi"].as_str().is_some_and(|m| !m.is_empty()));
    let (s, _) = app
        .act(
            &spec,
            &code,
            json!({"type": "send_back", "to_step": 2, "reason": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let v = ok(
        &app,
        &spec,
        &code,
        json!({"type": "send_back", "to_step": 1, "reason": "Thiếu ý kiến thẩm định"}),
    )
    .await;
    assert_eq!(v["dossier"]["step"], 1);
    assert_eq!(v["dossier"]["step_owner"]["username"], "spec", "{v}");
    ok(&app, &spec, &code, json!({"type": "forward"})).await;

    // Liên thông: another agency's step is inserted after the current one.
    let before = get(&app, &spec, &code).await["dossier"]["steps"]
        .as_array()
        .expect("steps")
        .len();
    let v = ok(
        &app,
        &spec,
        &code,
        json!({"type": "transfer", "agency_code": OTHER, "note": "Lấy ý kiến",
               "steps": [{"name": "Cho ý kiến về địa điểm kinh doanh", "role": "specialist",
                          "unit_code": "PKT", "hours": 8.0}]}),
    )
    .await;
    let d = &v["dossier"];
    assert_eq!(d["steps"].as_array().expect("steps").len(), before + 1);
    assert_eq!(d["step"], 3);
    assert_eq!(d["steps"][3]["agency_code"], OTHER);
    assert_eq!(d["step_owner"]["agency_code"], OTHER, "{v}");
    assert_eq!(d["code"], code.as_str(), "same dossier, same code");
    // SCT's specialist cannot act on the other agency's step.
    let (s, v) = app.act(&spec, &code, json!({"type": "claim"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    let (_, events) = app
        .call(
            Method::GET,
            &format!("/api/v1/dossiers/{code}/events"),
            Some(&spec),
            None,
        )
        .await;
    let kinds: Vec<&str> = events
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["kind"]["type"].as_str())
        .collect();
    for k in ["reassigned", "sent_back", "transferred"] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
}

async fn payment_extension_and_stop(db: Db, _: String) {
    let app = spawn_app(db).await;
    let desk = app.sign_in("desk").await;
    let spec = app.sign_in("spec").await;
    let head = app.sign_in("head").await;
    let code = received_at_desk(&app, &desk).await;
    ok(&app, &desk, &code, json!({"type": "forward"})).await;
    ok(&app, &spec, &code, json!({"type": "claim"})).await;

    let v = ok(
        &app,
        &spec,
        &code,
        json!({"type": "request_payment", "amount_vnd": 1_200_000}),
    )
    .await;
    assert_eq!(v["national_status"], 6);
    assert_eq!(v["national_code"], "paying");
    let v = ok(
        &app,
        &desk,
        &code,
        json!({"type": "record_payment", "method": "transfer"}),
    )
    .await;
    assert_eq!(v["national_status"], 4, "{v}");

    // Apology and new appointment: the head, once, later than the appointment.
    let due: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(v["dossier"]["due_at"].clone()).expect("due");
    let original = v["dossier"]["original_due_at"].clone();
    let (s, v) = app
        .act(
            &spec,
            &code,
            json!({"type": "extend", "reason": "x", "new_due": due + chrono::Duration::days(3)}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "specialists cannot extend: {v}");
    let (s, v) = app
        .act(
            &head,
            &code,
            json!({"type": "extend", "reason": "Chờ ý kiến", "new_due": due}),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not later than the appointment: {v}"
    );
    let new_due = due + chrono::Duration::days(3);
    let v = ok(
        &app,
        &head,
        &code,
        json!({"type": "extend", "reason": "Cần xác minh thực tế địa điểm", "new_due": new_due}),
    )
    .await;
    let moved: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(v["dossier"]["due_at"].clone()).expect("due");
    assert_eq!(moved, new_due);
    assert_eq!(
        v["dossier"]["original_due_at"], original,
        "reports keep the original"
    );
    let (s, v) = app
        .act(
            &head,
            &code,
            json!({"type": "extend", "reason": "Lần nữa", "new_due": new_due + chrono::Duration::days(1)}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "limit_reached");

    // Stop: the head ends handling with a reason; nothing more can happen.
    let (s, _) = app
        .act(&head, &code, json!({"type": "stop", "reason": ""}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let v = ok(
        &app,
        &head,
        &code,
        json!({"type": "stop", "reason": "Doanh nghiệp giải thể"}),
    )
    .await;
    assert_eq!(v["national_status"], 8);
    assert_eq!(v["national_code"], "unresolved");
    let (s, v) = app.act(&spec, &code, json!({"type": "forward"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["error"], "wrong_state");
}

async fn as_applicant(app: &App, code: &str, cmd: Value) -> (StatusCode, Value) {
    let r = app
        .http
        .post(format!("{}/api/v1/dossiers/{code}/actions", app.base))
        .header("X-Applicant-Id", "4201234567")
        .json(&json!({"command": cmd}))
        .send()
        .await
        .expect("request");
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

async fn supplements_pause_the_clock_and_refusal_ends_intake(db: Db, _: String) {
    let app = spawn_app(db).await;
    let desk = app.sign_in("desk").await;
    let spec = app.sign_in("spec").await;
    let online = || async {
        let (s, v) = app
            .call(Method::POST, "/api/v1/dossiers", None, Some(submission()))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["dossier"]["code"].as_str().expect("code").to_owned()
    };

    // At intake: guidance to supplement (form 02), the applicant completes, the desk receives.
    let code = online().await;
    let v = ok(
        &app,
        &desk,
        &code,
        json!({"type": "guide_to_supplement", "missing": ["Bản sao Giấy chứng nhận đăng ký doanh nghiệp"],
               "reason": "Thiếu thành phần hồ sơ"}),
    )
    .await;
    assert_eq!(v["dossier"]["status"], "intake_supplement", "{v}");
    let (s, v) = as_applicant(
        &app,
        &code,
        json!({"type": "supplement", "note": "Đã bổ sung"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["national_status"], 1, "back to the desk: {v}");
    ok(&app, &desk, &code, json!({"type": "receive"})).await;
    ok(&app, &desk, &code, json!({"type": "forward"})).await;
    ok(&app, &spec, &code, json!({"type": "claim"})).await;

    // In handling: the request pauses the clock, the supplement resumes it and the
    // appointment moves later; a second request is refused (one per dossier by default).
    let v = ok(
        &app,
        &spec,
        &code,
        json!({"type": "request_supplement", "missing": ["Hợp đồng thuê kho"], "reason": "Cần hợp đồng"}),
    )
    .await;
    assert_eq!(v["national_status"], 5);
    let due_before = v["dossier"]["due_at"].clone();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (s, v) = as_applicant(&app, &code, json!({"type": "supplement"})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["national_status"], 4);
    assert_eq!(v["dossier"]["pauses"].as_array().expect("pauses").len(), 1);
    assert!(v["dossier"]["pauses"][0]["end"].is_string(), "{v}");
    let due_after = v["dossier"]["due_at"].clone();
    let before: chrono::DateTime<chrono::Utc> = serde_json::from_value(due_before).expect("due");
    let after: chrono::DateTime<chrono::Utc> = serde_json::from_value(due_after).expect("due");
    assert!(
        after >= before,
        "the paused time is added back: {before} → {after}"
    );
    let (s, v) = app
        .act(
            &spec,
            &code,
            json!({"type": "request_supplement", "missing": ["x"], "reason": "y"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "limit_reached");

    // Refusal at intake (form 03) ends the dossier.
    let code = online().await;
    let v = ok(
        &app,
        &desk,
        &code,
        json!({"type": "refuse_intake", "reasons": ["Không thuộc thẩm quyền giải quyết"]}),
    )
    .await;
    assert_eq!(v["national_status"], 3);
    assert_eq!(v["national_code"], "denied");
}

/// An officer account of SCT with `role` in `unit`, `active` or not.
async fn officer(db: &Db, name: &str, role: Role, unit: &str, active: bool) {
    let id = create_user(
        db,
        &NewUser {
            username: name.into(),
            full_name: format!("Cán bộ {name}"),
            email: None,
            password_hash: "x".into(),
            agency_code: Some(SCT.into()),
            unit_code: Some(unit.into()),
            roles: vec![role],
        },
    )
    .await
    .expect("user");
    if !active {
        set_active(db, id, false).await.expect("deactivate");
    }
}

/// The API may name who holds a step only among the officers the dossier page would list: an
/// account that exists, is active, and has the step's role in its agency and unit. Anything
/// else is refused with a message in both languages, and nothing is written.
async fn forward_and_reassign_only_to_an_eligible_officer(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    officer(&db, "spec_off", Role::Specialist, "QLTM", false).await;
    officer(&db, "spec_vp", Role::Specialist, "VP", true).await;
    officer(&db, "spec2", Role::Specialist, "QLTM", true).await;
    let desk = app.sign_in("desk").await;
    let spec = app.sign_in("spec").await;
    let head = app.sign_in("head").await;
    let code = received_at_desk(&app, &desk).await;
    ok(&app, &desk, &code, json!({"type": "forward"})).await;
    ok(&app, &spec, &code, json!({"type": "claim"})).await;
    let before = get(&app, &spec, &code).await["dossier"]["version"].clone();

    // Step 2 is a QLTM specialist's.
    for (who, why) in [
        ("nobody", "no such account"),
        ("spec_off", "deactivated"),
        ("spec_vp", "another unit"),
        ("head", "another role"),
        ("director", "another role and unit"),
    ] {
        let (s, v) = app
            .act(&spec, &code, json!({"type": "forward", "to_user": who}))
            .await;
        assert!(s.is_client_error(), "forward to {who} ({why}): {s} {v}");
        assert!(
            v["message_vi"].as_str().is_some_and(|m| m.contains(who))
                && v["message_en"].as_str().is_some_and(|m| m.contains(who)),
            "{v}"
        );
    }
    let d = get(&app, &spec, &code).await;
    assert_eq!(d["dossier"]["version"], before, "nothing written");
    assert_eq!(d["dossier"]["step"], 1);

    // An eligible one is accepted; then the head may reassign only within the step's rule.
    let v = ok(
        &app,
        &spec,
        &code,
        json!({"type": "forward", "to_user": "spec2"}),
    )
    .await;
    assert_eq!(v["dossier"]["step_owner"]["username"], "spec2", "{v}");
    let before = v["dossier"]["version"].clone();
    for who in ["clerk", "spec_off", " ghost "] {
        let (s, v) = app
            .act(&head, &code, json!({"type": "reassign", "to": who}))
            .await;
        assert!(s.is_client_error(), "reassign to {who}: {s} {v}");
        assert!(v["message_vi"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(get(&app, &head, &code).await["dossier"]["version"], before);
    let v = ok(
        &app,
        &head,
        &code,
        json!({"type": "reassign", "to": "spec"}),
    )
    .await;
    assert_eq!(v["dossier"]["step_owner"]["username"], "spec", "{v}");
}
