//! The per-day report facts kept in step with dossier writes, and their rebuild.
//!
//! Every dossier write computes the dossier's facts ([`motcua_domain::reports::facts`]) and adds
//! `new − old` to `report_daily` in the same transaction; the old facts are the ones stored in
//! `dossiers.report_facts` by the previous write, so the table is always the exact sum of every
//! dossier's stored facts, whatever the calendar said then. [`rebuild_facts`] recomputes all of
//! them from the snapshots (after an upgrade, or when calendar overrides changed afterwards).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use motcua_calendar::{DayOverride, OverrideKind, WorkingCalendar};
use motcua_domain::dossier::Dossier;
use motcua_domain::reports::{facts, Counter, DossierFacts, FactDelta, FactKey, ProcedureInfo};

use crate::codec::to_text;
use crate::{in_tx, Db, StoreError};

/// How long a cached calendar is trusted before the overrides are read again (another process,
/// e.g. the CLI, may change them).
const CALENDAR_TTL: Duration = Duration::from_secs(60);

type CalendarCache = Mutex<HashMap<String, (Instant, Arc<WorkingCalendar>)>>;
static CALENDARS: LazyLock<CalendarCache> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The working calendar with the operator's overrides, cached per database.
pub async fn calendar(db: &Db) -> Result<Arc<WorkingCalendar>, StoreError> {
    let id = db.identity();
    if let Ok(cache) = CALENDARS.lock() {
        if let Some((at, cal)) = cache.get(&id) {
            if at.elapsed() < CALENDAR_TTL {
                return Ok(cal.clone());
            }
        }
    }
    let mut overrides = Vec::new();
    for o in crate::calendar::list_overrides(db).await? {
        let kind = match o.kind.as_str() {
            "working" => OverrideKind::Working,
            "day_off" => OverrideKind::DayOff,
            _ => OverrideKind::Holiday,
        };
        overrides.push(DayOverride {
            date: o.day,
            kind,
            name: o.name,
        });
    }
    let cal = WorkingCalendar::builder()
        .with_overrides(&overrides)
        .build()
        .map_err(|e| StoreError::Corrupt(format!("calendar: {e}")))?;
    let cal = Arc::new(cal);
    if let Ok(mut cache) = CALENDARS.lock() {
        cache.insert(id, (Instant::now(), cal.clone()));
    }
    Ok(cal)
}

/// Drops the cached calendar of `db` (its overrides changed).
pub fn forget_calendar(db: &Db) {
    if let Ok(mut cache) = CALENDARS.lock() {
        cache.remove(&db.identity());
    }
}

/// `INSERT … ON CONFLICT DO UPDATE` adding one row of counter changes to `table`
/// (`report_daily` or `report_monthly`): `$1` day, `$2..$6` key, then one parameter per counter
/// in [`Counter::ALL`] order.
fn upsert(table: &str) -> String {
    let cols: Vec<&str> = Counter::ALL.iter().map(|c| c.column()).collect();
    let params: Vec<String> = (0..cols.len()).map(|i| format!("${}", i + 7)).collect();
    let sets: Vec<String> = cols
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect();
    format!(
        "INSERT INTO {table} (day, agency_code, unit_code, field_code, procedure_code, channel, {})
         VALUES ($1, $2, $3, $4, $5, $6, {})
         ON CONFLICT (day, agency_code, unit_code, field_code, procedure_code, channel) DO UPDATE SET {}",
        cols.join(", "),
        params.join(", "),
        sets.join(", ")
    )
}

pub(crate) static UPSERT_DAILY: LazyLock<String> = LazyLock::new(|| upsert("report_daily"));
pub(crate) static UPSERT_MONTHLY: LazyLock<String> = LazyLock::new(|| upsert("report_monthly"));

/// The daily changes and their monthly roll-up, each with its statement, in lock order.
pub(crate) fn statements(
    old: Option<&DossierFacts>,
    new: Option<&DossierFacts>,
) -> Vec<(&'static str, FactDelta)> {
    let daily = motcua_domain::reports::delta(old, new);
    let monthly = motcua_domain::reports::by_month(&daily);
    let d: &'static str = UPSERT_DAILY.as_str();
    let m: &'static str = UPSERT_MONTHLY.as_str();
    daily
        .into_iter()
        .map(|x| (d, x))
        .chain(monthly.into_iter().map(|x| (m, x)))
        .collect()
}

pub(crate) fn encode(f: &Option<DossierFacts>) -> Result<Option<String>, StoreError> {
    f.as_ref()
        .map(|f| serde_json::to_string(f).map_err(|e| StoreError::Corrupt(e.to_string())))
        .transpose()
}

pub(crate) fn decode(s: Option<&str>) -> Option<DossierFacts> {
    // Unreadable old facts (should not happen) are treated as none; a rebuild repairs.
    s.and_then(|s| serde_json::from_str(s).ok())
}

/// The facts of `d` now.
pub(crate) fn of(
    d: &Dossier,
    field_code: String,
    unit_code: String,
    cal: &WorkingCalendar,
) -> Option<DossierFacts> {
    facts(
        d,
        &ProcedureInfo {
            field_code,
            unit_code,
        },
        cal,
    )
}

pub(crate) fn channel_text(k: &FactKey) -> String {
    to_text(&k.channel)
}

