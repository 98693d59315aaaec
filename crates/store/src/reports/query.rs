//! The report queries: sums of `report_monthly` / `report_daily` (fast, whatever the history),
//! the catalog and the ratings; the pure arithmetic of `motcua_domain::reports` turns them into the forms.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use motcua_domain::catalog::{OnlineLevel, Procedure, PublicationStatus};
use motcua_domain::reports::split_range;
use motcua_domain::reports::{
    self, Against, Counter, Counts06a, Form06a, Form07b, GroupBy, Index766, Inputs766, Period,
    ProcedureFacts, RatingCounts, ReformInputs, ReformReport, Row06a, Sums,
};
use motcua_domain::service::RatingLevel;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use super::day::day_start;
use crate::{catalog, on_read, Db, StoreError};

/// Which dossiers a report covers (all when empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub agency_code: Option<String>,
    pub unit_code: Option<String>,
    pub field_code: Option<String>,
    pub procedure_code: Option<String>,
}

impl Scope {
    /// `AND col = $n` clauses for the set filters, numbered from `first`, with their values.
    /// `cols` names the agency, unit, field and procedure columns.
    pub(super) fn clauses(&self, first: usize, cols: [&str; 4]) -> (String, Vec<String>) {
        let mut sql = String::new();
        let mut args = Vec::new();
        let vals = [
            &self.agency_code,
            &self.unit_code,
            &self.field_code,
            &self.procedure_code,
        ];
        for (col, v) in cols.iter().zip(vals) {
            if let Some(v) = v {
                args.push(v.clone());
                sql.push_str(&format!(" AND {col} = ${}", first + args.len() - 1));
            }
        }
        (sql, args)
    }

    fn admits(&self, p: &Procedure) -> bool {
        let ok = |f: &Option<String>, v: &str| f.as_deref().is_none_or(|f| f == v);
        ok(&self.agency_code, &p.agency_code)
            && ok(&self.unit_code, &p.unit_code)
            && ok(&self.field_code, &p.field_code)
            && ok(&self.procedure_code, &p.code)
    }
}

const DAILY_COLS: [&str; 4] = ["agency_code", "unit_code", "field_code", "procedure_code"];

/// Counter sums per group: before `from` (only `before` counters) and within `[from, to]`.
struct GroupSums {
    group: String,
    before: Sums,
    within: Sums,
    online: i64,
}

fn sum_expr(cond: &str, col: &str) -> String {
    format!("CAST(COALESCE(SUM(CASE WHEN {cond} THEN {col} ELSE 0 END), 0) AS BIGINT)")
}

/// Rows of `(group, sums…)` from one aggregate query over `report_daily`.
async fn run_sums(
    db: &Db,
    sql: &str,
    dates: &[NaiveDate],
    args: &[String],
    values: usize,
) -> Result<Vec<(String, Vec<i64>)>, StoreError> {
    let out = on_read!(db, pool => {
        let mut q = sqlx::query(sql);
        for d in dates {
            q = q.bind(*d);
        }
        for a in args {
            q = q.bind(a);
        }
        let rows = q.fetch_all(pool).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let g: String = r.try_get(0)?;
            let mut v = Vec::with_capacity(values);
            for i in 1..=values {
                v.push(r.try_get::<i64, _>(i)?);
            }
            out.push((g, v));
        }
        out
    });
    Ok(out)
}

fn plain_sum(col: &str) -> String {
    format!("CAST(COALESCE(SUM({col}), 0) AS BIGINT)")
}

