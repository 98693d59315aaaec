//! `motcua doctor`: checks an installation and says what is wrong — the database answers, its
//! schema is this build's, its file is sound (SQLite `integrity_check`), every dossier's event
//! chain verifies and every daily anchor still holds (against the published roots given with
//! `--expect`). Exits non-zero on any problem. `motcua anchor` takes today's anchor and prints
//! the anchors for an operator to print or publish.

use std::io::Write;

use anyhow::anyhow;
use chrono::{NaiveDate, Utc};
use clap::Args;
use motcua_app::record::{Anchor, Health};
use motcua_app::App;
use motcua_domain::record::{hex, parse_hex, Hash};

#[derive(Args, Debug)]
pub struct DoctorArgs {
    /// A root published earlier, as DAY=ROOT (e.g. 2026-12-05=ab12…); repeatable. The stored
    /// anchor of that day must have this root (a changed anchor table is caught too).
    #[arg(long = "expect", value_parser = parse_expected)]
    pub expect: Vec<(NaiveDate, Hash)>,
    /// Also take today's anchor (as `motcua anchor` does) once the record verifies.
    #[arg(long)]
    pub anchor: bool,
    /// No progress line.
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct AnchorArgs {
    /// Print the stored anchors only; take none.
    #[arg(long)]
    pub list: bool,
}

fn parse_expected(s: &str) -> Result<(NaiveDate, Hash), String> {
    let (day, root) = s
        .split_once('=')
        .ok_or_else(|| "dạng NGÀY=ROOT / expected DAY=ROOT".to_owned())?;
    let day = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
        .map_err(|e| format!("ngày / day «{day}»: {e}"))?;
    let root = parse_hex(root).ok_or_else(|| "ROOT: 64 chữ số hex / 64 hex digits".to_owned())?;
    Ok((day, root))
}

/// One line of the report.
struct Report<W: Write> {
    out: W,
    problems: usize,
}

impl<W: Write> Report<W> {
    fn ok(&mut self, line: impl AsRef<str>) -> std::io::Result<()> {
        writeln!(self.out, "  [ok]    {}", line.as_ref())
    }

    fn problem(&mut self, line: impl AsRef<str>) -> std::io::Result<()> {
        self.problems += 1;
        writeln!(self.out, "  [LỖI]   {}", line.as_ref())
    }
}

pub async fn doctor(args: DoctorArgs, app: &App, backend: &str) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut r = Report {
        out: stdout.lock(),
        problems: 0,
    };
    writeln!(
        r.out,
        "motcua doctor — kiểm tra hệ thống / installation check"
    )?;
    let health = app.health().await.map_err(anyhow::Error::new);
    match health {
        Ok(h) => database(&mut r, &h, backend)?,
        Err(e) => {
            r.problem(format!(
                "cơ sở dữ liệu không trả lời / database does not answer: {e}"
            ))?;
            return finish(r);
        }
    }

    let pending = app.record_backfill_pending().await?;
    if pending > 0 {
        r.problem(format!(
            "{pending} hồ sơ cũ chưa được nối chuỗi — chạy `motcua migrate` / {pending} old dossiers not chained yet — run `motcua migrate`"
        ))?;
    }
    let quiet = args.quiet;
    let report = app
        .verify_records(|n| {
            if !quiet {
                eprint!("\r  … {n} hồ sơ / dossiers");
            }
        })
        .await?;
    if !quiet && report.dossiers > 0 {
        eprintln!();
    }
    if report.broken.is_empty() {
        r.ok(format!(
            "chuỗi sự kiện toàn vẹn / event chains intact: {} hồ sơ / dossiers, {} sự kiện / events",
            report.dossiers, report.events
        ))?;
    } else {
        for (code, b) in &report.broken {
            r.problem(format!("{} / dossier {code}: {b}", b.describe_vi(code)))?;
        }
        writeln!(
            r.out,
            "          {} / {} hồ sơ có chuỗi bị phá / dossiers with a broken chain",
            report.broken.len(),
            report.dossiers
        )?;
    }

