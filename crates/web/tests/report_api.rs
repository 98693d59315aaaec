//! The reports as JSON over real HTTP on both stores: the numbers equal those the report pages
//! show for the same data, the drill-down lists exactly the dossiers behind a number (paged),
//! and only officers with a reporting role, on their own agency, get them; a bad period is a
//! 400 with the page's bilingual message.

mod online_files;
mod pages_support;

use chrono::Datelike;
use motcua_store::Db;
use pages_support::{spawn_app, Browser};
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    report_numbers_equal_the_pages,
    drill_down_lists_the_dossiers_page_by_page,
    only_reporting_roles_on_their_agency,
    bad_periods_are_explained,
);

async fn token(app: &pages_support::App, who: &str) -> String {
    let v: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/sessions", app.base))
        .json(&pages_support::api_sign_in(who))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("json");
    v["token"].as_str().expect("token").to_owned()
}

/// Receives one dossier of `procedure` at the desk; returns its code.
async fn desk_intake(app: &pages_support::App, desk: &str, procedure: &str) -> String {
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/dossiers", app.base))
        .bearer_auth(desk)
        .json(&json!({
            "procedure_code": procedure,
            "applicant": {"name": "Nguyễn Thị Hường", "id_number": "022190001234",
                          "phone": "0912 345 678", "address": "Phường Đông Hải", "kind": "citizen"},
            "channel": "direct"
        }))
        .send()
        .await
        .expect("intake");
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.expect("json");
    v["dossier"]["code"].as_str().expect("code").to_owned()
}

/// Two dossiers of unit QLTM (2.000633) and one of unit QLCN (2.000615), received today.
async fn three_dossiers(app: &pages_support::App) -> (Vec<String>, String) {
    let desk = token(app, "desk").await;
    let a = desk_intake(app, &desk, "2.000633").await;
    let b = desk_intake(app, &desk, "2.000633").await;
    let c = desk_intake(app, &desk, "2.000615").await;
    (vec![a, b], c)
}

fn this_year() -> i32 {
    (chrono::Utc::now() + chrono::Duration::hours(7)).year()
}

