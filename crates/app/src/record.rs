//! The tamper-evident record (issue 18): whether a dossier's history is as written, every
//! chain and anchor checked for `motcua doctor`, and the daily anchor an operator prints or
//! publishes. The hashes are the domain's (`motcua_domain::record`), the reads the store's.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::{vn_date, Dossier};
use motcua_domain::record::{hex, Hash};
use motcua_store::record::{self, ChainState};

pub use motcua_domain::record::Break;
pub use motcua_store::health::Health;
pub use motcua_store::record::{Anchor, RecordReport};

use crate::{App, AppError, Result};

/// Whether one dossier's record is intact, for its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordCheck {
    /// Every event hashes and links; `events` of them, ending in `head`.
    Verified { events: u64, head: Hash },
    /// What is wrong, in both languages.
    Broken { vi: String, en: String },
}

impl RecordCheck {
    pub fn is_verified(&self) -> bool {
        matches!(self, RecordCheck::Verified { .. })
    }

    /// The head's first hex digits (for the page), when verified.
    pub fn head_hex(&self) -> Option<String> {
        match self {
            RecordCheck::Verified { head, .. } => Some(hex(head)),
            RecordCheck::Broken { .. } => None,
        }
    }
}

/// One anchor checked against the record as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorCheck {
    pub anchor: Anchor,
    /// The root the events up to the anchor give today.
    pub recomputed: Hash,
    pub dossiers_now: i64,
}

impl AnchorCheck {
    pub fn holds(&self) -> bool {
        self.recomputed == self.anchor.root && self.dossiers_now == self.anchor.dossiers
    }
}

impl App {
    /// Verifies the chain of dossier `d`, which the caller was allowed to see.
    pub async fn verify_record(&self, d: &Dossier) -> Result<RecordCheck> {
        let (state, events) = record::verify_dossier(&self.db, &d.code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("dossier {}", d.code)))?;
        Ok(match state {
            ChainState::Verified { head, .. } => RecordCheck::Verified { events, head },
            ChainState::Broken(b) => RecordCheck::Broken {
                vi: b.describe_vi(&d.code),
                en: format!("dossier {}: {b}", d.code),
            },
        })
    }

    /// Verifies every dossier's chain (for `motcua doctor`); `progress` gets the count done.
    pub async fn verify_records(&self, progress: impl FnMut(u64)) -> Result<RecordReport> {
        Ok(record::verify_all(&self.db, progress).await?)
    }

    /// How many dossiers still wait for the one-time chaining of their old events.
    pub async fn record_backfill_pending(&self) -> Result<i64> {
        Ok(record::backfill_pending(&self.db).await?)
    }

    /// Chains the events of dossiers stored before chaining (normally done at start-up).
    pub async fn record_backfill(&self) -> Result<u64> {
        Ok(record::backfill(&self.db).await?)
    }

    /// Takes today's anchor (Vietnam date of `now`) unless it is taken; returns it.
    pub async fn take_anchor(&self, now: DateTime<Utc>) -> Result<Anchor> {
        Ok(record::take_anchor(&self.db, vn_date(now), now).await?)
    }

    /// The server's daily anchor: the day before `now` (Vietnam date), taken at the first
    /// check after that day ended (unless an operator took it), so it covers the whole day.
    pub async fn take_closing_anchor(&self, now: DateTime<Utc>) -> Result<Option<Anchor>> {
        let Some(day) = vn_date(now).pred_opt() else {
            return Ok(None);
        };
        Ok(Some(record::take_anchor(&self.db, day, now).await?))
    }

    /// Every stored anchor, oldest first.
    pub async fn anchors(&self) -> Result<Vec<Anchor>> {
        Ok(record::anchors(&self.db).await?)
    }

    /// Recomputes `a`'s root from the stored record.
    pub async fn check_anchor(&self, a: &Anchor) -> Result<AnchorCheck> {
        let (recomputed, dossiers_now) = record::recompute_root(&self.db, a).await?;
        Ok(AnchorCheck {
            anchor: a.clone(),
            recomputed,
            dossiers_now,
        })
    }

    /// The database's own state: schema version, soundness (SQLite), connectivity.
    pub async fn health(&self) -> Result<Health> {
        Ok(motcua_store::health::check(&self.db).await?)
    }
}
