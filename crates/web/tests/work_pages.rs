//! The officer workspace through pages alone, over real HTTP on both stores: the inbox, the
//! dossier page and its action forms from counter intake to the returned result, conflicts and
//! permissions. The other branches (send back, supplement, extension, transfer, payment,
//! withdrawal): `work_branch_pages.rs`; the desk's own pages: `desk_pages.rs`.

mod online_files;
mod pages_support;
mod work_support;

use chrono::{Duration, TimeZone, Utc};
use motcua_domain::dossier::{Actor, Applicant, Channel, Command};
use motcua_domain::Role;
use motcua_store::users::{create_user, set_active, NewUser};
use motcua_store::{dossiers, Db};
use pages_support::{spawn_app, App, Browser, SCT};
use reqwest::StatusCode;
use work_support::*;

motcua_store::on_both_stores!(
    inbox_shows_mine_and_the_unit_queue_due_first_in_words,
    the_appointment_says_why_it_is_that_date,
    the_whole_path_through_pages_alone,
    a_stale_page_gets_the_conflict_message_and_changes_nothing,
    other_agencies_roles_and_applicants_are_kept_out,
    forward_offers_and_accepts_only_eligible_officers,
    a_missing_file_is_the_not_found_page,
);

/// A dossier received and forwarded by the desk 40 days ago: long overdue in QLTM's queue.
async fn overdue_dossier(app: &App) -> String {
    desk_intake(
        app,
        Utc::now() - Duration::days(40),
        "Hộ kinh doanh Trễ Hạn",
    )
    .await
}

/// A dossier received at the counter at `then` and forwarded by the desk an hour later.
async fn desk_intake(app: &App, then: chrono::DateTime<Utc>, name: &str) -> String {
    let files = tempfile::tempdir().expect("files dir");
    let use_cases = motcua_app::App::open(app.db.clone(), files.path().to_path_buf())
        .await
        .expect("app");
    let desk = Actor::officer("desk", &[Role::Desk], SCT, "MOTCUA");
    let created = use_cases
        .submit(
            desk.clone(),
            motcua_app::dossiers::Submission {
                procedure_code: WHOLESALE.into(),
                applicant: Applicant {
                    name: name.into(),
                    ..Applicant::default()
                },
                summary: None,
                files: Vec::new(),
                desk_channel: Some(Channel::Direct),
                idempotency_key: None,
                handed_in: Vec::new(),
            },
            then,
        )
        .await
        .expect("old intake");
    let code = match created {
        dossiers::Created::New(d) | dossiers::Created::Existing(d) => d.dossier.code,
    };
    use_cases
        .act(
            desk,
            &code,
            None,
            &Command::Forward {
                note: None,
                to_user: None,
            },
            then + Duration::hours(1),
        )
        .await
        .expect("old forward");
    code
}

