//! What a person may do to a dossier now, asked of the rules rather than probed: the actions
//! whose status and permission checks `decide` would pass (and whose state allows them, e.g.
//! a next step to forward to), whatever data the form then carries. A refusal for the data or
//! for a rule's limit (an empty reason, a third supplement request, an extension too late) is
//! still offered: the form shows the domain's own message when it is sent.
//!
//! Also who may be named to hold a step (forward to, reassign to): one rule for the list a page
//! offers and the check a use case makes.

use super::permission::{
    applicant_or_desk, approver_step, clerk_step, desk, head_of_step, role_in_agency, step_actor,
    step_actor_or_head,
};
use super::{Action, Actor, ActorKind, Dossier, Owner, PaymentState, Status};
use crate::catalog::Role;

/// The actions on an existing dossier, in the order a page shows them.
pub const DOSSIER_ACTIONS: [Action; 19] = [
    Action::Receive,
    Action::GuideToSupplement,
    Action::RefuseIntake,
    Action::Claim,
    Action::Forward,
    Action::SendBack,
    Action::Approve,
    Action::Sign,
    Action::MarkResultReady,
    Action::ReturnResult,
    Action::RequestSupplement,
    Action::Supplement,
    Action::RequestPayment,
    Action::RecordPayment,
    Action::Reassign,
    Action::Transfer,
    Action::Extend,
    Action::Withdraw,
    Action::Stop,
];

/// The actions `actor` may take on `d` now, in [`DOSSIER_ACTIONS`] order.
pub fn available_actions(d: &Dossier, actor: &Actor) -> Vec<Action> {
    DOSSIER_ACTIONS
        .into_iter()
        .filter(|a| d.allows(*a, actor))
        .collect()
}

impl Dossier {
    /// Whether `actor` may take `action` on this dossier now: the checks `decide` makes before
    /// it looks at the command's data, in the same order.
    pub fn allows(&self, action: Action, actor: &Actor) -> bool {
        let d = self;
        if !action.allowed_in().contains(&d.status) {
            return false;
        }
        match action {
            Action::SubmitOnline | Action::ReceiveAtDesk => false,
            Action::Receive | Action::GuideToSupplement | Action::RefuseIntake => {
                desk(d, actor, action).is_ok()
            }
            Action::Supplement => {
                applicant_or_desk(d, actor, action).is_ok()
                    // In handling, the clock resumes from the appointment it paused.
                    && (d.status == Status::IntakeSupplement
                        || (d.due_at.is_some() && d.clock_start.is_some()))
            }
            Action::RequestPayment => role_in_agency(
                actor,
                &[
                    Role::Desk,
                    Role::Clerk,
                    Role::Specialist,
                    Role::Head,
                    Role::Director,
                ],
                &[&d.agency_code, &d.receiving_agency],
                action,
            )
            .is_ok(),
            Action::RecordPayment => {
                if actor.kind == ActorKind::System {
                    true
                } else if actor.has(Role::Clerk) && !actor.has(Role::Desk) {
                    role_in_agency(actor, &[Role::Clerk], &[&d.agency_code], action).is_ok()
                } else {
                    desk(d, actor, action).is_ok()
                }
            }
            Action::ReturnResult => {
                desk(d, actor, action).is_ok()
                    && !matches!(
                        d.payment.state,
                        PaymentState::Pending | PaymentState::Unpaid
                    )
            }
            Action::Withdraw => applicant_or_desk(d, actor, action).is_ok(),
            Action::Claim => {
                !matches!(d.step_owner, Some(Owner::User { .. }))
                    && step_actor(d, actor, action).is_ok()
            }
            Action::Forward => {
                step_actor_or_head(d, actor, action).is_ok()
                    && d.step + 1 < d.steps.len()
                    // The approver's step is left only with a signed result.
                    && !(approver_step(&d.steps) == Some(d.step) && d.status != Status::Signed)
            }
            Action::SendBack | Action::Transfer | Action::RequestSupplement => {
                step_actor_or_head(d, actor, action).is_ok()
            }
            Action::Reassign | Action::Stop | Action::Extend => {
                head_of_step(d, actor, action).is_ok()
            }
            Action::Approve | Action::Sign => {
                approver_step(&d.steps) == Some(d.step) && step_actor(d, actor, action).is_ok()
            }
            Action::MarkResultReady => match clerk_step(&d.steps) {
                Some(i) => d.step == i && step_actor(d, actor, action).is_ok(),
                // No clerk's step: the step's officer or any clerk of the agency.
                None => {
                    step_actor(d, actor, action).is_ok()
                        || role_in_agency(actor, &[Role::Clerk], &[&d.agency_code], action).is_ok()
                }
            },
        }
    }

