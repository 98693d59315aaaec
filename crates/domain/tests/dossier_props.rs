//! Property tests: random sequences of commands by random actors at random times.

mod dossier_support;

use dossier_support::*;
use motcua_calendar::WorkingDuration;
use motcua_domain::dossier::{
    apply, clock, decide, replay, Actor, Command, Context, Dossier, Event, PaymentMethod,
    ReturnChannel, Status,
};
use motcua_domain::rules;
use motcua_domain::{Role, Step};
use proptest::prelude::*;

fn actors() -> Vec<Actor> {
    vec![
        desk(),
        specialist(),
        specialist2(),
        head(),
        director(),
        clerk(),
        applicant(),
        outsider(),
        Actor::officer("admin", &[Role::Admin], AGENCY, "IT"),
    ]
}

fn command(i: usize, now: chrono::DateTime<chrono::Utc>, x: u8) -> Command {
    let k = usize::from(x % 4);
    // Indices past 21 pick the commands that move a dossier on, so sequences reach the end.
    const ONWARD: [usize; 9] = [2, 5, 6, 11, 13, 14, 15, 16, 17];
    let i = if i >= 22 {
        ONWARD[(i - 22) % ONWARD.len()]
    } else {
        i
    };
    // Ending commands (refuse, withdraw, stop) one time in eight, or few dossiers get far.
    let i = if matches!(i, 4 | 18 | 19) && !x.is_multiple_of(8) {
        ONWARD[usize::from(x) % ONWARD.len()]
    } else {
        i
    };
    match i {
        0 => submit(),
        1 => at_desk(),
        2 => Command::Receive { note: None },
        3 => Command::GuideToSupplement {
            missing: vec!["Đơn".into()],
            reason: "x".into(),
        },
        4 => Command::RefuseIntake {
            reasons: vec!["x".into()],
        },
        5 => Command::Claim,
        6 | 21 => Command::Forward {
            note: None,
            to_user: (k == 3).then(|| "sp2".to_string()),
        },
        7 => Command::SendBack {
            to_step: k,
            reason: "x".into(),
        },
        8 => Command::Reassign {
            to: (k > 1).then(|| "sp1".to_string()),
        },
        9 => Command::Transfer {
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
        10 => Command::RequestSupplement {
            missing: vec!["a".into()],
            reason: "b".into(),
        },
        11 => Command::Supplement {
            files: vec![],
            note: None,
        },
        12 => Command::RequestPayment {
            lines: vec![],
            amount_vnd: Some(1000),
            note: None,
        },
        13 => Command::RecordPayment {
            method: PaymentMethod::Cash,
            amount_vnd: None,
            receipt_number: None,
            reference: None,
        },
        14 => Command::Approve { note: None },
        15 => Command::Sign {
            result_number: "1/GP".into(),
            signer: "A".into(),
            signed_on: date(2025, 6, 2),
            files: vec![],
        },
        16 => Command::MarkResultReady,
        17 => Command::ReturnResult {
            channel: ReturnChannel::Desk,
            received_by: "B".into(),
        },
        18 => Command::Withdraw { reason: "x".into() },
        19 => Command::Stop { reason: "x".into() },
        _ => Command::Extend {
            reason: "x".into(),
            new_due: now + chrono::Duration::days(10 + i64::from(x)),
        },
    }
}

/// (actor, command, minutes to wait before it, extra byte)
fn steps() -> impl Strategy<Value = Vec<(usize, usize, i64, u8)>> {
    prop::collection::vec((0usize..9, 0usize..45, 0i64..600, any::<u8>()), 1..80)
}

fn check_invariants(before: Option<&Dossier>, events: &[Event], after: &Dossier) {
    let v0 = before.map_or(0, |d| d.version);
    assert_eq!(after.version, v0 + events.len() as i64);
    let mut prev = before.map(|d| d.status);
    for e in events {
        assert_eq!(e.from, prev);
        if let Some(f) = e.from {
            assert!(f.can_move_to(e.to), "{f:?} -> {:?}", e.to);
        }
        prev = Some(e.to);
        let n = e.to.national();
        assert!((1..=10).contains(&n.id()));
    }
    assert!(after.extensions.len() <= 1);
    assert!(after.supplement_requests <= 1);
    assert!(after.pauses.iter().filter(|p| p.end.is_none()).count() <= 1);
    if let (Some(due), Some(orig)) = (after.due_at, after.original_due_at) {
        assert!(due >= orig);
    }
    // A paused clock is only ever waiting for the applicant.
    assert_eq!(
        after.open_pause().is_some(),
        after.status == Status::AwaitingSupplement
    );
    assert_eq!(after.steps.len(), after.step_handlers.len());
    assert!(after.step < after.steps.len().max(1));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_the_invariants(seq in steps(), start_online in any::<bool>()) {
        let procedure = procedure();
        let cal = cal();
        let actors = actors();
        let mut now = t("2025-06-25T09:00");
        let mut state: Option<Dossier> = None;
        let mut log: Vec<Event> = Vec::new();
        let mut reached = std::collections::BTreeSet::new();
        let first = if start_online { (6usize, 0usize) } else { (0, 1) };
        let all = std::iter::once((first.0, first.1, 0i64, 0u8)).chain(seq);
        for (a, c, wait, x) in all {
            now += chrono::Duration::minutes(wait);
            let cmd = command(c, now, x);
            let rule_set = rules::for_dossier(state.as_ref(), now);
            let finished = state.as_ref().is_some_and(|d| d.status.has_result() || d.status.is_terminal());
            // Try the actors from a random one on, so sequences get deep into the flow; the
            // refusals on the way are checked too.
            let mut decided = None;
            for k in 0..actors.len() {
                let actor = &actors[(a + k) % actors.len()];
                let ctx = Context { now, actor: actor.clone(), procedure: &procedure, calendar: cal, rules: rule_set };
                match decide(state.as_ref(), &cmd, &ctx) {
                    Ok(events) => {
                        decided = Some(events);
                        break;
                    }
                    Err(e) => {
                        prop_assert!(!e.message_vi().is_empty());
                        prop_assert!(!e.message_en().is_empty());
                    }
                }
            }
            if let Some(events) = decided {
                prop_assert!(!(finished && cmd.action().is_handling()), "{:?} after a result", cmd.action());
                let before = state.clone();
                for e in &events {
                    state = Some(apply(state.take(), e));
                    log.push(e.clone());
                }
                let after = state.as_ref().expect("state after events");
                check_invariants(before.as_ref(), &events, after);
                let replayed = replay(&log);
                prop_assert_eq!(replayed.as_ref(), state.as_ref());
                // Round trip through JSON, as the store keeps them.
                let json = serde_json::to_string(&log).expect("events serialize");
                let back: Vec<Event> = serde_json::from_str(&json).expect("events deserialize");
                prop_assert_eq!(&back, &log);
                let snap = serde_json::to_string(after).expect("snapshot");
                let snap_back: Dossier = serde_json::from_str(&snap).expect("snapshot back");
                prop_assert_eq!(&snap_back, after);
                reached.insert(after.status);
            }
            if let Some(d) = &state {
                let c = clock(d, now, cal, WorkingDuration::days(1)).expect("clock");
                if let (Some(c), Some(p)) = (&c, d.open_pause()) {
                    prop_assert_eq!(c.at, p.start.min(now));
                }
                prop_assert_eq!(c.is_some(), d.due_at.is_some());
            }
        }
        if std::env::var_os("DOSSIER_PROPS_TRACE").is_some() {
            eprintln!("{reached:?}");
        }
    }
}
