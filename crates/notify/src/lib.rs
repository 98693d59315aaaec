//! Delivers the outbox (issue 4 item 10): e-mail over SMTP (lettre, rustls), SMS records, and
//! national-portal sync records POSTed as JSON. Messages are written by the store in the same
//! transaction as the dossier change; this worker only moves them out, retrying with
//! exponential backoff until the receiver acknowledges. Nothing is ever dropped.
//!
//! Semantics per channel:
//! - `email`: sent through SMTP when `smtp_url` (or the administrator's mail server) is set;
//!   otherwise left undelivered with the reason and tried again with backoff — undeliverable
//!   means undelivered, and the operators' page (`/admin/notifications`) shows it.
//! - `sms`: POSTed as JSON to the SMS gateway `sms_url` (bearer `sms_token` when set); with no
//!   gateway, left undelivered with the reason, like an e-mail without a mail server.
//! - `national_portal`: POSTed to `portal_endpoint` (bearer `portal_token` when set); a 2xx answer
//!   is the acknowledgement, anything else is retried. With no endpoint the records stay queued
//!   and untouched (not claimed, attempts not counted), so enabling the endpoint later sends the
//!   whole backlog, oldest first.
//! - `log`: written to the log and marked delivered. Any other channel is kept and retried with
//!   an error, so a typo shows in `last_error` rather than losing the message.
//!
//! Administrators may change the SMTP server and the portal endpoint while the system runs
//! (`/admin/settings`, stored in the `settings` table): each pass reads them and rebuilds the
//! transports when they changed. A key with no stored value keeps the configuration file's.
//!
//! Delivery is at least once: a crash between sending and recording lets the lease expire and
//! the message go again.

mod deliver;

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use motcua_store::outbox::{self, Message};
use motcua_store::settings::{self, PortalSetting, SmtpSetting};
use motcua_store::{Db, StoreError};

pub use deliver::{Outcome, Transports, NO_SMS_GATEWAY, NO_SMTP};

/// Where and how to deliver. Every field has a safe default: nothing leaves the machine.
#[derive(Debug, Clone)]
pub struct NotifyConfig {
    /// `smtps://user:pass@host:465`, `smtp://host:587?tls=required` (STARTTLS) or
    /// `smtp://host:25`; `None`: e-mails are logged.
    pub smtp_url: Option<String>,
    /// The mail server as an administrator set it; takes precedence over `smtp_url`.
    pub smtp_server: Option<SmtpSetting>,
    /// The `From:` mailbox, e.g. `Một cửa điện tử <no-reply@example.gov.vn>`.
    pub mail_from: String,
    /// National-portal sync endpoint; `None`: records are kept queued, not sent.
    pub portal_endpoint: Option<String>,
    pub portal_token: Option<String>,
    /// SMS gateway endpoint; `None`: text messages stay undelivered ("no SMS gateway").
    pub sms_url: Option<String>,
    pub sms_token: Option<String>,
    /// Sleep between passes when the outbox had nothing more to do.
    pub poll_interval: StdDuration,
    /// Messages claimed per pass.
    pub batch: i64,
    /// How long a claimed message is reserved for this worker.
    pub lease: Duration,
    /// First retry delay; doubled on each further failure, up to `backoff_cap`.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Time allowed for one SMTP or HTTP delivery.
    pub timeout: StdDuration,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        NotifyConfig {
            smtp_url: None,
            smtp_server: None,
            mail_from: "motcua <no-reply@localhost>".into(),
            portal_endpoint: None,
            portal_token: None,
            sms_url: None,
            sms_token: None,
            poll_interval: StdDuration::from_secs(5),
            batch: 50,
            lease: Duration::minutes(5),
            backoff_base: Duration::minutes(1),
            backoff_cap: Duration::hours(6),
            timeout: StdDuration::from_secs(30),
        }
    }
}

