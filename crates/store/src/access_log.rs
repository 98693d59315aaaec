//! The access log: reads of applicants' personal data (who, which dossiers, which fields, when,
//! why). One INSERT per read — an export of many dossiers is one row naming them all — and
//! the administrators' filtered reading. Who must be logged and what a read shows is the
//! domain's rule (`motcua_domain::dossier::access`); this module only writes and reads rows.

use chrono::{DateTime, Utc};

use crate::sql::Where;
use crate::{in_tx, on_read, Db, StoreError};

/// A read to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccess {
    pub at: DateTime<Utc>,
    pub username: String,
    pub agency_code: Option<String>,
    /// `motcua_domain::dossier::Relation::as_str`.
    pub relation: String,
    /// `motcua_domain::dossier::Purpose::as_str`.
    pub purpose: String,
    /// Why, as chosen on a reveal (or the export's filter).
    pub reason: Option<String>,
    /// The dossiers read: one for a page or a reveal, every one listed for an export.
    pub codes: Vec<String>,
    /// The personal fields shown in full (`PersonalField::as_str`).
    pub fields: Vec<String>,
    /// `page`, `api` or `cli`.
    pub door: String,
}

/// A recorded read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AccessEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub username: String,
    pub agency_code: Option<String>,
    pub relation: String,
    pub purpose: String,
    pub reason: Option<String>,
    pub codes: Vec<String>,
    pub code_count: i64,
    pub fields: Vec<String>,
    pub door: String,
}

/// Which reads to list, newest first.
#[derive(Debug, Clone, Default)]
pub struct AccessFilter {
    pub username: Option<String>,
    /// Reads of this dossier, alone or in an export.
    pub dossier_code: Option<String>,
    pub purpose: Option<String>,
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub to: Option<DateTime<Utc>>,
    pub limit: u32,
    pub offset: u32,
}

/// Records one read: a single INSERT. A single dossier goes in `dossier_code` (indexed, what
/// "who read this dossier" asks); several go space-separated in `codes`.
pub async fn record(db: &Db, a: &NewAccess) -> Result<(), StoreError> {
    let (single, many) = match a.codes.as_slice() {
        [one] => (Some(one.clone()), None),
        list => (None, Some(list.join(" "))),
    };
    let count = i64::try_from(a.codes.len()).unwrap_or(i64::MAX);
    let fields = a.fields.join(",");
    in_tx!(db, tx => {
        sqlx::query(
            "INSERT INTO access_log (at, username, agency_code, relation, purpose, reason,
               dossier_code, codes, code_count, fields, door)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(a.at).bind(&a.username).bind(&a.agency_code).bind(&a.relation).bind(&a.purpose)
        .bind(&a.reason).bind(&single).bind(&many).bind(count).bind(&fields).bind(&a.door)
        .execute(&mut *tx).await?;
        Ok::<_, StoreError>(())
    })
}

type Row = (
    i64,
    DateTime<Utc>,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    String,
    String,
);

fn decode(r: Row) -> AccessEntry {
    let (id, at, username, agency_code, relation, purpose, reason, single, many, count, f, door) =
        r;
    let codes = match (single, many) {
        (Some(one), _) => vec![one],
        (None, Some(list)) => list.split_whitespace().map(str::to_owned).collect(),
        (None, None) => Vec::new(),
    };
    AccessEntry {
        id,
        at,
        username,
        agency_code,
        relation,
        purpose,
        reason,
        codes,
        code_count: count,
        fields: f
            .split(',')
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect(),
        door,
    }
}

/// The reads `f` selects, newest first, and how many there are in all.
pub async fn list(db: &Db, f: &AccessFilter) -> Result<(i64, Vec<AccessEntry>), StoreError> {
    let mut w = Where::default();
    if let Some(u) = &f.username {
        w.push(|p| format!("username = {p}"), u.clone());
    }
    if let Some(c) = &f.dossier_code {
        let exact = w.arg(c.clone());
        // Codes hold no spaces: a space-padded match finds a code in an export's list only.
        let within = w.arg(format!("% {c} %"));
        w.raw(format!(
            "(dossier_code = {exact} OR (dossier_code IS NULL AND ' ' || codes || ' ' LIKE {within}))"
        ));
    }
    if let Some(p) = &f.purpose {
        w.push(|x| format!("purpose = {x}"), p.clone());
    }
    // The typed arguments go last, bound after the text ones.
    let mut n = w.args.len();
    if f.from.is_some() {
        n += 1;
        w.raw(format!("at >= ${n}"));
    }
    if f.to.is_some() {
        n += 1;
        w.raw(format!("at < ${n}"));
    }
    let where_sql = w.sql();
    let args = w.args;
    let limit = f.limit.clamp(1, 10_000);
    let count_sql = format!("SELECT COUNT(*) FROM access_log WHERE {where_sql}");
    let list_sql = format!(
        "SELECT id, at, username, agency_code, relation, purpose, reason, dossier_code, codes,
           code_count, fields, door
         FROM access_log WHERE {where_sql} ORDER BY at DESC, id DESC LIMIT {limit} OFFSET {}",
        f.offset
    );
    let (total, rows): (i64, Vec<Row>) = on_read!(db, pool => {
        let mut count = sqlx::query_scalar(&count_sql);
        let mut q = sqlx::query_as(&list_sql);
        for a in &args {
            count = count.bind(a);
            q = q.bind(a);
        }
        for t in [f.from, f.to].into_iter().flatten() {
            count = count.bind(t);
            q = q.bind(t);
        }
        (count.fetch_one(pool).await?, q.fetch_all(pool).await?)
    });
    Ok((total, rows.into_iter().map(decode).collect()))
}
