//! What the dossier reads and writes take and give: the stored dossier, a creation's outcome,
//! a write's error, and what its report facts are counted with. Below every other file of
//! `dossiers/`, so the write paths and the cache import these without importing `mod.rs`.

use std::sync::Arc;

use motcua_calendar::WorkingCalendar;
use motcua_domain::dossier::{Dossier, DossierError, Event};
use motcua_domain::reports::ProcedureInfo;
use motcua_domain::Procedure;
use serde::Serialize;

use crate::outbox::NewMessage;
use crate::StoreError;

/// Why a dossier write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The domain refused the command (nothing was written).
    #[error(transparent)]
    Domain(#[from] DossierError),
    /// Someone else changed the dossier first; reload and try again.
    #[error("the dossier changed meanwhile (now at version {current_version})")]
    Conflict { current_version: i64 },
    #[error("dossier {0} not found")]
    NotFound(String),
    /// The idempotency key was first used by another sender: their dossier is not shown.
    #[error("idempotency key already used by another sender")]
    KeyTaken,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for WriteError {
    fn from(e: sqlx::Error) -> Self {
        WriteError::Store(StoreError::Database(e))
    }
}

/// A stored dossier: its row id and current state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDossier {
    pub id: i64,
    pub dossier: Dossier,
}

/// Result of a submission: a new dossier, or the one an earlier request with the same
/// idempotency key created.
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    New(StoredDossier),
    Existing(StoredDossier),
}

/// What a creation's transaction did: stored a new dossier, or found the key already used
/// (the dossier is read once the transaction has ended, from the committed state).
// Made once per creation and unpacked at once: boxing the common variant would only add an
// allocation.
#[allow(clippy::large_enum_variant)]
pub(super) enum Inserted {
    New(StoredDossier),
    /// The key was used before: the dossier it made, and who sent it (`None`: unknown).
    KeyUsedBy(String, Option<String>),
}

/// What decides a new dossier once its code is known: its state, creating events and the
/// messages they queue. Runs inside the write (on SQLite, on the writer), so it owns its inputs.
pub trait Build:
    FnOnce(String) -> Result<(Dossier, Vec<Event>, Vec<NewMessage>), DossierError> + Send + 'static
{
}

impl<F> Build for F where
    F: FnOnce(String) -> Result<(Dossier, Vec<Event>, Vec<NewMessage>), DossierError>
        + Send
        + 'static
{
}

/// What a write counts the dossier's report facts with: the working calendar in force (the
/// administrator's, with their overrides and office hours) and the report codes of the
/// procedure version the dossier pinned. The caller has both at hand when it decides; the
/// store builds no calendar and reads no procedure for them, so every write counts on the
/// same calendar as the deadlines it stores.
#[derive(Debug, Clone)]
pub struct FactsBasis {
    pub calendar: Arc<WorkingCalendar>,
    /// The procedure version `procedure` is: a write whose dossier pinned another is refused.
    pub procedure_version_id: i64,
    pub procedure: ProcedureInfo,
}

impl FactsBasis {
    /// The basis of a dossier under procedure version `procedure_version_id` (`procedure`).
    pub fn new(
        calendar: Arc<WorkingCalendar>,
        procedure_version_id: i64,
        procedure: &Procedure,
    ) -> FactsBasis {
        FactsBasis {
            calendar,
            procedure_version_id,
            procedure: ProcedureInfo {
                field_code: procedure.field_code.clone(),
                unit_code: procedure.unit_code.clone(),
            },
        }
    }

    /// Refuses a dossier that did not pin this basis' procedure version: its facts would be
    /// counted under another field or unit.
    pub(super) fn check(&self, d: &Dossier) -> Result<(), StoreError> {
        if d.procedure_version_id == self.procedure_version_id {
            return Ok(());
        }
        Err(StoreError::Corrupt(format!(
            "dossier {} pins procedure version {}, its report facts were given version {}",
            d.code, d.procedure_version_id, self.procedure_version_id
        )))
    }
}

/// An idempotency key with who sent it: the key answers only that sender again.
#[derive(Debug, Clone, Copy)]
pub struct Idempotency<'a> {
    pub key: &'a str,
    /// `user:NAME` for an account, `body:SHA256` for an anonymous request (what it sent).
    pub sender: &'a str,
}
