//! Every command at every status: allowed where `Action::allowed_in` says, otherwise the
//! wrong-state error; and the permission rules for each kind of actor.

mod dossier_support;

use dossier_support::*;
use motcua_domain::dossier::{
    Action, Actor, Channel, Command, DossierError, ErrorKind, PaymentMethod, ReturnChannel, Status,
};
use motcua_domain::{Role, Step};

fn admin() -> Actor {
    Actor::officer("admin", &[Role::Admin], AGENCY, "IT")
}

/// One valid-looking command of each action.
pub fn commands() -> Vec<Command> {
    vec![
        submit(),
        at_desk(),
        Command::Receive { note: None },
        Command::GuideToSupplement {
            missing: vec!["Đơn".into()],
            reason: "Thiếu".into(),
        },
        Command::RefuseIntake {
            reasons: vec!["Sai thẩm quyền".into()],
        },
        Command::Claim,
        Command::Forward {
            note: None,
            to_user: None,
        },
        Command::SendBack {
            to_step: 0,
            reason: "Làm lại".into(),
        },
        Command::Reassign {
            to: Some("sp2".into()),
        },
        Command::Transfer {
            agency_code: OTHER_AGENCY.into(),
            steps: vec![Step {
                name: "Ý kiến".into(),
                role: Role::Specialist,
                unit_code: "VP".into(),
                agency_code: None,
                hours: 4.0,
            }],
            note: None,
        },
        Command::RequestSupplement {
            missing: vec!["Bản sao".into()],
            reason: "Thiếu".into(),
        },
        Command::Supplement {
            files: vec![],
            note: None,
        },
        Command::RequestPayment {
            lines: vec![],
            amount_vnd: Some(100_000),
            note: None,
        },
        Command::RecordPayment {
            method: PaymentMethod::Cash,
            amount_vnd: None,
            receipt_number: None,
            reference: None,
        },
        Command::Approve { note: None },
        Command::Sign {
            result_number: "1/GP".into(),
            signer: "A".into(),
            signed_on: date(2025, 6, 2),
            files: vec![],
        },
        Command::MarkResultReady,
        Command::ReturnResult {
            channel: ReturnChannel::Desk,
            received_by: "B".into(),
        },
        Command::Withdraw {
            reason: "Thôi".into(),
        },
        Command::Stop {
            reason: "Dừng".into(),
        },
        Command::Extend {
            reason: "Chậm".into(),
            new_due: t("2030-01-01T17:00"),
        },
    ]
}

fn forward() -> Command {
    Command::Forward {
        note: None,
        to_user: None,
    }
}

/// A world with a dossier in `status`, built through the commands real users would run.
pub fn world_at(status: Status) -> World {
    let mut w = World::new("2025-06-02T09:00");
    let sign = Command::Sign {
        result_number: "1/GP".into(),
        signer: "A".into(),
        signed_on: date(2025, 6, 2),
        files: vec![],
    };
    let to_director = |w: &mut World| {
        w.run(&desk(), at_desk())
            .run(&desk(), forward())
            .run(&specialist(), forward())
            .run(&head(), forward());
    };
    match status {
        Status::Submitted => {
            w.run(&applicant(), submit());
        }
        Status::IntakeSupplement => {
            w.run(&applicant(), submit()).run(
                &desk(),
                Command::GuideToSupplement {
                    missing: vec!["Đơn".into()],
                    reason: "x".into(),
                },
            );
        }
        Status::Refused => {
            w.run(&applicant(), submit()).run(
                &desk(),
                Command::RefuseIntake {
                    reasons: vec!["x".into()],
                },
            );
        }
        Status::Received => {
            w.run(&desk(), at_desk());
        }
        Status::Processing => {
            w.run(&desk(), at_desk()).run(&desk(), forward());
        }
        Status::AwaitingSupplement => {
            w.run(&desk(), at_desk()).run(&desk(), forward()).run(
                &specialist(),
                Command::RequestSupplement {
                    missing: vec!["a".into()],
                    reason: "b".into(),
                },
            );
        }
        Status::AwaitingPayment => {
            w.run(&desk(), at_desk()).run(&desk(), forward()).run(
                &desk(),
                Command::RequestPayment {
                    lines: vec![],
                    amount_vnd: Some(100_000),
                    note: None,
                },
            );
        }
        Status::Approved => {
            to_director(&mut w);
            w.run(&director(), Command::Approve { note: None });
        }
        Status::Signed => {
            to_director(&mut w);
            w.run(&director(), Command::Approve { note: None })
                .run(&director(), sign);
        }
        Status::ResultReady | Status::Returned => {
            to_director(&mut w);
            w.run(&director(), Command::Approve { note: None })
                .run(&director(), sign)
                .run(&director(), forward())
                .run(&clerk(), Command::MarkResultReady);
            if status == Status::Returned {
                w.run(
                    &desk(),
                    Command::ReturnResult {
                        channel: ReturnChannel::Desk,
                        received_by: "B".into(),
                    },
                );
            }
        }
        Status::Withdrawn => {
            w.run(&applicant(), submit())
                .run(&applicant(), Command::Withdraw { reason: "x".into() });
        }
        Status::Stopped => {
            w.run(&desk(), at_desk())
                .run(&director(), Command::Stop { reason: "x".into() });
        }
    }
    assert_eq!(w.status(), status);
    w
}

