//! The citizen portal through its pages, as a browser without JavaScript uses it: the online
//! submission journey with real uploads, check your answers, the confirmation, lookup, the
//! applicant's dossier page (supplement, withdraw). On both stores.

mod pages_support;

#[allow(dead_code)]
mod files_support;

use motcua_domain::dossier::Status;
use motcua_store::dossiers::{self, DossierFilter};
use motcua_store::Db;
use pages_support::{spawn_app, App, Browser, Page};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    journey_files_one_dossier_even_when_sent_twice,
    invalid_answers_are_explained_and_kept,
    refused_upload_says_why_and_keeps_the_other_files,
    lookup_opens_the_page_only_with_the_right_factor,
    supplement_asked_then_sent_resumes_handling,
    withdraw_needs_a_reason_and_a_confirmation,
    electronic_result_downloads_from_the_page,
    applicant_account_lists_its_own_dossiers,
    rating_only_after_return_and_only_once,
    feedback_is_filed_then_followed_with_its_code,
);

/// Business-only, partly online, four required components (demo catalog).
const PROCEDURE: &str = "2.000633";
const NAME: &str = "Công ty TNHH Rượu Vang Đà Lạt";
const TAX_CODE: &str = "0312345678";
const PHONE: &str = "0903 456 789";

/// Multipart upload from a page form: the CSRF token rides in the action URL.
async fn upload(
    b: &mut Browser,
    path: &str,
    files: &[(&str, Vec<u8>)],
    note: Option<&str>,
) -> Page {
    let mut form = Form::new();
    if let Some(n) = note {
        form = form.text("note", n.to_owned());
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

fn assert_redirect(p: &Page, to: &str) {
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert_eq!(p.location.as_deref(), Some(to), "{}", p.html);
}

/// Answers every question page (checking each sends to the next).
async fn answer_questions(b: &mut Browser) {
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
async fn start(b: &mut Browser) {
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
async fn upload_all(b: &mut Browser) {
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

fn dossier_code(html: &str) -> String {
    let marker = "id=\"dossier-code\">";
    let at = html.find(marker).expect("dossier code on the page") + marker.len();
    html[at..at + html[at..].find('<').expect("end")]
        .trim()
        .to_owned()
}

/// The whole journey; returns the browser (which may see the dossier) and the code.
async fn file_dossier(app: &App) -> (Browser, String) {
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

async fn journey_files_one_dossier_even_when_sent_twice(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let mut b = Browser::new(&app);
    // No draft yet: the journey's pages send back to its start.
    let p = b.get(&format!("/submit/{PROCEDURE}/identity")).await;
    assert_redirect(&p, &format!("/submit/{PROCEDURE}"));
    start(&mut b).await;
    // The check page sends to the first page still to fill in.
    let p = b.get(&format!("/submit/{PROCEDURE}/check")).await;
    assert_redirect(&p, &format!("/submit/{PROCEDURE}/applicant"));
    answer_questions(&mut b).await;
    // A required component cannot be skipped.
    let p = b
        .post(&format!("/submit/{PROCEDURE}/files/0/next"), &[])
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Giấy tờ này là bắt buộc"), "{}", p.html);
    upload_all(&mut b).await;

    let check = b.get(&format!("/submit/{PROCEDURE}/check")).await;
    assert_eq!(check.status, StatusCode::OK);
    for shown in [
        NAME,
        TAX_CODE,
        PHONE,
        "don.pdf",
        "anh.png",
        "Kiểm tra thông tin",
    ] {
        assert!(check.html.contains(shown), "{shown} on the check page");
    }
    assert!(check
        .html
        .contains(&format!("/submit/{PROCEDURE}/identity?change=1")));
    // A change link comes back to the check page once saved.
    b.get(&format!("/submit/{PROCEDURE}/contact?change=1"))
        .await;
    let p = b
        .post(
            &format!("/submit/{PROCEDURE}/contact"),
            &[
                ("phone", PHONE),
                ("email", "lienhe@ruouvang.vn"),
                ("change", "1"),
            ],
        )
        .await;
    assert_redirect(&p, &format!("/submit/{PROCEDURE}/check"));

    // Sent twice (double click, refresh): one dossier.
    let first = b.post(&format!("/submit/{PROCEDURE}/check"), &[]).await;
    assert_redirect(&first, &format!("/submit/{PROCEDURE}/done"));
    let again = b.post(&format!("/submit/{PROCEDURE}/check"), &[]).await;
    assert_redirect(&again, &format!("/submit/{PROCEDURE}/done"));
    let done = b.get(&format!("/submit/{PROCEDURE}/done")).await;
    assert_eq!(done.status, StatusCode::OK);
    let code = dossier_code(&done.html);
    assert!(code.starts_with("000.17.22.H56-"), "{code}");
    assert!(done.html.contains("<svg"), "QR code drawn");
    assert!(done.html.contains(&format!("/lookup?code={code}")));
    assert!(done.html.contains("4 số cuối"), "second factor explained");
    let (total, _) = dossiers::list(
        &db,
        &DossierFilter {
            limit: 50,
            ..Default::default()
        },
    )
    .await
    .expect("list");
    assert_eq!(total, 1);
    let d = dossiers::load(&db, &code)
        .await
        .expect("load")
        .expect("stored")
        .dossier;
    assert_eq!(d.status, Status::Submitted);
    assert_eq!(d.applicant.name, NAME);
    assert_eq!(d.applicant.email.as_deref(), Some("lienhe@ruouvang.vn"));
    assert_eq!(d.files.len(), 4);
    assert!(d.files.iter().all(|f| f.component.is_some()));
    // The revisited journey lands on the confirmation, not a second dossier.
    let p = b.get(&format!("/submit/{PROCEDURE}/identity")).await;
    assert_redirect(&p, &format!("/submit/{PROCEDURE}/done"));
    // The submitter's browser may open the dossier's page at once.
    let page = b.get(&format!("/my/dossiers/{code}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.html.contains(&code));
}

async fn invalid_answers_are_explained_and_kept(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = Browser::new(&app);
    start(&mut b).await;
    let base = format!("/submit/{PROCEDURE}");
    let p = b.post(&format!("{base}/applicant"), &[]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Chọn người nộp hồ sơ là ai"));
    b.post(&format!("{base}/applicant"), &[("kind", "business")])
        .await;
    let p = b
        .post(
            &format!("{base}/identity"),
            &[("name", NAME), ("id_number", "12 34")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("error-summary"));
    assert!(
        p.html.contains("href=\"#id_number\""),
        "summary links to the field"
    );
    assert!(p.html.contains("Mã số doanh nghiệp gồm 10 hoặc 13 chữ số"));
    assert!(p.html.contains(&format!("value=\"{NAME}\"")), "name kept");
    assert!(p.html.contains("value=\"12 34\""), "number kept");
    // Kept server-side too: the page shows it again later.
    let again = b.get(&format!("{base}/identity")).await;
    assert!(again.html.contains(&format!("value=\"{NAME}\"")));
    // In English as well.
    let p = b
        .post(
            &format!("{base}/contact?lang=en"),
            &[("phone", "12"), ("email", "x@")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        p.html.contains("Enter a Vietnamese phone number"),
        "{}",
        p.html
    );
    assert!(p.html.contains("Enter an e-mail address like"));
    assert!(p.html.contains("value=\"x@\""));
}

async fn refused_upload_says_why_and_keeps_the_other_files(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = Browser::new(&app);
    start(&mut b).await;
    answer_questions(&mut b).await;
    let path = format!("/submit/{PROCEDURE}/files/0");
    b.get(&path).await;
    let p = upload(&mut b, &path, &[("don.pdf", files_support::pdf(0))], None).await;
    assert_redirect(&p, &path);
    b.get(&path).await;
    let p = upload(&mut b, &path, &[("setup.exe", files_support::elf())], None).await;
    assert_eq!(p.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        p.html.contains("Định dạng tệp không được chấp nhận"),
        "{}",
        p.html
    );
    assert!(
        p.html.contains("don.pdf"),
        "the earlier file is still there"
    );
    // A PNG named .pdf: the store says the extension does not match.
    let p = upload(&mut b, &path, &[("anh.pdf", files_support::png())], None).await;
    assert_eq!(p.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(p.html.contains("không khớp"), "{}", p.html);
    // Removing a file takes it off the list.
    let sha = files_support::sha256_hex(&files_support::pdf(0));
    let p = b.post(&format!("{path}/remove"), &[("sha256", &sha)]).await;
    assert_redirect(&p, &path);
    let page = b.get(&path).await;
    assert!(!page.html.contains("don.pdf"));
}

async fn lookup_opens_the_page_only_with_the_right_factor(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (_, code) = file_dossier(&app).await;
    let mut b = Browser::new(&app);
    // Without a lookup the page sends to the lookup form.
    let p = b.get(&format!("/my/dossiers/{code}")).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert!(p
        .location
        .as_deref()
        .is_some_and(|l| l.starts_with("/lookup?code=")));
    let form = b.get(&format!("/lookup?code={code}")).await;
    assert!(form.html.contains(&format!("value=\"{code}\"")));
    let wrong = b.post("/lookup", &[("code", &code), ("key", "0000")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = b
        .post(
            "/lookup",
            &[("code", "000.17.22.H56-200101-9999"), ("key", "6789")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = "Không tìm thấy hồ sơ với mã và thông tin xác minh này";
    assert!(wrong.html.contains(message) && unknown.html.contains(message));
    let p = b.post("/lookup", &[("code", "  "), ("key", "")]).await;
    assert!(p.html.contains("Nhập mã hồ sơ"));
    // The last 4 digits of the phone, or the business code, open it.
    let ok = b.post("/lookup", &[("code", &code), ("key", "6789")]).await;
    assert_redirect(&ok, &format!("/my/dossiers/{code}"));
    let page = b.get(&format!("/my/dossiers/{code}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.html.contains("Mới đăng ký") || page.html.contains("Chờ tiếp nhận"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Quá trình xử lý"));
    for private in [NAME, TAX_CODE, PHONE, "Trần Phú"] {
        assert!(!page.html.contains(private), "{private} must not show");
    }
    let mut other = Browser::new(&app);
    other.get("/lookup").await;
    let ok = other
        .post("/lookup", &[("code", &code), ("key", TAX_CODE)])
        .await;
    assert_redirect(&ok, &format!("/my/dossiers/{code}"));
    // Guessing the 4 digits: after 10 wrong keys (1 above) the code is locked for an hour,
    // even for the right key.
    for i in 0..9 {
        let p = other
            .post(
                "/lookup",
                &[("code", &code), ("key", &format!("{:04}", 1000 + i))],
            )
            .await;
        assert!(p.html.contains(message), "attempt {i}");
    }
    let locked = other
        .post("/lookup", &[("code", &code), ("key", "6789")])
        .await;
    assert_eq!(locked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        locked.html.contains("Đã nhập sai quá nhiều lần"),
        "{}",
        locked.html
    );
}

/// A bearer token for an officer of the demo users.
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

async fn act(app: &App, user: &str, code: &str, command: Value) {
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

async fn supplement_asked_then_sent_resumes_handling(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let (_, code) = file_dossier(&app).await;
    act(&app, "desk", &code, json!({"type": "receive"})).await;
    act(&app, "desk", &code, json!({"type": "forward"})).await;
    act(&app, "specialist", &code, json!({"type": "claim"})).await;
    act(
        &app,
        "specialist",
        &code,
        json!({"type": "request_supplement", "missing": ["Bản đồ vị trí kho hàng"], "reason": "Thiếu sơ đồ kho"}),
    )
    .await;
    let mut b = Browser::new(&app);
    b.get("/lookup").await;
    let p = b
        .post("/lookup", &[("code", &code), ("key", TAX_CODE)])
        .await;
    assert_redirect(&p, &format!("/my/dossiers/{code}"));
    let page = b.get(&format!("/my/dossiers/{code}")).await;
    assert!(
        page.html.contains("Cơ quan đề nghị bạn bổ sung hồ sơ"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Bản đồ vị trí kho hàng") && page.html.contains("Thiếu sơ đồ kho"));
    assert!(page.html.contains("enctype=\"multipart/form-data\""));
    // A refused file: the reason, the note kept, nothing sent.
    let path = format!("/my/dossiers/{code}/supplement");
    let p = upload(
        &mut b,
        &path,
        &[("kho.exe", files_support::elf())],
        Some("Sơ đồ kho"),
    )
    .await;
    assert_eq!(p.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(p.html.contains("Định dạng tệp không được chấp nhận"));
    assert!(p.html.contains("Sơ đồ kho</textarea>"), "note kept");
    let d = dossiers::load(&db, &code)
        .await
        .expect("load")
        .expect("dossier")
        .dossier;
    assert_eq!(d.status, Status::AwaitingSupplement);
    let p = upload(
        &mut b,
        &path,
        &[("so-do-kho.pdf", files_support::pdf(5))],
        Some("Sơ đồ kho"),
    )
    .await;
    assert_redirect(&p, &format!("/my/dossiers/{code}?done=supplement"));
    let d = dossiers::load(&db, &code)
        .await
        .expect("load")
        .expect("dossier")
        .dossier;
    assert_eq!(d.status, Status::Processing, "handling resumed");
    assert!(d.files.iter().any(|f| f.name == "so-do-kho.pdf"));
    let page = b.get(&format!("/my/dossiers/{code}?done=supplement")).await;
    assert!(page.html.contains("Đã gửi hồ sơ bổ sung"));
    assert!(!page.html.contains("Cơ quan đề nghị bạn bổ sung hồ sơ"));
}

async fn withdraw_needs_a_reason_and_a_confirmation(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let (mut b, code) = file_dossier(&app).await;
    let page = b.get(&format!("/my/dossiers/{code}")).await;
    assert!(page.html.contains(&format!("/my/dossiers/{code}/withdraw")));
    let path = format!("/my/dossiers/{code}/withdraw");
    b.get(&path).await;
    let p = b.post(&path, &[("reason", "  ")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Nhập lý do rút hồ sơ"));
    let p = b.post(&path, &[("reason", "Đã nộp nhầm thủ tục")]).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.html.contains("Bạn có chắc muốn rút hồ sơ?"));
    let d = dossiers::load(&db, &code)
        .await
        .expect("load")
        .expect("dossier")
        .dossier;
    assert_eq!(
        d.status,
        Status::Submitted,
        "nothing happens before the confirmation"
    );
    let p = b
        .post(
            &path,
            &[("reason", "Đã nộp nhầm thủ tục"), ("confirm", "1")],
        )
        .await;
    assert_redirect(&p, &format!("/my/dossiers/{code}?done=withdrawn"));
    let d = dossiers::load(&db, &code)
        .await
        .expect("load")
        .expect("dossier")
        .dossier;
    assert_eq!(d.status, Status::Withdrawn);
    let page = b.get(&format!("/my/dossiers/{code}?done=withdrawn")).await;
    assert!(page.html.contains("Hồ sơ đã được rút"));
    assert!(!page.html.contains(&format!("{code}/withdraw\"")));
}

/// The demo user acting for `role` (as the dossier's steps name it).
fn user_for(role: &str) -> &'static str {
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
async fn walk_to_result(app: &App, code: &str, result_file: Value) {
    act(app, "desk", code, json!({"type": "receive"})).await;
    let desk = token(app, "desk").await;
    for _ in 0..20 {
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
        if d["status"] == "result_ready" {
            return;
        }
        let step = d["step"].as_u64().expect("step") as usize;
        let role = d["steps"][step]["role"].as_str().expect("role").to_owned();
        let user = user_for(&role);
        if d["step_owner"]["kind"] == "unit" {
            act(app, user, code, json!({"type": "claim"})).await;
        }
        match role.as_str() {
            "director" => {
                act(app, user, code, json!({"type": "approve"})).await;
                let sign = json!({"type": "sign", "result_number": "15/GP-SCT", "signer": "Phạm Minh Tuấn",
                    "signed_on": "2026-11-30", "files": [result_file.clone()]});
                act(app, user, code, sign).await;
                act(app, user, code, json!({"type": "forward"})).await;
            }
            "clerk" => act(app, user, code, json!({"type": "mark_result_ready"})).await,
            _ => act(app, user, code, json!({"type": "forward"})).await,
        }
    }
    panic!("{code} never reached result_ready");
}

async fn electronic_result_downloads_from_the_page(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (mut b, code) = file_dossier(&app).await;
    let result = files_support::pdf(77);
    let uploaded: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/uploads", app.base))
        .multipart(Form::new().part(
            "file",
            Part::bytes(result.clone()).file_name("giay-phep.pdf"),
        ))
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
    walk_to_result(&app, &code, uploaded["files"][0].clone()).await;
    let page = b.get(&format!("/my/dossiers/{code}")).await;
    assert!(page.html.contains("Kết quả điện tử"), "{}", page.html);
    let sha = files_support::sha256_hex(&result);
    let link = format!("/my/dossiers/{code}/files/{sha}");
    assert!(page.html.contains(&link));
    assert!(
        !page.html.contains(&format!("{code}/withdraw\"")),
        "no withdrawal once there is a result"
    );
    let res = b
        .http
        .get(format!("{}{link}", b.base))
        .send()
        .await
        .expect("download");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.expect("bytes").to_vec(), result);
    // The submission's own files are not served here, nor to a browser without the lookup.
    let own = files_support::sha256_hex(&files_support::pdf(0));
    let p = b.get(&format!("/my/dossiers/{code}/files/{own}")).await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    let mut stranger = Browser::new(&app);
    let p = stranger.get(&link).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
}

async fn applicant_account_lists_its_own_dossiers(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let mut b = Browser::new(&app);
    b.get("/register").await;
    let p = b
        .post(
            "/register",
            &[
                ("full_name", "Lê Thị Lan"),
                ("username", "Lan Le"),
                ("password", "short"),
                ("password_again", "x"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Tên đăng nhập gồm 3–40 ký tự") && p.html.contains("ít nhất 10 ký tự"));
    assert!(p.html.contains("value=\"Lê Thị Lan\""), "name kept");
    let p = b
        .post(
            "/register",
            &[
                ("full_name", "Cán bộ"),
                ("username", "desk"),
                ("password", "mat-khau-dai-du"),
                ("password_again", "mat-khau-dai-du"),
            ],
        )
        .await;
    assert!(p.html.contains("đã có người dùng"));
    let p = b
        .post(
            "/register",
            &[
                ("full_name", "Lê Thị Lan"),
                ("username", "lanle"),
                ("password", "mat-khau-dai-du"),
                ("password_again", "mat-khau-dai-du"),
            ],
        )
        .await;
    assert_redirect(&p, "/my/dossiers");
    let user = motcua_store::users::find_user(&db, "lanle")
        .await
        .expect("find")
        .expect("created");
    assert!(user.roles.is_empty(), "applicants have no roles");
    let list = b.get("/my/dossiers").await;
    assert!(list.html.contains("Bạn chưa nộp hồ sơ nào"));
    start(&mut b).await;
    answer_questions(&mut b).await;
    upload_all(&mut b).await;
    b.get(&format!("/submit/{PROCEDURE}/check")).await;
    b.post(&format!("/submit/{PROCEDURE}/check"), &[]).await;
    let done = b.get(&format!("/submit/{PROCEDURE}/done")).await;
    let code = dossier_code(&done.html);
    let d = dossiers::load(&db, &code)
        .await
        .expect("load")
        .expect("dossier")
        .dossier;
    assert_eq!(d.owner_account.as_deref(), Some("lanle"));
    let list = b.get("/my/dossiers").await;
    assert!(
        list.html.contains(&format!("/my/dossiers/{code}")),
        "{}",
        list.html
    );
    // Another applicant account sees neither the list entry nor the page.
    let mut other = Browser::new(&app);
    other.sign_in("citizen").await;
    let list = other.get("/my/dossiers").await;
    assert!(!list.html.contains(&code));
    let p = other.get(&format!("/my/dossiers/{code}")).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    // Signed out, the list asks to sign in.
    let mut anon = Browser::new(&app);
    let p = anon.get("/my/dossiers").await;
    assert!(p
        .location
        .as_deref()
        .is_some_and(|l| l.starts_with("/sign-in")));
}

async fn rating_only_after_return_and_only_once(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let (mut b, code) = file_dossier(&app).await;
    let path = format!("/my/dossiers/{code}/rating");
    let p = b.get(&path).await;
    assert!(
        p.html.contains("sau khi nhận kết quả"),
        "not before the return"
    );
    assert!(!p.html.contains("name=\"ease\""));
    let p = b
        .post(&path, &[("ease", "satisfied"), ("overall", "satisfied")])
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    let result = files_support::pdf(3);
    let uploaded: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/uploads", app.base))
        .multipart(Form::new().part("file", Part::bytes(result).file_name("kq.pdf")))
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("json");
    walk_to_result(&app, &code, uploaded["files"][0].clone()).await;
    act(
        &app,
        "desk",
        &code,
        json!({"type": "return_result", "channel": "desk", "received_by": "Lê Văn Bình"}),
    )
    .await;
    let page = b.get(&format!("/my/dossiers/{code}")).await;
    assert!(page.html.contains(&path), "rating invited after the return");
    let form = b.get(&path).await;
    assert!(form.html.contains("Rất hài lòng") && form.html.contains("Không hài lòng"));
    // Both questions must be answered; what was chosen and typed stays.
    let p = b
        .post(
            &path,
            &[("ease", "very_satisfied"), ("comment", "Nhanh gọn")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Chọn một mức đánh giá"));
    assert!(p.html.contains("value=\"very_satisfied\" checked"));
    assert!(p.html.contains("Nhanh gọn</textarea>"));
    let p = b
        .post(
            &path,
            &[
                ("ease", "very_satisfied"),
                ("overall", "satisfied"),
                ("comment", "Nhanh gọn"),
            ],
        )
        .await;
    assert_redirect(&p, &format!("/my/dossiers/{code}?done=rated"));
    let r = motcua_store::ratings::get_rating(&db, &code)
        .await
        .expect("get")
        .expect("stored");
    assert_eq!(r.ease.as_str(), "very_satisfied");
    assert_eq!(r.overall.as_str(), "satisfied");
    assert_eq!(r.comment.as_deref(), Some("Nhanh gọn"));
    let again = b
        .post(
            &path,
            &[("ease", "dissatisfied"), ("overall", "dissatisfied")],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.html.contains("đã được đánh giá"));
    let page = b.get(&format!("/my/dossiers/{code}?done=rated")).await;
    assert!(page.html.contains("Cảm ơn bạn đã đánh giá"));
    assert!(!page.html.contains(&format!("href=\"{path}\"")));
}

async fn feedback_is_filed_then_followed_with_its_code(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = Browser::new(&app);
    let form = b.get("/feedback").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.html
            .contains(&format!("value=\"{}\"", pages_support::SCT)),
        "agencies offered"
    );
    let p = b
        .post(
            "/feedback",
            &[
                ("kind", "feedback"),
                ("agency", pages_support::SCT),
                ("subject", "Chờ lâu"),
                ("name", "Trần Văn Nam"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        p.html.contains("Nhập nội dung phản ánh")
            && p.html.contains("Nhập số điện thoại hoặc thư điện tử")
    );
    assert!(
        p.html.contains("value=\"Chờ lâu\"") && p.html.contains("value=\"Trần Văn Nam\""),
        "values kept"
    );
    let p = b
        .post(
            "/feedback",
            &[
                ("kind", "feedback"),
                ("agency", pages_support::SCT),
                ("subject", "Chờ lâu"),
                ("content", "Tôi chờ 2 giờ tại quầy"),
                ("name", "Trần Văn Nam"),
                ("phone", "0912 345 678"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    let sent = p.location.expect("location");
    assert!(
        sent.starts_with("/feedback/") && sent.ends_with("/sent"),
        "{sent}"
    );
    let page = b.get(&sent).await;
    let marker = "id=\"feedback-code\">";
    let at = page.html.find(marker).expect("code shown") + marker.len();
    let code = page.html[at..at + page.html[at..].find('<').expect("end")]
        .trim()
        .to_owned();
    assert!(!code.is_empty());
    let status = format!("/feedback/{code}");
    b.get(&status).await;
    let wrong = b.post(&status, &[("key", "1111")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = b
        .post("/feedback/PAKN-000000-0000", &[("key", "5678")])
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = "Không tìm thấy phản ánh, kiến nghị với mã và thông tin này";
    assert!(wrong.html.contains(message) && unknown.html.contains(message));
    let ok = b.post(&status, &[("key", "5678")]).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(
        ok.html.contains("Đã tiếp nhận") && ok.html.contains("Chờ lâu"),
        "{}",
        ok.html
    );
    assert!(
        !ok.html.contains("0912") && !ok.html.contains("Trần Văn Nam"),
        "no contact data shown"
    );
}
