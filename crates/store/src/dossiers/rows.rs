//! What a dossier write stores, worked out before the write starts (so the serialised part of
//! a write does no encoding): the filter columns, the event rows, and the SQL both stores run.
//!
//! Placeholders are numbered and first appear in order (`$1`, `$2`, …): PostgreSQL reads them
//! by number, SQLite (through rusqlite) by position; `placeholders_in_order` checks it.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::{Dossier, Event, Owner};
use motcua_domain::record::{EventDigest, Hash};
use motcua_domain::reports::DossierFacts;
use motcua_domain::text::fold;

use super::facts;
use crate::codec::to_text;
use crate::outbox::NewMessage;
use crate::StoreError;

/// A `dossiers` row: the columns queries filter and sort on, derived from the state on every
/// write. The state itself goes to `dossier_snapshots`, only when [`snapshot_due`].
pub(super) struct Columns {
    pub code: String,
    pub receiving_agency: String,
    pub agency_code: String,
    pub procedure_code: String,
    pub procedure_version_id: i64,
    pub applicant_name: String,
    pub owner_account: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub received_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub original_due_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub channel: String,
    pub status: String,
    pub national: i64,
    pub owner_user: Option<String>,
    pub owner_unit: Option<String>,
    pub search: String,
    /// The dossier's report facts, JSON (`None`: it counts nowhere yet).
    pub facts: Option<String>,
}

pub(super) fn columns(d: &Dossier, f: &Option<DossierFacts>) -> Result<Columns, StoreError> {
    let (owner_user, owner_unit) = match &d.step_owner {
        Some(Owner::User { username }) => (Some(username.clone()), None),
        Some(Owner::Unit {
            agency_code,
            unit_code,
        }) => (None, Some(unit_key(agency_code, unit_code))),
        None => (None, None),
    };
    let mut search = format!(" {} {} ", fold(&d.code), fold(&d.applicant.name));
    if let Some(id) = &d.applicant.id_number {
        search.push_str(&fold(id));
        search.push(' ');
    }
    Ok(Columns {
        code: d.code.clone(),
        receiving_agency: d.receiving_agency.clone(),
        agency_code: d.agency_code.clone(),
        procedure_code: d.procedure_code.clone(),
        procedure_version_id: d.procedure_version_id,
        applicant_name: d.applicant.name.clone(),
        owner_account: d.owner_account.clone(),
        submitted_at: d.submitted_at,
        received_at: d.received_at,
        due_at: d.due_at,
        original_due_at: d.original_due_at,
        finished_at: d.finished_at,
        closed_at: d.closed_at,
        version: d.version,
        channel: to_text(&d.channel),
        status: to_text(&d.status),
        national: i64::from(d.status.national().id()),
        owner_user,
        owner_unit,
        search,
        facts: facts::encode(f)?,
    })
}

/// How a unit queue is keyed in the `owner_unit` column.
pub fn unit_key(agency_code: &str, unit_code: &str) -> String {
    format!("{agency_code}/{unit_code}")
}

/// A snapshot is stored when the version crosses a multiple of this, and when the dossier
/// closes: reading a dossier replays fewer events than this (plus one command's worth), and
/// most transitions write no snapshot.
pub(super) const SNAPSHOT_EVERY: i64 = 8;

/// Whether the change from `old_version` to `new` stores a snapshot.
pub(super) fn snapshot_due(old_version: i64, new: &Dossier) -> bool {
    new.version / SNAPSHOT_EVERY > old_version / SNAPSHOT_EVERY || new.closed_at.is_some()
}

