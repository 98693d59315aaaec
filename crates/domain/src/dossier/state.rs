//! The current state of a dossier (what replaying its events gives) and its value types.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::Status;
use crate::catalog::{ApplicantType, Step};
use crate::rules::RuleSetId;

/// How the dossier was filed (domain.md §2).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// In person at the desk.
    #[default]
    Direct,
    Online,
    /// Public postal service.
    Postal,
}

/// How the result was handed back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReturnChannel {
    Desk,
    Post,
    Online,
}

/// The person or organisation the dossier is for (chủ hồ sơ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Applicant {
    pub name: String,
    /// Citizen identity number, or the business / tax code of an organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default = "citizen")]
    pub kind: ApplicantType,
}

fn citizen() -> ApplicantType {
    ApplicantType::Citizen
}

impl Default for Applicant {
    fn default() -> Self {
        Applicant {
            name: String::new(),
            id_number: None,
            address: None,
            phone: None,
            email: None,
            kind: ApplicantType::Citizen,
        }
    }
}

/// A stored file, by content hash (the store keeps the bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileRef {
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    pub name: String,
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// Which required component this file is for, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// What `POST /api/v1/uploads` returned with the file: a dossier gains a file through the
    /// API only with it. Never stored (cleared once the reference is checked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_ticket: Option<String>,
}

/// One component as the desk received it at the counter: how many originals, certified
/// copies and plain copies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandedIn {
    pub name: String,
    pub originals: u32,
    pub certified_copies: u32,
    pub copies: u32,
}

/// Who holds the current step: a person, or a unit's queue a person claims from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Owner {
    User {
        username: String,
    },
    Unit {
        agency_code: String,
        unit_code: String,
    },
}

/// A stretch during which the clock stood still; `end` is `None` while still waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PauseInterval {
    pub start: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<DateTime<Utc>>,
    pub reason: String,
}

/// An apology and new appointment (form 04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Extension {
    pub reason: String,
    pub previous_due: DateTime<Utc>,
    pub new_due: DateTime<Utc>,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Nothing requested.
    #[default]
    None,
    Pending,
    Paid,
    Unpaid,
    Cancelled,
    Refunded,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payment {
    pub state: PaymentState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_vnd: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<super::PaymentMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_at: Option<DateTime<Utc>>,
    /// The lines of the open (or last) request; their sum is `amount_vnd`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<super::FeeLine>,
    /// Taken against the open (or last) request so far.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub paid_vnd: i64,
    /// Every receipt the dossier has had, oldest first (kept across requests).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub receipts: Vec<super::Receipt>,
}

fn is_zero(x: &i64) -> bool {
    *x == 0
}

impl Payment {
    /// What the applicant still owes on the open request (0 when nothing is asked).
    pub fn outstanding_vnd(&self) -> i64 {
        match self.state {
            PaymentState::Pending | PaymentState::Unpaid => {
                (self.amount_vnd.unwrap_or(0) - self.paid_vnd).max(0)
            }
            _ => 0,
        }
    }
}

/// The signed result (số, người ký, ngày ký, tệp kết quả).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultDoc {
    pub number: String,
    pub signer: String,
    pub signed_on: NaiveDate,
    #[serde(default)]
    pub files: Vec<FileRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Returned {
    pub channel: ReturnChannel,
    /// Who received the result (the applicant or their representative).
    pub received_by: String,
    /// The officer who handed it over.
    pub by: String,
    pub at: DateTime<Utc>,
}

/// How a dossier ended without a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EndKind {
    Refused,
    Withdrawn,
    Stopped,
}

/// A refusal, withdrawal or stop, with the stage reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ending {
    pub kind: EndKind,
    pub reasons: Vec<String>,
    /// Status when it ended.
    pub stage: Status,
    /// Step index when it ended.
    pub step: usize,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// Approval of the result (before signing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Approval {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// The current state of a dossier. Kept as a JSON snapshot by the store, next to the events
