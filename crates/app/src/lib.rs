//! The use cases of motcua: one function per thing a person can do, called alike by the HTML
//! pages, the JSON API and the CLI. Each takes the acting person (a domain [`Actor`], or the
//! applicant's proof), checks with the domain's rules whether they may, loads what the decision
//! needs, lets the pure domain decide, and persists in one transaction; it returns domain types
//! (or the store's read models) and one error type, [`AppError`].
//!
//! The adapters hold no rules: `motcua-web` parses a request, calls one function here and
//! renders; `motcua` (the CLI) does the same from its arguments. Neither touches the store.
//!
//! [`Actor`]: motcua_domain::dossier::Actor

use std::path::PathBuf;

use motcua_files::BlobStore;
use motcua_store::Db;

pub mod accounts;
pub mod admin;
mod attachment_error;
pub mod audit;
pub mod auth;
pub mod book;
pub mod calendar;
pub mod catalog;
pub mod desk;
pub mod dossiers;
mod error;
pub mod feedback_inbox;
pub mod files;
pub mod inbox;
pub mod lookup;
pub mod notifications;
pub mod password;
pub mod payments;
pub mod portal;
pub mod privacy;
pub mod record;
pub mod reports;
pub mod service;
pub mod sessions;
pub mod settings;
pub mod throttle;
pub mod totp;
pub mod upload_ticket;
pub mod users;
mod visibility;
pub mod work;

pub use calendar::CalendarSource;
pub use error::AppError;
pub use files::UploadConfig;

/// Shorthand for the use cases' results.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Everything a use case may reach: the database, the one working calendar, the attachment
/// store and its limits, the wrong-attempt limits. Cheap to clone (shared handles).
#[derive(Clone)]
pub struct App {
    db: Db,
    calendar: CalendarSource,
    blobs: BlobStore,
    /// Attachment limits; change them before the HTTP router is built (the upload route's body
    /// limit is taken from here then). `uploads.dir` is read once, by [`App::open`].
    pub uploads: UploadConfig,
    /// How many wrong second factors a dossier or PAKN code allows (counted in the database).
    pub guard_policy: throttle::GuardPolicy,
    /// The public address notices link to and which channels have a transport; set by the
    /// binary from its configuration.
    pub delivery: notifications::Delivery,
    /// Session timeouts; set from the configuration before serving.
    pub session_policy: sessions::SessionPolicy,
    /// The upload-ticket secret, read from the settings on first use (shared by clones).
    upload_key: std::sync::Arc<tokio::sync::OnceCell<Vec<u8>>>,
}

impl App {
    /// Opens the application over `db`: the working calendar is built with the stored
    /// overrides and office hours, and the attachment store opened under `files_dir`
    /// (created if needed) with the default limits.
    pub async fn open(db: Db, files_dir: PathBuf) -> Result<App> {
        let calendar = CalendarSource::load(&db).await?;
        let uploads = UploadConfig::new(files_dir);
        let blobs = BlobStore::open(uploads.dir.clone()).map_err(|source| {
            AppError::Unexpected(format!(
                "attachment store {}: {source}",
                uploads.dir.display()
            ))
        })?;
        Ok(App {
            db,
            calendar,
            blobs,
            uploads,
            guard_policy: throttle::GuardPolicy::for_lookup(),
            delivery: notifications::Delivery::default(),
            session_policy: sessions::SessionPolicy::default(),
            upload_key: Default::default(),
        })
    }

    /// The attachment store.
    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ready(&self) -> bool {
        self.db.ping().await.is_ok()
    }
}
