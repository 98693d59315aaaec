//! Paying from the applicant's page: `POST /my/dossiers/{code}/pay` sends the browser to the
//! payment gateway with a signed order; `GET /payments/return` is where the gateway sends it
//! back (what the gateway said, checked; the receipt itself is recorded by the gateway's
//! server-to-server call, `GET /api/v1/payments/ipn`); `GET /my/dossiers/{code}/receipts/{n}`
//! prints a receipt.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use chrono::Utc;
use motcua_app::payments::ReturnOutcome;

use super::common::{act_message, see_other, PortalResult};
use super::dossier::{page_handler, visible};
use crate::pages::{render, Layout, PageCtx};
use crate::state::AppState;

/// This site's address as the browser reached it (the gateway sends the payer back here).
fn site(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let proto = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| *p == "https" || *p == "http")
        .unwrap_or("http");
    format!("{proto}://{host}")
}

fn client_ip(headers: &HeaderMap) -> String {
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "127.0.0.1".to_owned())
}

/// `POST /my/dossiers/{code}/pay`: 303 to the gateway.
pub async fn pay(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> PortalResult {
    let d = match visible(&s, &ctx, &headers, &code).await? {
        Ok(d) => d,
        Err(r) => return Ok(r),
    };
    let back = format!("{}/payments/return", site(&headers));
    match s
        .app
        .start_online_payment(&d, &back, &client_ip(&headers), Utc::now())
        .await
    {
        Ok(url) => Ok(see_other(&url)),
        Err(motcua_app::AppError::Invalid { vi, en, .. }) => {
            let m = match ctx.lang {
                crate::i18n::Lang::Vi => vi,
                crate::i18n::Lang::En => en,
            };
            let mut r = page_handler(&s, &ctx, &headers, &code, Some(m)).await?;
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => match act_message(&e, ctx.lang) {
            Some(m) => page_handler(&s, &ctx, &headers, &code, Some(m)).await,
            None => Err(e.into()),
        },
    }
}

#[derive(Template)]
#[template(path = "portal/payment_return.html")]
struct ReturnPage {
    layout: Layout,
    ok: bool,
    message: String,
    code: Option<String>,
}

/// `GET /payments/return?vnp_…`: what the gateway said, with a link to the dossier.
pub async fn gateway_return(
    State(s): State<AppState>,
    ctx: PageCtx,
    Query(params): Query<Vec<(String, String)>>,
) -> PortalResult {
    let t = ctx.t();
    let (ok, message, code, status) = match s.app.gateway_return(&params).await {
        Ok(r) => {
            let (ok, m) = match &r.outcome {
                ReturnOutcome::Paid if r.recorded => (true, t.get("pay.return.paid").to_owned()),
                ReturnOutcome::Paid => (true, t.get("pay.return.pending").to_owned()),
                ReturnOutcome::Cancelled => (false, t.get("pay.return.cancelled").to_owned()),
                ReturnOutcome::Failed(c) => (false, t.fmt("pay.return.failed", c)),
            };
            (ok, m, Some(r.dossier_code), StatusCode::OK)
        }
        Err(motcua_app::AppError::Invalid { .. }) | Err(motcua_app::AppError::NotFound(_)) => (
            false,
            t.get("pay.return.bad").to_owned(),
            None,
            StatusCode::BAD_REQUEST,
        ),
        Err(e) => return Err(e.into()),
    };
    let res = render(ReturnPage {
        layout: ctx.layout(t.get("pay.return.title"), "lookup"),
        ok,
        message,
        code,
    })?;
    Ok((status, res).into_response())
}

/// `GET /my/dossiers/{code}/receipts/{n}`: receipt `n`, printable.
pub async fn receipt(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path((code, n)): Path<(String, usize)>,
) -> PortalResult {
    let d = match visible(&s, &ctx, &headers, &code).await? {
        Ok(d) => d,
        Err(r) => return Ok(r),
    };
    let view = s.app.applicant_view(d.clone(), Utc::now()).await?;
    let v = view.public;
    let back = format!("/my/dossiers/{code}");
    Ok(crate::pages::receipt::page(
        &ctx,
        &d,
        n,
        v.procedure_name.clone(),
        v.agency_name.clone().unwrap_or_default(),
        back,
    )?)
}
