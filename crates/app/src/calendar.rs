//! The one working calendar of the process: the law's holidays and the Government's notices,
//! with the days an administrator changed and the office hours they set laid over. It is
//! built here and nowhere else; every deadline, clock and report counts on it.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use motcua_calendar::{
    CalendarError, DayOverride, OfficeHours, OverrideKind, Period, WorkingCalendar, WorkingDuration,
};
use motcua_domain::dossier::Status;
use motcua_store::dossiers::{self, DossierFilter};
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
    build_with(db, None).await
}

/// [`build`] with `extra` laid over the stored overrides (replacing one of the same date):
/// the calendar as it would be after an administrator's change.
async fn build_with(db: &Db, extra: Option<DayOverride>) -> Result<WorkingCalendar> {
    let mut overrides = Vec::new();
    for o in stored_calendar::list_overrides(db).await? {
        let kind = match o.kind.as_str() {
            "working" => OverrideKind::Working,
            "day_off" => OverrideKind::DayOff,
            "holiday" => OverrideKind::Holiday,
            other => {
                return Err(AppError::Store(StoreError::Corrupt(format!(
                    "override kind “{other}” on {}",
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
    if let Some(extra) = extra {
        overrides.retain(|o| o.date != extra.date);
        overrides.push(extra);
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
            CalendarError::InvalidOfficeHours(format!("giờ “{s}” / time “{s}” (HH:MM)"))
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

/// An open dossier a change of one day touches, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Touched {
    pub code: String,
    pub applicant_name: String,
    pub procedure_code: String,
    /// The appointment given to the applicant (it is printed on their receipt: a calendar
    /// change never moves it by itself).
    pub due_at: DateTime<Utc>,
    /// When the appointment falls on the changed day and that day stops being a working day:
    /// the same time on the next working day of the new calendar, the appointment to offer
    /// the applicant instead (an extension with an apology, form 04).
    pub falls_on_day_off: Option<DateTime<Utc>>,
    /// Working time from now to the appointment on the calendar in force…
    pub left_now: WorkingDuration,
    /// …and on the calendar after the change: the clock every officer sees.
    pub left_after: WorkingDuration,
}

/// What a change of one day would do to the open dossiers.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarImpact {
    pub date: NaiveDate,
    /// Received dossiers whose appointment is on or after the day (at most [`IMPACT_MAX`]),
    /// those whose appointment falls on it first.
    pub touched: Vec<Touched>,
    /// How many there are in all.
    pub total: i64,
}

/// The most touched dossiers an impact lists (the total says how many more).
pub const IMPACT_MAX: u32 = 500;

impl App {
    /// The date is inside the calendar's table (away from its edges) and the day has a name;
    /// the name as stored.
    fn check_override(&self, date: NaiveDate, name: &str) -> Result<String> {
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
        Ok(name)
    }

    /// What setting `date` to `kind` would do, before it is done: every open, received
    /// dossier whose appointment is on or after that day (received before its end), with its
    /// working time left now and after the change, and — when its appointment falls on a day
    /// that stops being a working day — the appointment to offer instead. Nothing is changed.
    pub async fn calendar_change_impact(
        &self,
        actor: &motcua_domain::dossier::Actor,
        date: NaiveDate,
        kind: OverrideKind,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<CalendarImpact> {
        crate::admin::require_admin(actor)?;
        let name = self.check_override(date, name)?;
        let after = build_with(&self.db, Some(DayOverride { date, kind, name })).await?;
        let before = self.calendar();
        let vn = |t: DateTime<Utc>| t.with_timezone(&motcua_calendar::VN_OFFSET);
        let midnight = |d: NaiveDate| {
            motcua_calendar::VN_OFFSET
                .from_local_datetime(&d.and_time(NaiveTime::MIN))
                .single()
                .map(|t| t.with_timezone(&Utc))
        };
        let next_day = date.succ_opt().unwrap_or(date);
        let filter = DossierFilter {
            statuses: Status::OPEN.to_vec(),
            due_from: midnight(date),
            received_before: midnight(next_day),
            limit: IMPACT_MAX,
            ..Default::default()
        };
        let (total, lines) = dossiers::list(&self.db, &filter).await?;
        let stops_working = !after.is_working_day(date)? && before.is_working_day(date)?;
        let mut touched = Vec::with_capacity(lines.len());
        for line in lines {
            let Some(due) = line.due_at else { continue };
            let on_the_day = vn(due).date_naive() == date;
            let falls_on_day_off = if on_the_day && stops_working {
                let day = after.next_working_day(next_day)?;
                motcua_calendar::VN_OFFSET
                    .from_local_datetime(&day.and_time(vn(due).time()))
                    .single()
                    .map(|t| t.with_timezone(&Utc))
            } else {
                None
            };
            touched.push(Touched {
                left_now: before.working_time_between(vn(now), vn(due))?,
                left_after: after.working_time_between(vn(now), vn(due))?,
                code: line.code,
                applicant_name: line.applicant_name,
                procedure_code: line.procedure_code,
                due_at: due,
                falls_on_day_off,
            });
        }
        // Those whose appointment must move first; then by appointment (the list's order).
        touched.sort_by_key(|t| t.falls_on_day_off.is_none());
        Ok(CalendarImpact {
            date,
            touched,
            total,
        })
    }

    /// The override of `date` as the audit log keeps it, if there is one.
    async fn override_json(&self, date: chrono::NaiveDate) -> Result<Option<serde_json::Value>> {
        Ok(stored_calendar::list_overrides(&self.db)
            .await?
            .into_iter()
            .find(|o| o.day == date)
            .map(|o| serde_json::json!({ "kind": o.kind, "name": o.name })))
    }

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
        let name = self.check_override(date, name)?;
        let before = self.override_json(date).await?;
        let audit = motcua_store::audit::AuditEntry::new(
            &actor.username,
            "calendar.set",
            format!("day:{date}"),
        )
        .after(&serde_json::json!({ "kind": kind_text(kind), "name": name }));
        let audit = motcua_store::audit::AuditEntry { before, ..audit };
        stored_calendar::set_override_audited(
            &self.db,
            date,
            kind_text(kind),
            &name,
            &actor.username,
            Some(&audit),
        )
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
        let audit = motcua_store::audit::AuditEntry {
            before: self.override_json(date).await?,
            ..motcua_store::audit::AuditEntry::new(
                &actor.username,
                "calendar.remove",
                format!("day:{date}"),
            )
        };
        let removed =
            stored_calendar::remove_override_audited(&self.db, date, Some(&audit)).await?;
        self.reload_calendar().await?;
        Ok(removed)
    }
}
