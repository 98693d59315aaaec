//! Fees and payment (issue 17 item 1): the lines an officer starts a request from, what the
//! applicant is told about paying (amount, lines, the desk, a bank transfer with the dossier
//! code as reference, online), online payment through the configured gateway, the desk's list
//! of dossiers awaiting payment, and the payment report.
//!
//! Online payment: [`App::start_online_payment`] signs an order and gives the gateway address
//! to send the browser to. The gateway's server-to-server call ([`App::gateway_ipn`]) is the
//! source of truth: its signature, order and amount are checked, and only then is a receipt
//! recorded, as the system, once (a replayed call is answered "already confirmed"). The browser's
//! return ([`App::gateway_return`]) only reads: it tells the payer what the gateway said.

pub mod gateway;

use chrono::{DateTime, Utc};
use motcua_domain::dossier::{
    vn_date, Actor, Command, Dossier, FeeLine, PaymentMethod, Receipt, Status,
};
use motcua_domain::reports::{payment_report, PaymentReport, Period};
use motcua_domain::Role;
use motcua_store::dossiers::{self, DossierFilter};
use motcua_store::settings::{self as stored, Stored};
use serde::{Deserialize, Serialize};

use crate::admin::access::require_admin;
use crate::reports::Scope;
use crate::{App, AppError, Result};

/// The settings key of [`PaymentSetting`].
pub const PAYMENT: &str = "payment";

/// How an agency takes money: its bank account for transfers and its payment gateway.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentSetting {
    /// The gateway's payment address, e.g. `https://sandbox.vnpayment.vn/paymentv2/vpcpay.html`.
    #[serde(default)]
    pub gateway_url: String,
    /// The merchant (terminal) code the gateway gave (`vnp_TmnCode`).
    #[serde(default)]
    pub merchant_code: String,
    /// The shared signing secret (`vnp_HashSecret`); never shown back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    #[serde(default)]
    pub bank_name: String,
    #[serde(default)]
    pub bank_account: String,
    #[serde(default)]
    pub account_holder: String,
}

impl PaymentSetting {
    /// The gateway, when address, merchant code and secret are all set.
    fn gateway(&self) -> Option<(&str, &str, &str)> {
        let secret = self.secret.as_deref().filter(|s| !s.is_empty())?;
        let url = self.gateway_url.trim();
        let merchant = self.merchant_code.trim();
        (!url.is_empty() && !merchant.is_empty()).then_some((url, merchant, secret))
    }
}

/// The bank account a transfer goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankAccount {
    pub bank_name: String,
    pub account_number: String,
    pub account_holder: String,
}

/// What an applicant asked to pay is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HowToPay {
    pub amount_vnd: i64,
    pub paid_vnd: i64,
    pub outstanding_vnd: i64,
    pub lines: Vec<FeeLine>,
    /// What to write as the transfer's reference: the dossier code.
    pub transfer_reference: String,
    /// `None`: no account configured (transfers are not offered).
    pub bank: Option<BankAccount>,
    /// Whether online payment is offered (a gateway is configured).
    pub online: bool,
    /// The gateway's address when online payment is offered: the page's policy must let its
    /// form lead there (`form-action`).
    #[serde(skip)]
    pub gateway_url: Option<String>,
}

/// Fees of a dossier for an officer: what the procedure proposes and what was asked and paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fees {
    /// The procedure's fees and charges (an amount where it is fixed, else how it is worked
    /// out): where a request starts.
    pub proposed: Vec<motcua_domain::Fee>,
    /// The lines of the open (or last) request.
    pub requested: Vec<FeeLine>,
    pub amount_vnd: Option<i64>,
    pub paid_vnd: i64,
    pub outstanding_vnd: i64,
    pub receipts: Vec<Receipt>,
}

/// What the gateway said on the browser's return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReturnOutcome {
    /// Paid at the gateway (the receipt is recorded by the IPN call, maybe already).
    Paid,
    Cancelled,
    /// Refused by the gateway, with its response code.
    Failed(String),
}

/// The browser's return, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayReturn {
    pub dossier_code: String,
    pub outcome: ReturnOutcome,
    /// Whether the dossier's receipt is already recorded (the IPN call came first).
    pub recorded: bool,
}

/// The answer to the gateway's IPN call (`{"RspCode": "00", "Message": "Confirm Success"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IpnReply {
    #[serde(rename = "RspCode")]
    pub rsp_code: String,
    #[serde(rename = "Message")]
    pub message: String,
}