#[test]
fn every_command_at_every_status() {
    for status in Status::ALL {
        for cmd in commands() {
            let mut w = world_at(status);
            let action = cmd.action();
            let r = w.try_run(&admin(), cmd.clone());
            let allowed = action.allowed_in().contains(&status);
            match (&r, action) {
                (
                    Err(DossierError::AlreadyExists { .. }),
                    Action::SubmitOnline | Action::ReceiveAtDesk,
                ) => {}
                (_, Action::SubmitOnline | Action::ReceiveAtDesk) => {
                    panic!("{status:?} {action:?}: {r:?}")
                }
                (
                    Err(DossierError::WrongState {
                        problem: None,
                        status: s,
                        ..
                    }),
                    _,
                ) => {
                    assert!(!allowed, "{status:?} {action:?} is allowed but got {r:?}");
                    assert_eq!(*s, status);
                }
                (Ok(events), _) => {
                    assert!(
                        allowed,
                        "{status:?} {action:?} is not allowed but succeeded"
                    );
                    for e in events {
                        assert_eq!(e.from, Some(status));
                        assert!(status.can_move_to(e.to), "{status:?} -> {:?}", e.to);
                    }
                }
                // Allowed in this status but refused for a narrower reason (wrong step, limit…).
                (Err(e), _) => assert!(allowed, "{status:?} {action:?}: {e}"),
            }
            if status.is_terminal() || (status.has_result() && action.is_handling()) {
                assert!(r.is_err(), "{status:?} accepted {action:?}");
            }
        }
    }
}

#[test]
fn no_dossier_means_not_found_except_creation() {
    for cmd in commands() {
        let mut w = World::new("2025-06-02T09:00");
        let r = w.try_run(&admin(), cmd.clone());
        match cmd.action() {
            Action::SubmitOnline | Action::ReceiveAtDesk => assert!(r.is_ok(), "{cmd:?}: {r:?}"),
            a => assert!(matches!(r, Err(DossierError::NotFound { action }) if action == a)),
        }
    }
}

#[test]
fn applicants_and_outsiders_cannot_handle() {
    for status in Status::ALL {
        for cmd in commands() {
            let action = cmd.action();
            if !action.allowed_in().contains(&status) {
                continue;
            }
            for actor in [outsider(), Actor::applicant("stranger")] {
                let mut w = world_at(status);
                let r = w.try_run(&actor, cmd.clone());
                let e = r.expect_err(&format!("{} did {action:?} at {status:?}", actor.username));
                if !matches!(
                    e,
                    DossierError::WrongState { .. } | DossierError::LimitReached { .. }
                ) {
                    assert_eq!(e.kind(), ErrorKind::Forbidden, "{status:?} {action:?}: {e}");
                    assert!(!e.message_vi().is_empty() && !e.message_en().is_empty());
                }
            }
        }
    }
}