    /// Whether `candidate` may be named to hold step `step` (forwarded to, reassigned to): an
    /// officer with the step's role in the step's agency, and in its unit — a director holds
    /// the director's step of any unit. Whether the account is active is the caller's to know.
    pub fn may_hold_step(&self, step: usize, candidate: &Actor) -> bool {
        let Some(st) = self.steps.get(step) else {
            return false;
        };
        candidate.kind == ActorKind::Officer
            && candidate.roles.contains(&st.role)
            && candidate.agency_code.as_deref() == Some(self.step_agency(st).as_str())
            && (st.role == Role::Director
                || candidate.unit_code.as_deref() == Some(st.unit_code.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};
    use motcua_calendar::WorkingCalendar;

    use super::*;
    use crate::catalog::{
        ApplicantType, FeeTiming, OnlineLevel, Procedure, PublicationStatus, ResultKind, Step,
        TimeLimit,
    };
    use crate::dossier::{decide, Command, Context, DossierError, PaymentMethod, ReturnChannel};
    use crate::rules;

    const AGENCY: &str = "000.17.22.H56";
    const OTHER: &str = "000.00.00.G02";

    fn step(role: Role, unit: &str, agency: Option<&str>) -> Step {
        Step {
            name: format!("{role:?}"),
            role,
            unit_code: unit.into(),
            agency_code: agency.map(str::to_owned),
            hours: 4.0,
        }
    }

    /// The usual internal procedure: desk → specialist → head → director → clerk → desk.
    fn usual() -> Vec<Step> {
        vec![
            step(Role::Desk, "MOTCUA", None),
            step(Role::Specialist, "QLTM", None),
            step(Role::Head, "QLTM", None),
            step(Role::Director, "BGD", None),
            step(Role::Clerk, "VP", None),
            step(Role::Desk, "MOTCUA", None),
        ]
    }

    /// A commune's: no director, no clerk (the specialist approves), and a step another
    /// agency runs (liên thông).
    fn commune() -> Vec<Step> {
        vec![
            step(Role::Desk, "MOTCUA", None),
            step(Role::Specialist, "VP", Some(OTHER)),
            step(Role::Specialist, "QLTM", None),
            step(Role::Desk, "MOTCUA", None),
        ]
    }

    fn procedure(steps: Vec<Step>) -> Procedure {
        Procedure {
            code: "1.000948".into(),
            name: "Cấp Giấy phép".into(),
            field_code: "TM".into(),
            agency_code: AGENCY.into(),
            unit_code: "QLTM".into(),
            level: None,
            applicant_types: vec![ApplicantType::Business],
            statutory_time: TimeLimit::working_days(10.0),
            committed_time: TimeLimit::working_days(5.0),
            same_day_cutoff: false,
            fee_timing: FeeTiming::After,
            fees: vec![],
            sets: 1,
            components: vec![],
            result_name: "Giấy phép".into(),
            result_kind: ResultKind::Both,
            online_level: OnlineLevel::Full,
            national_portal: true,
            on_the_spot: false,
            conditions: None,
            legal_basis: vec![],
            effective_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default(),
            effective_to: None,
            status: PublicationStatus::Published,
            steps,
        }
    }

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 3, h, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn actors() -> Vec<Actor> {
        let mut system = Actor::officer("system", &[], AGENCY, "");
        system.kind = ActorKind::System;
        vec![
            Actor::officer("desk1", &[Role::Desk], AGENCY, "MOTCUA"),
            Actor::officer("sp1", &[Role::Specialist], AGENCY, "QLTM"),
            Actor::officer("sp2", &[Role::Specialist], AGENCY, "QLTM"),
            Actor::officer("sp9", &[Role::Specialist], OTHER, "VP"),
            Actor::officer("head1", &[Role::Head], AGENCY, "QLTM"),
            Actor::officer("head2", &[Role::Head], AGENCY, "VP"),
            Actor::officer("dir1", &[Role::Director], AGENCY, "BGD"),
            Actor::officer("clerk1", &[Role::Clerk], AGENCY, "VP"),
            Actor::officer("admin", &[Role::Admin], AGENCY, "IT"),
            Actor::officer("reporter", &[Role::Reporter], AGENCY, "VP"),
            Actor::officer(
                "x",
                &[Role::Desk, Role::Specialist, Role::Head],
                OTHER,
                "MOTCUA",
            ),
            Actor::applicant("citizen1"),
            Actor::applicant("citizen2"),
            system,
        ]
    }

    /// A command of `action` with empty data: what the page used to ask `decide` with.
    fn probe(action: Action, now: DateTime<Utc>) -> Command {
        match action {
            Action::Receive => Command::Receive { note: None },
            Action::GuideToSupplement => Command::GuideToSupplement {
                missing: Vec::new(),
                reason: String::new(),
            },
            Action::RefuseIntake => Command::RefuseIntake {
                reasons: Vec::new(),
            },
            Action::Claim => Command::Claim,
            Action::Forward => Command::Forward {
                note: None,
                to_user: None,
            },
            Action::SendBack => Command::SendBack {
                to_step: 0,
                reason: String::new(),
            },
            Action::Reassign => Command::Reassign { to: None },
            Action::Transfer => Command::Transfer {
                agency_code: String::new(),
                steps: Vec::new(),
                note: None,
            },
            Action::RequestSupplement => Command::RequestSupplement {
                missing: Vec::new(),
                reason: String::new(),
            },
            Action::Supplement => Command::Supplement {
                files: Vec::new(),
                note: None,
            },
            Action::RequestPayment => Command::RequestPayment {
                lines: vec![],
                amount_vnd: None,
                note: None,
            },
            Action::RecordPayment => Command::RecordPayment {
                method: PaymentMethod::Cash,
                amount_vnd: None,
                receipt_number: None,
                reference: None,
            },
            Action::Approve => Command::Approve { note: None },
            Action::Sign => Command::Sign {
                result_number: String::new(),
                signer: String::new(),
                signed_on: NaiveDate::MIN,
                files: Vec::new(),
            },
            Action::MarkResultReady => Command::MarkResultReady,
            Action::ReturnResult => Command::ReturnResult {
                channel: ReturnChannel::Desk,
                received_by: String::new(),
            },
            Action::Withdraw => Command::Withdraw {
                reason: String::new(),
            },
            Action::Stop => Command::Stop {
                reason: String::new(),
            },
            Action::Extend => Command::Extend {
                reason: String::new(),
                new_due: now,
            },
            Action::SubmitOnline | Action::ReceiveAtDesk => unreachable!("not on a dossier"),
        }
    }

    /// What `decide` says of an empty command: refused for the state or the person → not
    /// offered; anything else (accepted, or refused for its data or a limit) → offered.
    fn oracle(d: &Dossier, p: &Procedure, actor: &Actor, cal: &WorkingCalendar) -> Vec<Action> {
        let now = at(3);
        let ctx = Context {
            now,
            actor: actor.clone(),
            procedure: p,
            calendar: cal,
            rules: rules::for_dossier(Some(d), now),
        };
        DOSSIER_ACTIONS
            .into_iter()
            .filter(|a| {
                !matches!(
                    decide(Some(d), &probe(*a, now), &ctx),
                    Err(DossierError::NotFound { .. }
                        | DossierError::AlreadyExists { .. }
                        | DossierError::WrongState { .. }
                        | DossierError::NotAllowed { .. })
                )
            })
            .collect()
    }

    /// Every status × step × holder × payment × clock × owner × receiving agency × person:
    /// the same answer as asking `decide` with an empty command.
    #[test]
    fn the_same_as_decide_for_every_status_and_role() {
        let cal = WorkingCalendar::vietnam().expect("calendar");
        let people = actors();
        let mut checked = 0usize;
        for steps in [usual(), commune()] {
            let p = procedure(steps.clone());
            for status in Status::ALL {
                for i in 0..steps.len() {
                    let owners = [
                        None,
                        Some(Owner::Unit {
                            agency_code: steps[i].agency_code.clone().unwrap_or(AGENCY.into()),
                            unit_code: steps[i].unit_code.clone(),
                        }),
                        Some(Owner::User {
                            username: "sp1".into(),
                        }),
                        Some(Owner::User {
                            username: "dir1".into(),
                        }),
                    ];
                    for owner in owners {
                        for payment in [PaymentState::None, PaymentState::Pending] {
                            for clock in [true, false] {
                                for account in [Some("citizen1"), None] {
                                    for receiving in [AGENCY, OTHER] {
                                        let mut d = Dossier {
                                            code: "X".into(),
                                            receiving_agency: receiving.into(),
                                            agency_code: AGENCY.into(),
                                            procedure_code: p.code.clone(),
                                            owner_account: account.map(str::to_owned),
                                            status,
                                            steps: steps.clone(),
                                            step: i,
                                            step_owner: owner.clone(),
                                            submitted_at: at(1),
                                            ..Dossier::default()
                                        };
                                        d.payment.state = payment;
                                        if clock {
                                            d.received_at = Some(at(1));
                                            d.clock_start = Some(at(1));
                                            d.due_at = Some(at(1) + chrono::Duration::days(9));
                                            d.step_dues = vec![at(2); steps.len()];
                                        }
                                        for actor in &people {
                                            assert_eq!(
                                                available_actions(&d, actor),
                                                oracle(&d, &p, actor, cal),
                                                "{status:?} step {i} held by {owner:?}, \
                                                 payment {payment:?}, clock {clock}, \
                                                 account {account:?}, receiving {receiving}, \
                                                 {} {:?}",
                                                actor.username,
                                                actor.roles
                                            );
                                            checked += 1;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 50_000, "{checked}");
    }

    fn dossier(status: Status, step: usize, owner: Option<&str>) -> Dossier {
        Dossier {
            code: "X".into(),
            receiving_agency: AGENCY.into(),
            agency_code: AGENCY.into(),
            owner_account: Some("citizen1".into()),
            status,
            steps: usual(),
            step,
            step_owner: owner.map(|u| Owner::User { username: u.into() }),
            received_at: Some(at(1)),
            clock_start: Some(at(1)),
            due_at: Some(at(1) + chrono::Duration::days(9)),
            ..Dossier::default()
        }
    }

    fn who(name: &str) -> Actor {
        actors()
            .into_iter()
            .find(|a| a.username == name)
            .expect("a known person")
    }

    #[test]
    fn what_each_person_is_offered_on_the_usual_path() {
        use Action::*;
        let mut submitted = dossier(Status::Submitted, 0, None);
        submitted.received_at = None;
        assert_eq!(
            available_actions(&submitted, &who("desk1")),
            [Receive, GuideToSupplement, RefuseIntake, Withdraw]
        );
        assert_eq!(available_actions(&submitted, &who("citizen1")), [Withdraw]);
        assert_eq!(available_actions(&submitted, &who("citizen2")), []);
        assert_eq!(available_actions(&submitted, &who("sp1")), []);
        assert_eq!(available_actions(&submitted, &who("x")), []);

        // At the specialist's step, in the unit's queue.
        let mut queued = dossier(Status::Processing, 1, None);
        queued.step_owner = queued.unit_queue(1);
        assert_eq!(
            available_actions(&queued, &who("sp1")),
            [
                Claim,
                Forward,
                SendBack,
                RequestSupplement,
                RequestPayment,
                Transfer
            ]
        );
        assert_eq!(
            available_actions(&queued, &who("head1")),
            [
                Forward,
                SendBack,
                RequestSupplement,
                RequestPayment,
                Reassign,
                Transfer,
                Extend,
                Stop
            ]
        );
        assert_eq!(available_actions(&queued, &who("head2")), [RequestPayment]);
        assert_eq!(available_actions(&queued, &who("clerk1")), [RequestPayment]);
        assert_eq!(available_actions(&queued, &who("reporter")), []);

        // Held by sp1: sp2 may no longer claim or forward it.
        let held = dossier(Status::Processing, 1, Some("sp1"));
        assert!(!available_actions(&held, &who("sp1")).contains(&Claim));
        assert!(available_actions(&held, &who("sp1")).contains(&Forward));
        assert_eq!(available_actions(&held, &who("sp2")), [RequestPayment]);

        // The director's step: approve first, sign once approved, forward once signed.
        let approving = dossier(Status::Processing, 3, Some("dir1"));
        let offered = available_actions(&approving, &who("dir1"));
        assert!(
            offered.contains(&Approve) && !offered.contains(&Forward),
            "{offered:?}"
        );
        let approved = dossier(Status::Approved, 3, Some("dir1"));
        assert!(available_actions(&approved, &who("dir1")).contains(&Sign));
        let signed = dossier(Status::Signed, 3, Some("dir1"));
        assert!(available_actions(&signed, &who("dir1")).contains(&Forward));
        assert!(!available_actions(&signed, &who("clerk1")).contains(&MarkResultReady));
        let at_clerk = dossier(Status::Signed, 4, None);
        assert!(available_actions(&at_clerk, &who("clerk1")).contains(&MarkResultReady));

        // Return: not while a fee is unpaid.
        let mut ready = dossier(Status::ResultReady, 5, Some("desk1"));
        assert!(available_actions(&ready, &who("desk1")).contains(&ReturnResult));
        ready.payment.state = PaymentState::Pending;
        assert!(!available_actions(&ready, &who("desk1")).contains(&ReturnResult));

        // Closed: nothing for anyone, administrators included.
        for status in [
            Status::Refused,
            Status::Returned,
            Status::Withdrawn,
            Status::Stopped,
        ] {
            for a in actors() {
                assert_eq!(available_actions(&dossier(status, 5, None), &a), []);
            }
        }
    }

    #[test]
    fn who_may_hold_a_step() {
        let d = Dossier {
            agency_code: AGENCY.into(),
            steps: commune()
                .into_iter()
                .chain([step(Role::Director, "BGD", None)])
                .collect(),
            ..Dossier::default()
        };
        let sp1 = who("sp1");
        assert!(d.may_hold_step(2, &sp1));
        // Another unit, another agency's step, a step that does not exist.
        assert!(!d.may_hold_step(2, &Actor::officer("sp", &[Role::Specialist], AGENCY, "VP")));
        assert!(!d.may_hold_step(1, &sp1));
        assert!(d.may_hold_step(1, &who("sp9")));
        assert!(!d.may_hold_step(9, &sp1));
        // The role is the step's: a head or an administrator is not a specialist.
        assert!(!d.may_hold_step(2, &who("head1")));
        assert!(!d.may_hold_step(2, &who("admin")));
        // A director holds the director's step whatever their unit.
        assert!(d.may_hold_step(4, &Actor::officer("d", &[Role::Director], AGENCY, "QLTM")));
        assert!(!d.may_hold_step(4, &Actor::officer("d", &[Role::Director], OTHER, "BGD")));
        // Applicants never hold a step.
        let mut a = sp1.clone();
        a.kind = ActorKind::Applicant;
        assert!(!d.may_hold_step(2, &a));
    }
}
