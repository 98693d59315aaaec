//! The dossier use cases: load what a decision needs (the pinned procedure version, the
//! working calendar, the dossier's rule set), let the pure domain decide, then append the events
//! and the new state in one transaction. Handlers call these; they hold no rules themselves.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::{
    apply, decide, replay, vn_date, Actor, Applicant, Channel, Command, Context, Dossier,
    DossierError, Event, FileRef, HandedIn, NewDossier, Viewer,
};
use motcua_domain::{rules, PublicationStatus};
use motcua_store::dossiers;
use motcua_store::outbox::NewMessage;
use motcua_store::{catalog, StoreError};

pub use motcua_store::dossiers::{Created, StoredDossier};

use motcua_store::dossiers::FactsBasis;

use crate::{App, AppError, Result};

/// The outbox messages a change produces (notifications, national-portal records): decided by
/// the pure `motcua_domain::notify`, queued by the store in the change's own transaction.
fn outbox_messages(
    d: &Dossier,
    procedure: &motcua_domain::Procedure,
    events: &[motcua_domain::dossier::Event],
    base_url: &str,
) -> Vec<NewMessage> {
    // The field's name needs a catalog read; the record carries its code (`MaLinhVuc`) only.
    let src = motcua_domain::notify::Source {
        procedure,
        field_name: None,
        base_url,
    };
    crate::notifications::to_messages(motcua_domain::notify::notices(d, &src, events))
}

/// Who an idempotency key belongs to: a signed-in account by its name; an applicant without
/// one (who acts under the identity number or phone they typed, which anyone may type) by what
/// they sent, hashed — only a retry of the very same request gets the dossier again.
fn idempotency_sender(actor: &Actor, s: &Submission) -> Result<String> {
    use sha2::{Digest, Sha256};
    if !actor.username.starts_with("guest:") {
        return Ok(format!("user:{}", actor.username));
    }
    let body = serde_json::to_vec(&(
        &s.procedure_code,
        &s.applicant,
        &s.summary,
        &s.files,
        &s.desk_channel,
    ))
    .map_err(|e| AppError::Unexpected(format!("submission: {e}")))?;
    Ok(format!("body:{}", hex::encode(Sha256::digest(body))))
}

/// What an applicant or a desk officer files.
#[derive(Debug, Clone)]
pub struct Submission {
    pub procedure_code: String,
    pub applicant: Applicant,
    pub summary: Option<String>,
    pub files: Vec<FileRef>,
    /// `None`: online submission (waits for the desk); `Some`: received at once at the desk.
    pub desk_channel: Option<Channel>,
    pub idempotency_key: Option<String>,
    /// What the desk checked in at the counter (form 01 prints it); empty online.
    pub handed_in: Vec<HandedIn>,
}

impl App {
    /// Files a new dossier: online (status 1) or at the desk (received at once).
    pub async fn submit(&self, actor: Actor, s: Submission, now: DateTime<Utc>) -> Result<Created> {
        self.submit_noted(actor, s, None, now).await
    }

