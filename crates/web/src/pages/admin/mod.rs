//! Administration (`/admin/…`), for users with the `Admin` role only: agencies and units,
//! users, procedures with their internal procedures, the working calendar and the settings
//! that change without a restart. Every page calls one `motcua_app` use case, which checks the
//! administrator again and holds the rules; nothing here holds SQL or rules of its own.

use axum::response::Redirect;
use axum::routing::get;
use axum::Router;

use crate::state::AppState;

mod access_log;
mod agencies;
mod calendar;
mod common;
mod procedure_form;
mod procedures;
mod settings;
mod users;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/agencies") }))
        .merge(agencies::routes())
        .merge(users::routes())
        .merge(procedures::routes())
        .merge(calendar::routes())
        .merge(settings::routes())
        .merge(access_log::routes())
}
