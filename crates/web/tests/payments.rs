//! Fees and payment over real HTTP on both stores (issue 17 item 1): fee lines from the
//! procedure, online payment through a fake gateway speaking the VNPay protocol (a real server
//! on a random port: pay page, signed return, server-to-server IPN) — success, cancellation,
//! bad signature, wrong amount, unknown order, replayed callback —, receipts at the desk (in
//! part, then in full; refusals), and the payment report for its period.

mod api_support;
mod gateway_support;
mod online_files;

use api_support::*;
use chrono::{Duration, Utc};
use gateway_support::{configure, get as param, signed, spawn_gateway, Params, SECRET};
use motcua_store::Db;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

motcua_store::on_both_stores!(
    online_payment_through_the_gateway,
    desk_receipts_in_part_then_in_full,
);

const APPLICANT_ID: &str = "4201234567";

async fn received_at_desk(app: &App, desk: &str) -> String {
    let mut body = submission();
    body["channel"] = json!("direct");
    let (s, v) = app
        .call(Method::POST, "/api/v1/dossiers", Some(desk), Some(body))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    v["dossier"]["code"].as_str().expect("code").to_owned()
}

async fn ok(app: &App, token: &str, code: &str, cmd: Value) -> Value {
    let (s, v) = app.act(token, code, cmd.clone()).await;
    assert_eq!(s, StatusCode::OK, "{cmd}: {v}");
    v
}

