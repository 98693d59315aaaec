//! The officer's inbox, one use case for the `/work` page and `GET /api/v1/inbox`: which
//! dossiers a scope covers (what they hold, their unit's queue — for the desk also the online
//! submissions to check —, their agency), filters, paging, and where each line's clock stands.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use motcua_domain::dossier::{
    access, agency_wide, clock, vn_date, Actor, Clock, ClockState, Dossier, Purpose, Status, Viewer,
};
use motcua_domain::{rules, Field, Role};
use motcua_store::catalog::{self, ProcedureFilter};
use motcua_store::dossiers::{self, unit_key, DossierFilter};

pub use motcua_store::catalog::ProcedureSummary;
pub use motcua_store::dossiers::DossierLine;

use crate::work::officer_only;
use crate::{App, Result};

/// Which dossiers an inbox covers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InboxScope {
    /// Held by the officer.
    Mine,
    /// Their unit's queue, and for the desk the online submissions to check.
    Queue,
    /// Every open dossier their agency handles — for those the access rule lets see the
    /// whole agency ([`agency_wide`]: leaders, reporters, clerks, administrators); anyone else
    /// gets [`InboxScope::All`], what they hold and their unit's queue.
    Agency,
    /// Mine and the queue.
    #[default]
    All,
    /// Every dossier the officer may see, open or closed ([`crate::visibility`]): the
    /// search of the desk (a dossier held elsewhere) and the director's agency-wide list.
    Visible,
}

impl InboxScope {
    pub fn parse(s: &str) -> Option<InboxScope> {
        Some(match s {
            "mine" => InboxScope::Mine,
            "queue" => InboxScope::Queue,
            "agency" => InboxScope::Agency,
            "all" => InboxScope::All,
            "visible" => InboxScope::Visible,
            _ => return None,
        })
    }
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct InboxQuery {
    pub scope: InboxScope,
    /// Words matched against code, applicant name and identity number (diacritics ignored).
    pub q: Option<String>,
    /// One status; `None`: every open status ([`Status::OPEN`]), every status at all for
    /// [`InboxScope::Visible`].
    pub status: Option<Status>,
    /// The procedures of one field.
    pub field: Option<String>,
    /// One procedure (wins over `field`).
    pub procedure: Option<String>,
    /// Only dossiers past their appointment now.
    pub overdue: bool,
    /// Received at or after this instant.
    pub received_from: Option<DateTime<Utc>>,
    /// Received before this instant.
    pub received_before: Option<DateTime<Utc>>,
    /// Appointment at or after this instant.
    pub due_from: Option<DateTime<Utc>>,
    /// Appointment before this instant.
    pub due_before: Option<DateTime<Utc>>,
    /// From 1.
    pub page: u32,
    pub per_page: u32,
    /// Also load each line's dossier, its clock and its procedure's name (what a screen shows
    /// beyond the line).
    pub detailed: bool,
}

/// A page of an inbox.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub items: Vec<InboxItem>,
    pub total: i64,
    pub page: u32,
    /// At least 1.
    pub pages: u32,
}

/// One line with where its appointment stands.
#[derive(Debug, Clone)]
pub struct InboxItem {
    pub line: DossierLine,
    /// Against the appointment at the time of listing; absent before reception and while the
    /// applicant is asked for a supplement.
    pub state: Option<ClockState>,
    /// With [`InboxQuery::detailed`] (absent if the dossier went away meanwhile).
    pub detail: Option<LineDetail>,
}

#[derive(Debug, Clone)]
pub struct LineDetail {
    pub dossier: Dossier,
    /// The clock (paused, stopped, time left or past); absent before reception.
    pub clock: Option<Clock>,
    pub procedure_name: String,
}

/// A line of an export ([`App::inbox_export`]).
#[derive(Debug, Clone)]
pub struct ExportLine {
    pub line: DossierLine,
    pub procedure_name: String,
    pub state: Option<ClockState>,
}

/// The choices of an inbox's filters.
#[derive(Debug, Clone)]
pub struct InboxChoices {
    pub fields: Vec<Field>,
    /// The procedures of the officer's agency (every one for an officer without an agency).
    pub procedures: Vec<ProcedureSummary>,
}

/// Where an appointment stands at `now` (due soon: within the threshold of the rule set in
/// force when the dossier was received), from the line alone.
fn line_state(
    line: &DossierLine,
    now: DateTime<Utc>,
    cal: &motcua_calendar::WorkingCalendar,
) -> Option<ClockState> {
    let due = line.due_at?;
    if line.status == Status::AwaitingSupplement.as_str() {
        return None;
    }
    let received = line.received_at.unwrap_or(line.submitted_at);
    let rules = rules::for_date(vn_date(received));
    let vn = |t: DateTime<Utc>| t.with_timezone(&motcua_calendar::VN_OFFSET);
    // Due soon scales with the appointment's own length (domain rule).
    let length = cal.working_time_between(vn(received), vn(due)).ok()?;
    let window = motcua_domain::dossier::due_soon_window(length, rules.due_soon());
    match cal.due_status(vn(now), vn(due), window).ok()? {
        motcua_calendar::DueStatus::OnTrack => Some(ClockState::WithinTime),
        motcua_calendar::DueStatus::DueSoon => Some(ClockState::DueSoon),
        motcua_calendar::DueStatus::Overdue => Some(ClockState::Overdue),
    }
}

