//! Fees and payment over JSON: a dossier's fee lines, the desk's receipts, starting an online
//! payment (the gateway address to send the payer to), the gateway's IPN call, and the payment
//! report.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use chrono::Utc;
use motcua_app::payments::{Fees, IpnReply};
use motcua_domain::dossier::{Command, PaymentMethod, Receipt};
use motcua_domain::reports::PaymentReport;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::dossiers::{load_visible, view, DossierView};
use super::error::{ApiError, ErrorBody};
use super::reports::ReportParams;
use super::sessions::{MaybeOfficer, Officer};
use crate::state::AppState;

/// The fees of a dossier: what its procedure proposes, what was asked, paid and is owed, and
/// every receipt.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/fees", tag = "payments",
    params(("code" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = Fees), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn fees(
    State(s): State<AppState>,
    Officer(actor): Officer,
    Path(code): Path<String>,
) -> Result<Json<Fees>, ApiError> {
    Ok(Json(s.app.fees(&actor, &code).await?))
}

/// Money taken at the desk.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReceiptBody {
    #[serde(default)]
    pub expected_version: Option<i64>,
    /// `cash` or `transfer` (online payments are recorded by the gateway's IPN call).
    pub method: PaymentMethod,
    /// In VND; all that is owed when absent. Less than owed leaves the dossier waiting.
    #[serde(default)]
    pub amount_vnd: Option<i64>,
    /// The receipt number (số biên lai); the dossier code and the receipt's order when absent.
    #[serde(default)]
    pub receipt_number: Option<String>,
    /// The bank transfer's reference, if any.
    #[serde(default)]
    pub reference: Option<String>,
}

/// Records a payment taken at the desk (a receipt); paid in full, the dossier moves on.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/receipts", tag = "payments", request_body = ReceiptBody,
    params(("code" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = DossierView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record(
    State(s): State<AppState>,
    Officer(actor): Officer,
    Path(code): Path<String>,
    Json(b): Json<ReceiptBody>,
) -> Result<Json<DossierView>, ApiError> {
    if b.method == PaymentMethod::Online {
        return Err(motcua_app::AppError::invalid_field(
            "method",
            "Thanh toán trực tuyến do cổng thanh toán xác nhận, không ghi tại quầy",
            "Online payments are confirmed by the gateway, not recorded at the desk",
        )
        .into());
    }
    let cmd = Command::RecordPayment {
        method: b.method,
        amount_vnd: b.amount_vnd,
        receipt_number: b.receipt_number,
        reference: b.reference,
    };
    let d = s
        .app
        .act(actor, &code, b.expected_version, &cmd, Utc::now())
        .await?;
    Ok(Json(view(d.dossier, &s)?))
}

/// The receipts of a dossier the caller may see (the applicant with `X-Applicant-Id`).
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/receipts", tag = "payments",
    params(("code" = String, Path), ("X-Applicant-Id" = Option<String>, Header)),
    responses((status = 401, description = "A bearer token was sent but is unknown, expired or revoked", body = ErrorBody), (status = 200, body = [Receipt]), (status = 404, body = ErrorBody)))]
pub async fn receipts(
    State(s): State<AppState>,
    MaybeOfficer(actor): MaybeOfficer,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Json<Vec<Receipt>>, ApiError> {
    let d = load_visible(&s, &code, actor.as_ref(), &headers).await?;
    Ok(Json(d.payment.receipts))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PayStartBody {
    /// Where the gateway sends the payer's browser back (this system's `/payments/return`).
    pub return_url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PayStart {
    /// The gateway address with the signed order: send the payer's browser there.
    pub redirect_url: String,
}

/// The client's address as the gateway wants it: the first `X-Forwarded-For` hop, else none.
pub(crate) fn client_ip(headers: &HeaderMap) -> String {
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "127.0.0.1".to_owned())
}

/// Starts paying online what the dossier owes: the gateway address to redirect to.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/payments/online", tag = "payments", request_body = PayStartBody,
    params(("code" = String, Path), ("X-Applicant-Id" = Option<String>, Header)),
    responses((status = 401, description = "A bearer token was sent but is unknown, expired or revoked", body = ErrorBody), (status = 200, body = PayStart), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn start(
    State(s): State<AppState>,
    MaybeOfficer(actor): MaybeOfficer,
    headers: HeaderMap,
    Path(code): Path<String>,
    Json(b): Json<PayStartBody>,
) -> Result<Json<PayStart>, ApiError> {
    let d = load_visible(&s, &code, actor.as_ref(), &headers).await?;
    let redirect_url = s
        .app
        .start_online_payment(&d, &b.return_url, &client_ip(&headers), Utc::now())
        .await?;
    Ok(Json(PayStart { redirect_url }))
}

/// The payment gateway's server-to-server notice (IPN), signed: the source of truth for online
/// payments. Always 200 with the gateway's codes: 00 confirmed, 01 order not found,
/// 02 already confirmed, 04 invalid amount, 97 invalid signature, 99 other.
#[utoipa::path(get, path = "/api/v1/payments/ipn", tag = "payments",
    params(("vnp_TxnRef" = String, Query), ("vnp_Amount" = String, Query), ("vnp_ResponseCode" = String, Query),
        ("vnp_SecureHash" = String, Query)),
    responses((status = 200, body = IpnReply)))]
pub async fn ipn(
    State(s): State<AppState>,
    Query(params): Query<Vec<(String, String)>>,
) -> Json<IpnReply> {
    Json(s.app.gateway_ipn(&params, Utc::now()).await)
}

/// Money taken in a period, per procedure, online against at the desk.
#[utoipa::path(get, path = "/api/v1/reports/payments", tag = "reports",
    params(ReportParams), security(("bearer" = [])),
    responses((status = 200, body = PaymentReport), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn report(
    State(s): State<AppState>,
    Officer(actor): Officer,
    Query(p): Query<ReportParams>,
) -> Result<Json<PaymentReport>, ApiError> {
    let period = p.period("month")?;
    Ok(Json(
        s.app.report_payments(&actor, period, &p.scope()).await?,
    ))
}
