//! The dossier's life end to end: online and desk happy paths, the supplement pause across a
//! weekend and holidays, extensions, rule sets by reception date.

mod dossier_support;

use chrono::Utc;
use dossier_support::*;
use motcua_calendar::WorkingDuration;
use motcua_domain::dossier::{
    classify_finished, clock, Channel, ClassifyOptions, ClockState, Command, DossierError, EndKind,
    EventKind, Forbidden, Limit, Owner, PaymentMethod, PaymentState, ReturnChannel, Status,
    Timeliness,
};
use motcua_domain::rules::{Form, RuleSetId, DECREE_118_2025, DECREE_61_2018};

fn sign() -> Command {
    Command::Sign {
        result_number: "123/GP-SCT".into(),
        signer: "Nguyễn Văn A".into(),
        signed_on: date(2025, 6, 4),
        files: vec![],
    }
}

fn forward() -> Command {
    Command::Forward {
        note: None,
        to_user: None,
    }
}

/// Received at step 0 → through every step → result ready → returned.
fn handle_to_result(w: &mut World) {
    w.run(&desk(), forward())
        .run(&specialist(), Command::Claim)
        .run(&specialist(), forward())
        .run(&head(), forward())
        .run(&director(), Command::Approve { note: None })
        .run(&director(), sign())
        .run(&director(), forward())
        .run(&clerk(), Command::MarkResultReady);
}

#[test]
fn online_happy_path() {
    // Monday 2 June 2025, 09:00: rules of Decree 61/2018.
    let mut w = World::new("2025-06-02T09:00");
    w.run(&applicant(), submit());
    assert_eq!(w.status(), Status::Submitted);
    assert_eq!(w.status().national().id(), 1);
    assert_eq!(w.d().owner_account.as_deref(), Some("citizen1"));
    assert!(w.d().due_at.is_none());

    w.at("2025-06-02T10:00")
        .run(&desk(), Command::Receive { note: None });
    let d = w.d();
    assert_eq!(d.status.national().portal_code(), "new");
    assert_eq!(d.rule_set, Some(RuleSetId::Decree61_2018));
    assert_eq!(d.received_at, Some(t("2025-06-02T10:00")));
    // 5 working days from Monday 10:00 → Monday 9 June 10:00.
    assert_eq!(d.due_at, Some(t("2025-06-09T10:00")));
    assert_eq!(d.original_due_at, d.due_at);
    // Steps chained: 4 h → Mon 16:00; +16 h → Wed 16:00; +4 → Thu 10:00 …
    assert_eq!(d.step_dues[0], t("2025-06-02T16:00"));
    assert_eq!(d.step_dues[1], t("2025-06-04T16:00"));
    assert_eq!(d.step_dues[2], t("2025-06-05T10:00"));
    assert_eq!(d.step_dues.len(), 6);
    assert_eq!(
        d.step_owner,
        Some(Owner::User {
            username: "desk1".into()
        })
    );

    w.at("2025-06-03T08:00");
    handle_to_result(&mut w);
    let d = w.d();
    assert_eq!(d.status, Status::ResultReady);
    assert_eq!(d.status.national().id(), 9);
    assert_eq!(d.step, 5, "the result waits at the desk's return step");
    assert_eq!(d.finished_at, Some(t("2025-06-03T08:00")));
    assert_eq!(
        d.result.as_ref().map(|r| r.number.as_str()),
        Some("123/GP-SCT")
    );

    // Fees collected after handling: status 6 until paid.
    w.run(
        &desk(),
        Command::RequestPayment {
            lines: vec![],
            amount_vnd: Some(1_200_000),
            note: None,
        },
    );
    assert_eq!(w.status().national().id(), 6);
    let err = w
        .try_run(
            &desk(),
            Command::ReturnResult {
                channel: ReturnChannel::Desk,
                received_by: "A".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(
        err,
        DossierError::WrongState {
            status: Status::AwaitingPayment,
            ..
        }
    ));
    w.run(
        &motcua_domain::dossier::Actor::system(),
        Command::RecordPayment {
            method: PaymentMethod::Online,
            amount_vnd: None,
            receipt_number: None,
            reference: None,
        },
    );
    assert_eq!(w.status(), Status::ResultReady);
    assert_eq!(w.d().payment.state, PaymentState::Paid);

    w.run(
        &desk(),
        Command::ReturnResult {
            channel: ReturnChannel::Online,
            received_by: "Nguyễn Thị B".into(),
        },
    );
    assert_eq!(w.status(), Status::Returned);
    assert_eq!(w.status().national().portal_code(), "done");
    assert!(w.d().closed_at.is_some());
    let opts = ClassifyOptions::from_rules(&DECREE_61_2018);
    assert_eq!(
        classify_finished(w.d(), cal(), &opts).unwrap(),
        Some(Timeliness::Early)
    );
    // Events carry from/to and the step.
    let forwarded = w
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Forwarded { .. }))
        .count();
    assert_eq!(forwarded, 4);
    assert!(w
        .events
        .iter()
        .all(|e| e.from.is_none_or(|f| f.can_move_to(e.to))));
}

