//! The officer's dossier screen as a view: the page's fields assembled from what the use case
//! read (`build`), the timeline's lines, the file links and the actions' names. The handlers
//! that read and answer are in `dossier.rs`.

use askama::Template;
use axum::http::StatusCode;
use chrono::Utc;
use motcua_app::privacy::Reading;
use motcua_app::record::RecordCheck;
use motcua_app::work::{DossierDetail, Officer};
use motcua_domain::dossier::{Action, Dossier, Event, EventKind, Owner, RevealReason};
use motcua_domain::Role;

use super::common::{channel_label, status_label, vn_time, ClockWords};
use crate::i18n::Lang;
use crate::pages::error::PageError;
use crate::pages::{format, Layout, PageCtx};

/// What an action attempt left to show: the domain's refusal, a conflict, or bad input —
/// next to the form of `action`, with the values that were sent.
pub struct Outcome {
    pub action: String,
    pub message: String,
    pub conflict: bool,
    pub values: Vec<(String, String)>,
    pub status: StatusCode,
    /// Not a refusal: an irreversible action waiting for the person to confirm it.
    pub confirm: bool,
}

pub struct FileView {
    pub name: String,
    pub size: String,
    pub href: String,
    pub component: String,
}

pub struct StepView {
    pub number: usize,
    pub name: String,
    pub who: String,
    pub duration: String,
    pub due: String,
    pub state: &'static str,
    pub state_class: &'static str,
    pub handler: String,
}

pub struct EventView {
    pub at: String,
    pub who: String,
    pub what: String,
    pub from: String,
    pub to: String,
    pub step: String,
    pub detail: String,
}

/// `(value, label)` of a choice.
pub type Choice = (String, String);

#[derive(Template)]
#[template(path = "work_dossier.html")]
pub struct DossierPage {
    pub layout: Layout,
    pub d: Dossier,
    pub procedure_name: String,
    pub status: &'static str,
    pub channel: &'static str,
    pub kind: &'static str,
    pub receiving: String,
    pub holder: String,
    pub clock: Option<ClockWords>,
    pub step_clock: Option<ClockWords>,
    pub submitted_at: String,
    pub received_at: String,
    pub due_at: String,
    pub original_due_at: String,
    /// "Why this date?" (after reception).
    pub due_why: Option<crate::pages::due_why::DueWhyView>,
    pub components: Vec<(String, u32, u32, u32)>,
    pub files: Vec<FileView>,
    pub result_files: Vec<FileView>,
    pub steps: Vec<StepView>,
    pub events: Vec<EventView>,
    pub extensions: Vec<(String, String, String, String)>,
    pub allowed: Vec<&'static str>,
    pub done: Option<String>,
    pub outcome: Option<Outcome>,
    pub next_officers: Vec<Choice>,
    pub unit_officers: Vec<Choice>,
    pub earlier_steps: Vec<Choice>,
    pub component_names: Vec<String>,
    pub transfer_units: Vec<Choice>,
    pub transfer_procedures: Vec<Choice>,
    pub roles: Vec<Choice>,
    /// Today in Vietnam, `YYYY-MM-DD`: the signing date's default.
    pub today: String,
    /// The applicant's identity number, phone, address and e-mail are masked on this page.
    pub masked: bool,
    /// This person may reveal them ("Hiện đầy đủ", with a reason; logged).
    pub may_reveal: bool,
    /// They were revealed for this view: `Some(reason's label)`.
    pub revealed: Option<String>,
    /// The reasons a reveal offers: `(value, label)`.
    pub reveal_reasons: Vec<Choice>,
    /// Whether the dossier's history verifies against its hash chain: the sentence to show,
    /// and the chain head (when verified) or `None` (broken: shown as a warning).
    pub record: (String, Option<String>),
    /// The procedure's fees: where a payment request starts (an amount that depends on the
    /// case is left for the officer, its rule shown as a hint).
    pub proposed_fees: Vec<motcua_domain::Fee>,
    pub receipts: Vec<crate::pages::receipt::ReceiptLine>,
}

