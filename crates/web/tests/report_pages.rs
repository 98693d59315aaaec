//! Report pages over real HTTP on both stores: dossiers received at the desk through the API
//! show up in Biểu II.06a, a number's link lists exactly its dossiers, only reporting roles
//! see the pages, and the XLSX / CSV / PDF / ODT downloads carry the same numbers.

mod online_files;
mod pages_support;

use chrono::Datelike;
use motcua_store::Db;
use pages_support::{spawn_app, Browser};
use reqwest::StatusCode;
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    ii06a_cells_link_to_exactly_their_dossiers,
    only_reporting_roles_see_reports,
    downloads_carry_the_numbers,
    reform_dashboard_and_766_pages,
);

/// Receives one dossier of `procedure` at the desk; returns its code.
async fn desk_intake(app: &pages_support::App, procedure: &str) -> String {
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!("{}/api/v1/sessions", app.base))
        .json(&json!({"username": "desk", "password": "pw-desk"}))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("json");
    let token = token["token"].as_str().expect("token").to_owned();
    let r = http
        .post(format!("{}/api/v1/dossiers", app.base))
        .bearer_auth(&token)
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

/// The desk forwards dossier `code` from reception to its next step (the unit's queue).
async fn forward(app: &pages_support::App, code: &str) {
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!("{}/api/v1/sessions", app.base))
        .json(&json!({"username": "desk", "password": "pw-desk"}))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("json");
    let r = http
        .post(format!("{}/api/v1/dossiers/{code}/actions", app.base))
        .bearer_auth(token["token"].as_str().expect("token"))
        .json(&json!({"command": {"type": "forward"}}))
        .send()
        .await
        .expect("forward");
    let status = r.status();
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        r.text().await.unwrap_or_default()
    );
}

/// Two dossiers of unit QLTM (2.000633) and one of unit QLCN (2.000615), received today.
async fn three_dossiers(app: &pages_support::App) -> (Vec<String>, String) {
    let a = desk_intake(app, "2.000633").await;
    let b = desk_intake(app, "2.000633").await;
    let c = desk_intake(app, "2.000615").await;
    (vec![a, b], c)
}

fn this_year() -> i32 {
    (chrono::Utc::now() + chrono::Duration::hours(7)).year()
}

/// Every `href` of the page starting with `prefix`, unescaped.
fn links(html: &str, prefix: &str) -> Vec<String> {
    let html = html.replace("&#38;", "&amp;");
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .filter(|h| h.starts_with(prefix))
        .collect()
}

/// The page's text with the entities askama writes turned back into characters.
fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&amp;", "&")
        .replace("&#38;", "&")
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

