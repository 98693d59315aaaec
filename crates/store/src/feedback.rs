//! Feedback and petitions (PAKN, domain.md §7): race-free codes `PAKN-{yyMMdd}-{seq:04}`,
//! reads, and writes of a change the domain decided (`motcua_domain::service::change_feedback`)
//! only if nobody changed the PAKN in between.

use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::service::{
    feedback_code, feedback_day, Contact, Feedback, FeedbackAnswer, FeedbackKind, FeedbackStatus,
    NewFeedback,
};

use crate::codec::{from_text, to_text};
use crate::outbox::{self, NewMessage};
use crate::sql::Where;
use crate::{in_tx, on_read, Db, StoreError};

/// Why a PAKN write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    #[error("{} / {}", "Không tìm thấy phản ánh, kiến nghị", "feedback not found")]
    NotFound,
    /// Someone else changed it since it was read: nothing was written.
    #[error(
        "{} / {}",
        "Phản ánh, kiến nghị vừa được người khác cập nhật",
        "the feedback was changed by someone else meanwhile"
    )]
    Changed,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for FeedbackError {
    fn from(e: sqlx::Error) -> Self {
        FeedbackError::Store(StoreError::Database(e))
    }
}

const COLUMNS: &str = "code, kind, subject, content, contact_name, contact_phone, contact_email,
    dossier_code, agency_code, status, received_at, updated_at, answer_text, answer_by, answered_at,
    published_at, assigned_to, publish_consent";

#[derive(sqlx::FromRow)]
struct Row {
    code: String,
    kind: String,
    subject: String,
    content: String,
    contact_name: String,
    contact_phone: Option<String>,
    contact_email: Option<String>,
    dossier_code: Option<String>,
    agency_code: String,
    status: String,
    received_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    answer_text: Option<String>,
    answer_by: Option<String>,
    answered_at: Option<DateTime<Utc>>,
    published_at: Option<DateTime<Utc>>,
    assigned_to: Option<String>,
    publish_consent: bool,
}

fn decode(r: Row) -> Result<Feedback, StoreError> {
    let kind: FeedbackKind = from_text(&r.kind)?;
    let status = FeedbackStatus::parse(&r.status)
        .ok_or_else(|| StoreError::Corrupt(format!("feedback status «{}»", r.status)))?;
    let answer = match (r.answer_text, r.answer_by, r.answered_at) {
        (Some(text), Some(by), Some(at)) => Some(FeedbackAnswer { text, by, at }),
        _ => None,
    };
    Ok(Feedback {
        code: r.code,
        kind,
        subject: r.subject,
        content: r.content,
        contact: Contact {
            name: r.contact_name,
            phone: r.contact_phone,
            email: r.contact_email,
        },
        dossier_code: r.dossier_code,
        agency_code: r.agency_code,
        status,
        received_at: r.received_at,
        updated_at: r.updated_at,
        answer,
        published_at: r.published_at,
        assigned_to: r.assigned_to,
        publish_consent: r.publish_consent,
    })
}

/// Stores a new PAKN (validated by the caller: `NewFeedback::validate`) received at `now`, with
/// the next code of its Vietnam date.
pub async fn create_feedback(
    db: &Db,
    new: NewFeedback,
    now: DateTime<Utc>,
) -> Result<Feedback, FeedbackError> {
    create_feedback_notified(db, new, now, &|_| Vec::new()).await
}

/// [`create_feedback`], queuing in the same transaction the messages `notices` makes of the
/// stored PAKN (its code is known only then).
pub async fn create_feedback_notified(
    db: &Db,
    new: NewFeedback,
    now: DateTime<Utc>,
    notices: &(dyn Fn(&Feedback) -> Vec<NewMessage> + Send + Sync),
) -> Result<Feedback, FeedbackError> {
    let n = new;
    let day = feedback_day(now);
    in_tx!(db, tx => {
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO feedback_sequences (day, last_seq) VALUES ($1, 1)
             ON CONFLICT (day) DO UPDATE SET last_seq = feedback_sequences.last_seq + 1
             RETURNING last_seq",
        )
        .bind(day).fetch_one(&mut *tx).await?;
        let f = Feedback {
            code: feedback_code(day, seq as u32),
            kind: n.kind,
            subject: n.subject.clone(),
            content: n.content.clone(),
            contact: n.contact.clone(),
            dossier_code: n.dossier_code.clone(),
            agency_code: n.agency_code.clone(),
            status: FeedbackStatus::Received,
            received_at: now,
            updated_at: now,
            answer: None,
            published_at: None,
            assigned_to: None,
            publish_consent: n.publish_consent,
        };
        sqlx::query(
            "INSERT INTO feedback (code, kind, subject, content, contact_name, contact_phone, contact_email,
               dossier_code, agency_code, status, received_at, updated_at, publish_consent)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&f.code).bind(to_text(&f.kind)).bind(&f.subject).bind(&f.content)
        .bind(&f.contact.name).bind(&f.contact.phone).bind(&f.contact.email)
        .bind(&f.dossier_code).bind(&f.agency_code).bind(f.status.as_str()).bind(now).bind(now)
        .bind(f.publish_consent)
        .execute(&mut *tx).await?;
        for m in notices(&f) {
            sqlx::query(outbox::INSERT)
                .bind(&m.channel).bind(&m.dossier_code).bind(&m.recipient).bind(&m.subject)
                .bind(&m.body).bind(now)
                .execute(&mut *tx).await?;
        }
        Ok::<_, FeedbackError>(f)
    })
}

/// The PAKN with `code`.
pub async fn get_feedback(db: &Db, code: &str) -> Result<Option<Feedback>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM feedback WHERE code = $1");
    let row: Option<Row> =
        on_read!(db, pool => sqlx::query_as(&sql).bind(code).fetch_optional(pool).await?);
    row.map(decode).transpose()
}