/// Issue #22, item 1: received Thu 24/4/2025 09:00 with 10 working days, the officer's page
/// explains the date day by day — the make-up Saturday counted, 30/4 and 1/5 skipped by name,
/// the notice's swapped Friday — and the counted hours add up to the 10 days, in both languages.
async fn the_appointment_says_why_it_is_that_date(db: Db, _: String) {
    let app = spawn_app(db).await;
    let received = Utc
        .with_ymd_and_hms(2025, 4, 24, 2, 0, 0)
        .single()
        .expect("instant");
    let code = desk_intake(&app, received, "Công ty TNHH Hẹn Rõ").await;
    let mut spec = signed_in(&app, "specialist").await;
    let page = spec.get(&format!("/work/dossiers/{code}")).await;
    let html = &page.html;
    assert!(
        html.contains("<summary>Vì sao là ngày này?</summary>"),
        "{html}"
    );
    for line in [
        "Nhận hồ sơ lúc 09:00 Thứ Năm 24/04/2025; bắt đầu tính thời gian từ 09:00 Thứ Năm 24/04/2025 — nhận trong giờ làm việc.",
        "Thứ Bảy 26/04/2025: tính 8 giờ (",
        "; ngày làm bù (",
        "Chủ nhật 27/04/2025: không tính — nghỉ hằng tuần",
        "Thứ Tư 30/04/2025: không tính — nghỉ lễ: ",
        "Thứ Năm 01/05/2025: không tính — nghỉ lễ: ",
        "Thứ Sáu 02/05/2025: không tính — ngày nghỉ: ",
        "Tổng thời gian đã tính: 80 giờ làm việc → hẹn trả kết quả ",
    ] {
        assert!(html.contains(line), "missing «{line}»");
    }
    // The total names the same date the page shows as the appointment.
    let due = html
        .split("hẹn trả kết quả ")
        .nth(1)
        .and_then(|rest| rest.split('.').next())
        .expect("the date in the total")
        .to_owned();
    assert!(html.contains(&format!("<strong>{due}</strong>")), "{due}");
    let page = spec.get(&format!("/work/dossiers/{code}?lang=en")).await;
    assert!(page.html.contains("<summary>Why this date?</summary>"));
    assert!(page
        .html
        .contains("Wednesday 30/04/2025: not counted — public holiday: "));
    assert!(page
        .html
        .contains("Working time counted: 80 h → result due "));
}

async fn inbox_shows_mine_and_the_unit_queue_due_first_in_words(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let long = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Khánh Hòa").await;
    let short = intake(&mut desk, AMENDMENT, "Công ty Cổ phần Đồ uống Nha Trang").await;
    // The desk holds both (its own first step), sorted by appointment.
    let mine = desk.get("/work").await;
    assert_eq!(mine.status, StatusCode::OK);
    let (a, b) = (
        mine.html.find(&short).expect("short"),
        mine.html.find(&long).expect("long"),
    );
    assert!(a < b, "the earlier appointment first");
    assert!(mine.html.contains("Trong hạn") && mine.html.contains("clock-ok"));
    assert!(mine.html.contains("ngày"), "working time left in days");
    for code in [&long, &short] {
        act_ok(&mut desk, code, "forward", &[]).await;
    }
    let late = overdue_dossier(&app).await;

    let mut spec = signed_in(&app, "specialist").await;
    let queue = spec.get("/work?tab=queue").await;
    let pos = |c: &str| queue.html.find(c).unwrap_or_else(|| panic!("{c} queued"));
    assert!(
        pos(&late) < pos(&short) && pos(&short) < pos(&long),
        "due first"
    );
    assert!(queue.html.contains("Quá hạn") && queue.html.contains("clock-late"));
    assert!(queue.html.contains("quá "), "time past in words");
    assert!(queue
        .html
        .contains("Hàng chờ của đơn vị <span class=\"badge\">3</span>"));
    // Claiming moves one to "mine".
    act_ok(&mut spec, &long, "claim", &[]).await;
    let mine = spec.get("/work").await;
    assert!(mine.html.contains(&long) && !mine.html.contains(&short));
    assert!(mine
        .html
        .contains("Hồ sơ của tôi <span class=\"badge\">1</span>"));
    // Filters: overdue only; search without diacritics; the htmx fragment alone.
    let overdue = spec.get("/work?tab=queue&overdue=1").await;
    assert!(overdue.html.contains(&late) && !overdue.html.contains(&short));
    let found = spec.get("/work?tab=queue&q=do+uong+nha+trang").await;
    assert!(found.html.contains(&short) && !found.html.contains(&late));
    let fragment = spec
        .http
        .get(format!("{}/work?tab=queue&procedure={AMENDMENT}", app.base))
        .header("HX-Request", "true")
        .send()
        .await
        .expect("htmx");
    let html = fragment.text().await.expect("body");
    assert!(!html.contains("<html") && html.contains(&short) && !html.contains(&late));
}

