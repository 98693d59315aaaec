//! Filling the forms from the domain: a dossier, its pinned procedure and its event log.
//! Names of agencies, units and officers come from [`Names`] (codes are printed when a name
//! is unknown), and instants are shown in Vietnam time.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use motcua_domain::catalog::{
    ApplicantType, Catalog, Fee, FeeTiming, Procedure, TimeLimit, TimeUnit,
};
use motcua_domain::dossier::{vn_date, Dossier, EndKind, Event, EventKind, Owner};

use super::data::*;
use crate::table::{decimal, group_thousands};
use crate::PrintError;

/// An instant in Vietnam local time (UTC+7, no daylight saving).
pub fn to_local(t: DateTime<Utc>) -> NaiveDateTime {
    match FixedOffset::east_opt(7 * 3600) {
        Some(offset) => t.with_timezone(&offset).naive_local(),
        None => t.naive_utc(),
    }
}

/// "15 ngày làm việc", "2,5 ngày làm việc", "Trong ngày", "30 ngày".
pub fn statutory_time(t: &TimeLimit) -> String {
    match t.unit {
        TimeUnit::SameDay => "Trong ngày làm việc".into(),
        TimeUnit::WorkingDays => format!("{} ngày làm việc", decimal(t.days, 1)),
        TimeUnit::CalendarDays => format!("{} ngày", decimal(t.days, 1)),
    }
}

/// How fees are paid, with the fixed amounts, e.g. "Nộp khi nhận kết quả: 1.200.000 đồng".
pub fn fee_mode(timing: FeeTiming, fees: &[Fee]) -> String {
    let when = match timing {
        FeeTiming::Before => "Nộp phí, lệ phí khi nộp hồ sơ",
        FeeTiming::After => "Nộp phí, lệ phí khi nhận kết quả",
        FeeTiming::Exempt => return "Miễn phí, lệ phí".into(),
        FeeTiming::None => return "Không thu phí, lệ phí".into(),
    };
    let amounts: Vec<String> = fees
        .iter()
        .map(|f| match (f.amount_vnd, f.description.as_deref()) {
            (Some(a), _) => format!("{} {} đồng", f.name, group_thousands(a)),
            (None, Some(d)) => format!("{} ({d})", f.name),
            (None, None) => f.name.clone(),
        })
        .collect();
    if amounts.is_empty() {
        when.to_string()
    } else {
        format!("{when}: {}", amounts.join("; "))
    }
}

/// Display names for codes: agencies, units (by agency and unit code) and officers.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub agencies: HashMap<String, String>,
    pub units: HashMap<(String, String), String>,
    /// Username → full name.
    pub users: HashMap<String, String>,
}

impl Names {
    /// Agency and unit names from a catalog (add `users` yourself).
    pub fn from_catalog(catalog: &Catalog) -> Names {
        let mut names = Names::default();
        for a in &catalog.agencies {
            names.agencies.insert(a.code.clone(), a.name.clone());
            for u in &a.units {
                names
                    .units
                    .insert((a.code.clone(), u.code.clone()), u.name.clone());
            }
        }
        names
    }