/// What a rebuild did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Rebuilt {
    pub dossiers: i64,
    pub rows: i64,
}

const BATCH: i64 = 2000;

/// Recomputes every dossier's facts from its state and the aggregate from them, in one
/// write (other writes wait).
pub async fn rebuild_facts(db: &Db) -> Result<Rebuilt, StoreError> {
    let cal = calendar(db).await?;
    in_tx!(db, tx => {
        sqlx::query("DELETE FROM report_daily").execute(&mut *tx).await?;
        sqlx::query("DELETE FROM report_monthly").execute(&mut *tx).await?;
        let mut agg: BTreeMap<(chrono::NaiveDate, FactKey), [i64; Counter::COUNT]> = BTreeMap::new();
        let mut last = 0i64;
        let mut dossiers = 0i64;
        loop {
            let rows: Vec<(i64, i64, String, String, String)> = sqlx::query_as(
                "SELECT d.id, d.version, s.data, p.field_code, p.unit_code
                 FROM dossiers d
                 JOIN dossier_snapshots s ON s.dossier_id = d.id
                 JOIN procedures p ON p.id = d.procedure_version_id
                 WHERE d.id > $1 ORDER BY d.id LIMIT $2",
            )
            .bind(last).bind(BATCH).fetch_all(&mut *tx).await?;
            let Some(&(id, ..)) = rows.last() else { break };
            let first = last;
            last = id;
            // The events after each snapshot, for the whole batch in one query.
            let later: Vec<(i64, String)> = sqlx::query_as(
                "SELECT e.dossier_id, e.data FROM dossier_events e
                 JOIN dossier_snapshots s ON s.dossier_id = e.dossier_id
                 WHERE e.dossier_id > $1 AND e.dossier_id <= $2 AND e.seq > s.version
                 ORDER BY e.dossier_id, e.seq",
            )
            .bind(first).bind(last).fetch_all(&mut *tx).await?;
            let mut later_by_id: BTreeMap<i64, Vec<String>> = BTreeMap::new();
            for (id, data) in later {
                later_by_id.entry(id).or_default().push(data);
            }
            for (id, version, snapshot, field, unit) in rows {
                let events = later_by_id.remove(&id).unwrap_or_default();
                let d = crate::dossiers::restore(id, version, &snapshot, &events)?.dossier;
                let f = of(&d, field, unit, &cal);
                if let Some(f) = &f {
                    for x in &f.facts {
                        agg.entry((x.day, f.key.clone())).or_insert([0; Counter::COUNT])[x.counter.index()] += x.n;
                    }
                }
                sqlx::query("UPDATE dossiers SET report_facts = $1 WHERE id = $2")
                    .bind(encode(&f)?).bind(id).execute(&mut *tx).await?;
                dossiers += 1;
            }
        }
        let daily: Vec<FactDelta> = agg
            .into_iter()
            .filter(|(_, c)| c.iter().any(|n| *n != 0))
            .map(|((day, key), counts)| FactDelta { day, key, counts })
            .collect();
        let monthly = motcua_domain::reports::by_month(&daily);
        let rows = daily.len() as i64;
        for (sql, d) in daily.iter().map(|d| (UPSERT_DAILY.as_str(), d)).chain(monthly.iter().map(|d| (UPSERT_MONTHLY.as_str(), d))) {
            let mut q = sqlx::query(sql)
                .bind(d.day).bind(&d.key.agency_code).bind(&d.key.unit_code).bind(&d.key.field_code)
                .bind(&d.key.procedure_code).bind(channel_text(&d.key));
            for n in d.counts {
                q = q.bind(n);
            }
            q.execute(&mut *tx).await?;
        }
        Ok::<_, StoreError>(Rebuilt { dossiers, rows })
    })
}

/// One row of `report_daily`: day, key and the counters in [`Counter::ALL`] order.
pub type DailyRow = (chrono::NaiveDate, [String; 5], Vec<i64>);

/// Every row of `report_daily` with a non-zero counter, in key order (for checks and tests).
pub async fn daily_rows(db: &Db) -> Result<Vec<DailyRow>, StoreError> {
    rows_of(db, "report_daily").await
}

/// Every row of `report_monthly` with a non-zero counter, in key order.
pub async fn monthly_rows(db: &Db) -> Result<Vec<DailyRow>, StoreError> {
    rows_of(db, "report_monthly").await
}

async fn rows_of(db: &Db, table: &str) -> Result<Vec<DailyRow>, StoreError> {
    use sqlx::Row;
    let cols: Vec<&str> = Counter::ALL.iter().map(|c| c.column()).collect();
    let sql = format!(
        "SELECT day, agency_code, unit_code, field_code, procedure_code, channel, {} FROM {table}
         ORDER BY day, agency_code, unit_code, field_code, procedure_code, channel",
        cols.join(", ")
    );
    let out = crate::on_read!(db, pool => {
        let rows = sqlx::query(&sql).fetch_all(pool).await?;
        let mut out: Vec<DailyRow> = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut counts = Vec::with_capacity(cols.len());
            for i in 0..cols.len() {
                counts.push(r.try_get::<i64, _>(6 + i)?);
            }
            if counts.iter().all(|n| *n == 0) {
                continue;
            }
            let key = [r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?, r.try_get(5)?];
            out.push((r.try_get(0)?, key, counts));
        }
        out
    });
    Ok(out)
}
