//! Fees and charges on a dossier (phí, lệ phí; domain.md §4 step 5) as data: the lines an
//! officer asks for, the receipts (biên lai) that pay them, how the money came. The payment
//! request and each receipt are events, so the money a dossier took is in its log; the rules
//! that check a request and a receipt are in `fees.rs`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
/// How money reached the agency.
pub enum PaymentMethod {
    Cash,
    Transfer,
    Online,
}

/// One line of a payment request: a named fee or charge and its amount in VND.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeeLine {
    pub name: String,
    pub amount_vnd: i64,
}

/// A receipt (biên lai): money taken against the dossier's payment request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    /// The receipt number (số biên lai) the desk wrote, or the gateway's transaction number.
    pub number: String,
    pub amount_vnd: i64,
    pub method: PaymentMethod,
    pub at: DateTime<Utc>,
    /// Who took the money: the desk officer, or `system` for the online gateway.
    pub by: String,
    /// The transfer or gateway reference, where there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}
