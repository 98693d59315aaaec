//! `motcua demo --dossiers N [--years Y]`: a realistic history for the demo, the reports and
//! the benchmarks. Each dossier's life is decided by the real domain at simulated instants
//! ([`simulate`]) and stored like a live one (one transaction per dossier, report facts kept
//! in step); writers run concurrently so SQLite's group commit batches them. Ratings follow
//! returned dossiers; a few feedback items (PAKN) are filed.

mod simulate;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use motcua_calendar::{WorkingCalendar, VN_OFFSET};
use motcua_domain::dossier::{vn_date, Status};
use motcua_domain::service::{Contact, FeedbackKind, NewFeedback, Rating, RatingLevel};
use motcua_domain::PublicationStatus;
use motcua_store::catalog::{self, ProcedureFilter, StoredProcedure};
use motcua_store::dossiers::FactsBasis;
use motcua_store::{dossiers, feedback, ratings, Db};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub use simulate::{simulate, Profile, SimError};

#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// How many dossiers to create.
    #[arg(long)]
    pub dossiers: u64,
    /// Over how many years before today.
    #[arg(long, default_value_t = 2)]
    pub years: u32,
    /// Seed of the random choices (the same seed gives the same history on an empty store).
    #[arg(long, default_value_t = 766)]
    pub seed: u64,
    /// Concurrent writers.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// No progress bar and no summary on the terminal (the demo server's background fill).
    #[arg(skip)]
    pub quiet: bool,
}

/// A random office-hours instant on a working day between `from` and `to`.
fn office_instant(
    rng: &mut StdRng,
    cal: &WorkingCalendar,
    from: NaiveDate,
    days: i64,
) -> DateTime<Utc> {
    loop {
        let day = from + Duration::days(rng.gen_range(0..days.max(1)));
        if !cal.is_working_day(day).unwrap_or(false) {
            continue;
        }
        let (h, m) = if rng.gen_bool(0.55) {
            (rng.gen_range(7..11), rng.gen_range(0..60))
        } else {
            (rng.gen_range(13..16), rng.gen_range(30..60))
        };
        if let Some(t) = day
            .and_hms_opt(h, m, 0)
            .and_then(|t| VN_OFFSET.from_local_datetime(&t).single())
        {
            return t.with_timezone(&Utc);
        }
    }
}

fn level(rng: &mut StdRng) -> RatingLevel {
    match rng.gen_range(0..100) {
        0..=84 => RatingLevel::VerySatisfied,
        85..=97 => RatingLevel::Satisfied,
        _ => RatingLevel::Dissatisfied,
    }
}

