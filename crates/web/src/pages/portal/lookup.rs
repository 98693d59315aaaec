//! `/lookup`: the dossier code and a second factor (the identity number, or the last 4 digits
//! of the phone given at submission — the JSON lookup's rule, reused). A match opens the
//! dossier's page to this browser for a while; a miss says the same thing whether or not the
//! code exists.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde::Deserialize;

use super::common::{grant, see_other, PortalResult};
use crate::pages::PageError;
use crate::pages::{render, Layout, PageCtx};
use crate::state::AppState;
use motcua_app::AppError;
use motcua_domain::dossier::normalize_id;

#[derive(Template)]
#[template(path = "portal/lookup.html")]
struct LookupPage {
    layout: Layout,
    code: String,
    code_error: Option<String>,
    key_error: Option<String>,
    /// The one answer to a wrong code or factor.
    miss: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct LookupQuery {
    code: Option<String>,
}

/// `GET /lookup[?code=…]` (the QR code of a confirmation points here with the code filled in).
pub async fn form(ctx: PageCtx, Query(q): Query<LookupQuery>) -> PortalResult {
    Ok(render(LookupPage {
        layout: ctx.layout(ctx.t().get("lookup.title"), "lookup"),
        code: q.code.unwrap_or_default().trim().to_owned(),
        code_error: None,
        key_error: None,
        miss: None,
    })?)
}

#[derive(Deserialize)]
pub struct LookupForm {
    code: String,
    key: String,
}

/// `POST /lookup`.
pub async fn find(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Form(f): Form<LookupForm>,
) -> PortalResult {
    let t = ctx.t();
    let code = f.code.trim().to_uppercase();
    let key = normalize_id(&f.key);
    let again = |code_error: Option<&str>, key_error: Option<&str>, miss: Option<&str>| {
        let page = LookupPage {
            layout: ctx.layout(t.get("lookup.title"), "lookup"),
            code: code.clone(),
            code_error: code_error.map(|k| t.get(k).to_owned()),
            key_error: key_error.map(|k| t.get(k).to_owned()),
            miss: miss.map(|k| t.get(k).to_owned()),
        };
        render(page).map(|r| (StatusCode::UNPROCESSABLE_ENTITY, r).into_response())
    };
    if code.is_empty() || key.is_empty() {
        return Ok(again(
            code.is_empty().then_some("lookup.err.code_missing"),
            key.is_empty().then_some("lookup.err.key_missing"),
            None,
        )?);
    }
    // The same use case as the API: the same guard (10 wrong keys per code per hour).
    let d = match s.app.lookup_dossier(&code, &key).await {
        Ok(d) => d,
        Err(AppError::TooMany { .. }) => {
            return Ok(again(None, None, Some("lookup.err.too_many"))?)
        }
        Err(AppError::NotFound(_)) => return Ok(again(None, None, Some("lookup.err.no_match"))?),
        Err(e) => return Err(PageError::from(e).into()),
    };
    let mut res = see_other(&format!("/my/dossiers/{}", d.code));
    grant(&s, &headers, &d.code, &mut res).await?;
    Ok(res)
}
