//! `motcua bench writes`: sustained online submissions and step transitions per second against
//! a fresh database, through the same use cases the HTTP API calls (decide → durable append).
//! Run it on a release build; `bench/writes.sh` runs it on both stores.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use chrono::Utc;
use motcua_app::dossiers::Submission;
use motcua_app::App;
use motcua_domain::dossier::{Actor, Applicant, Command};
use motcua_domain::{ApplicantType, Role};
use motcua_store::dossiers::Created;
use motcua_store::group_commit::WriterStats;
use motcua_store::{catalog, Db};
use tokio::sync::Mutex;

const SCT: &str = "000.17.22.H56";
/// 2.000633: desk → specialist → specialist → head → director → clerk → desk.
const PROCEDURE: &str = "2.000633";

#[derive(clap::Args, Debug)]
pub struct WritesArgs {
    /// Concurrent clients.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Seconds per phase.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
}

struct Stats {
    ops: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
    /// CPU time the whole process used meanwhile (all threads), when the OS tells.
    cpu: Option<Duration>,
}

/// CPU time this process has used so far (user + system, all threads), from `/proc` (Linux).
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel's USER_HZ is 100 on every Linux this runs on.
    Some(Duration::from_millis(ticks * 10))
}

/// CPU time used since [`process_cpu`] said `before`.
fn cpu_since(before: Option<Duration>) -> Option<Duration> {
    process_cpu()
        .zip(before)
        .map(|(now, b)| now.saturating_sub(b))
}

impl Stats {
    fn report(&self, what: &str) {
        let mut l = self.latencies.clone();
        l.sort_unstable();
        let pct = |p: f64| {
            l.get(((l.len() as f64 * p) as usize).min(l.len().saturating_sub(1)))
                .copied()
                .unwrap_or_default()
        };
        let cpu = self.cpu.map_or(String::new(), |c| {
            format!(
                "; CPU {:.0} µs per op ({:.2} cores busy)",
                c.as_secs_f64() * 1e6 / self.ops.max(1) as f64,
                c.as_secs_f64() / self.elapsed.as_secs_f64()
            )
        });
        println!(
            "{what}: {} ops in {:.1} s = {:.0} ops/s; latency median {:.2} ms, p99 {:.2} ms{cpu}",
            self.ops,
            self.elapsed.as_secs_f64(),
            self.ops as f64 / self.elapsed.as_secs_f64(),
            pct(0.5).as_secs_f64() * 1e3,
            pct(0.99).as_secs_f64() * 1e3
        );
    }
}

/// On SQLite, how many writes shared each fsync'd commit since `before`.
fn report_batches(db: &Db, before: Option<WriterStats>) -> Option<WriterStats> {
    let Db::Sqlite(s) = db else { return None };
    let now = s.writer.stats();
    if let Some(b) = before {
        let (commits, writes) = (now.commits - b.commits, now.writes - b.writes);
        let per = |d: Duration| d.as_secs_f64() * 1e3 / commits.max(1) as f64;
        println!(
            "  group commit: {commits} commits, {:.1} writes per commit; per commit {:.2} ms \
             running the writes, {:.2} ms committing",
            writes as f64 / commits.max(1) as f64,
            per(now.running - b.running),
            per(now.committing - b.committing),
        );
    }
    Some(now)
}

/// Sets `stop` after `seconds`; phases also end early when they run out of work.
fn stop_after(stop: Arc<AtomicBool>, seconds: u64) {
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        stop.store(true, Ordering::Relaxed);
    });
}

fn applicant(i: usize) -> Applicant {
    Applicant {
        name: format!("Công ty TNHH Thử tải {i}"),
        id_number: Some(format!("42{i:08}")),
        address: None,
        phone: None,
        email: None,
        kind: ApplicantType::Business,
    }
}

/// A one-page PDF, the file the benchmark's applicants attach.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\
2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n\
trailer\n<< /Size 4 /Root 1 0 R >>\n%%EOF\n";

/// Stores [`PDF`] and returns a reference to it for each required component of `procedure`.
async fn attachments(
    app: &App,
    catalog: &motcua_domain::Catalog,
    procedure: &str,
) -> anyhow::Result<Vec<motcua_domain::dossier::FileRef>> {
    let chunk: Result<bytes::Bytes, std::io::Error> = Ok(bytes::Bytes::from_static(PDF));
    let stored = app
        .blobs()
        .put(futures_util::stream::iter([chunk]), "don.pdf", 1 << 20)
        .await
        .map_err(|e| anyhow::anyhow!("storing the benchmark's PDF: {e}"))?;
    let p = catalog
        .procedures
        .iter()
        .find(|p| p.code == procedure)
        .ok_or_else(|| anyhow::anyhow!("procedure {procedure} not in the demo catalog"))?;
    Ok(p.components
        .iter()
        .filter(|c| c.required)
        .map(|c| motcua_domain::dossier::FileRef {
            sha256: stored.sha256.clone(),
            name: "don.pdf".into(),
            size: stored.size,
            content_type: Some("application/pdf".into()),
            component: Some(c.name.clone()),
            upload_ticket: None,
        })
        .collect())
}