impl DossierPage {
    /// The printable papers of the dossier now: `(slug, i18n key)`.
    pub fn printable(&self) -> Vec<(&'static str, &'static str)> {
        crate::pages::print::available(&self.d)
    }

    pub fn can(&self, action: &str) -> bool {
        self.allowed.contains(&action)
    }

    fn posted(&self, action: &str) -> Option<&Outcome> {
        self.outcome
            .as_ref()
            .filter(|o| o.action == action && !o.conflict)
    }

    /// The irreversible action waiting for confirmation, with what was typed for it.
    pub fn confirming(&self) -> Option<&Outcome> {
        self.outcome.as_ref().filter(|o| o.confirm)
    }

    /// Whether step `value` is chosen in "send back": what was sent, else the step just
    /// before the current one (one click must never send a dossier back to the counter).
    pub fn back_selected(&self, value: &str) -> bool {
        match self.v("send_back", "to_step") {
            sent if !sent.is_empty() => sent == value,
            _ => self.d.step.checked_sub(1).map(|s| s.to_string()).as_deref() == Some(value),
        }
    }

    /// The value sent for `name` in the failed form of `action`, to keep what was typed.
    pub fn v(&self, action: &str, name: &str) -> String {
        self.posted(action)
            .and_then(|o| o.values.iter().find(|(k, _)| k == name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn checked(&self, action: &str, name: &str, value: &str) -> bool {
        self.posted(action)
            .is_some_and(|o| o.values.iter().any(|(k, v)| k == name && v == value))
    }

    /// The rows of the payment request form: what was typed when it was refused, else the
    /// procedure's fees; two blank rows to add more.
    pub fn fee_rows(&self) -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = match self.posted("request_payment") {
            Some(o) => {
                let names = o.values.iter().filter(|(k, _)| k == "line_name");
                let amounts = o.values.iter().filter(|(k, _)| k == "line_amount");
                names
                    .zip(amounts)
                    .map(|((_, n), (_, a))| (n.clone(), a.clone()))
                    .filter(|(n, a)| !n.trim().is_empty() || !a.trim().is_empty())
                    .collect()
            }
            None => self
                .proposed_fees
                .iter()
                .map(|f| {
                    let a = f.amount_vnd.map(motcua_domain::dossier::vnd);
                    (f.name.clone(), a.unwrap_or_default())
                })
                .collect(),
        };
        rows.push((String::new(), String::new()));
        rows.push((String::new(), String::new()));
        rows
    }

    /// What is still owed, as the record-payment form's default amount.
    pub fn outstanding(&self) -> String {
        match self.d.payment.outstanding_vnd() {
            0 => String::new(),
            a => motcua_domain::dossier::vnd(a),
        }
    }

    /// The error to show next to the form of `action`.
    pub fn error_for(&self, action: &str) -> Option<&str> {
        self.posted(action)
            .filter(|o| !o.confirm)
            .map(|o| o.message.as_str())
    }
}

pub(crate) fn action_key(a: Action) -> &'static str {
    match a {
        Action::SubmitOnline => "submit_online",
        Action::ReceiveAtDesk => "receive_at_desk",
        Action::Receive => "receive",
        Action::GuideToSupplement => "guide_to_supplement",
        Action::RefuseIntake => "refuse_intake",
        Action::Claim => "claim",
        Action::Forward => "forward",
        Action::SendBack => "send_back",
        Action::Reassign => "reassign",
        Action::Transfer => "transfer",
        Action::RequestSupplement => "request_supplement",
        Action::Supplement => "supplement",
        Action::RequestPayment => "request_payment",
        Action::RecordPayment => "record_payment",
        Action::Approve => "approve",
        Action::Sign => "sign",
        Action::MarkResultReady => "mark_result_ready",
        Action::ReturnResult => "return_result",
        Action::Withdraw => "withdraw",
        Action::Stop => "stop",
        Action::Extend => "extend",
    }
}

pub(crate) fn action_label(a: Action, ctx: &PageCtx) -> String {
    match ctx.lang {
        crate::i18n::Lang::Vi => {
            let n = a.name_vi();
            let mut c = n.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
        crate::i18n::Lang::En => {
            let n = a.name_en();
            let mut c = n.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

fn file_view(code: &str, f: &motcua_domain::dossier::FileRef, lang: crate::i18n::Lang) -> FileView {
    let sep = if lang == crate::i18n::Lang::Vi {
        ','
    } else {
        '.'
    };
    FileView {
        name: f.name.clone(),
        size: motcua_files::format_size(f.size, sep),
        href: format!("/work/dossiers/{code}/files/{}", f.sha256),
        component: f.component.clone().unwrap_or_default(),
    }
}

pub(super) fn build(
    ctx: &PageCtx,
    detail: DossierDetail,
    done: Option<String>,
    outcome: Option<Outcome>,
    reading: Reading,
) -> Result<DossierPage, PageError> {
    let t = ctx.t();
    let now = Utc::now();
    let DossierDetail {
        dossier,
        access,
        may_reveal,
        procedure,
        actions,
        standing,
        due_why,
        events,
        agencies,
        people,
        next_officers,
        unit_officers,
        transfer_procedures,
        record,
    } = detail;
    let record = match &record {
        RecordCheck::Verified { events, .. } => {
            (t.fmt("record.verified", events), record.head_hex())
        }
        RecordCheck::Broken { vi, en } => (
            t.fmt("record.broken", if ctx.lang == Lang::En { en } else { vi }),
            None,
        ),
    };
    let allowed: Vec<&'static str> = actions.into_iter().map(action_key).collect();
    let d = &dossier;
    let p = &procedure.procedure;
    // An applicant without an account acts as `guest:<id number>`: show who they are.
    let guest = motcua_domain::dossier::guest_actor(&d.applicant).map(|a| a.username);
    let person = |u: &str| match people.get(u) {
        Some(n) => format!("{n} ({u})"),
        None if d.owner_account.as_deref() == Some(u) || guest.as_deref() == Some(u) => {
            t.fmt("work.event.applicant", &d.applicant.name)
        }
        None => u.to_owned(),
    };
    let unit_name = |agency: &str, unit: &str| {
        agencies
            .iter()
            .find(|a| a.code == agency)
            .and_then(|a| a.units.iter().find(|u| u.code == unit))
            .map_or_else(|| unit.to_owned(), |u| u.name.clone())
    };
    let agency_name = |agency: &str| {
        agencies
            .iter()
            .find(|a| a.code == agency)
            .map_or_else(|| agency.to_owned(), |a| a.name.clone())
    };
    let c = &standing.clock;
    let (clock_words, step_clock) = match c {
        None => (Some(ClockWords::still("work.clock.not_received", &t)), None),
        Some(c) if c.paused => (Some(ClockWords::still("work.clock.paused", &t)), None),
        Some(c) if c.stopped => (Some(ClockWords::still("work.clock.stopped", &t)), None),
        Some(c) => (
            Some(ClockWords::of(&c.dossier, &t)),
            c.step.as_ref().map(|sd| ClockWords::of(sd, &t)),
        ),
    };
    let holder = match &d.step_owner {
        Some(Owner::User { username }) => person(username),
        Some(Owner::Unit {
            agency_code,
            unit_code,
        }) => t.fmt("work.holder.queue", unit_name(agency_code, unit_code)),
        None => String::new(),
    };
    let steps = d
        .steps
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let agency = d.step_agency(st);
            let mut who = format!(
                "{} — {}",
                format::role(st.role, &t),
                unit_name(&agency, &st.unit_code)
            );
            if agency != d.agency_code {
                who.push_str(&format!(" ({})", agency_name(&agency)));
            }
            let (state, state_class) = if !d.status.is_received() {
                (t.get("work.step.waiting"), "step-next")
            } else if i < d.step || (i == d.step && d.status.is_terminal()) {
                (t.get("work.step.done"), "step-done")
            } else if i == d.step {
                (t.get("work.step.current"), "step-current")
            } else {
                (t.get("work.step.next"), "step-next")
            };
            StepView {
                number: i + 1,
                name: st.name.clone(),
                who,
                duration: format::hours(st.hours, &t),
                due: d.step_dues.get(i).map(|t| vn_time(*t)).unwrap_or_default(),
                state,
                state_class,
                handler: d
                    .step_handlers
                    .get(i)
                    .cloned()
                    .flatten()
                    .map(|u| person(&u))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let events = events
        .iter()
        .map(|e| event_view(e, d, ctx, &person))
        .collect();
    let choices = |officers: Vec<Officer>| -> Vec<Choice> {
        officers
            .into_iter()
            .map(|o| (o.username, o.full_name))
            .collect()
    };
    let mut transfer_units = Vec::new();
    for a in agencies.iter().filter(|a| a.code != d.agency_code) {
        for u in &a.units {
            transfer_units.push((
                format!("{}|{}", a.code, u.code),
                format!("{} — {}", a.name, u.name),
            ));
        }
    }
    let transfer_procedures = transfer_procedures
        .into_iter()
        .map(|x| (x.code.clone(), format!("{} — {}", x.code, x.name)))
        .collect();
    let code = d.code.clone();
    Ok(DossierPage {
        layout: ctx.layout(t.fmt("work.dossier.title", &d.code), "work"),
        procedure_name: p.name.clone(),
        status: status_label(d.status, &t),
        channel: channel_label(d.channel, &t),
        kind: format::applicant(d.applicant.kind, &t),
        receiving: agency_name(&d.receiving_agency),
        holder,
        clock: clock_words,
        step_clock,
        submitted_at: vn_time(d.submitted_at),
        received_at: d.received_at.map(vn_time).unwrap_or_default(),
        due_at: d.due_at.map(vn_time).unwrap_or_default(),
        original_due_at: d
            .original_due_at
            .filter(|o| Some(*o) != d.due_at)
            .map(vn_time)
            .unwrap_or_default(),
        due_why: due_why.as_ref().map(|w| crate::pages::due_why::view(w, &t)),
        components: p
            .components
            .iter()
            .map(|c| (c.name.clone(), c.originals, c.certified_copies, c.copies))
            .collect(),
        files: d
            .files
            .iter()
            .map(|f| file_view(&code, f, ctx.lang))
            .collect(),
        result_files: d
            .result
            .iter()
            .flat_map(|r| r.files.iter())
            .map(|f| file_view(&code, f, ctx.lang))
            .collect(),
        steps,
        events,
        extensions: d
            .extensions
            .iter()
            .map(|e| {
                (
                    vn_time(e.at),
                    person(&e.by),
                    vn_time(e.new_due),
                    e.reason.clone(),
                )
            })
            .collect(),
        next_officers: choices(next_officers),
        unit_officers: choices(unit_officers),
        earlier_steps: d
            .steps
            .iter()
            .enumerate()
            .take(d.step)
            .map(|(i, st)| (i.to_string(), format!("{}. {}", i + 1, st.name)))
            .collect(),
        component_names: p.components.iter().map(|c| c.name.clone()).collect(),
        transfer_units,
        transfer_procedures,
        roles: [
            Role::Specialist,
            Role::Head,
            Role::Director,
            Role::Clerk,
            Role::Desk,
        ]
        .into_iter()
        .map(|r| (r.as_str().to_owned(), format::role(r, &t).to_owned()))
        .collect(),
        today: motcua_domain::dossier::vn_date(now)
            .format("%Y-%m-%d")
            .to_string(),
        masked: !access.is_full(),
        may_reveal,
        revealed: reading
            .reason
            .filter(|_| access.is_full())
            .map(|r| super::common::reveal_label(r, ctx).to_owned()),
        reveal_reasons: RevealReason::ALL
            .into_iter()
            .map(|r| {
                (
                    r.as_str().to_owned(),
                    super::common::reveal_label(r, ctx).to_owned(),
                )
            })
            .collect(),
        proposed_fees: p.fees.clone(),
        receipts: crate::pages::receipt::receipt_lines(d, &t),
        allowed,
        done,
        outcome,
        record,
        d: dossier,
    })
}

fn event_view(e: &Event, d: &Dossier, ctx: &PageCtx, person: &dyn Fn(&str) -> String) -> EventView {
    let t = ctx.t();
    let step_name = |i: usize| {
        d.steps
            .get(i)
            .map_or_else(|| (i + 1).to_string(), |s| format!("{}. {}", i + 1, s.name))
    };
    let owner = |o: &Owner| match o {
        Owner::User { username } => person(username),
        Owner::Unit { unit_code, .. } => t.fmt("work.holder.queue", unit_code),
    };
    let detail = match &e.kind {
        EventKind::GuidedToSupplement { missing, reason }
        | EventKind::SupplementRequested { missing, reason } => {
            format!(
                "{}: {} — {}",
                t.get("work.missing"),
                missing.join("; "),
                reason
            )
        }
        EventKind::IntakeRefused { reasons } => reasons.join("; "),
        EventKind::Claimed { username } => person(username),
        EventKind::Forwarded { to_step, owner: o } => {
            format!("→ {} ({})", step_name(*to_step), owner(o))
        }
        EventKind::SentBack {
            to_step,
            reason,
            owner: o,
        } => format!("→ {} ({}): {reason}", step_name(*to_step), owner(o)),
        EventKind::Reassigned { owner: o } => format!("→ {}", owner(o)),
        EventKind::Transferred {
            agency_code,
            to_step,
            ..
        } => format!("→ {agency_code}: {}", step_name(*to_step)),
        EventKind::PaymentRequested { amount_vnd, .. } => amount_vnd
            .map(|a| format::money(a, ctx.lang))
            .unwrap_or_default(),
        EventKind::PaymentRecorded { method, receipt } => {
            let how = t.get(match method {
                motcua_domain::dossier::PaymentMethod::Cash => "work.pay.cash",
                motcua_domain::dossier::PaymentMethod::Transfer => "work.pay.transfer",
                motcua_domain::dossier::PaymentMethod::Online => "work.pay.online",
            });
            match receipt {
                Some(r) => format!(
                    "{how} — {} — {} {}",
                    format::money(r.amount_vnd, ctx.lang),
                    t.get("pay.receipt_no"),
                    r.number
                ),
                None => how.to_owned(),
            }
        }
        EventKind::Signed { result } => format!(
            "{} {} — {} — {}",
            t.get("work.result.number"),
            result.number,
            result.signer,
            result.signed_on.format("%d/%m/%Y")
        ),
        EventKind::ResultReturned {
            channel,
            received_by,
        } => format!("{} — {}", return_channel(*channel, ctx), received_by),
        EventKind::Withdrawn { reason } | EventKind::Stopped { reason } => reason.clone(),
        EventKind::Extended {
            reason,
            previous_due,
            new_due,
        } => format!(
            "{} → {}: {reason}",
            vn_time(*previous_due),
            vn_time(*new_due)
        ),
        EventKind::ReceivedAtDesk { reception, .. } | EventKind::Received { reception } => {
            t.fmt("work.event.appointment", vn_time(reception.due_at))
        }
        _ => String::new(),
    };
    let detail = match (&e.note, detail.is_empty()) {
        (Some(n), true) => n.clone(),
        (Some(n), false) => format!("{detail}. {n}"),
        (None, _) => detail,
    };
    EventView {
        at: vn_time(e.at),
        who: person(&e.actor.username),
        what: t.get(&format!("work.event.{}", e.kind.name())).to_owned(),
        from: e
            .from
            .map(|s| status_label(s, &t).to_owned())
            .unwrap_or_default(),
        to: status_label(e.to, &t).to_owned(),
        step: e.step.map(|i| (i + 1).to_string()).unwrap_or_default(),
        detail,
    }
}

pub(crate) fn return_channel(
    c: motcua_domain::dossier::ReturnChannel,
    ctx: &PageCtx,
) -> &'static str {
    use motcua_domain::dossier::ReturnChannel;
    ctx.t().get(match c {
        ReturnChannel::Desk => "work.return.desk",
        ReturnChannel::Post => "work.return.post",
        ReturnChannel::Online => "work.return.online",
    })
}
