//! What the workspace and desk page tests share: counter intake, acting from the dossier page,
//! reading the version a page was drawn from, an online submission, a small PDF.

#![allow(dead_code)]

use motcua_store::dossiers;
use reqwest::StatusCode;
use serde_json::json;

use crate::pages_support::{complete_files, App, Browser, Page};

/// Bán buôn rượu, 10 working days: desk → specialist → specialist → head → director → clerk
/// → desk.
pub const WHOLESALE: &str = "2.000633";
/// Its amendment, 5 working days: desk → specialist → head → director → clerk → desk.
pub const AMENDMENT: &str = "2.000629";

pub fn version_in(html: &str) -> String {
    let key = "name=\"version\" value=\"";
    let at = html.find(key).expect("a form with the version") + key.len();
    html[at..at + html[at..].find('"').expect("end")].to_owned()
}

pub async fn signed_in(app: &App, user: &str) -> Browser {
    let mut b = Browser::new(app);
    b.sign_in(user).await;
    b
}

/// Counter intake of `procedure` by the desk; returns the new code.
pub async fn intake(b: &mut Browser, procedure: &str, name: &str) -> String {
    let form = b
        .get(&format!("/work/desk/intake?procedure={procedure}"))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.html);
    let mut fields = vec![
        ("procedure", procedure.to_owned()),
        ("name", name.to_owned()),
        ("kind", "business".to_owned()),
        ("id_number", "4201234567".to_owned()),
        ("phone", "0258 3 822 111".to_owned()),
        ("sets", "1".to_owned()),
        ("channel", "direct".to_owned()),
        ("note", "Nộp tại quầy số 3".to_owned()),
    ];
    for i in 0..count_components(&form.html) {
        fields.push((leak(format!("present_{i}")), "1".to_owned()));
        fields.push((leak(format!("form_{i}")), "original".to_owned()));
        fields.push((leak(format!("count_{i}")), "1".to_owned()));
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let p = b.post("/work/desk/intake", &refs).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let loc = p.location.expect("location");
    let code = loc
        .strip_prefix("/work/dossiers/")
        .and_then(|r| r.split('?').next())
        .expect("dossier page")
        .to_owned();
    assert!(loc.ends_with("?done=receive_at_desk"), "{loc}");
    code
}

pub fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

pub fn count_components(html: &str) -> usize {
    html.matches("name=\"present_").count()
}

/// Runs `action` from the dossier page as the browser's user; expects the 303 back.
pub async fn act(b: &mut Browser, code: &str, action: &str, fields: &[(&str, &str)]) -> Page {
    let page = b.get(&format!("/work/dossiers/{code}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(
        page.html
            .contains(&format!("name=\"action\" value=\"{action}\"")),
        "{action} is offered: {}",
        page.html
    );
    let version = version_in(&page.html);
    let mut all = vec![("action", action), ("version", version.as_str())];
    all.extend_from_slice(fields);
    b.post(&format!("/work/dossiers/{code}/actions"), &all)
        .await
}

pub async fn act_ok(b: &mut Browser, code: &str, action: &str, fields: &[(&str, &str)]) {
    let p = act(b, code, action, fields).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{action}: {}", p.html);
    assert_eq!(
        p.location.as_deref().and_then(|l| l.split('#').next()),
        Some(format!("/work/dossiers/{code}?done={action}").as_str())
    );
}

pub async fn status_of(app: &App, code: &str) -> (String, i64) {
    let d = dossiers::load(&app.db, code)
        .await
        .expect("load")
        .expect("dossier")
        .dossier;
    (d.status.as_str().to_owned(), d.version)
}

pub async fn submit_online(app: &App, name: &str) -> String {
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/dossiers", app.base))
        .json(&json!({
            "procedure_code": WHOLESALE,
            "applicant": {"name": name, "id_number": "079123456789", "kind": "business"},
            "files": complete_files(WHOLESALE)
        }))
        .send()
        .await
        .expect("submit");
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: serde_json::Value = res.json().await.expect("json");
    v["dossier"]["code"].as_str().expect("code").to_owned()
}

/// A small well-formed PDF.
pub fn pdf() -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ];
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 4\n0000000000 65535 f \n");
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}
