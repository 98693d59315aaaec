//! The one-stop desk (Bộ phận Một cửa): its two queues (online submissions to check, results
//! to hand back) and counter intake with the checklist of components — what the desk checked
//! goes, in Vietnamese, into the process-control slip.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::{Actor, Applicant, Channel, Dossier, HandedIn, Status};
use motcua_domain::{Component, Procedure, PublicationStatus, Role};
use motcua_store::catalog::{self, ProcedureFilter, ProcedureSummary};
use motcua_store::dossiers::{self, Created, DossierFilter};

use crate::dossiers::Submission;
use crate::{App, AppError, Result};

/// A dossier in a desk queue.
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub dossier: Dossier,
    pub procedure_name: String,
    /// The components its procedure asks for, by name.
    pub components: Vec<String>,
}

/// One of the desk's queues: its first lines and how many there are.
#[derive(Debug, Clone, Default)]
pub struct Queue {
    pub total: i64,
    pub items: Vec<QueueItem>,
}

/// What waits at the desk.
#[derive(Debug, Clone, Default)]
pub struct DeskQueues {
    /// Online submissions to its agency, to receive, guide or refuse.
    pub intake: Queue,
    /// Results of its agency ready to hand back.
    pub results: Queue,
}

/// The form a component was brought in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyForm {
    Original,
    Certified,
    Copy,
}

impl CopyForm {
    pub fn parse(s: &str) -> CopyForm {
        match s {
            "original" => CopyForm::Original,
            "certified" => CopyForm::Certified,
            _ => CopyForm::Copy,
        }
    }

    /// The form the procedure asks for first.
    pub fn default_for(c: &Component) -> CopyForm {
        if c.originals > 0 {
            CopyForm::Original
        } else if c.certified_copies > 0 {
            CopyForm::Certified
        } else {
            CopyForm::Copy
        }
    }

    /// As the slip writes it.
    fn label_vi(self) -> &'static str {
        match self {
            CopyForm::Original => "bản chính",
            CopyForm::Certified => "bản sao chứng thực",
            CopyForm::Copy => "bản sao",
        }
    }
}

/// One line of the counter checklist, as the desk ticked it: `count` is what was typed (a
/// positive whole number is needed for a present component).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub present: bool,
    pub form: CopyForm,
    pub count: String,
}

/// A dossier received at the counter.
#[derive(Debug, Clone)]
pub struct CounterIntake {
    pub procedure_code: String,
    pub applicant: Applicant,
    pub summary: Option<String>,
    /// `Direct` or `Postal`.
    pub channel: Channel,
    /// One per component of the procedure, in its order.
    pub components: Vec<Checked>,
    /// Number of sets, as typed.
    pub sets: String,
    pub note: Option<String>,
}

/// Why the counter cannot receive the dossier yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntakeProblem {
    /// The applicant's name is missing.
    NoName,
    /// These required components are not ticked.
    Incomplete(Vec<String>),
    /// A count or the number of sets is not a positive whole number.
    BadCount,
}

impl IntakeProblem {
    /// The form field the problem is about.
    pub fn field(&self) -> &'static str {
        match self {
            IntakeProblem::NoName => "name",
            IntakeProblem::Incomplete(_) => "components",
            IntakeProblem::BadCount => "sets",
        }
    }

    fn into_error(self) -> AppError {
        let field = self.field();
        match self {
            IntakeProblem::NoName => AppError::invalid_field(
                field,
                "Cần nhập tên người nộp",
                "The applicant's name is needed",
            ),
            IntakeProblem::Incomplete(names) => AppError::invalid_field(
                field,
                format!("Thiếu thành phần bắt buộc: {}", names.join("; ")),
                format!("Required components missing: {}", names.join("; ")),
            ),
            IntakeProblem::BadCount => AppError::invalid_field(
                field,
                "Số bản và số bộ phải là số nguyên dương",
                "Copies and sets must be positive whole numbers",
            ),
        }
    }
}

fn positive(s: &str) -> bool {
    s.trim().parse::<u32>().is_ok_and(|n| n > 0)
}

/// Everything wrong with `i` for a procedure of these `components`, in the order the form shows them.
pub fn intake_problems(components: &[Component], i: &CounterIntake) -> Vec<IntakeProblem> {
    let mut out = Vec::new();
    if i.applicant.name.trim().is_empty() {
        out.push(IntakeProblem::NoName);
    }
    let ticked = |n: usize| i.components.get(n).is_some_and(|c| c.present);
    let absent: Vec<String> = components
        .iter()
        .enumerate()
        .filter(|(n, c)| c.required && !ticked(*n))
        .map(|(_, c)| c.name.clone())
        .collect();
    if !absent.is_empty() {
        out.push(IntakeProblem::Incomplete(absent));
    }
    if i.components
        .iter()
        .any(|c| c.present && !positive(&c.count))
        || !positive(&i.sets)
    {
        out.push(IntakeProblem::BadCount);
    }
    out
}

