//! The dossier writes on SQLite: synchronous, on the writer connection through rusqlite's cached
//! statements, run by the group-commit writer ([`crate::group_commit::Writer::run_sync`]).
//! Step for step the same as [`super::write_pg`].
//!
//! Values are bound as sqlx encodes them, so rows written here and through sqlx read back alike:
//! timestamps as RFC 3339 text, days as `YYYY-MM-DD`.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use motcua_domain::dossier::dossier_code;
use motcua_domain::record::{from_bytes, Hash};
use motcua_domain::reports::DossierFacts;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use super::facts;
use super::rows::{self, Change, Columns, EventRow};
use super::types::{Build, FactsBasis, Inserted, StoredDossier, WriteError};
use crate::outbox::{self, NewMessage};
use crate::StoreError;

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Store(StoreError::Sqlite(e))
    }
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

fn ts_opt(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(ts)
}

fn day(d: NaiveDate) -> String {
    d.format("%F").to_string()
}

const LAST_SEQ: &str = "SELECT last_seq FROM dossier_sequences WHERE agency_code = ?1 AND day = ?2";

/// Inputs of a creation, owned so they can move to the writer.
pub(super) struct NewDossier<F> {
    pub agency_code: String,
    pub day: NaiveDate,
    /// The idempotency key and its sender.
    pub key: Option<(String, String)>,
    pub build: F,
    pub basis: FactsBasis,
    pub now: DateTime<Utc>,
}

pub(super) fn create<F: Build>(
    conn: &Connection,
    n: NewDossier<F>,
) -> Result<Inserted, WriteError> {
    // Checked again inside the write: a retry racing its original sees it here (the writer
    // sees the batch's uncommitted rows).
    if let Some((key, _)) = &n.key {
        let existing: Option<(String, Option<String>)> = conn
            .prepare_cached(rows::BY_KEY)?
            .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((code, sender)) = existing {
            return Ok(Inserted::KeyUsedBy(code, sender));
        }
    }
    // Everything that can refuse comes before the first write (the writer runs no savepoint
    // per job): the number is read, the dossier decided, and only then the number taken.
    let last: Option<i64> = conn
        .prepare_cached(LAST_SEQ)?
        .query_row(params![n.agency_code, day(n.day)], |r| r.get(0))
        .optional()?;
    let seq = last.unwrap_or(0) + 1;
    let code = dossier_code(&n.agency_code, n.day, seq as u32);
    let (dossier, events, messages) = (n.build)(code)?;
    n.basis.check(&dossier)?;
    let new_facts = facts::of(&dossier, &n.basis);
    let c = rows::columns(&dossier, &new_facts)?;
    let snapshot = rows::snapshot(&dossier)?;
    let events = rows::event_rows(&events)?;
    let links = rows::link(None, &rows::digests(&dossier.code, 0, &events));
    let head = links.last().map(|(_, h)| *h);
    let taken: i64 = conn
        .prepare_cached(rows::NEXT_SEQ)?
        .query_row(params![n.agency_code, day(n.day)], |r| r.get(0))?;
    if taken != seq {
        // Only this connection writes, and this job runs alone on it.
        return Err(StoreError::Corrupt(format!("dossier number {seq} taken as {taken}")).into());
    }
    let id = insert_row(conn, &c, n.now, head)?;
    put_snapshot(conn, id, c.version, &snapshot)?;
    let times: Vec<String> = events.iter().map(|e| ts(e.at)).collect();
    append_log(
        conn,
        id,
        0,
        (&events, &times, &links),
        &messages,
        &ts(n.now),
    )?;
    write_facts(conn, None, new_facts.as_ref())?;
    if let Some((key, sender)) = &n.key {
        conn.prepare_cached(rows::INSERT_KEY)?.execute(params![
            key,
            dossier.code,
            ts(n.now),
            sender
        ])?;
    }
    Ok(Inserted::New(StoredDossier { id, dossier }))
}

fn put_snapshot(conn: &Connection, id: i64, version: i64, data: &str) -> Result<(), WriteError> {
    conn.prepare_cached(rows::PUT_SNAPSHOT)?
        .execute(params![id, version, data])?;
    Ok(())
}

