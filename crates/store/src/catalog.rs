//! The procedure catalog in the database: agencies, units, fields and versioned procedures.
//!
//! A changed procedure is never updated in place: a new version row is inserted and becomes
//! current, so a dossier that pinned an older version id still reads what it was received under.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use motcua_domain::text::{fold, query_terms};
use motcua_domain::{Agency, Catalog, Field, OnlineLevel, Procedure, Unit};
use serde::Serialize;

use crate::codec::{join_lines, to_text};
use crate::sql::Where;
use crate::{in_tx, on_read, Db, Result, StoreError};

mod edit;
mod model;
mod rows;
pub use edit::{upsert_agency, upsert_agency_audited, upsert_unit, upsert_unit_audited};
use model::Children;
pub use model::{ProcedureSummary, StoredProcedure};
use rows::{ComponentRow, FeeRow, ProcedureRow, StepRow, PROCEDURE_COLUMNS};

/// What a catalog import changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub agencies: usize,
    pub units: usize,
    pub fields: usize,
    pub procedures_added: usize,
    pub procedures_changed: usize,
    pub procedures_unchanged: usize,
}

/// Filters for listing procedures; empty means "all current versions".
#[derive(Debug, Clone, Default)]
pub struct ProcedureFilter {
    pub q: Option<String>,
    pub field_code: Option<String>,
    pub agency_code: Option<String>,
    pub online_level: Option<OnlineLevel>,
    /// Only published procedures (what the public sees).
    pub published_only: bool,
    pub page: u32,
    pub per_page: u32,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

fn procedure_where(f: &ProcedureFilter) -> Where {
    let mut w = Where::default();
    w.raw("is_current".into());
    if f.published_only {
        w.raw("status = 'published'".into());
    }
    if let Some(v) = &f.field_code {
        w.push(|p| format!("field_code = {p}"), v.clone());
    }
    if let Some(v) = &f.agency_code {
        w.push(|p| format!("agency_code = {p}"), v.clone());
    }
    if let Some(v) = f.online_level {
        w.push(|p| format!("online_level = {p}"), to_text(&v));
    }
    for term in f.q.as_deref().map(query_terms).unwrap_or_default() {
        // Folded text has no LIKE metacharacters but `_`; escape it anyway.
        let pattern = format!("% {} %", term.replace('_', "\\_"));
        w.push(|p| format!("search_text LIKE {p} ESCAPE '\\'"), pattern);
    }
    w
}

/// The folded text a procedure is found by: code, name, field and result, padded with spaces so
/// a term matches whole words' beginnings and ends (`% ruou %`).
fn search_text(p: &Procedure, field_name: &str) -> String {
    let mut s = String::from(" ");
    for part in [p.code.as_str(), &p.name, field_name, &p.result_name] {
        s.push_str(&fold(part));
        s.push(' ');
    }
    s
}

/// Counts current procedures, to decide whether demo data may be loaded.
pub async fn procedure_count(db: &Db) -> Result<i64> {
    let n: i64 = on_read!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM procedures WHERE is_current"
    ).fetch_one(pool).await?);
    Ok(n)
}

/// Lists current procedure versions matching `filter`, in catalog order.
pub async fn list_procedures(db: &Db, filter: &ProcedureFilter) -> Result<Page<ProcedureSummary>> {
    let w = procedure_where(filter);
    let per_page = filter.per_page.clamp(1, 500);
    let page = filter.page.max(1);
    let count_sql = format!("SELECT COUNT(*) FROM procedures WHERE {}", w.sql());
    let list_sql = format!(
        "SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE {} ORDER BY position, code LIMIT {} OFFSET {}",
        w.sql(),
        per_page,
        (page as i64 - 1) * per_page as i64
    );
    let (total, rows): (i64, Vec<ProcedureRow>) = on_read!(db, pool => {
        let mut count = sqlx::query_scalar(&count_sql);
        let mut list = sqlx::query_as(&list_sql);
        for a in &w.args {
            count = count.bind(a);
            list = list.bind(a);
        }
        (count.fetch_one(pool).await?, list.fetch_all(pool).await?)
    });
    let items = rows
        .into_iter()
        .map(ProcedureRow::summary)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
    })
}

/// The current version of procedure `code`, complete.
pub async fn get_procedure(db: &Db, code: &str) -> Result<Option<StoredProcedure>> {
    let sql = format!("SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE code = $1 AND is_current");
    load_one(db, &sql, code, None).await
}