#[test]
fn desk_happy_path_receives_at_once() {
    let mut w = World::new("2025-07-01T16:30");
    w.run(&desk(), at_desk());
    let d = w.d();
    assert_eq!(d.status, Status::Received);
    assert_eq!(d.channel, Channel::Direct);
    assert_eq!(d.rule_set, Some(RuleSetId::Decree118_2025));
    assert_eq!(d.version, 1);
    assert_eq!(w.events[0].kind.form(&DECREE_118_2025), Some(Form::Receipt));
    // Tuesday 16:30 + 5 working days = Tuesday 8 July 16:30.
    assert_eq!(d.due_at, Some(t("2025-07-08T16:30")));
    w.at("2025-07-02T09:00");
    handle_to_result(&mut w);
    w.run(
        &desk(),
        Command::ReturnResult {
            channel: ReturnChannel::Desk,
            received_by: "Chủ hộ".into(),
        },
    );
    assert_eq!(w.status(), Status::Returned);
    assert_eq!(w.d().version, w.events.len() as i64);
}

#[test]
fn postal_intake_and_online_channel_rejected_at_desk() {
    let mut w = World::new("2025-06-02T09:00");
    let cmd = Command::ReceiveAtDesk {
        dossier: new_dossier("C-1"),
        channel: Channel::Online,
        note: None,
    };
    assert!(matches!(
        w.try_run(&desk(), cmd),
        Err(DossierError::Invalid {
            field: "channel",
            ..
        })
    ));
    let cmd = Command::ReceiveAtDesk {
        dossier: new_dossier("C-1"),
        channel: Channel::Postal,
        note: None,
    };
    w.run(&desk(), cmd);
    assert_eq!(w.d().channel, Channel::Postal);
}

#[test]
fn received_after_hours_counts_from_next_morning() {
    let mut w = World::new("2025-06-06T18:00"); // Friday evening
    w.run(&desk(), at_desk());
    assert_eq!(w.d().clock_start, Some(t("2025-06-09T07:00")));
    assert_eq!(w.d().due_at, Some(t("2025-06-13T17:00")));
}

#[test]
fn same_day_procedure_cut_off_at_15() {
    let mut w = World::new("2025-06-02T14:59");
    w.procedure.committed_time = motcua_domain::TimeLimit::same_day();
    w.run(&desk(), at_desk());
    assert_eq!(w.d().due_at, Some(t("2025-06-02T17:00")));
    let mut w = World::new("2025-06-02T15:01");
    w.procedure.committed_time = motcua_domain::TimeLimit::same_day();
    w.run(&desk(), at_desk());
    assert_eq!(w.d().due_at, Some(t("2025-06-03T17:00")));
}

#[test]
fn rule_set_is_the_one_of_the_reception_day() {
    let mut w = World::new("2025-06-30T16:59");
    w.run(&applicant(), submit());
    // Submitted under the old rules but received under the new: reception decides.
    w.at("2025-07-01T08:00")
        .run(&desk(), Command::Receive { note: None });
    assert_eq!(w.d().rule_set, Some(RuleSetId::Decree118_2025));

    let mut w = World::new("2025-06-30T16:59");
    w.run(&desk(), at_desk());
    assert_eq!(w.d().rule_set, Some(RuleSetId::Decree61_2018));
    // It keeps it afterwards.
    w.at("2025-07-02T08:00").run(&desk(), forward());
    assert_eq!(w.d().rule_set, Some(RuleSetId::Decree61_2018));
}

