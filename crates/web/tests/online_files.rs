//! What makes an online submission complete in the tests: the demo catalog's required
//! components, each with a file (the same one-page PDF, uploaded once through the API).

#![allow(dead_code)]

use motcua_domain::Catalog;
use reqwest::StatusCode;
use serde_json::{json, Value};

const DEMO: &str = include_str!("../../motcua/demo/catalog.json");

/// A one-page PDF: the harness uploads it at start-up, and online submissions attach it.
pub const PDF: &[u8] = include_bytes!("fixtures/one_page.pdf");

/// The names of `procedure`'s required components in the demo catalog.
pub fn required_components(procedure: &str) -> Vec<String> {
    let c: Catalog = serde_json::from_str(DEMO).expect("demo catalog");
    let p = c
        .procedures
        .iter()
        .find(|p| p.code == procedure)
        .expect("procedure in the demo catalog");
    p.components
        .iter()
        .filter(|c| c.required)
        .map(|c| c.name.clone())
        .collect()
}

/// The upload-ticket secret the harnesses store before their server starts, so that
/// [`complete_files`] can carry the ticket the upload of [`PDF`] returned without every test
/// threading it through (`upload_pdf` checks the server answers exactly that ticket).
pub const UPLOAD_TICKET_KEY: &str =
    "6d6f7463756120746573742075706c6f6164207469636b6574206b6579212121";

/// Stores [`UPLOAD_TICKET_KEY`] as `db`'s upload-ticket secret (before the server first uses it).
pub async fn seed_upload_ticket_key(db: &motcua_store::Db) {
    motcua_store::settings::set(
        db,
        motcua_store::settings::UPLOAD_TICKET_KEY,
        &UPLOAD_TICKET_KEY,
        "test",
    )
    .await
    .expect("upload ticket key");
}

/// The ticket the upload of the file with hash `sha256` returns under [`UPLOAD_TICKET_KEY`].
pub fn ticket_of(sha256: &str) -> String {
    let key = hex::decode(UPLOAD_TICKET_KEY).expect("hex key");
    motcua_app::upload_ticket::ticket(&key, sha256)
}

/// The SHA-256 of [`PDF`] and the ticket its upload returns.
pub fn pdf_ref() -> (String, String) {
    use sha2::Digest;
    let sha256 = hex::encode(sha2::Sha256::digest(PDF));
    let ticket = ticket_of(&sha256);
    (sha256, ticket)
}

/// File references that make an online submission of `procedure` complete: the uploaded
/// [`PDF`] once for each required component, with its upload ticket.
pub fn complete_files(procedure: &str) -> Value {
    let (sha256, ticket) = pdf_ref();
    Value::Array(
        required_components(procedure)
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                json!({"sha256": sha256, "upload_ticket": ticket, "name": format!("thanh-phan-{}.pdf", i + 1), "size": PDF.len(), "component": name})
            })
            .collect(),
    )
}

/// Uploads [`PDF`] through the API, as an applicant would before submitting, and checks the
/// answer carries the ticket [`complete_files`] sends.
pub async fn upload_pdf(base: &str) {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(PDF.to_vec())
            .file_name("don.pdf")
            .mime_str("application/pdf")
            .expect("mime"),
    );
    let res = reqwest::Client::new()
        .post(format!("{base}/api/v1/uploads"))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.expect("upload answer");
    assert_eq!(body["files"][0]["upload_ticket"], pdf_ref().1, "{body}");
}
