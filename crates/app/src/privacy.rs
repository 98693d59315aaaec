//! Personal data through the domain's access rule ([`motcua_domain::dossier::access`]): every
//! use case that shows a dossier's applicant asks it here, shows what it allows (masking the
//! rest), and records the read in the access log (Decree 13/2023/NĐ-CP) — and administrators
//! read that log.
//!
//! What is logged, and why not more: every officer's (and the system's) read of one dossier
//! (its page, the API's read and history), every reveal, every printed paper and every export
//! (the tracking book; one row naming all its dossiers) — one INSERT each. Lists (the inbox,
//! the desk's queues, search results) show a code, a name and a procedure, never an identity
//! number, phone or address; logging each list view would double the writes of the busiest
//! pages for data the detail read records anyway. An applicant reading their own dossier is
//! the data subject, not processing: not logged. What an officer does to a dossier is in its
//! event log already.

use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::dossier::{
    access, disclose_events, Access, Actor, ActorKind, Disclosure, Dossier, Event, PersonalField,
    Purpose, RevealReason, Viewer,
};
use motcua_store::{access_log, dossiers};

pub use motcua_store::access_log::{AccessEntry, AccessFilter};

use crate::admin::require_admin;
use crate::{App, AppError, Result};

/// The most rows one page (or one CSV) of the access log holds.
pub const MAX_ACCESS_ROWS: u32 = 10_000;

/// Which reads an administrator asks for.
#[derive(Debug, Clone, Default)]
pub struct AccessQuery {
    pub username: Option<String>,
    /// Reads of this dossier, alone or within an export.
    pub dossier_code: Option<String>,
    pub purpose: Option<Purpose>,
    /// Whole Vietnam days, both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// From 1.
    pub page: u32,
    pub per_page: u32,
}

/// A page of the access log.
#[derive(Debug, Clone)]
pub struct AccessPage {
    pub items: Vec<AccessEntry>,
    pub total: i64,
    pub page: u32,
    /// At least 1.
    pub pages: u32,
}

/// The instant Vietnam day `d` starts at (UTC+7).
fn vn_day_start(d: NaiveDate) -> DateTime<Utc> {
    let local = d.and_time(chrono::NaiveTime::MIN);
    local
        .and_local_timezone(motcua_calendar::vn_offset())
        .single()
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}

/// The door a read came through, as the access log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    Page,
    Api,
    Cli,
}

impl Door {
    pub fn as_str(self) -> &'static str {
        match self {
            Door::Page => "page",
            Door::Api => "api",
            Door::Cli => "cli",
        }
    }
}

/// What a person asks a dossier for: a purpose, the reason of a reveal, and the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub purpose: Purpose,
    pub reason: Option<RevealReason>,
    pub door: Door,
}

impl Reading {
    /// Opening a dossier.
    pub fn read(door: Door) -> Reading {
        Reading {
            purpose: Purpose::Read,
            reason: None,
            door,
        }
    }

    /// Showing the personal data in full, for `reason`.
    pub fn reveal(reason: RevealReason, door: Door) -> Reading {
        Reading {
            purpose: Purpose::Reveal,
            reason: Some(reason),
            door,
        }
    }
}

/// A dossier as one person may see it: masked where their relation does not show the
/// applicant in full, and the access that decided it.
#[derive(Debug, Clone)]
pub struct Disclosed {
    pub dossier: Dossier,
    pub access: Access,
}

impl Disclosed {
    /// Whether the person may reveal what is masked now (their relation allows it on request).
    pub fn may_reveal(&self) -> bool {
        !self.access.is_full()
            && self
                .access
                .relation()
                .is_some_and(|r| r.disclosure() == Disclosure::OnRequest)
    }
}

/// Refuses a reveal the relation does not allow (reporters), and one without a reason.
pub(crate) fn check_reveal(access: Access, reading: Reading) -> Result<()> {
    if reading.purpose != Purpose::Reveal {
        return Ok(());
    }
    if reading.reason.is_none() {
        return Err(AppError::invalid_field(
            "reason",
            "Chọn lý do cần xem đầy đủ thông tin cá nhân",
            "Choose why the personal data is needed in full",
        ));
    }
    if !access.is_full() {
        return Err(AppError::forbidden(
            "Vai trò của anh/chị không cần xem đầy đủ số định danh, điện thoại, địa chỉ của người nộp",
            "Your role does not need the applicant's identity number, phone or address in full",
        ));
    }
    Ok(())
}

