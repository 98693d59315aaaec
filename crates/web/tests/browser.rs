//! Journeys in a real browser (headless Chromium), on both stores. See `browser_support` for
//! the driver, the screenshots (`target/screenshots/`) and the accessibility checks.

mod browser_support;
mod online_files;
mod pages_support;

use motcua_store::Db;
use pages_support::spawn_app;

motcua_store::on_both_stores!(
    citizen_finds_a_procedure,
    officer_signs_in_and_out,
    counter_intake_to_returned_result,
    late_dossier_gets_an_apology_and_a_new_appointment,
    citizen_files_online_supplements_and_rates,
    a_day_off_moves_the_next_appointment,
    administration_and_reports_are_looked_at,
    an_officer_enrols_a_second_factor_and_signs_in_with_it,
);

/// Runs the action `a` on the open dossier page: opens its panel if folded, submits it and
/// waits for the confirmation.
async fn act(b: &browser_support::Browser, a: &str) {
    let html = b.html().await;
    if html.contains(&format!("<details class=\"act\" id=\"act-{a}\">")) {
        b.click(&format!("#act-{a} summary")).await;
    }
    b.click(&format!("#act-{a} button[type=submit]")).await;
    b.wait_url(&format!("done={a}")).await;
}

async fn citizen_finds_a_procedure(db: Db, _: String) {
    let _one = browser_support::exclusive().await;
    let app = spawn_app(db).await;
    let Some(b) = browser_support::open(&app.base).await else {
        return;
    };
    b.goto("/").await;
    b.look("home").await;
    b.goto("/procedures").await;
    // Without diacritics, as people type on phones.
    // htmx updates the results as one types.
    b.fill("#q", "ban le ruou").await;
    b.wait_text("bán lẻ rượu").await;
    b.look("catalog-search").await;
    b.click(".results h2 a").await;
    b.wait_text("id=\"bring\"").await;
    b.look("procedure").await;
    b.close().await;
}

async fn officer_signs_in_and_out(db: Db, _: String) {
    let _one = browser_support::exclusive().await;
    let app = spawn_app(db).await;
    let Some(b) = browser_support::open(&app.base).await else {
        return;
    };
    b.goto("/sign-in").await;
    b.fill("#username", "specialist").await;
    b.fill("#password", "wrong").await;
    b.click("form.stack button").await;
    b.wait_text("không đúng").await;
    b.look("sign-in-error").await;
    b.fill("#password", "pw-specialist").await;
    b.click("form.stack button").await;
    b.wait_text("Cán bộ specialist").await;
    b.click("header form.inline button").await;
    b.wait_text("Đăng nhập").await;
    assert!(!b.html().await.contains("Cán bộ specialist"));
    b.close().await;
}

