//! The HTTP layer: public HTML pages, the JSON API (with its OpenAPI document) and the
//! operations endpoints. Handlers parse requests, call the store and render; they hold no SQL
//! and no business rules.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use motcua_calendar::WorkingCalendar;
use motcua_files::BlobStore;
use motcua_store::Db;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub mod api;
mod assets;
pub mod attachments;
pub mod auth;
mod cookies;
pub mod csrf;
mod error;
pub mod i18n;
mod ops;
mod pages;
pub mod session;
pub mod throttle;
pub mod workflow;

pub use attachments::UploadConfig;
pub use error::{ApiError, PageError};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub metrics: Arc<ops::Metrics>,
    /// Attachment limits; change them before [`router`] is built (the upload route's body
    /// limit is taken from here then). `uploads.dir` is read once, by [`AppState::load`].
    pub uploads: UploadConfig,
    blobs: BlobStore,
    /// Wrong second factors per dossier code at the public lookup.
    pub lookup_failures: Arc<throttle::FailureWindow>,
    /// Fonts for printed forms (bundled Noto Serif unless an operator supplies others).
    pub fonts: motcua_reports::Fonts,
    calendar: Arc<RwLock<Arc<WorkingCalendar>>>,
}

/// Why the application state could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Calendar(#[from] workflow::ActError),
    #[error(transparent)]
    Fonts(#[from] motcua_reports::PrintError),
    #[error("attachment store {dir}: {source}")]
    Files {
        dir: PathBuf,
        source: motcua_files::FileError,
    },
}

impl AppState {
    /// Builds the state: the working calendar is loaded with the stored overrides, and the
    /// attachment store opened under `files_dir` (created if needed) with the default limits.
    pub async fn load(db: Db, files_dir: PathBuf) -> Result<Self, LoadError> {
        let calendar = workflow::calendar_with_overrides(&db).await?;
        let uploads = UploadConfig::new(files_dir);
        let blobs = BlobStore::open(uploads.dir.clone()).map_err(|source| LoadError::Files {
            dir: uploads.dir.clone(),
            source,
        })?;
        Ok(Self {
            db,
            metrics: Arc::new(ops::Metrics::install()),
            uploads,
            blobs,
            fonts: motcua_reports::Fonts::bundled()?,
            lookup_failures: Arc::new(throttle::FailureWindow::for_lookup()),
            calendar: Arc::new(RwLock::new(Arc::new(calendar))),
        })
    }

    /// The attachment store.
    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    /// The working calendar in force (cheap: a shared pointer).
    pub fn calendar(&self) -> Arc<WorkingCalendar> {
        match self.calendar.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Rebuilds the calendar after an operator changed a day.
    pub async fn reload_calendar(&self) -> Result<(), workflow::ActError> {
        let fresh = Arc::new(workflow::calendar_with_overrides(&self.db).await?);
        match self.calendar.write() {
            Ok(mut c) => *c = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        Ok(())
    }
}

const REQUEST_ID: axum::http::HeaderName = axum::http::HeaderName::from_static("x-request-id");

/// The whole application.
pub fn router(state: AppState) -> Router {
    let trace = TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
        let id = req
            .headers()
            .get(&REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!("request", method = %req.method(), uri = %req.uri(), request_id = %id)
    });
    Router::new()
        .merge(pages::routes(&state))
        .merge(api::routes(&state.uploads))
        .merge(ops::routes())
        .merge(assets::routes())
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(ops::track))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(trace)
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
