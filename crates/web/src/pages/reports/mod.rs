//! Report pages (issue 6) for reporters, heads, directors and admins: Biểu II.06a with
//! drill-down, II.07b, the Decision 766 index, the reform report and the leaders' dashboard,
//! each downloadable as XLSX, CSV and PDF. The numbers come from the report use cases
//! (`motcua_app::reports`) and the layouts from `motcua_reports::official`; nothing is
//! recomputed here.

use axum::routing::get;
use axum::Router;

use crate::state::AppState;

mod behind;
mod common;
mod dashboard;
mod filters;
mod forms;
mod reform;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports", get(forms::index))
        .route("/reports/06a", get(forms::form_06a))
        .route("/reports/06a/behind", get(behind::page))
        .route("/reports/07b", get(forms::form_07b))
        .route("/reports/766", get(forms::index_766))
        .route("/reports/reform", get(reform::page))
        .route("/reports/dashboard", get(dashboard::page))
}