/// What the desk checked at the counter, for the process-control slip (Vietnamese: it is the
/// official record).
pub fn checklist_note(components: &[Component], i: &CounterIntake) -> String {
    let items: Vec<String> = components
        .iter()
        .zip(&i.components)
        .filter(|(_, c)| c.present)
        .enumerate()
        .map(|(n, (component, c))| {
            format!(
                "{}. {} ({} × {})",
                n + 1,
                component.name,
                c.form.label_vi(),
                c.count.trim()
            )
        })
        .collect();
    let mut out = format!(
        "Thành phần hồ sơ đã nhận ({} bộ): {}",
        i.sets.trim(),
        items.join("; ")
    );
    if let Some(note) = i.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        out.push_str(&format!(". Ghi chú: {note}"));
    }
    out
}

/// What the desk checked in, for the receipt (form 01): each ticked component with its
/// count in the form it was brought (counts were checked by [`intake_problems`]).
pub fn handed_in(components: &[Component], i: &CounterIntake) -> Vec<HandedIn> {
    components
        .iter()
        .zip(&i.components)
        .filter(|(_, c)| c.present)
        .map(|(component, c)| {
            let n: u32 = c.count.trim().parse().unwrap_or(1);
            let (originals, certified_copies, copies) = match c.form {
                CopyForm::Original => (n, 0, 0),
                CopyForm::Certified => (0, n, 0),
                CopyForm::Copy => (0, 0, n),
            };
            HandedIn {
                name: component.name.clone(),
                originals,
                certified_copies,
                copies,
            }
        })
        .collect()
}

/// Desk officers and administrators run the counter.
fn desk_only(actor: &Actor) -> Result<()> {
    if actor.has(Role::Desk) || actor.is_admin() {
        return Ok(());
    }
    Err(AppError::forbidden(
        "Chức năng này dành cho Bộ phận Một cửa",
        "This is for the one-stop desk",
    ))
}

impl App {
    pub(crate) async fn queue(&self, f: &DossierFilter) -> Result<Queue> {
        let (total, lines) = dossiers::list(&self.db, f).await?;
        let names = self.procedure_names().await?;
        let mut items = Vec::with_capacity(lines.len());
        for line in lines {
            let Some(stored) = dossiers::load(&self.db, &line.code).await? else {
                continue;
            };
            let d = stored.dossier;
            let components = catalog::get_procedure_by_id_cached(&self.db, d.procedure_version_id)
                .await?
                .map(|p| {
                    p.procedure
                        .components
                        .iter()
                        .map(|c| c.name.clone())
                        .collect()
                })
                .unwrap_or_default();
            items.push(QueueItem {
                procedure_name: names
                    .get(&d.procedure_code)
                    .cloned()
                    .unwrap_or_else(|| d.procedure_code.clone()),
                components,
                dossier: d,
            });
        }
        Ok(Queue { total, items })
    }

    /// Current procedures' names by code.
    pub(crate) async fn procedure_names(
        &self,
    ) -> Result<std::collections::HashMap<String, String>> {
        Ok(catalog::list_procedures(
            &self.db,
            &ProcedureFilter {
                per_page: 500,
                ..Default::default()
            },
        )
        .await?
        .items
        .into_iter()
        .map(|p| (p.code, p.name))
        .collect())
    }

    /// The desk's two queues for its agency (the first 50 of each).
    pub async fn desk_queues(&self, actor: &Actor) -> Result<DeskQueues> {
        desk_only(actor)?;
        let agency = actor.agency_code.clone().unwrap_or_default();
        let intake = self
            .queue(&DossierFilter {
                intake_agency: Some(agency.clone()),
                statuses: vec![Status::Submitted],
                limit: 50,
                ..Default::default()
            })
            .await?;
        let results = self
            .queue(&DossierFilter {
                statuses: vec![Status::ResultReady],
                agency_code: Some(agency),
                limit: 50,
                ..Default::default()
            })
            .await?;
        Ok(DeskQueues { intake, results })
    }