/// Procedure versions are never changed once written, so the ones dossiers pin are cached for
/// the life of the process (every action on a dossier needs its pinned version).
type VersionCache = std::sync::Mutex<HashMap<(String, i64), std::sync::Arc<StoredProcedure>>>;

fn version_cache() -> &'static VersionCache {
    static CACHE: std::sync::OnceLock<VersionCache> = std::sync::OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The procedure version with row id `id` (what a dossier pinned), from the cache when seen.
pub async fn get_procedure_by_id_cached(
    db: &Db,
    id: i64,
) -> Result<Option<std::sync::Arc<StoredProcedure>>> {
    let key = (db.identity(), id);
    if let Some(hit) = version_cache()
        .lock()
        .ok()
        .and_then(|c| c.get(&key).cloned())
    {
        return Ok(Some(hit));
    }
    let Some(p) = get_procedure_by_id(db, id).await? else {
        return Ok(None);
    };
    let p = std::sync::Arc::new(p);
    if let Ok(mut c) = version_cache().lock() {
        // Bounded: a catalog has hundreds of versions; start over rather than grow forever.
        if c.len() >= 10_000 {
            c.clear();
        }
        c.insert(key, p.clone());
    }
    Ok(Some(p))
}

/// The procedure version with row id `id` (what a dossier pinned).
pub async fn get_procedure_by_id(db: &Db, id: i64) -> Result<Option<StoredProcedure>> {
    let sql = format!("SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE id = $1 AND $2 = $2");
    let row: Option<ProcedureRow> =
        on_read!(db, pool => sqlx::query_as(&sql).bind(id).bind(0_i64).fetch_optional(pool).await?);
    let Some(row) = row else { return Ok(None) };
    let children = load_children(db, Some(id)).await?;
    Ok(Some(row.into_stored(children.get(&id))?))
}

/// Version `version` of procedure `code`, current or not.
pub async fn get_procedure_version(
    db: &Db,
    code: &str,
    version: i64,
) -> Result<Option<StoredProcedure>> {
    let sql =
        format!("SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE code = $1 AND version = $2");
    load_one(db, &sql, code, Some(version)).await
}

async fn load_one(
    db: &Db,
    sql: &str,
    code: &str,
    version: Option<i64>,
) -> Result<Option<StoredProcedure>> {
    let row: Option<ProcedureRow> = on_read!(db, pool => {
        let mut q = sqlx::query_as(sql).bind(code);
        if let Some(v) = version {
            q = q.bind(v);
        }
        q.fetch_optional(pool).await?
    });
    let Some(row) = row else { return Ok(None) };
    let id = row.id;
    let children = load_children(db, Some(id)).await?;
    Ok(Some(row.into_stored(children.get(&id))?))
}

/// All versions of procedure `code`, newest first: `(version, created_at, is_current)`.
pub async fn procedure_versions(db: &Db, code: &str) -> Result<Vec<(i64, DateTime<Utc>, bool)>> {
    let rows = on_read!(db, pool => sqlx::query_as(
        "SELECT version, created_at, is_current FROM procedures WHERE code = $1 ORDER BY version DESC"
    ).bind(code).fetch_all(pool).await?);
    Ok(rows)
}

/// Loads fees, components and steps of one procedure version, or of every current one.
async fn load_children(db: &Db, id: Option<i64>) -> Result<HashMap<i64, Children>> {
    // `$1 = $1` keeps one bind in both shapes of the query.
    let (filter, arg) = match id {
        Some(id) => ("procedure_id = $1", id),
        None => (
            "procedure_id IN (SELECT id FROM procedures WHERE is_current) AND $1 = $1",
            0,
        ),
    };
    // One query per child table, ordered, then grouped here: no N+1 round trips on export.
    let fees_sql = format!(
        "SELECT procedure_id, name, amount_vnd, description FROM procedure_fees WHERE {filter} ORDER BY procedure_id, position"
    );
    let comps_sql = format!(
        "SELECT procedure_id, name, originals, certified_copies, copies, required, template, note
         FROM procedure_components WHERE {filter} ORDER BY procedure_id, position"
    );
    let steps_sql = format!(
        "SELECT procedure_id, name, role, unit_code, agency_code, minutes FROM procedure_steps WHERE {filter} ORDER BY procedure_id, position"
    );
    let (fees, comps, steps): (Vec<FeeRow>, Vec<ComponentRow>, Vec<StepRow>) = on_read!(db, pool => (
        sqlx::query_as(&fees_sql).bind(arg).fetch_all(pool).await?,
        sqlx::query_as(&comps_sql).bind(arg).fetch_all(pool).await?,
        sqlx::query_as(&steps_sql).bind(arg).fetch_all(pool).await?,
    ));
    let mut out: HashMap<i64, Children> = HashMap::new();
    for f in fees {
        out.entry(f.procedure_id).or_default().fees.push(f.into());
    }
    for c in comps {
        out.entry(c.procedure_id)
            .or_default()
            .components
            .push(c.into());
    }
    for s in steps {
        let id = s.procedure_id;
        out.entry(id).or_default().steps.push(s.into_step()?);
    }
    Ok(out)
}