/// Which PAKN a list shows.
#[derive(Debug, Clone, Default)]
pub struct FeedbackFilter {
    pub agency_code: Option<String>,
    pub statuses: Vec<FeedbackStatus>,
    pub dossier_code: Option<String>,
    /// Assigned to this officer.
    pub assigned_to: Option<String>,
    /// Received on or after this Vietnam date.
    pub from: Option<NaiveDate>,
    /// Received on or before this Vietnam date.
    pub to: Option<NaiveDate>,
    pub limit: u32,
    pub offset: u32,
}

/// PAKN matching `f`, newest first, with the total count.
pub async fn list_feedback(
    db: &Db,
    f: &FeedbackFilter,
) -> Result<(i64, Vec<Feedback>), StoreError> {
    let mut w = Where::default();
    if let Some(a) = &f.agency_code {
        w.push(|p| format!("agency_code = {p}"), a.clone());
    }
    if !f.statuses.is_empty() {
        let alts: Vec<String> = f
            .statuses
            .iter()
            .map(|s| w.arg(s.as_str().to_owned()))
            .collect();
        w.raw(format!("status IN ({})", alts.join(", ")));
    }
    if let Some(d) = &f.dossier_code {
        w.push(|p| format!("dossier_code = {p}"), d.clone());
    }
    if let Some(a) = &f.assigned_to {
        w.push(|p| format!("assigned_to = {p}"), a.clone());
    }
    let where_sql = w.sql();
    let args = w.args;
    // Dates are bound natively (text args would not compare with PostgreSQL timestamps).
    let n = args.len();
    let from = f.from.map(crate::reports::day_start);
    let to =
        f.to.and_then(|d| d.succ_opt())
            .map(crate::reports::day_start);
    let time_sql = format!(
        "AND (${a} IS NULL OR received_at >= ${a}) AND (${b} IS NULL OR received_at < ${b})",
        a = n + 1,
        b = n + 2
    );
    let limit = f.limit.clamp(1, 500);
    let count_sql = format!("SELECT COUNT(*) FROM feedback WHERE {where_sql} {time_sql}");
    let list_sql = format!(
        "SELECT {COLUMNS} FROM feedback WHERE {where_sql} {time_sql}
         ORDER BY received_at DESC, code DESC LIMIT {limit} OFFSET {}",
        f.offset
    );
    let (total, rows): (i64, Vec<Row>) = on_read!(db, pool => {
        let mut count = sqlx::query_scalar(&count_sql);
        let mut q = sqlx::query_as(&list_sql);
        for a in &args {
            count = count.bind(a);
            q = q.bind(a);
        }
        count = count.bind(from).bind(to);
        q = q.bind(from).bind(to);
        (count.fetch_one(pool).await?, q.fetch_all(pool).await?)
    });
    Ok((
        total,
        rows.into_iter().map(decode).collect::<Result<_, _>>()?,
    ))
}

/// Writes `f` (as `motcua_domain::service::change_feedback` made it) over the stored PAKN,
/// only if that is still in status `from`; otherwise [`FeedbackError::Changed`] (or
/// [`FeedbackError::NotFound`]) and nothing is written.
pub async fn update_feedback(
    db: &Db,
    from: FeedbackStatus,
    f: &Feedback,
) -> Result<(), FeedbackError> {
    update_feedback_notified(db, from, f, &[]).await
}

/// [`update_feedback`], queuing `messages` (what the sender is told) in the same transaction:
/// both are written, or neither.
pub async fn update_feedback_notified(
    db: &Db,
    from: FeedbackStatus,
    f: &Feedback,
    messages: &[NewMessage],
) -> Result<(), FeedbackError> {
    let (a_text, a_by, a_at) = match &f.answer {
        Some(a) => (Some(a.text.clone()), Some(a.by.clone()), Some(a.at)),
        None => (None, None, None),
    };
    let n = in_tx!(db, tx => {
        let n = sqlx::query(
            "UPDATE feedback SET status = $1, updated_at = $2, answer_text = $3, answer_by = $4,
               answered_at = $5, published_at = $6, assigned_to = $7
             WHERE code = $8 AND status = $9",
        )
        .bind(f.status.as_str()).bind(f.updated_at).bind(&a_text).bind(&a_by).bind(a_at)
        .bind(f.published_at).bind(&f.assigned_to).bind(&f.code).bind(from.as_str())
        .execute(&mut *tx).await?.rows_affected();
        if n > 0 {
            for m in messages {
                sqlx::query(outbox::INSERT)
                    .bind(&m.channel).bind(&m.dossier_code).bind(&m.recipient).bind(&m.subject)
                    .bind(&m.body).bind(f.updated_at)
                    .execute(&mut *tx).await?;
            }
        }
        Ok::<_, FeedbackError>(n)
    })?;
    if n > 0 {
        return Ok(());
    }
    match get_feedback(db, &f.code).await? {
        Some(_) => Err(FeedbackError::Changed),
        None => Err(FeedbackError::NotFound),
    }
}

/// Every PAKN of `agency_code` (every agency when `None`) received in `[from, to)`, for the
/// reports' figures.
pub async fn feedback_received_between(
    db: &Db,
    agency_code: Option<&str>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Feedback>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM feedback WHERE ($1 IS NULL OR agency_code = $1)
           AND received_at >= $2 AND received_at < $3 ORDER BY received_at, code"
    );
    let rows: Vec<Row> = on_read!(db, pool => sqlx::query_as(&sql)
        .bind(agency_code).bind(from).bind(to).fetch_all(pool).await?);
    rows.into_iter().map(decode).collect()
}