fn insert_row(
    conn: &Connection,
    c: &Columns,
    now: DateTime<Utc>,
    head: Option<Hash>,
) -> Result<i64, WriteError> {
    Ok(conn.prepare_cached(rows::INSERT_DOSSIER)?.query_row(
        params![
            c.code,
            c.receiving_agency,
            c.agency_code,
            c.procedure_code,
            c.procedure_version_id,
            c.channel,
            c.status,
            c.national,
            c.applicant_name,
            c.owner_account,
            c.owner_user,
            c.owner_unit,
            ts(c.submitted_at),
            ts_opt(c.received_at),
            ts_opt(c.due_at),
            ts_opt(c.original_due_at),
            ts_opt(c.finished_at),
            ts_opt(c.closed_at),
            c.version,
            c.search,
            ts(now),
            c.facts,
            head.as_ref().map(|h| h.as_slice()),
        ],
        |r| r.get(0),
    )?)
}

/// Where a dossier is before a change: its version, then the columns [`Encoded::changeable`]
/// holds, in its order. By row id: one b-tree descent, no index.
const CURRENT_ROW: &str = "SELECT version, agency_code, status, national_status, owner_user,
       owner_unit, received_at, due_at, original_due_at, finished_at, closed_at, search_text,
       report_facts, chain_head
     FROM dossiers WHERE id = ?1";

/// The columns a change can set, in [`CURRENT_ROW`]'s order (after the version).
const CHANGEABLE: [&str; 12] = [
    "agency_code",
    "status",
    "national_status",
    "owner_user",
    "owner_unit",
    "received_at",
    "due_at",
    "original_due_at",
    "finished_at",
    "closed_at",
    "search_text",
    "report_facts",
];
/// Where `report_facts` is in [`CHANGEABLE`]: its old value is needed to update the reports.
const FACTS: usize = 11;
/// Where `chain_head` is in [`CURRENT_ROW`] (after the changeable columns).
const HEAD: usize = CHANGEABLE.len() + 1;

/// A change with its values encoded as the writer binds them, done before the job is queued:
/// the writer, which every write waits for, only compares and binds. It hands the values back
/// when done, so they are freed by the thread that made them (cheaper with mimalloc).
pub(super) struct Encoded {
    id: i64,
    code: String,
    change: Change,
    version: Value,
    /// The change's instant (`updated_at`, the messages' `created_at`).
    now: String,
    changeable: [Value; 12],
    event_times: Vec<String>,
}

pub(super) fn encode(id: i64, code: &str, change: Change) -> Encoded {
    let c = &change.row;
    let text = |s: &str| Value::Text(s.to_owned());
    let opt_text = |s: &Option<String>| s.as_deref().map_or(Value::Null, text);
    let opt_ts = |t: Option<DateTime<Utc>>| t.map_or(Value::Null, |t| Value::Text(ts(t)));
    let changeable = [
        text(&c.agency_code),
        text(&c.status),
        Value::Integer(c.national),
        opt_text(&c.owner_user),
        opt_text(&c.owner_unit),
        opt_ts(c.received_at),
        opt_ts(c.due_at),
        opt_ts(c.original_due_at),
        opt_ts(c.finished_at),
        opt_ts(c.closed_at),
        text(&c.search),
        opt_text(&c.facts),
    ];
    Encoded {
        id,
        code: code.to_owned(),
        version: Value::Integer(c.version),
        now: ts(change.now),
        event_times: change.events.iter().map(|e| ts(e.at)).collect(),
        changeable,
        change,
    }
}

