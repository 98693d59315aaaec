//! `motcua calendar override set|remove|list`: an operator's changes to single days (a day
//! off the notices missed, a make-up Saturday), stored with who changed them and when, and
//! laid over the calendar of law and notices by every command that counts working time. The
//! changes go through the administration's use cases, as the system acting under `--by`.

use anyhow::Context;
use chrono::NaiveDate;
use motcua_app::App;
use motcua_calendar::{OverrideKind, WorkingCalendar};
use motcua_domain::dossier::Actor;
use motcua_store::Db;

use crate::cli_error::cli_error;
use crate::config::Settings;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    /// A working day (e.g. a make-up Saturday).
    Working,
    /// A day off that is not a holiday.
    DayOff,
    /// A public holiday.
    Holiday,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Working => "working",
            Kind::DayOff => "day_off",
            Kind::Holiday => "holiday",
        }
    }

    fn override_kind(self) -> OverrideKind {
        match self {
            Kind::Working => OverrideKind::Working,
            Kind::DayOff => OverrideKind::DayOff,
            Kind::Holiday => OverrideKind::Holiday,
        }
    }
}

#[derive(clap::Subcommand, Debug)]
pub enum OverrideCmd {
    /// Set (or replace) how one date is treated.
    Set {
        /// The date (YYYY-MM-DD).
        date: NaiveDate,
        #[arg(long, value_enum)]
        kind: Kind,
        /// What the day is, as shown to users (e.g. "Nghỉ bù Quốc khánh").
        #[arg(long)]
        name: String,
        /// Who makes the change (recorded).
        #[arg(long, default_value = "cli")]
        by: String,
    },
    /// Remove the override of one date.
    Remove { date: NaiveDate },
    /// List every override: CSV `date,kind,name,changed_by,changed_at`.
    List,
}

pub async fn run(cmd: OverrideCmd, app: &App) -> anyhow::Result<()> {
    let system = Actor::system();
    match cmd {
        OverrideCmd::Set {
            date,
            kind,
            name,
            by,
        } => {
            let name = motcua_domain::text::nfc(name.trim());
            if name.is_empty() {
                anyhow::bail!("cần tên ngày (--name) / a name is required (--name)");
            }
            // Recorded under the name given with --by.
            let actor = Actor {
                username: by,
                ..Actor::system()
            };
            app.set_calendar_override(&actor, date, kind.override_kind(), &name)
                .await
                .map_err(cli_error)?;
            println!("{date},{},{name}", kind.as_str());
        }
        OverrideCmd::Remove { date } => {
            let removed = app
                .remove_calendar_override(&system, date)
                .await
                .map_err(cli_error)?;
            if !removed {
                anyhow::bail!("ngày {date} không có điều chỉnh / {date} has no override");
            }
        }
        OverrideCmd::List => {
            println!("date,kind,name,changed_by,changed_at");
            for o in app
                .calendar_overrides(&system, None)
                .await
                .map_err(cli_error)?
            {
                println!(
                    "{},{},{},{},{}",
                    o.day,
                    o.kind,
                    o.name,
                    o.changed_by,
                    o.changed_at.to_rfc3339()
                );
            }
        }
    }
    Ok(())
}

/// The calendar of law and notices, with the overrides stored in the configured database when
/// there is one (the calendar commands work without any database too).
pub async fn calendar(settings: &Settings) -> anyhow::Result<WorkingCalendar> {
    let has_db = !settings.uses_sqlite()
        || settings.data_dir.join("motcua.db").exists()
        || settings.database_url.is_some();
    if has_db {
        let db = Db::connect(&settings.database_url())
            .await
            .context("opening the database for calendar overrides")?;
        db.migrate().await?;
        let cal = motcua_app::calendar::build(&db).await;
        db.close().await;
        return Ok(cal?);
    }
    Ok(WorkingCalendar::builder().build()?)
}
