//! The stored format of a dossier's history, pinned: `fixtures/events_v1.json` holds one event
//! of every kind exactly as the event log keeps it (`dossier_events.data`, the JSON of
//! [`Event`]), `fixtures/dossier_snapshot_v1.json` a dossier as `dossier_snapshots.data` keeps
//! it. Each must read into today's domain types and write back to the identical JSON.
//!
//! The rule: a stored format never changes in place. Rows written years ago are read by every
//! later version of motcua, and nothing rewrites them. Renaming a field or a kind, changing a
//! type or a tag, or dropping a variant breaks this test on purpose. Such a change adds a new
//! version (`events_v2.json`, a version marker in what is written) and keeps a reader for the
//! old one, tested here against the v1 fixtures, which are never regenerated. A new field
//! with a default, or a new kind, keeps v1 readable: add its sample (to v1 if old readers do not
//! matter, else to a new version).

use motcua_domain::dossier::{Dossier, Event, EventKind};
use serde_json::Value;

const EVENTS_V1: &str = include_str!("fixtures/events_v1.json");
const SNAPSHOT_V1: &str = include_str!("fixtures/dossier_snapshot_v1.json");

/// How many kinds [`slot`] knows.
const KINDS: usize = 22;

/// Every kind of event, by its slot. No `_` arm: a new variant does not compile until it has a
/// slot here, and [`every_kind_has_a_stored_sample`] fails until it has a sample.
fn slot(kind: &EventKind) -> usize {
    match kind {
        EventKind::Submitted { .. } => 0,
        EventKind::ReceivedAtDesk { .. } => 1,
        EventKind::Received { .. } => 2,
        EventKind::GuidedToSupplement { .. } => 3,
        EventKind::IntakeSupplemented { .. } => 4,
        EventKind::IntakeRefused { .. } => 5,
        EventKind::Claimed { .. } => 6,
        EventKind::Forwarded { .. } => 7,
        EventKind::SentBack { .. } => 8,
        EventKind::Reassigned { .. } => 9,
        EventKind::Transferred { .. } => 10,
        EventKind::SupplementRequested { .. } => 11,
        EventKind::Supplemented { .. } => 12,
        EventKind::PaymentRequested { .. } => 13,
        EventKind::PaymentRecorded { .. } => 14,
        EventKind::Approved => 15,
        EventKind::Signed { .. } => 16,
        EventKind::ResultReady { .. } => 17,
        EventKind::ResultReturned { .. } => 18,
        EventKind::Withdrawn { .. } => 19,
        EventKind::Stopped { .. } => 20,
        EventKind::Extended { .. } => 21,
    }
}

fn samples() -> Vec<Value> {
    match serde_json::from_str(EVENTS_V1) {
        Ok(Value::Array(samples)) => samples,
        other => panic!("events_v1.json is not an array of events: {other:?}"),
    }
}

#[test]
fn stored_events_read_and_write_back_identically() {
    for sample in samples() {
        let event: Event = serde_json::from_value(sample.clone())
            .unwrap_or_else(|e| panic!("a v1 event no longer reads: {e}\n{sample:#}"));
        let written = serde_json::to_value(&event).expect("serialise");
        assert_eq!(written, sample, "a v1 event is written differently now");
        // The kind's name is also kept in the indexed column `dossier_events.kind`.
        assert_eq!(
            sample["kind"]["type"].as_str(),
            Some(event.kind.name()),
            "the kind's stored name changed"
        );
    }
}

#[test]
fn every_kind_has_a_stored_sample() {
    let mut seen = [false; KINDS];
    for sample in samples() {
        let event: Event = serde_json::from_value(sample).expect("a v1 event");
        let i = slot(&event.kind);
        assert!(!seen[i], "two samples of {}", event.kind.name());
        seen[i] = true;
    }
    let missing: Vec<usize> = (0..KINDS).filter(|i| !seen[*i]).collect();
    assert!(
        missing.is_empty(),
        "event kinds in slots {missing:?} have no stored sample in events_v1.json"
    );
}

#[test]
fn stored_snapshot_reads_and_writes_back_identically() {
    let sample: Value = serde_json::from_str(SNAPSHOT_V1).expect("snapshot JSON");
    let dossier: Dossier = serde_json::from_value(sample.clone())
        .unwrap_or_else(|e| panic!("a v1 snapshot no longer reads: {e}"));
    let written = serde_json::to_value(&dossier).expect("serialise");
    assert_eq!(written, sample, "a v1 snapshot is written differently now");
    // A sample worth pinning: the parts of a long life are all there.
    assert!(!dossier.pauses.is_empty() && !dossier.extensions.is_empty());
    assert!(dossier.approval.is_some() && dossier.result.is_some() && dossier.returned.is_some());
}
