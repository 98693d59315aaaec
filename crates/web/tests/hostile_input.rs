//! Hostile input (issue #18, findings 6 and 7): NUL bytes, invalid UTF-8, oversize and
//! ill-shaped text, and hostile uploads, through the API and the forms. Each gets a clear 4xx
//! in both languages, nothing is stored, and the server stays healthy. The real server on a
//! random port, SQLite always and PostgreSQL when `MOTCUA_TEST_POSTGRES_URL` is set.

mod online_files;
mod pages_support;

use std::path::Path;

use motcua_store::Db;
use online_files::{complete_files, PDF};
use pages_support::{spawn_app, App};
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    api_refuses_hostile_text_and_stores_nothing,
    forms_refuse_nul_and_invalid_utf8,
    a_refused_upload_request_keeps_none_of_its_files,
    zip_bombs_are_refused,
    unattached_uploads_are_swept_after_their_retention,
);

const PROCEDURE: &str = "2.000633";

fn submission(applicant: Value, summary: Value) -> Value {
    json!({
        "procedure_code": PROCEDURE,
        "applicant": applicant,
        "summary": summary,
        "files": complete_files(PROCEDURE)
    })
}

async fn post_json(app: &App, path: &str, body: &Value) -> (StatusCode, Value) {
    let res = reqwest::Client::new()
        .post(format!("{}{path}", app.base))
        .json(body)
        .send()
        .await
        .expect("request");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn healthy(app: &App) {
    let res = reqwest::get(format!("{}/readyz", app.base))
        .await
        .expect("readyz");
    assert_eq!(res.status(), StatusCode::OK);
}

/// Dossiers the desk officer sees (every online submission lands in the desk's queue).
async fn stored_dossiers(app: &App) -> usize {
    let b = pages_support::Browser::signed_in(app, "desk").await;
    let p = b
        .http
        .get(format!("{}/work/desk", app.base))
        .send()
        .await
        .expect("desk")
        .text()
        .await
        .expect("html");
    p.matches("000.17.22.H56-").count()
}

async fn api_refuses_hostile_text_and_stores_nothing(db: Db, _: String) {
    let app = spawn_app(db).await;
    let good = json!({"name": "Nguyễn Văn A", "id_number": "022190001234", "phone": "0912 345 678", "address": "12 Trần Phú, Nha Trang"});
    let with = |k: &str, v: Value| {
        let mut a = good.clone();
        a[k] = v;
        a
    };
    let cases: Vec<(&str, Value)> = vec![
        (
            "NUL in the name",
            submission(with("name", json!("Nguyễn\u{0}Văn A")), json!("x")),
        ),
        (
            "NUL in the address",
            submission(with("address", json!("12\u{0}")), json!("x")),
        ),
        (
            "NUL in the summary",
            submission(good.clone(), json!("a\u{0}b")),
        ),
        (
            "100,000-character name",
            submission(with("name", json!("A".repeat(100_000))), json!("x")),
        ),
        (
            "201-character name",
            submission(with("name", json!("A".repeat(201))), json!("x")),
        ),
        (
            "name over two lines",
            submission(with("name", json!("A\nB")), json!("x")),
        ),
        (
            "1.5 MB summary",
            submission(good.clone(), json!("x".repeat(1_500_000))),
        ),
        (
            "3,000-character summary",
            submission(good.clone(), json!("x".repeat(3_000))),
        ),
        (
            "identity number abc",
            submission(with("id_number", json!("abc")), json!("x")),
        ),
        (
            "identity number of 8 digits",
            submission(with("id_number", json!("12345678")), json!("x")),
        ),
        (
            "phone xyz",
            submission(with("phone", json!("xyz")), json!("x")),
        ),
        (
            "phone of 9 digits",
            submission(with("phone", json!("091234567")), json!("x")),
        ),
        (
            "e-mail without @",
            submission(with("email", json!("a.b.vn")), json!("x")),
        ),
        (
            "bell character",
            submission(with("name", json!("A\u{7}")), json!("x")),
        ),
    ];
    for (what, body) in &cases {
        let (status, v) = post_json(&app, "/api/v1/dossiers", body).await;
        assert!(
            matches!(status.as_u16(), 400 | 413 | 422),
            "{what}: {status} {v}"
        );
        if status != StatusCode::PAYLOAD_TOO_LARGE {
            assert!(
                v["message_vi"].as_str().is_some_and(|m| !m.is_empty())
                    && v["message_en"].as_str().is_some_and(|m| !m.is_empty()),
                "{what}: {v}"
            );
        }
    }
    // PAKN with a NUL in its subject, a lookup and a dossier address with one.
    let (status, v) = post_json(
        &app,
        "/api/v1/feedback",
        &json!({"kind": "feedback", "subject": "a\u{0}b", "content": "c",
                "contact": {"name": "A", "phone": "0912345678"}, "agency_code": "000.17.22.H56"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    for path in [
        "/api/v1/dossiers/%00",
        "/api/v1/lookup/%00?key=1234",
        "/api/v1/feedback/PAKN%00?key=1",
        "/api/v1/procedures?q=%00",
        "/api/v1/procedures/%C3%28",
    ] {
        let res = reqwest::get(format!("{}{path}", app.base))
            .await
            .expect("get");
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
        let v: Value = res.json().await.expect("json error");
        assert_eq!(v["error"], "bad_request", "{path}: {v}");
    }
    healthy(&app).await;
    assert_eq!(
        stored_dossiers(&app).await,
        0,
        "a refused submission was stored"
    );
    // The same submission, well formed, goes through: the checks refuse only what they name.
    let (status, v) = post_json(
        &app,
        "/api/v1/dossiers",
        &submission(good, json!("Đề nghị cấp phép")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert!(
        stored_dossiers(&app).await > 0,
        "the well-formed dossier is in the desk's queue"
    );
}

async fn forms_refuse_nul_and_invalid_utf8(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = pages_support::Browser::new(&app);
    b.get("/feedback").await;
    let csrf = b.csrf.clone();
    for (what, raw) in [
        ("invalid UTF-8", "subject=%FF%FE&content=x".to_owned()),
        ("NUL", "subject=a%00b&content=x".to_owned()),
        (
            "oversize",
            format!("subject=s&content={}", "x".repeat(60_000)),
        ),
    ] {
        let res = b
            .http
            .post(format!("{}/feedback", app.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "{raw}&csrf={csrf}&kind=feedback&name=A&phone=0912345678"
            ))
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{what}");
        let html = res.text().await.expect("html");
        assert!(
            html.contains("không hợp lệ") && html.contains("not valid"),
            "{what}: {html}"
        );
    }
    for q in ["/procedures?q=%FF", "/procedures?q=%00", "/lookup?code=%00"] {
        let res = b
            .http
            .get(format!("{}{q}", app.base))
            .send()
            .await
            .expect("get");
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{q}");
    }
    healthy(&app).await;
}

/// Every blob file under the store.
fn blobs(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p.file_name().expect("name").to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join("blobs"), &mut out);
    out.sort();
    out
}

fn pdf_variant(n: u8) -> Vec<u8> {
    let mut v = PDF.to_vec();
    v.extend_from_slice(format!("\n% variant {n}\n").as_bytes());
    v
}

async fn upload(app: &App, parts: Vec<(&str, Vec<u8>)>) -> (StatusCode, Value) {
    let mut form = reqwest::multipart::Form::new();
    for (name, bytes) in parts {
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    }
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/uploads", app.base))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn a_refused_upload_request_keeps_none_of_its_files(db: Db, _: String) {
    let app = spawn_app(db).await;
    let before = blobs(app.files.path());
    // Two new PDFs, then a file whose content does not match its name.
    let (status, v) = upload(
        &app,
        vec![
            ("a.pdf", pdf_variant(1)),
            ("b.pdf", pdf_variant(2)),
            ("c.pdf", b"MZ\x90\x00 not a pdf at all".to_vec()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{v}");
    assert_eq!(
        blobs(app.files.path()),
        before,
        "the refused request left files behind"
    );
    // A file that was already stored (another dossier's) is never removed by a refusal.
    let (status, _) = upload(
        &app,
        vec![("again.pdf", PDF.to_vec()), ("x.pdf", b"nope".to_vec())],
    )
    .await;
    assert!(status.is_client_error());
    assert_eq!(blobs(app.files.path()), before);
    // The same files alone are accepted.
    let (status, v) = upload(
        &app,
        vec![("a.pdf", pdf_variant(1)), ("b.pdf", pdf_variant(2))],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert_eq!(blobs(app.files.path()).len(), before.len() + 2);
    healthy(&app).await;
}

/// A DOCX whose one entry unpacks to `inflated` bytes of zeros.
fn docx(inflated: usize) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("[Content_Types].xml", opts).expect("start");
    w.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
        .expect("write");
    w.start_file("word/document.xml", opts).expect("start");
    let chunk = vec![b' '; 1 << 20];
    let mut left = inflated;
    while left > 0 {
        let n = left.min(chunk.len());
        w.write_all(&chunk[..n]).expect("write");
        left -= n;
    }
    w.finish().expect("finish").into_inner()
}

async fn zip_bombs_are_refused(db: Db, _: String) {
    let app = spawn_app(db).await;
    let before = blobs(app.files.path());
    let bomb = docx(110 << 20);
    assert!(bomb.len() < 1 << 20, "the bomb is small: {}", bomb.len());
    let (status, v) = upload(&app, vec![("bomb.docx", bomb)]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert_eq!(v["error"], "file_inflates_too_much", "{v}");
    assert!(
        v["message_en"]
            .as_str()
            .is_some_and(|m| m.contains("unpacks")),
        "{v}"
    );
    assert_eq!(blobs(app.files.path()), before);
    let (status, v) = upload(&app, vec![("letter.docx", docx(10_000))]).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    healthy(&app).await;
}

async fn unattached_uploads_are_swept_after_their_retention(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    // The fixture PDF (uploaded at start) is referenced by a dossier; a second PDF by nothing.
    let (status, v) = post_json(
        &app,
        "/api/v1/dossiers",
        &submission(
            json!({"name": "Nguyễn Văn A", "phone": "0912345678"}),
            json!("x"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let (status, v) = upload(&app, vec![("orphan.pdf", pdf_variant(9))]).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let orphan = v["files"][0]["sha256"].as_str().expect("sha").to_owned();
    let kept = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(PDF))
    };
    let files = blobs(app.files.path());
    assert!(files.contains(&orphan) && files.contains(&kept));

    let sweeper = motcua_app::App::open(db, app.files.path().to_path_buf())
        .await
        .expect("app");
    let retention = motcua_app::files::UPLOAD_RETENTION;
    let now = chrono::Utc::now();
    // Within the retention period nothing goes.
    let s = sweeper.sweep_uploads(now, retention).await.expect("sweep");
    assert_eq!((s.removed, s.kept), (0, 0));
    assert!(blobs(app.files.path()).contains(&orphan));
    // After it, the orphan goes and the dossier's file stays.
    let later = now + retention + chrono::Duration::hours(1);
    let s = sweeper
        .sweep_uploads(later, retention)
        .await
        .expect("sweep");
    assert_eq!((s.removed, s.kept), (1, 1), "{s:?}");
    let files = blobs(app.files.path());
    assert!(!files.contains(&orphan), "orphan kept");
    assert!(files.contains(&kept), "a dossier's file was removed");
    // Nothing left to look at.
    let s = sweeper
        .sweep_uploads(later, retention)
        .await
        .expect("sweep");
    assert_eq!((s.removed, s.kept), (0, 0));
}
