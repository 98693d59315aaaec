//! The web layer over real HTTP: the server on a random port against a fresh database, on
//! SQLite always and on PostgreSQL when `MOTCUA_TEST_POSTGRES_URL` is set.

use motcua_domain::Catalog;
use motcua_store::{catalog, Db};
use reqwest::StatusCode;

const DEMO: &str = include_str!("../../motcua/demo/catalog.json");

struct App {
    base: String,
    http: reqwest::Client,
    /// The attachment store, removed when the test ends.
    _files: tempfile::TempDir,
}

impl App {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    async fn text(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        (r.status(), r.text().await.expect("body"))
    }

    async fn json(&self, path: &str) -> (StatusCode, serde_json::Value) {
        let r = self.get(path).await;
        (r.status(), r.json().await.expect("json body"))
    }
}

/// Loads the demo catalog and starts the real server on 127.0.0.1:0.
async fn spawn_app(db: Db) -> App {
    let c: Catalog = serde_json::from_str(DEMO).expect("demo catalog");
    catalog::import_catalog(&db, &c, None)
        .await
        .expect("import");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let files = tempfile::tempdir().expect("files dir");
    let state = motcua_web::AppState::new(
        motcua_app::App::open(db, files.path().to_path_buf())
            .await
            .expect("app"),
    )
    .expect("state");
    tokio::spawn(motcua_web::serve(listener, state, std::future::pending()));
    App {
        base: format!("http://{addr}"),
        http: reqwest::Client::new(),
        _files: files,
    }
}

motcua_store::on_both_stores!(
    home_page_lists_the_catalog,
    language_switch_is_remembered,
    catalog_search_forgives_diacritics,
    htmx_gets_only_the_results_fragment,
    procedure_page_says_what_to_bring,
    unknown_pages_are_404_in_both_languages,
    api_lists_filters_and_paginates,
    api_rejects_bad_parameters_clearly,
    api_returns_one_procedure_complete,
    operations_endpoints,
);

async fn home_page_lists_the_catalog(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (status, html) = app.text("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("Thủ tục hành chính của Sở Công Thương"));
    assert!(html.contains("Lưu thông hàng hóa trong nước"));
    assert!(html.contains("href=\"/procedures?field=LTHH\""));
}

async fn language_switch_is_remembered(db: Db, _: String) {
    let app = spawn_app(db).await;
    let r = app.get("/procedures?q=ruou&lang=en").await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .expect("cookie")
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(cookie.starts_with("lang=en"));
    let html = r.text().await.expect("body");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Procedure catalog"));
    // The switch link keeps the search and points back to Vietnamese.
    assert!(
        html.contains("href=\"/procedures?q=ruou&#38;lang=vi\""),
        "{html}"
    );
    let html = app
        .http
        .get(format!("{}/", app.base))
        .header("cookie", "lang=en")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(html.contains("Administrative procedures of the Department of Industry and Trade"));
}

async fn catalog_search_forgives_diacritics(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (status, html) = app.text("/procedures?q=giay+phep+ban+le+ruou").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Cấp Giấy phép bán lẻ rượu"));
    assert!(html.contains("Tìm thấy 1 thủ tục"));
    let (_, html) = app.text("/procedures?q=R%C6%AF%E1%BB%A2U").await; // "RƯỢU"
    assert!(html.contains("Tìm thấy 6 thủ tục"), "{html}");
    let (_, html) = app.text("/procedures?q=khong+co+thu+tuc+nay").await;
    assert!(html.contains("Không có thủ tục nào phù hợp"));
}

async fn htmx_gets_only_the_results_fragment(db: Db, _: String) {
    let app = spawn_app(db).await;
    let html = app
        .http
        .get(format!("{}/procedures?field=DIEN", app.base))
        .header("hx-request", "true")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(!html.contains("<html"));
    assert!(html.contains("<ol class=\"results\">"));
    assert!(html.contains("điện lực") || html.contains("Điện"), "{html}");
}

async fn procedure_page_says_what_to_bring(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (status, html) = app.text("/procedures/2.001240").await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "Cấp Giấy phép bán lẻ rượu",
        "Đơn đề nghị cấp Giấy phép bán lẻ rượu",
        "Mẫu số 01 Phụ lục Nghị định số 17/2020/NĐ-CP",
        "7 ngày làm việc",
        "10 ngày làm việc",
        "Rút ngắn 30%",
        "Trực tuyến toàn trình",
        "Phí thẩm định cấp Giấy phép bán lẻ rượu",
        "Nghị định số 105/2017/NĐ-CP",
        "Phòng Kinh tế",
        "Lãnh đạo Ủy ban nhân dân thành phố",
    ] {
        assert!(html.contains(expected), "missing “{expected}”");
    }
    let (_, html) = app.text("/procedures/2.001240?lang=en").await;
    assert!(html.contains("7 working days") && html.contains("What to bring"));
}

