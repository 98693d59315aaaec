//! What the dossier page and the action handlers share: loading a dossier the officer may see,
//! with its pinned procedure, and asking the domain which actions this person may take now.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use motcua_calendar::WorkingCalendar;
use motcua_domain::dossier::{
    decide, Action, Command, Context, Dossier, DossierError, PaymentMethod, ReturnChannel,
};
use motcua_domain::rules;
use motcua_store::catalog::{self, StoredProcedure};
use motcua_store::dossiers;

use crate::pages::error::PageError;
use crate::session::SessionUser;
use crate::state::AppState;

/// A dossier as an officer sees it.
pub struct Loaded {
    pub dossier: Dossier,
    pub procedure: Arc<StoredProcedure>,
}

pub enum LoadFail {
    NotFound,
    /// It exists, but belongs to agencies the officer is not part of.
    Forbidden,
    Page(PageError),
}

impl From<motcua_store::StoreError> for LoadFail {
    fn from(e: motcua_store::StoreError) -> Self {
        LoadFail::Page(e.into())
    }
}

pub async fn load(s: &AppState, user: &SessionUser, code: &str) -> Result<Loaded, LoadFail> {
    let Some(stored) = dossiers::load(&s.db, code).await? else {
        return Err(LoadFail::NotFound);
    };
    let d = stored.dossier;
    if !d.visible_to(motcua_domain::dossier::Viewer::actor(&user.actor())) {
        return Err(LoadFail::Forbidden);
    }
    let procedure = catalog::get_procedure_by_id_cached(&s.db, d.procedure_version_id)
        .await?
        .ok_or_else(|| {
            motcua_store::StoreError::Corrupt(format!(
                "procedure version {} missing",
                d.procedure_version_id
            ))
        })?;
    Ok(Loaded {
        dossier: d,
        procedure,
    })
}

/// The actions offered on the page, in the order they are shown.
pub const OFFERED: [Action; 19] = [
    Action::Receive,
    Action::GuideToSupplement,
    Action::RefuseIntake,
    Action::Claim,
    Action::Forward,
    Action::SendBack,
    Action::Approve,
    Action::Sign,
    Action::MarkResultReady,
    Action::ReturnResult,
    Action::RequestSupplement,
    Action::Supplement,
    Action::RequestPayment,
    Action::RecordPayment,
    Action::Reassign,
    Action::Transfer,
    Action::Extend,
    Action::Withdraw,
    Action::Stop,
];

/// A command of `action` with empty data: enough for the domain to say whether the status
/// and the person allow it (it checks those before the data).
fn probe(action: Action, now: DateTime<Utc>) -> Option<Command> {
    Some(match action {
        Action::Receive => Command::Receive { note: None },
        Action::GuideToSupplement => Command::GuideToSupplement {
            missing: Vec::new(),
            reason: String::new(),
        },
        Action::RefuseIntake => Command::RefuseIntake {
            reasons: Vec::new(),
        },
        Action::Claim => Command::Claim,
        Action::Forward => Command::Forward {
            note: None,
            to_user: None,
        },
        Action::SendBack => Command::SendBack {
            to_step: 0,
            reason: String::new(),
        },
        Action::Reassign => Command::Reassign { to: None },
        Action::Transfer => Command::Transfer {
            agency_code: String::new(),
            steps: Vec::new(),
            note: None,
        },
        Action::RequestSupplement => Command::RequestSupplement {
            missing: Vec::new(),
            reason: String::new(),
        },
        Action::Supplement => Command::Supplement {
            files: Vec::new(),
            note: None,
        },
        Action::RequestPayment => Command::RequestPayment {
            amount_vnd: None,
            note: None,
        },
        Action::RecordPayment => Command::RecordPayment {
            method: PaymentMethod::Cash,
        },
        Action::Approve => Command::Approve { note: None },
        Action::Sign => Command::Sign {
            result_number: String::new(),
            signer: String::new(),
            signed_on: NaiveDate::MIN,
            files: Vec::new(),
        },
        Action::MarkResultReady => Command::MarkResultReady,
        Action::ReturnResult => Command::ReturnResult {
            channel: ReturnChannel::Desk,
            received_by: String::new(),
        },
        Action::Withdraw => Command::Withdraw {
            reason: String::new(),
        },
        Action::Stop => Command::Stop {
            reason: String::new(),
        },
        Action::Extend => Command::Extend {
            reason: String::new(),
            new_due: now,
        },
        Action::SubmitOnline | Action::ReceiveAtDesk => return None,
    })
}

/// The actions `user` may take on `l` now, as the domain decides: a probe the domain refuses
/// for the status or the person is not offered; one refused only for its (empty) data, or for
/// a rule's limit, is — the form then shows the domain's own message when it is sent.
pub fn allowed(
    l: &Loaded,
    user: &SessionUser,
    calendar: &WorkingCalendar,
    now: DateTime<Utc>,
) -> Vec<Action> {
    let ctx = Context {
        now,
        actor: user.actor(),
        procedure: &l.procedure.procedure,
        calendar,
        rules: rules::for_dossier(Some(&l.dossier), now),
    };
    OFFERED
        .into_iter()
        .filter(|a| {
            let Some(cmd) = probe(*a, now) else {
                return false;
            };
            match decide(Some(&l.dossier), &cmd, &ctx) {
                Ok(_) => true,
                Err(
                    DossierError::NotFound { .. }
                    | DossierError::AlreadyExists { .. }
                    | DossierError::WrongState { .. }
                    | DossierError::NotAllowed { .. },
                ) => false,
                Err(_) => true,
            }
        })
        .collect()
}
