//! The citizen's filing journey through the portal pages, and officers' API calls to move the
//! filed dossier on: shared by the portal page tests.

use crate::files_support;
use crate::pages_support::{App, Browser, Page};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Business-only, partly online, four required components (demo catalog).
pub const PROCEDURE: &str = "2.000633";
pub const NAME: &str = "Công ty TNHH Rượu Vang Đà Lạt";
pub const TAX_CODE: &str = "0312345678";
pub const PHONE: &str = "0903 456 789";

/// Multipart upload from a page form: the CSRF token rides in the action URL.
pub async fn upload(
    b: &mut Browser,
    path: &str,
    files: &[(&str, Vec<u8>)],
    note: Option<&str>,
) -> Page {
    let fields: Vec<(&str, &str)> = note.map(|n| ("note", n)).into_iter().collect();
    upload_with(b, path, files, &fields).await
}

/// [`upload`] with any text fields (e.g. the button pressed: `go=next`).
pub async fn upload_with(
    b: &mut Browser,
    path: &str,
    files: &[(&str, Vec<u8>)],
    fields: &[(&str, &str)],
) -> Page {
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text((*k).to_owned(), (*v).to_owned());
    }
    for (name, bytes) in files {
        form = form.part(
            "file",
            Part::bytes(bytes.clone()).file_name((*name).to_owned()),
        );
    }
    let sep = if path.contains('?') { '&' } else { '?' };
    let res = b
        .http
        .post(format!("{}{path}{sep}csrf={}", b.base, b.csrf))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    let status = res.status();
    let location = res
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    let html = res.text().await.expect("body");
    Page {
        status,
        location,
        html,
    }
}

pub fn assert_redirect(p: &Page, to: &str) {
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(p.location.as_deref(), Some(to), "{}", p.html);
}

/// Answers every question page (checking each sends to the next).
pub async fn answer_questions(b: &mut Browser) {
    let base = format!("/submit/{PROCEDURE}");
    b.get(&format!("{base}/applicant")).await;
    let p = b
        .post(&format!("{base}/applicant"), &[("kind", "business")])
        .await;
    assert_redirect(&p, &format!("{base}/identity"));
    let p = b
        .post(
            &format!("{base}/identity"),
            &[("name", NAME), ("id_number", TAX_CODE)],
        )
        .await;
    assert_redirect(&p, &format!("{base}/contact"));
    let p = b
        .post(
            &format!("{base}/contact"),
            &[("phone", PHONE), ("email", "")],
        )
        .await;
    assert_redirect(&p, &format!("{base}/address"));
    let p = b
        .post(
            &format!("{base}/address"),
            &[("address", "12 Trần Phú, Phường 4, Đà Lạt")],
        )
        .await;
    assert_redirect(&p, &format!("{base}/request"));
    let p = b
        .post(
            &format!("{base}/request"),
            &[("summary", "Cấp mới giấy phép")],
        )
        .await;
    assert_redirect(&p, &format!("{base}/files/0"));
}