async fn counter_intake_to_returned_result(db: Db, _: String) {
    let _one = browser_support::exclusive().await;
    let app = spawn_app(db).await;
    let Some(b) = browser_support::open(&app.base).await else {
        return;
    };
    // The desk takes a dossier at the counter and can print form 01 at once.
    b.sign_in_as("desk").await;
    b.goto("/work/desk/intake?q=ban+buon+ruou").await;
    b.wait_text("2.000633").await;
    b.look("desk-intake-search").await;
    b.goto("/work/desk/intake?procedure=2.000633").await;
    b.fill("#name", "Công ty TNHH Rượu Hạ Long").await;
    b.fill("#id_number", "5701234567").await;
    b.fill("#phone", "0203 3 825 111").await;
    for el in b
        .client
        .find_all(fantoccini::Locator::Css("input[id^=present_]"))
        .await
        .expect("checklist")
    {
        if el.prop("checked").await.ok().flatten().as_deref() != Some("true") {
            el.click().await.expect("tick");
        }
    }
    b.look("desk-intake-form").await;
    b.click("form.intake button[type=submit]").await;
    b.wait_text("/receipt.pdf").await;
    let path = b.path().await;
    let code = path.trim_start_matches("/work/dossiers/").to_owned();
    assert!(code.starts_with("000.17.22.H56-"), "{path}");
    b.look("dossier-received").await;
    act(&b, "forward").await;

    // Specialists, the head, the director and the clerk each take their step.
    let dossier = format!("/work/dossiers/{code}");
    b.sign_in_as("specialist").await;
    b.goto("/work?tab=queue").await;
    b.wait_text(&code).await;
    b.look("inbox-unit-queue").await;
    for _ in 0..2 {
        b.goto(&dossier).await;
        act(&b, "claim").await;
        act(&b, "forward").await;
    }
    b.sign_in_as("head").await;
    b.goto(&dossier).await;
    act(&b, "claim").await;
    b.look("dossier-head").await;
    // Stopping is irreversible: the page asks first, and "No" changes nothing.
    b.click("#act-stop summary").await;
    b.fill("#stop-reason", "Doanh nghiệp đề nghị dừng").await;
    b.click("#act-stop button[type=submit]").await;
    b.wait_text("Xác nhận: Dừng giải quyết").await;
    b.look("dossier-stop-confirm").await;
    b.click("#confirm a").await;
    b.wait_text("act-forward").await;
    act(&b, "forward").await;
    // The director lands on the workspace and finds any dossier of the agency.
    b.sign_in_as("director").await;
    assert!(b.path().await.starts_with("/work"), "{}", b.path().await);
    b.goto(&format!("/work?tab=all&q={code}")).await;
    b.wait_text(&format!("href=\"/work/dossiers/{code}\""))
        .await;
    b.look("work-search").await;
    b.goto(&dossier).await;
    act(&b, "claim").await;
    act(&b, "approve").await;
    let result = std::env::temp_dir().join(format!("giay-phep-{}.pdf", std::process::id()));
    std::fs::write(
        &result,
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    )
    .expect("result file");
    b.fill("#sign-number", "25/GP-SCT").await;
    b.css("#sign-file")
        .await
        .send_keys(&result.to_string_lossy())
        .await
        .expect("choose file");
    b.look("dossier-sign").await;
    b.click("#act-sign button[type=submit]").await;
    b.wait_url("done=sign").await;
    act(&b, "forward").await;
    b.sign_in_as("clerk").await;
    b.goto(&dossier).await;
    act(&b, "claim").await;
    act(&b, "mark_result_ready").await;

    // The desk hands the result back; the timeline tells the whole story.
    b.sign_in_as("desk").await;
    b.goto("/work/desk").await;
    b.wait_text(&code).await;
    b.look("desk-queue").await;
    b.goto(&dossier).await;
    act(&b, "return_result").await;
    b.wait_text("Đã trả kết quả").await;
    b.look("dossier-returned").await;
    let _ = std::fs::remove_file(result);
    b.close().await;
}

/// A dossier received at the desk and forwarded to the specialists, through the API.
async fn received_and_forwarded(base: &str) -> String {
    use serde_json::{json, Value};
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"username": "desk", "password": "pw-desk"}))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("json");
    let token = token["token"].as_str().expect("token").to_owned();
    let v: Value = http
        .post(format!("{base}/api/v1/dossiers"))
        .bearer_auth(&token)
        .json(&json!({"procedure_code": "2.000633", "channel": "direct",
            "applicant": {"name": "Hộ kinh doanh Minh Châu", "id_number": "022190004321", "kind": "business"}}))
        .send()
        .await
        .expect("intake")
        .json()
        .await
        .expect("json");
    let code = v["dossier"]["code"].as_str().expect("code").to_owned();
    let r = http
        .post(format!("{base}/api/v1/dossiers/{code}/actions"))
        .bearer_auth(&token)
        .json(&json!({"command": {"type": "forward"}}))
        .send()
        .await
        .expect("forward");
    assert!(r.status().is_success());
    code
}