/// `GET path` with `token` (none: anonymous): status and JSON body.
async fn get(app: &pages_support::App, token: Option<&str>, path: &str) -> (StatusCode, Value) {
    let mut req = reqwest::Client::new().get(format!("{}{path}", app.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.expect("request");
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The text of the link `href` on the page.
fn link_text(html: &str, href: &str) -> Option<String> {
    let html = html.replace("&#38;", "&amp;");
    let escaped = href.replace('&', "&amp;");
    let at = html.find(&format!("href=\"{escaped}\""))?;
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    let end = rest.find("</a>")?;
    Some(rest[start..end].to_owned())
}

const CELLS: [&str; 13] = [
    "received_total",
    "carried_over",
    "new_online",
    "new_direct_postal",
    "resolved_total",
    "early",
    "on_time",
    "late",
    "in_progress_total",
    "within_deadline",
    "overdue",
    "withdrawn",
    "stopped",
];

async fn report_numbers_equal_the_pages(db: Db, _: String) {
    let app = spawn_app(db).await;
    three_dossiers(&app).await;
    let reporter = token(&app, "reporter").await;
    let mut b = Browser::new(&app);
    b.sign_in("reporter").await;
    let y = this_year();

    let q = format!("kind=year&year={y}&by=unit");
    let (status, form) = get(&app, Some(&reporter), &format!("/api/v1/reports/06a?{q}")).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert_eq!(form["group_by"], "unit");
    assert_eq!(form["against"], "original");
    assert_eq!(form["total"]["received_total"], 3);
    assert_eq!(form["total"]["new_direct_postal"], 3);
    let qltm = form["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "QLTM")
        .expect("QLTM row");
    assert_eq!(qltm["counts"]["new_direct_postal"], 2);

    // Every number of the total row is the number the page links.
    let page = b.get(&format!("/reports/06a?{q}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let page_query = format!("kind=year&cut=1&year={y}&by=unit");
    for cell in CELLS {
        let href = format!("/reports/06a/behind?cell={cell}&{page_query}");
        let shown = link_text(&page.html, &href).unwrap_or_else(|| panic!("{href} on the page"));
        assert_eq!(shown, form["total"][cell].to_string(), "{cell}");
    }

    // The reform figures: the page's sentence says 3 in person, 0 online.
    let (status, reform) = get(
        &app,
        Some(&reporter),
        &format!("/api/v1/reports/reform?kind=year&year={y}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reform}");
    let page = b.get(&format!("/reports/reform?kind=year&year={y}")).await;
    let sentence = format!(
        "đã tiếp nhận {} hồ sơ thủ tục hành chính ({} hồ sơ trực tiếp, {} hồ sơ trực tuyến",
        reform["received_total"], reform["received_direct"], reform["received_online"]
    );
    assert!(page.html.contains(&sentence), "{sentence}");
    assert_eq!(reform["received_total"], 3);

    // II.07b: the total row of the page.
    let (status, f07b) = get(
        &app,
        Some(&reporter),
        &format!("/api/v1/reports/07b?kind=year&year={y}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{f07b}");
    let t = &f07b["total"];
    let page = b.get(&format!("/reports/07b?kind=year&year={y}")).await;
    let row: String = [
        "procedures",
        "one_stop",
        "inter_agency",
        "dossiers_one_stop",
        "dossiers_inter_agency",
    ]
    .iter()
    .map(|k| format!("<td class=\"num\">{}</td>", t[k]))
    .collect();
    let flat: String = page.html.split_whitespace().collect();
    assert!(flat.contains(&row.replace(' ', "")), "{row}");

    // The 766 index: the online-reception indicator's fraction as the page prints it.
    let (status, idx) = get(
        &app,
        Some(&reporter),
        &format!("/api/v1/reports/766?kind=year&year={y}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{idx}");
    assert!(idx["max_points"].as_f64().expect("max") > 0.0);
    let online = idx["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .find(|i| i["name_vi"] == "Tỷ lệ hồ sơ tiếp nhận trực tuyến")
        .expect("online indicator");
    let page = b.get(&format!("/reports/766?kind=year&year={y}")).await;
    let fraction = format!("{}/{}", online["numerator"], online["denominator"]);
    assert!(page.html.contains(&fraction), "{fraction}");
}

async fn drill_down_lists_the_dossiers_page_by_page(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (qltm, qlcn) = three_dossiers(&app).await;
    let reporter = token(&app, "reporter").await;
    let y = this_year();
    let base = format!("/api/v1/reports/06a/behind?kind=year&year={y}");

    let (status, list) = get(
        &app,
        Some(&reporter),
        &format!("{base}&cell=new_direct_postal&unit=QLTM"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["total"], 2);
    let mut codes: Vec<String> = serde_json::from_value(list["codes"].clone()).expect("codes");
    codes.sort();
    let mut want = qltm.clone();
    want.sort();
    assert_eq!(codes, want, "exactly the QLTM dossiers");

    // Paged: one code a page, the second page holds the second code.
    let mut all: Vec<String> = [qltm, vec![qlcn]].concat();
    all.sort();
    let (_, second) = get(
        &app,
        Some(&reporter),
        &format!("{base}&cell=received_total&per_page=1&page=2"),
    )
    .await;
    assert_eq!(second["total"], 3);
    assert_eq!(
        (second["page"].clone(), second["per_page"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(second["codes"], json!([all[1]]));

    let (status, err) = get(&app, Some(&reporter), &format!("{base}&cell=nonsense")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["field"], "cell");
    let (status, err) = get(&app, Some(&reporter), &format!("{base}&cell=late&page=0")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["field"], "page");
}

async fn only_reporting_roles_on_their_agency(db: Db, _: String) {
    let app = spawn_app(db).await;
    let y = this_year();
    let path = format!("/api/v1/reports/06a?kind=year&year={y}");
    let (status, err) = get(&app, None, &path).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(err["error"], "unauthorized");

    for who in ["specialist", "desk", "clerk"] {
        let t = token(&app, who).await;
        for report in ["06a", "06a/behind?cell=late&", "07b", "766", "reform"] {
            let sep = if report.contains('?') { "" } else { "?" };
            let p = format!("/api/v1/reports/{report}{sep}kind=year&year={y}");
            let (status, err) = get(&app, Some(&t), &p).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} {p}");
            assert_eq!(err["error"], "forbidden");
            assert!(!err["message_vi"].as_str().unwrap_or_default().is_empty());
            assert!(!err["message_en"].as_str().unwrap_or_default().is_empty());
        }
    }
    let citizen = token(&app, "citizen").await;
    assert_eq!(
        get(&app, Some(&citizen), &path).await.0,
        StatusCode::FORBIDDEN
    );

    for who in ["reporter", "head", "director", "admin"] {
        let t = token(&app, who).await;
        assert_eq!(get(&app, Some(&t), &path).await.0, StatusCode::OK, "{who}");
    }
    // A reporter reads their own agency only; an administrator chooses.
    let reporter = token(&app, "reporter").await;
    let own = format!("{path}&agency={}", pages_support::SCT);
    assert_eq!(get(&app, Some(&reporter), &own).await.0, StatusCode::OK);
    let (status, err) = get(&app, Some(&reporter), &format!("{path}&agency=OTHER")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(err["message_vi"]
        .as_str()
        .unwrap_or_default()
        .contains("OTHER"));
    let admin = token(&app, "admin").await;
    let (status, form) = get(&app, Some(&admin), &format!("{path}&agency=OTHER")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(form["total"]["received_total"], 0);
}

async fn bad_periods_are_explained(db: Db, _: String) {
    let app = spawn_app(db).await;
    let reporter = token(&app, "reporter").await;
    let cases = [
        (
            "kind=range&from=2025-03-01&to=2025-02-01",
            "to",
            "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.",
            "The last day must be on or after the first day.",
        ),
        (
            "kind=month&year=2025&month=1&cut=31",
            "cut",
            "Ngày chốt số liệu phải là một số từ 1 đến 28.",
            "The cut-off day must be a number from 1 to 28.",
        ),
        (
            "kind=quarter&year=2025&quarter=5",
            "quarter",
            "Chọn tháng, quý hoặc 6 tháng hợp lệ.",
            "Choose a valid month, quarter or half-year.",
        ),
        (
            "kind=fortnight",
            "kind",
            "Chọn loại kỳ báo cáo.",
            "Choose the kind of period.",
        ),
    ];
    for (q, field, vi, en) in cases {
        for report in ["06a", "07b", "766", "reform"] {
            let (status, err) = get(
                &app,
                Some(&reporter),
                &format!("/api/v1/reports/{report}?{q}"),
            )
            .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{report}?{q}");
            assert_eq!(err["error"], "bad_request");
            assert_eq!(err["field"], field, "{q}");
            assert_eq!(err["message_vi"], vi);
            assert_eq!(err["message_en"], en);
        }
    }
    let (status, err) = get(&app, Some(&reporter), "/api/v1/reports/06a?by=colour").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["field"], "by");
}
