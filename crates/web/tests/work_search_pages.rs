//! The officers' search (`/work?tab=all`) over real HTTP on both stores: every dossier the
//! person may see — held elsewhere, closed, by code, name without diacritics, identity
//! number, dates — and nothing of another agency; the director's agency-wide list; the CSV
//! export of the same selection; the list refreshing itself.

mod online_files;
mod pages_support;
mod work_support;

use chrono::{Duration, Utc};
use motcua_domain::Role;
use motcua_store::users::{create_user, NewUser};
use motcua_store::Db;
use pages_support::spawn_app;
use reqwest::StatusCode;
use work_support::*;

motcua_store::on_both_stores!(search_finds_what_the_officer_may_see_and_nothing_else,);

async fn search_finds_what_the_officer_may_see_and_nothing_else(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut desk = signed_in(&app, "desk").await;
    let held_elsewhere = intake(&mut desk, WHOLESALE, "Công ty TNHH Rượu Khánh Hòa").await;
    let kept = intake(&mut desk, AMENDMENT, "Công ty Cổ phần Đồ uống Nha Trang").await;
    act_ok(&mut desk, &held_elsewhere, "forward", &[]).await;
    // The desk's own inbox no longer has the forwarded one; the search does.
    let mine = desk.get("/work").await;
    assert!(!mine.html.contains(&held_elsewhere) && mine.html.contains(&kept));
    let all = desk.get("/work?tab=all").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.html.contains(&held_elsewhere) && all.html.contains(&kept));
    assert!(all.html.contains("aria-current=\"page\">Tìm mọi hồ sơ"));
    // By name without diacritics, by code, by identity number.
    let by_name = desk.get("/work?tab=all&q=ruou+khanh+hoa").await;
    assert!(by_name.html.contains(&held_elsewhere) && !by_name.html.contains(&kept));
    let by_code = desk.get(&format!("/work?tab=all&q={kept}")).await;
    assert!(by_code.html.contains(&kept) && !by_code.html.contains(&held_elsewhere));
    let by_id = desk.get("/work?tab=all&q=4201234567").await;
    assert!(by_id.html.contains(&kept) && by_id.html.contains(&held_elsewhere));
    // Dates in Vietnam, both ends included.
    let today = motcua_domain::dossier::vn_date(Utc::now());
    let (d, tomorrow) = (
        today.format("%Y-%m-%d"),
        (today + Duration::days(1)).format("%Y-%m-%d"),
    );
    let today_only = desk
        .get(&format!("/work?tab=all&received_from={d}&received_to={d}"))
        .await;
    assert!(today_only.html.contains(&kept) && today_only.html.contains(&held_elsewhere));
    let later = desk
        .get(&format!("/work?tab=all&received_from={tomorrow}"))
        .await;
    assert!(!later.html.contains(&kept), "{}", later.html);
    assert!(later.html.contains("Không có hồ sơ nào."));
    let not_due_yet = desk.get(&format!("/work?tab=all&due_to={d}")).await;
    assert!(!not_due_yet.html.contains(&kept));
    // By procedure and status; closed dossiers are found too.
    let by_proc = desk
        .get(&format!("/work?tab=all&procedure={AMENDMENT}"))
        .await;
    assert!(by_proc.html.contains(&kept) && !by_proc.html.contains(&held_elsewhere));
    act_ok(
        &mut desk,
        &kept,
        "withdraw",
        &[("reason", "Doanh nghiệp rút hồ sơ"), ("confirm", "yes")],
    )
    .await;
    let closed = desk.get("/work?tab=all&status=withdrawn").await;
    assert!(closed.html.contains(&kept) && !closed.html.contains(&held_elsewhere));
    assert!(
        !desk.get("/work").await.html.contains(&kept),
        "closed: not in the inbox"
    );

    // The director sees the agency's dossiers wherever they are.
    let mut director = signed_in(&app, "director").await;
    let wide = director.get("/work?tab=all").await;
    assert!(wide.html.contains(&held_elsewhere) && wide.html.contains(&kept));

    // Another agency's officer finds nothing of ours, by any key.
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
            roles: vec![Role::Desk, Role::Director],
        },
    )
    .await
    .expect("user");
    let mut city = signed_in(&app, "city").await;
    for path in [
        "/work?tab=all".to_owned(),
        "/work?tab=all&q=4201234567".to_owned(),
        format!("/work?tab=all&q={kept}"),
        "/work/export.csv?tab=all".to_owned(),
    ] {
        let p = city.get(&path).await;
        assert_eq!(p.status, StatusCode::OK, "{path}");
        // (The searched code is echoed in the search box; no line, link or name is shown.)
        for shown in [
            format!("/work/dossiers/{kept}"),
            format!("/work/dossiers/{held_elsewhere}"),
            format!("{kept},"),
            format!("{held_elsewhere},"),
            "Công ty".to_owned(),
        ] {
            assert!(!p.html.contains(&shown), "{path}: {shown}: {}", p.html);
        }
    }

    // The CSV: the same selection, every page, readable by a spreadsheet.
    let csv = desk
        .http
        .get(format!("{}/work/export.csv?tab=all&q=ruou", app.base))
        .send()
        .await
        .expect("csv");
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(
        csv.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/csv; charset=utf-8")
    );
    let body = csv.text().await.expect("body");
    assert!(body.starts_with('\u{feff}'), "BOM for spreadsheets");
    let rows: Vec<&str> = body.trim_end().split("\r\n").collect();
    assert!(rows[0].contains("Mã hồ sơ") && rows[0].contains("Ngày tiếp nhận"));
    assert_eq!(rows.len(), 2, "{body}");
    assert!(
        rows[1].starts_with(&held_elsewhere) && rows[1].contains("Công ty TNHH Rượu Khánh Hòa")
    );
    // The list asks for what is new on its own, with the filters it shows.
    assert!(
        by_name
            .html
            .contains("hx-get=\"/work?tab=all&#38;q=ruou%20khanh%20hoa\" hx-trigger=\"every 30s\""),
        "{}",
        by_name.html
    );
    assert!(by_name
        .html
        .contains("href=\"/work/export.csv?tab=all&#38;q=ruou%20khanh%20hoa\""));
}