async fn unknown_pages_are_404_in_both_languages(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (status, html) = app.text("/procedures/9.999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Không tìm thấy trang"));
    let (status, _) = app.text("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = app.json("/api/v1/procedures/9.999999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "not_found");
    assert!(body["message_vi"]
        .as_str()
        .is_some_and(|m| m.contains("Không tìm thấy")));
    assert!(body["message_en"]
        .as_str()
        .is_some_and(|m| m.contains("not found")));
    // Draft and withdrawn procedures are not public.
    let c: Catalog = serde_json::from_str(DEMO).expect("demo");
    let hidden = c
        .procedures
        .iter()
        .find(|p| p.status != motcua_domain::PublicationStatus::Published)
        .expect("a draft or withdrawn procedure in the demo");
    let (status, _) = app
        .json(&format!("/api/v1/procedures/{}", hidden.code))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn api_lists_filters_and_paginates(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (status, all) = app.json("/api/v1/procedures?per_page=100").await;
    assert_eq!(status, StatusCode::OK);
    let total = all["total"].as_i64().expect("total");
    assert!(total >= 40, "{total}");
    assert_eq!(all["items"].as_array().expect("items").len() as i64, total);
    let (_, ruou) = app.json("/api/v1/procedures?q=ruou").await;
    assert_eq!(ruou["total"], 6);
    let (_, full) = app
        .json("/api/v1/procedures?online_level=full&per_page=100")
        .await;
    let items = full["items"].as_array().expect("items");
    assert!(!items.is_empty() && items.iter().all(|i| i["online_level"] == "full"));
    let (_, p1) = app.json("/api/v1/procedures?per_page=10&page=1").await;
    let (_, p2) = app.json("/api/v1/procedures?per_page=10&page=2").await;
    assert_eq!(p1["items"].as_array().map(Vec::len), Some(10));
    assert_ne!(p1["items"][0]["code"], p2["items"][0]["code"]);
    let (_, field) = app.json("/api/v1/procedures?field=XTTM&per_page=100").await;
    assert!(field["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|i| i["field_code"] == "XTTM"));
    let (_, agencies) = app.json("/api/v1/agencies").await;
    assert!(agencies
        .as_array()
        .expect("agencies")
        .iter()
        .any(|a| a["code"] == "000.17.22.H56"));
}

async fn api_rejects_bad_parameters_clearly(db: Db, _: String) {
    let app = spawn_app(db).await;
    for path in [
        "/api/v1/procedures?per_page=1000",
        "/api/v1/procedures?online_level=level4",
        "/api/v1/procedures?page=x",
    ] {
        let (status, body) = app.json(path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(body["error"], "bad_request");
        assert!(body["message_vi"].is_string() && body["message_en"].is_string());
    }
}

async fn api_returns_one_procedure_complete(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (status, p) = app.json("/api/v1/procedures/2.001240").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(p["name"], "Cấp Giấy phép bán lẻ rượu");
    assert_eq!(p["version"], 1);
    assert_eq!(p["components"].as_array().map(Vec::len), Some(4));
    assert_eq!(p["steps"].as_array().map(Vec::len), Some(6));
    let hours: f64 = p["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s["hours"].as_f64())
        .sum();
    assert_eq!(hours, 7.0 * 8.0);
}

async fn operations_endpoints(db: Db, _: String) {
    let app = spawn_app(db).await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().contains_key("x-request-id"));
    assert_eq!(
        app.text("/readyz").await,
        (StatusCode::OK, "ready".to_owned())
    );
    // Not public: an administrator or the monitoring token (tests/security.rs).
    let (status, _) = app.text("/metrics").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, css) = app.text("/static/app.css").await;
    assert!(status == StatusCode::OK && css.contains("--brand"));
}

/// The OpenAPI document is a contract: changes to it must be deliberate. Run with
/// `UPDATE_SNAPSHOTS=1` to accept a change.
#[test]
fn openapi_document_matches_the_snapshot() {
    let current = motcua_web::api::openapi_json();
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/openapi.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &current).expect("write snapshot");
    }
    let saved =
        std::fs::read_to_string(&path).expect("snapshot exists (run with UPDATE_SNAPSHOTS=1)");
    assert_eq!(
        saved, current,
        "the OpenAPI document changed; review and run with UPDATE_SNAPSHOTS=1"
    );
    for path in ["/api/v1/procedures", "/api/v1/procedures/{code}"] {
        assert!(current.contains(path));
    }
}