/// it is the fold of; `version` is the number of events applied (optimistic concurrency).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dossier {
    /// `{receiving agency}-{yyMMdd}-{seq:04}`.
    pub code: String,
    /// Agency whose desk took the dossier (and whose sequence the code uses).
    pub receiving_agency: String,
    /// Competent agency (the procedure's).
    pub agency_code: String,
    pub procedure_code: String,
    /// Row id of the procedure version pinned at submission (the store's `procedures.id`).
    pub procedure_version_id: i64,
    /// Set at reception: a dossier keeps the rule set of the day it was received.
    pub rule_set: Option<RuleSetId>,
    pub channel: Channel,
    pub applicant: Applicant,
    /// Username of the applicant account that filed it online, if any.
    pub owner_account: Option<String>,
    pub summary: Option<String>,
    pub files: Vec<FileRef>,
    pub status: Status,
    /// The internal procedure as pinned, plus any steps another agency added (liên thông).
    pub steps: Vec<Step>,
    /// Index into `steps` of the current step.
    pub step: usize,
    pub step_owner: Option<Owner>,
    /// Who last handled each step (for sending back to the same person).
    pub step_handlers: Vec<Option<String>>,
    pub step_entered_at: Option<DateTime<Utc>>,
    pub submitted_at: DateTime<Utc>,
    pub received_at: Option<DateTime<Utc>>,
    /// Where counting started (after office-hours and same-day cut-off rules).
    pub clock_start: Option<DateTime<Utc>>,
    /// Current appointment: pauses and any extension included.
    pub due_at: Option<DateTime<Utc>>,
    /// Appointment with pauses but without extensions: what the late rate counts against.
    pub original_due_at: Option<DateTime<Utc>>,
    /// Due instant of each step, chained from the start, pauses included.
    pub step_dues: Vec<DateTime<Utc>>,
    pub pauses: Vec<PauseInterval>,
    /// Supplement requests made during handling (intake guidance not counted).
    pub supplement_requests: u32,
    /// Times the applicant was guided to complete the dossier at intake.
    pub intake_supplements: u32,
    /// Components asked for by the open request (intake or handling).
    pub missing: Vec<String>,
    /// Status to go back to after a supplement or a payment.
    pub resume_status: Option<Status>,
    pub extensions: Vec<Extension>,
    pub payment: Payment,
    pub approval: Option<Approval>,
    pub result: Option<ResultDoc>,
    pub returned: Option<Returned>,
    /// When handling finished with a result (status 9).
    pub finished_at: Option<DateTime<Utc>>,
    /// When the dossier reached a terminal status.
    pub closed_at: Option<DateTime<Utc>>,
    pub ending: Option<Ending>,
    pub version: i64,
}

impl Default for Dossier {
    fn default() -> Self {
        Dossier {
            code: String::new(),
            receiving_agency: String::new(),
            agency_code: String::new(),
            procedure_code: String::new(),
            procedure_version_id: 0,
            rule_set: None,
            channel: Channel::Direct,
            applicant: Applicant::default(),
            owner_account: None,
            summary: None,
            files: Vec::new(),
            status: Status::Submitted,
            steps: Vec::new(),
            step: 0,
            step_owner: None,
            step_handlers: Vec::new(),
            step_entered_at: None,
            submitted_at: DateTime::<Utc>::UNIX_EPOCH,
            received_at: None,
            clock_start: None,
            due_at: None,
            original_due_at: None,
            step_dues: Vec::new(),
            pauses: Vec::new(),
            supplement_requests: 0,
            intake_supplements: 0,
            missing: Vec::new(),
            resume_status: None,
            extensions: Vec::new(),
            payment: Payment::default(),
            approval: None,
            result: None,
            returned: None,
            finished_at: None,
            closed_at: None,
            ending: None,
            version: 0,
        }
    }
}

impl Dossier {
    pub fn current_step(&self) -> Option<&Step> {
        self.steps.get(self.step)
    }

    /// Agency that runs `step`: the step's own (liên thông) or the competent agency.
    pub fn step_agency(&self, step: &Step) -> String {
        step.agency_code
            .clone()
            .unwrap_or_else(|| self.agency_code.clone())
    }

    /// The unit queue of step `i`.
    pub fn unit_queue(&self, i: usize) -> Option<Owner> {
        self.steps.get(i).map(|s| Owner::Unit {
            agency_code: self.step_agency(s),
            unit_code: s.unit_code.clone(),
        })
    }

    /// The pause still open (waiting for the applicant), if any.
    pub fn open_pause(&self) -> Option<&PauseInterval> {
        self.pauses.last().filter(|p| p.end.is_none())
    }

    pub fn current_step_due(&self) -> Option<DateTime<Utc>> {
        self.step_dues.get(self.step).copied()
    }
}
