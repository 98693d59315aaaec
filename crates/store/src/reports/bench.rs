//! A synthetic `report_daily` as a long, large history would leave it, loaded in bulk — for
//! the report benchmark (`motcua bench report`), never for real data.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use motcua_domain::reports::{month_start, Counter};

use crate::{in_tx, Db, StoreError};

/// The shape of the synthetic history.
#[derive(Debug, Clone)]
pub struct HistorySpec {
    pub first_day: NaiveDate,
    pub days: u32,
    pub agencies: u32,
    pub fields: u32,
    pub procedures: u32,
    /// Dossiers received over the whole history (spread evenly over the rows).
    pub dossiers: u64,
}

/// Rows per INSERT statement.
const ROWS_PER_INSERT: usize = 500;
/// Statements per transaction.
const INSERTS_PER_TX: usize = 20;

/// A tiny deterministic generator (no dependency for a benchmark or a test's shuffling).
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        if n == 0 {
            0
        } else {
            (self.0 >> 33) % n
        }
    }
}

/// Empties `report_daily` / `report_monthly` and fills them with one row per day × procedure × channel (the most a
/// history can have: every key busy every day), counters summing to about `spec.dossiers`
/// received. Values are generated numbers written as literals. Returns the rows written.
pub async fn fill_synthetic_history(db: &Db, spec: &HistorySpec) -> Result<u64, StoreError> {
    in_tx!(db, tx => {
        sqlx::query("DELETE FROM report_daily").execute(&mut *tx).await?;
        sqlx::query("DELETE FROM report_monthly").execute(&mut *tx).await?;
        Ok::<_, StoreError>(())
    })?;
    let cols: Vec<&str> = Counter::ALL.iter().map(|c| c.column()).collect();
    let insert = |table: &str| {
        format!(
            "INSERT INTO {table} (day, agency_code, unit_code, field_code, procedure_code, channel, {}) VALUES ",
            cols.join(", ")
        )
    };
    let head = insert("report_daily");
    // The monthly roll-up, as the writes keep it.
    let mut months: BTreeMap<(NaiveDate, String), [i64; Counter::COUNT]> = BTreeMap::new();
    let rows_total = u64::from(spec.days) * u64::from(spec.procedures) * 3;
    let per_row = (spec.dossiers / rows_total.max(1)).max(1);
    let mut rng = Lcg(42);
    let mut values: Vec<String> = Vec::with_capacity(ROWS_PER_INSERT);
    let mut statements: Vec<String> = Vec::with_capacity(INSERTS_PER_TX);
    let mut written = 0u64;
    for d in 0..spec.days {
        let day = spec.first_day + Days::new(u64::from(d));
        for p in 0..spec.procedures {
            let agency = format!("000.00.{:02}.H56", p % spec.agencies.max(1));
            let field = format!("F{:02}", p % spec.fields.max(1));
            let unit = format!("U{:02}", p % 7);
            for channel in ["direct", "online", "postal"] {
                let received = rng.below(2 * per_row + 1) as i64;
                let late = received / 10;
                let early = received * 6 / 10;
                let on_time = received - late - early;
                let mut c = [0i64; Counter::COUNT];
                c[Counter::Received.index()] = received;
                c[Counter::Resolved.index()] = received;
                c[Counter::Early.index()] = early;
                c[Counter::OnTime.index()] = on_time;
                c[Counter::Late.index()] = late;
                c[Counter::EarlyX.index()] = early;
                c[Counter::OnTimeX.index()] = on_time + late / 2;
                c[Counter::LateX.index()] = late - late / 2;
                c[Counter::HandlingMinutes.index()] = received * 2400;
                c[Counter::Overdue.index()] = rng.below(3) as i64 - 1;
                c[Counter::OverdueX.index()] = c[Counter::Overdue.index()];
                c[Counter::EResult.index()] = received / 2;
                let nums: Vec<String> = c.iter().map(i64::to_string).collect();
                let key = format!("'{agency}', '{unit}', '{field}', 'P{p:04}', '{channel}'");
                values.push(format!("('{day}', {key}, {})", nums.join(", ")));
                let m = months
                    .entry((month_start(day), key))
                    .or_insert([0; Counter::COUNT]);
                for (t, n) in m.iter_mut().zip(c) {
                    *t += n;
                }
                if values.len() == ROWS_PER_INSERT {
                    statements.push(format!("{head}{}", values.join(", ")));
                    written += values.len() as u64;
                    values.clear();
                }
                if statements.len() == INSERTS_PER_TX {
                    run_all(db, &statements).await?;
                    statements.clear();
                }
            }
        }
    }
    if !values.is_empty() {
        written += values.len() as u64;
        statements.push(format!("{head}{}", values.join(", ")));
    }
    run_all(db, &statements).await?;
    let head = insert("report_monthly");
    let rows: Vec<String> = months
        .into_iter()
        .map(|((m, key), c)| {
            let nums: Vec<String> = c.iter().map(i64::to_string).collect();
            format!("('{m}', {key}, {})", nums.join(", "))
        })
        .collect();
    let statements: Vec<String> = rows
        .chunks(ROWS_PER_INSERT)
        .map(|chunk| format!("{head}{}", chunk.join(", ")))
        .collect();
    for batch in statements.chunks(INSERTS_PER_TX) {
        run_all(db, batch).await?;
    }
    Ok(written)
}

async fn run_all(db: &Db, statements: &[String]) -> Result<(), StoreError> {
    if statements.is_empty() {
        return Ok(());
    }
    in_tx!(db, tx => {
        for s in statements {
            sqlx::query(s).execute(&mut *tx).await?;
        }
        Ok::<_, StoreError>(())
    })
}

/// Refreshes the planner's statistics after a bulk load.
pub async fn analyze(db: &Db) -> Result<(), StoreError> {
    in_tx!(db, tx => {
        sqlx::query("ANALYZE").execute(&mut *tx).await?;
        Ok::<_, StoreError>(())
    })
}