/// Narrows `f` to what `scope` covers for `actor`. Never "everything": an officer without a
/// unit (or an agency) has an empty queue (or agency list), not every dossier.
fn scope(actor: &Actor, scope: InboxScope, f: &mut DossierFilter) {
    let unit = match (&actor.agency_code, &actor.unit_code) {
        (Some(a), Some(u)) => Some(unit_key(a, u)),
        _ => None,
    };
    let intake = actor
        .has(Role::Desk)
        .then(|| actor.agency_code.clone())
        .flatten();
    let nothing = Some(String::new());
    match scope {
        InboxScope::Mine => f.owner_user = Some(actor.username.clone()),
        InboxScope::Queue => {
            f.owner_units = unit.into_iter().collect();
            f.intake_agency = intake;
            if f.owner_units.is_empty() && f.intake_agency.is_none() {
                f.owner_user = nothing;
            }
        }
        InboxScope::Agency => match &actor.agency_code {
            Some(a) if agency_wide(actor, a) => f.agency_code = Some(a.clone()),
            Some(_) => self::scope(actor, InboxScope::All, f),
            None => f.owner_user = nothing,
        },
        InboxScope::All => {
            f.owner_user = Some(actor.username.clone());
            f.owner_units = unit.into_iter().collect();
            f.intake_agency = intake;
        }
        InboxScope::Visible => crate::visibility::narrow(actor, f),
    }
}

impl App {
    /// Every current procedure's summary (names for lines, the field filter).
    async fn procedure_summaries(&self) -> Result<Vec<ProcedureSummary>> {
        Ok(catalog::list_procedures(
            &self.db,
            &ProcedureFilter {
                per_page: 500,
                ..Default::default()
            },
        )
        .await?
        .items)
    }

