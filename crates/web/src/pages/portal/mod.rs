//! The citizen portal: online submission (`/submit/…`), lookup (`/lookup`) and the applicant's
//! own dossier page (`/my/dossiers/{code}`). Every page works without JavaScript; what a
//! citizen types is kept server-side (a draft keyed by a random id in a cookie) and handed to
//! the same use cases as the JSON API (`App::submit`, `App::act`).

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

mod account;
mod check;
mod common;
mod dossier;
mod draft;
mod feedback;
mod lookup;
pub(crate) mod payment;
mod rating;
mod submit;
mod uploads;

pub fn routes(state: &AppState) -> Router<AppState> {
    // Uploads stream at most one dossier's worth per request; the default 2 MB would cut them.
    let upload_limit = DefaultBodyLimit::max(state.app.uploads.request_limit());
    Router::new()
        .route(
            "/submit/{procedure}",
            get(submit::start_page).post(submit::start),
        )
        .route(
            "/submit/{procedure}/{step}",
            get(submit::question).post(submit::answer),
        )
        .route(
            "/submit/{procedure}/files/{n}",
            get(uploads::files_page)
                .post(uploads::upload)
                .layer(upload_limit),
        )
        .route(
            "/submit/{procedure}/files/{n}/remove",
            post(uploads::remove),
        )
        .route("/submit/{procedure}/files/{n}/next", post(uploads::next))
        .route(
            "/submit/{procedure}/check",
            get(check::check).post(check::send),
        )
        .route("/submit/{procedure}/done", get(check::done))
        .route("/lookup", get(lookup::form).post(lookup::find))
        .route("/register", get(account::form).post(account::register))
        .route("/feedback", get(feedback::form).post(feedback::submit))
        .route(
            "/feedback/{code}",
            get(feedback::status_form).post(feedback::status),
        )
        .route("/feedback/{code}/sent", get(feedback::sent))
        .route("/my/dossiers", get(account::list))
        .route("/my/dossiers/{code}", get(dossier::page_get))
        .route(
            "/my/dossiers/{code}/supplement",
            post(dossier::supplement).layer(upload_limit),
        )
        .route("/my/dossiers/{code}/files/{sha256}", get(dossier::download))
        .route("/my/dossiers/{code}/receipt.pdf", get(dossier::receipt))
        .route(
            "/my/dossiers/{code}/rating",
            get(rating::form).post(rating::rate),
        )
        .route("/my/dossiers/{code}/pay", post(payment::pay))
        .route("/my/dossiers/{code}/receipts/{n}", get(payment::receipt))
        .route("/payments/return", get(payment::gateway_return))
        .route(
            "/my/dossiers/{code}/withdraw",
            get(dossier::withdraw_form).post(dossier::withdraw),
        )
}
