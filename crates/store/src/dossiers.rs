//! Dossiers: the append-only event log and the current state kept in step with it, in one
//! transaction; race-free dossier codes; idempotent online submission; optimistic concurrency.

use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::dossier::{dossier_code, Dossier, DossierError, Event, Owner, Status};
use motcua_domain::text::fold;
use serde::Serialize;

use crate::codec::to_text;
use crate::outbox::{self, NewMessage};
use crate::reports::facts::{self, write_facts};
use crate::sql::Where;
use crate::{in_tx, on_read, Db, StoreError};

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

/// Columns queries filter and sort on, derived from the state on every write.
struct Columns {
    channel: String,
    status: String,
    national: i64,
    owner_user: Option<String>,
    owner_unit: Option<String>,
    search: String,
    snapshot: String,
}

fn columns(d: &Dossier) -> Result<Columns, StoreError> {
    let (owner_user, owner_unit) = match &d.step_owner {
        Some(Owner::User { username }) => (Some(username.clone()), None),
        Some(Owner::Unit {
            agency_code,
            unit_code,
        }) => (None, Some(unit_key(agency_code, unit_code))),
        None => (None, None),
    };
    let snapshot = serde_json::to_string(d).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut search = format!(" {} {} ", fold(&d.code), fold(&d.applicant.name));
    if let Some(id) = &d.applicant.id_number {
        search.push_str(&fold(id));
        search.push(' ');
    }
    Ok(Columns {
        channel: to_text(&d.channel),
        status: to_text(&d.status),
        national: i64::from(d.status.national().id()),
        owner_user,
        owner_unit,
        search,
        snapshot,
    })
}

/// How a unit queue is keyed in the `owner_unit` column.
pub fn unit_key(agency_code: &str, unit_code: &str) -> String {
    format!("{agency_code}/{unit_code}")
}

/// An event's columns: actor, kind, from, to, step, JSON.
type EventRow = (String, String, Option<String>, String, Option<i64>, String);

fn event_row(e: &Event) -> Result<EventRow, StoreError> {
    let data = serde_json::to_string(e).map_err(|err| StoreError::Corrupt(err.to_string()))?;
    Ok((
        e.actor.username.clone(),
        e.kind.name().to_owned(),
        e.from.map(|s| to_text(&s)),
        to_text(&e.to),
        e.step.map(|s| s as i64),
        data,
    ))
}