/// Sums of `counters` (plus online receptions when `online`) per group over the half-open day
/// range `[a, b)`: whole months from `report_monthly`, the rest from `report_daily`.
async fn range_sums(
    db: &Db,
    scope: &Scope,
    group: &str,
    counters: &[Counter],
    online: bool,
    (a, b): (NaiveDate, NaiveDate),
) -> Result<BTreeMap<String, Vec<i64>>, StoreError> {
    let (select, group_by) = if group.is_empty() {
        ("''".to_owned(), String::new())
    } else {
        (group.to_owned(), format!(" GROUP BY {group}"))
    };
    let mut cols: Vec<String> = counters.iter().map(|c| plain_sum(c.column())).collect();
    if online {
        cols.push(sum_expr("channel = 'online'", "received"));
    }
    let (filter, args) = scope.clauses(3, DAILY_COLS);
    let pieces = split_range(a, b);
    let mut parts: Vec<(&str, NaiveDate, NaiveDate)> = Vec::new();
    if let Some((m1, m2)) = pieces.months {
        parts.push(("report_monthly", m1, m2));
    }
    parts.extend(pieces.days.iter().map(|(x, y)| ("report_daily", *x, *y)));
    let mut out: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for (table, x, y) in parts {
        let sql = format!(
            "SELECT {select} AS g, {} FROM {table} WHERE day >= $1 AND day < $2{filter}{group_by}",
            cols.join(", ")
        );
        for (g, v) in run_sums(db, &sql, &[x, y], &args, cols.len()).await? {
            let acc = out.entry(g).or_insert_with(|| vec![0; cols.len()]);
            for (t, n) in acc.iter_mut().zip(v) {
                *t += n;
            }
        }
    }
    Ok(out)
}

/// The earliest day any history can have.
fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default()
}

/// Counter sums per `group` column (`""`: one row of totals): the `before` counters over the
/// days before the period, the `within` counters over the period. Whole months are read from
/// the monthly aggregate, so the cost does not grow with the length of the history.
async fn sums(
    db: &Db,
    period: &Period,
    scope: &Scope,
    group: &str,
    before: &[Counter],
    within: &[Counter],
) -> Result<Vec<GroupSums>, StoreError> {
    let mut groups: BTreeMap<String, GroupSums> = BTreeMap::new();
    let blank = |g: &String| GroupSums {
        group: g.clone(),
        before: [0; Counter::COUNT],
        within: [0; Counter::COUNT],
        online: 0,
    };
    if !before.is_empty() {
        let range = (epoch(), period.from);
        for (g, v) in range_sums(db, scope, group, before, false, range).await? {
            let s = groups.entry(g.clone()).or_insert_with(|| blank(&g));
            for (c, n) in before.iter().zip(v) {
                s.before[c.index()] = n;
            }
        }
    }
    let range = (period.from, next_day(period.to));
    for (g, v) in range_sums(db, scope, group, within, true, range).await? {
        let s = groups.entry(g.clone()).or_insert_with(|| blank(&g));
        for (c, n) in within.iter().zip(&v) {
            s.within[c.index()] = *n;
        }
        s.online = v.last().copied().unwrap_or(0);
    }
    Ok(groups.into_values().collect())
}

const OPEN: [Counter; 6] = [
    Counter::Received,
    Counter::Resolved,
    Counter::Withdrawn,
    Counter::Stopped,
    Counter::Overdue,
    Counter::OverdueX,
];

const IN_06A: [Counter; 11] = [
    Counter::Received,
    Counter::Resolved,
    Counter::Early,
    Counter::OnTime,
    Counter::Late,
    Counter::EarlyX,
    Counter::OnTimeX,
    Counter::LateX,
    Counter::Withdrawn,
    Counter::Stopped,
    Counter::Overdue,
];

/// Names of the codes a grouping shows.
async fn names(db: &Db, by: GroupBy) -> Result<HashMap<String, String>, StoreError> {
    let sql = match by {
        GroupBy::Field => "SELECT code, name FROM fields",
        GroupBy::Procedure => "SELECT code, name FROM procedures WHERE is_current",
        // Units are named per agency; a unit code shared by two agencies shows the first name.
        GroupBy::Unit => "SELECT code, name FROM units ORDER BY agency_code DESC",
        GroupBy::Agency => "SELECT code, name FROM agencies",
    };
    let rows: Vec<(String, String)> =
        on_read!(db, pool => sqlx::query_as(sql).fetch_all(pool).await?);
    Ok(rows.into_iter().collect())
}

fn group_column(by: GroupBy) -> &'static str {
    match by {
        GroupBy::Field => "field_code",
        GroupBy::Procedure => "procedure_code",
        GroupBy::Unit => "unit_code",
        GroupBy::Agency => "agency_code",
    }
}