    /// A published procedure the counter can receive for (`None`: no such published one).
    pub async fn intake_procedure(&self, actor: &Actor, code: &str) -> Result<Option<Procedure>> {
        desk_only(actor)?;
        Ok(catalog::get_procedure(&self.db, code)
            .await?
            .map(|p| p.procedure)
            .filter(|p| p.status == PublicationStatus::Published))
    }

    /// Published procedures matching `q`, for the counter to pick from (at most 30).
    pub async fn intake_search(&self, actor: &Actor, q: &str) -> Result<Vec<ProcedureSummary>> {
        desk_only(actor)?;
        if q.trim().is_empty() {
            return Ok(Vec::new());
        }
        Ok(catalog::list_procedures(
            &self.db,
            &ProcedureFilter {
                q: Some(q.trim().to_owned()),
                published_only: true,
                per_page: 30,
                ..Default::default()
            },
        )
        .await?
        .items)
    }

    /// Receives a dossier at the counter after the checklist: refused with the first
    /// [`IntakeProblem`] (a page shows them all with [`intake_problems`] first); received at
    /// once, with what was checked noted on the creating event.
    pub async fn receive_at_counter(
        &self,
        actor: Actor,
        i: CounterIntake,
        now: DateTime<Utc>,
    ) -> Result<Created> {
        desk_only(&actor)?;
        let p = self
            .intake_procedure(&actor, &i.procedure_code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("procedure {}", i.procedure_code)))?;
        if let Some(problem) = intake_problems(&p.components, &i).into_iter().next() {
            return Err(problem.into_error());
        }
        let note = checklist_note(&p.components, &i);
        let handed_in = handed_in(&p.components, &i);
        let summary = i
            .summary
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| p.name.clone());
        self.submit_noted(
            actor,
            Submission {
                procedure_code: i.procedure_code,
                applicant: i.applicant,
                summary: Some(summary),
                files: Vec::new(),
                desk_channel: Some(i.channel),
                idempotency_key: None,
                handed_in,
            },
            Some(note),
            now,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn procedure() -> Vec<Component> {
        let c = |name: &str, required: bool| Component {
            name: name.into(),
            required,
            originals: 1,
            certified_copies: 0,
            copies: 0,
            template: None,
            note: None,
        };
        vec![c("Đơn đề nghị", true), c("Bản sao giấy phép", false)]
    }

    fn intake(present: [bool; 2], count: &str, sets: &str, name: &str) -> CounterIntake {
        CounterIntake {
            procedure_code: "X".into(),
            applicant: Applicant {
                name: name.into(),
                ..Applicant::default()
            },
            summary: None,
            channel: Channel::Direct,
            components: present
                .iter()
                .map(|p| Checked {
                    present: *p,
                    form: CopyForm::Original,
                    count: count.into(),
                })
                .collect(),
            sets: sets.into(),
            note: Some(" Nộp tại quầy 3 ".into()),
        }
    }

    #[test]
    fn the_checklist_needs_a_name_the_required_components_and_counts() {
        let p = procedure();
        assert_eq!(
            intake_problems(&p, &intake([true, false], "1", "1", "A")),
            []
        );
        assert_eq!(
            intake_problems(&p, &intake([false, true], "0", "x", " ")),
            [
                IntakeProblem::NoName,
                IntakeProblem::Incomplete(vec!["Đơn đề nghị".into()]),
                IntakeProblem::BadCount
            ]
        );
        assert_eq!(
            intake_problems(&p, &intake([true, true], "1", "0", "A")),
            [IntakeProblem::BadCount]
        );
    }

    #[test]
    fn the_slip_lists_what_was_taken() {
        let p = procedure();
        let mut i = intake([true, true], "2", "1", "A");
        i.components[1].form = CopyForm::Certified;
        assert_eq!(
            checklist_note(&p, &i),
            "Thành phần hồ sơ đã nhận (1 bộ): 1. Đơn đề nghị (bản chính × 2); \
             2. Bản sao giấy phép (bản sao chứng thực × 2). Ghi chú: Nộp tại quầy 3"
        );
    }

    #[test]
    fn the_receipt_gets_what_was_ticked_in_the_form_brought() {
        let p = procedure();
        let mut i = intake([true, false], "2", "1", "A");
        assert_eq!(
            handed_in(&p, &i),
            vec![HandedIn {
                name: "Đơn đề nghị".into(),
                originals: 2,
                certified_copies: 0,
                copies: 0,
            }]
        );
        i.components[1] = Checked {
            present: true,
            form: CopyForm::Copy,
            count: " 3 ".into(),
        };
        let got = handed_in(&p, &i);
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[1].originals, got[1].certified_copies, got[1].copies),
            (0, 0, 3)
        );
    }
}
