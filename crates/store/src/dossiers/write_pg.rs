//! The dossier writes on PostgreSQL, inside one transaction each; step for step the same as
//! [`super::write_sqlite`], with the dossier's row locked (`FOR UPDATE`) before it is changed.

use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::dossier::dossier_code;
use motcua_domain::record::{from_bytes, Hash};
use motcua_domain::reports::DossierFacts;
use sqlx::PgConnection;

use super::facts;
use super::rows::{self, Change, Columns, EventRow};
use super::types::{Build, FactsBasis, Idempotency, Inserted, StoredDossier, WriteError};
use crate::outbox::{self, NewMessage};
use crate::StoreError;

pub(super) async fn create<F: Build>(
    tx: &mut PgConnection,
    agency_code: &str,
    day: NaiveDate,
    key: Option<Idempotency<'_>>,
    build: F,
    basis: &FactsBasis,
    now: DateTime<Utc>,
) -> Result<Inserted, WriteError> {
    if let Some(idem) = key {
        let existing: Option<(String, Option<String>)> = sqlx::query_as(rows::BY_KEY)
            .bind(idem.key)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some((code, sender)) = existing {
            return Ok(Inserted::KeyUsedBy(code, sender));
        }
    }
    let seq: i64 = sqlx::query_scalar(rows::NEXT_SEQ)
        .bind(agency_code)
        .bind(day)
        .fetch_one(&mut *tx)
        .await?;
    let code = dossier_code(agency_code, day, seq as u32);
    let (dossier, events, messages) = build(code)?;
    basis.check(&dossier)?;
    let new_facts = facts::of(&dossier, basis);
    let c = rows::columns(&dossier, &new_facts)?;
    let events = rows::event_rows(&events)?;
    let links = rows::link(None, &rows::digests(&dossier.code, 0, &events));
    let head = links.last().map(|(_, h)| *h);
    let id = insert_row(tx, &c, now, head).await?;
    put_snapshot(tx, id, c.version, &rows::snapshot(&dossier)?).await?;
    append_log(tx, id, 0, (&events, &links), &messages, now).await?;
    write_facts(tx, None, new_facts.as_ref()).await?;
    if let Some(idem) = key {
        sqlx::query(rows::INSERT_KEY)
            .bind(idem.key)
            .bind(&dossier.code)
            .bind(now)
            .bind(idem.sender)
            .execute(&mut *tx)
            .await?;
    }
    Ok(Inserted::New(StoredDossier { id, dossier }))
}