    /// [`App::submit`] with a note on the creating event: what the desk checked at the counter (the
    /// components taken, their form and number of sets) goes into the process-control slip.
    pub async fn submit_noted(
        &self,
        actor: Actor,
        s: Submission,
        note: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<Created> {
        let db = &self.db;
        let stored = catalog::get_procedure(db, &s.procedure_code)
            .await?
            .filter(|p| p.procedure.status == PublicationStatus::Published)
            .ok_or_else(|| AppError::NotFound(format!("procedure {}", s.procedure_code)))?;
        // Online, every required component comes with a file; the desk takes paper and keeps
        // its own checklist.
        if s.desk_channel.is_none() {
            motcua_domain::dossier::check_complete(&stored.procedure.components, &s.files)?;
        }
        // A desk receives for its own agency's sequence; an online dossier is filed with the
        // competent agency (Decree 118/2025: routed to the competent agency, not the receiving one).
        let receiving_agency = match (&s.desk_channel, &actor.agency_code) {
            (Some(_), Some(a)) => a.clone(),
            _ => stored.procedure.agency_code.clone(),
        };
        let idempotency_key = s.idempotency_key.clone();
        let sender = idempotency_sender(&actor, &s)?;
        let (calendar, agency) = (self.calendar(), receiving_agency.clone());
        let base_url = self.delivery.public_base_url.clone();
        // The report facts of the write count on the same calendar as the deadlines decided.
        let basis = FactsBasis::new(calendar.clone(), stored.id, &stored.procedure);
        // Decided inside the write, once the code is allocated: it owns what it needs.
        let build = move |code: String| {
            let ctx = Context {
                now,
                actor,
                procedure: &stored.procedure,
                calendar: &calendar,
                rules: rules::for_dossier(None, now),
            };
            let dossier = NewDossier {
                code,
                receiving_agency: agency,
                procedure_version_id: stored.id,
                applicant: s.applicant,
                summary: s.summary,
                files: s.files,
                handed_in: s.handed_in,
            };
            let cmd = match s.desk_channel {
                Some(channel) => Command::ReceiveAtDesk {
                    dossier,
                    channel,
                    note,
                },
                None => Command::SubmitOnline { dossier },
            };
            let events = decide(None, &cmd, &ctx)?;
            let state = replay(&events).ok_or(DossierError::NotFound {
                action: cmd.action(),
            })?;
            let messages = outbox_messages(&state, &stored.procedure, &events, &base_url);
            Ok((state, events, messages))
        };
        Ok(dossiers::create(
            db,
            &receiving_agency,
            vn_date(now),
            idempotency_key.as_deref().map(|key| dossiers::Idempotency {
                key,
                sender: &sender,
            }),
            basis,
            build,
        )
        .await?)
    }

    /// Whether `cmd` would be accepted now, without doing it (nothing is written): a page
    /// asks "are you sure?" before an irreversible action only once the rules would let it
    /// happen, so a missing reason is said first.
    pub async fn check_act(
        &self,
        actor: Actor,
        code: &str,
        expected_version: Option<i64>,
        cmd: &Command,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let stored = dossiers::load(&self.db, code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("dossier {code}")))?;
        let d = &stored.dossier;
        if expected_version.is_some_and(|v| v != d.version) {
            return Err(AppError::Conflict {
                current_version: d.version,
            });
        }
        let procedure = self.pinned_procedure(d).await?;
        let calendar = self.calendar();
        let ctx = Context {
            now,
            actor,
            procedure: &procedure.procedure,
            calendar: &calendar,
            rules: rules::for_dossier(Some(d), now),
        };
        decide(Some(d), cmd, &ctx)?;
        self.check_named_holder(d, cmd).await
    }

    /// Runs `cmd` on dossier `code` as `actor`. With `expected_version`, refuses (conflict) when
    /// the dossier moved on since the caller looked at it.
    pub async fn act(
        &self,
        actor: Actor,
        code: &str,
        expected_version: Option<i64>,
        cmd: &Command,
        now: DateTime<Utc>,
    ) -> Result<StoredDossier> {
        let db = &self.db;
        let mut stored = dossiers::load_for_update(db, code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("dossier {code}")))?;
        if let Some(v) = expected_version {
            if v != stored.dossier.version {
                // What this process kept may be behind another writer: ask the database.
                dossiers::forget(db, code);
                stored = dossiers::load(db, code)
                    .await?
                    .ok_or_else(|| AppError::NotFound(format!("dossier {code}")))?;
                if v != stored.dossier.version {
                    return Err(AppError::Conflict {
                        current_version: stored.dossier.version,
                    });
                }
            }
        }
        let d = &stored.dossier;
        // Acting needs seeing (the domain's access rule): someone with no part in a dossier
        // learns nothing of it, not even that a command would be refused.
        if !d.visible_to(Viewer::actor(&actor)) {
            return Err(AppError::NotFound(format!("dossier {code}")));
        }
        let procedure = catalog::get_procedure_by_id_cached(db, d.procedure_version_id)
            .await?
            .ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "procedure version {} missing",
                    d.procedure_version_id
                ))
            })?;
        let rules = rules::for_dossier(Some(d), now);
        // The procedure and calendar the decision used also count the write's report facts.
        let basis = FactsBasis::new(self.calendar(), procedure.id, &procedure.procedure);
        let ctx = Context {
            now,
            actor,
            procedure: &procedure.procedure,
            calendar: &basis.calendar,
            rules,
        };
        let events = decide(Some(d), cmd, &ctx)?;
        // Who a command names to hold a step must be eligible for it (not any user name).
        self.check_named_holder(d, cmd).await?;
        let version = d.version;
        // The state read is not needed after this: fold the events onto it rather than a copy.
        let next: Dossier = events.iter().fold(stored.dossier, |s, e| apply(Some(s), e));
        let messages = outbox_messages(
            &next,
            &procedure.procedure,
            &events,
            &self.delivery.public_base_url,
        );
        dossiers::append(
            db,
            (stored.id, code),
            version,
            &next,
            &events,
            &messages,
            &basis,
        )
        .await?;
        Ok(StoredDossier {
            id: stored.id,
            dossier: next,
        })
    }
}