pub async fn run(args: DemoArgs, db: &Db, cal: Arc<WorkingCalendar>) -> anyhow::Result<()> {
    let summaries = catalog::list_procedures(
        db,
        &ProcedureFilter {
            published_only: true,
            per_page: 10_000,
            ..Default::default()
        },
    )
    .await?;
    let mut procedures: Vec<Arc<StoredProcedure>> = Vec::new();
    for s in &summaries.items {
        if let Some(p) = catalog::get_procedure(db, &s.code).await? {
            if p.procedure.status == PublicationStatus::Published && !p.procedure.steps.is_empty() {
                procedures.push(Arc::new(p));
            }
        }
    }
    anyhow::ensure!(
        !procedures.is_empty(),
        "không có thủ tục nào để tạo hồ sơ (hãy chạy `motcua serve --demo` trước) / no published procedures: load the demo catalog first (`motcua serve --demo`)"
    );
    let now = Utc::now();
    let today = vn_date(now);
    let first_day = NaiveDate::from_ymd_opt(today.year() - args.years as i32, today.month(), 1)
        .context("start date")?;
    let span = (today - first_day).num_days();
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(args.dossiers)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} hồ sơ · {per_sec} · còn {eta}",
        )
        .context("progress style")?,
    );
    let next = Arc::new(AtomicU64::new(0));
    let returned = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..args.concurrency.max(1) {
        let (db, cal, procedures, next, bar, returned, failed) = (
            db.clone(),
            cal.clone(),
            procedures.clone(),
            next.clone(),
            bar.clone(),
            returned.clone(),
            failed.clone(),
        );
        let total = args.dossiers;
        let seed = args.seed;
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    return Ok::<(), anyhow::Error>(());
                }
                let mut rng = StdRng::seed_from_u64(seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
                let p = &procedures[rng.gen_range(0..procedures.len())];
                let start = office_instant(&mut rng, &cal, first_day, span);
                // Online filing grows from about a fifth to over half across the period.
                let progress = (start
                    - first_day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
                .num_days() as f64
                    / span.max(1) as f64;
                let profile = Profile {
                    online_share: 0.2 + 0.4 * progress.clamp(0.0, 1.0),
                };
                let (cal2, p2) = (cal.clone(), p.clone());
                let mut sim_rng = rng.clone();
                let basis = FactsBasis::new(cal.clone(), p.id, &p.procedure);
                let created = dossiers::create(
                    &db,
                    &p.procedure.agency_code,
                    vn_date(start),
                    None,
                    basis,
                    move |code| {
                        let life = simulate(
                            &mut sim_rng,
                            code,
                            p2.id,
                            &p2.procedure,
                            &cal2,
                            start,
                            now,
                            profile,
                        )
                        .map_err(|e| match e {
                            SimError::Domain(d) => d,
                            SimError::Calendar(c) => c.into(),
                        })?;
                        Ok((life.state, life.events, Vec::new()))
                    },
                )
                .await;
                match created {
                    Ok(dossiers::Created::New(d)) if d.dossier.status == Status::Returned => {
                        returned.fetch_add(1, Ordering::Relaxed);
                        if rng.gen_bool(0.6) {
                            let rated_at = d.dossier.closed_at.unwrap_or(now)
                                + Duration::hours(rng.gen_range(0..48));
                            let _ = ratings::rate(
                                &db,
                                Rating {
                                    dossier_code: d.dossier.code.clone(),
                                    ease: level(&mut rng),
                                    overall: level(&mut rng),
                                    comment: None,
                                    rated_at: rated_at.min(now),
                                },
                            )
                            .await;
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        bar.suspend(|| {
                            eprintln!("hồ sơ thứ {i} không tạo được / dossier {i} not created: {e}")
                        });
                    }
                }
                if i % 200 == 0 {
                    file_feedback(&db, &mut rng, &procedures[0].procedure.agency_code, start).await;
                }
                bar.inc(1);
            }
        }));
    }
    for t in tasks {
        t.await??;
    }
    bar.finish();
    let failed = failed.load(Ordering::Relaxed);
    let created = args.dossiers - failed;
    let returned = returned.load(Ordering::Relaxed);
    if args.quiet {
        tracing::info!(created, returned, "demo history generated");
    } else {
        println!(
            "Đã tạo {created} hồ sơ ({returned} đã trả kết quả) / created {created} dossiers ({returned} returned)"
        );
    }
    anyhow::ensure!(
        failed == 0,
        "{failed} hồ sơ không tạo được / {failed} dossiers could not be created"
    );
    Ok(())
}

async fn file_feedback(db: &Db, rng: &mut StdRng, agency: &str, at: DateTime<Utc>) {
    let new = NewFeedback {
        kind: if rng.gen_bool(0.7) {
            FeedbackKind::Feedback
        } else {
            FeedbackKind::Petition
        },
        subject: "Thời gian giải quyết hồ sơ".into(),
        content: "Đề nghị rút ngắn thời gian giải quyết và thông báo kết quả qua tin nhắn.".into(),
        contact: Contact {
            name: "Nguyễn Văn An".into(),
            phone: Some("0912345678".into()),
            email: None,
        },
        dossier_code: None,
        agency_code: agency.to_owned(),
        publish_consent: rng.gen_bool(0.5),
    };
    let f = match feedback::create_feedback(db, new, at).await {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(error = %e, "generated feedback not stored");
            return;
        }
    };
    // A history's PAKN were answered, most within the 10 working days, a few late; only the
    // last fortnight's may still wait (the demo inbox's own are added by `demo`).
    let answered_at = at + Duration::days(rng.gen_range(1..18));
    if answered_at >= Utc::now() {
        return;
    }
    let text = "Sở Công Thương tiếp thu và sẽ thông báo kết quả qua tin nhắn từ tháng tới.";
    let next = motcua_domain::service::change_feedback(
        f,
        motcua_domain::service::FeedbackStatus::Answered,
        Some(text),
        "truongphong",
        answered_at,
    );
    match next {
        Ok(next) => {
            let from = motcua_domain::service::FeedbackStatus::Received;
            if let Err(e) = feedback::update_feedback(db, from, &next).await {
                tracing::warn!(error = %e, "generated feedback answer not stored");
            }
        }
        Err(e) => tracing::warn!(error = %e, "generated feedback answer refused"),
    }
}
