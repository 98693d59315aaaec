//! `motcua catalog import|export FILE` (`.xlsx`, or `.csv` as a set of files; see
//! docs/catalog-format.md). An import is checked whole against the file and the stored
//! catalog, and applied in one transaction only when it has no problem at all — by the same
//! use cases as the administration, as the system actor (recorded as `cli`).

use std::path::{Path, PathBuf};

use anyhow::bail;
use indicatif::{ProgressBar, ProgressStyle};
use motcua_app::admin::ImportOutcome;
use motcua_app::App;
use motcua_domain::dossier::Actor;

use crate::cli_error::cli_error;

#[derive(clap::Subcommand, Debug)]
pub enum CatalogCmd {
    /// Check a catalog file and apply it: new procedures are added, changed ones get a new
    /// version, nothing changes if any row has a problem.
    Import {
        file: PathBuf,
        /// Only check the file; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the current catalog to FILE (.xlsx or .csv).
    Export { file: PathBuf },
}

/// The CLI as the system, recorded as `cli` on the versions it makes.
fn cli_actor() -> Actor {
    Actor {
        username: "cli".into(),
        ..Actor::system()
    }
}

pub async fn run(cmd: CatalogCmd, app: &App) -> anyhow::Result<()> {
    match cmd {
        CatalogCmd::Import { file, dry_run } => import(&file, app, dry_run).await,
        CatalogCmd::Export { file } => {
            let c = app.export_catalog(&cli_actor()).await.map_err(cli_error)?;
            let path = file.clone();
            let n = c.procedures.len();
            tokio::task::spawn_blocking(move || motcua_catalog_io::write(&path, &c)).await??;
            println!(
                "Đã xuất {n} thủ tục ra {0} / exported {n} procedures to {0}",
                file.display()
            );
            Ok(())
        }
    }
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:40}] {pos}/{len} rows")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message("Đang đọc / reading");
    bar
}

async fn import(file: &Path, app: &App, dry_run: bool) -> anyhow::Result<()> {
    let path = file.to_path_buf();
    let bar = progress_bar();
    let b = bar.clone();
    let read = tokio::task::spawn_blocking(move || {
        motcua_catalog_io::read(&path, &mut |p| {
            b.set_length(p.total_rows as u64);
            b.set_position(p.done_rows as u64);
        })
    })
    .await?;
    bar.finish_and_clear();
    let parsed = match read {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            bail!(
                "tệp {0} có lỗi, không thay đổi gì / {0} has problems; nothing was changed",
                file.display()
            );
        }
    };
    // The file was validated alone; the use case checks it also fits what is already stored.
    let outcome = app
        .import_catalog(&cli_actor(), &parsed, dry_run)
        .await
        .map_err(cli_error)?;
    match outcome {
        ImportOutcome::Refused(e) => {
            for p in &e.0 {
                eprintln!(
                    "{} {}: {} / {}",
                    p.key, p.attribute, p.message_vi, p.message_en
                );
            }
            bail!(
                "tệp {0} không khớp với danh mục hiện có, không thay đổi gì / {0} does not fit the stored catalog; nothing was changed",
                file.display()
            );
        }
        ImportOutcome::Checked { procedures } => {
            println!(
                "Tệp hợp lệ: {procedures} thủ tục / the file is valid: {procedures} procedures"
            );
        }
        ImportOutcome::Applied(s) => {
            println!(
                "Đã nhập: {} thêm mới, {} cập nhật (phiên bản mới), {} không đổi / imported: {} added, {} changed (new version), {} unchanged",
                s.procedures_added, s.procedures_changed, s.procedures_unchanged,
                s.procedures_added, s.procedures_changed, s.procedures_unchanged
            );
        }
    }
    Ok(())
}