async fn ii06a_cells_link_to_exactly_their_dossiers(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (qltm, qlcn) = three_dossiers(&app).await;
    let mut b = Browser::new(&app);
    b.sign_in("reporter").await;
    let year = this_year();
    let page = b
        .get(&format!("/reports/06a?kind=year&year={year}&by=unit"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.html);
    assert!(page.html.contains("Số hồ sơ nhận giải quyết"));
    assert!(page.html.contains("(13)"), "column numbers");
    // Rows by unit; the QLTM row's "new in person" is 2, the total 3.
    let cell = "/reports/06a/behind?cell=new_direct_postal&";
    let hrefs = links(&page.html, cell);
    let qltm_href = hrefs
        .iter()
        .find(|h| h.ends_with("&unit=QLTM"))
        .unwrap_or_else(|| panic!("QLTM row link in {hrefs:?}"));
    assert_eq!(link_text(&page.html, qltm_href).as_deref(), Some("2"));
    let total_href = hrefs
        .iter()
        .find(|h| !h.contains("unit="))
        .expect("total link");
    assert_eq!(link_text(&page.html, total_href).as_deref(), Some("3"));

    let list = b.get(qltm_href).await;
    assert_eq!(list.status, StatusCode::OK);
    let mut listed = links(&list.html, "/work/dossiers/");
    listed.sort();
    let mut want: Vec<String> = qltm.iter().map(|c| format!("/work/dossiers/{c}")).collect();
    want.sort();
    assert_eq!(listed, want, "exactly the QLTM dossiers");
    assert!(list.html.contains("2 hồ sơ"));
    // Named, not bare codes: the procedure beside its code, the unit and agency, and the
    // applicant (a reporter's relation to the agency's dossiers shows the name).
    let text = unescape(&list.html);
    for name in [
        "Cấp Giấy phép bán buôn rượu trên địa bàn tỉnh, thành phố trực thuộc Trung ương",
        "2.000633",
        "Phòng Quản lý Thương mại",
        "Sở Công Thương tỉnh Khánh Hòa",
    ] {
        assert!(text.contains(name), "{name} in {text}");
    }
    assert_eq!(text.matches("Nguyễn Thị Hường").count(), 2, "{text}");

    let all = b.get(total_href).await;
    assert_eq!(links(&all.html, "/work/dossiers/").len(), 3);
    assert!(all.html.contains(&format!("/work/dossiers/{qlcn}")));
    assert!(unescape(&all.html).contains("Phòng Quản lý Công nghiệp"));
    // A head reads the agency's figures but sees the applicant only where the access rule
    // lets them: a dossier that reached their unit (QLTM), not those still at the desk.
    forward(&app, &qltm[0]).await;
    let mut head = Browser::new(&app);
    head.sign_in("head").await;
    let seen = unescape(&head.get(total_href).await.html);
    assert_eq!(links(&seen, "/work/dossiers/").len(), 3);
    let body = &seen[seen.find("<tbody>").unwrap_or(0)..];
    assert_eq!(body.matches("Nguyễn Thị Hường").count(), 1, "{body}");
    assert_eq!(body.matches("Không hiển thị").count(), 2, "{body}");
    let row = body
        .split("<tr>")
        .find(|r| r.contains(&qltm[0]))
        .expect("forwarded row");
    assert!(row.contains("Nguyễn Thị Hường"), "{row}");
    // The whole list as CSV names the same, the applicant blank where hidden.
    let (_, csv) = download(&head, &format!("{total_href}&format=csv")).await;
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(
        csv.starts_with(
            "\u{feff}STT,Mã hồ sơ,Mã TTHC,Tên thủ tục hành chính,Cơ quan,Đơn vị,Người nộp"
        ),
        "{csv}"
    );
    let qlcn_line = csv.lines().find(|l| l.contains(&qlcn)).expect("QLCN line");
    assert!(qlcn_line.contains(",2.000615,"), "{qlcn_line}");
    assert!(
        qlcn_line.ends_with(",Phòng Quản lý Công nghiệp,"),
        "{qlcn_line}"
    );
    assert_eq!(csv.matches("Nguyễn Thị Hường").count(), 1, "{csv}");
    // Nothing was received online: its list is empty.
    let online = total_href.replace("cell=new_direct_postal", "cell=new_online");
    assert_eq!(link_text(&page.html, &online).as_deref(), Some("0"));
    assert!(links(&b.get(&online).await.html, "/work/dossiers/").is_empty());

    // A bad period is explained next to the field and the values typed are kept.
    let bad = b
        .get("/reports/06a?kind=range&from=2025-03-01&to=2025-02-01")
        .await;
    assert_eq!(bad.status, StatusCode::OK);
    assert!(bad
        .html
        .contains("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."));
    assert!(bad.html.contains("value=\"2025-03-01\""));
}

async fn only_reporting_roles_see_reports(db: Db, _: String) {
    let app = spawn_app(db).await;
    let mut anonymous = Browser::new(&app);
    let p = anonymous.get("/reports/06a").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert!(p.location.unwrap_or_default().starts_with("/sign-in"));

    let mut s = Browser::new(&app);
    s.sign_in("specialist").await;
    for path in [
        "/reports",
        "/reports/06a",
        "/reports/dashboard",
        "/reports/reform?format=pdf",
    ] {
        assert_eq!(s.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert!(!s.get("/").await.html.contains("href=\"/reports\""));

    for who in ["reporter", "head", "director", "admin"] {
        let mut b = Browser::new(&app);
        b.sign_in(who).await;
        let home = b.get("/").await;
        assert!(
            home.html.contains("href=\"/reports\""),
            "{who} sees Báo cáo"
        );
        assert_eq!(b.get("/reports/06a").await.status, StatusCode::OK, "{who}");
    }
}

async fn download(b: &Browser, path: &str) -> (String, Vec<u8>) {
    let r = b
        .http
        .get(format!("{}{path}", b.base))
        .send()
        .await
        .expect("download");
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (ct, r.bytes().await.expect("body").to_vec())
}

fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("f.pdf");
    std::fs::write(&path, pdf).expect("write");
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn downloads_carry_the_numbers(db: Db, _: String) {
    use calamine::{Data, Reader, Xlsx};
    let app = spawn_app(db).await;
    three_dossiers(&app).await;
    let mut b = Browser::new(&app);
    b.sign_in("reporter").await;
    let q = format!("/reports/06a?kind=year&year={}&by=unit", this_year());

    let (ct, bytes) = download(&b, &format!("{q}&format=xlsx")).await;
    assert!(ct.contains("spreadsheetml"));
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).expect("sheet");
    let rows: Vec<&[Data]> = range.rows().collect();
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        _ => String::new(),
    };
    assert!(rows.iter().any(|r| r
        .iter()
        .any(|c| text(c).contains("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT")
            || text(c).contains("Tình hình, kết quả giải quyết"))));
    let total = rows
        .iter()
        .find(|r| r.get(1).map(text).as_deref() == Some("Tổng cộng"))
        .expect("total row");
    // (3) received total, (6) new in person: numbers, not text.
    assert_eq!(total[2], Data::Float(3.0));
    assert_eq!(total[5], Data::Float(3.0));
    let qltm = rows
        .iter()
        .find(|r| {
            r.get(1)
                .map(text)
                .is_some_and(|s| s.contains("Quản lý Thương mại") || s == "QLTM")
        })
        .expect("QLTM row");
    assert_eq!(qltm[2], Data::Float(2.0));

    let (ct, csv) = download(&b, &format!("{q}&format=csv")).await;
    assert!(ct.starts_with("text/csv"));
    let csv = String::from_utf8(csv).expect("utf-8");
    let total = csv
        .lines()
        .find(|l| l.contains("Tổng cộng"))
        .expect("total line");
    assert!(
        total.starts_with(",Tổng cộng,3,0,0,3,0,0,0,0,3,3,0"),
        "{total}"
    );

    let (ct, pdf) = download(&b, &format!("{q}&format=pdf")).await;
    assert_eq!(ct, "application/pdf");
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdf_text(&pdf);
    assert!(text.contains("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT"), "{text}");

    // The drill-down list as a streamed XLSX.
    let behind = format!(
        "/reports/06a/behind?cell=received_total&kind=year&year={}&format=xlsx",
        this_year()
    );
    let (_, bytes) = download(&b, &behind).await;
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).expect("sheet");
    let codes = range
        .rows()
        .filter(|r| matches!(r.first(), Some(Data::Float(_))))
        .count();
    assert_eq!(codes, 3);
}