/// Whose reads are logged: officers and the system; an applicant reading their own dossier is
/// the data subject.
fn logged(viewer: Viewer<'_>) -> Option<&Actor> {
    viewer.actor.filter(|a| a.kind != ActorKind::Applicant)
}

impl App {
    /// Dossier `code` as `viewer` may see it for `reading`: refused (absent and not visible
    /// alike) → [`AppError::NotFound`]; a reveal the relation does not allow →
    /// [`AppError::Forbidden`]. An officer's read is recorded in the access log.
    pub async fn read_dossier(
        &self,
        code: &str,
        viewer: Viewer<'_>,
        reading: Reading,
    ) -> Result<Disclosed> {
        let d = self
            .load_opened(code, viewer, |d, by_account| {
                access(d, by_account, reading.purpose) != Access::Denied
            })
            .await?;
        let access = access(&d, viewer, reading.purpose);
        if access == Access::Denied {
            return Err(AppError::NotFound(format!("dossier {code}")));
        }
        check_reveal(access, reading)?;
        self.record_read(viewer, &d, access, reading).await?;
        Ok(Disclosed {
            dossier: d.disclosed(access),
            access,
        })
    }

    /// `d` as `viewer` may see it for reading, with nothing logged: what an action's answer
    /// shows (the action itself is in the dossier's event log). `None` when they may not.
    pub fn disclose(&self, d: Dossier, viewer: Viewer<'_>) -> Option<Disclosed> {
        let access = access(&d, viewer, Purpose::Read);
        (access != Access::Denied).then(|| Disclosed {
            dossier: d.disclosed(access),
            access,
        })
    }

    /// The history of a dossier read with `access`: the applicant masked in it likewise.
    pub async fn disclosed_events(&self, d: &Disclosed) -> Result<Vec<Event>> {
        let events = dossiers::events(&self.db, &d.dossier.code).await?;
        Ok(disclose_events(events, d.access))
    }

    /// Records `viewer`'s read of `d` (if an officer's): who, the dossier, the fields shown in
    /// full, the purpose and reason, the door.
    pub(crate) async fn record_read(
        &self,
        viewer: Viewer<'_>,
        d: &Dossier,
        access: Access,
        reading: Reading,
    ) -> Result<()> {
        let Some(actor) = logged(viewer) else {
            return Ok(());
        };
        let fields = PersonalField::shown(&d.applicant, access);
        self.record_access(
            actor,
            access,
            reading,
            vec![d.code.clone()],
            fields,
            Utc::now(),
        )
        .await
    }

    /// One row of the access log.
    pub(crate) async fn record_access(
        &self,
        actor: &Actor,
        access: Access,
        reading: Reading,
        codes: Vec<String>,
        fields: Vec<PersonalField>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let Some(relation) = access.relation() else {
            return Ok(());
        };
        access_log::record(
            &self.db,
            &access_log::NewAccess {
                at,
                username: actor.username.clone(),
                agency_code: actor.agency_code.clone(),
                relation: relation.as_str().to_owned(),
                purpose: reading.purpose.as_str().to_owned(),
                reason: reading.reason.map(|r| r.as_str().to_owned()),
                codes,
                fields: fields.iter().map(|f| f.as_str().to_owned()).collect(),
                door: reading.door.as_str().to_owned(),
            },
        )
        .await?;
        Ok(())
    }

    /// A page of the access log as `q` selects it, newest first: administrators only.
    pub async fn access_log(&self, actor: &Actor, q: &AccessQuery) -> Result<AccessPage> {
        require_admin(actor)?;
        let per_page = q.per_page.clamp(1, MAX_ACCESS_ROWS);
        let page = q.page.max(1);
        let blank = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_owned)
        };
        let f = AccessFilter {
            username: blank(&q.username),
            dossier_code: blank(&q.dossier_code),
            purpose: q.purpose.map(|p| p.as_str().to_owned()),
            from: q.from.map(vn_day_start),
            to: q.to.map(|d| vn_day_start(d + chrono::Duration::days(1))),
            limit: per_page,
            offset: (page - 1).saturating_mul(per_page),
        };
        let (total, items) = access_log::list(&self.db, &f).await?;
        Ok(AccessPage {
            items,
            total,
            page,
            pages: u32::try_from(total)
                .unwrap_or(u32::MAX)
                .div_ceil(per_page)
                .max(1),
        })
    }
}