/// Inside an open write (`$tx`): appends `$events` to dossier `$id`'s log after sequence number
/// `$after`, and queues `$messages` in the outbox. A macro because the connection type differs
/// per store inside `in_tx!`.
macro_rules! append_log {
    ($tx:ident, $id:expr, $after:expr, $events:expr, $messages:expr, $now:expr) => {
        for (i, e) in $events.iter().enumerate() {
            let (actor, kind, from, to, step, data) = event_row(e)?;
            sqlx::query(
                "INSERT INTO dossier_events (dossier_id, seq, at, actor, kind, from_status, to_status, step, note, data)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind($id).bind($after + i as i64 + 1).bind(e.at).bind(actor).bind(kind).bind(from).bind(to)
            .bind(step).bind(&e.note).bind(data)
            .execute(&mut *$tx).await?;
        }
        for m in $messages.iter() {
            sqlx::query(outbox::INSERT)
                .bind(&m.channel).bind(&m.dossier_code).bind(&m.recipient).bind(&m.subject).bind(&m.body).bind($now)
                .execute(&mut *$tx).await?;
        }
    };
}

/// Creates a dossier: allocates the next code of `agency_code` for `day` (Vietnam date), lets
/// `build` decide the creating events with that code, and stores state and events in one
/// transaction. With an `idempotency_key` seen before, returns that dossier instead.
pub async fn create<F>(
    db: &Db,
    agency_code: &str,
    day: NaiveDate,
    idempotency_key: Option<&str>,
    build: F,
) -> Result<Created, WriteError>
where
    F: FnOnce(String) -> Result<(Dossier, Vec<Event>, Vec<NewMessage>), DossierError>,
{
    if let Some(key) = idempotency_key {
        if let Some(existing) = by_idempotency_key(db, key).await? {
            return Ok(Created::Existing(existing));
        }
    }
    let now = crate::now();
    let cal = crate::reports::facts::calendar(db).await?;
    let mut build = Some(build);
    let result: Result<Created, WriteError> = in_tx!(db, tx => {
        // Checked again inside the write: a retry racing its original sees it here (the writer
        // sees the batch's uncommitted rows; PostgreSQL's unique index settles the rest).
        if let Some(key) = idempotency_key {
            let existing: Option<(i64, String)> = sqlx::query_as(
                "SELECT d.id, d.snapshot FROM idempotency_keys k JOIN dossiers d ON d.code = k.dossier_code WHERE k.key = $1",
            )
            .bind(key).fetch_optional(&mut *tx).await?;
            if let Some((id, snapshot)) = existing {
                return Ok(Created::Existing(decode_snapshot(id, &snapshot)?));
            }
        }
        // The upsert takes the row lock (PostgreSQL) / the single writer (SQLite): two intakes
        // never get the same number, and a number is never handed out twice.
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO dossier_sequences (agency_code, day, last_seq) VALUES ($1, $2, 1)
             ON CONFLICT (agency_code, day) DO UPDATE SET last_seq = dossier_sequences.last_seq + 1
             RETURNING last_seq",
        )
        .bind(agency_code).bind(day)
        .fetch_one(&mut *tx).await?;
        let code = dossier_code(agency_code, day, seq as u32);
        let build = build.take().ok_or_else(|| StoreError::Corrupt("build called twice".into()))?;
        let (dossier, events, messages) = build(code)?;
        let c = columns(&dossier)?;
        let d = &dossier;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO dossiers (code, receiving_agency, agency_code, procedure_code, procedure_version_id,
               channel, status, national_status, applicant_name, owner_account, owner_user, owner_unit,
               submitted_at, received_at, due_at, original_due_at, finished_at, closed_at, version,
               snapshot, search_text, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
             RETURNING id",
        )
        .bind(&d.code).bind(&d.receiving_agency).bind(&d.agency_code).bind(&d.procedure_code)
        .bind(d.procedure_version_id).bind(&c.channel).bind(&c.status).bind(c.national)
        .bind(&d.applicant.name).bind(&d.owner_account).bind(&c.owner_user).bind(&c.owner_unit)
        .bind(d.submitted_at).bind(d.received_at).bind(d.due_at).bind(d.original_due_at)
        .bind(d.finished_at).bind(d.closed_at).bind(d.version).bind(&c.snapshot).bind(&c.search).bind(now)
        .fetch_one(&mut *tx).await?;
        append_log!(tx, id, 0, &events, &messages, now);
        let (field, unit): (String, String) =
            sqlx::query_as("SELECT field_code, unit_code FROM procedures WHERE id = $1")
                .bind(d.procedure_version_id).fetch_one(&mut *tx).await?;
        write_facts!(tx, id, None, facts::of(d, field, unit, &cal));
        if let Some(key) = idempotency_key {
            sqlx::query("INSERT INTO idempotency_keys (key, dossier_code, created_at) VALUES ($1, $2, $3)")
                .bind(key).bind(&dossier.code).bind(now)
                .execute(&mut *tx).await?;
        }
        Ok::<_, WriteError>(Created::New(StoredDossier { id, dossier }))
    });
    match result {
        Ok(c) => Ok(c),
        // Two concurrent retries with one key: the loser's unique violation rolled back its
        // insert; answer with the winner's dossier.
        Err(WriteError::Store(e)) if idempotency_key.is_some() => {
            match by_idempotency_key(db, idempotency_key.unwrap_or_default()).await? {
                Some(existing) => Ok(Created::Existing(existing)),
                None => Err(WriteError::Store(e)),
            }
        }
        Err(e) => Err(e),
    }
}

async fn by_idempotency_key(db: &Db, key: &str) -> Result<Option<StoredDossier>, StoreError> {
    let code: Option<String> = on_read!(db, pool => sqlx::query_scalar(
        "SELECT dossier_code FROM idempotency_keys WHERE key = $1"
    ).bind(key).fetch_optional(pool).await?);
    match code {
        Some(code) => load(db, &code).await,
        None => Ok(None),
    }
}

/// The current state of dossier `code`.
pub async fn load(db: &Db, code: &str) -> Result<Option<StoredDossier>, StoreError> {
    let row: Option<(i64, String)> = on_read!(db, pool => sqlx::query_as(
        "SELECT id, snapshot FROM dossiers WHERE code = $1"
    ).bind(code).fetch_optional(pool).await?);
    row.map(|(id, snapshot)| decode_snapshot(id, &snapshot))
        .transpose()
}

fn decode_snapshot(id: i64, snapshot: &str) -> Result<StoredDossier, StoreError> {
    let dossier = serde_json::from_str(snapshot)
        .map_err(|e| StoreError::Corrupt(format!("dossier {id} snapshot: {e}")))?;
    Ok(StoredDossier { id, dossier })
}