/// `d` as stored in `dossier_snapshots.data`.
pub(super) fn snapshot(d: &Dossier) -> Result<String, StoreError> {
    serde_json::to_string(d).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Everything a change of an existing dossier writes, prepared.
pub(super) struct Change {
    pub expected_version: i64,
    pub row: Columns,
    /// The new state as JSON, when [`snapshot_due`].
    pub snapshot: Option<String>,
    pub events: Vec<EventRow>,
    /// Each event's hash but for the link to the one before (known only inside the write).
    pub digests: Vec<EventDigest>,
    pub messages: Vec<NewMessage>,
    pub facts: Option<DossierFacts>,
    pub now: DateTime<Utc>,
}

/// One row of `dossier_events`, without its dossier id and sequence number.
pub(super) struct EventRow {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub kind: &'static str,
    pub from: Option<String>,
    pub to: String,
    pub step: Option<i64>,
    pub note: Option<String>,
    pub data: String,
}

pub(super) fn event_rows(events: &[Event]) -> Result<Vec<EventRow>, StoreError> {
    events
        .iter()
        .map(|e| {
            Ok(EventRow {
                at: e.at,
                actor: e.actor.username.clone(),
                kind: e.kind.name(),
                from: e.from.map(|s| to_text(&s)),
                to: to_text(&e.to),
                step: e.step.map(|s| s as i64),
                note: e.note.clone(),
                data: serde_json::to_string(e)
                    .map_err(|err| StoreError::Corrupt(err.to_string()))?,
            })
        })
        .collect()
}

/// The hashes of `events` of dossier `code` appended after sequence number `after`, all but
/// the link (done before the write starts; the write only [`EventDigest::finish`]es them).
pub(super) fn digests(code: &str, after: i64, events: &[EventRow]) -> Vec<EventDigest> {
    events
        .iter()
        .enumerate()
        .map(|(i, e)| EventDigest::new(code, after + i as i64 + 1, &e.data))
        .collect()
}

/// One event's place in its chain: the previous hash as stored (NULL for a first event), its own.
pub(super) type Link = (Option<Hash>, Hash);

/// The links of a chain continued from `head` (`None`: the chain starts here): for each
/// digest, the previous hash as stored (NULL for a first event) and its own.
pub(super) fn link(head: Option<Hash>, digests: &[EventDigest]) -> Vec<Link> {
    let mut prev = head;
    digests
        .iter()
        .map(|d| {
            let own = d
                .clone()
                .finish(&prev.unwrap_or(motcua_domain::record::GENESIS));
            let out = (prev, own);
            prev = Some(own);
            out
        })
        .collect()
}

/// The code of the dossier created with an idempotency key. `$1` key.
pub(super) const BY_KEY: &str = "SELECT dossier_code, sender FROM idempotency_keys WHERE key = $1";

/// A dossier's id and version, and its last snapshot's version and data. `$1` code.
pub(super) const HEAD: &str = "SELECT d.id, d.version, s.version, s.data FROM dossiers d
     JOIN dossier_snapshots s ON s.dossier_id = d.id WHERE d.code = $1";

/// The events of dossier `$1` after its snapshot (`$2`) up to its version (`$3`), in order.
pub(super) const EVENTS_AFTER: &str = "SELECT data FROM dossier_events
     WHERE dossier_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq";

/// Stores dossier `$1`'s state at version `$2`. Both stores upsert alike.
pub(super) const PUT_SNAPSHOT: &str =
    "INSERT INTO dossier_snapshots (dossier_id, version, data) VALUES ($1, $2, $3)
     ON CONFLICT (dossier_id) DO UPDATE SET version = excluded.version, data = excluded.data";

/// Takes the next number of an agency's day. The upsert takes the row lock (PostgreSQL) / runs
/// on the single writer (SQLite): two intakes never get the same number, and a number is never
/// handed out twice. `$1` agency, `$2` day.
pub(super) const NEXT_SEQ: &str =
    "INSERT INTO dossier_sequences (agency_code, day, last_seq) VALUES ($1, $2, 1)
     ON CONFLICT (agency_code, day) DO UPDATE SET last_seq = dossier_sequences.last_seq + 1
     RETURNING last_seq";

pub(super) const INSERT_DOSSIER: &str = "INSERT INTO dossiers (code, receiving_agency, agency_code,
       procedure_code, procedure_version_id, channel, status, national_status, applicant_name,
       owner_account, owner_user, owner_unit, submitted_at, received_at, due_at, original_due_at,
       finished_at, closed_at, version, search_text, updated_at, report_facts, chain_head)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
       $20, $21, $22, $23)
     RETURNING id";

pub(super) const INSERT_KEY: &str =
    "INSERT INTO idempotency_keys (key, dossier_code, created_at, sender) VALUES ($1, $2, $3, $4)";

/// Where a dossier is before a change (PostgreSQL; SQLite reads more, to set only what
/// changed): version, stored report facts and chain head. `$1` row id.
pub(super) const CURRENT: &str =
    "SELECT version, report_facts, chain_head FROM dossiers WHERE id = $1";

/// The full-row update (PostgreSQL). `$16` is the row id.
pub(super) const UPDATE_DOSSIER: &str = "UPDATE dossiers SET agency_code = $1, status = $2,
       national_status = $3, owner_user = $4, owner_unit = $5, received_at = $6, due_at = $7,
       original_due_at = $8, finished_at = $9, closed_at = $10, version = $11,
       search_text = $12, updated_at = $13, report_facts = $14, chain_head = $15
     WHERE id = $16";

pub(super) const INSERT_EVENT: &str = "INSERT INTO dossier_events (dossier_id, seq, at, actor,
       kind, from_status, to_status, step, note, data, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

#[cfg(test)]
mod tests {
    use super::*;

    /// Every statement's placeholders first appear as `$1`, `$2`, … in order, so binding by
    /// position (SQLite) and by number (PostgreSQL) agree.
    #[test]
    fn placeholders_in_order() {
        for sql in [
            BY_KEY,
            HEAD,
            EVENTS_AFTER,
            PUT_SNAPSHOT,
            NEXT_SEQ,
            INSERT_DOSSIER,
            INSERT_KEY,
            CURRENT,
            UPDATE_DOSSIER,
            INSERT_EVENT,
            crate::outbox::INSERT,
            facts::UPSERT_DAILY.as_str(),
            facts::UPSERT_MONTHLY.as_str(),
        ] {
            let seen = first_appearances(sql);
            let expected: Vec<usize> = (1..=seen.len()).collect();
            assert_eq!(seen, expected, "{sql}");
        }
    }

    fn first_appearances(sql: &str) -> Vec<usize> {
        let mut seen = Vec::new();
        let b = sql.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'$' {
                let digits: String = sql[i + 1..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                i += digits.len();
                if let Ok(n) = digits.parse::<usize>() {
                    if !seen.contains(&n) {
                        seen.push(n);
                    }
                }
            }
            i += 1;
        }
        seen
    }
}