/// A dossier at the specialist's step, asked for 1.200.000 + 200.000 đồng.
async fn awaiting_payment(app: &App) -> (String, String, String) {
    let desk = app.sign_in("desk").await;
    let spec = app.sign_in("spec").await;
    let code = received_at_desk(app, &desk).await;
    ok(app, &desk, &code, json!({"type": "forward"})).await;
    ok(app, &spec, &code, json!({"type": "claim"})).await;

    // The procedure's fee is where the request starts.
    let (s, fees) = app
        .call(
            Method::GET,
            &format!("/api/v1/dossiers/{code}/fees"),
            Some(&spec),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{fees}");
    assert_eq!(
        fees["proposed"][0]["name"],
        "Phí thẩm định cấp Giấy phép bán buôn rượu"
    );
    assert_eq!(fees["proposed"][0]["amount_vnd"], 1_200_000);
    assert_eq!(fees["outstanding_vnd"], 0);

    // Lines that do not add up to the total are refused.
    let (s, v) = app
        .act(
            &spec,
            &code,
            json!({"type": "request_payment", "amount_vnd": 1_000_000,
                   "lines": [{"name": "Phí thẩm định", "amount_vnd": 1_200_000}]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

    let v = ok(
        app,
        &spec,
        &code,
        json!({"type": "request_payment", "lines": [
            {"name": "Phí thẩm định cấp Giấy phép bán buôn rượu", "amount_vnd": 1_200_000},
            {"name": "Lệ phí cấp giấy phép", "amount_vnd": 200_000}
        ]}),
    )
    .await;
    assert_eq!(v["national_status"], 6);
    assert_eq!(v["dossier"]["payment"]["amount_vnd"], 1_400_000);
    assert_eq!(
        v["dossier"]["payment"]["lines"].as_array().map(Vec::len),
        Some(2)
    );
    (code, desk, spec)
}

async fn dossier(app: &App, token: &str, code: &str) -> Value {
    let (s, v) = app
        .call(
            Method::GET,
            &format!("/api/v1/dossiers/{code}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

/// `POST …/payments/online` as the applicant (their identity number as proof).
async fn start(app: &App, code: &str, applicant_id: &str) -> (StatusCode, Value) {
    let res = app
        .http
        .post(format!(
            "{}/api/v1/dossiers/{code}/payments/online",
            app.base
        ))
        .header("X-Applicant-Id", applicant_id)
        .json(&json!({"return_url": format!("{}/payments/return", app.base)}))
        .send()
        .await
        .expect("start");
    let s = res.status();
    (s, res.json().await.unwrap_or(Value::Null))
}

fn parse_query(url: &str) -> Params {
    let q = url.split_once('?').map_or("", |(_, q)| q);
    form_urlencoded::parse(q.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The browser at the gateway: open the pay page, press a button; the address the gateway
/// sends the browser back to.
async fn at_gateway(redirect_url: &str, action: &str) -> String {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let page = browser.get(redirect_url).send().await.expect("pay page");
    assert_eq!(
        page.status(),
        StatusCode::OK,
        "the gateway accepts our signature"
    );
    let html = page.text().await.expect("html");
    assert!(html.contains("1400000"), "{html}");
    let order = parse_query(redirect_url);
    let base = redirect_url.split_once("/pay").map_or("", |(b, _)| b);
    let res = browser
        .post(format!("{base}/confirm"))
        .form(&[
            ("txn", param(&order, "vnp_TxnRef").unwrap_or_default()),
            ("action", action),
        ])
        .send()
        .await
        .expect("confirm");
    assert_eq!(res.status(), StatusCode::FOUND);
    res.headers()[reqwest::header::LOCATION]
        .to_str()
        .expect("location")
        .to_owned()
}

async fn page_text(url: &str) -> (StatusCode, String) {
    let res = reqwest::get(url).await.expect("page");
    let s = res.status();
    (s, res.text().await.expect("text"))
}

fn vn_today() -> chrono::NaiveDate {
    (Utc::now() + Duration::hours(7)).date_naive()
}

async fn report(app: &App, token: &str, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Value {
    let (s, v) = app
        .call(
            Method::GET,
            &format!("/api/v1/reports/payments?kind=range&from={from}&to={to}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v
}

async fn online_payment_through_the_gateway(db: Db, _: String) {
    let app = spawn_app(db.clone()).await;
    let gw = spawn_gateway(&app.base).await;
    let (code, desk, _) = awaiting_payment(&app).await;

    // No gateway configured yet: online payment is not offered.
    let (s, v) = start(&app, &code, APPLICANT_ID).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    configure(&db, &gw).await;

    // Only the applicant (or an officer who may see it) starts a payment.
    let (s, _) = start(&app, &code, "0000000000").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Cancelled at the gateway: acknowledged, nothing recorded, the payer told.
    let (s, v) = start(&app, &code, APPLICANT_ID).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let url = v["redirect_url"].as_str().expect("redirect").to_owned();
    assert!(url.starts_with(&gw.pay_url()), "{url}");
    let order = parse_query(&url);
    assert_eq!(
        param(&order, "vnp_Amount"),
        Some("140000000"),
        "hundredths of a đồng"
    );
    assert_eq!(
        param(&order, "vnp_TmnCode"),
        Some(gateway_support::MERCHANT)
    );
    assert!(param(&order, "vnp_TxnRef").is_some_and(|r| r.starts_with(&format!("{code}_"))));
    let back = at_gateway(&url, "cancel").await;
    assert_eq!(gw.ipn_replies().last().expect("ipn")["RspCode"], "00");
    assert!(
        back.starts_with(&format!("{}/payments/return?", app.base)),
        "{back}"
    );
    let (s, html) = page_text(&back).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Bạn đã hủy thanh toán"), "{html}");
    let d = dossier(&app, &desk, &code).await;
    assert_eq!(d["national_status"], 6, "still awaiting payment");
    assert!(
        d["dossier"]["payment"]["receipts"].is_null()
            || d["dossier"]["payment"]["receipts"] == json!([])
    );
    let cancelled_order = gw
        .order(param(&order, "vnp_TxnRef").unwrap())
        .expect("order");

    // A forged or altered callback is refused with the gateway's code 97.
    let good = gw.result(&cancelled_order, "00");
    let mut forged = good.clone();
    for (k, v) in forged.iter_mut() {
        if k == "vnp_SecureHash" {
            v.replace_range(0..2, if v.starts_with("00") { "11" } else { "00" });
        }
    }
    assert_eq!(gw.call_ipn(&forged).await["RspCode"], "97");
    let mut altered = good.clone();
    for (k, v) in altered.iter_mut() {
        if k == "vnp_Amount" {
            *v = "100".into();
        }
    }
    assert_eq!(
        gw.call_ipn(&altered).await["RspCode"],
        "97",
        "amount changed after signing"
    );
    let other_secret = signed("another secret", good.clone());
    assert_eq!(gw.call_ipn(&other_secret).await["RspCode"], "97");
    // Signed, but for the wrong amount: 04; for an order we never made: 01.
    let mut wrong = good.clone();
    for (k, v) in wrong.iter_mut() {
        if k == "vnp_Amount" {
            *v = "100000000".into();
        }
    }
    assert_eq!(gw.call_ipn(&signed(SECRET, wrong)).await["RspCode"], "04");
    let mut unknown = good.clone();
    for (k, v) in unknown.iter_mut() {
        if k == "vnp_TxnRef" {
            *v = "000.17.22.H56-990101-9999_990101000000000".into();
        }
    }
    assert_eq!(gw.call_ipn(&signed(SECRET, unknown)).await["RspCode"], "01");
    // The browser's return with a bad signature records nothing and says so.
    let (s, html) = page_text(&format!(
        "{}/payments/return?{}",
        app.base,
        gateway_support::query(&forged)
    ))
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(html.contains("không hợp lệ"), "{html}");
    assert_eq!(dossier(&app, &desk, &code).await["national_status"], 6);

    // Paid: the IPN records the receipt, the dossier moves on, the payer is told.
    let (_, v) = start(&app, &code, APPLICANT_ID).await;
    let url = v["redirect_url"].as_str().expect("redirect").to_owned();
    let back = at_gateway(&url, "pay").await;
    assert_eq!(gw.ipn_replies().last().expect("ipn")["RspCode"], "00");
    let (s, html) = page_text(&back).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Thanh toán thành công"), "{html}");
    let d = dossier(&app, &desk, &code).await;
    assert_eq!(d["national_status"], 4, "{d}");
    let receipts = d["dossier"]["payment"]["receipts"]
        .as_array()
        .expect("receipts")
        .clone();
    assert_eq!(receipts.len(), 1);
    let result = parse_query(&back);
    assert_eq!(receipts[0]["method"], "online");
    assert_eq!(receipts[0]["amount_vnd"], 1_400_000);
    assert_eq!(
        receipts[0]["number"],
        param(&result, "vnp_TransactionNo").unwrap()
    );
    assert_eq!(
        receipts[0]["reference"],
        param(&result, "vnp_TxnRef").unwrap()
    );
    assert_eq!(receipts[0]["by"], "system");
    assert_eq!(d["dossier"]["payment"]["state"], "paid");

    // Replayed: already confirmed (02), recorded once. The cancelled order paid late: 02 too.
    assert_eq!(gw.call_ipn(&result).await["RspCode"], "02");
    assert_eq!(gw.call_ipn(&good).await["RspCode"], "02");
    let d = dossier(&app, &desk, &code).await;
    assert_eq!(
        d["dossier"]["payment"]["receipts"].as_array().map(Vec::len),
        Some(1)
    );
    let (s, v) = app
        .http
        .get(format!("{}/api/v1/dossiers/{code}/receipts", app.base))
        .header("X-Applicant-Id", APPLICANT_ID)
        .send()
        .await
        .map(|r| (r.status(), r))
        .expect("receipts");
    assert_eq!(s, StatusCode::OK);
    let list: Value = v.json().await.expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(1));

    // The report counts it online, today, and not yesterday.
    let director = app.sign_in("director").await;
    let r = report(&app, &director, vn_today(), vn_today()).await;
    assert_eq!(r["total"]["online_count"], 1, "{r}");
    assert_eq!(r["total"]["online_vnd"], 1_400_000);
    assert_eq!(r["total"]["desk_vnd"], 0);
    assert_eq!(r["rows"][0]["procedure_code"], PROCEDURE);
    let y = vn_today() - Duration::days(1);
    let r = report(&app, &director, y, y).await;
    assert_eq!(r["total"]["total_vnd"], 0, "{r}");
}

async fn desk_receipts_in_part_then_in_full(db: Db, _: String) {
    let app = spawn_app(db).await;
    let (code, desk, spec) = awaiting_payment(&app).await;
    let receipt = |token: &str, body: Value| {
        let (token, body) = (token.to_owned(), body);
        let app = &app;
        let code = code.clone();
        async move {
            app.call(
                Method::POST,
                &format!("/api/v1/dossiers/{code}/receipts"),
                Some(&token),
                Some(body),
            )
            .await
        }
    };
    // Not the specialist; not "online" at the desk; not more than is owed; not zero.
    let (s, v) = receipt(&spec, json!({"method": "cash", "amount_vnd": 100_000})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    let (s, v) = receipt(&desk, json!({"method": "online"})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let (s, v) = receipt(&desk, json!({"method": "cash", "amount_vnd": 2_000_000})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert!(
        v["message_vi"]
            .as_str()
            .unwrap_or_default()
            .contains("1.400.000"),
        "{v}"
    );
    let (s, _) = receipt(&desk, json!({"method": "cash", "amount_vnd": 0})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    // In part: a receipt, still awaiting payment.
    let (s, v) = receipt(
        &desk,
        json!({"method": "cash", "amount_vnd": 400_000, "receipt_number": "0000123"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["national_status"], 6);
    let (_, fees) = app
        .call(
            Method::GET,
            &format!("/api/v1/dossiers/{code}/fees"),
            Some(&desk),
            None,
        )
        .await;
    assert_eq!(fees["paid_vnd"], 400_000);
    assert_eq!(fees["outstanding_vnd"], 1_000_000);
    // The rest by transfer: paid in full, the dossier moves on.
    let (s, v) = receipt(
        &desk,
        json!({"method": "transfer", "amount_vnd": 1_000_000, "receipt_number": "0000124",
               "reference": "FT26005123"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["national_status"], 4);
    let (_, fees) = app
        .call(
            Method::GET,
            &format!("/api/v1/dossiers/{code}/fees"),
            Some(&desk),
            None,
        )
        .await;
    assert_eq!(fees["paid_vnd"], 1_400_000);
    assert_eq!(fees["outstanding_vnd"], 0);
    let numbers: Vec<&str> = fees["receipts"]
        .as_array()
        .expect("receipts")
        .iter()
        .filter_map(|r| r["number"].as_str())
        .collect();
    assert_eq!(numbers, ["0000123", "0000124"]);
    // No more to pay: a third receipt is refused (the dossier is no longer awaiting payment).
    let (s, _) = receipt(&desk, json!({"method": "cash", "amount_vnd": 1})).await;
    assert_eq!(s, StatusCode::CONFLICT);

    let director = app.sign_in("director").await;
    let r = report(&app, &director, vn_today(), vn_today()).await;
    assert_eq!(r["total"]["desk_count"], 2, "{r}");
    assert_eq!(r["total"]["desk_vnd"], 1_400_000);
    assert_eq!(r["total"]["online_vnd"], 0);
    // The desk has no reporting role.
    let (s, _) = app
        .call(Method::GET, "/api/v1/reports/payments", Some(&desk), None)
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}