async fn late_dossier_gets_an_apology_and_a_new_appointment(db: Db, _: String) {
    let _one = browser_support::exclusive().await;
    let app = spawn_app(db).await;
    let Some(b) = browser_support::open(&app.base).await else {
        return;
    };
    let code = received_and_forwarded(&app.base).await;
    let dossier = format!("/work/dossiers/{code}");
    b.sign_in_as("specialist").await;
    b.goto(&dossier).await;
    act(&b, "claim").await;
    // The head of the unit at fault apologises and sets a new appointment (form 04), a
    // working day two months ahead (past any appointment of this procedure).
    let cal = motcua_app::calendar::build(&app.db)
        .await
        .expect("calendar");
    let new_due = cal
        .next_working_day(chrono::Utc::now().date_naive() + chrono::Duration::days(60))
        .expect("working day");
    b.sign_in_as("head").await;
    b.goto(&dossier).await;
    b.click("#act-extend summary").await;
    b.fill(
        "#extend-reason",
        "Cần xác minh thực tế tại địa điểm kinh doanh",
    )
    .await;
    b.client
        .execute(
            "document.getElementById('extend-date').value = arguments[0];",
            vec![serde_json::json!(new_due.format("%Y-%m-%d").to_string())],
        )
        .await
        .expect("set date");
    b.look("dossier-extend-form").await;
    b.click("#act-extend button[type=submit]").await;
    b.wait_url("done=extend").await;
    b.wait_text("/apology.pdf").await;
    let html = b.html().await;
    assert!(
        html.contains(&new_due.format("%d/%m/%Y").to_string()),
        "the new appointment is shown"
    );
    assert!(html.contains("Cần xác minh thực tế"), "with the reason");
    b.look("dossier-extended").await;
    // Only once: a second apology is refused with the rule's words.
    b.click("#act-extend summary").await;
    b.fill("#extend-reason", "Lần thứ hai").await;
    b.client
        .execute(
            "document.getElementById('extend-date').value = arguments[0];",
            vec![serde_json::json!((new_due + chrono::Duration::days(30))
                .format("%Y-%m-%d")
                .to_string())],
        )
        .await
        .expect("set date");
    b.click("#act-extend button[type=submit]").await;
    b.wait_text("1 lần").await;
    b.close().await;
}

/// A small real PDF on disk, for the browser's file inputs.
fn pdf_file(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("{}-{name}", std::process::id()));
    std::fs::write(
        &path,
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    )
    .expect("pdf file");
    path
}

/// Officers walk the dossier from the specialists' queue to the step of `until` (a role's
/// user name), claiming and forwarding.
async fn walk(b: &browser_support::Browser, dossier: &str, users: &[&str]) {
    for user in users {
        b.sign_in_as(user).await;
        b.goto(dossier).await;
        act(b, "claim").await;
        act(b, "forward").await;
    }
}