impl IpnReply {
    fn new(code: &str, message: &str) -> IpnReply {
        IpnReply {
            rsp_code: code.to_string(),
            message: message.to_string(),
        }
    }
}

/// `{dossier code}_{yyMMddHHmmssSSS}`: one order per attempt (gateways refuse a reused order
/// reference), the dossier found again from it.
fn order_ref(code: &str, now: DateTime<Utc>) -> String {
    format!("{code}_{}", now.format("%y%m%d%H%M%S%3f"))
}

fn code_of(order: &str) -> Option<&str> {
    order
        .rsplit_once('_')
        .map(|(c, _)| c)
        .filter(|c| !c.is_empty())
}

/// Gateway time: `yyyyMMddHHmmss` in Vietnam (UTC+7).
fn gateway_time(t: DateTime<Utc>) -> String {
    (t + chrono::Duration::hours(7))
        .format("%Y%m%d%H%M%S")
        .to_string()
}

fn desk_or_clerk(actor: &Actor) -> Result<()> {
    if actor.is_admin() || actor.has(Role::Desk) || actor.has(Role::Clerk) {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "Chức năng này dành cho Bộ phận Một cửa",
            "This is for the one-stop desk",
        ))
    }
}

impl App {
    /// The payment settings as stored (secret included): for the use cases here.
    async fn payment_config(&self) -> Result<PaymentSetting> {
        Ok(stored::get::<PaymentSetting>(&self.db, PAYMENT)
            .await?
            .map(|s| s.value)
            .unwrap_or_default())
    }

    /// The payment settings for an administrator, the secret left out (`has_secret` says
    /// whether one is set).
    pub async fn payment_settings(
        &self,
        actor: &Actor,
    ) -> Result<(Option<Stored<PaymentSetting>>, bool)> {
        require_admin(actor)?;
        let s = stored::get::<PaymentSetting>(&self.db, PAYMENT).await?;
        let has_secret = s
            .as_ref()
            .is_some_and(|s| s.value.secret.as_deref().is_some_and(|x| !x.is_empty()));
        Ok((
            s.map(|mut s| {
                s.value.secret = None;
                s
            }),
            has_secret,
        ))
    }

