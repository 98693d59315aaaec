//! Server-rendered HTML pages. Full pages normally; the `*_partial.html` fragment when htmx
//! asks (`HX-Request`), so filters update in place yet everything works without JavaScript.

use axum::routing::get;
use axum::Router;

use crate::state::AppState;

mod account;
mod admin;
mod catalog;
mod due_why;
pub(crate) mod error;
pub(crate) mod format;
mod layout;
pub(crate) mod links;
mod page;
mod portal;
pub(crate) mod print;
pub(crate) mod receipt;
mod reports;
mod sign_in;
mod work;

pub use error::{not_found_page, PageError};
pub use layout::Layout;
pub use page::{is_htmx, render, PageCtx};

/// Every page route. The layers run outside in: the session is resolved, then the CSRF check
/// (which needs no session: anonymous citizens' forms are protected too), then the language.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(catalog::home))
        .route("/procedures", get(catalog::list))
        .route("/procedures/{code}", get(catalog::detail))
        .merge(sign_in::routes())
        .merge(account::routes())
        .merge(portal::routes(state))
        .merge(admin::routes())
        .merge(print::routes())
        .merge(work::routes(state))
        .merge(reports::routes())
        .layer(axum::middleware::from_fn(crate::i18n::remember))
        .layer(axum::middleware::from_fn(crate::csrf::protect))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::session::load,
        ))
}