/// Biểu II.06a for `period` over `scope`, one row per field / procedure / unit / agency.
pub async fn form_06a(
    db: &Db,
    period: &Period,
    scope: &Scope,
    group_by: GroupBy,
    against: Against,
) -> Result<Form06a, StoreError> {
    let mut within = IN_06A.to_vec();
    within.push(Counter::OverdueX);
    let groups = sums(db, period, scope, group_column(group_by), &OPEN, &within).await?;
    let names = names(db, group_by).await?;
    let rows = groups
        .into_iter()
        .map(|g| Row06a {
            name: names.get(&g.group).cloned().unwrap_or_default(),
            counts: Counts06a::from_sums(&g.before, &g.within, g.online, against),
            code: g.group,
        })
        // Groups with nothing to show (e.g. everything finished long before) are left out.
        .filter(|r| r.counts != Counts06a::default())
        .collect();
    Ok(Form06a::new(*period, group_by, against, rows))
}

/// Counter sums within `period` over `scope`, all in one.
async fn totals(db: &Db, period: &Period, scope: &Scope) -> Result<(Sums, i64), StoreError> {
    let g = sums(db, period, scope, "", &[], &Counter::ALL).await?;
    Ok(g.first()
        .map(|g| (g.within, g.online))
        .unwrap_or(([0; Counter::COUNT], 0)))
}

/// The current published procedures in scope, as the reports see them.
async fn procedures(db: &Db, scope: &Scope) -> Result<Vec<Procedure>, StoreError> {
    let c = catalog::load_catalog(db).await?;
    Ok(c.procedures
        .into_iter()
        .filter(|p| p.status == PublicationStatus::Published && scope.admits(p))
        .collect())
}

fn procedure_facts(p: &Procedure) -> ProcedureFacts {
    ProcedureFacts {
        code: p.code.clone(),
        level: p.level.clone(),
        online_level: p.online_level,
        national_portal: p.national_portal,
        cut_30: p.cut_by_30_percent(),
        inter_agency: p
            .steps
            .iter()
            .any(|s| s.agency_code.as_deref().is_some_and(|a| a != p.agency_code)),
    }
}

/// Biểu II.07b for `period` over `scope`.
pub async fn form_07b(db: &Db, period: &Period, scope: &Scope) -> Result<Form07b, StoreError> {
    let procs = procedures(db, scope).await?;
    let per = sums(
        db,
        period,
        scope,
        "procedure_code",
        &[],
        &[Counter::Received],
    )
    .await?;
    let received: BTreeMap<String, i64> = per
        .into_iter()
        .map(|g| (g.group, g.within[Counter::Received.index()]))
        .collect();
    let facts: Vec<ProcedureFacts> = procs.iter().map(procedure_facts).collect();
    Ok(reports::form_07b(*period, &facts, &received))
}

/// Ratings given within `period` on dossiers of `scope`.
async fn ratings(db: &Db, period: &Period, scope: &Scope) -> Result<RatingCounts, StoreError> {
    let (filter, args) = scope.clauses(
        3,
        [
            "d.agency_code",
            "p.unit_code",
            "p.field_code",
            "d.procedure_code",
        ],
    );
    let sql = format!(
        "SELECT r.ease, r.overall, COUNT(*) FROM ratings r
         JOIN dossiers d ON d.code = r.dossier_code
         JOIN procedures p ON p.id = d.procedure_version_id
         WHERE r.rated_at >= $1 AND r.rated_at < $2{filter}
         GROUP BY r.ease, r.overall"
    );
    let (start, end) = (day_start(period.from), day_start(next_day(period.to)));
    let rows: Vec<(String, String, i64)> = on_read!(db, pool => {
        let mut q = sqlx::query_as(&sql).bind(start).bind(end);
        for a in &args {
            q = q.bind(a);
        }
        q.fetch_all(pool).await?
    });
    let mut out = RatingCounts::default();
    for (e, o, n) in rows {
        let level = |s: &str| {
            RatingLevel::parse(s).ok_or_else(|| StoreError::Corrupt(format!("rating «{s}»")))
        };
        out.add(level(&e)?, level(&o)?, n);
    }
    Ok(out)
}

/// PAKN received within `period` about dossiers of `scope`.
async fn complaints(db: &Db, period: &Period, scope: &Scope) -> Result<i64, StoreError> {
    let (filter, args) = scope.clauses(
        3,
        [
            "d.agency_code",
            "p.unit_code",
            "p.field_code",
            "d.procedure_code",
        ],
    );
    let sql = format!(
        "SELECT COUNT(DISTINCT f.dossier_code) FROM feedback f
         JOIN dossiers d ON d.code = f.dossier_code
         JOIN procedures p ON p.id = d.procedure_version_id
         WHERE f.received_at >= $1 AND f.received_at < $2{filter}"
    );
    let (start, end) = (day_start(period.from), day_start(next_day(period.to)));
    let n: i64 = on_read!(db, pool => {
        let mut q = sqlx::query_scalar(&sql).bind(start).bind(end);
        for a in &args {
            q = q.bind(a);
        }
        q.fetch_one(pool).await?
    });
    Ok(n)
}