#[test]
fn roles_of_each_step() {
    // Received at the desk's step: the specialist cannot forward it, the desk can.
    let mut w = world_at(Status::Received);
    let e = w.try_run(&specialist(), forward()).unwrap_err();
    assert!(matches!(e, DossierError::NotAllowed { .. }), "{e}");
    assert_eq!(e.code(), "forbidden");
    // At the specialist's step the desk cannot request a supplement; the specialist can.
    let mut w = world_at(Status::Processing);
    let req = Command::RequestSupplement {
        missing: vec!["a".into()],
        reason: "b".into(),
    };
    assert!(matches!(
        w.try_run(&desk(), req.clone()),
        Err(DossierError::NotAllowed { .. })
    ));
    // A specialist of another unit cannot act.
    let other_unit = Actor::officer("sp9", &[Role::Specialist], AGENCY, "KHTC");
    assert!(matches!(
        w.try_run(&other_unit, req.clone()),
        Err(DossierError::NotAllowed { .. })
    ));
    // Approval only by the director at the director's step.
    assert!(matches!(
        w.try_run(&director(), Command::Approve { note: None }),
        Err(DossierError::WrongState { .. })
    ));
    w.run(&specialist(), req);
    // Reassign is for the head, not the specialist.
    let mut w = world_at(Status::Processing);
    assert!(matches!(
        w.try_run(
            &specialist(),
            Command::Reassign {
                to: Some("sp1".into())
            }
        ),
        Err(DossierError::NotAllowed { .. })
    ));
    // Claiming twice.
    w.run(&specialist(), Command::Claim);
    assert!(matches!(
        w.try_run(&specialist2(), Command::Claim),
        Err(DossierError::WrongState { .. })
    ));
    // The director's step cannot be left unsigned.
    let mut w = world_at(Status::Approved);
    assert!(matches!(
        w.try_run(&director(), forward()),
        Err(DossierError::WrongState { .. })
    ));
    // Result ready only by the clerk at the clerk's step.
    let mut w = world_at(Status::Signed);
    assert!(matches!(
        w.try_run(&clerk(), Command::MarkResultReady),
        Err(DossierError::WrongState { .. })
    ));
    w.run(&director(), forward());
    assert!(matches!(
        w.try_run(&desk(), Command::MarkResultReady),
        Err(DossierError::NotAllowed { .. })
    ));
    w.run(&clerk(), Command::MarkResultReady);
    // Return by the desk only.
    assert!(matches!(
        w.try_run(
            &clerk(),
            Command::ReturnResult {
                channel: ReturnChannel::Desk,
                received_by: "B".into()
            }
        ),
        Err(DossierError::NotAllowed { .. })
    ));
    // Intake only by a desk officer.
    let mut w = World::new("2025-06-02T09:00");
    assert!(matches!(
        w.try_run(&specialist(), at_desk()),
        Err(DossierError::NotAllowed { .. })
    ));
    assert!(matches!(
        w.try_run(
            &desk(),
            Command::ReceiveAtDesk {
                dossier: new_dossier(" "),
                channel: Channel::Direct,
                note: None
            }
        ),
        Err(DossierError::Invalid { field: "code", .. })
    ));
    // Online submission only by an applicant, and only for an online procedure.
    assert!(matches!(
        w.try_run(&desk(), submit()),
        Err(DossierError::NotAllowed { .. })
    ));
    w.procedure.online_level = motcua_domain::OnlineLevel::None;
    assert!(matches!(
        w.try_run(&applicant(), submit()),
        Err(DossierError::Invalid {
            field: "procedure",
            ..
        })
    ));
}

#[test]
fn input_is_checked() {
    let mut w = world_at(Status::Submitted);
    assert!(matches!(
        w.try_run(
            &desk(),
            Command::RefuseIntake {
                reasons: vec!["  ".into()]
            }
        ),
        Err(DossierError::Invalid {
            field: "reasons",
            ..
        })
    ));
    assert!(matches!(
        w.try_run(
            &desk(),
            Command::GuideToSupplement {
                missing: vec![],
                reason: "x".into()
            }
        ),
        Err(DossierError::Invalid {
            field: "missing",
            ..
        })
    ));
    let mut w = world_at(Status::Processing);
    assert!(matches!(
        w.try_run(
            &specialist(),
            Command::Transfer {
                agency_code: "nope".into(),
                steps: vec![],
                note: None
            }
        ),
        Err(DossierError::Invalid {
            field: "agency_code",
            ..
        })
    ));
    assert!(matches!(
        w.try_run(
            &desk(),
            Command::RequestPayment {
                lines: vec![],
                amount_vnd: Some(-1),
                note: None
            }
        ),
        Err(DossierError::Invalid {
            field: "amount_vnd",
            ..
        })
    ));
    let e = w
        .try_run(&head(), Command::Stop { reason: "".into() })
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Invalid);
    assert!(e.to_string().contains(" / "));
}
