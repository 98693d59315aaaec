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
    /// The address people reach the portal at, e.g. `https://motcua.example.gov.vn`: every
    /// notification links to the dossier's page under it (unset: `http://` + `addr`).
    /// `https://…` means a TLS-terminating proxy is in front: responses carry
    /// `Strict-Transport-Security` and every cookie is `Secure`.
    pub public_url: Option<String>,
    /// Reverse proxies (IP addresses) whose `X-Forwarded-Proto: https` is believed, for HSTS
    /// and `Secure` cookies per request when `public_url` is not `https://…`.
    pub trusted_proxies: Vec<String>,
    /// The payment gateway's address, when payments go through one: forms may be sent there
    /// (`form-action` of the Content-Security-Policy).
    pub gateway_origin: Option<String>,
    /// A bearer token that may read `/metrics` (besides signed-in administrators).
    pub metrics_token: Option<String>,
    /// SMS gateway endpoint (JSON POST `{"to","text","reference"}`). Unset: no text messages
    /// are promised, and any queued stay undelivered with the reason.
    pub sms_url: Option<String>,
    /// Bearer token for the SMS gateway.
    pub sms_token: Option<String>,
    /// A browser session ends after this many minutes without a request…
    pub session_idle_minutes: i64,
    /// …and this many hours after sign-in in any case.
    pub session_hours: i64,
    /// An API token (`POST /api/v1/sessions`) ends after this many hours without a request…
    pub api_token_idle_hours: i64,
    /// …and this many days after sign-in in any case. Tokens an administrator issues for
    /// machine clients (`motcua user token`) keep the validity they were issued with.
    pub api_token_days: i64,
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
            public_url: None,
            trusted_proxies: Vec::new(),
            gateway_origin: None,
            metrics_token: None,
            sms_url: None,
            sms_token: None,
            session_idle_minutes: 60,
            session_hours: 12,
            api_token_idle_hours: 24,
            api_token_days: 7,
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
                "public_url",
                "trusted_proxies",
                "gateway_origin",
                "metrics_token",
                "sms_url",
                "sms_token",
                "session_idle_minutes",
                "session_hours",
                "api_token_idle_hours",
                "api_token_days",
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

    /// The session timeouts; each at least one minute (a zero or negative value would lock
    /// everyone out, so it is refused at start-up).
    pub fn session_policy(&self) -> anyhow::Result<motcua_app::sessions::SessionPolicy> {
        use chrono::Duration;
        for (name, v) in [
            ("session_idle_minutes", self.session_idle_minutes),
            ("session_hours", self.session_hours),
            ("api_token_idle_hours", self.api_token_idle_hours),
            ("api_token_days", self.api_token_days),
        ] {
            if !(1..=100_000).contains(&v) {
                anyhow::bail!("{name} = {v}: phải từ 1 đến 100000 / must be 1 to 100000");
            }
        }
        Ok(motcua_app::sessions::SessionPolicy {
            page_idle: Duration::minutes(self.session_idle_minutes),
            page_absolute: Duration::hours(self.session_hours),
            api_idle: Duration::hours(self.api_token_idle_hours),
            api_absolute: Duration::days(self.api_token_days),
        })
    }

    /// The outbox worker's settings (timings keep their defaults).
    pub fn notify(&self) -> motcua_notify::NotifyConfig {
        motcua_notify::NotifyConfig {
            smtp_url: self.smtp_url.clone(),
            mail_from: self.mail_from.clone(),
            portal_endpoint: self.portal_endpoint.clone(),
            portal_token: self.portal_token.clone(),
            sms_url: self.sms_url.clone(),
            sms_token: self.sms_token.clone(),
            ..motcua_notify::NotifyConfig::default()
        }
    }

    /// What the use cases need to know about delivery: the public address notices link to
    /// (`listening` when none is set) and which channels have a transport.
    pub fn delivery(&self, listening: std::net::SocketAddr) -> motcua_app::notifications::Delivery {
        let base = self
            .public_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{listening}"));
        motcua_app::notifications::Delivery {
            public_base_url: base,
            smtp_configured: self.smtp_url.is_some(),
            sms_configured: self.sms_url.is_some(),
        }
    }

    /// The web layer's security settings; a proxy address that is not an IP address is an
    /// error here, at start-up, not a silently ignored line.
    pub fn security(&self) -> anyhow::Result<motcua_web::SecurityConfig> {
        let trusted_proxies = self
            .trusted_proxies
            .iter()
            .map(|p| {
                p.trim().parse().map_err(|_| {
                    anyhow::anyhow!(
                        "trusted_proxies: «{p}» không phải địa chỉ IP / is not an IP address"
                    )
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(motcua_web::SecurityConfig {
            public_url: self.public_url.clone(),
            trusted_proxies,
            gateway_origin: self.gateway_origin.clone(),
            metrics_token: self.metrics_token.clone().filter(|t| !t.trim().is_empty()),
        })
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