async fn reform_dashboard_and_766_pages(db: Db, _: String) {
    let app = spawn_app(db).await;
    three_dossiers(&app).await;
    let mut b = Browser::new(&app);
    b.sign_in("director").await;
    let y = this_year();

    let reform = b.get(&format!("/reports/reform?kind=year&year={y}")).await;
    assert_eq!(reform.status, StatusCode::OK);
    // In the department's voice (the director's agency), no "đơn vị", no "bằng ×1".
    let sentence = "đã tiếp nhận 3 hồ sơ thủ tục hành chính (3 hồ sơ trực tiếp, 0 hồ sơ trực tuyến";
    assert!(reform.html.contains(sentence), "{}", reform.html);
    assert!(!reform.html.contains("đơn vị đã tiếp nhận"));
    assert!(!reform.html.contains("×"));
    // A real OpenDocument package: a zip whose first entry is the stored "mimetype".
    let (ct, odt) = download(
        &b,
        &format!("/reports/reform?kind=year&year={y}&format=odt"),
    )
    .await;
    assert_eq!(ct, "application/vnd.oasis.opendocument.text");
    assert!(odt.starts_with(b"PK\x03\x04"));
    assert_eq!(&odt[30..38], b"mimetype");
    assert!(odt[38..].starts_with(b"application/vnd.oasis.opendocument.text"));
    // Word: a zip with the content types and the document part.
    let (ct, docx) = download(
        &b,
        &format!("/reports/reform?kind=year&year={y}&format=docx"),
    )
    .await;
    assert!(ct.contains("wordprocessingml"));
    assert!(docx.starts_with(b"PK\x03\x04"));
    assert!(docx.windows(19).any(|w| w == b"[Content_Types].xml"));
    assert!(docx.windows(17).any(|w| w == b"word/document.xml"));
    let (_, pdf) = download(
        &b,
        &format!("/reports/reform?kind=year&year={y}&format=pdf"),
    )
    .await;
    let text = pdf_text(&pdf);
    assert!(text.contains("KẾT QUẢ CẢI CÁCH HÀNH CHÍNH"), "{text}");

    let dash = b
        .get(&format!("/reports/dashboard?kind=year&year={y}"))
        .await;
    assert_eq!(dash.status, StatusCode::OK);
    assert!(dash.html.matches("<svg").count() >= 4, "charts");
    assert!(dash.html.contains("Tỷ lệ giải quyết đúng hạn theo đơn vị"));
    // The numbers beside the charts: 3 new dossiers this month, none online (0%).
    assert!(dash.html.contains("<td class=\"num\">3</td>"));
    assert!(dash.html.contains("<td class=\"num\">0%</td>"));
    let (_, xlsx) = download(
        &b,
        &format!("/reports/dashboard?kind=year&year={y}&format=xlsx"),
    )
    .await;
    let text = String::from_utf8_lossy(&xlsx).into_owned();
    assert!(xlsx.starts_with(b"PK"));
    assert!(text.contains("xl/charts/chart1.xml"), "native charts");

    let idx = b.get(&format!("/reports/766?kind=year&year={y}")).await;
    assert_eq!(idx.status, StatusCode::OK);
    assert!(idx.html.contains("Chưa tính được từ dữ liệu của hệ thống"));
    assert!(idx.html.contains("Tỷ lệ hồ sơ tiếp nhận trực tuyến"));
    // Fit to send: no working notes, no "-0"; what cannot be measured (nothing resolved,
    // nothing paid yet) is said so and left out of the total rather than counted as zero.
    assert!(!idx.html.contains("(verify)"), "{}", idx.html);
    assert!(!idx.html.contains(">-0<") && !idx.html.contains(">-0,"));
    assert!(idx.html.contains("Không đo được"), "{}", idx.html);
    assert!(
        idx.html.contains("không tính vào tổng điểm"),
        "{}",
        idx.html
    );
    let (_, pdf) = download(&b, &format!("/reports/766?kind=year&year={y}&format=pdf")).await;
    let text = pdf_text(&pdf);
    assert!(
        !text.contains("(verify)") && !text.contains(" -0 "),
        "{text}"
    );
    // The satisfaction indicator's "−" is printed and read back as itself.
    assert!(text.contains('−'), "{text}");

    let f07b = b.get(&format!("/reports/07b?kind=year&year={y}")).await;
    assert_eq!(f07b.status, StatusCode::OK);
    assert!(f07b.html.contains("Một cửa liên thông"));
}
