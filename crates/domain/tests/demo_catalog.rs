//! The demo catalog (`crates/motcua/demo/catalog.json`, loaded by `motcua serve --demo`) must be
//! a valid catalog with the realistic mix the demo promises: enough real procedures, every
//! online level, a share of ≥30% time cuts like our first user's report, NFC Vietnamese text.

use std::collections::{BTreeSet, HashSet};

use motcua_domain::text::fold;
use motcua_domain::{Catalog, OnlineLevel, PublicationStatus, TimeUnit};
use unicode_normalization::is_nfc;

const DEMO: &str = include_str!("../../motcua/demo/catalog.json");

fn catalog() -> Catalog {
    serde_json::from_str(DEMO).expect("the demo catalog deserializes into Catalog")
}

#[test]
fn demo_catalog_is_valid() {
    let c = catalog();
    if let Err(e) = c.validate() {
        let lines: Vec<String> =
            e.0.iter()
                .map(|p| {
                    format!(
                        "{:?} {} {:?} {}: {}",
                        p.entity, p.key, p.index, p.attribute, p.message_en
                    )
                })
                .collect();
        panic!(
            "the demo catalog has {} problem(s):\n{}",
            lines.len(),
            lines.join("\n")
        );
    }
}

#[test]
fn demo_catalog_has_a_realistic_mix() {
    let c = catalog();
    let n = c.procedures.len();
    assert!(n >= 45, "only {n} procedures");
    let published = c
        .procedures
        .iter()
        .filter(|p| p.status == PublicationStatus::Published)
        .count();
    assert!(published >= 40, "only {published} published procedures");
    assert!(
        c.procedures
            .iter()
            .any(|p| p.status == PublicationStatus::Draft),
        "no draft"
    );
    assert!(
        c.procedures
            .iter()
            .any(|p| p.status == PublicationStatus::Withdrawn && p.effective_to.is_some()),
        "no withdrawn procedure with an end date"
    );

    for level in [OnlineLevel::Full, OnlineLevel::Partial, OnlineLevel::None] {
        assert!(
            c.procedures.iter().any(|p| p.online_level == level),
            "no procedure online at {level:?}"
        );
    }
    assert!(
        c.procedures.iter().any(|p| p.national_portal),
        "nothing on the national portal"
    );
    assert!(
        c.procedures.iter().any(|p| p.on_the_spot),
        "nothing handled on the spot"
    );
    assert!(
        c.procedures
            .iter()
            .any(|p| p.committed_time.unit == TimeUnit::SameDay),
        "no same-day procedure"
    );
    assert!(
        c.procedures
            .iter()
            .any(|p| p.statutory_time.unit == TimeUnit::CalendarDays),
        "no calendar-day procedure"
    );
    assert!(
        c.procedures
            .iter()
            .any(|p| p.steps.iter().any(|s| s.agency_code.is_some())),
        "no inter-agency (liên thông) step"
    );

    let cut = c
        .procedures
        .iter()
        .filter(|p| p.cut_by_30_percent())
        .count();
    let share = cut as f64 / n as f64 * 100.0;
    assert!(
        (30.0..=55.0).contains(&share),
        "{cut}/{n} = {share:.1}% cut by ≥30%, want 30–55%"
    );
}

#[test]
fn every_field_and_unit_is_used() {
    let c = catalog();
    let used_fields: HashSet<&str> = c.procedures.iter().map(|p| p.field_code.as_str()).collect();
    for f in &c.fields {
        assert!(
            used_fields.contains(f.code.as_str()),
            "field {} ({}) has no procedure",
            f.code,
            f.name
        );
    }

    let mut used_units: BTreeSet<(&str, &str)> = BTreeSet::new();
    for p in &c.procedures {
        used_units.insert((p.agency_code.as_str(), p.unit_code.as_str()));
        for s in &p.steps {
            let agency = s.agency_code.as_deref().unwrap_or(&p.agency_code);
            used_units.insert((agency, s.unit_code.as_str()));
        }
    }
    for a in &c.agencies {
        for u in &a.units {
            assert!(
                used_units.contains(&(a.code.as_str(), u.code.as_str())),
                "unit {} ({}) of {} is used by no procedure or step",
                u.code,
                u.name,
                a.code
            );
        }
    }
}

#[test]
fn alcohol_procedures_are_found_without_diacritics() {
    let c = catalog();
    let alcohol: Vec<&str> = c
        .procedures
        .iter()
        .filter(|p| fold(&p.name).split(' ').any(|w| w == "ruou"))
        .map(|p| p.name.as_str())
        .collect();
    assert!(
        !alcohol.is_empty(),
        "no procedure whose folded name contains “ruou”"
    );
    assert!(
        c.procedures
            .iter()
            .any(|p| fold(&p.name).contains("giay phep ban buon ruou")
                && p.status == PublicationStatus::Published),
        "no published alcohol wholesale licence: {alcohol:?}"
    );
}

#[test]
fn every_text_is_nfc() {
    fn walk(v: &serde_json::Value, path: &str, bad: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if !is_nfc(s) => bad.push(format!("{path}: {s}")),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), bad);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    if !is_nfc(k) {
                        bad.push(format!("{path}: key {k}"));
                    }
                    walk(item, &format!("{path}.{k}"), bad);
                }
            }
            _ => {}
        }
    }
    let raw: serde_json::Value = serde_json::from_str(DEMO).unwrap();
    let mut bad = Vec::new();
    walk(&raw, "$", &mut bad);
    assert!(bad.is_empty(), "texts not in NFC:\n{}", bad.join("\n"));
}

#[test]
fn demo_catalog_round_trips_through_json() {
    let c = catalog();
    let again: Catalog = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    assert_eq!(again, c);
}