/// Agencies with their units, in catalog order.
pub async fn list_agencies(db: &Db) -> Result<Vec<Agency>> {
    type AgencyRow = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let (agencies, units): (Vec<AgencyRow>, Vec<(String, String, String)>) = on_read!(db, pool => (
        sqlx::query_as("SELECT code, name, parent_code, address, phone, email FROM agencies ORDER BY position, code")
            .fetch_all(pool).await?,
        sqlx::query_as("SELECT agency_code, code, name FROM units ORDER BY agency_code, position, code")
            .fetch_all(pool).await?,
    ));
    let mut by_agency: HashMap<String, Vec<Unit>> = HashMap::new();
    for (agency, code, name) in units {
        by_agency
            .entry(agency)
            .or_default()
            .push(Unit { code, name });
    }
    Ok(agencies
        .into_iter()
        .map(|(code, name, parent_code, address, phone, email)| Agency {
            units: by_agency.remove(&code).unwrap_or_default(),
            code,
            name,
            parent_code,
            address,
            phone,
            email,
        })
        .collect())
}

/// Fields in catalog order.
pub async fn list_fields(db: &Db) -> Result<Vec<Field>> {
    let rows: Vec<(String, String)> = on_read!(db, pool => sqlx::query_as(
        "SELECT code, name FROM fields ORDER BY position, code"
    ).fetch_all(pool).await?);
    Ok(rows
        .into_iter()
        .map(|(code, name)| Field { code, name })
        .collect())
}

/// The whole current catalog, as an export holds it.
pub async fn load_catalog(db: &Db) -> Result<Catalog> {
    let agencies = list_agencies(db).await?;
    let fields = list_fields(db).await?;
    let sql = format!(
        "SELECT {PROCEDURE_COLUMNS} FROM procedures WHERE is_current ORDER BY position, code"
    );
    let rows: Vec<ProcedureRow> = on_read!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await?);
    let children = load_children(db, None).await?;
    let procedures = rows
        .into_iter()
        .map(|r| {
            let c = children.get(&r.id);
            r.into_stored(c).map(|s| s.procedure)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Catalog {
        agencies,
        fields,
        procedures,
    })
}

/// Applies a validated catalog in one transaction: agencies, units and fields are upserted;
/// each procedure that differs from its current version becomes a new version.
///
/// The caller validates first (`Catalog::validate`); the database's constraints are the last
/// line of defence, and any failure rolls everything back.
pub async fn import_catalog(
    db: &Db,
    catalog: &Catalog,
    actor: Option<&str>,
) -> Result<ImportSummary> {
    import_catalog_audited(db, catalog, actor, None).await
}