async fn the_whole_path_through_pages_alone(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let code = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Khánh Hòa").await;
    let page = desk
        .get(&format!("/work/dossiers/{code}?done=receive_at_desk"))
        .await;
    assert!(page.html.contains(&code) && page.html.contains("Ngày hẹn trả"));
    assert!(page.html.contains("Đã thực hiện"), "the confirmation");
    assert!(
        page.html.contains("Thành phần hồ sơ đã nhận (1 bộ)"),
        "the checklist is on the slip"
    );
    act_ok(&mut desk, &code, "forward", &[]).await;

    let mut spec = signed_in(&app, "specialist").await;
    act_ok(&mut spec, &code, "claim", &[]).await;
    act_ok(
        &mut spec,
        &code,
        "forward",
        &[("to_user", "specialist"), ("note", "Hồ sơ hợp lệ")],
    )
    .await;
    act_ok(&mut spec, &code, "forward", &[]).await;

    let mut head = signed_in(&app, "head").await;
    act_ok(&mut head, &code, "claim", &[]).await;
    act_ok(&mut head, &code, "forward", &[]).await;

    let mut director = signed_in(&app, "director").await;
    act_ok(&mut director, &code, "claim", &[]).await;
    act_ok(&mut director, &code, "approve", &[]).await;
    let page = director.get(&format!("/work/dossiers/{code}")).await;
    assert!(page.html.contains("enctype=\"multipart/form-data\""));
    let version = version_in(&page.html);
    // A file that is not what its name says is refused next to the form; nothing changes.
    let bad = reqwest::multipart::Form::new()
        .text("version", version.clone())
        .text("result_number", "15/GP-SCT")
        .text("signer", "Phạm Minh Tuấn")
        .text("signed_on", "2026-11-30")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"MZ\x90\x00 not a pdf".to_vec())
                .file_name("giay-phep.pdf"),
        );
    let res = director
        .http
        .post(format!(
            "{}/work/dossiers/{code}/sign?csrf={}",
            app.base, director.csrf
        ))
        .multipart(bad)
        .send()
        .await
        .expect("sign");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("id=\"act-sign\"") && html.contains("error-text"),
        "{html}"
    );
    assert!(
        html.contains("value=\"15/GP-SCT\""),
        "the number typed is kept"
    );
    assert_eq!(status_of(&app, &code).await.0, "approved");
    let form = reqwest::multipart::Form::new()
        .text("version", version)
        .text("result_number", "15/GP-SCT")
        .text("signer", "Phạm Minh Tuấn")
        .text("signed_on", "2026-11-30")
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf())
                .file_name("giay-phep.pdf")
                .mime_str("application/pdf")
                .expect("mime"),
        );
    let res = director
        .http
        .post(format!(
            "{}/work/dossiers/{code}/sign?csrf={}",
            app.base, director.csrf
        ))
        .multipart(form)
        .send()
        .await
        .expect("sign");
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{}",
        res.text().await.unwrap_or_default()
    );
    act_ok(&mut director, &code, "forward", &[]).await;

    let mut clerk = signed_in(&app, "clerk").await;
    act_ok(&mut clerk, &code, "mark_result_ready", &[]).await;

    // The result file is served to officers as an attachment.
    let page = desk.get(&format!("/work/dossiers/{code}")).await;
    assert!(page.html.contains("15/GP-SCT") && page.html.contains("giay-phep.pdf"));
    let at = page.html.find("/files/").expect("file link");
    let href = &page.html[page.html[..at].rfind('"').expect("start") + 1..];
    let href = &href[..href.find('"').expect("end")];
    let file = desk
        .http
        .get(format!("{}{href}", app.base))
        .send()
        .await
        .expect("file");
    assert_eq!(file.status(), StatusCode::OK);
    assert!(file.headers()["content-disposition"]
        .to_str()
        .expect("header")
        .starts_with("attachment"));
    assert_eq!(file.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        file.bytes().await.expect("bytes").as_ref(),
        pdf().as_slice()
    );

    // The desk hands it back from its list of results.
    let list = desk.get("/work/desk").await;
    assert!(list.html.contains(&code), "waiting to be handed back");
    let version = version_in(&desk.get(&format!("/work/dossiers/{code}")).await.html);
    let p = desk
        .post(
            &format!("/work/dossiers/{code}/actions"),
            &[
                ("action", "return_result"),
                ("version", &version),
                ("back", "desk"),
                ("received_by", "Nguyễn Văn Bình"),
                ("channel", "desk"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.html);
    assert!(p
        .location
        .expect("loc")
        .starts_with("/work/desk?done=return_result"));
    assert_eq!(status_of(&app, &code).await.0, "returned");
    let page = desk.get(&format!("/work/dossiers/{code}")).await;
    assert!(page.html.contains("Đã trả kết quả") && page.html.contains("Nguyễn Văn Bình"));
    for what in [
        "Tiếp nhận tại Bộ phận Một cửa",
        "Chuyển bước",
        "Ký kết quả",
        "Trả kết quả",
    ] {
        assert!(page.html.contains(what), "timeline has {what}");
    }
}

async fn a_stale_page_gets_the_conflict_message_and_changes_nothing(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let code = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Cam Lâm").await;
    act_ok(&mut desk, &code, "forward", &[]).await;
    let mut a = signed_in(&app, "specialist").await;
    let mut b = signed_in(&app, "head").await;
    let stale = version_in(&b.get(&format!("/work/dossiers/{code}")).await.html);
    act_ok(&mut a, &code, "claim", &[]).await;
    let (status, version) = status_of(&app, &code).await;
    let p = b
        .post(
            &format!("/work/dossiers/{code}/actions"),
            &[("action", "reassign"), ("version", &stale), ("to", "")],
        )
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(
        p.html
            .contains("Người khác vừa cập nhật hồ sơ này trước bạn"),
        "{}",
        p.html
    );
    assert!(
        p.html.contains("Cán bộ specialist"),
        "the current state is shown"
    );
    assert_eq!(
        version_in(&p.html),
        version.to_string(),
        "the page now carries the current version"
    );
    assert_eq!(status_of(&app, &code).await, (status, version));
}

async fn other_agencies_roles_and_applicants_are_kept_out(db: Db, _: String) {
    let app = spawn_app(db).await;
    let hash = motcua_app::auth::hash_password("pw-city").expect("hash");
    create_user(
        &app.db,
        &NewUser {
            username: "city".into(),
            full_name: "Cán bộ thành phố".into(),
            email: None,
            password_hash: hash,
            agency_code: Some("000.00.11.H56".into()),
            unit_code: Some("MOTCUA".into()),
            roles: vec![Role::Desk],
        },
    )
    .await
    .expect("user");
    let mut desk = signed_in(&app, "desk").await;
    let code = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Ninh Hòa").await;
    let mut city = signed_in(&app, "city").await;
    assert_eq!(
        city.get(&format!("/work/dossiers/{code}")).await.status,
        StatusCode::FORBIDDEN
    );
    let mut reporter = signed_in(&app, "reporter").await;
    let page = reporter.get(&format!("/work/dossiers/{code}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.html.contains("name=\"action\""), "no action forms");
    assert!(page.html.contains("Bạn không có thao tác nào"));
    assert_eq!(
        reporter.get("/work/desk").await.status,
        StatusCode::FORBIDDEN
    );
    // The specialist has no part in a dossier still at the desk's step (least privilege):
    // the page is refused, and a forged action finds nothing; nothing changes.
    let mut spec = signed_in(&app, "specialist").await;
    let page = spec.get(&format!("/work/dossiers/{code}")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(!page.html.contains("value=\"forward\""));
    let before = status_of(&app, &code).await;
    let p = spec
        .post(
            &format!("/work/dossiers/{code}/actions"),
            &[
                ("action", "forward"),
                (
                    "version",
                    &version_in(&desk.get(&format!("/work/dossiers/{code}")).await.html),
                ),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert_eq!(status_of(&app, &code).await, before);
    let mut citizen = signed_in(&app, "citizen").await;
    let p = citizen.get("/work").await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(p.html.contains("Bạn không có quyền xem trang này"));
    assert_eq!(
        citizen.get(&format!("/work/dossiers/{code}")).await.status,
        StatusCode::FORBIDDEN
    );
    let mut anon = Browser::new(&app);
    let p = anon.get("/work?tab=queue").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(
        p.location.as_deref(),
        Some("/sign-in?next=/work%3Ftab%3Dqueue")
    );
}

/// The values of the `<select>` with this id.
fn options(html: &str, id: &str) -> Vec<String> {
    let start = html
        .find(&format!("<select id=\"{id}\""))
        .expect("the select");
    let end = start + html[start..].find("</select>").expect("its end");
    let mut out: Vec<String> = html[start..end]
        .split("<option value=\"")
        .skip(1)
        .map(|o| o[..o.find('"').expect("value end")].to_owned())
        .collect();
    out.sort();
    out
}

/// The forward form lists exactly the officers the rule accepts (the step's role, agency and
/// unit, active); any other name sent from the page is refused with the message and changes
/// nothing — the same check the API gets (`branches.rs`).
async fn forward_offers_and_accepts_only_eligible_officers(db: Db, _: String) {
    let app = spawn_app(db).await;
    for (name, unit, active) in [
        ("spec2", "QLTM", true),
        ("spec_off", "QLTM", false),
        ("spec_vp", "VP", true),
    ] {
        let id = create_user(
            &app.db,
            &NewUser {
                username: name.into(),
                full_name: format!("Cán bộ {name}"),
                email: None,
                password_hash: "x".into(),
                agency_code: Some(SCT.into()),
                unit_code: Some(unit.into()),
                roles: vec![Role::Specialist],
            },
        )
        .await
        .expect("user");
        if !active {
            set_active(&app.db, id, false).await.expect("deactivate");
        }
    }
    let mut desk = signed_in(&app, "desk").await;
    let code = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Ninh Hòa").await;
    act_ok(&mut desk, &code, "forward", &[]).await;
    let mut spec = signed_in(&app, "specialist").await;
    act_ok(&mut spec, &code, "claim", &[]).await;
    let page = spec.get(&format!("/work/dossiers/{code}")).await;
    assert_eq!(
        options(&page.html, "forward-to"),
        ["", "spec2", "specialist"],
        "the unit queue and the active QLTM specialists"
    );
    let before = status_of(&app, &code).await;
    for (who, says) in [
        ("spec_vp", "không thuộc vai trò, đơn vị"),
        ("head", "không thuộc vai trò, đơn vị"),
        ("spec_off", "đã ngừng hoạt động"),
        ("ghost", "Không có tài khoản"),
    ] {
        let p = act(&mut spec, &code, "forward", &[("to_user", who)]).await;
        assert_eq!(
            p.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{who}: {}",
            p.html
        );
        assert!(
            p.html.contains(says) && p.html.contains(who),
            "{who}: {}",
            p.html
        );
        assert_eq!(status_of(&app, &code).await, before, "nothing written");
    }
    act_ok(&mut spec, &code, "forward", &[("to_user", "spec2")]).await;
}

/// A file the dossier does not have answers the HTML not-found page, never a JSON body.
async fn a_missing_file_is_the_not_found_page(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let code = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Diên Khánh").await;
    for path in [
        format!("/work/dossiers/{code}/files/{}", "0".repeat(64)),
        format!("/work/dossiers/{code}/files/not-a-hash"),
        format!(
            "/work/dossiers/000.17.22.H56-000101-9999/files/{}",
            "0".repeat(64)
        ),
    ] {
        let res = desk
            .http
            .get(format!("{}{path}", desk.base))
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        let kind = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(kind.starts_with("text/html"), "{path}: {kind}");
        let html = res.text().await.expect("body");
        assert!(html.contains("Không tìm thấy trang"), "{path}: {html}");
    }
}
