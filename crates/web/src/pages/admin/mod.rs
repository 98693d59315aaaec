//! Administration (`/admin/…`), for users with the `Admin` role only: agencies and units,
//! users, procedures with their internal procedures, the working calendar and the settings
//! that change without a restart. Every page calls one `motcua_app` use case, which checks the
//! administrator again and holds the rules; nothing here holds SQL or rules of its own.

use axum::Router;

use crate::state::AppState;

mod access_log;
mod agencies;
mod audit;
mod calendar;
mod common;
mod notifications;
mod payment_settings;
mod procedure_form;
mod procedures;
mod settings;
mod user_sessions;
mod users;

pub(crate) use common::vn_time;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(notifications::routes())
        .merge(agencies::routes())
        .merge(users::routes())
        .merge(procedures::routes())
        .merge(calendar::routes())
        .merge(settings::routes())
        .merge(access_log::routes())
        .merge(payment_settings::routes())
        .merge(user_sessions::routes())
        .merge(audit::routes())
}