async fn citizen_files_online_supplements_and_rates(db: Db, _: String) {
    let _one = browser_support::exclusive().await;
    let app = spawn_app(db).await;
    let Some(b) = browser_support::open(&app.base).await else {
        return;
    };
    let proc = "2.000633";
    // The citizen starts from the procedure page, one question per page.
    b.goto(&format!("/procedures/{proc}")).await;
    b.click(&format!("a[href=\"/submit/{proc}\"]")).await;
    b.wait_url(&format!("/submit/{proc}")).await;
    b.look("submit-start").await;
    b.click("button.start").await;
    b.wait_url("/applicant").await;
    b.click("#kind-business").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/identity").await;
    // A mistake is explained next to the field and nothing typed is lost.
    b.fill("#name", "Công ty TNHH Rượu Vang Đà Lạt").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_text("error-summary").await;
    b.look("submit-identity-error").await;
    b.fill("#id_number", "0312345678").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/contact").await;
    b.fill("#phone", "0903 456 789").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/address").await;
    b.fill("#address", "12 Trần Phú, Phường 4, Đà Lạt").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/request").await;
    b.fill("#summary", "Cấp mới giấy phép bán buôn rượu").await;
    b.click("form.stack button[type=submit]").await;
    b.wait_url("/files/0").await;
    let file = pdf_file("thanh-phan.pdf");
    for n in 0..10 {
        if b.path().await.ends_with("/check") {
            break;
        }
        b.css("#file")
            .await
            .send_keys(&file.to_string_lossy())
            .await
            .expect("choose file");
        if n == 0 {
            b.look("submit-upload").await;
            // A refused file: the page says why, and the address bar shows no form field or
            // token (POST-redirect-GET).
            let bad = std::env::temp_dir().join(format!("{}-chuong-trinh.pdf", std::process::id()));
            std::fs::write(&bad, b"\x7fELF not a pdf").expect("bad file");
            b.css("#file")
                .await
                .send_keys(&bad.to_string_lossy())
                .await
                .expect("choose file");
            b.click("form.upload button[value=next]").await;
            b.wait_text("error-summary").await;
            let url = b.client.current_url().await.expect("url");
            assert_eq!(url.query(), None, "{url}");
            b.look("submit-upload-refused").await;
            b.css("#file")
                .await
                .send_keys(&file.to_string_lossy())
                .await
                .expect("choose file");
            // "Tải lên" keeps the page and lists the file; then "Tiếp tục" goes on.
            b.click("form.upload button[value=upload]").await;
            b.wait_text("thanh-phan.pdf").await;
            b.click("form.upload button[value=next]").await;
        } else {
            // A file chosen and "Tiếp tục" pressed: the file is uploaded, not dropped.
            let before = b.path().await;
            b.click("form.upload button[value=next]").await;
            for _ in 0..50 {
                if b.path().await != before {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            assert!(!b.html().await.contains("Giấy tờ này là bắt buộc"));
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    b.wait_url("/check").await;
    b.look("submit-check").await;
    b.click("main form button[type=submit]").await;
    b.wait_url("/done").await;
    b.look("submit-done").await;
    let html = b.html().await;
    let at = html
        .find("000.17.22.H56-")
        .expect("the dossier code is shown");
    let code = html[at..at + "000.17.22.H56-yymmdd-0001".len()].to_owned();
    assert!(html.contains("<svg"), "with its QR code");

    // The desk receives it (form 01 is offered) and the specialists forward it.
    let dossier = format!("/work/dossiers/{code}");
    b.sign_in_as("desk").await;
    b.goto(&dossier).await;
    act(&b, "receive").await;
    b.wait_text("/receipt.pdf").await;
    act(&b, "forward").await;
    walk(&b, &dossier, &["specialist", "specialist"]).await;
    // The head asks for a supplement: the clock pauses.
    b.sign_in_as("head").await;
    b.goto(&dossier).await;
    act(&b, "claim").await;
    b.click("#act-request_supplement summary").await;
    b.click("#request_supplement-m1").await;
    b.fill(
        "#request_supplement-reason",
        "Bản sao hợp đồng thuê kho chưa có chứng thực",
    )
    .await;
    b.click("#act-request_supplement button[type=submit]").await;
    b.wait_url("done=request_supplement").await;

    // The citizen looks the dossier up with the last 4 digits of the phone and supplements.
    b.sign_out().await;
    b.goto("/lookup").await;
    b.fill("#code", &code).await;
    b.fill("#key", "6789").await;
    b.click("main form button[type=submit]").await;
    b.wait_url(&format!("/my/dossiers/{code}")).await;
    b.wait_text("chưa có chứng thực").await;
    b.look("my-dossier-supplement").await;
    let extra = pdf_file("hop-dong-thue-kho.pdf");
    b.css("#file")
        .await
        .send_keys(&extra.to_string_lossy())
        .await
        .expect("choose file");
    b.fill("#note", "Đã bổ sung bản sao có chứng thực").await;
    b.click("form[enctype=\"multipart/form-data\"] button[type=submit]")
        .await;
    b.wait_text("Đang xử lý").await;

    // The head goes on, the director signs, the clerk issues, the desk returns.
    b.sign_in_as("head").await;
    b.goto(&dossier).await;
    act(&b, "forward").await;
    b.sign_in_as("director").await;
    b.goto(&dossier).await;
    act(&b, "claim").await;
    act(&b, "approve").await;
    b.fill("#sign-number", "31/GP-SCT").await;
    b.click("#act-sign button[type=submit]").await;
    b.wait_url("done=sign").await;
    act(&b, "forward").await;
    b.sign_in_as("clerk").await;
    b.goto(&dossier).await;
    act(&b, "claim").await;
    act(&b, "mark_result_ready").await;
    b.sign_in_as("desk").await;
    b.goto(&dossier).await;
    act(&b, "return_result").await;

    // The citizen rates the service: two questions, three levels.
    b.sign_out().await;
    b.goto(&format!("/my/dossiers/{code}")).await;
    if b.path().await.starts_with("/lookup") {
        b.fill("#code", &code).await;
        b.fill("#key", "6789").await;
        b.click("main form button[type=submit]").await;
        b.wait_url(&format!("/my/dossiers/{code}")).await;
    }
    b.wait_text("Đã trả kết quả").await;
    // The applicant's page is complete: the result's number, the files sent, the receipt.
    let html = b.html().await;
    assert!(html.contains("Số văn bản kết quả: 31/GP-SCT"), "{html}");
    assert!(html.contains("thanh-phan.pdf") && html.contains("hop-dong-thue-kho.pdf"));
    assert!(html.contains(&format!("/my/dossiers/{code}/receipt.pdf")));
    b.look("my-dossier-returned").await;
    b.goto(&format!("/my/dossiers/{code}/rating")).await;
    // The ease question has its own answers, not satisfaction levels.
    b.wait_text("Rất dễ thực hiện").await;
    b.click("#ease-very_satisfied").await;
    b.click("#overall-satisfied").await;
    b.fill("#comment", "Cán bộ hướng dẫn tận tình").await;
    b.look("rating").await;
    b.click("main form button[type=submit]").await;
    b.wait_text("Cảm ơn bạn đã đánh giá").await;
    b.look("rated").await;
    let _ = std::fs::remove_file(file);
    let _ = std::fs::remove_file(extra);
    b.close().await;
}

/// A dossier received at the desk now, through the API: its code and appointment.
async fn desk_intake_due(base: &str) -> (String, chrono::DateTime<chrono::Utc>) {
    use serde_json::{json, Value};
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"username": "desk", "password": "pw-desk"}))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("json");
    let v: Value = http
        .post(format!("{base}/api/v1/dossiers"))
        .bearer_auth(token["token"].as_str().expect("token"))
        .json(&json!({"procedure_code": "2.000633", "channel": "direct",
            "applicant": {"name": "Nguyễn Văn Bình", "id_number": "022190007777", "kind": "citizen"}}))
        .send()
        .await
        .expect("intake")
        .json()
        .await
        .expect("json");
    let due = serde_json::from_value(v["dossier"]["due_at"].clone()).expect("appointment");
    (v["dossier"]["code"].as_str().expect("code").to_owned(), due)
}

async fn a_day_off_moves_the_next_appointment(db: Db, _: String) {
    let _one = browser_support::exclusive().await;
    let app = spawn_app(db).await;
    let Some(b) = browser_support::open(&app.base).await else {
        return;
    };
    let (_, before) = desk_intake_due(&app.base).await;
    let cal = motcua_app::calendar::build(&app.db)
        .await
        .expect("calendar");
    let today = chrono::Utc::now()
        .with_timezone(&motcua_calendar::vn_offset())
        .date_naive();
    let day_off = today
        .succ_opt()
        .expect("tomorrow")
        .iter_days()
        .find(|d| cal.is_working_day(*d).expect("in range"))
        .expect("a working day");
    // The administrator marks it a day off on the calendar page.
    b.sign_in_as("admin").await;
    b.goto(&format!(
        "/admin/calendar?year={}",
        chrono::Datelike::year(&day_off)
    ))
    .await;
    b.look("admin-calendar").await;
    b.client
        .execute(
            "document.getElementById('date').value = arguments[0];",
            vec![serde_json::json!(day_off.to_string())],
        )
        .await
        .expect("set date");
    b.fill("#name", "Nghỉ phòng chống bão").await;
    b.click("form[action=\"/admin/calendar\"] button[type=submit]")
        .await;
    // First what the change does to open dossiers; saved only on confirmation.
    b.wait_text("Kiểm tra trước khi đổi lịch").await;
    b.look("admin-calendar-preview").await;
    b.click("form.inline-form button[type=submit]").await;
    b.wait_text("Nghỉ phòng chống bão").await;
    // A dossier received now gets its appointment one working day later than before.
    let (code, after) = desk_intake_due(&app.base).await;
    // `next_working_day` is the first working day on or after its argument.
    let later = cal
        .next_working_day(
            before
                .with_timezone(&motcua_calendar::vn_offset())
                .date_naive()
                .succ_opt()
                .expect("day after"),
        )
        .expect("next working day");
    assert_eq!(
        after
            .with_timezone(&motcua_calendar::vn_offset())
            .date_naive(),
        later,
        "appointment {before} should move to the next working day"
    );
    b.sign_in_as("desk").await;
    b.goto(&format!("/work/dossiers/{code}")).await;
    b.wait_text(&later.format("%d/%m/%Y").to_string()).await;
    b.close().await;
}

async fn administration_and_reports_are_looked_at(db: Db, _: String) {
    let _one = browser_support::exclusive().await;
    let app = spawn_app(db).await;
    let Some(b) = browser_support::open(&app.base).await else {
        return;
    };
    for _ in 0..3 {
        desk_intake_due(&app.base).await;
    }
    b.sign_in_as("admin").await;
    for (path, name) in [
        ("/admin/agencies", "admin-agencies"),
        ("/admin/users", "admin-users"),
        ("/admin/procedures/2.000633", "admin-procedure"),
        ("/admin/settings", "admin-settings"),
    ] {
        b.goto(path).await;
        b.wait_text("</main>").await;
        b.look(name).await;
    }
    b.sign_in_as("reporter").await;
    for (path, name) in [
        ("/reports/06a", "report-06a"),
        ("/reports/766", "report-766"),
        ("/reports/reform", "report-reform"),
        ("/reports/dashboard", "report-dashboard"),
    ] {
        b.goto(path).await;
        b.wait_text("</main>").await;
        b.look(name).await;
    }
    b.goto("/reports/766").await;
    b.wait_text("</main>").await;
    let html = b.html().await;
    assert!(!html.contains("(verify)"), "{html}");
    // A number of II.06a leads to the dossiers behind it.
    b.goto("/reports/06a").await;
    b.click("a[href^=\"/reports/06a/behind\"]").await;
    b.wait_text("000.17.22.H56-").await;
    b.look("report-behind").await;
    b.close().await;
}

async fn an_officer_enrols_a_second_factor_and_signs_in_with_it(db: Db, _: String) {
    let _one = browser_support::exclusive().await;
    let app = spawn_app(db).await;
    let Some(b) = browser_support::open(&app.base).await else {
        return;
    };
    b.sign_in_as("head").await;
    // From the name in the header to the account pages.
    b.click("header a.who").await;
    b.wait_text("Thiết bị này").await;
    b.look("account-sessions").await;
    b.goto("/account/totp").await;
    b.click("form[action=\"/account/totp/start\"] button").await;
    b.wait_text("id=\"totp-secret\"").await;
    b.look("account-totp-enrol").await;
    let secret = b.text("#totp-secret").await.replace(' ', "");
    let now = chrono::Utc::now();
    let code = motcua_app::totp::code_at(&secret, now).expect("code");
    b.fill("#code", &code).await;
    b.click("form[action=\"/account/totp/confirm\"] button")
        .await;
    b.wait_text("Mã khôi phục").await;
    b.look("account-totp-recovery").await;
    // Signed out, the sign-in asks for the code after the password.
    b.click("header form.inline button").await;
    b.wait_text("href=\"/sign-in\"").await;
    b.goto("/sign-in").await;
    b.fill("#username", "head").await;
    b.fill("#password", "pw-head").await;
    b.click("form.stack button").await;
    b.wait_text("action=\"/sign-in/code\"").await;
    b.look("sign-in-code").await;
    // The next step's code: the enrolment's own is good only once.
    let next =
        motcua_app::totp::code_at(&secret, now + chrono::Duration::seconds(30)).expect("code");
    b.fill("#code", &next).await;
    b.click("form.stack button").await;
    b.wait_text("Cán bộ head").await;
    b.close().await;
}
