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

/// File references that make an online submission of `procedure` complete: the uploaded
/// [`PDF`] once for each required component.
pub fn complete_files(procedure: &str) -> Value {
    use sha2::Digest;
    let sha256 = hex::encode(sha2::Sha256::digest(PDF));
    Value::Array(
        required_components(procedure)
            .into_iter()
            .enumerate()
            .map(|(i, name)| {
                json!({"sha256": sha256, "name": format!("thanh-phan-{}.pdf", i + 1), "size": PDF.len(), "component": name})
            })
            .collect(),
    )
}

/// Uploads [`PDF`] through the API, as an applicant would before submitting.
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
}
