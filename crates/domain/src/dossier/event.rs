//! Events: every change of a dossier, as appended to its log. Each carries every value the fold
//! needs (due instants included), so [`super::apply`] needs no calendar and replay is exact.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    Actor, Applicant, Channel, FileRef, HandedIn, Owner, PaymentMethod, ResultDoc, ReturnChannel,
    Status,
};
use crate::catalog::Step;
use crate::rules::{Form, RuleSet, RuleSetId};

/// One change of a dossier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub kind: EventKind,
    /// Status before; `None` for the event that creates the dossier.
    pub from: Option<Status>,
    pub to: Status,
    /// Step index the dossier was at when the event happened (`None` before reception).
    pub step: Option<usize>,
    pub note: Option<String>,
}

/// What a new dossier starts with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierInit {
    pub code: String,
    pub receiving_agency: String,
    pub agency_code: String,
    pub procedure_code: String,
    pub procedure_version_id: i64,
    pub channel: Channel,
    pub applicant: Applicant,
    pub owner_account: Option<String>,
    pub summary: Option<String>,
    pub files: Vec<FileRef>,
    /// The internal procedure as pinned.
    pub steps: Vec<Step>,
    /// What the desk checked in at the counter, component by component (form 01's table);
    /// empty for an online submission, whose files say what was sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handed_in: Vec<HandedIn>,
}

/// Reception data (form 01): the clock starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reception {
    pub rule_set: RuleSetId,
    pub received_at: DateTime<Utc>,
    pub clock_start: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub step_dues: Vec<DateTime<Utc>>,
    /// Owner of step 0 (the receiving officer when the first step is the desk's).
    pub owner: Owner,
}

/// Recomputed due instants (after a pause or a change of steps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dues {
    pub due_at: DateTime<Utc>,
    pub original_due_at: DateTime<Utc>,
    pub step_dues: Vec<DateTime<Utc>>,
}

/// The data of each kind of change. JSON: `{"type": "forwarded", ...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    Submitted {
        dossier: DossierInit,
    },
    ReceivedAtDesk {
        dossier: DossierInit,
        reception: Reception,
    },
    Received {
        reception: Reception,
    },
    GuidedToSupplement {
        missing: Vec<String>,
        reason: String,
    },
    IntakeSupplemented {
        files: Vec<FileRef>,
    },
    IntakeRefused {
        reasons: Vec<String>,
    },
    Claimed {
        username: String,
    },
    Forwarded {
        to_step: usize,
        owner: Owner,
    },
    SentBack {
        to_step: usize,
        reason: String,
        owner: Owner,
    },
    Reassigned {
        owner: Owner,
    },
    Transferred {
        agency_code: String,
        /// The whole step list after the insertion.
        steps: Vec<Step>,
        to_step: usize,
        owner: Owner,
        step_dues: Vec<DateTime<Utc>>,
    },
    SupplementRequested {
        missing: Vec<String>,
        reason: String,
    },
    Supplemented {
        files: Vec<FileRef>,
        dues: Dues,
    },
    PaymentRequested {
        amount_vnd: Option<i64>,
        /// The fee lines (empty in logs written before lines existed).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        lines: Vec<super::FeeLine>,
    },
    /// Money taken. Older logs carry only the method: the whole amount was paid.
    PaymentRecorded {
        method: PaymentMethod,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        receipt: Option<super::Receipt>,
    },
    Approved,
    Signed {
        result: ResultDoc,
    },
    ResultReady {
        to_step: usize,
        owner: Option<Owner>,
    },
    ResultReturned {
        channel: ReturnChannel,
        received_by: String,
    },
    Withdrawn {
        reason: String,
    },
    Stopped {
        reason: String,
    },
    Extended {
        reason: String,
        previous_due: DateTime<Utc>,
        new_due: DateTime<Utc>,
    },
}

impl EventKind {
    /// Stable snake_case name of the kind (the serde tag), for indexed columns.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Submitted { .. } => "submitted",
            EventKind::ReceivedAtDesk { .. } => "received_at_desk",
            EventKind::Received { .. } => "received",
            EventKind::GuidedToSupplement { .. } => "guided_to_supplement",
            EventKind::IntakeSupplemented { .. } => "intake_supplemented",
            EventKind::IntakeRefused { .. } => "intake_refused",
            EventKind::Claimed { .. } => "claimed",
            EventKind::Forwarded { .. } => "forwarded",
            EventKind::SentBack { .. } => "sent_back",
            EventKind::Reassigned { .. } => "reassigned",
            EventKind::Transferred { .. } => "transferred",
            EventKind::SupplementRequested { .. } => "supplement_requested",
            EventKind::Supplemented { .. } => "supplemented",
            EventKind::PaymentRequested { .. } => "payment_requested",
            EventKind::PaymentRecorded { .. } => "payment_recorded",
            EventKind::Approved => "approved",
            EventKind::Signed { .. } => "signed",
            EventKind::ResultReady { .. } => "result_ready",
            EventKind::ResultReturned { .. } => "result_returned",
            EventKind::Withdrawn { .. } => "withdrawn",
            EventKind::Stopped { .. } => "stopped",
            EventKind::Extended { .. } => "extended",
        }
    }

    /// The form this change issues, by purpose (number and title from the dossier's rule set).
    pub fn form(&self, rules: &RuleSet) -> Option<Form> {
        let form = match self {
            EventKind::ReceivedAtDesk { .. } | EventKind::Received { .. } => Form::Receipt,
            EventKind::GuidedToSupplement { .. } | EventKind::SupplementRequested { .. } => {
                Form::SupplementRequest
            }
            EventKind::IntakeRefused { .. } => Form::Refusal,
            EventKind::Extended { .. } => rules.extension_form(),
            EventKind::Stopped { .. } => Form::StopNotice,
            _ => return None,
        };
        rules.form(form).map(|f| f.form)
    }
}

impl Event {
    /// Whether the event creates a dossier.
    pub fn creates(&self) -> bool {
        matches!(
            self.kind,
            EventKind::Submitted { .. } | EventKind::ReceivedAtDesk { .. }
        )
    }
}
