//! The officer workspace under `/work`: the inbox, the dossier page with the actions the
//! person may take now, and the one-stop desk (counter intake, the queue of online submissions,
//! results to hand back, the tracking book). Every read and change goes through a use case of
//! `motcua_app`; the domain decides what is allowed.

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

mod actions;
mod book;
pub(crate) mod common;
mod desk;
mod dossier;
mod dossier_view;
mod feedback;
mod inbox;
mod reveal;
mod sign;

pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/work", get(inbox::page))
        .route("/work/export.csv", get(inbox::export))
        .route("/work/dossiers/{code}", get(dossier::page))
        .route("/work/dossiers/{code}/actions", post(actions::act))
        .route("/work/dossiers/{code}/reveal", post(reveal::reveal))
        .route(
            "/work/dossiers/{code}/sign",
            post(sign::sign).layer(DefaultBodyLimit::max(state.app.uploads.request_limit())),
        )
        .route("/work/dossiers/{code}/files/{sha256}", get(dossier::file))
        .route("/work/dossiers/{code}/receipts/{n}", get(dossier::receipt))
        .route("/work/desk", get(desk::page))
        .route(
            "/work/desk/intake",
            get(desk::intake_form).post(desk::intake_submit),
        )
        .route("/work/desk/book", get(book::book))
        .merge(feedback::routes())
}