async fn put_snapshot(
    tx: &mut PgConnection,
    id: i64,
    version: i64,
    data: &str,
) -> Result<(), WriteError> {
    sqlx::query(rows::PUT_SNAPSHOT)
        .bind(id)
        .bind(version)
        .bind(data)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

async fn insert_row(
    tx: &mut PgConnection,
    c: &Columns,
    now: DateTime<Utc>,
    head: Option<Hash>,
) -> Result<i64, WriteError> {
    Ok(sqlx::query_scalar(rows::INSERT_DOSSIER)
        .bind(&c.code)
        .bind(&c.receiving_agency)
        .bind(&c.agency_code)
        .bind(&c.procedure_code)
        .bind(c.procedure_version_id)
        .bind(&c.channel)
        .bind(&c.status)
        .bind(c.national)
        .bind(&c.applicant_name)
        .bind(&c.owner_account)
        .bind(&c.owner_user)
        .bind(&c.owner_unit)
        .bind(c.submitted_at)
        .bind(c.received_at)
        .bind(c.due_at)
        .bind(c.original_due_at)
        .bind(c.finished_at)
        .bind(c.closed_at)
        .bind(c.version)
        .bind(&c.search)
        .bind(now)
        .bind(&c.facts)
        .bind(head.as_ref().map(|h| h.as_slice()))
        .fetch_one(&mut *tx)
        .await?)
}

/// Applies `ch` to dossier `code` (row `id`) if it is still at the expected version.
pub(super) async fn append(
    tx: &mut PgConnection,
    (id, code): (i64, &str),
    ch: &Change,
) -> Result<(), WriteError> {
    let current: Option<(i64, Option<String>, Option<Vec<u8>>)> =
        sqlx::query_as(&format!("{} FOR UPDATE", rows::CURRENT))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((version, old_facts, head)) = current else {
        return Err(WriteError::NotFound(code.to_owned()));
    };
    if version != ch.expected_version {
        return Err(WriteError::Conflict {
            current_version: version,
        });
    }
    // As on SQLite: a dossier still waiting for the backfill gets unchained events.
    let links = match &head {
        Some(b) => {
            let h = from_bytes(b).ok_or_else(|| {
                StoreError::Corrupt(format!("dossier {code}: chain head of {} bytes", b.len()))
            })?;
            rows::link(Some(h), &ch.digests)
        }
        None if version == 0 => rows::link(None, &ch.digests),
        None => Vec::new(),
    };
    let new_head: Option<Vec<u8>> = match links.last() {
        Some((_, h)) => Some(h.to_vec()),
        None => head,
    };
    let c = &ch.row;
    sqlx::query(rows::UPDATE_DOSSIER)
        .bind(&c.agency_code)
        .bind(&c.status)
        .bind(c.national)
        .bind(&c.owner_user)
        .bind(&c.owner_unit)
        .bind(c.received_at)
        .bind(c.due_at)
        .bind(c.original_due_at)
        .bind(c.finished_at)
        .bind(c.closed_at)
        .bind(c.version)
        .bind(&c.search)
        .bind(ch.now)
        .bind(&c.facts)
        .bind(new_head)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if let Some(snapshot) = &ch.snapshot {
        put_snapshot(tx, id, c.version, snapshot).await?;
    }
    append_log(tx, id, version, (&ch.events, &links), &ch.messages, ch.now).await?;
    if old_facts != c.facts {
        write_facts(
            tx,
            facts::decode(old_facts.as_deref()).as_ref(),
            ch.facts.as_ref(),
        )
        .await?;
    }
    Ok(())
}

async fn append_log(
    tx: &mut PgConnection,
    id: i64,
    after: i64,
    (events, links): (&[EventRow], &[rows::Link]),
    messages: &[NewMessage],
    now: DateTime<Utc>,
) -> Result<(), WriteError> {
    for (i, e) in events.iter().enumerate() {
        let (prev, own) = match links.get(i) {
            Some((prev, own)) => (prev.as_ref().map(|p| p.as_slice()), Some(own.as_slice())),
            None => (None, None),
        };
        sqlx::query(rows::INSERT_EVENT)
            .bind(id)
            .bind(after + i as i64 + 1)
            .bind(e.at)
            .bind(&e.actor)
            .bind(e.kind)
            .bind(&e.from)
            .bind(&e.to)
            .bind(e.step)
            .bind(&e.note)
            .bind(&e.data)
            .bind(prev)
            .bind(own)
            .execute(&mut *tx)
            .await?;
    }
    for m in messages {
        sqlx::query(outbox::INSERT)
            .bind(&m.channel)
            .bind(&m.dossier_code)
            .bind(&m.recipient)
            .bind(&m.subject)
            .bind(&m.body)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

async fn write_facts(
    tx: &mut PgConnection,
    old: Option<&DossierFacts>,
    new: Option<&DossierFacts>,
) -> Result<(), WriteError> {
    if old == new {
        return Ok(());
    }
    for (sql, d) in facts::statements(old, new) {
        let mut q = sqlx::query(sql)
            .bind(d.day)
            .bind(&d.key.agency_code)
            .bind(&d.key.unit_code)
            .bind(&d.key.field_code)
            .bind(&d.key.procedure_code)
            .bind(facts::channel_text(&d.key));
        for n in d.counts {
            q = q.bind(n);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}