/// Received Thursday 24 April 2025 09:00, 5 working days: Fri 25, Sat 26 (make-up day),
/// Mon 28, Tue 29; Wed 30/4, Thu 1/5, Fri 2/5 (swapped) and the weekend are off → Mon 5 May 09:00.
fn april_2025() -> World {
    let mut w = World::new("2025-04-24T09:00");
    w.run(&desk(), at_desk());
    assert_eq!(w.d().due_at, Some(t("2025-05-05T09:00")));
    w.run(&desk(), forward()).run(&specialist(), Command::Claim);
    w
}

#[test]
fn supplement_pause_across_holidays_and_weekend() {
    let mut w = april_2025();
    w.at("2025-04-29T10:00").run(
        &specialist(),
        Command::RequestSupplement {
            missing: vec!["Bản sao giấy phép kinh doanh".into()],
            reason: "Thiếu".into(),
        },
    );
    assert_eq!(w.status(), Status::AwaitingSupplement);
    assert_eq!(w.status().national().id(), 5);
    assert!(w.d().open_pause().is_some());
    // While paused the clock stands at the pause start.
    let c = clock(
        w.d(),
        t("2025-05-05T09:30"),
        cal(),
        WorkingDuration::days(1),
    )
    .unwrap()
    .unwrap();
    assert!(c.paused);
    assert_eq!(c.at, t("2025-04-29T10:00"));
    assert_ne!(c.dossier.state, ClockState::Overdue);

    // Paused Tue 10:00–17:00 (5 h) + Mon 5/5 07:00–10:00 (3 h) = 1 working day.
    w.at("2025-05-05T10:00").run(
        &applicant_or_desk(),
        Command::Supplement {
            files: vec![],
            note: None,
        },
    );
    let d = w.d();
    assert_eq!(d.status, Status::Processing);
    assert_eq!(d.pauses.len(), 1);
    assert_eq!(d.pauses[0].end, Some(t("2025-05-05T10:00")));
    assert_eq!(d.due_at, Some(t("2025-05-06T09:00")));
    assert_eq!(d.original_due_at, Some(t("2025-05-06T09:00")));
    // Step dues before the pause stay (step 1: Thu 15:00 + 16 h = make-up Saturday 15:00);
    // the last one spans it: Tue 09:00 + 1 h, paused, + 3 h from Mon 5/5 10:00.
    assert_eq!(d.step_dues[0], t("2025-04-24T15:00"));
    assert_eq!(d.step_dues[1], t("2025-04-26T15:00"));
    assert_eq!(d.step_dues[4], t("2025-04-29T09:00"));
    assert_eq!(d.step_dues[5], t("2025-05-05T15:00"));
    // Only one request in handling.
    let err = w
        .try_run(
            &specialist(),
            Command::RequestSupplement {
                missing: vec!["x".into()],
                reason: "y".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(
        err,
        DossierError::LimitReached {
            limit: Limit::SupplementRequests,
            max: 1,
            ..
        }
    ));
}

fn applicant_or_desk() -> motcua_domain::dossier::Actor {
    desk()
}

#[test]
fn extension_once_and_only_before_the_deadline() {
    // Due Mon 5/5 09:00; one working day before is Tue 29/4 09:00 (the holidays in between).
    let extend = |due: &str| Command::Extend {
        reason: "Cần xác minh thực địa".into(),
        new_due: t(due),
    };
    let mut w = april_2025();
    w.at("2025-04-29T09:00:01");
    let err = w.try_run(&head(), extend("2025-05-09T17:00")).unwrap_err();
    match err {
        DossierError::TooLate { deadline, .. } => assert_eq!(deadline, t("2025-04-29T09:00")),
        e => panic!("{e:?}"),
    }
    let mut w = april_2025();
    w.at("2025-04-29T09:00");
    // The specialist cannot; the head of the step's unit can.
    assert!(matches!(
        w.try_run(&specialist(), extend("2025-05-09T17:00")),
        Err(DossierError::NotAllowed {
            reason: Forbidden::Role(_),
            ..
        })
    ));
    assert!(matches!(
        w.try_run(&head(), extend("2025-05-05T09:00")),
        Err(DossierError::Invalid {
            field: "new_due",
            ..
        })
    ));
    w.run(&head(), extend("2025-05-09T17:00"));
    let d = w.d();
    assert_eq!(d.due_at, Some(t("2025-05-09T17:00")));
    assert_eq!(d.original_due_at, Some(t("2025-05-05T09:00")));
    assert_eq!(d.extensions.len(), 1);
    assert_eq!(
        w.events.last().and_then(|e| e.kind.form(&DECREE_61_2018)),
        Some(Form::Apology)
    );
    w.at("2025-04-28T08:00");
    assert!(matches!(
        w.try_run(&head(), extend("2025-05-12T17:00")),
        Err(DossierError::LimitReached {
            limit: Limit::Extensions,
            ..
        })
    ));
    // Late against the original appointment, on time against the extended one.
    w.at("2025-05-08T10:00");
    handle_rest(&mut w);
    let d = w.d();
    let strict = ClassifyOptions::from_rules(&DECREE_61_2018);
    assert_eq!(
        classify_finished(d, cal(), &strict).unwrap(),
        Some(Timeliness::Late)
    );
    let lenient = ClassifyOptions {
        against_original: false,
        ..strict
    };
    assert_eq!(
        classify_finished(d, cal(), &lenient).unwrap(),
        Some(Timeliness::Early)
    );
}

fn handle_rest(w: &mut World) {
    w.run(&specialist(), forward())
        .run(&head(), forward())
        .run(&director(), Command::Approve { note: None })
        .run(&director(), sign())
        .run(&director(), forward())
        .run(&clerk(), Command::MarkResultReady);
}

#[test]
fn guide_refuse_withdraw_stop_end_the_right_way() {
    let mut w = World::new("2025-06-02T09:00");
    w.run(&applicant(), submit());
    w.run(
        &desk(),
        Command::GuideToSupplement {
            missing: vec!["Đơn đề nghị".into()],
            reason: "Thiếu đơn".into(),
        },
    );
    assert_eq!(w.status(), Status::IntakeSupplement);
    assert_eq!(
        w.events.last().and_then(|e| e.kind.form(&DECREE_61_2018)),
        Some(Form::SupplementRequest)
    );
    w.run(
        &applicant(),
        Command::Supplement {
            files: vec![],
            note: None,
        },
    );
    assert_eq!(w.status(), Status::Submitted);
    w.run(
        &desk(),
        Command::RefuseIntake {
            reasons: vec!["Không thuộc thẩm quyền".into()],
        },
    );
    assert_eq!(w.status(), Status::Refused);
    assert_eq!(w.status().national().portal_code(), "denied");
    assert_eq!(
        w.d().ending.as_ref().map(|e| e.kind),
        Some(EndKind::Refused)
    );

    let mut w = World::new("2025-06-02T09:00");
    w.run(&applicant(), submit())
        .run(&desk(), Command::Receive { note: None });
    // Another applicant cannot withdraw it.
    assert!(matches!(
        w.try_run(
            &motcua_domain::dossier::Actor::applicant("someone"),
            Command::Withdraw { reason: "x".into() }
        ),
        Err(DossierError::NotAllowed {
            reason: Forbidden::NotApplicant,
            ..
        })
    ));
    w.run(
        &applicant(),
        Command::Withdraw {
            reason: "Không còn nhu cầu".into(),
        },
    );
    assert_eq!(w.status().national().id(), 7);
    assert_eq!(
        w.d().ending.as_ref().map(|e| e.stage),
        Some(Status::Received)
    );

    let mut w = World::new("2025-07-02T09:00");
    w.run(&desk(), at_desk()).run(&desk(), forward());
    w.run(
        &head(),
        Command::Stop {
            reason: "Cơ sở ngừng kinh doanh".into(),
        },
    );
    assert_eq!(w.status().national().portal_code(), "unresolved");
    assert_eq!(
        w.events.last().and_then(|e| e.kind.form(&DECREE_118_2025)),
        Some(Form::StopNotice)
    );
    assert_eq!(w.d().ending.as_ref().map(|e| e.step), Some(1));
}

#[test]
fn send_back_reassign_transfer() {
    let mut w = World::new("2025-06-02T09:00");
    w.run(&desk(), at_desk()).run(&desk(), forward());
    w.run(
        &head(),
        Command::Reassign {
            to: Some("sp2".into()),
        },
    );
    assert_eq!(
        w.d().step_owner,
        Some(Owner::User {
            username: "sp2".into()
        })
    );
    // sp1 may not act on sp2's dossier; sp2 may.
    assert!(matches!(
        w.try_run(&specialist(), forward()),
        Err(DossierError::NotAllowed {
            reason: Forbidden::Owner(_),
            ..
        })
    ));
    w.run(&specialist2(), forward());
    assert_eq!(w.d().step, 2);
    w.run(
        &head(),
        Command::SendBack {
            to_step: 1,
            reason: "Thẩm định lại".into(),
        },
    );
    assert_eq!(w.d().step, 1);
    assert_eq!(
        w.d().step_owner,
        Some(Owner::User {
            username: "sp2".into()
        })
    );
    assert!(matches!(
        w.try_run(
            &specialist2(),
            Command::SendBack {
                to_step: 1,
                reason: "x".into()
            }
        ),
        Err(DossierError::Invalid {
            field: "to_step",
            ..
        })
    ));
    let other_step = motcua_domain::Step {
        name: "Bộ Công Thương cho ý kiến".into(),
        role: motcua_domain::Role::Specialist,
        unit_code: "VP".into(),
        agency_code: None,
        hours: 8.0,
    };
    w.run(
        &specialist2(),
        Command::Transfer {
            agency_code: OTHER_AGENCY.into(),
            steps: vec![other_step],
            note: None,
        },
    );
    let d = w.d();
    assert_eq!(d.steps.len(), 7);
    assert_eq!(d.step, 2);
    assert_eq!(d.steps[2].agency_code.as_deref(), Some(OTHER_AGENCY));
    assert_eq!(d.step_handlers.len(), 7);
    assert_eq!(d.step_dues.len(), 7);
    // The other agency's specialist handles its step; ours cannot.
    let theirs = motcua_domain::dossier::Actor::officer(
        "g02",
        &[motcua_domain::Role::Specialist],
        OTHER_AGENCY,
        "VP",
    );
    assert!(matches!(
        w.try_run(&specialist(), forward()),
        Err(DossierError::NotAllowed { .. })
    ));
    w.run(&theirs, forward());
    assert_eq!(w.d().step, 3);
    assert_eq!(w.d().steps[3].role, motcua_domain::Role::Head);
}

#[test]
fn clock_states_and_remaining_time() {
    let mut w = World::new("2025-06-02T09:00");
    w.run(&desk(), at_desk()); // due Mon 9/6 09:00
    let soon = WorkingDuration::days(1);
    let c = clock(w.d(), t("2025-06-05T09:00"), cal(), soon)
        .unwrap()
        .unwrap();
    assert_eq!(c.dossier.state, ClockState::WithinTime);
    assert_eq!(
        (c.dossier.remaining.days, c.dossier.remaining.hours),
        (2, 0)
    );
    // Step 0 (4 h) was due at 15:00 on the day of receipt.
    assert_eq!(c.step.map(|s| s.state), Some(ClockState::Overdue));
    let c = clock(w.d(), t("2025-06-06T09:00"), cal(), soon)
        .unwrap()
        .unwrap();
    assert_eq!(c.dossier.state, ClockState::DueSoon);
    let c = clock(w.d(), t("2025-06-09T10:30"), cal(), soon)
        .unwrap()
        .unwrap();
    assert_eq!(c.dossier.state, ClockState::Overdue);
    assert_eq!(c.dossier.overdue.total_minutes, 90);
    assert!(Utc::now() > t("2020-01-01T00:00"));
}

#[test]
fn a_short_step_is_due_soon_only_in_its_last_quarter() {
    let mut w = World::new("2025-06-02T09:00");
    w.run(&desk(), at_desk());
    // Step 0 is the desk's 4 working hours: 09:00 → 15:00 (lunch 11:30–13:30). The rule
    // set's one-day window would call it due soon from its first minute.
    let soon = WorkingDuration::days(1);
    let state = |at: &str| {
        clock(w.d(), t(at), cal(), soon)
            .unwrap()
            .unwrap()
            .step
            .map(|s| s.state)
    };
    assert_eq!(state("2025-06-02T09:01"), Some(ClockState::WithinTime));
    assert_eq!(state("2025-06-02T13:59"), Some(ClockState::WithinTime));
    // One working hour (a quarter of four) before 15:00.
    assert_eq!(state("2025-06-02T14:00"), Some(ClockState::DueSoon));
    assert_eq!(state("2025-06-02T15:00:01"), Some(ClockState::Overdue));
}