    pub fn agency(&self, code: &str) -> String {
        self.agencies
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    pub fn unit(&self, agency: &str, unit: &str) -> String {
        match self.units.get(&(agency.to_string(), unit.to_string())) {
            Some(u) => format!("{u} - {}", self.agency(agency)),
            None => format!("{unit} - {}", self.agency(agency)),
        }
    }

    pub fn user(&self, username: &str) -> String {
        self.users
            .get(username)
            .cloned()
            .unwrap_or_else(|| username.to_string())
    }

    fn owner(&self, o: &Owner) -> String {
        match o {
            Owner::User { username } => self.user(username),
            Owner::Unit {
                agency_code,
                unit_code,
            } => self.unit(agency_code, unit_code),
        }
    }
}

fn applicant(d: &Dossier) -> ApplicantInfo {
    let a = &d.applicant;
    ApplicantInfo {
        name: a.name.clone(),
        address: a.address.clone(),
        phone: a.phone.clone(),
        email: a.email.clone(),
        id_number: a.id_number.clone(),
        // A foreign applicant may be a person or a firm; a person is the safer reading.
        organisation: matches!(
            a.kind,
            ApplicantType::Business | ApplicantType::StateAgency | ApplicantType::Organization
        ),
    }
}

fn incomplete(what: &str, d: &Dossier) -> PrintError {
    PrintError::Incomplete(format!("dossier {}: {what}", d.code))
}

impl ReceiptData {
    /// Form 01 for a received dossier; `desk` is the receiving desk's name, `officer` the
    /// receiving officer's. Set `qr_text` to the public lookup URL afterwards if there is one.
    pub fn from_dossier(
        d: &Dossier,
        p: &Procedure,
        issuer: Issuer,
        desk: &str,
        officer: &str,
    ) -> Result<ReceiptData, PrintError> {
        let received = d.received_at.ok_or_else(|| incomplete("not received", d))?;
        let due = d.due_at.ok_or_else(|| incomplete("no appointment", d))?;
        Ok(ReceiptData {
            issuer,
            number: None,
            desk: desk.to_string(),
            dossier_code: d.code.clone(),
            qr_text: None,
            applicant: applicant(d),
            owner: None,
            request: p.name.clone(),
            fee: fee_mode(p.fee_timing, &p.fees),
            components: p
                .components
                .iter()
                .map(|c| ComponentLine {
                    name: c.name.clone(),
                    originals: c.originals,
                    certified_copies: c.certified_copies,
                    copies: c.copies,
                })
                .collect(),
            sets: p.sets,
            statutory_time: statutory_time(&p.statutory_time),
            received_at: to_local(received),
            appointment: to_local(due),
            collect_at: desk.to_string(),
            book_volume: None,
            book_number: None,
            officer: officer.to_string(),
            issued_on: vn_date(received),
        })
    }
}

impl SupplementRequestData {
    /// Form 02 for the open request (the dossier's `missing` components).
    pub fn from_dossier(
        d: &Dossier,
        p: &Procedure,
        issuer: Issuer,
        reason: &str,
        contact: &str,
        officer: &str,
        now: DateTime<Utc>,
    ) -> SupplementRequestData {
        SupplementRequestData {
            issuer,
            number: None,
            dossier_code: d.code.clone(),
            applicant: applicant(d),
            request: p.name.clone(),
            items: d.missing.clone(),
            reason: reason.to_string(),
            contact: contact.to_string(),
            officer: officer.to_string(),
            issued_on: vn_date(now),
        }
    }
}

impl RefusalData {
    /// Form 03 for a dossier refused at intake.
    pub fn from_dossier(
        d: &Dossier,
        p: &Procedure,
        issuer: Issuer,
        desk: &str,
        officer: &str,
    ) -> Result<RefusalData, PrintError> {
        let end = d
            .ending
            .as_ref()
            .filter(|e| e.kind == EndKind::Refused)
            .ok_or_else(|| incomplete("not refused", d))?;
        Ok(RefusalData {
            issuer,
            number: None,
            desk: desk.to_string(),
            dossier_code: Some(d.code.clone()),
            applicant: applicant(d),
            request: p.name.clone(),
            reasons: end.reasons.clone(),
            officer: officer.to_string(),
            issued_on: vn_date(end.at),
        })
    }
}

impl ApologyData {
    /// Form 04 for the dossier's latest extension.
    pub fn from_dossier(
        d: &Dossier,
        p: &Procedure,
        issuer: Issuer,
        signer_title: &str,
        signer: &str,
    ) -> Result<ApologyData, PrintError> {
        let ext = d
            .extensions
            .last()
            .ok_or_else(|| incomplete("no extension", d))?;
        let received = d.received_at.ok_or_else(|| incomplete("not received", d))?;
        Ok(ApologyData {
            issuer,
            number: None,
            dossier_code: d.code.clone(),
            applicant: applicant(d),
            request: p.name.clone(),
            received_at: to_local(received),
            previous_appointment: to_local(ext.previous_due),
            reason: ext.reason.clone(),
            new_appointment: to_local(ext.new_due),
            signer_title: signer_title.to_string(),
            signer: signer.to_string(),
            issued_on: vn_date(ext.at),
        })
    }
}

impl StopNoticeData {
    /// Form 05 (Circular 03/2025) for a stopped or withdrawn dossier, with the stage reached.
    pub fn from_dossier(
        d: &Dossier,
        p: &Procedure,
        issuer: Issuer,
        names: &Names,
        signer_title: &str,
        signer: &str,
    ) -> Result<StopNoticeData, PrintError> {
        let end = d
            .ending
            .as_ref()
            .filter(|e| matches!(e.kind, EndKind::Stopped | EndKind::Withdrawn))
            .ok_or_else(|| incomplete("not stopped", d))?;
        let received = d.received_at.ok_or_else(|| incomplete("not received", d))?;
        let stage = match d.steps.get(end.step) {
            Some(s) => format!(
                "{} ({})",
                s.name,
                names.unit(&d.step_agency(s), &s.unit_code)
            ),
            None => end.stage.name_vi().to_string(),
        };
        let mut reason = end.reasons.join("; ");
        if end.kind == EndKind::Withdrawn {
            reason = format!("Theo đề nghị rút hồ sơ của người nộp: {reason}");
        }
        Ok(StopNoticeData {
            issuer,
            number: None,
            dossier_code: d.code.clone(),
            applicant: applicant(d),
            request: p.name.clone(),
            received_at: to_local(received),
            reason,
            stage,
            signer_title: signer_title.to_string(),
            signer: signer.to_string(),
            issued_on: vn_date(end.at),
        })
    }
}

/// Early / on time / late for a hand-over at `at` against the step's due instant, by Vietnam
/// date (the slip is read by day).
fn timeliness(at: DateTime<Utc>, due: Option<DateTime<Utc>>) -> Option<String> {
    let due = due?;
    let (a, b) = (vn_date(at), vn_date(due));
    Some(
        match a.cmp(&b) {
            std::cmp::Ordering::Less => "Trước hạn",
            std::cmp::Ordering::Equal => "Đúng hạn",
            std::cmp::Ordering::Greater => "Quá hạn",
        }
        .to_string(),
    )
}

impl ControlSlipData {
    /// The control slip from the event log: one row per hand-over (reception to the first
    /// step, forwarding, sending back, inter-agency transfer, result to the desk, return).
    pub fn from_events(
        d: &Dossier,
        p: &Procedure,
        events: &[Event],
        names: &Names,
        issuer: Issuer,
        now: DateTime<Utc>,
    ) -> Result<ControlSlipData, PrintError> {
        let received = d.received_at.ok_or_else(|| incomplete("not received", d))?;
        let due = d.due_at.ok_or_else(|| incomplete("no appointment", d))?;
        let mut rows = Vec::new();
        for e in events {
            let by = names.user(&e.actor.username);
            let from = match (&e.actor.agency_code, &e.actor.unit_code) {
                (Some(a), Some(u)) => format!("{} ({by})", names.unit(a, u)),
                _ => by,
            };
            let step_due = e.step.and_then(|s| d.step_dues.get(s).copied());
            let (to, note, result) = match &e.kind {
                EventKind::Forwarded { owner, .. } => (
                    names.owner(owner),
                    e.note.clone(),
                    timeliness(e.at, step_due),
                ),
                EventKind::SentBack { owner, reason, .. } => {
                    (names.owner(owner), Some(format!("Trả lại: {reason}")), None)
                }
                EventKind::Transferred {
                    owner, agency_code, ..
                } => (
                    names.owner(owner),
                    Some(format!("Liên thông: {}", names.agency(agency_code))),
                    timeliness(e.at, step_due),
                ),
                EventKind::ResultReady { owner, .. } => (
                    owner
                        .as_ref()
                        .map(|o| names.owner(o))
                        .unwrap_or_else(|| "Bộ phận Một cửa".into()),
                    Some("Chuyển kết quả".into()),
                    timeliness(e.at, Some(due)),
                ),
                EventKind::ResultReturned { received_by, .. } => (
                    received_by.clone(),
                    Some("Trả kết quả".into()),
                    timeliness(e.at, Some(due)),
                ),
                _ => continue,
            };
            rows.push(HandOver {
                from,
                to,
                at: to_local(e.at),
                result,
                note,
            });
        }
        let handling_agency = names.unit(&p.agency_code, &p.unit_code);
        let mut coordinating: Vec<String> = d
            .steps
            .iter()
            .filter_map(|s| s.agency_code.as_deref())
            .filter(|a| *a != d.agency_code)
            .map(|a| names.agency(a))
            .collect();
        coordinating.dedup();
        Ok(ControlSlipData {
            issuer,
            dossier_code: d.code.clone(),
            applicant_name: d.applicant.name.clone(),
            request: p.name.clone(),
            handling_agency,
            coordinating,
            received_at: to_local(received),
            appointment: to_local(due),
            rows,
            issued_on: vn_date(now),
        })
    }
}

impl TrackingRow {
    /// A tracking-book line; the hand-over dates come from the event log.
    pub fn from_dossier(
        d: &Dossier,
        p: &Procedure,
        events: &[Event],
        names: &Names,
    ) -> Result<TrackingRow, PrintError> {
        let received = d.received_at.ok_or_else(|| incomplete("not received", d))?;
        let due = d.due_at.ok_or_else(|| incomplete("no appointment", d))?;
        let first =
            |f: fn(&EventKind) -> bool| events.iter().find(|e| f(&e.kind)).map(|e| to_local(e.at));
        let contact = [d.applicant.address.as_deref(), d.applicant.phone.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ");
        Ok(TrackingRow {
            dossier_code: d.code.clone(),
            procedure: p.name.clone(),
            sets: p.sets,
            applicant_name: d.applicant.name.clone(),
            contact,
            handling_agency: names.agency(&d.agency_code),
            received_at: to_local(received),
            appointment: to_local(due),
            transferred_at: first(|k| matches!(k, EventKind::Forwarded { .. })),
            result_in_at: first(|k| matches!(k, EventKind::ResultReady { .. })),
            returned_at: d.returned.as_ref().map(|r| to_local(r.at)),
            note: d.ending.as_ref().map(|e| e.stage.name_vi().to_string()),
        })
    }
}
