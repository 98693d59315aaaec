//! One delivery attempt per message, by channel.

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message as Email, Tokio1Executor};
use motcua_store::outbox::Message;
use motcua_store::settings::{SmtpSetting, SmtpTls};

use crate::{NotifyConfig, NotifyError};

/// The result of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Kept for a retry, with the reason recorded as `last_error`.
    Failed(String),
}

/// The transports, built once.
pub struct Transports {
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    http: reqwest::Client,
    portal_endpoint: Option<String>,
    portal_token: Option<String>,
    sms_endpoint: Option<String>,
    sms_token: Option<String>,
}

/// Why a message on a channel without a transport stays undelivered (kept as `last_error`).
pub const NO_SMTP: &str = "Chưa cấu hình máy chủ thư (SMTP) / no SMTP server configured";
pub const NO_SMS_GATEWAY: &str = "Chưa cấu hình cổng gửi tin nhắn SMS / no SMS gateway configured";

/// How much of a refusal's body to keep in `last_error`.
const ERROR_BODY_CHARS: usize = 300;

impl Transports {
    pub fn new(cfg: &NotifyConfig) -> Result<Transports, NotifyError> {
        let smtp = match (&cfg.smtp_server, cfg.smtp_url.as_deref()) {
            (Some(server), _) => Some(smtp_from_setting(server, cfg)?),
            (None, Some(url)) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    // The URL may hold a password: say what is wrong without echoing it.
                    .map_err(|e| NotifyError::SmtpUrl(e.to_string()))?
                    .timeout(Some(cfg.timeout))
                    .build(),
            ),
            (None, None) => None,
        };
        let from = cfg
            .mail_from
            .parse::<Mailbox>()
            .map_err(|e| NotifyError::MailFrom(cfg.mail_from.clone(), e.to_string()))?;
        let http = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .user_agent(concat!("motcua/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| NotifyError::Http(e.to_string()))?;
        for token in [&cfg.portal_token, &cfg.sms_token].into_iter().flatten() {
            // Checked here: an unusable token must stop the start, not silently go unsent.
            reqwest::header::HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| NotifyError::PortalToken)?;
        }
        Ok(Transports {
            smtp,
            from,
            http,
            portal_endpoint: cfg.portal_endpoint.clone(),
            portal_token: cfg.portal_token.clone(),
            sms_endpoint: cfg.sms_url.clone(),
            sms_token: cfg.sms_token.clone(),
        })
    }

    pub async fn deliver(&self, m: &Message) -> Outcome {
        match m.channel.as_str() {
            // Undeliverable means undelivered: without a transport the message stays queued
            // with the reason, is tried again with backoff (an administrator may set the mail
            // server at any time) and shows on the operators' page.
            "email" => match &self.smtp {
                Some(smtp) => self.send_email(smtp, m).await,
                None => Outcome::Failed(NO_SMTP.into()),
            },
            "sms" => match &self.sms_endpoint {
                Some(url) => self.send_sms(url, m).await,
                None => Outcome::Failed(NO_SMS_GATEWAY.into()),
            },
            "log" => logged(m, "log channel"),
            "national_portal" => match &self.portal_endpoint {
                Some(url) => self.post_record(url, m).await,
                // Not claimed when disabled (see `Worker::channels`); kept if it ever is.
                None => Outcome::Failed("national portal sync is disabled".into()),
            },
            other => Outcome::Failed(format!("unknown outbox channel «{other}»")),
        }
    }

