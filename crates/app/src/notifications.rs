//! Notifications seen from the use cases (issue 17 item 2): where notices link to, which
//! channels can deliver (so a page never promises one that cannot), and the operators' view of
//! the outbox — what did not go out, why, and "try again".

use chrono::{DateTime, Utc};
use motcua_domain::dossier::Actor;
use motcua_domain::notify::Notice;
use motcua_store::outbox::{self, NewMessage};
use motcua_store::settings::{self, SmtpSetting};

pub use motcua_store::outbox::Message;

use crate::admin::access::require_admin;
use crate::{App, AppError, Result};

/// What the binary tells the use cases about delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The portal's public address, no trailing slash: notices link under it.
    pub public_base_url: String,
    /// A mail server is set in the configuration file (administrators may also set one at
    /// run time: [`App::channels`] reads both).
    pub smtp_configured: bool,
    /// An SMS gateway is set.
    pub sms_configured: bool,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            public_base_url: "http://127.0.0.1:8080".into(),
            smtp_configured: false,
            sms_configured: false,
        }
    }
}

/// Which channels can deliver now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Channels {
    pub email: bool,
    pub sms: bool,
}

/// The undelivered messages and their counts, for the operators.
#[derive(Debug, Clone)]
pub struct OutboxView {
    /// Oldest first, at most the limit asked.
    pub messages: Vec<Message>,
    /// Per channel: (channel, never tried yet, tried and failed).
    pub counts: Vec<(String, i64, i64)>,
}

impl OutboxView {
    /// Every undelivered message.
    pub fn total(&self) -> i64 {
        self.counts.iter().map(|(_, p, f)| p + f).sum()
    }

    /// Those that were tried and failed.
    pub fn failed(&self) -> i64 {
        self.counts.iter().map(|(_, _, f)| f).sum()
    }
}

/// Domain notices as outbox rows.
pub(crate) fn to_messages(notices: Vec<Notice>) -> Vec<NewMessage> {
    notices
        .into_iter()
        .map(|n| NewMessage {
            channel: n.channel.as_str().to_string(),
            dossier_code: Some(n.dossier_code),
            recipient: n.recipient,
            subject: n.subject,
            body: n.body,
        })
        .collect()
}

impl App {
    /// The channels that can deliver: e-mail when a mail server is configured (file or
    /// administrator), SMS when a gateway is.
    pub async fn channels(&self) -> Result<Channels> {
        let stored = settings::get::<SmtpSetting>(&self.db, settings::SMTP).await?;
        Ok(Channels {
            email: self.delivery.smtp_configured || stored.is_some(),
            sms: self.delivery.sms_configured,
        })
    }

    /// The undelivered messages (administrators).
    pub async fn undelivered(&self, actor: &Actor, limit: i64) -> Result<OutboxView> {
        require_admin(actor)?;
        Ok(OutboxView {
            messages: outbox::undelivered(&self.db, limit.clamp(1, 1000)).await?,
            counts: outbox::undelivered_counts(&self.db).await?,
        })
    }

    /// Makes undelivered message `id` due at `now` (administrators): the worker takes it on its
    /// next pass.
    pub async fn retry_message(&self, actor: &Actor, id: i64, now: DateTime<Utc>) -> Result<()> {
        require_admin(actor)?;
        if outbox::retry_now(&self.db, id, now).await? {
            Ok(())
        } else {
            Err(AppError::NotFound(format!("outbox message {id}")))
        }
    }
}
