//! The one working calendar of the process: the law's holidays and the Government's notices,
//! with the days an administrator changed and the office hours they set laid over. It is
//! built here and nowhere else; every deadline, clock and report counts on it.

use std::sync::{Arc, RwLock};

use chrono::{NaiveTime, Weekday};
use motcua_calendar::{
    CalendarError, DayOverride, OfficeHours, OverrideKind, Period, WorkingCalendar,
};
use motcua_store::settings::{self, OfficeHoursSetting};
use motcua_store::{calendar as stored_calendar, Db, StoreError};

use crate::{App, AppError, Result};

/// The calendar in force, shared by every request and swapped whole when an administrator
/// changes a day or the office hours.
#[derive(Clone)]
pub struct CalendarSource(Arc<RwLock<Arc<WorkingCalendar>>>);

impl CalendarSource {
    /// Builds the calendar from what is stored.
    pub async fn load(db: &Db) -> Result<CalendarSource> {
        let cal = build(db).await?;
        Ok(CalendarSource(Arc::new(RwLock::new(Arc::new(cal)))))
    }

    /// The calendar in force (cheap: a shared pointer).
    pub fn get(&self) -> Arc<WorkingCalendar> {
        match self.0.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Rebuilds it from what is stored now.
    pub async fn reload(&self, db: &Db) -> Result<()> {
        let fresh = Arc::new(build(db).await?);
        match self.0.write() {
            Ok(mut c) => *c = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        Ok(())
    }
}

impl App {
    /// The working calendar in force.
    pub fn calendar(&self) -> Arc<WorkingCalendar> {
        self.calendar.get()
    }

    /// Rebuilds the calendar after an administrator changed a day or the office hours.
    pub async fn reload_calendar(&self) -> Result<()> {
        self.calendar.reload(&self.db).await
    }
}

/// The working calendar of law and notices with the operator's stored overrides laid over,
/// and the office hours an administrator set (the defaults otherwise).
pub async fn build(db: &Db) -> Result<WorkingCalendar> {
    let mut overrides = Vec::new();
    for o in stored_calendar::list_overrides(db).await? {
        let kind = match o.kind.as_str() {
            "working" => OverrideKind::Working,
            "day_off" => OverrideKind::DayOff,
            "holiday" => OverrideKind::Holiday,
            other => {
                return Err(AppError::Store(StoreError::Corrupt(format!(
                    "override kind «{other}» on {}",
                    o.day
                ))))
            }
        };
        overrides.push(DayOverride {
            date: o.day,
            kind,
            name: o.name,
        });
    }
    let mut builder = WorkingCalendar::builder().with_overrides(&overrides);
    if let Some(h) = settings::get::<OfficeHoursSetting>(db, settings::OFFICE_HOURS).await? {
        builder = builder.office_hours(office_hours(&h.value)?);
    }
    Ok(builder.build()?)
}

/// Monday–Friday with the setting's morning and afternoon periods; Saturday and Sunday off.
pub fn office_hours(h: &OfficeHoursSetting) -> Result<OfficeHours, CalendarError> {
    let time = |s: &str| {
        NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| {
            CalendarError::InvalidOfficeHours(format!("giờ «{s}» / time «{s}» (HH:MM)"))
        })
    };
    let periods = [
        Period::new(time(&h.morning_start)?, time(&h.morning_end)?)?,
        Period::new(time(&h.afternoon_start)?, time(&h.afternoon_end)?)?,
    ];
    let mut hours = OfficeHours::default();
    for day in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ] {
        hours = hours.with_day(day, &periods)?;
    }
    Ok(hours)
}

/// An operator's change of one day, as stored (`kind`: `working`, `day_off`, `holiday`).
pub use motcua_store::calendar::StoredOverride;

/// The stored spelling of an override kind.
fn kind_text(kind: OverrideKind) -> &'static str {
    match kind {
        OverrideKind::Working => "working",
        OverrideKind::DayOff => "day_off",
        OverrideKind::Holiday => "holiday",
    }
}

impl App {
    /// The operators' overrides, by day; of one year when `year` is given.
    pub async fn calendar_overrides(
        &self,
        actor: &motcua_domain::dossier::Actor,
        year: Option<i32>,
    ) -> Result<Vec<StoredOverride>> {
        use chrono::Datelike;
        crate::admin::require_admin(actor)?;
        Ok(stored_calendar::list_overrides(&self.db)
            .await?
            .into_iter()
            .filter(|o| year.is_none_or(|y| o.day.year() == y))
            .collect())
    }

    /// Sets (or replaces) how `date` is treated, recorded under the actor's name, and rebuilds
    /// the calendar so the next appointment counts with it. The date must lie inside the
    /// calendar's table, away from its edges; the name is what users see.
    pub async fn set_calendar_override(
        &self,
        actor: &motcua_domain::dossier::Actor,
        date: chrono::NaiveDate,
        kind: OverrideKind,
        name: &str,
    ) -> Result<()> {
        crate::admin::require_admin(actor)?;
        let (first, last) = self.calendar().range();
        if date <= first || date >= last {
            return Err(AppError::invalid_field(
                "date",
                format!("Ngày {date} nằm ngoài lịch ({first} – {last})"),
                format!("{date} is outside the calendar ({first} – {last})"),
            ));
        }
        let name = motcua_domain::text::nfc(name.trim());
        if name.is_empty() {
            return Err(AppError::invalid_field(
                "name",
                "Hãy nhập tên ngày.",
                "Enter a name for the day.",
            ));
        }
        stored_calendar::set_override(&self.db, date, kind_text(kind), &name, &actor.username)
            .await?;
        self.reload_calendar().await
    }

    /// Removes the override of `date` and rebuilds the calendar; returns whether there was one.
    pub async fn remove_calendar_override(
        &self,
        actor: &motcua_domain::dossier::Actor,
        date: chrono::NaiveDate,
    ) -> Result<bool> {
        crate::admin::require_admin(actor)?;
        let removed = stored_calendar::remove_override(&self.db, date).await?;
        self.reload_calendar().await?;
        Ok(removed)
    }
}
