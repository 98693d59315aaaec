//! "Why this date" for a dossier: the explanation's due instant is the appointment the dossier
//! holds, across a supplement pause over the 30/4–1/5 holidays, and an apology's new date.

mod dossier_support;

use dossier_support::*;
use motcua_calendar::{DayStatus, OffReason, WorkingDuration};
use motcua_domain::dossier::{explain_appointment, Command};

#[test]
fn the_explanation_ends_on_the_appointment() {
    // Received Thu 24/4/2025 09:00, 5 working days: Mon 28, Tue 29, the holidays and the
    // swapped Friday skipped → Mon 5/5 09:00 (dossier_flow's april_2025).
    let mut w = World::new("2025-04-24T09:00");
    assert!(explain_appointment(&new_state(), &w.procedure, cal())
        .expect("explain")
        .is_none());
    w.run(&desk(), at_desk());
    let why = explain_appointment(w.d(), &w.procedure, cal())
        .expect("explain")
        .expect("received");
    assert_eq!(why.due_at, t("2025-05-05T09:00"));
    assert_eq!(why.counted.due.with_timezone(&chrono::Utc), why.due_at);
    assert_eq!(why.counted.counted, WorkingDuration::days(5));
    let day = |d: u32| {
        why.counted
            .days
            .iter()
            .find(|x| x.date == date(2025, if d > 20 { 4 } else { 5 }, d))
            .unwrap_or_else(|| panic!("day {d} explained"))
    };
    assert!(matches!(
        day(30).status,
        DayStatus::Off(OffReason::Holiday(_))
    ));
    assert!(matches!(
        day(2).status,
        DayStatus::Off(OffReason::DayOff(_))
    ));
    assert!(matches!(day(26).status, DayStatus::MakeupWorkday(_)));
    assert!(why.extensions.is_empty() && why.paused_since.is_none());

    // A supplement asked Tue 29/4 10:00: the clock stands, the explanation says since when.
    w.run(&desk(), forward()).run(&specialist(), Command::Claim);
    w.at("2025-04-29T10:00").run(
        &specialist(),
        Command::RequestSupplement {
            missing: vec!["Bản sao giấy phép kinh doanh".into()],
            reason: "Thiếu".into(),
        },
    );
    let why = explain_appointment(w.d(), &w.procedure, cal())
        .expect("explain")
        .expect("received");
    assert_eq!(why.paused_since, Some(t("2025-04-29T10:00")));
    // Supplied Mon 5/5 10:00: 8 working hours stood still → Tue 6/5 09:00, and the
    // explanation counts the same five days around the pause.
    w.at("2025-05-05T10:00").run(
        &desk(),
        Command::Supplement {
            files: vec![],
            note: None,
        },
    );
    let why = explain_appointment(w.d(), &w.procedure, cal())
        .expect("explain")
        .expect("received");
    assert_eq!(why.due_at, t("2025-05-06T09:00"));
    assert_eq!(why.counted.due.with_timezone(&chrono::Utc), why.due_at);
    assert_eq!(why.counted.pauses.len(), 1);
    assert_eq!(why.counted.pauses[0].stopped, WorkingDuration::hours(8));
    assert_eq!(why.counted.counted, WorkingDuration::days(5));
    assert!(why.paused_since.is_none());
}

fn forward() -> Command {
    Command::Forward {
        note: None,
        to_user: None,
    }
}

fn new_state() -> motcua_domain::dossier::Dossier {
    motcua_domain::dossier::Dossier::default()
}
