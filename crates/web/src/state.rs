//! What every handler can reach: the use cases, and what only HTTP needs (metrics, fonts).

use std::sync::Arc;

use motcua_app::{App, AppError};

use crate::metrics::Metrics;
use crate::security::SecurityConfig;

#[derive(Clone)]
pub struct AppState {
    /// Every use case; handlers call these and hold no rules.
    pub app: App,
    pub metrics: Arc<Metrics>,
    /// Fonts for printed forms (bundled Noto Serif unless an operator supplies others).
    pub fonts: motcua_reports::Fonts,
    /// How the server is reached (HTTPS, proxies) and who may read `/metrics`.
    pub security: Arc<SecurityConfig>,
}

/// Why the application state could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error(transparent)]
    Fonts(#[from] motcua_reports::PrintError),
}

impl AppState {
    /// Wraps the application for HTTP.
    pub fn new(app: App) -> Result<AppState, LoadError> {
        Ok(AppState {
            app,
            metrics: Arc::new(Metrics::install()),
            fonts: motcua_reports::Fonts::bundled()?,
            security: Arc::new(SecurityConfig::default()),
        })
    }

    /// The same state with the operator's security settings (see [`SecurityConfig`]).
    pub fn with_security(mut self, security: SecurityConfig) -> AppState {
        self.security = Arc::new(security);
        self
    }
}
