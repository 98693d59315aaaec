//! The desk's tracking book (Sổ theo dõi hồ sơ) for a period, and what printing a dossier's
//! papers needs: the dossier, its procedure, its history and the names of agencies and people.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use motcua_domain::dossier::{
    access, disclose_events, Access, Actor, Dossier, Event, PersonalField, Purpose, Relation,
    Status, Viewer,
};
use motcua_domain::{Agency, Role};
use motcua_store::catalog::{self, StoredProcedure};
use motcua_store::{book, dossiers, users};

use crate::privacy::{Door, Reading};
use crate::{App, AppError, Result};

/// One line of the book.
#[derive(Debug, Clone, PartialEq)]
pub struct BookEntry {
    pub code: String,
    pub applicant_name: String,
    pub procedure_code: String,
    /// The current version's name (the code if the procedure is gone).
    pub procedure_name: String,
    pub received_at: DateTime<Utc>,
    pub due_at: Option<DateTime<Utc>>,
    /// When the result was handed back (only for returned dossiers).
    pub returned_at: Option<DateTime<Utc>>,
}

/// The book of the desk's agency for `[from, to]` (Vietnam days).
#[derive(Debug, Clone)]
pub struct TrackingBook {
    pub agency_code: String,
    /// The agency's name (its code if unknown).
    pub agency_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub entries: Vec<BookEntry>,
}

/// A dossier with what its printed papers are filled from.
pub struct DossierRecord {
    pub dossier: Dossier,
    pub procedure: Arc<StoredProcedure>,
    pub events: Vec<Event>,
}

/// Names to print: every agency with its units, and people's full names by user name.
pub struct Directory {
    pub agencies: Vec<Agency>,
    pub people: HashMap<String, String>,
}

/// The papers of one dossier.
pub struct DossierPapers {
    pub record: DossierRecord,
    pub directory: Directory,
}

/// The book's dossiers in full, to print the book's form.
pub struct BookRecords {
    pub agency_code: String,
    pub records: Vec<DossierRecord>,
    pub directory: Directory,
}

/// The instant Vietnam day `d` starts at.
fn day_start(d: NaiveDate) -> DateTime<Utc> {
    motcua_calendar::VN_OFFSET
        .from_local_datetime(&d.and_time(NaiveTime::MIN))
        .single()
        .map_or(DateTime::<Utc>::MIN_UTC, |t| t.with_timezone(&Utc))
}

/// Desk officers and administrators keep the book.
fn desk_only(actor: &Actor) -> Result<()> {
    if actor.has(Role::Desk) || actor.is_admin() {
        return Ok(());
    }
    Err(AppError::forbidden(
        "Sổ theo dõi hồ sơ dành cho Bộ phận Một cửa",
        "The tracking book is for the one-stop desk",
    ))
}

impl App {
    async fn directory(&self) -> Result<Directory> {
        Ok(Directory {
            agencies: catalog::list_agencies(&self.db).await?,
            people: users::list_users(&self.db)
                .await?
                .into_iter()
                .map(|u| (u.username, u.full_name))
                .collect(),
        })
    }

