//! `motcua`: the one binary. Subcommands wire configuration, the store and the web layer.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use motcua_store::Db;

mod bench_cmd;
mod calendar_cmd;
mod catalog_cmd;
mod cli_error;
mod config;
mod demo;
mod doctor_cmd;
mod history;
mod overrides;
mod report_bench;
mod report_cmd;
mod serve;
mod user_cmd;

use config::{Overrides, Settings};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "motcua",
    version,
    about = "Hệ thống thông tin một cửa điện tử — electronic one-stop system"
)]
struct Cli {
    /// Configuration file (default: ./motcua.toml if present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Data directory: the SQLite file and uploaded files (default ./motcua-data).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB (default: SQLite in the data dir).
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the web server (migrations run first).
    Serve {
        /// Address to listen on (default 127.0.0.1:8080).
        #[arg(long)]
        addr: Option<String>,
        /// Load demo data if the database is empty (never touches a non-empty one).
        #[arg(long)]
        demo: bool,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// The working-time calendar.
    Calendar {
        #[command(subcommand)]
        cmd: CalendarTop,
    },
    /// Import or export the procedure catalog.
    Catalog {
        #[command(subcommand)]
        cmd: catalog_cmd::CatalogCmd,
    },
    /// Load benchmarks (release build, empty database): `bench writes`.
    #[command(hide = true)]
    Bench {
        #[command(subcommand)]
        cmd: BenchCmd,
    },
    /// Generate a realistic history of dossiers (demo, reports, benchmarks).
    Demo(history::DemoArgs),
    /// Statistics forms (II.06a, II.07b), the Decision 766 index and the reform figures.
    Report {
        #[command(subcommand)]
        cmd: report_cmd::ReportCmd,
    },
    /// Check the installation: database, schema, integrity, every dossier's event chain and
    /// the daily anchors; non-zero exit on any problem.
    Doctor(doctor_cmd::DoctorArgs),
    /// Take today's anchor of the record (a hash over every dossier's chain) and print them all.
    Anchor(doctor_cmd::AnchorArgs),
    /// Accounts, roles and API tokens.
    User {
        #[command(subcommand)]
        cmd: user_cmd::UserCmd,
    },
}

#[derive(Subcommand, Debug)]
enum BenchCmd {
    /// Sustained online submissions and step transitions per second.
    Writes(bench_cmd::WritesArgs),
    /// Biểu II.06a for one year over a bulk-loaded history of report facts.
    Report(report_bench::ReportBenchArgs),
}

#[derive(Subcommand, Debug)]
enum CalendarTop {
    #[command(flatten)]
    Query(calendar_cmd::CalendarCmd),
    /// Operator overrides of single days, stored in the database.
    #[command(subcommand)]
    Override(overrides::OverrideCmd),
}

fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// The database and the use cases over it (attachments under the data directory, as `serve`).
async fn open_app(settings: &Settings) -> anyhow::Result<(Db, motcua_app::App)> {
    let db = open_db(settings).await?;
    let app = motcua_app::App::open(db.clone(), settings.data_dir.join("files")).await?;
    Ok((db, app))
}

async fn open_db(settings: &Settings) -> anyhow::Result<Db> {
    if settings.uses_sqlite() {
        std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
            anyhow::anyhow!(
                "không tạo được thư mục dữ liệu {0}: {e} / cannot create data dir {0}: {e}",
                settings.data_dir.display()
            )
        })?;
    }
    let db = Db::connect(&settings.database_url()).await?;
    db.migrate().await?;
    Ok(db)
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One plain line per cause: this is read by operators, not developers.
            eprintln!("lỗi / error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  {cause}");
            }
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let (addr, demo) = match &cli.command {
        Command::Serve { addr, demo } => (addr.clone(), demo.then_some(true)),
        _ => (None, None),
    };
    let settings = Settings::load(
        cli.config.as_deref(),
        Overrides {
            data_dir: cli.data_dir,
            database_url: cli.database_url,
            addr,
            demo,
        },
    )?;
    match cli.command {
        Command::Serve { .. } => {
            init_logging(&settings.log_format);
            serve::run(settings).await
        }
        Command::Migrate => {
            let db = open_db(&settings).await?;
            db.close().await;
            println!("Đã cập nhật cơ sở dữ liệu / migrations applied");
            Ok(())
        }
        Command::Calendar {
            cmd: CalendarTop::Query(cmd),
        } => {
            let cal = overrides::calendar(&settings).await?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            calendar_cmd::run(cmd, &cal, &mut out)
        }
        Command::Calendar {
            cmd: CalendarTop::Override(cmd),
        } => {
            let (db, app) = open_app(&settings).await?;
            let r = overrides::run(cmd, &app).await;
            db.close().await;
            r
        }
        Command::Catalog { cmd } => {
            let (db, app) = open_app(&settings).await?;
            let r = catalog_cmd::run(cmd, &app).await;
            db.close().await;
            r
        }
        Command::Bench {
            cmd: BenchCmd::Writes(args),
        } => {
            let db = open_db(&settings).await?;
            let r = bench_cmd::writes(args, &db).await;
            db.close().await;
            r
        }
        Command::Demo(args) => {
            let db = open_db(&settings).await?;
            let cal = std::sync::Arc::new(overrides::calendar(&settings).await?);
            let r = history::run(args, &db, cal).await;
            db.close().await;
            r
        }
        Command::Bench {
            cmd: BenchCmd::Report(args),
        } => {
            let db = open_db(&settings).await?;
            let r = report_bench::run(args, &db).await;
            db.close().await;
            r
        }
        Command::Report { cmd } => {
            let db = open_db(&settings).await?;
            let r = report_cmd::run(cmd, &db, settings.data_dir.join("files")).await;
            db.close().await;
            r
        }
        Command::Doctor(args) => {
            let (db, app) = open_app(&settings).await?;
            let backend = match db.backend() {
                motcua_store::Backend::Sqlite => "SQLite",
                motcua_store::Backend::Postgres => "PostgreSQL",
            };
            let r = doctor_cmd::doctor(args, &app, backend).await;
            db.close().await;
            r
        }
        Command::Anchor(args) => {
            let (db, app) = open_app(&settings).await?;
            let r = doctor_cmd::anchor(args, &app).await;
            db.close().await;
            r
        }
        Command::User { cmd } => {
            let (db, app) = open_app(&settings).await?;
            let r = user_cmd::run(cmd, &app).await;
            db.close().await;
            r
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// `motcua --help` gives each command its own line, and every subcommand says what it does.
    #[test]
    fn every_command_says_what_it_does() {
        let cli = super::Cli::command();
        cli.clone().debug_assert();
        let mut seen = std::collections::HashSet::new();
        for c in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
            let about = c.get_about().map(|a| a.to_string()).unwrap_or_default();
            assert!(!about.is_empty(), "`{}` has a description", c.get_name());
            assert!(
                seen.insert(about.clone()),
                "`{}`: «{about}» twice",
                c.get_name()
            );
            for sub in c.get_subcommands() {
                assert!(
                    sub.get_about().is_some(),
                    "`{} {}` has a description",
                    c.get_name(),
                    sub.get_name()
                );
            }
        }
        let about = |name: &str| {
            cli.find_subcommand(name)
                .and_then(|c| c.get_about())
                .map(|a| a.to_string())
                .unwrap_or_default()
        };
        assert!(about("report").starts_with("Statistics forms"));
        assert!(about("demo").starts_with("Generate a realistic history"));
    }
}