    let anchors = app.anchors().await?;
    for a in &anchors {
        let check = app.check_anchor(a).await?;
        if check.holds() {
            r.ok(format!(
                "mốc neo / anchor {}: {} ({} hồ sơ / dossiers) khớp / holds",
                a.day,
                hex(&a.root),
                a.dossiers
            ))?;
        } else {
            r.problem(format!(
                "mốc neo {0} không còn khớp: dữ liệu trước mốc đã bị thay đổi / anchor {0} no longer holds: the record before it changed (root {1}≠{2}, {3}≠{4} dossiers)",
                a.day,
                hex(&check.recomputed),
                hex(&a.root),
                check.dossiers_now,
                a.dossiers
            ))?;
        }
    }
    if anchors.is_empty() {
        r.ok("chưa có mốc neo / no anchor taken yet (`motcua anchor`)")?;
    }
    for (day, root) in &args.expect {
        match anchors.iter().find(|a| a.day == *day) {
            Some(a) if a.root == *root => {
                r.ok(format!("mốc neo đã công bố / published anchor {day}: khớp / matches"))?
            }
            Some(a) => r.problem(format!(
                "mốc neo {day} đã bị sửa: {} ≠ bản đã công bố {} / stored anchor {day} differs from the published root",
                hex(&a.root),
                hex(root)
            ))?,
            None => r.problem(format!(
                "không có mốc neo ngày {day} / no stored anchor for {day}"
            ))?,
        }
    }
    if args.anchor && r.problems == 0 {
        let a = app.take_anchor(Utc::now()).await?;
        r.ok(format!("mốc neo hôm nay / today's anchor: {}", line(&a)))?;
    }
    finish(r)
}

fn database<W: Write>(r: &mut Report<W>, h: &Health, backend: &str) -> std::io::Result<()> {
    r.ok(format!(
        "cơ sở dữ liệu trả lời / database answers ({backend})"
    ))?;
    match h.schema_version {
        Some(v) if v == h.expected_version && h.failed_migrations.is_empty() => r.ok(format!(
            "phiên bản lược đồ / schema version {v}"
        ))?,
        Some(v) if v > h.expected_version => r.problem(format!(
            "lược đồ {v} mới hơn bản này ({}) — cập nhật motcua / schema {v} is newer than this build's ({})",
            h.expected_version, h.expected_version
        ))?,
        v => r.problem(format!(
            "lược đồ / schema {} (bản này / this build: {}, lỗi / failed: {:?}) — chạy `motcua migrate` / run `motcua migrate`",
            v.map_or_else(|| "—".to_owned(), |v| v.to_string()),
            h.expected_version,
            h.failed_migrations
        ))?,
    }
    match &h.integrity {
        Some(lines) if lines.len() == 1 && lines[0] == "ok" => {
            r.ok("integrity_check: ok")?;
        }
        Some(lines) => {
            for l in lines.iter().take(20) {
                r.problem(format!("integrity_check: {l}"))?;
            }
        }
        None => {}
    }
    Ok(())
}

fn finish<W: Write>(mut r: Report<W>) -> anyhow::Result<()> {
    if r.problems == 0 {
        writeln!(r.out, "Kết quả / result: không có vấn đề / no problems")?;
        Ok(())
    } else {
        writeln!(
            r.out,
            "Kết quả / result: {} vấn đề / problem(s)",
            r.problems
        )?;
        Err(anyhow!(
            "phát hiện {0} vấn đề / {0} problem(s) found",
            r.problems
        ))
    }
}

fn line(a: &Anchor) -> String {
    format!(
        "{}  {}  {} hồ sơ / dossiers  (sự kiện / events ≤ #{}, {})",
        a.day,
        hex(&a.root),
        a.dossiers,
        a.last_event_id,
        a.taken_at.format("%Y-%m-%d %H:%M:%S UTC")
    )
}

pub async fn anchor(args: AnchorArgs, app: &App) -> anyhow::Result<()> {
    if !args.list {
        app.take_anchor(Utc::now()).await?;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "Mốc neo hằng ngày (in hoặc công bố) / daily anchors (print or publish):"
    )?;
    for a in app.anchors().await? {
        writeln!(out, "{}", line(&a))?;
    }
    Ok(())
}