/// Letters of apology and new appointment (form 04) issued within `period` on dossiers of
/// `scope`: the `extended` events of the period. Only dossiers open at some time in the
/// period can have one, so the event log is read through their ids, never scanned whole.
pub async fn apologies(db: &Db, period: &Period, scope: &Scope) -> Result<i64, StoreError> {
    let (filter, args) = scope.clauses(
        3,
        [
            "d.agency_code",
            "p.unit_code",
            "p.field_code",
            "d.procedure_code",
        ],
    );
    let sql = format!(
        "SELECT COUNT(*) FROM dossiers d
         JOIN procedures p ON p.id = d.procedure_version_id
         JOIN dossier_events e ON e.dossier_id = d.id
         WHERE d.received_at < $2
           AND (COALESCE(d.finished_at, d.closed_at) IS NULL OR COALESCE(d.finished_at, d.closed_at) >= $1)
           AND e.kind = 'extended' AND e.at >= $1 AND e.at < $2{filter}"
    );
    let (start, end) = (day_start(period.from), day_start(next_day(period.to)));
    let n: i64 = on_read!(db, pool => {
        let mut q = sqlx::query_scalar(&sql).bind(start).bind(end);
        for a in &args {
            q = q.bind(a);
        }
        q.fetch_one(pool).await?
    });
    Ok(n)
}

pub(super) fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

/// The Decision 766 index for `period` over `scope` (usually one agency).
pub async fn index_766(db: &Db, period: &Period, scope: &Scope) -> Result<Index766, StoreError> {
    let (within, online) = totals(db, period, scope).await?;
    let procs = procedures(db, scope).await?;
    let committed: HashMap<&str, Option<u32>> = procs
        .iter()
        .map(|p| (p.code.as_str(), p.committed_time.working_minutes()))
        .collect();
    let per = sums(
        db,
        period,
        scope,
        "procedure_code",
        &[],
        &[Counter::Resolved, Counter::HandlingMinutes],
    )
    .await?;
    let (mut resolved_procs, mut within_committed) = (0, 0);
    for g in &per {
        let n = g.within[Counter::Resolved.index()];
        let Some(Some(limit)) = committed.get(g.group.as_str()) else {
            continue;
        };
        if n > 0 {
            resolved_procs += 1;
            let avg = g.within[Counter::HandlingMinutes.index()] as f64 / n as f64;
            if avg <= f64::from(*limit) {
                within_committed += 1;
            }
        }
    }
    let r = ratings(db, period, scope).await?;
    Ok(reports::index_766(&Inputs766 {
        within,
        received_online: online,
        procedures: procs.len() as i64,
        procedures_full_online: procs
            .iter()
            .filter(|p| p.online_level == OnlineLevel::Full)
            .count() as i64,
        procedures_resolved: resolved_procs,
        procedures_avg_within: within_committed,
        ratings: r.total(),
        ratings_dissatisfied: r.overall[2],
        complaints: complaints(db, period, scope).await?,
    }))
}

/// The reform report figures for `period` over `scope`, compared with a year earlier.
pub async fn reform_figures(
    db: &Db,
    period: &Period,
    scope: &Scope,
) -> Result<ReformReport, StoreError> {
    let (within, _) = totals(db, period, scope).await?;
    let prev_period = period.previous_year();
    let (previous, previous_online) = totals(db, &prev_period, scope).await?;
    let by_channel = sums(db, period, scope, "channel", &[], &[Counter::Received]).await?;
    let mut channels = [0i64; 3];
    for g in by_channel {
        let i = match g.group.as_str() {
            "online" => 1,
            "postal" => 2,
            _ => 0,
        };
        channels[i] += g.within[Counter::Received.index()];
    }
    let procs = procedures(db, scope).await?;
    Ok(reports::reform_report(
        *period,
        &ReformInputs {
            within,
            previous,
            channels,
            previous_online,
            procedures: procs.iter().map(procedure_facts).collect(),
            ratings: ratings(db, period, scope).await?,
        },
    ))
}
