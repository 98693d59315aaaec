//! Attachments, the public lookup and the API docs over real HTTP, on SQLite always and on
//! PostgreSQL when `MOTCUA_TEST_POSTGRES_URL` is set: uploads streamed into the blob store and
//! sniffed, references checked at submission and supplement, downloads only for those who may
//! see the dossier, and a lookup that shows no personal data.

mod files_support;
mod online_files;

use files_support::*;
use motcua_store::Db;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    files_go_with_the_dossier_to_those_who_may_see_it,
    refused_uploads_say_why_and_store_nothing,
    dossier_references_are_checked,
    a_hash_alone_attaches_nothing,
    public_lookup_shows_no_personal_data,
    api_docs_are_served_from_the_binary,
);

async fn files_go_with_the_dossier_to_those_who_may_see_it(db: Db, _: String) {
    let app = spawn_app(db, None).await;
    let (pdf_bytes, png_bytes) = (pdf(0), png());
    let (pdf, png) = (&pdf_bytes, &png_bytes);
    let (s, v) = app
        .upload(
            vec![
                ("Đơn đề nghị cấp phép.pdf", pdf.clone()),
                ("ảnh cơ sở.png", png.clone()),
            ],
            Some("Đơn đề nghị"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let files = v["files"].as_array().expect("files").clone();
    assert_eq!(files.len(), 2, "{v}");
    assert_eq!(files[0]["sha256"], sha256_hex(pdf));
    assert_eq!(files[0]["content_type"], "application/pdf");
    assert_eq!(files[0]["size"], pdf.len());
    assert_eq!(files[0]["name"], "Đơn đề nghị cấp phép.pdf");
    assert_eq!(files[0]["component"], "Đơn đề nghị");
    assert_eq!(files[1]["sha256"], sha256_hex(png));
    assert_eq!(files[1]["content_type"], "image/png");

    // The client's size and type are not believed: the store's are kept.
    let mut claimed = files.clone();
    claimed[0]["size"] = json!(1);
    claimed[0]["content_type"] = json!("text/html");
    let (s, v) = app
        .call(
            Method::POST,
            "/api/v1/dossiers",
            None,
            None,
            Some(submission(json!(claimed))),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    assert_eq!(v["dossier"]["files"][0]["size"], pdf.len(), "{v}");
    assert_eq!(v["dossier"]["files"][0]["content_type"], "application/pdf");

    // The applicant (by identity number or phone, any spacing) and the agency's officer.
    let desk = app.sign_in("desk").await;
    let who: [(Option<&str>, Option<&str>); 3] = [
        (None, Some(APPLICANT_ID)),
        (None, Some("0903.456.789")),
        (Some(&desk), None),
    ];
    for (token, applicant) in who {
        for (bytes, ty) in [(&pdf, "application/pdf"), (&png, "image/png")] {
            let r = app
                .download(&code, &sha256_hex(bytes), token, applicant)
                .await;
            assert_eq!(r.status(), StatusCode::OK);
            let h = r.headers();
            assert_eq!(h["content-type"], ty);
            assert_eq!(h["x-content-type-options"], "nosniff");
            assert_eq!(h["cache-control"], "private, no-store");
            let cd = h["content-disposition"].to_str().expect("ascii");
            assert!(cd.starts_with("attachment;"), "{cd}");
            assert!(cd.contains("filename*=UTF-8''"), "{cd}");
            assert_eq!(r.bytes().await.expect("body").as_ref(), bytes.as_slice());
        }
    }

    // Strangers: nobody, a wrong identity, an officer of another agency — all 404.
    let outsider = app.sign_in("outsider").await;
    let sha = sha256_hex(pdf);
    for (token, applicant) in [
        (None, None),
        (None, Some("001099000000")),
        (Some(outsider.as_str()), None),
    ] {
        let r = app.download(&code, &sha, token, applicant).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let body: Value = r.json().await.expect("json");
        assert_eq!(body["error"], "not_found");
    }
    // An uploaded file the dossier does not reference stays invisible through it.
    let other = files_support::pdf(10);
    let (s, _) = app.upload(vec![("khac.pdf", other.clone())], None).await;
    assert_eq!(s, StatusCode::CREATED);
    let r = app
        .download(&code, &sha256_hex(&other), None, Some(APPLICANT_ID))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app
        .download(&code, "../../etc/passwd", None, Some(APPLICANT_ID))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

async fn refused_uploads_say_why_and_store_nothing(db: Db, _: String) {
    let app = spawn_app(db, Some((4096, 50 * 1024 * 1024))).await;

    let (s, v) = app.upload(vec![("to-khai.pdf", elf())], None).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{v}");
    assert_eq!(v["error"], "file_type_not_allowed");
    assert!(v["message_vi"].as_str().expect("vi").contains("PDF"), "{v}");
    assert!(
        v["message_en"]
            .as_str()
            .expect("en")
            .contains("not accepted"),
        "{v}"
    );
    assert!(app.stored_files().is_empty(), "{:?}", app.stored_files());

    // A PDF named as a picture.
    let (s, v) = app.upload(vec![("anh.png", pdf(0))], None).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{v}");
    assert_eq!(v["error"], "file_extension_mismatch");
    assert!(app.stored_files().is_empty());

    let (s, v) = app.upload(vec![("lon.pdf", pdf(8000))], None).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert_eq!(v["error"], "file_too_large");
    assert!(
        v["message_vi"].as_str().expect("vi").contains("4 KB"),
        "{v}"
    );
    assert!(
        v["message_en"].as_str().expect("en").contains("4 KB"),
        "{v}"
    );
    assert!(app.stored_files().is_empty());

    let (s, v) = app.upload(vec![("rong.pdf", Vec::new())], None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["error"], "file_empty");

    let r = app
        .http
        .post(format!("{}/api/v1/uploads", app.base))
        .json(&json!({"file": "not multipart"}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let v: Value = r.json().await.expect("json error");
    assert_eq!(v["error"], "bad_multipart");

    let (s, v) = app.upload(vec![], Some("Đơn")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["error"], "no_file");
    assert!(app.stored_files().is_empty());
}

async fn dossier_references_are_checked(db: Db, _: String) {
    // Files up to 4 KB, dossiers (and one upload request) up to 6000 bytes (5,8 KB).
    let app = spawn_app(db, Some((4096, 6000))).await;
    let unknown = sha256_hex(b"never uploaded");
    let file = |sha: &str, name: &str| json!({"sha256": sha, "upload_ticket": online_files::ticket_of(sha), "name": name, "size": 10});

    let (s, v) = app
        .call(
            Method::POST,
            "/api/v1/dossiers",
            None,
            None,
            Some(submission(json!([file(&unknown, "don.pdf")]))),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "unknown_file");
    assert!(
        v["message_vi"]
            .as_str()
            .expect("vi")
            .contains("tải tệp lên trước"),
        "{v}"
    );
    assert!(
        v["message_en"]
            .as_str()
            .expect("en")
            .contains("Upload the file first"),
        "{v}"
    );
    let (s, v) = app
        .call(
            Method::POST,
            "/api/v1/dossiers",
            None,
            None,
            Some(submission(json!([file("not-a-hash", "don.pdf")]))),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

    // Two files of 3.5 KB each pass one by one, but not both in one dossier or one request.
    let (a, b) = (pdf(3200), pdf(3300));
    let (s, v) = app
        .upload(vec![("a.pdf", a.clone()), ("b.pdf", b.clone())], None)
        .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert_eq!(v["error"], "upload_too_large");
    for (name, bytes) in [("a.pdf", &a), ("b.pdf", &b)] {
        let (s, v) = app.upload(vec![(name, bytes.clone())], None).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let (sa, sb) = (sha256_hex(&a), sha256_hex(&b));
    let (s, v) = app
        .call(
            Method::POST,
            "/api/v1/dossiers",
            None,
            None,
            Some(submission(json!([file(&sa, "a.pdf"), file(&sb, "b.pdf")]))),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "dossier_files_too_large");
    assert!(
        v["message_vi"].as_str().expect("vi").contains("5,8 KB"),
        "{v}"
    );

    // The name must fit the stored content.
    let (s, v) = app
        .call(
            Method::POST,
            "/api/v1/dossiers",
            None,
            None,
            Some(submission(json!([file(&sa, "trang.html")]))),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "file_name_mismatch");

    // One is fine; a supplement may not push the dossier over the total, nor name an unknown file.
    let (s, v) = app
        .call(
            Method::POST,
            "/api/v1/dossiers",
            None,
            None,
            Some(submission(json!([file(&sa, "a.pdf")]))),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    let desk = app.sign_in("desk").await;
    let (s, v) = app
        .call(Method::POST, &format!("/api/v1/dossiers/{code}/actions"), Some(&desk), None,
            Some(json!({"command": {"type": "guide_to_supplement", "missing": ["Bản sao giấy phép kinh doanh"], "reason": "Thiếu giấy tờ"}})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let actions = format!("/api/v1/dossiers/{code}/actions");
    let supplement =
        |files: Value| Some(json!({"command": {"type": "supplement", "files": files}}));
    let (s, v) = app
        .call(
            Method::POST,
            &actions,
            None,
            Some(APPLICANT_ID),
            supplement(json!([file(&unknown, "x.pdf")])),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "unknown_file");
    let (s, v) = app
        .call(
            Method::POST,
            &actions,
            None,
            Some(APPLICANT_ID),
            supplement(json!([file(&sb, "b.pdf")])),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "dossier_files_too_large");

    // A small supplement goes through and its file is served to the applicant.
    let png = png();
    let (s, v) = app.upload(vec![("giay-phep.png", png.clone())], None).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = app
        .call(
            Method::POST,
            &actions,
            None,
            Some(APPLICANT_ID),
            supplement(json!([file(&sha256_hex(&png), "giay-phep.png")])),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let r = app
        .download(&code, &sha256_hex(&png), None, Some(APPLICANT_ID))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.expect("body").as_ref(), png.as_slice());
}

/// Issue #18, finding 4: someone who learnt the hash of another applicant's file cannot attach
/// it to a dossier of their own (and download it from there) without the ticket its upload
/// returned; a file the dossier already holds needs no ticket again.
async fn a_hash_alone_attaches_nothing(db: Db, _: String) {
    let app = spawn_app(db, None).await;
    let victim = pdf(100);
    let (s, v) = app
        .upload(vec![("ho-so-cua-nguoi-khac.pdf", victim.clone())], None)
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let theirs = v["files"][0].clone();
    let ticket = theirs["upload_ticket"].as_str().expect("ticket").to_owned();
    assert_eq!(ticket.len(), 64, "{v}");
    let (s, v) = app.upload(vec![("cua-toi.png", png())], None).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let mine = v["files"][0].clone();

    let sha = sha256_hex(&victim);
    let mut stolen = json!({"sha256": sha, "name": "don.pdf", "size": 1});
    let wrong_tickets = [
        Value::Null,
        json!(""),
        json!("zz"),
        mine["upload_ticket"].clone(),
        json!(ticket.replace(&ticket[..1], if &ticket[..1] == "0" { "1" } else { "0" })),
    ];
    for wrong in wrong_tickets {
        stolen["upload_ticket"] = wrong.clone();
        let (s, v) = app
            .call(
                Method::POST,
                "/api/v1/dossiers",
                None,
                None,
                Some(submission(json!([stolen.clone()]))),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{wrong}: {v}");
        assert_eq!(v["error"], "upload_ticket_invalid", "{v}");
        assert!(
            v["message_vi"]
                .as_str()
                .expect("vi")
                .contains("upload_ticket"),
            "{v}"
        );
        assert!(
            v["message_en"]
                .as_str()
                .expect("en")
                .contains("upload_ticket"),
            "{v}"
        );
    }

    // With the ticket the submission goes through; the ticket is not kept.
    let (s, v) = app
        .call(
            Method::POST,
            "/api/v1/dossiers",
            None,
            None,
            Some(submission(json!([mine.clone()]))),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert!(
        v["dossier"]["files"][0].get("upload_ticket").is_none(),
        "{v}"
    );
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    // Nothing made the victim's file reachable through this dossier.
    let r = app.download(&code, &sha, None, Some(APPLICANT_ID)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A supplement may name a file the dossier already holds without its ticket, but not the
    // victim's.
    let desk = app.sign_in("desk").await;
    let actions = format!("/api/v1/dossiers/{code}/actions");
    let (s, v) = app
        .call(Method::POST, &actions, Some(&desk), None,
            Some(json!({"command": {"type": "guide_to_supplement", "missing": ["Bản sao giấy phép kinh doanh"], "reason": "Thiếu giấy tờ"}})))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    stolen["upload_ticket"] = Value::Null;
    let (s, v) = app
        .call(
            Method::POST,
            &actions,
            None,
            Some(APPLICANT_ID),
            Some(json!({"command": {"type": "supplement", "files": [stolen]}})),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["error"], "upload_ticket_invalid", "{v}");
    let mut again = mine.clone();
    again
        .as_object_mut()
        .expect("object")
        .remove("upload_ticket");
    let (s, v) = app
        .call(
            Method::POST,
            &actions,
            None,
            Some(APPLICANT_ID),
            Some(json!({"command": {"type": "supplement", "files": [again]}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let r = app.download(&code, &sha, None, Some(APPLICANT_ID)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

async fn public_lookup_shows_no_personal_data(db: Db, _: String) {
    let app = spawn_app(db, None).await;
    let pdf = pdf(0);
    let (s, v) = app.upload(vec![("don.pdf", pdf.clone())], None).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = app
        .call(
            Method::POST,
            "/api/v1/dossiers",
            None,
            None,
            Some(submission(v["files"].clone())),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    let desk = app.sign_in("desk").await;
    let (s, v) = app
        .call(
            Method::POST,
            &format!("/api/v1/dossiers/{code}/actions"),
            Some(&desk),
            None,
            Some(json!({"command": {"type": "receive", "note": "Đã kiểm tra đủ thành phần"}})),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");

    for key in [APPLICANT_ID, "6789", "0903456789"] {
        let r = app
            .http
            .get(format!("{}/api/v1/lookup/{code}", app.base))
            .query(&[("key", key)])
            .send()
            .await
            .expect("lookup");
        assert_eq!(r.status(), StatusCode::OK, "key {key}");
        let body = r.text().await.expect("body");
        for secret in [
            APPLICANT_NAME,
            APPLICANT_ID,
            "0903",
            "456 789",
            "Trần Phú",
            "hoamai",
            "Cán bộ",
            "Đã kiểm tra",
            &sha256_hex(&pdf),
            "don.pdf",
        ] {
            assert!(!body.contains(secret), "lookup shows {secret:?}: {body}");
        }
        let v: Value = serde_json::from_str(&body).expect("json");
        assert_eq!(v["code"], code.as_str());
        assert_eq!(v["national_status"], 2);
        assert_eq!(v["status_vi"], "Được tiếp nhận");
        assert_eq!(v["status_en"], "Received");
        assert!(
            v["procedure_name"]
                .as_str()
                .expect("name")
                .contains("bán buôn rượu"),
            "{v}"
        );
        assert!(
            v["current_step"]
                .as_str()
                .expect("step")
                .starts_with("Tiếp nhận"),
            "{v}"
        );
        assert!(v["unit_name"].is_string(), "{v}");
        assert!(v["appointment_date"].is_string(), "{v}");
        assert!(v["remaining"]["days"].as_i64().expect("days") > 0, "{v}");
        assert!(v["remaining"]["hours"].is_i64(), "{v}");
        assert_eq!(v["paused"], false);
        let timeline = v["timeline"].as_array().expect("timeline");
        assert_eq!(timeline.len(), 2, "{v}");
        assert_eq!(timeline[0]["action_vi"], "Nộp hồ sơ trực tuyến");
        assert_eq!(timeline[1]["action_en"], "Receive");
        assert!(timeline[1]["date"].is_string());
    }

    // A wrong key, a partial key and an unknown code look the same.
    let mut answers = Vec::new();
    for (c, key) in [
        (code.as_str(), "1234"),
        (code.as_str(), "079188"),
        ("000.17.22.H56-200101-0001", APPLICANT_ID),
    ] {
        let (s, v) = app
            .call(
                Method::GET,
                &format!("/api/v1/lookup/{c}?key={key}"),
                None,
                None,
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
        answers.push(v["error"].clone());
    }
    assert!(answers.iter().all(|a| a == "not_found"));
    let (s, v) = app
        .call(
            Method::GET,
            &format!("/api/v1/lookup/{code}"),
            None,
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");

    // Guessing the last 4 digits: after 10 wrong keys for this code (2 above) the code is
    // locked for lookups, even with the right key; other codes are not affected.
    for i in 0..8 {
        let (s, _) = app
            .call(
                Method::GET,
                &format!("/api/v1/lookup/{code}?key={:04}", i),
                None,
                None,
                None,
            )
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
    let (s, v) = app
        .call(
            Method::GET,
            &format!("/api/v1/lookup/{code}?key=6789"),
            None,
            None,
            None,
        )
        .await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{v}");
    assert_eq!(v["error"], "too_many_attempts");
    assert!(
        v["message_vi"]
            .as_str()
            .expect("vi")
            .contains("thử lại sau 60 phút"),
        "{v}"
    );
}

async fn api_docs_are_served_from_the_binary(db: Db, _: String) {
    let app = spawn_app(db, None).await;
    let r = app
        .http
        .get(format!("{}/api/docs", app.base))
        .send()
        .await
        .expect("docs");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .expect("ct")
        .starts_with("text/html"));
    let html = r.text().await.expect("html");
    for asset in [
        "/static/swagger/swagger-ui.css",
        "/static/swagger/swagger-ui-bundle.js",
        "/static/swagger/init.js",
    ] {
        assert!(html.contains(asset), "{html}");
        let r = app
            .http
            .get(format!("{}{asset}", app.base))
            .send()
            .await
            .expect("asset");
        assert_eq!(r.status(), StatusCode::OK, "{asset}");
        let body = r.bytes().await.expect("asset body");
        assert!(body.len() > 100, "{asset}");
    }
    assert!(
        !html.contains("//cdn") && !html.contains("https://"),
        "{html}"
    );
    let (s, v) = app
        .call(Method::GET, "/api/openapi.json", None, None, None)
        .await;
    assert_eq!(s, StatusCode::OK);
    for path in [
        "/api/v1/uploads",
        "/api/v1/dossiers/{code}/files/{sha256}",
        "/api/v1/lookup/{code}",
    ] {
        assert!(
            v["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
}
