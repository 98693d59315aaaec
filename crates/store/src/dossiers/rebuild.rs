//! [`rebuild_facts`]: every dossier's report facts recomputed from its stored state, and
//! `report_daily` / `report_monthly` rebuilt as their sum (after an upgrade, or when the
//! calendar's overrides or office hours changed after the facts were written).

use std::collections::BTreeMap;

use motcua_calendar::WorkingCalendar;
use motcua_domain::reports::{facts, Counter, FactDelta, FactKey, ProcedureInfo};

use super::facts::{channel_text, encode, UPSERT_DAILY, UPSERT_MONTHLY};
use super::read::restore;
use crate::{in_tx, Db, StoreError};

/// What a rebuild did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Rebuilt {
    pub dossiers: i64,
    pub rows: i64,
}

const BATCH: i64 = 2000;

/// Recomputes every dossier's facts from its state on `cal` (the working calendar in force)
/// and the aggregate from them, in one write (other writes wait).
pub async fn rebuild_facts(db: &Db, cal: &WorkingCalendar) -> Result<Rebuilt, StoreError> {
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
                let d = restore(id, version, &snapshot, &events)?.dossier;
                let info = ProcedureInfo { field_code: field, unit_code: unit };
                let f = facts(&d, &info, cal);
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
