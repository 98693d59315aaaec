//! `POST /work/dossiers/{code}/reveal`: "Hiện đầy đủ" — the applicant's identity number,
//! phone, address and e-mail in full, on a deliberate click with a reason. The answer is the
//! dossier page itself (a redirect would read it again, masked); the reveal is recorded in the
//! access log by the use case, and a role that may not reveal gets the workspace's 403 page.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use motcua_app::privacy::{Door, Reading};
use motcua_domain::dossier::RevealReason;

use super::actions::Fields;
use super::common::WorkUser;
use super::dossier::show_reading;
use crate::pages::error::PageError;
use crate::pages::PageCtx;
use crate::state::AppState;

pub async fn reveal(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let f = Fields::parse(&body);
    let Some(reason) = RevealReason::parse(f.get("reason")) else {
        return Ok((
            StatusCode::BAD_REQUEST,
            ctx.t().get("work.reveal.no_reason"),
        )
            .into_response());
    };
    show_reading(
        &s,
        &ctx,
        &user,
        &code,
        None,
        None,
        Reading::reveal(reason, Door::Page),
    )
    .await
}
