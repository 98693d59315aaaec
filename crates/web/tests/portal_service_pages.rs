//! The citizen portal after the result, through its pages: the electronic result downloaded
//! from the dossier page, the applicant's account listing its dossiers, the rating (only after
//! return, only once) and feedback (PAKN) filed and followed by its code. On both stores.

mod online_files;
mod pages_support;

#[allow(dead_code)]
mod files_support;

#[allow(dead_code)]
mod portal_support;

use motcua_store::dossiers;
use motcua_store::Db;
use pages_support::{spawn_app, Browser};
use portal_support::*;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    electronic_result_downloads_from_the_page,
    applicant_account_lists_its_own_dossiers,
    rating_only_after_return_and_only_once,
    feedback_is_filed_then_followed_with_its_code,
    a_signed_dossier_offers_no_withdrawal,
    a_result_missing_from_storage_is_not_found,
);

/// Text of a PDF with poppler's `pdftotext`; `None` when it is not installed.
fn pdf_text(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("f.pdf");
    std::fs::write(&path, pdf).ok()?;
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

async fn a_signed_dossier_offers_no_withdrawal(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (mut b, code) = file_dossier(&app).await;
    let result = uploaded_pdf(&app, 5).await;
    walk_until(&app, &code, result, "signed").await;
    let page = b.get(&format!("/my/dossiers/{code}")).await;
    assert_eq!(page.status, StatusCode::OK);
    // The domain refuses the applicant's withdrawal once signed: the page does not offer it.
    assert!(
        !page.html.contains(&format!("/my/dossiers/{code}/withdraw")),
        "{}",
        page.html
    );
}

async fn a_result_missing_from_storage_is_not_found(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (mut b, code) = file_dossier(&app).await;
    let result = uploaded_pdf(&app, 9).await;
    let sha = result["sha256"].as_str().expect("sha").to_owned();
    walk_to_result(&app, &code, result).await;
    let link = format!("/my/dossiers/{code}/files/{sha}");
    assert_eq!(b.get(&link).await.status, StatusCode::OK);
    let mut found = Vec::new();
    let mut dirs = vec![app.files.path().to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).expect("read dir") {
            let path = e.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.file_name().is_some_and(|n| n == sha.as_str()) {
                found.push(path);
            }
        }
    }
    assert_eq!(found.len(), 1, "the blob is stored once: {found:?}");
    std::fs::remove_file(&found[0]).expect("delete blob");
    let page = b.get(&link).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.html);
    assert!(!page.html.contains("Hệ thống gặp lỗi"), "{}", page.html);
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
    // The page is complete: the result's number, the files sent, the receipt to download.
    assert!(
        page.html.contains("Số văn bản kết quả: 15/GP-SCT"),
        "{}",
        page.html
    );
    assert!(page.html.contains("Giấy tờ đã nộp"));
    assert!(page.html.contains("don.pdf") && page.html.contains("anh.png"));
    let receipt = format!("/my/dossiers/{code}/receipt.pdf");
    assert!(page.html.contains(&receipt), "{}", page.html);
    let res = b
        .http
        .get(format!("{}{receipt}", b.base))
        .send()
        .await
        .expect("receipt");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.expect("pdf").to_vec();
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&pdf) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(&code), "{text}");
        // Signed by the officer who received it, whoever asks for the paper.
        assert!(text.contains("Cán bộ desk"), "{text}");
    }
    // Not to a browser that has not shown the dossier is theirs.
    let mut stranger = Browser::new(&app);
    assert_eq!(stranger.get(&receipt).await.status, StatusCode::SEE_OTHER);
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