    /// The store filter for `q` (without paging), and the procedure summaries if they were read.
    async fn inbox_filter(
        &self,
        actor: &Actor,
        q: &InboxQuery,
        now: DateTime<Utc>,
    ) -> Result<(DossierFilter, Option<Vec<ProcedureSummary>>)> {
        officer_only(actor)?;
        let overdue = q.overdue.then_some(now);
        let mut f = DossierFilter {
            statuses: match (q.status, q.scope) {
                (Some(st), _) => vec![st],
                (None, InboxScope::Visible) => Vec::new(),
                (None, _) => Status::OPEN.to_vec(),
            },
            received_from: q.received_from,
            received_before: q.received_before,
            due_from: q.due_from,
            q: q.q
                .as_deref()
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_owned),
            due_before: match (overdue, q.due_before) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
            ..Default::default()
        };
        scope(actor, q.scope, &mut f);
        let mut summaries = None;
        if let Some(p) = q.procedure.as_ref().filter(|p| !p.is_empty()) {
            f.procedure_codes = vec![p.clone()];
        } else if let Some(field) = q.field.as_ref().filter(|x| !x.is_empty()) {
            let all = self.procedure_summaries().await?;
            f.procedure_codes = all
                .iter()
                .filter(|p| p.field_code == *field)
                .map(|p| p.code.clone())
                .collect();
            if f.procedure_codes.is_empty() {
                // A field without procedures lists nothing (never "every procedure").
                f.procedure_codes = vec![String::new()];
            }
            summaries = Some(all);
        }
        Ok((f, summaries))
    }

    /// A page of `actor`'s inbox, due first, each line with where its clock stands at `now`.
    pub async fn inbox(&self, actor: &Actor, q: &InboxQuery, now: DateTime<Utc>) -> Result<Inbox> {
        let (mut f, summaries) = self.inbox_filter(actor, q, now).await?;
        let per_page = q.per_page.clamp(1, 500);
        let page = q.page.max(1);
        f.limit = per_page;
        f.offset = (page - 1).saturating_mul(per_page);
        let (total, lines) = dossiers::list(&self.db, &f).await?;
        let cal = self.calendar();
        let names: HashMap<String, String> = match (q.detailed, summaries) {
            (false, _) => HashMap::new(),
            (true, Some(s)) => s.into_iter().map(|p| (p.code, p.name)).collect(),
            (true, None) => self
                .procedure_summaries()
                .await?
                .into_iter()
                .map(|p| (p.code, p.name))
                .collect(),
        };
        let mut items = Vec::with_capacity(lines.len());
        for line in lines {
            let detail = if q.detailed {
                let loaded = dossiers::load(&self.db, &line.code).await?;
                // The store's filter already keeps to what the person may see; the rule
                // itself has the last word on every dossier shown.
                if loaded
                    .as_ref()
                    .is_some_and(|s| !crate::visibility::may_see(actor, &s.dossier))
                {
                    continue;
                }
                loaded.map(|stored| {
                    let d = stored.dossier;
                    let d = {
                        let granted = access(&d, Viewer::actor(actor), Purpose::Read);
                        d.disclosed(granted)
                    };
                    let rules = rules::for_dossier(Some(&d), now);
                    LineDetail {
                        clock: clock(&d, now, &cal, rules.due_soon()).ok().flatten(),
                        procedure_name: names
                            .get(&d.procedure_code)
                            .cloned()
                            .unwrap_or_else(|| d.procedure_code.clone()),
                        dossier: d,
                    }
                })
            } else {
                None
            };
            items.push(InboxItem {
                state: line_state(&line, now, &cal),
                line,
                detail,
            });
        }
        Ok(Inbox {
            items,
            total,
            page,
            pages: u32::try_from(total)
                .unwrap_or(u32::MAX)
                .div_ceil(per_page)
                .max(1),
        })
    }

    /// Every dossier `q` covers (its paging and detail ignored), due first, up to `max`, with
    /// its procedure's name and where its clock stands: what a CSV export writes. Also the
    /// number that matched (more than the lines when `max` cut the list).
    pub async fn inbox_export(
        &self,
        actor: &Actor,
        q: &InboxQuery,
        now: DateTime<Utc>,
        max: usize,
    ) -> Result<(Vec<ExportLine>, i64)> {
        const PAGE: u32 = 500;
        let (mut f, _) = self.inbox_filter(actor, q, now).await?;
        let names: HashMap<String, String> = self
            .procedure_summaries()
            .await?
            .into_iter()
            .map(|p| (p.code, p.name))
            .collect();
        let cal = self.calendar();
        let mut out = Vec::new();
        f.limit = PAGE;
        let total = loop {
            let (matched, lines) = dossiers::list(&self.db, &f).await?;
            let got = lines.len();
            for line in lines.into_iter().take(max - out.len()) {
                out.push(ExportLine {
                    procedure_name: names
                        .get(&line.procedure_code)
                        .cloned()
                        .unwrap_or_else(|| line.procedure_code.clone()),
                    state: line_state(&line, now, &cal),
                    line,
                });
            }
            if got < PAGE as usize || out.len() >= max {
                break matched;
            }
            f.offset = f.offset.saturating_add(PAGE);
        };
        Ok((out, total))
    }

    /// How many dossiers `q` covers (its paging and detail ignored): a tab's count.
    pub async fn inbox_count(
        &self,
        actor: &Actor,
        q: &InboxQuery,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let (mut f, _) = self.inbox_filter(actor, q, now).await?;
        f.limit = 1;
        Ok(dossiers::list(&self.db, &f).await?.0)
    }

    /// The fields and procedures an inbox can be filtered by.
    pub async fn inbox_choices(&self, actor: &Actor) -> Result<InboxChoices> {
        officer_only(actor)?;
        let agency = actor.agency_code.clone().unwrap_or_default();
        let procedures = self
            .procedure_summaries()
            .await?
            .into_iter()
            .filter(|p| agency.is_empty() || p.agency_code == agency)
            .collect();
        Ok(InboxChoices {
            fields: catalog::list_fields(&self.db).await?,
            procedures,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(actor: &Actor, s: InboxScope) -> DossierFilter {
        let mut f = DossierFilter::default();
        scope(actor, s, &mut f);
        f
    }

    #[test]
    fn a_scope_is_never_everything() {
        let mut lone = Actor::officer("lone", &[Role::Specialist], "A", "U");
        lone.unit_code = None;
        let f = filter(&lone, InboxScope::Queue);
        assert_eq!(f.owner_user.as_deref(), Some(""), "no unit: an empty queue");
        lone.agency_code = None;
        let f = filter(&lone, InboxScope::Agency);
        assert_eq!(f.owner_user.as_deref(), Some(""), "no agency: nothing");
        assert_eq!(f.agency_code, None);
    }

    #[test]
    fn scopes_of_a_desk_officer() {
        let desk = Actor::officer("d", &[Role::Desk], "A", "MOTCUA");
        let f = filter(&desk, InboxScope::Queue);
        assert_eq!(f.owner_units, vec![unit_key("A", "MOTCUA")]);
        assert_eq!(f.intake_agency.as_deref(), Some("A"));
        assert_eq!(f.owner_user, None);
        let f = filter(&desk, InboxScope::All);
        assert_eq!(f.owner_user.as_deref(), Some("d"));
        assert_eq!(f.intake_agency.as_deref(), Some("A"));
        let f = filter(&desk, InboxScope::Mine);
        assert_eq!(
            (
                f.owner_user.as_deref(),
                f.owner_units.len(),
                f.intake_agency
            ),
            (Some("d"), 0, None)
        );
        let spec = Actor::officer("s", &[Role::Specialist], "A", "U");
        assert_eq!(filter(&spec, InboxScope::Queue).intake_agency, None);
        // Least privilege: a specialist's "agency" tab is what they hold and their queue.
        let f = filter(&spec, InboxScope::Agency);
        assert_eq!(f.agency_code, None);
        assert_eq!(f.owner_user.as_deref(), Some("s"));
        let director = Actor::officer("g", &[Role::Director], "A", "BGD");
        assert_eq!(
            filter(&director, InboxScope::Agency).agency_code.as_deref(),
            Some("A")
        );
    }
}