/// Starts the journey in `b` (a fresh draft).
pub async fn start(b: &mut Browser) {
    let page = b.get(&format!("/procedures/{PROCEDURE}")).await;
    assert!(
        page.html.contains(&format!("href=\"/submit/{PROCEDURE}\"")),
        "start button"
    );
    let page = b.get(&format!("/submit/{PROCEDURE}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let p = b.post(&format!("/submit/{PROCEDURE}"), &[]).await;
    assert_redirect(&p, &format!("/submit/{PROCEDURE}/applicant"));
}

/// Uploads a file for each component and continues; ends on the check page.
pub async fn upload_all(b: &mut Browser) {
    let base = format!("/submit/{PROCEDURE}");
    for n in 0..4 {
        let page = b.get(&format!("{base}/files/{n}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.html.contains("PDF, JPEG, PNG"),
            "formats stated: {}",
            page.html
        );
        assert!(
            page.html.contains("10 MB") || page.html.contains("10,0 MB"),
            "{}",
            page.html
        );
        let bytes = if n % 2 == 0 {
            ("don.pdf", files_support::pdf(n * 10))
        } else {
            ("anh.png", files_support::png())
        };
        let p = upload(b, &format!("{base}/files/{n}"), &[bytes], None).await;
        assert_redirect(&p, &format!("{base}/files/{n}"));
        let page = b.get(&format!("{base}/files/{n}")).await;
        assert!(page
            .html
            .contains(if n % 2 == 0 { "don.pdf" } else { "anh.png" }));
        let to = if n == 3 {
            format!("{base}/check")
        } else {
            format!("{base}/files/{}", n + 1)
        };
        let p = b.post(&format!("{base}/files/{n}/next"), &[]).await;
        assert_redirect(&p, &to);
    }
}

pub fn dossier_code(html: &str) -> String {
    let marker = "id=\"dossier-code\">";
    let at = html.find(marker).expect("dossier code on the page") + marker.len();
    html[at..at + html[at..].find('<').expect("end")]
        .trim()
        .to_owned()
}

/// The whole journey; returns the browser (which may see the dossier) and the code.
pub async fn file_dossier(app: &App) -> (Browser, String) {
    let mut b = Browser::new(app);
    start(&mut b).await;
    answer_questions(&mut b).await;
    upload_all(&mut b).await;
    let page = b.get(&format!("/submit/{PROCEDURE}/check")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    let p = b.post(&format!("/submit/{PROCEDURE}/check"), &[]).await;
    assert_redirect(&p, &format!("/submit/{PROCEDURE}/done"));
    let done = b.get(&format!("/submit/{PROCEDURE}/done")).await;
    assert_eq!(done.status, StatusCode::OK);
    (b, dossier_code(&done.html))
}
/// A bearer token for an officer of the demo users.
pub async fn token(app: &App, user: &str) -> String {
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

pub async fn act(app: &App, user: &str, code: &str, command: Value) {
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/dossiers/{code}/actions", app.base))
        .bearer_auth(token(app, user).await)
        .json(&json!({ "command": command }))
        .send()
        .await
        .expect("act");
    let status = res.status();
    let body = res.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::OK, "{user} {command}: {body}");
}

/// The demo user acting for `role` (as the dossier's steps name it).
pub fn user_for(role: &str) -> &'static str {
    match role {
        "desk" => "desk",
        "specialist" => "specialist",
        "head" => "head",
        "director" => "director",
        _ => "clerk",
    }
}

/// Receives the dossier and walks its steps to a signed result carrying `result_file`, ready
/// to return.
pub async fn walk_to_result(app: &App, code: &str, result_file: Value) {
    walk_until(app, code, result_file, "result_ready").await;
}

/// Receives the dossier and walks its steps until its status is `target` (`signed`,
/// `result_ready`…); the director signs with `result_file`.
pub async fn walk_until(app: &App, code: &str, result_file: Value, target: &str) {
    act(app, "desk", code, json!({"type": "receive"})).await;
    let desk = token(app, "desk").await;
    for _ in 0..30 {
        let v: Value = reqwest::Client::new()
            .get(format!("{}/api/v1/dossiers/{code}", app.base))
            .bearer_auth(&desk)
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        let d = &v["dossier"];
        if d["status"] == target {
            return;
        }
        let step = d["step"].as_u64().expect("step") as usize;
        let role = d["steps"][step]["role"].as_str().expect("role").to_owned();
        let user = user_for(&role);
        if d["step_owner"]["kind"] == "unit" {
            act(app, user, code, json!({"type": "claim"})).await;
        }
        match (role.as_str(), d["status"].as_str()) {
            ("director", Some("approved")) => {
                let sign = json!({"type": "sign", "result_number": "15/GP-SCT", "signer": "Phạm Minh Tuấn",
                    "signed_on": "2026-11-30", "files": [result_file.clone()]});
                act(app, user, code, sign).await;
            }
            ("director", Some("signed")) => act(app, user, code, json!({"type": "forward"})).await,
            ("director", _) => act(app, user, code, json!({"type": "approve"})).await,
            ("clerk", _) => act(app, user, code, json!({"type": "mark_result_ready"})).await,
            _ => act(app, user, code, json!({"type": "forward"})).await,
        }
    }
    panic!("{code} never reached {target}");
}

/// A PDF uploaded through the API, as its file reference.
pub async fn uploaded_pdf(app: &App, seed: usize) -> Value {
    let v: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/uploads", app.base))
        .multipart(Form::new().part(
            "file",
            Part::bytes(files_support::pdf(seed)).file_name("kq.pdf"),
        ))
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
    v["files"][0].clone()
}
