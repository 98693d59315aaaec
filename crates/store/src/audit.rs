//! The administrators' audit log: who changed what, when, with the value before and after
//! (JSON). An entry is written by [`audit_insert!`] inside the transaction of the change it
//! records, so there is never a change without its entry nor an entry without its change.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{on_read, Db, Result, StoreError};

/// One administrative change, as the use case describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// The administrator's user name (`system` for the command line).
    pub actor: String,
    /// What was done, e.g. `user.update`, `settings.smtp`, `calendar.set`.
    pub action: String,
    /// What it was done to, e.g. `user:12 (nva)`, `agency:000.17.22.H56`, `day:2026-09-02`.
    pub target: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl AuditEntry {
    pub fn new(actor: &str, action: &str, target: impl Into<String>) -> AuditEntry {
        AuditEntry {
            actor: actor.to_owned(),
            action: action.to_owned(),
            target: target.into(),
            before: None,
            after: None,
        }
    }

    /// The value before the change (anything serializable; secrets must be left out by the caller).
    pub fn before<T: Serialize>(mut self, v: &T) -> AuditEntry {
        self.before = serde_json::to_value(v).ok();
        self
    }

    pub fn after<T: Serialize>(mut self, v: &T) -> AuditEntry {
        self.after = serde_json::to_value(v).ok();
        self
    }

    /// The JSON texts as stored.
    pub fn before_json(&self) -> Option<String> {
        self.before.as_ref().map(|v| v.to_string())
    }

    pub fn after_json(&self) -> Option<String> {
        self.after.as_ref().map(|v| v.to_string())
    }
}

/// Writes `$entry` (an `Option<&AuditEntry>` or `&AuditEntry`) on the open transaction `$tx`
/// of an [`in_tx!`](crate::in_tx) body; `?` on failure rolls the whole change back.
#[macro_export]
macro_rules! audit_insert {
    ($tx:ident, $entry:expr) => {
        if let Some(e) = ::std::option::Option::<&$crate::audit::AuditEntry>::from($entry) {
            sqlx::query(
                "INSERT INTO admin_audit (at, actor, action, target, before_json, after_json)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind($crate::now())
            .bind(&e.actor)
            .bind(&e.action)
            .bind(&e.target)
            .bind(e.before_json())
            .bind(e.after_json())
            .execute(&mut *$tx)
            .await?;
        }
    };
}

/// Records `entry` alone, for an administrative action that changes nothing else in the
/// database (e.g. a token handed out is itself the write; see the callers).
pub async fn record(db: &Db, entry: &AuditEntry) -> Result<()> {
    crate::in_tx!(db, tx => {
        audit_insert!(tx, entry);
        Ok::<_, StoreError>(())
    })
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: DateTime<Utc>,
    actor: String,
    action: String,
    target: String,
    before_json: Option<String>,
    after_json: Option<String>,
}

/// Filters of the audit page; empty means everything.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    /// The action, or its area (`user` matches `user.update`, `user.unlock`…).
    pub action: Option<String>,
    /// Part of the target (case-insensitive for ASCII letters).
    pub target: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

enum Arg {
    Text(String),
    Time(DateTime<Utc>),
}

/// Entries matching `f`, newest first, at most `limit` from `offset`.
pub async fn search(db: &Db, f: &AuditFilter, limit: i64, offset: i64) -> Result<Vec<AuditRecord>> {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<Arg> = Vec::new();
    let mut push = |clause: &dyn Fn(&str) -> String, a: Arg| {
        args.push(a);
        clauses.push(clause(&format!("${}", args.len())));
    };
    if let Some(a) = f.actor.as_deref().filter(|s| !s.is_empty()) {
        push(&|p| format!("actor = {p}"), Arg::Text(a.to_owned()));
    }
    if let Some(a) = f.action.as_deref().filter(|s| !s.is_empty()) {
        push(
            &|p| format!("(action = {p} OR action LIKE {p} || '.%')"),
            Arg::Text(a.to_owned()),
        );
    }
    if let Some(t) = f.target.as_deref().filter(|s| !s.is_empty()) {
        push(
            &|p| format!("LOWER(target) LIKE {p}"),
            Arg::Text(format!("%{}%", t.to_lowercase())),
        );
    }
    if let Some(t) = f.from {
        push(&|p| format!("at >= {p}"), Arg::Time(t));
    }
    if let Some(t) = f.until {
        push(&|p| format!("at < {p}"), Arg::Time(t));
    }
    let filter = if clauses.is_empty() {
        "TRUE".to_owned()
    } else {
        clauses.join(" AND ")
    };
    let sql = format!(
        "SELECT id, at, actor, action, target, before_json, after_json FROM admin_audit
         WHERE {filter} ORDER BY id DESC LIMIT {} OFFSET {}",
        limit.max(0),
        offset.max(0)
    );
    let rows: Vec<Row> = on_read!(db, pool => {
        let mut q = sqlx::query_as(&sql);
        for a in &args {
            q = match a {
                Arg::Text(s) => q.bind(s.clone()),
                Arg::Time(t) => q.bind(*t),
            };
        }
        q.fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .map(|r| AuditRecord {
            id: r.id,
            at: r.at,
            actor: r.actor,
            action: r.action,
            target: r.target,
            before: r.before_json,
            after: r.after_json,
        })
        .collect())
}
