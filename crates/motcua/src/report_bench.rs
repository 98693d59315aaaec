//! `motcua bench report`: fills the report facts as a long history of many dossiers would leave
//! them (in bulk, straight into `report_daily`) and times Biểu II.06a for its last year.
//! Run on a release build against an empty database; `bench/report.sh` runs both stores.

use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use motcua_domain::reports::{Against, CutOff, GroupBy, Period};
use motcua_store::reports::bench::{analyze, fill_synthetic_history, HistorySpec};
use motcua_store::reports::{form_06a, Scope};
use motcua_store::Db;

#[derive(clap::Args, Debug)]
pub struct ReportBenchArgs {
    /// Dossiers in the history.
    #[arg(long, default_value_t = 10_000_000)]
    dossiers: u64,
    /// Years of history, ending with the measured year.
    #[arg(long, default_value_t = 10)]
    years: u32,
    /// Procedures (the first user publishes 133).
    #[arg(long, default_value_t = 133)]
    procedures: u32,
    /// Timed runs per query (the median is reported).
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

pub async fn run(args: ReportBenchArgs, db: &Db) -> anyhow::Result<()> {
    let last_year = 2025;
    let first = NaiveDate::from_ymd_opt(last_year - args.years as i32 + 1, 1, 1)
        .ok_or_else(|| anyhow::anyhow!("years"))?;
    let end = NaiveDate::from_ymd_opt(last_year, 12, 31).ok_or_else(|| anyhow::anyhow!("date"))?;
    let days = (end - first).num_days() as u32 + 1;
    let spec = HistorySpec {
        first_day: first,
        days,
        agencies: 3,
        fields: 11,
        procedures: args.procedures,
        dossiers: args.dossiers,
    };
    let t = Instant::now();
    let rows = fill_synthetic_history(db, &spec).await?;
    analyze(db).await?;
    println!(
        "{:?}: {rows} rows of report_daily ({} days × {} procedures × 3 channels, {} dossiers) loaded in {:.1} s",
        db.backend(),
        days,
        args.procedures,
        args.dossiers,
        t.elapsed().as_secs_f64()
    );
    let year = Period::year(end.year(), CutOff::default())?;
    let agency = Scope {
        agency_code: Some("000.00.00.H56".into()),
        ..Scope::default()
    };
    let cases = [
        (
            "II.06a, one year, all agencies, by field",
            Scope::default(),
            GroupBy::Field,
        ),
        (
            "II.06a, one year, one agency, by field",
            agency.clone(),
            GroupBy::Field,
        ),
        (
            "II.06a, one year, one agency, by procedure",
            agency,
            GroupBy::Procedure,
        ),
    ];
    for (name, scope, by) in cases {
        let mut times = Vec::with_capacity(args.runs);
        let mut total = 0;
        for _ in 0..args.runs.max(1) {
            let t = Instant::now();
            let f = form_06a(db, &year, &scope, by, Against::Original).await?;
            times.push(t.elapsed());
            total = f.total.received_total;
        }
        let med = median(times.clone());
        let all: Vec<String> = times
            .iter()
            .map(|d| format!("{:.0}", d.as_secs_f64() * 1e3))
            .collect();
        println!(
            "{name}: median {:.0} ms (runs: {} ms; received total {total})",
            med.as_secs_f64() * 1e3,
            all.join(", ")
        );
    }
    Ok(())
}