/// [`import_catalog`] with its audit entry in the same transaction.
pub async fn import_catalog_audited(
    db: &Db,
    catalog: &Catalog,
    actor: Option<&str>,
    audit: Option<&crate::audit::AuditEntry>,
) -> Result<ImportSummary> {
    let now = crate::now();
    let mut summary = ImportSummary::default();
    let field_names: HashMap<&str, &str> = catalog
        .fields
        .iter()
        .map(|f| (f.code.as_str(), f.name.as_str()))
        .collect();
    let mut known_fields = HashMap::new();
    for f in list_fields(db).await? {
        known_fields.insert(f.code, f.name);
    }
    let mut current = HashMap::new();
    for p in &catalog.procedures {
        if let Some(stored) = get_procedure(db, &p.code).await? {
            current.insert(p.code.clone(), stored);
        }
    }
    let next_position: i64 = on_read!(db, pool => sqlx::query_scalar(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM procedures"
    ).fetch_one(pool).await?);
    in_tx!(db, tx => {
        for (i, a) in catalog.agencies.iter().enumerate() {
            sqlx::query(
                "INSERT INTO agencies (code, name, parent_code, address, phone, email, position, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code,
                   address = excluded.address, phone = excluded.phone, email = excluded.email,
                   position = excluded.position, updated_at = excluded.updated_at",
            )
            .bind(&a.code).bind(&a.name).bind(&a.parent_code).bind(&a.address).bind(&a.phone)
            .bind(&a.email).bind(i as i64).bind(now)
            .execute(&mut *tx).await?;
            summary.agencies += 1;
            for (j, u) in a.units.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO units (agency_code, code, name, position) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (agency_code, code) DO UPDATE SET name = excluded.name, position = excluded.position",
                )
                .bind(&a.code).bind(&u.code).bind(&u.name).bind(j as i64)
                .execute(&mut *tx).await?;
                summary.units += 1;
            }
        }
        for (i, f) in catalog.fields.iter().enumerate() {
            sqlx::query(
                "INSERT INTO fields (code, name, position) VALUES ($1, $2, $3)
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, position = excluded.position",
            )
            .bind(&f.code).bind(&f.name).bind(i as i64)
            .execute(&mut *tx).await?;
            summary.fields += 1;
        }
        for (i, p) in catalog.procedures.iter().enumerate() {
            let old = current.get(&p.code);
            if old.is_some_and(|o| &o.procedure == p) {
                summary.procedures_unchanged += 1;
                continue;
            }
            let field_name = field_names
                .get(p.field_code.as_str())
                .copied()
                .or(known_fields.get(&p.field_code).map(String::as_str))
                .unwrap_or_default();
            let (version, position) = match old {
                Some(o) => {
                    sqlx::query("UPDATE procedures SET is_current = FALSE WHERE id = $1")
                        .bind(o.id).execute(&mut *tx).await?;
                    summary.procedures_changed += 1;
                    let pos: i64 = sqlx::query_scalar("SELECT position FROM procedures WHERE id = $1")
                        .bind(o.id).fetch_one(&mut *tx).await?;
                    (o.version + 1, pos)
                }
                None => {
                    summary.procedures_added += 1;
                    (1, next_position + i as i64)
                }
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO procedures (code, version, is_current, name, field_code, agency_code, unit_code, level,
                   applicant_types, statutory_unit, statutory_half_days, committed_unit, committed_half_days,
                   same_day_cutoff, fee_timing, sets, result_name, result_kind, online_level, national_portal,
                   on_the_spot, conditions, legal_basis, effective_from, effective_to, status, search_text,
                   position, created_at, created_by)
                 VALUES ($1, $2, TRUE, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                   $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29)
                 RETURNING id",
            )
            .bind(&p.code).bind(version).bind(&p.name).bind(&p.field_code).bind(&p.agency_code)
            .bind(&p.unit_code).bind(&p.level)
            .bind(p.applicant_types.iter().map(to_text).collect::<Vec<_>>().join(","))
            .bind(to_text(&p.statutory_time.unit)).bind(p.statutory_time.half_days())
            .bind(to_text(&p.committed_time.unit)).bind(p.committed_time.half_days())
            .bind(p.same_day_cutoff).bind(to_text(&p.fee_timing)).bind(p.sets as i64)
            .bind(&p.result_name).bind(to_text(&p.result_kind)).bind(to_text(&p.online_level))
            .bind(p.national_portal).bind(p.on_the_spot).bind(&p.conditions)
            .bind(join_lines(&p.legal_basis)).bind(p.effective_from).bind(p.effective_to)
            .bind(to_text(&p.status)).bind(search_text(p, field_name)).bind(position)
            .bind(now).bind(actor)
            .fetch_one(&mut *tx).await?;
            for (j, f) in p.fees.iter().enumerate() {
                sqlx::query("INSERT INTO procedure_fees (procedure_id, position, name, amount_vnd, description) VALUES ($1, $2, $3, $4, $5)")
                    .bind(id).bind(j as i64).bind(&f.name).bind(f.amount_vnd).bind(&f.description)
                    .execute(&mut *tx).await?;
            }
            for (j, c) in p.components.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO procedure_components (procedure_id, position, name, originals, certified_copies, copies, required, template, note)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(id).bind(j as i64).bind(&c.name).bind(c.originals as i64).bind(c.certified_copies as i64)
                .bind(c.copies as i64).bind(c.required).bind(&c.template).bind(&c.note)
                .execute(&mut *tx).await?;
            }
            for (j, s) in p.steps.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO procedure_steps (procedure_id, position, name, role, unit_code, agency_code, minutes)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id).bind(j as i64).bind(&s.name).bind(s.role.as_str()).bind(&s.unit_code)
                .bind(&s.agency_code).bind(s.minutes() as i64)
                .execute(&mut *tx).await?;
            }
        }
        crate::audit_insert!(tx, audit);
        Ok::<_, StoreError>(())
    })?;
    Ok(summary)
}
