//! A fake payment gateway speaking the VNPay 2.1.0 protocol, as a real HTTP server on a random
//! port: `GET /pay` checks the merchant's signed order and shows a pay page (pay or cancel);
//! `POST /confirm` signs the result, calls the merchant's IPN address server to server (and
//! keeps its answer), then sends the browser to the order's return address. Signing is written
//! here from the protocol's description (HMAC-SHA512 over the `vnp_` parameters sorted by name,
//! values form-urlencoded, joined by `&`), not borrowed from the code under test.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Form, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get as route_get, post};
use axum::Router;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha512;

pub const MERCHANT: &str = "MOTCUA01";
pub const SECRET: &str = "K7Q2XSECRETFORTESTSONLY9P";

pub type Params = Vec<(String, String)>;

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The hash input: `vnp_*` parameters but the hash's own, non-empty, sorted, encoded.
pub fn hash_input(p: &Params) -> String {
    let mut v: Vec<&(String, String)> = p
        .iter()
        .filter(|(k, v)| {
            k.starts_with("vnp_")
                && k != "vnp_SecureHash"
                && k != "vnp_SecureHashType"
                && !v.is_empty()
        })
        .collect();
    v.sort();
    v.iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn hmac512(secret: &str, data: &str) -> String {
    let mut m = Hmac::<Sha512>::new_from_slice(secret.as_bytes()).expect("key");
    m.update(data.as_bytes());
    hex::encode(m.finalize().into_bytes())
}

/// `p` with its `vnp_SecureHash` under `secret`.
pub fn signed(secret: &str, mut p: Params) -> Params {
    p.retain(|(k, _)| k != "vnp_SecureHash");
    let h = hmac512(secret, &hash_input(&p));
    p.push(("vnp_SecureHash".into(), h));
    p
}

pub fn get<'a>(p: &'a Params, k: &str) -> Option<&'a str> {
    p.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

pub fn query(p: &Params) -> String {
    p.iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[derive(Default)]
struct Inner {
    /// Orders shown on a pay page, by their `vnp_TxnRef`.
    orders: HashMap<String, Params>,
    /// Every IPN answer, in order.
    ipn_replies: Vec<Value>,
    next_txn: u64,
}

#[derive(Clone)]
pub struct Gateway {
    pub base: String,
    /// The merchant's IPN address (registered with the gateway, as with VNPay's merchant
    /// portal).
    pub ipn_url: String,
    inner: Arc<Mutex<Inner>>,
    http: reqwest::Client,
}

impl Gateway {
    pub fn pay_url(&self) -> String {
        format!("{}/pay", self.base)
    }

    pub fn ipn_replies(&self) -> Vec<Value> {
        self.inner.lock().expect("lock").ipn_replies.clone()
    }

    /// The order of the last pay page shown.
    pub fn order(&self, txn_ref: &str) -> Option<Params> {
        self.inner
            .lock()
            .expect("lock")
            .orders
            .get(txn_ref)
            .cloned()
    }

    /// The signed result of `order` with response code `code` (00 paid, 24 cancelled).
    pub fn result(&self, order: &Params, code: &str) -> Params {
        let txn_no = {
            let mut i = self.inner.lock().expect("lock");
            i.next_txn += 1;
            14_000_000 + i.next_txn
        };
        let status = if code == "00" { "00" } else { "02" };
        let p: Params = vec![
            (
                "vnp_Amount".into(),
                get(order, "vnp_Amount").unwrap_or_default().into(),
            ),
            ("vnp_BankCode".into(), "NCB".into()),
            ("vnp_BankTranNo".into(), format!("VNP{txn_no}")),
            ("vnp_CardType".into(), "ATM".into()),
            (
                "vnp_OrderInfo".into(),
                get(order, "vnp_OrderInfo").unwrap_or_default().into(),
            ),
            ("vnp_PayDate".into(), "20260105103000".into()),
            ("vnp_ResponseCode".into(), code.into()),
            ("vnp_TmnCode".into(), MERCHANT.into()),
            ("vnp_TransactionNo".into(), txn_no.to_string()),
            ("vnp_TransactionStatus".into(), status.into()),
            (
                "vnp_TxnRef".into(),
                get(order, "vnp_TxnRef").unwrap_or_default().into(),
            ),
        ];
        signed(SECRET, p)
    }

    /// Calls the merchant's IPN with `p`, as the gateway does; the JSON answer.
    pub async fn call_ipn(&self, p: &Params) -> Value {
        let res = self
            .http
            .get(format!("{}?{}", self.ipn_url, query(p)))
            .send()
            .await
            .expect("ipn call");
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "the IPN answers 200 with a code"
        );
        let v: Value = res.json().await.expect("ipn json");
        self.inner.lock().expect("lock").ipn_replies.push(v.clone());
        v
    }
}

