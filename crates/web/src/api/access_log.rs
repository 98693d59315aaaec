//! `GET /api/v1/access-log`: the personal data access log for administrators (who read which
//! applicant's data, which fields in full, when, why), filtered like the admin page.

use axum::extract::{Query, State};
use axum::Json;
use chrono::{DateTime, NaiveDate, Utc};
use motcua_app::privacy::{AccessEntry, AccessQuery};
use motcua_domain::dossier::Purpose;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ErrorBody};
use super::sessions::Officer;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccessParams {
    /// The reader's user name.
    user: Option<String>,
    /// Reads of this dossier, alone or within an export.
    dossier: Option<String>,
    /// `read`, `reveal`, `print` or `export`.
    purpose: Option<String>,
    /// First Vietnam day, `YYYY-MM-DD`.
    from: Option<String>,
    /// Last Vietnam day, `YYYY-MM-DD` (included).
    to: Option<String>,
    /// From 1.
    #[param(minimum = 1, maximum = 4294967295_u64)]
    page: Option<u32>,
    /// 1–1000, default 100.
    #[param(minimum = 1, maximum = 1000)]
    per_page: Option<u32>,
}

/// One recorded read.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessEntryOut {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub username: String,
    pub agency_code: Option<String>,
    /// The reader's part in the dossier: `holder`, `desk`, `handler`, `unit_head`, `unit`,
    /// `leader`, `clerk`, `admin`, `reporter`, `system`.
    pub relation: String,
    /// `read`, `reveal`, `print`, `export`.
    pub purpose: String,
    /// A reveal's reason.
    pub reason: Option<String>,
    /// The dossiers read (every one of an export).
    pub codes: Vec<String>,
    /// The personal fields shown in full: `name`, `id_number`, `phone`, `address`, `email`.
    pub fields: Vec<String>,
    /// `page`, `api` or `cli`.
    pub door: String,
}

impl From<AccessEntry> for AccessEntryOut {
    fn from(e: AccessEntry) -> Self {
        AccessEntryOut {
            id: e.id,
            at: e.at,
            username: e.username,
            agency_code: e.agency_code,
            relation: e.relation,
            purpose: e.purpose,
            reason: e.reason,
            codes: e.codes,
            fields: e.fields,
            door: e.door,
        }
    }
}

/// A page of the access log, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLogPage {
    pub items: Vec<AccessEntryOut>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

fn bad(field: &str) -> ApiError {
    ApiError::bad_request(
        format!("Tham số “{field}” không hợp lệ"),
        format!("The parameter “{field}” is not valid"),
    )
}

fn day(field: &str, v: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    v.filter(|s| !s.is_empty())
        .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad(field)))
        .transpose()
}

/// The personal data access log (administrators only).
#[utoipa::path(get, path = "/api/v1/access-log", tag = "access", params(AccessParams),
    security(("bearer" = [])),
    responses((status = 200, body = AccessLogPage), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    Officer(actor): Officer,
    Query(p): Query<AccessParams>,
) -> Result<Json<AccessLogPage>, ApiError> {
    let purpose = match p.purpose.as_deref().filter(|x| !x.is_empty()) {
        None => None,
        Some(x) => Some(Purpose::parse(x).ok_or_else(|| bad("purpose"))?),
    };
    let per_page = p.per_page.unwrap_or(100);
    if !(1..=1000).contains(&per_page) {
        return Err(bad("per_page"));
    }
    let page = p.page.unwrap_or(1);
    if page == 0 {
        return Err(bad("page"));
    }
    let q = AccessQuery {
        username: p.user,
        dossier_code: p.dossier,
        purpose,
        from: day("from", p.from.as_deref())?,
        to: day("to", p.to.as_deref())?,
        page,
        per_page,
    };
    let log = s.app.access_log(&actor, &q).await?;
    Ok(Json(AccessLogPage {
        items: log.items.into_iter().map(AccessEntryOut::from).collect(),
        total: log.total,
        page: log.page,
        pages: log.pages,
    }))
}