    async fn book_lines(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(String, Vec<book::BookLine>)> {
        desk_only(actor)?;
        let agency = actor.agency_code.clone().unwrap_or_default();
        let to = to.max(from);
        let lines = book::received_between(
            &self.db,
            &agency,
            day_start(from),
            day_start(to + Duration::days(1)),
        )
        .await?;
        Ok((agency, lines))
    }

    /// The dossiers the desk of `actor`'s agency received from `from` to `to` (whole Vietnam
    /// days; `to` before `from` counts as `from`), in the order received.
    pub async fn tracking_book(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<TrackingBook> {
        let (agency_code, lines) = self.book_lines(actor, from, to).await?;
        // The book lists names only; it is logged as one export naming its dossiers.
        let codes = lines.iter().map(|l| l.code.clone()).collect();
        self.record_book(actor, codes, vec![PersonalField::Name])
            .await?;
        let names = self.procedure_names().await?;
        let entries = lines
            .into_iter()
            .map(|r| BookEntry {
                procedure_name: names
                    .get(&r.procedure_code)
                    .cloned()
                    .unwrap_or_else(|| r.procedure_code.clone()),
                returned_at: r
                    .closed_at
                    .filter(|_| Status::parse(&r.status) == Some(Status::Returned)),
                code: r.code,
                applicant_name: r.applicant_name,
                procedure_code: r.procedure_code,
                received_at: r.received_at,
                due_at: r.due_at,
            })
            .collect();
        let agency_name = catalog::list_agencies(&self.db)
            .await?
            .into_iter()
            .find(|a| a.code == agency_code)
            .map_or_else(|| agency_code.clone(), |a| a.name);
        Ok(TrackingBook {
            agency_code,
            agency_name,
            from,
            to: to.max(from),
            entries,
        })
    }

    /// The book's dossiers in full (procedure, history) with the names to print them.
    pub async fn tracking_book_records(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<BookRecords> {
        let (agency_code, lines) = self.book_lines(actor, from, to).await?;
        let directory = self.directory().await?;
        let mut records = Vec::with_capacity(lines.len());
        let mut full = false;
        for line in lines {
            let Some(d) = dossiers::load(&self.db, &line.code)
                .await?
                .map(|d| d.dossier)
            else {
                continue;
            };
            let Some(procedure) =
                catalog::get_procedure_by_id_cached(&self.db, d.procedure_version_id).await?
            else {
                continue;
            };
            // Each line as the access rule shows it for an export (the desk: in full).
            let granted = match access(&d, Viewer::actor(actor), Purpose::Export) {
                Access::Denied => continue,
                a => a,
            };
            full |= granted.is_full();
            let events = disclose_events(dossiers::events(&self.db, &d.code).await?, granted);
            records.push(DossierRecord {
                dossier: d.disclosed(granted),
                procedure,
                events,
            });
        }
        let codes = records.iter().map(|r| r.dossier.code.clone()).collect();
        let fields = if full {
            PersonalField::ALL.to_vec()
        } else {
            vec![PersonalField::Name]
        };
        self.record_book(actor, codes, fields).await?;
        Ok(BookRecords {
            agency_code,
            records,
            directory,
        })
    }

    /// One access-log row for the book: an export naming its dossiers.
    async fn record_book(
        &self,
        actor: &Actor,
        codes: Vec<String>,
        fields: Vec<PersonalField>,
    ) -> Result<()> {
        // The desk reads the book of what it received; an administrator reads it as such.
        let relation = if actor.has(Role::Desk) {
            motcua_domain::dossier::Relation::Desk
        } else {
            motcua_domain::dossier::Relation::Admin
        };
        let granted = if fields.len() > 1 {
            Access::Full(relation)
        } else {
            Access::Masked(relation)
        };
        let reading = Reading {
            purpose: Purpose::Export,
            reason: None,
            door: Door::Page,
        };
        self.record_access(actor, granted, reading, codes, fields, Utc::now())
            .await
    }

    /// What a dossier's printed papers are filled from, for whoever may see it (absent and
    /// not visible are both [`AppError::NotFound`]): the applicant as the access rule shows
    /// them for printing, the print recorded in the access log.
    pub async fn dossier_papers(&self, actor: &Actor, code: &str) -> Result<DossierPapers> {
        let shown = self
            .read_dossier(
                code,
                Viewer::actor(actor),
                Reading {
                    purpose: Purpose::Print,
                    reason: None,
                    door: Door::Page,
                },
            )
            .await?;
        self.papers_of(shown.dossier, shown.access).await
    }

    /// The papers of `d` for its applicant, who proved it is theirs with
    /// [`App::applicant_dossier`]: what their receipt (form 01) is printed from.
    pub async fn applicant_papers(&self, d: Dossier) -> Result<DossierPapers> {
        self.papers_of(d, Access::Full(Relation::Applicant)).await
    }

    async fn papers_of(&self, d: Dossier, access: Access) -> Result<DossierPapers> {
        let code = d.code.clone();
        let code = code.as_str();
        let procedure = catalog::get_procedure_by_id_cached(&self.db, d.procedure_version_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("procedure of {code}")))?;
        let events = disclose_events(dossiers::events(&self.db, code).await?, access);
        Ok(DossierPapers {
            record: DossierRecord {
                dossier: d,
                procedure,
                events,
            },
            directory: self.directory().await?,
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_vietnam_day_starts_at_17_utc_the_day_before() {
        let d = chrono::NaiveDate::from_ymd_opt(2025, 6, 2).expect("date");
        assert_eq!(
            super::day_start(d).to_rfc3339(),
            "2025-06-01T17:00:00+00:00"
        );
    }
}
