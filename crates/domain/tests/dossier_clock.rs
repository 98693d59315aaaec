//! Classification of finished dossiers exactly at the boundaries, and the dossier code.

mod dossier_support;

use dossier_support::*;
use motcua_domain::dossier::{
    classify_finished, dossier_code, ClassifyOptions, Dossier, Status, Timeliness,
};
use motcua_domain::rules::DECREE_118_2025;

/// Due Friday 6 June 2025 at 11:00.
fn finished_at(s: &str) -> Dossier {
    Dossier {
        status: Status::ResultReady,
        due_at: Some(t("2025-06-06T11:00")),
        original_due_at: Some(t("2025-06-06T11:00")),
        finished_at: Some(t(s)),
        ..Dossier::default()
    }
}

fn class(d: &Dossier) -> Option<Timeliness> {
    classify_finished(d, cal(), &ClassifyOptions::from_rules(&DECREE_118_2025)).expect("classify")
}

#[test]
fn boundaries() {
    assert_eq!(
        class(&finished_at("2025-06-05T17:00")),
        Some(Timeliness::Early)
    );
    assert_eq!(
        class(&finished_at("2025-06-05T23:59")),
        Some(Timeliness::Early)
    );
    assert_eq!(
        class(&finished_at("2025-06-06T00:00")),
        Some(Timeliness::OnTime)
    );
    assert_eq!(
        class(&finished_at("2025-06-06T11:00")),
        Some(Timeliness::OnTime)
    );
    assert_eq!(
        class(&finished_at("2025-06-06T11:00:01")),
        Some(Timeliness::Late)
    );
    // Due at 17:00 Friday: finishing on Saturday is not later in working time.
    let mut d = finished_at("2025-06-07T10:00");
    d.due_at = Some(t("2025-06-06T17:00"));
    d.original_due_at = d.due_at;
    assert_eq!(class(&d), Some(Timeliness::OnTime));
    d.finished_at = Some(t("2025-06-09T07:00:01"));
    assert_eq!(class(&d), Some(Timeliness::Late));
    // Not finished: no class.
    let mut d = finished_at("2025-06-05T10:00");
    d.finished_at = None;
    assert_eq!(class(&d), None);
}

#[test]
fn more_than_one_supplement_request_is_late() {
    let mut d = finished_at("2025-06-02T09:00");
    d.supplement_requests = 1;
    assert_eq!(class(&d), Some(Timeliness::Early));
    d.supplement_requests = 2;
    assert_eq!(class(&d), Some(Timeliness::Late));
    let opts = ClassifyOptions {
        late_if_supplements_over: None,
        against_original: true,
    };
    assert_eq!(
        classify_finished(&d, cal(), &opts).expect("classify"),
        Some(Timeliness::Early)
    );
}

#[test]
fn code_format() {
    assert_eq!(
        dossier_code(AGENCY, date(2021, 5, 31), 1),
        "000.17.22.H56-210531-0001"
    );
    assert_eq!(
        dossier_code(AGENCY, date(2025, 12, 1), 42),
        "000.17.22.H56-251201-0042"
    );
}