impl App {
    /// Dossier `code` if `viewer` may see it ([`Dossier::visible_to`]); absent and not visible
    /// answer the same [`AppError::NotFound`]. Unmasked and unlogged: for checks before an
    /// action (files, who acts); what is shown to a person goes through
    /// [`App::read_dossier`] or [`App::disclose`]. An identity number or phone offered as proof
    /// (`X-Applicant-Id`) counts against the code's wrong-attempt limit, the same one as the
    /// public lookup's: while it is used up, [`AppError::TooMany`], right key or not.
    pub async fn dossier(&self, code: &str, viewer: Viewer<'_>) -> Result<Dossier> {
        self.load_opened(code, viewer, |d, by_account| d.visible_to(by_account))
            .await
    }

    /// Dossier `code` if `viewer` may open it: their account alone when `opens` says so
    /// (no attempt counted), else the identity number or phone they offered, which counts
    /// against the code's wrong-attempt limit (the public lookup's). Anything else is
    /// [`AppError::NotFound`], or [`AppError::TooMany`] while the code is locked.
    pub(crate) async fn load_opened(
        &self,
        code: &str,
        viewer: Viewer<'_>,
        opens: impl Fn(&Dossier, Viewer<'_>) -> bool,
    ) -> Result<Dossier> {
        let d = dossiers::load(&self.db, code).await?.map(|d| d.dossier);
        let by_account = Viewer {
            actor: viewer.actor,
            applicant_id: None,
        };
        match d {
            Some(d) if opens(&d, by_account) => Ok(d),
            d if viewer.applicant_id.is_some() => {
                self.check_applicant_id(code, d.as_ref(), viewer).await?;
                d.ok_or_else(|| AppError::NotFound(format!("dossier {code}")))
            }
            _ => Err(AppError::NotFound(format!("dossier {code}"))),
        }
    }

    /// Whether `viewer`'s applicant id proves `d` (absent: `None`) theirs: `Ok` if so,
    /// [`AppError::TooMany`] while the code is locked, else one more wrong attempt and
    /// [`AppError::NotFound`].
    pub(crate) async fn check_applicant_id(
        &self,
        code: &str,
        d: Option<&Dossier>,
        viewer: Viewer<'_>,
    ) -> Result<()> {
        let (code, now) = (code.trim(), Utc::now());
        self.guard_check(code, now).await?;
        if d.is_some_and(|d| d.visible_to(viewer)) {
            return Ok(());
        }
        self.guard_fail(code, now).await?;
        Err(AppError::NotFound(format!("dossier {code}")))
    }

    /// The history of a dossier the caller was allowed to see: every event, oldest first.
    pub async fn events(&self, d: &Dossier) -> Result<Vec<Event>> {
        Ok(dossiers::events(&self.db, &d.code).await?)
    }
}
