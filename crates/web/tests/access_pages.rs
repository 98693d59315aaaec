//! Least privilege on the pages (issue #18), both stores: the officer's dossier page masks the
//! applicant's identity number and phone for a part that does not need them, "Hiện đầy đủ"
//! (a POST with a reason) shows them and is logged, a reporter may not reveal, and the
//! administrators' access-log page and its CSV show who read what.

mod online_files;
mod pages_support;

use motcua_store::Db;
use pages_support::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(reveal_on_the_page_is_deliberate_and_logged);

const PROCEDURE: &str = "2.000633";
const ID: &str = "001199001234";

async fn token(app: &App, user: &str) -> String {
    let v: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/sessions", app.base))
        .json(&json!({"username": user, "password": format!("pw-{user}")}))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("json");
    v["token"].as_str().expect("token").to_owned()
}

/// Received at the desk and forwarded to the QLTM specialists' queue.
async fn dossier(app: &App) -> String {
    let http = reqwest::Client::new();
    let desk = token(app, "desk").await;
    let v: Value = http
        .post(format!("{}/api/v1/dossiers", app.base))
        .bearer_auth(&desk)
        .json(&json!({
            "procedure_code": PROCEDURE, "channel": "direct",
            "applicant": {"name": "Nguyễn Thị Mai", "id_number": ID, "phone": "0912345678",
                          "address": "12 Hàng Bạc, Hoàn Kiếm, Hà Nội", "kind": "citizen"},
            "files": online_files::complete_files(PROCEDURE)
        }))
        .send()
        .await
        .expect("submit")
        .json()
        .await
        .expect("json");
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    let r = http
        .post(format!("{}/api/v1/dossiers/{code}/actions", app.base))
        .bearer_auth(&desk)
        .json(&json!({"command": {"type": "forward"}}))
        .send()
        .await
        .expect("forward");
    assert_eq!(r.status(), StatusCode::OK);
    code
}

async fn reveal_on_the_page_is_deliberate_and_logged(db: Db, _: String) {
    let app = spawn_app(db).await;
    let code = dossier(&app).await;
    let page = format!("/work/dossiers/{code}");

    // The desk that received it: in full, nothing to reveal.
    let mut desk = Browser::signed_in(&app, "desk").await;
    let p = desk.get(&page).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains(ID) && !p.html.contains("/reveal\""), "desk");

    // The unit's specialist: masked, with the reveal form.
    let mut spec = Browser::signed_in(&app, "specialist").await;
    let p = spec.get(&page).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(!p.html.contains(ID), "masked for the unit");
    assert!(p.html.contains("0•••••••1234"), "{}", p.html);
    assert!(p.html.contains("…, Hoàn Kiếm, Hà Nội"));
    assert!(!p.html.contains("12 Hàng Bạc"));
    assert!(p
        .html
        .contains(&format!("action=\"/work/dossiers/{code}/reveal\"")));
    assert!(p.html.contains("Hiện đầy đủ"));
    // A reveal needs a reason from the list.
    let p = spec
        .post(&format!("{page}/reveal"), &[("reason", "curious")])
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    spec.get(&page).await;
    let p = spec
        .post(
            &format!("{page}/reveal"),
            &[("reason", "contact_applicant")],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.html.contains(ID) && p.html.contains("12 Hàng Bạc"),
        "revealed"
    );
    assert!(p.html.contains("Liên hệ với người nộp hồ sơ"));
    // Read again: masked again (a reveal is for that view).
    let p = spec.get(&page).await;
    assert!(!p.html.contains(ID));

    // A reporter sees it masked and may not reveal.
    let mut reporter = Browser::signed_in(&app, "reporter").await;
    let p = reporter.get(&page).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(!p.html.contains(ID) && !p.html.contains("/reveal\""));
    let p = reporter
        .post(&format!("{page}/reveal"), &[("reason", "inspection")])
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);

    // The log: administrators only, filtered, and as CSV.
    let p = spec.get("/admin/access-log").await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let mut admin = Browser::signed_in(&app, "admin").await;
    let p = admin
        .get(&format!("/admin/access-log?dossier={code}&purpose=reveal"))
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("specialist") && p.html.contains("Liên hệ với người nộp hồ sơ"));
    assert!(!p.html.contains(">desk<"), "the filter keeps reveals only");
    let p = admin
        .get(&format!("/admin/access-log?dossier={code}&format=csv"))
        .await;
    assert_eq!(p.status, StatusCode::OK);
    let lines: Vec<&str> = p.html.lines().collect();
    assert!(lines[0].starts_with("at_utc,username,agency,relation,purpose,reason"));
    let reveal = lines
        .iter()
        .find(|l| l.contains(",reveal,"))
        .expect("the reveal row");
    assert!(
        reveal.contains(",specialist,")
            && reveal.contains(",unit,")
            && reveal.contains("contact_applicant")
            && reveal.contains("name,id_number,phone,address")
            && reveal.contains(",page"),
        "{reveal}"
    );
    // desk read (full), specialist read ×2 + reveal, reporter read: five rows at least.
    assert!(lines.len() > 5, "{}", p.html);
    assert!(lines
        .iter()
        .any(|l| l.contains(",desk,") && l.contains(",read,")));
}