    /// Sets the payment settings; `secret: None` keeps the stored secret.
    pub async fn set_payment_settings(&self, actor: &Actor, mut new: PaymentSetting) -> Result<()> {
        require_admin(actor)?;
        let url = new.gateway_url.trim().to_string();
        if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
            return Err(AppError::invalid_field(
                "gateway_url",
                "Địa chỉ cổng thanh toán phải bắt đầu bằng https://",
                "The gateway address must start with https://",
            ));
        }
        new.gateway_url = url;
        if new.secret.is_none() {
            new.secret = self.payment_config().await?.secret;
        }
        stored::set(&self.db, PAYMENT, &new, &actor.username).await?;
        Ok(())
    }

    /// What the applicant of `d` (status 6) is told about paying; `None` when nothing is owed.
    pub async fn how_to_pay(&self, d: &Dossier) -> Result<Option<HowToPay>> {
        if d.status != Status::AwaitingPayment {
            return Ok(None);
        }
        let cfg = self.payment_config().await?;
        let bank = (!cfg.bank_account.trim().is_empty()).then(|| BankAccount {
            bank_name: cfg.bank_name.trim().to_string(),
            account_number: cfg.bank_account.trim().to_string(),
            account_holder: cfg.account_holder.trim().to_string(),
        });
        let p = &d.payment;
        Ok(Some(HowToPay {
            amount_vnd: p.amount_vnd.unwrap_or(0),
            paid_vnd: p.paid_vnd,
            outstanding_vnd: p.outstanding_vnd(),
            lines: p.lines.clone(),
            transfer_reference: d.code.clone(),
            bank,
            online: cfg.gateway().is_some(),
            gateway_url: cfg.gateway().map(|(url, _, _)| url.to_owned()),
        }))
    }

    /// The fees of dossier `code` for an officer who may see it.
    pub async fn fees(&self, actor: &Actor, code: &str) -> Result<Fees> {
        let d = self
            .dossier(code, motcua_domain::dossier::Viewer::actor(actor))
            .await?;
        let procedure =
            motcua_store::catalog::get_procedure_by_id_cached(&self.db, d.procedure_version_id)
                .await?
                .ok_or_else(|| AppError::NotFound(format!("procedure of {code}")))?;
        let p = &d.payment;
        Ok(Fees {
            proposed: procedure.procedure.fees.clone(),
            requested: p.lines.clone(),
            amount_vnd: p.amount_vnd,
            paid_vnd: p.paid_vnd,
            outstanding_vnd: p.outstanding_vnd(),
            receipts: p.receipts.clone(),
        })
    }

    /// Starts an online payment of what `d` still owes: the gateway address (with the signed
    /// order) to send the payer's browser to. `return_url` is where the gateway sends it back.
    pub async fn start_online_payment(
        &self,
        d: &Dossier,
        return_url: &str,
        client_ip: &str,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let owed = d.payment.outstanding_vnd();
        if d.status != Status::AwaitingPayment || owed <= 0 {
            return Err(AppError::invalid(
                "Hồ sơ không có khoản phí, lệ phí nào đang chờ thanh toán",
                "Nothing is awaiting payment on this dossier",
            ));
        }
        let cfg = self.payment_config().await?;
        let Some((url, merchant, secret)) = cfg.gateway() else {
            return Err(AppError::invalid(
                "Chưa cấu hình cổng thanh toán trực tuyến; vui lòng nộp tại Bộ phận Một cửa hoặc chuyển khoản",
                "Online payment is not configured; please pay at the desk or by bank transfer",
            ));
        };
        let params: Vec<(String, String)> = [
            ("vnp_Version", "2.1.0".to_string()),
            ("vnp_Command", "pay".to_string()),
            ("vnp_TmnCode", merchant.to_string()),
            // The gateway counts in hundredths of a đồng.
            ("vnp_Amount", (owed * 100).to_string()),
            ("vnp_CurrCode", "VND".to_string()),
            ("vnp_TxnRef", order_ref(&d.code, now)),
            (
                "vnp_OrderInfo",
                format!("Thanh toan phi, le phi ho so {}", d.code),
            ),
            ("vnp_OrderType", "billpayment".to_string()),
            ("vnp_Locale", "vn".to_string()),
            ("vnp_ReturnUrl", return_url.to_string()),
            ("vnp_IpAddr", client_ip.to_string()),
            ("vnp_CreateDate", gateway_time(now)),
            (
                "vnp_ExpireDate",
                gateway_time(now + chrono::Duration::minutes(15)),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        Ok(gateway::pay_url(url, secret, &params))
    }

    /// The browser's return from the gateway, checked (signature, order). Changes nothing.
    pub async fn gateway_return(&self, params: &[(String, String)]) -> Result<GatewayReturn> {
        let cfg = self.payment_config().await?;
        let bad = || {
            AppError::invalid(
                "Kết quả thanh toán không hợp lệ (sai chữ ký)",
                "The payment result is not valid (bad signature)",
            )
        };
        let Some((_, _, secret)) = cfg.gateway() else {
            return Err(bad());
        };
        if !gateway::verify(secret, params) {
            return Err(bad());
        }
        let order = gateway::param(params, "vnp_TxnRef").unwrap_or_default();
        let code = code_of(order).ok_or_else(bad)?.to_string();
        let d = dossiers::load(&self.db, &code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("dossier {code}")))?
            .dossier;
        let recorded = d
            .payment
            .receipts
            .iter()
            .any(|r| r.reference.as_deref() == Some(order));
        let rsp = gateway::param(params, "vnp_ResponseCode").unwrap_or_default();
        let outcome = match rsp {
            gateway::SUCCESS => ReturnOutcome::Paid,
            gateway::CANCELLED => ReturnOutcome::Cancelled,
            other => ReturnOutcome::Failed(other.to_string()),
        };
        Ok(GatewayReturn {
            dossier_code: code,
            outcome,
            recorded,
        })
    }

    /// The gateway's server-to-server notice of a payment (IPN): the source of truth. Checked
    /// in the gateway's order — signature (97), order (01), amount (04), already confirmed
    /// (02) — then the receipt is recorded as the system, numbered with the gateway's
    /// transaction number and referenced by the order. A failed or cancelled payment is
    /// acknowledged (00) and records nothing. Idempotent: the same notice twice records once.
    pub async fn gateway_ipn(&self, params: &[(String, String)], now: DateTime<Utc>) -> IpnReply {
        match self.ipn(params, now).await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "payment IPN failed");
                IpnReply::new("99", "Unknown error")
            }
        }
    }

    async fn ipn(&self, params: &[(String, String)], now: DateTime<Utc>) -> Result<IpnReply> {
        let cfg = self.payment_config().await?;
        let Some((_, merchant, secret)) = cfg.gateway() else {
            return Ok(IpnReply::new("97", "Invalid signature"));
        };
        if !gateway::verify(secret, params) {
            return Ok(IpnReply::new("97", "Invalid signature"));
        }
        if gateway::param(params, "vnp_TmnCode").is_some_and(|m| m != merchant) {
            return Ok(IpnReply::new("01", "Order not found"));
        }
        let order = gateway::param(params, "vnp_TxnRef").unwrap_or_default();
        let Some(code) = code_of(order) else {
            return Ok(IpnReply::new("01", "Order not found"));
        };
        // Twice at most: a concurrent notice may win the write; the second look sees it.
        for _ in 0..2 {
            let Some(stored) = dossiers::load(&self.db, code).await? else {
                return Ok(IpnReply::new("01", "Order not found"));
            };
            let d = stored.dossier;
            if d.payment
                .receipts
                .iter()
                .any(|r| r.reference.as_deref() == Some(order))
            {
                return Ok(IpnReply::new("02", "Order already confirmed"));
            }
            let owed = d.payment.outstanding_vnd();
            let amount: Option<i64> =
                gateway::param(params, "vnp_Amount").and_then(|a| a.parse().ok());
            if d.status != Status::AwaitingPayment || owed <= 0 {
                return Ok(IpnReply::new("02", "Order already confirmed"));
            }
            if amount != Some(owed * 100) {
                return Ok(IpnReply::new("04", "Invalid amount"));
            }
            let ok = gateway::param(params, "vnp_ResponseCode") == Some(gateway::SUCCESS)
                && gateway::param(params, "vnp_TransactionStatus")
                    .is_none_or(|s| s == gateway::SUCCESS);
            if !ok {
                return Ok(IpnReply::new("00", "Confirm Success"));
            }
            let number = gateway::param(params, "vnp_TransactionNo")
                .filter(|n| !n.trim().is_empty())
                .map(str::to_string);
            let cmd = Command::RecordPayment {
                method: PaymentMethod::Online,
                amount_vnd: Some(owed),
                receipt_number: number,
                reference: Some(order.to_string()),
            };
            match self
                .act(Actor::system(), code, Some(d.version), &cmd, now)
                .await
            {
                Ok(_) => return Ok(IpnReply::new("00", "Confirm Success")),
                Err(AppError::Conflict { .. }) => {
                    dossiers::forget(&self.db, code);
                    continue;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(IpnReply::new("99", "Unknown error"))
    }

    /// The desk's list: dossiers of its agency awaiting payment (the first 50), oldest request
    /// first.
    pub async fn awaiting_payment(&self, actor: &Actor) -> Result<crate::desk::Queue> {
        desk_or_clerk(actor)?;
        let agency = actor.agency_code.clone().unwrap_or_default();
        let mut q = self
            .queue(&DossierFilter {
                statuses: vec![Status::AwaitingPayment],
                agency_code: (!actor.is_admin() || !agency.is_empty()).then_some(agency),
                limit: 50,
                ..Default::default()
            })
            .await?;
        q.items.sort_by_key(|i| i.dossier.payment.requested_at);
        Ok(q)
    }

    /// Money taken in `period` over `scope` (agency, procedure), online against at the desk.
    pub async fn report_payments(
        &self,
        actor: &Actor,
        period: Period,
        scope: &Scope,
    ) -> Result<PaymentReport> {
        let scope = self.report_scope(actor, scope)?;
        let events =
            motcua_store::payments::payment_events(&self.db, scope.agency_code.as_deref()).await?;
        let wanted = |p: &str| scope.procedure_code.as_deref().is_none_or(|w| w == p);
        Ok(payment_report(
            &period,
            events
                .iter()
                .filter(|e| wanted(&e.procedure_code))
                .map(|e| (e.procedure_code.as_str(), &e.event)),
        ))
    }
}

/// A receipt's Vietnam date, for printing.
pub fn receipt_date(r: &Receipt) -> chrono::NaiveDate {
    vn_date(r.at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_reference_gives_the_dossier_back() {
        let now = DateTime::parse_from_rfc3339("2026-01-05T03:04:05Z")
            .unwrap()
            .with_timezone(&Utc);
        let r = order_ref("000.00.12.H42-260105-0001", now);
        assert_eq!(r, "000.00.12.H42-260105-0001_260105030405000");
        assert_eq!(code_of(&r), Some("000.00.12.H42-260105-0001"));
        assert_eq!(code_of("nothing"), None);
        assert_eq!(gateway_time(now), "20260105100405");
    }
}