pub async fn writes(args: WritesArgs, db: &Db) -> anyhow::Result<()> {
    if catalog::procedure_count(db).await? > 0 {
        bail!("the benchmark needs an empty database (it writes test data)");
    }
    let demo = crate::demo::catalog()?;
    catalog::import_catalog(db, &demo, Some("bench")).await?;
    // The production path: the same use cases the pages and the API call. An online dossier
    // is complete only with a file for each required component: one small PDF, stored once,
    // referenced for each of them (as an applicant's uploads are).
    let files = std::env::temp_dir().join(format!("motcua-bench-files-{}", std::process::id()));
    let app = App::open(db.clone(), files.clone()).await?;
    let attached = Arc::new(attachments(&app, &demo, PROCEDURE).await?);
    let officer = |name: &str, role: Role, unit: &str| Actor::officer(name, &[role], SCT, unit);
    println!(
        "backend {:?}, {} clients, {} s per phase",
        db.backend(),
        args.concurrency,
        args.seconds
    );

    // Phase 1: online submissions.
    let writer = report_batches(db, None);
    let stop = Arc::new(AtomicBool::new(false));
    let counter = Arc::new(AtomicUsize::new(0));
    let (started, cpu_before) = (Instant::now(), process_cpu());
    let mut tasks = Vec::new();
    for _ in 0..args.concurrency {
        let (app, stop, counter) = (app.clone(), stop.clone(), counter.clone());
        let attached = attached.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut codes = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let i = counter.fetch_add(1, Ordering::Relaxed);
                let a = applicant(i);
                let t = Instant::now();
                let r = app
                    .submit(
                        Actor::applicant(&format!(
                            "guest:{}",
                            a.id_number.clone().unwrap_or_default()
                        )),
                        Submission {
                            procedure_code: PROCEDURE.into(),
                            applicant: a,
                            summary: None,
                            files: attached.to_vec(),
                            desk_channel: None,
                            idempotency_key: Some(format!("bench-{i}")),
                            handed_in: Vec::new(),
                        },
                        Utc::now(),
                    )
                    .await;
                match r {
                    Ok(Created::New(d)) => {
                        lat.push(t.elapsed());
                        codes.push(d.dossier.code);
                    }
                    Ok(Created::Existing(_)) => {}
                    Err(e) => eprintln!("submit failed: {e}"),
                }
            }
            (lat, codes)
        }));
    }
    stop_after(stop.clone(), args.seconds);
    let mut latencies = Vec::new();
    let mut codes = Vec::new();
    for t in tasks {
        let (l, c) = t.await?;
        latencies.extend(l);
        codes.extend(c);
    }
    Stats {
        ops: latencies.len(),
        elapsed: started.elapsed(),
        latencies,
        cpu: cpu_since(cpu_before),
    }
    .report("online submissions");
    let writer = report_batches(db, writer);

    // Phase 2: step transitions on the submitted dossiers (receive, forward, claim, …).
    let desk = officer("bench-desk", Role::Desk, "MOTCUA");
    let spec = officer("bench-spec", Role::Specialist, "QLTM");
    let plan: Arc<Vec<(Actor, Command)>> = Arc::new(vec![
        (desk.clone(), Command::Receive { note: None }),
        (
            desk.clone(),
            Command::Forward {
                note: None,
                to_user: None,
            },
        ),
        (spec.clone(), Command::Claim),
        (
            spec.clone(),
            Command::Forward {
                note: None,
                to_user: None,
            },
        ),
        (spec.clone(), Command::Claim),
        (
            spec,
            Command::Forward {
                note: None,
                to_user: None,
            },
        ),
    ]);
    let queue = Arc::new(Mutex::new(codes));
    let stop = Arc::new(AtomicBool::new(false));
    let (started, cpu_before) = (Instant::now(), process_cpu());
    let mut tasks = Vec::new();
    for _ in 0..args.concurrency {
        let (app, stop, queue, plan) = (app.clone(), stop.clone(), queue.clone(), plan.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            'dossiers: while !stop.load(Ordering::Relaxed) {
                let Some(code) = queue.lock().await.pop() else {
                    break;
                };
                for (actor, cmd) in plan.iter() {
                    if stop.load(Ordering::Relaxed) {
                        break 'dossiers;
                    }
                    let t = Instant::now();
                    match app.act(actor.clone(), &code, None, cmd, Utc::now()).await {
                        Ok(_) => lat.push(t.elapsed()),
                        Err(e) => {
                            eprintln!("{code}: {e}");
                            continue 'dossiers;
                        }
                    }
                }
            }
            lat
        }));
    }
    stop_after(stop.clone(), args.seconds);
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await?);
    }
    Stats {
        ops: latencies.len(),
        elapsed: started.elapsed(),
        latencies,
        cpu: cpu_since(cpu_before),
    }
    .report("step transitions");
    report_batches(db, writer);
    let _ = std::fs::remove_dir_all(&files);
    Ok(())
}