async fn pay_page(State(g): State<Gateway>, Query(p): Query<Params>) -> Response {
    let Some(hash) = get(&p, "vnp_SecureHash") else {
        return (StatusCode::BAD_REQUEST, "Thiếu chữ ký").into_response();
    };
    if hmac512(SECRET, &hash_input(&p)) != hash || get(&p, "vnp_TmnCode") != Some(MERCHANT) {
        return (StatusCode::BAD_REQUEST, "Sai chữ ký / invalid signature").into_response();
    }
    let txn = get(&p, "vnp_TxnRef").unwrap_or_default().to_owned();
    let amount: i64 = get(&p, "vnp_Amount")
        .and_then(|a| a.parse().ok())
        .unwrap_or(0)
        / 100;
    let info = get(&p, "vnp_OrderInfo").unwrap_or_default().to_owned();
    g.inner.lock().expect("lock").orders.insert(txn.clone(), p);
    Html(format!(
        "<!doctype html><html lang=vi><head><meta charset=utf-8><meta name=viewport content='width=device-width'>\
         <title>Cổng thanh toán thử nghiệm</title></head><body style='font-family:sans-serif;max-width:30rem;margin:2rem auto;padding:0 1rem'>\
         <h1>Cổng thanh toán (thử nghiệm)</h1><p id=info>{info}</p><p>Số tiền: <strong id=amount>{amount}</strong> VND</p>\
         <form method=post action=/confirm><input type=hidden name=txn value='{txn}'>\
         <button name=action value=pay id=gw-pay style='font-size:1.2rem;padding:.5rem 1rem'>Thanh toán</button> \
         <button name=action value=cancel id=gw-cancel>Hủy giao dịch</button></form></body></html>"
    ))
    .into_response()
}

#[derive(serde::Deserialize)]
struct Confirm {
    txn: String,
    action: String,
}

async fn confirm(State(g): State<Gateway>, Form(c): Form<Confirm>) -> Response {
    let Some(order) = g.order(&c.txn) else {
        return (StatusCode::NOT_FOUND, "no such order").into_response();
    };
    let code = if c.action == "pay" { "00" } else { "24" };
    let result = g.result(&order, code);
    g.call_ipn(&result).await;
    let back = format!(
        "{}?{}",
        get(&order, "vnp_ReturnUrl").unwrap_or_default(),
        query(&result)
    );
    (StatusCode::FOUND, [(header::LOCATION, back)]).into_response()
}

/// Starts the gateway; `merchant_base` is the system under test (its IPN address follows).
pub async fn spawn_gateway(merchant_base: &str) -> Gateway {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let g = Gateway {
        base: format!("http://{addr}"),
        ipn_url: format!("{merchant_base}/api/v1/payments/ipn"),
        inner: Arc::default(),
        http: reqwest::Client::new(),
    };
    let app = Router::new()
        .route("/pay", route_get(pay_page))
        .route("/confirm", post(confirm))
        .with_state(g.clone());
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("gateway");
    });
    g
}

/// The payment settings pointing at `g`, with a bank account for transfers, stored as an
/// administrator would.
pub async fn configure(db: &motcua_store::Db, g: &Gateway) {
    let v = serde_json::json!({
        "gateway_url": g.pay_url(),
        "merchant_code": MERCHANT,
        "secret": SECRET,
        "bank_name": "Ngân hàng TMCP Công Thương Việt Nam — Chi nhánh Khánh Hòa",
        "bank_account": "1020 3040 5060",
        "account_holder": "Sở Công Thương tỉnh Khánh Hòa"
    });
    motcua_store::settings::set(db, "payment", &v, "admin")
        .await
        .expect("payment settings");
}
