//! Settings: defaults ← TOML file (`motcua.toml` or `--config`) ← `MOTCUA_*` environment ←
//! command-line flags. Every field has a default, so the first run needs no file.

use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Where the SQLite file and uploaded files live; created on first run.
    pub data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://…`; default: `motcua.db` in the data dir.
    pub database_url: Option<String>,
    /// Address to listen on.
    pub addr: String,
    /// Load the demo catalog and users into an empty database.
    pub demo: bool,
    /// Log format: `text` or `json`.
    pub log_format: String,
    /// Outgoing mail server: `smtps://user:pass@host:465`, `smtp://host:587?tls=required`
    /// (STARTTLS) or `smtp://host:25`. Unset: e-mails are written to the log instead.
    pub smtp_url: Option<String>,
    /// The `From:` of notification e-mails.
    pub mail_from: String,
    /// National-portal sync endpoint. Unset (the default): records stay queued in the outbox and
    /// are all sent, oldest first, once it is set.
    pub portal_endpoint: Option<String>,
    /// Bearer token for the national portal.
    pub portal_token: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data_dir: PathBuf::from("./motcua-data"),
            database_url: None,
            addr: "127.0.0.1:8080".into(),
            demo: false,
            log_format: "text".into(),
            smtp_url: None,
            mail_from: "motcua <no-reply@localhost>".into(),
            portal_endpoint: None,
            portal_token: None,
        }
    }
}

/// Values given on the command line; `None` leaves the lower layers' value.
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo: Option<bool>,
}

impl Settings {
    pub fn load(config_file: Option<&Path>, cli: Overrides) -> anyhow::Result<Settings> {
        let file = config_file
            .map(Path::to_path_buf)
            .unwrap_or_else(|| "motcua.toml".into());
        if config_file.is_some() && !file.exists() {
            anyhow::bail!(
                "không tìm thấy tệp cấu hình {0} / config file {0} not found",
                file.display()
            );
        }
        let settings: Settings = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(&file))
            .merge(Env::prefixed("MOTCUA_").only(&[
                "data_dir",
                "database_url",
                "addr",
                "demo",
                "log_format",
                "smtp_url",
                "mail_from",
                "portal_endpoint",
                "portal_token",
            ]))
            .merge(Serialized::defaults(cli))
            .extract()?;
        Ok(settings)
    }

    /// The database URL, defaulting to the SQLite file in the data dir.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir.join("motcua.db").display()),
        }
    }

    /// The outbox worker's settings (timings keep their defaults).
    pub fn notify(&self) -> motcua_notify::NotifyConfig {
        motcua_notify::NotifyConfig {
            smtp_url: self.smtp_url.clone(),
            mail_from: self.mail_from.clone(),
            portal_endpoint: self.portal_endpoint.clone(),
            portal_token: self.portal_token.clone(),
            ..motcua_notify::NotifyConfig::default()
        }
    }

    /// Whether the database is the embedded SQLite file (whose directory we create).
    pub fn uses_sqlite(&self) -> bool {
        self.database_url().starts_with("sqlite:")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_defaults() {
        let s = Settings::load(
            None,
            Overrides {
                addr: Some("0.0.0.0:9000".into()),
                ..Default::default()
            },
        )
        .expect("settings");
        assert_eq!(s.addr, "0.0.0.0:9000");
        assert_eq!(s.database_url(), "sqlite://./motcua-data/motcua.db");
        assert!(s.uses_sqlite());
    }

    #[test]
    fn file_then_flags() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("m.toml");
        std::fs::write(
            &f,
            "addr = \"127.0.0.1:1\"\ndemo = true\ndatabase_url = \"postgres://x/y\"\n",
        )
        .expect("write");
        let s = Settings::load(Some(&f), Overrides::default()).expect("settings");
        assert_eq!(
            (s.addr.as_str(), s.demo, s.uses_sqlite()),
            ("127.0.0.1:1", true, false)
        );
        assert!(
            Settings::load(Some(&dir.path().join("missing.toml")), Overrides::default()).is_err()
        );
    }

    #[test]
    fn notification_settings_default_off_and_come_from_file() {
        let s = Settings::load(None, Overrides::default()).expect("settings");
        let n = s.notify();
        assert_eq!(
            (n.smtp_url, n.portal_endpoint, n.portal_token),
            (None, None, None)
        );
        assert_eq!(n.mail_from, "motcua <no-reply@localhost>");

        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("m.toml");
        std::fs::write(
            &f,
            "smtp_url = \"smtps://u:p@mail.example.vn:465\"\nmail_from = \"Một cửa <no-reply@example.gov.vn>\"\nportal_endpoint = \"https://portal.example/sync\"\nportal_token = \"t\"\n",
        )
        .expect("write");
        let n = Settings::load(Some(&f), Overrides::default())
            .expect("settings")
            .notify();
        assert_eq!(
            n.smtp_url.as_deref(),
            Some("smtps://u:p@mail.example.vn:465")
        );
        assert_eq!(n.mail_from, "Một cửa <no-reply@example.gov.vn>");
        assert_eq!(
            n.portal_endpoint.as_deref(),
            Some("https://portal.example/sync")
        );
        assert_eq!(n.portal_token.as_deref(), Some("t"));
    }
}