    async fn send_email(&self, smtp: &AsyncSmtpTransport<Tokio1Executor>, m: &Message) -> Outcome {
        let Some(to) = m.recipient.as_deref() else {
            return Outcome::Failed("e-mail without a recipient".into());
        };
        let to = match to.parse::<Mailbox>() {
            Ok(to) => to,
            Err(e) => return Outcome::Failed(format!("invalid recipient «{to}»: {e}")),
        };
        let email = Email::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone().unwrap_or_default())
            .header(ContentType::TEXT_PLAIN)
            .body(m.body.clone());
        let email = match email {
            Ok(e) => e,
            Err(e) => return Outcome::Failed(format!("cannot build the e-mail: {e}")),
        };
        match smtp.send(email).await {
            Ok(_) => {
                tracing::info!(
                    id = m.id,
                    dossier = m.dossier_code.as_deref().unwrap_or(""),
                    "e-mail sent"
                );
                Outcome::Delivered
            }
            Err(e) => Outcome::Failed(format!("SMTP: {e}")),
        }
    }

    /// A text message through the SMS gateway: a JSON POST `{"to", "text", "reference"}` (the
    /// shape of the brand-name SMS APIs Vietnamese networks resell), bearer token when set; a
    /// 2xx answer is the acknowledgement.
    async fn send_sms(&self, url: &str, m: &Message) -> Outcome {
        let Some(to) = m.recipient.as_deref() else {
            return Outcome::Failed("SMS without a recipient".into());
        };
        let body = serde_json::json!({
            "to": to,
            "text": m.body,
            "reference": m.dossier_code,
        });
        let mut req = self.http.post(url).json(&body);
        if let Some(token) = &self.sms_token {
            req = req.bearer_auth(token);
        }
        match req.send().await {
            Ok(resp) if resp.status().is_success() => {
                tracing::info!(
                    id = m.id,
                    dossier = m.dossier_code.as_deref().unwrap_or(""),
                    "SMS accepted by the gateway"
                );
                Outcome::Delivered
            }
            Ok(resp) => {
                let status = resp.status();
                let body = resp.text().await.unwrap_or_default();
                let body: String = body.chars().take(ERROR_BODY_CHARS).collect();
                Outcome::Failed(format!("SMS gateway answered {status}: {body}"))
            }
            Err(e) => Outcome::Failed(format!("SMS gateway: {e}")),
        }
    }

    async fn post_record(&self, url: &str, m: &Message) -> Outcome {
        // The body is the JSON record exactly as queued.
        let mut req = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(m.body.clone());
        if let Some(token) = &self.portal_token {
            req = req.bearer_auth(token);
        }
        match req.send().await {
            Ok(resp) if resp.status().is_success() => {
                tracing::info!(
                    id = m.id,
                    dossier = m.dossier_code.as_deref().unwrap_or(""),
                    status = resp.status().as_u16(),
                    "national portal record acknowledged"
                );
                Outcome::Delivered
            }
            Ok(resp) => {
                let status = resp.status();
                let body = resp.text().await.unwrap_or_default();
                let body: String = body.chars().take(ERROR_BODY_CHARS).collect();
                Outcome::Failed(format!("national portal answered {status}: {body}"))
            }
            Err(e) => Outcome::Failed(format!("national portal: {e}")),
        }
    }
}

/// A transport for the mail server an administrator set.
fn smtp_from_setting(
    s: &SmtpSetting,
    cfg: &NotifyConfig,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, NotifyError> {
    let builder = match s.tls {
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host),
        SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host),
        SmtpTls::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
            &s.host,
        )),
    }
    .map_err(|e| NotifyError::SmtpUrl(e.to_string()))?;
    let mut builder = builder.port(s.port).timeout(Some(cfg.timeout));
    if let Some(user) = s.user.as_ref().filter(|u| !u.is_empty()) {
        builder = builder.credentials(Credentials::new(
            user.clone(),
            s.password.clone().unwrap_or_default(),
        ));
    }
    Ok(builder.build())
}

/// "Logged" delivery: the message goes to the log in full and counts as delivered.
fn logged(m: &Message, why: &str) -> Outcome {
    tracing::info!(
        id = m.id,
        channel = %m.channel,
        dossier = m.dossier_code.as_deref().unwrap_or(""),
        recipient = m.recipient.as_deref().unwrap_or(""),
        subject = m.subject.as_deref().unwrap_or(""),
        body = %m.body,
        delivery = "logged",
        note = why,
        "outbox message logged instead of sent"
    );
    Outcome::Delivered
}
