//! The citizen portal through its pages, as a browser without JavaScript uses it: the online
//! submission journey with real uploads, check your answers, the confirmation, lookup, the
//! applicant's dossier page (supplement, withdraw). On both stores. What follows the result
//! (download, account, rating, feedback) is in `portal_service_pages.rs`.

mod online_files;
mod pages_support;

#[allow(dead_code)]
mod files_support;

#[allow(dead_code)]
mod portal_support;

use motcua_domain::dossier::Status;
use motcua_store::dossiers::{self, DossierFilter};
use motcua_store::Db;
use pages_support::{spawn_app, Browser};
use portal_support::*;
use reqwest::StatusCode;
use serde_json::json;

motcua_store::on_both_stores!(
    journey_files_one_dossier_even_when_sent_twice,
    invalid_answers_are_explained_and_kept,
    refused_upload_says_why_and_keeps_the_other_files,
    continue_uploads_the_chosen_file,
    lookup_opens_the_page_only_with_the_right_factor,
    supplement_asked_then_sent_resumes_handling,
    withdraw_needs_a_reason_and_a_confirmation,
);

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
    assert_redirect(&p, &format!("/submit/{PROCEDURE}/files/0"));
    let p = b.get(&format!("/submit/{PROCEDURE}/files/0")).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Giấy tờ này là bắt buộc"), "{}", p.html);
    // Shown once: a reload is the plain page.
    let p = b.get(&format!("/submit/{PROCEDURE}/files/0")).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(!p.html.contains("Giấy tờ này là bắt buộc"));
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

async fn continue_uploads_the_chosen_file(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut b = Browser::new(&app);
    start(&mut b).await;
    answer_questions(&mut b).await;
    let path = format!("/submit/{PROCEDURE}/files/0");
    let page = b.get(&path).await;
    // One form: the file input and both buttons, "Tiếp tục" sending `go=next`.
    let form = &page.html[page.html.find("class=\"stack upload\"").expect("form")..];
    let form = &form[..form.find("</form>").expect("form end")];
    assert!(form.contains("type=\"file\""), "{form}");
    assert!(form.contains("name=\"go\" value=\"next\""), "{form}");
    // Continue without a file on a required component: back, with the reason, once.
    let p = upload_with(&mut b, &path, &[], &[("go", "next")]).await;
    assert_redirect(&p, &path);
    let p = b.get(&path).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.html.contains("Giấy tờ này là bắt buộc"), "{}", p.html);
    // A file chosen and "Tiếp tục" pressed: kept, and on to the next component.
    let p = upload_with(
        &mut b,
        &path,
        &[("don-de-nghi.pdf", files_support::pdf(3))],
        &[("go", "next")],
    )
    .await;
    assert_redirect(&p, &format!("/submit/{PROCEDURE}/files/1"));
    let back = b.get(&path).await;
    assert_eq!(back.status, StatusCode::OK);
    assert!(back.html.contains("don-de-nghi.pdf"), "{}", back.html);
    // Refused on "Tiếp tục": it stays on the page, says why, keeps the earlier file.
    let p = upload_with(
        &mut b,
        &path,
        &[("x.exe", files_support::elf())],
        &[("go", "next")],
    )
    .await;
    assert_redirect(&p, &path);
    let p = b.get(&path).await;
    assert_eq!(p.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(p.html.contains("don-de-nghi.pdf"));
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
    // Refused: back to the page (303), so the token in the form's action never shows in the
    // address bar; the page says why, once.
    assert_redirect(&p, &path);
    let p = b.get(&path).await;
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
    assert_redirect(&p, &path);
    let p = b.get(&path).await;
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
    // The appointment says why it is that date, and that the clock stands while asked.
    assert!(page.html.contains("<summary>Vì sao là ngày này?</summary>"));
    assert!(page
        .html
        .contains("Tổng thời gian đã tính: 80 giờ làm việc → hẹn trả kết quả "));
    assert!(page.html.contains("Đang tạm dừng từ "), "{}", page.html);
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