/// Applies a change to its dossier if that is still at the expected version.
///
/// Unlike PostgreSQL's full-row UPDATE, only the columns whose value changed are set: SQLite
/// rewrites every index over a column named in SET, and a step transition usually changes
/// just the owner, so this spares most of the index updates.
pub(super) fn append(conn: &Connection, e: &Encoded) -> Result<(), WriteError> {
    let ch = &e.change;
    let mut current = conn.prepare_cached(CURRENT_ROW)?;
    let mut rows = current.query([e.id])?;
    let Some(row) = rows.next()? else {
        return Err(WriteError::NotFound(e.code.clone()));
    };
    let version: i64 = row.get(0)?;
    if version != ch.expected_version {
        return Err(WriteError::Conflict {
            current_version: version,
        });
    }
    let mut sql = String::from("UPDATE dossiers SET version = ?1, updated_at = ?2");
    let mut values: Vec<&dyn rusqlite::ToSql> = vec![&e.version, &e.now];
    let mut old_facts: Option<String> = None;
    // The chain continues from the row's head; a dossier still waiting for the one-time
    // backfill (no head, but events) gets unchained events, which the backfill then links.
    let head: Option<Hash> = match row.get_ref(HEAD)? {
        rusqlite::types::ValueRef::Blob(b) => Some(from_bytes(b).ok_or_else(|| {
            StoreError::Corrupt(format!(
                "dossier {}: chain head of {} bytes",
                e.code,
                b.len()
            ))
        })?),
        _ => None,
    };
    let links = match head {
        Some(h) => rows::link(Some(h), &ch.digests),
        None if version == 0 => rows::link(None, &ch.digests),
        None => Vec::new(),
    };
    for (i, new) in e.changeable.iter().enumerate() {
        let old = row.get_ref(i + 1)?;
        if i == FACTS {
            if let rusqlite::types::ValueRef::Text(t) = old {
                old_facts = Some(String::from_utf8_lossy(t).into_owned());
            }
        }
        if old != rusqlite::types::ValueRef::from(new) {
            values.push(new);
            // Writing to a String cannot fail.
            let _ = write!(sql, ", {} = ?{}", CHANGEABLE[i], values.len());
        }
    }
    drop(rows);
    let new_head = links.last().map(|(_, h)| Value::Blob(h.to_vec()));
    if let Some(h) = &new_head {
        values.push(h);
        let _ = write!(sql, ", chain_head = ?{}", values.len());
    }
    let id = Value::Integer(e.id);
    values.push(&id);
    let _ = write!(sql, " WHERE id = ?{}", values.len());
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    if let Some(snapshot) = &ch.snapshot {
        put_snapshot(conn, e.id, ch.row.version, snapshot)?;
    }
    append_log(
        conn,
        e.id,
        version,
        (&ch.events, &e.event_times, &links),
        &ch.messages,
        &e.now,
    )?;
    // The same text as stored means the same facts: no decoding on the common path (a step
    // that changes nothing the reports count).
    if old_facts != ch.row.facts {
        write_facts(
            conn,
            facts::decode(old_facts.as_deref()).as_ref(),
            ch.facts.as_ref(),
        )?;
    }
    Ok(())
}

/// Appends `events` (whose instants `times` are, encoded, and whose chain `links` are: empty
/// for a dossier not chained yet) to dossier `id`'s log after sequence number `after`, and
/// queues `messages`, created `now` (encoded).
fn append_log(
    conn: &Connection,
    id: i64,
    after: i64,
    (events, times, links): (&[EventRow], &[String], &[rows::Link]),
    messages: &[NewMessage],
    now: &str,
) -> Result<(), WriteError> {
    let mut insert = conn.prepare_cached(rows::INSERT_EVENT)?;
    for (i, (e, at)) in events.iter().zip(times).enumerate() {
        let (prev, own) = match links.get(i) {
            Some((prev, own)) => (prev.as_ref().map(|p| p.as_slice()), Some(own.as_slice())),
            None => (None, None),
        };
        insert.execute(params![
            id,
            after + i as i64 + 1,
            at,
            e.actor,
            e.kind,
            e.from,
            e.to,
            e.step,
            e.note,
            e.data,
            prev,
            own,
        ])?;
    }
    if !messages.is_empty() {
        let mut queue = conn.prepare_cached(outbox::INSERT)?;
        for m in messages {
            queue.execute(params![
                m.channel,
                m.dossier_code,
                m.recipient,
                m.subject,
                m.body,
                now
            ])?;
        }
    }
    Ok(())
}

/// Adds `new − old` to `report_daily` and its monthly roll-up to `report_monthly`.
fn write_facts(
    conn: &Connection,
    old: Option<&DossierFacts>,
    new: Option<&DossierFacts>,
) -> Result<(), WriteError> {
    if old == new {
        return Ok(());
    }
    for (sql, d) in facts::statements(old, new) {
        let mut stmt = conn.prepare_cached(sql)?;
        let key = &d.key;
        let (at, channel) = (day(d.day), facts::channel_text(key));
        let head: [&dyn rusqlite::ToSql; 6] = [
            &at,
            &key.agency_code,
            &key.unit_code,
            &key.field_code,
            &key.procedure_code,
            &channel,
        ];
        let values = head
            .into_iter()
            .chain(d.counts.iter().map(|n| n as &dyn rusqlite::ToSql));
        stmt.execute(rusqlite::params_from_iter(values))?;
    }
    Ok(())
}