/// Appends `events` and stores `state` (their fold), if the dossier is still at
/// `expected_version`; otherwise nothing is written and `Conflict` says where it is now.
pub async fn append(
    db: &Db,
    code: &str,
    expected_version: i64,
    state: &Dossier,
    events: &[Event],
    messages: &[NewMessage],
) -> Result<(), WriteError> {
    let c = columns(state)?;
    let now = crate::now();
    let cal = crate::reports::facts::calendar(db).await?;
    let outcome: Result<(), WriteError> = in_tx!(db, tx => {
        let d = state;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE dossiers SET agency_code = $1, status = $2, national_status = $3, owner_user = $4,
               owner_unit = $5, received_at = $6, due_at = $7, original_due_at = $8, finished_at = $9,
               closed_at = $10, version = $11, snapshot = $12, search_text = $13, updated_at = $14
             WHERE code = $15 AND version = $16
             RETURNING id",
        )
        .bind(&d.agency_code)
        .bind(&c.status)
        .bind(c.national)
        .bind(&c.owner_user)
        .bind(&c.owner_unit)
        .bind(d.received_at)
        .bind(d.due_at)
        .bind(d.original_due_at)
        .bind(d.finished_at)
        .bind(d.closed_at)
        .bind(d.version)
        .bind(&c.snapshot)
        .bind(&c.search)
        .bind(now)
        .bind(code)
        .bind(expected_version)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            let current: Option<i64> =
                sqlx::query_scalar("SELECT version FROM dossiers WHERE code = $1")
                    .bind(code)
                    .fetch_optional(&mut *tx)
                    .await?;
            return match current {
                Some(v) => Err(WriteError::Conflict { current_version: v }),
                None => Err(WriteError::NotFound(code.to_owned())),
            };
        };
        append_log!(tx, id, expected_version, events, messages, now);
        // The facts of the previous write, and what the dossier's procedure version says.
        let (old, field, unit): (Option<String>, String, String) = sqlx::query_as(
            "SELECT d.report_facts, p.field_code, p.unit_code FROM dossiers d
             JOIN procedures p ON p.id = d.procedure_version_id WHERE d.id = $1",
        )
        .bind(id).fetch_one(&mut *tx).await?;
        write_facts!(tx, id, facts::decode(old.as_deref()), facts::of(d, field, unit, &cal));
        Ok::<_, WriteError>(())
    });
    outcome
}

/// The event log of dossier `code`, oldest first.
pub async fn events(db: &Db, code: &str) -> Result<Vec<Event>, StoreError> {
    let rows: Vec<(String,)> = on_read!(db, pool => sqlx::query_as(
        "SELECT e.data FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
         WHERE d.code = $1 ORDER BY e.seq"
    ).bind(code).fetch_all(pool).await?);
    rows.into_iter()
        .map(|(data,)| {
            serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(format!("event: {e}")))
        })
        .collect()
}

/// Which dossiers an inbox shows.
#[derive(Debug, Clone, Default)]
pub struct DossierFilter {
    /// Held by this officer.
    pub owner_user: Option<String>,
    /// In these unit queues (`unit_key`).
    pub owner_units: Vec<String>,
    /// Online submissions waiting for this agency's desk to check them (no owner yet).
    pub intake_agency: Option<String>,
    pub statuses: Vec<Status>,
    pub agency_code: Option<String>,
    pub owner_account: Option<String>,
    /// Folded words matched against code, applicant name and id number.
    pub q: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

/// A line of an inbox.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct DossierLine {
    pub code: String,
    pub procedure_code: String,
    pub applicant_name: String,
    pub status: String,
    pub channel: String,
    pub owner_user: Option<String>,
    pub owner_unit: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub received_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// Dossiers matching `f`, what is due first first (no due date last, then by submission).
pub async fn list(db: &Db, f: &DossierFilter) -> Result<(i64, Vec<DossierLine>), StoreError> {
    let mut w = Where::default();
    let mut owner: Vec<String> = Vec::new();
    if let Some(u) = &f.owner_user {
        owner.push(format!("owner_user = {}", w.arg(u.clone())));
    }
    for unit in &f.owner_units {
        owner.push(format!("owner_unit = {}", w.arg(unit.clone())));
    }
    if let Some(a) = &f.intake_agency {
        let p = w.arg(a.clone());
        owner.push(format!("(status = 'submitted' AND receiving_agency = {p})"));
    }
    if !owner.is_empty() {
        w.raw(format!("({})", owner.join(" OR ")));
    }
    if !f.statuses.is_empty() {
        let alts: Vec<String> = f.statuses.iter().map(|s| w.arg(to_text(s))).collect();
        w.raw(format!("status IN ({})", alts.join(", ")));
    }
    if let Some(a) = &f.agency_code {
        w.push(|p| format!("agency_code = {p}"), a.clone());
    }
    if let Some(a) = &f.owner_account {
        w.push(|p| format!("owner_account = {p}"), a.clone());
    }
    for term in
        f.q.as_deref()
            .map(motcua_domain::text::query_terms)
            .unwrap_or_default()
    {
        w.push(|p| format!("search_text LIKE {p}"), format!("% {term}%"));
    }
    let where_sql = w.sql();
    let args = w.args;
    let limit = f.limit.clamp(1, 500);
    let count_sql = format!("SELECT COUNT(*) FROM dossiers WHERE {where_sql}");
    let list_sql = format!(
        "SELECT code, procedure_code, applicant_name, status, channel, owner_user, owner_unit,
           submitted_at, received_at, due_at, version
         FROM dossiers WHERE {where_sql}
         ORDER BY CASE WHEN due_at IS NULL THEN 1 ELSE 0 END, due_at, submitted_at, code
         LIMIT {limit} OFFSET {}",
        f.offset
    );
    let (total, rows) = on_read!(db, pool => {
        let mut count = sqlx::query_scalar(&count_sql);
        let mut q = sqlx::query_as(&list_sql);
        for a in &args {
            count = count.bind(a);
            q = q.bind(a);
        }
        (count.fetch_one(pool).await?, q.fetch_all(pool).await?)
    });
    Ok((total, rows))
}
