//! Properties of the report facts' deltas: applying the deltas of a chain of states gives the
//! facts of the last state, whatever the path (what keeps `report_daily` exact).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use motcua_domain::dossier::Channel;
use motcua_domain::reports::*;
use proptest::prelude::*;

type Table = BTreeMap<(NaiveDate, FactKey), [i64; Counter::COUNT]>;

fn key(agency: u8) -> FactKey {
    FactKey {
        agency_code: format!("A{agency}"),
        unit_code: "U".into(),
        field_code: "F".into(),
        procedure_code: "P".into(),
        channel: if agency.is_multiple_of(2) {
            Channel::Direct
        } else {
            Channel::Online
        },
    }
}

fn facts_strategy() -> impl Strategy<Value = Option<DossierFacts>> {
    let fact = (0u32..20, 0usize..Counter::COUNT, -3i64..4).prop_map(|(d, c, n)| Fact {
        day: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(d)),
        counter: Counter::ALL[c],
        n,
    });
    proptest::option::of(
        (0u8..3, proptest::collection::vec(fact, 0..12))
            .prop_map(|(a, facts)| DossierFacts { key: key(a), facts }),
    )
}

fn add(t: &mut Table, deltas: &[FactDelta]) {
    for d in deltas {
        let row = t
            .entry((d.day, d.key.clone()))
            .or_insert([0; Counter::COUNT]);
        for (r, n) in row.iter_mut().zip(d.counts) {
            *r += n;
        }
    }
    t.retain(|_, v| v.iter().any(|n| *n != 0));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn chained_deltas_equal_the_last_state(states in proptest::collection::vec(facts_strategy(), 1..6)) {
        let mut incremental = Table::new();
        let mut prev: Option<DossierFacts> = None;
        for s in &states {
            add(&mut incremental, &delta(prev.as_ref(), s.as_ref()));
            prev = s.clone();
        }
        let mut rebuilt = Table::new();
        add(&mut rebuilt, &delta(None, prev.as_ref()));
        prop_assert_eq!(incremental, rebuilt);
    }

    #[test]
    fn deltas_are_sorted_and_never_zero(a in facts_strategy(), b in facts_strategy()) {
        let d = delta(a.as_ref(), b.as_ref());
        prop_assert!(d.iter().all(|x| x.counts.iter().any(|n| *n != 0)));
        prop_assert!(d.windows(2).all(|w| (w[0].day, &w[0].key) < (w[1].day, &w[1].key)));
    }
}
