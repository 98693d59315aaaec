//! The dossier lifecycle over real HTTP, on SQLite always and on PostgreSQL when
//! `MOTCUA_TEST_POSTGRES_URL` is set: submission, intake, handling to the result and its
//! return, idempotent retries, race-free codes and conflicting actions.

mod api_support;
mod online_files;

use api_support::*;
use motcua_domain::Role;
use motcua_store::Db;
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    online_dossier_goes_from_submission_to_returned_result,
    retried_submission_returns_the_same_dossier,
    concurrent_intakes_get_distinct_sequential_codes,
    conflicting_actions_one_wins_the_other_gets_409,
    applicants_see_only_their_own_dossier,
    errors_are_clear_and_change_nothing,
    an_officer_without_a_unit_has_an_empty_queue,
    the_appointment_is_explained_as_data,
);

/// Issue #22, item 1, through the API: why the appointment is that date, day by day; the
/// counted minutes add up to the committed time and end on the appointment the dossier shows.
async fn the_appointment_is_explained_as_data(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (s, v) = app
        .call(
            reqwest::Method::POST,
            "/api/v1/dossiers",
            None,
            Some(submission()),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    let path = format!("/api/v1/dossiers/{code}/appointment");
    let desk = app.sign_in("desk").await;
    let (s, v) = app
        .call(reqwest::Method::GET, &path, Some(&desk), None)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "not received yet: {v}");
    let (s, received) = app.act(&desk, &code, json!({"type": "receive"})).await;
    assert_eq!(s, StatusCode::OK, "{received}");
    let (s, v) = app
        .call(reqwest::Method::GET, &path, Some(&desk), None)
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // 2.000633: 10 working days of 8 hours.
    assert_eq!(v["counted_minutes"], 10 * 8 * 60, "{v}");
    let days = v["days"].as_array().expect("days");
    let sum: i64 = days
        .iter()
        .map(|d| d["counted_minutes"].as_i64().expect("minutes"))
        .sum();
    assert_eq!(sum, 10 * 8 * 60, "{v}");
    for d in days {
        if ["weekly_rest", "holiday", "day_off"].contains(&d["kind"].as_str().expect("kind")) {
            assert_eq!(d["counted_minutes"], 0, "{d}");
        }
    }
    let instant = |x: &Value| {
        chrono::DateTime::parse_from_rfc3339(x.as_str().expect("instant")).expect("rfc3339")
    };
    assert_eq!(
        instant(&v["due_at"]),
        instant(&received["dossier"]["due_at"])
    );
    assert_eq!(instant(&v["counted_due"]), instant(&v["due_at"]));
    assert!(
        v["start_reason"].is_string() && v["extensions"] == json!([]),
        "{v}"
    );
    // Nobody else learns it (the authorization matrix tries every kind of user).
    let (s, _) = app.call(reqwest::Method::GET, &path, None, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn online_dossier_goes_from_submission_to_returned_result(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (s, v) = app
        .call(
            reqwest::Method::POST,
            "/api/v1/dossiers",
            None,
            Some(submission()),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    assert!(
        code.starts_with("000.17.22.H56-") && code.ends_with("-0001"),
        "{code}"
    );
    assert_eq!(v["national_status"], 1);
    assert_eq!(v["national_code"], "receiving");

    let tokens: Vec<(Role, String)> = {
        let mut t = Vec::new();
        for (name, _, role) in STAFF {
            t.push((*role, app.sign_in(name).await));
        }
        t
    };
    let token = |r: Role| {
        tokens
            .iter()
            .find(|(x, _)| *x == r)
            .map(|(_, t)| t.clone())
            .expect("token")
    };

    // The desk sees the online submission in its inbox and receives it.
    let (s, inbox) = app
        .call(
            reqwest::Method::GET,
            "/api/v1/inbox",
            Some(&token(Role::Desk)),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{inbox}");
    assert!(
        inbox["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|i| i["code"] == code.as_str()),
        "{inbox}"
    );
    let (s, v) = app
        .act(&token(Role::Desk), &code, json!({"type": "receive"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["national_code"], "new");
    assert!(v["dossier"]["due_at"].is_string());
    assert!(v["clock"]["dossier"]["state"].is_string());
    let (_, inbox) = app
        .call(
            reqwest::Method::GET,
            "/api/v1/inbox?scope=mine",
            Some(&token(Role::Desk)),
            None,
        )
        .await;
    let line = inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["code"] == code.as_str())
        .cloned();
    assert_eq!(
        line.expect("received dossier is the desk's")["state"],
        "within_time",
        "{inbox}"
    );

    // Walk the internal procedure: whoever the current step belongs to claims and acts.
    for _ in 0..20 {
        let (_, v) = app
            .call(
                reqwest::Method::GET,
                &format!("/api/v1/dossiers/{code}"),
                Some(&token(Role::Desk)),
                None,
            )
            .await;
        let d = &v["dossier"];
        if d["status"] == "result_ready" {
            break;
        }
        let step = d["step"].as_u64().expect("step") as usize;
        let role: Role = serde_json::from_value(d["steps"][step]["role"].clone()).expect("role");
        let t = token(role);
        if d["step_owner"]["kind"] == "unit" {
            let (s, v) = app.act(&t, &code, json!({"type": "claim"})).await;
            assert_eq!(s, StatusCode::OK, "claim at step {step}: {v}");
        }
        match role {
            Role::Director => {
                for cmd in [
                    json!({"type": "approve"}),
                    json!({"type": "sign", "result_number": "15/GP-SCT", "signer": "Phạm Minh Tuấn", "signed_on": "2026-11-30"}),
                    json!({"type": "forward"}),
                ] {
                    let (s, v) = app.act(&t, &code, cmd.clone()).await;
                    assert_eq!(s, StatusCode::OK, "{cmd}: {v}");
                }
            }
            Role::Clerk => {
                let (s, v) = app
                    .act(&t, &code, json!({"type": "mark_result_ready"}))
                    .await;
                assert_eq!(s, StatusCode::OK, "{v}");
            }
            _ => {
                let (s, v) = app
                    .act(
                        &t,
                        &code,
                        json!({"type": "forward", "note": "Đủ điều kiện"}),
                    )
                    .await;
                assert_eq!(s, StatusCode::OK, "forward at step {step}: {v}");
            }
        }
    }
    let (s, v) = app
        .act(
            &token(Role::Desk),
            &code,
            json!({"type": "return_result", "channel": "desk", "received_by": "Nguyễn Văn Bình"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["national_status"], 10);
    assert_eq!(v["dossier"]["result"]["number"], "15/GP-SCT");
    assert!(v["timeliness"].is_string(), "{v}");

    // Every change is in the log, in order, and replays to the stored state.
    let (s, events) = app
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/dossiers/{code}/events"),
            Some(&token(Role::Desk)),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let events = events.as_array().expect("events");
    assert_eq!(
        events.len() as i64,
        v["dossier"]["version"].as_i64().expect("version")
    );
    assert_eq!(events[0]["kind"]["type"], "submitted");
    assert_eq!(events.last().expect("last")["to"], "returned");
}

async fn retried_submission_returns_the_same_dossier(db: Db, _: String) {
    let app = spawn_app(db).await;
    let send = || async {
        let r = app
            .http
            .post(format!("{}/api/v1/dossiers", app.base))
            .header("Idempotency-Key", "2f1c7a9e-retry")
            .json(&submission())
            .send()
            .await
            .expect("request");
        (r.status(), r.json::<Value>().await.expect("json"))
    };
    let (s1, a) = send().await;
    let (s2, b) = send().await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::OK));
    assert_eq!(a["dossier"]["code"], b["dossier"]["code"]);
    // A new key is a new dossier.
    let (s, c) = app
        .call(
            reqwest::Method::POST,
            "/api/v1/dossiers",
            None,
            Some(submission()),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_ne!(c["dossier"]["code"], a["dossier"]["code"]);
}

async fn concurrent_intakes_get_distinct_sequential_codes(db: Db, _: String) {
    let app = spawn_app(db).await;
    let desk = app.sign_in("desk").await;
    let mut tasks = Vec::new();
    for i in 0..12 {
        let http = app.http.clone();
        let url = format!("{}/api/v1/dossiers", app.base);
        let desk = desk.clone();
        let mut body = submission();
        body["channel"] = json!(if i % 2 == 0 { "direct" } else { "postal" });
        tasks.push(tokio::spawn(async move {
            let r = http
                .post(url)
                .bearer_auth(desk)
                .json(&body)
                .send()
                .await
                .expect("request");
            assert_eq!(r.status(), StatusCode::CREATED);
            let v: Value = r.json().await.expect("json");
            assert_eq!(v["national_code"], "new", "desk intake is received at once");
            v["dossier"]["code"].as_str().expect("code").to_owned()
        }));
    }
    let mut seqs = Vec::new();
    for t in tasks {
        let code = t.await.expect("task");
        seqs.push(
            code.rsplit('-')
                .next()
                .expect("seq")
                .parse::<u32>()
                .expect("number"),
        );
    }
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=12).collect::<Vec<_>>());
}

async fn conflicting_actions_one_wins_the_other_gets_409(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (_, v) = app
        .call(
            reqwest::Method::POST,
            "/api/v1/dossiers",
            None,
            Some(submission()),
        )
        .await;
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    let version = v["dossier"]["version"].as_i64().expect("version");
    let desk = app.sign_in("desk").await;
    let body = |cmd: Value| json!({"expected_version": version, "command": cmd});
    let url = format!("{}/api/v1/dossiers/{code}/actions", app.base);
    let (a, b) = tokio::join!(
        app.http
            .post(&url)
            .bearer_auth(&desk)
            .json(&body(json!({"type": "receive"})))
            .send(),
        app.http
            .post(&url)
            .bearer_auth(&desk)
            .json(&body(
                json!({"type": "refuse_intake", "reasons": ["Không thuộc thẩm quyền"]})
            ))
            .send(),
    );
    let (a, b) = (a.expect("a"), b.expect("b"));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let loser = if a.status() == StatusCode::CONFLICT {
        a
    } else {
        b
    };
    let err: Value = loser.json().await.expect("json");
    assert_eq!(err["error"], "conflict");
    assert_eq!(err["current_version"], version + 1);
    assert!(err["message_vi"].as_str().is_some_and(|m| !m.is_empty()));
}

async fn applicants_see_only_their_own_dossier(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (_, v) = app
        .call(
            reqwest::Method::POST,
            "/api/v1/dossiers",
            None,
            Some(submission()),
        )
        .await;
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    let get = |id: Option<&'static str>| {
        let mut r = app.http.get(format!("{}/api/v1/dossiers/{code}", app.base));
        if let Some(id) = id {
            r = r.header("X-Applicant-Id", id);
        }
        async move { r.send().await.expect("request").status() }
    };
    assert_eq!(get(None).await, StatusCode::NOT_FOUND);
    assert_eq!(get(Some("0000000000")).await, StatusCode::NOT_FOUND);
    assert_eq!(get(Some("4201234567")).await, StatusCode::OK);
    assert_eq!(
        get(Some("0258.3.822.111")).await,
        StatusCode::OK,
        "phone, formatted differently"
    );
    // The applicant withdraws with the same proof; officers may not act as the applicant.
    let r = app
        .http
        .post(format!("{}/api/v1/dossiers/{code}/actions", app.base))
        .header("X-Applicant-Id", "4201234567")
        .json(&json!({"command": {"type": "withdraw", "reason": "Nộp nhầm thủ tục"}}))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["national_code"], "cancelled");
}

async fn errors_are_clear_and_change_nothing(db: Db, _: String) {
    let app = spawn_app(db).await;
    // Unknown procedure.
    let mut body = submission();
    body["procedure_code"] = json!("9.999999");
    let (s, v) = app
        .call(reqwest::Method::POST, "/api/v1/dossiers", None, Some(body))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
    // Online without a file for each required component: refused, naming what is missing.
    let mut body = submission();
    let missing = body["files"][2]["component"].clone();
    body["files"].as_array_mut().expect("files").remove(2);
    let (s, v) = app
        .call(reqwest::Method::POST, "/api/v1/dossiers", None, Some(body))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let missing = missing.as_str().expect("a component name");
    assert!(
        v["message_vi"]
            .as_str()
            .is_some_and(|m| m.contains(missing))
            && v["message_en"]
                .as_str()
                .is_some_and(|m| m.contains(missing)),
        "{v}"
    );
    // No way to look it up later.
    let mut body = submission();
    body["applicant"] = json!({"name": "Nguyễn Văn A"});
    let (s, v) = app
        .call(reqwest::Method::POST, "/api/v1/dossiers", None, Some(body))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(v["message_vi"].is_string() && v["message_en"].is_string());
    // Malformed JSON.
    let r = app
        .http
        .post(format!("{}/api/v1/dossiers", app.base))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // An anonymous desk intake, a wrong password, a specialist acting on an unreceived dossier.
    let mut body = submission();
    body["channel"] = json!("direct");
    let (s, _) = app
        .call(reqwest::Method::POST, "/api/v1/dossiers", None, Some(body))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = app
        .call(
            reqwest::Method::POST,
            "/api/v1/sessions",
            None,
            Some(json!({"username": "desk", "password": "wrong"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(v["message_vi"]
        .as_str()
        .is_some_and(|m| m.contains("mật khẩu")));
    let (_, v) = app
        .call(
            reqwest::Method::POST,
            "/api/v1/dossiers",
            None,
            Some(submission()),
        )
        .await;
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    let spec = app.sign_in("spec").await;
    // Not received yet, it has not reached the specialist's unit: they have no part in it
    // (least privilege), so it is not there for them at all.
    let (s, v) = app.act(&spec, &code, json!({"type": "forward"})).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
    assert!(v["message_en"].is_string());
    let (s, v) = app
        .act(&spec, &code, json!({"type": "no_such_command"}))
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let desk = app.sign_in("desk").await;
    let (_, v) = app
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/dossiers/{code}"),
            Some(&desk),
            None,
        )
        .await;
    assert_eq!(v["dossier"]["version"], 1, "nothing changed");
    // A token that is not valid.
    let (s, _) = app
        .call(
            reqwest::Method::GET,
            "/api/v1/inbox",
            Some("nonsense"),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

/// `GET /api/v1/inbox?scope=queue` for an officer with no unit (and not the desk) lists
/// nothing — it used to list every open dossier of every agency; `scope=agency` without an
/// agency likewise. The `/work` page always answered so; both now share one use case.
async fn an_officer_without_a_unit_has_an_empty_queue(db: Db, _: String) {
    use motcua_store::users::{create_user, NewUser};
    let app = spawn_app(db.clone()).await;
    for (name, agency) in [("loose", Some(SCT)), ("nowhere", None)] {
        let hash = motcua_app::auth::hash_password(&format!("pw-{name}")).expect("hash");
        create_user(
            &db,
            &NewUser {
                username: name.into(),
                full_name: format!("Cán bộ {name}"),
                email: None,
                password_hash: hash,
                agency_code: agency.map(str::to_owned),
                unit_code: None,
                roles: vec![Role::Specialist],
            },
        )
        .await
        .expect("user");
    }
    let desk = app.sign_in("desk").await;
    let mut body = submission();
    body["channel"] = json!("direct");
    let (s, v) = app
        .call(
            reqwest::Method::POST,
            "/api/v1/dossiers",
            Some(&desk),
            Some(body),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let inbox = |who: String, scope: &'static str| {
        let app = &app;
        async move {
            let (s, v) = app
                .call(
                    reqwest::Method::GET,
                    &format!("/api/v1/inbox?scope={scope}"),
                    Some(&who),
                    None,
                )
                .await;
            assert_eq!(s, StatusCode::OK, "{v}");
            v["total"].as_i64().expect("total")
        }
    };
    let loose = app.sign_in("loose").await;
    let nowhere = app.sign_in("nowhere").await;
    assert_eq!(inbox(loose.clone(), "queue").await, 0);
    assert_eq!(inbox(loose.clone(), "all").await, 0);
    assert_eq!(
        inbox(loose, "agency").await,
        0,
        "least privilege: a specialist's agency tab is what they hold and their queue"
    );
    assert_eq!(inbox(nowhere.clone(), "queue").await, 0);
    assert_eq!(inbox(nowhere, "agency").await, 0);
    assert_eq!(inbox(desk, "agency").await, 1);
}