/// Why the worker could not start or a pass could not run.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("cấu hình SMTP không hợp lệ / invalid SMTP URL: {0}")]
    SmtpUrl(String),
    #[error("địa chỉ gửi thư không hợp lệ / invalid mail_from «{0}»: {1}")]
    MailFrom(String, String),
    #[error("mã truy cập cổng quốc gia không hợp lệ (chỉ ký tự ASCII in được) / invalid portal_token (printable ASCII only)")]
    PortalToken,
    #[error("không tạo được HTTP client / cannot build the HTTP client: {0}")]
    Http(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Delay before the next try after `attempts` earlier attempts failed and this one too:
/// `base · 2^attempts`, capped (1 min, 2, 4, … 6 h with the defaults).
pub fn backoff(attempts: i64, base: Duration, cap: Duration) -> Duration {
    let shift = u32::try_from(attempts.clamp(0, 30)).unwrap_or(30);
    let factor = 1i32.checked_shl(shift).unwrap_or(i32::MAX);
    base.checked_mul(factor)
        .filter(|d| *d <= cap)
        .unwrap_or(cap)
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    pub claimed: usize,
    pub delivered: usize,
    pub failed: usize,
}

/// The settings stored by administrators, as last read.
type Seen = (Option<SmtpSetting>, Option<PortalSetting>);

/// The configuration in force and the transports built from it.
struct Live {
    seen: Seen,
    cfg: NotifyConfig,
    transports: Arc<Transports>,
}

/// The outbox worker: the configuration file's settings, overlaid by the stored ones.
pub struct Worker {
    db: Db,
    base: NotifyConfig,
    live: Mutex<Live>,
}

/// `base` with the stored settings laid over it.
fn overlay(base: &NotifyConfig, (smtp, portal): &Seen) -> NotifyConfig {
    let mut cfg = base.clone();
    if let Some(s) = smtp {
        cfg.smtp_server = Some(s.clone());
        cfg.mail_from = s.from.clone();
    }
    if let Some(p) = portal {
        cfg.portal_endpoint = (p.enabled && !p.url.trim().is_empty()).then(|| p.url.clone());
        cfg.portal_token = p.token.clone();
    }
    cfg
}

impl Worker {
    /// Checks the configuration (SMTP URL, sender address) and builds the transports.
    pub fn new(db: Db, cfg: NotifyConfig) -> Result<Worker, NotifyError> {
        let transports = Arc::new(Transports::new(&cfg)?);
        Ok(Worker {
            db,
            live: Mutex::new(Live {
                seen: (None, None),
                cfg: cfg.clone(),
                transports,
            }),
            base: cfg,
        })
    }

    /// Reads the stored settings and, when they changed, rebuilds the transports. A stored
    /// setting that cannot be used is logged and the previous transports kept.
    async fn refresh(&self) -> Result<(NotifyConfig, Arc<Transports>), NotifyError> {
        let smtp = settings::get::<SmtpSetting>(&self.db, settings::SMTP).await?;
        let portal = settings::get::<PortalSetting>(&self.db, settings::PORTAL).await?;
        let seen: Seen = (smtp.map(|s| s.value), portal.map(|p| p.value));
        let mut live = match self.live.lock() {
            Ok(l) => l,
            Err(poisoned) => poisoned.into_inner(),
        };
        if live.seen != seen {
            let cfg = overlay(&self.base, &seen);
            match Transports::new(&cfg) {
                Ok(t) => {
                    tracing::info!(
                        smtp = cfg.smtp_server.is_some() || cfg.smtp_url.is_some(),
                        national_portal = cfg.portal_endpoint.is_some(),
                        "notification settings changed"
                    );
                    live.cfg = cfg;
                    live.transports = Arc::new(t);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "stored notification settings unusable; previous ones kept")
                }
            }
            live.seen = seen;
        }
        Ok((live.cfg.clone(), live.transports.clone()))
    }

    /// Claims what is due at `now`, delivers it, and records each outcome. Messages in channels
    /// this worker does not serve are left as they are.
    pub async fn run_once(&self, now: DateTime<Utc>) -> Result<Pass, NotifyError> {
        let (cfg, transports) = self.refresh().await?;
        let mut channels = vec!["email", "sms", "log"];
        if cfg.portal_endpoint.is_some() {
            channels.push("national_portal");
        }
        let claimed =
            outbox::claim_due_on(&self.db, now, cfg.batch, cfg.lease, Some(&channels)).await?;
        let mut pass = Pass {
            claimed: claimed.len(),
            ..Pass::default()
        };
        for m in &claimed {
            match transports.deliver(m).await {
                Outcome::Delivered => {
                    outbox::mark_delivered(&self.db, m.id, now).await?;
                    pass.delivered += 1;
                }
                Outcome::Failed(error) => {
                    self.record_failure(m, &error, now).await?;
                    pass.failed += 1;
                }
            }
        }
        Ok(pass)
    }

    async fn record_failure(
        &self,
        m: &Message,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<(), NotifyError> {
        let next = now + backoff(m.attempts, self.base.backoff_base, self.base.backoff_cap);
        tracing::warn!(
            id = m.id,
            channel = %m.channel,
            dossier = m.dossier_code.as_deref().unwrap_or(""),
            attempts = m.attempts + 1,
            next_attempt = %next,
            error,
            "outbox delivery failed; will retry"
        );
        outbox::mark_failed(&self.db, m.id, error, next).await?;
        Ok(())
    }

    /// Runs passes until `shutdown` completes. A pass cut short by shutdown leaves its claimed
    /// messages to their lease: they are delivered again by the next start.
    pub async fn run(self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        tracing::info!(
            smtp = self.base.smtp_url.is_some(),
            national_portal = self.base.portal_endpoint.is_some(),
            "outbox worker started"
        );
        loop {
            let pass = tokio::select! {
                _ = &mut shutdown => break,
                pass = self.run_once(Utc::now()) => pass,
            };
            let busy = match pass {
                Ok(p) => usize::try_from(self.base.batch).is_ok_and(|b| p.claimed >= b),
                Err(e) => {
                    // The database may be back on the next pass; never give up.
                    tracing::warn!(error = %e, "outbox pass failed");
                    false
                }
            };
            if !busy {
                tokio::select! {
                    _ = &mut shutdown => break,
                    _ = tokio::time::sleep(self.base.poll_interval) => {}
                }
            }
        }
        tracing::info!("outbox worker stopped");
    }
}

/// Builds the worker and runs it until `shutdown`.
pub async fn run_worker(
    db: Db,
    cfg: NotifyConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), NotifyError> {
    Worker::new(db, cfg)?.run(shutdown).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_one_minute_up_to_six_hours() {
        let c = NotifyConfig::default();
        let mins: Vec<i64> = (0..12)
            .map(|a| backoff(a, c.backoff_base, c.backoff_cap).num_minutes())
            .collect();
        assert_eq!(mins, [1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360, 360]);
        assert_eq!(backoff(-3, c.backoff_base, c.backoff_cap).num_minutes(), 1);
        assert_eq!(
            backoff(i64::MAX, c.backoff_base, c.backoff_cap).num_hours(),
            6
        );
    }
}
