//! Deadline computation throughput: `cargo bench -p motcua-calendar`.

use std::hint::black_box;

use chrono::{DateTime, FixedOffset};
use criterion::{criterion_group, criterion_main, Criterion};
use motcua_calendar::{vn_offset, DeadlineRule, WorkingCalendar, WorkingDuration};

/// 1024 received instants spread over 2016–2026 at odd minutes (inside and outside hours).
fn instants() -> Vec<DateTime<FixedOffset>> {
    (0..1024i64)
        .map(|i| {
            let secs = 1_451_606_400 + i * 337_457; // ~3.9 days apart
            DateTime::from_timestamp(secs, 0)
                .map(|t| t.with_timezone(&vn_offset()))
                .unwrap_or_default()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let cal = WorkingCalendar::vietnam().unwrap_or_else(|e| panic!("{e}"));
    let starts = instants();
    let rules = [
        DeadlineRule::working(WorkingDuration::half_days(1)),
        DeadlineRule::working(WorkingDuration::days(3)),
        DeadlineRule::working(WorkingDuration::days(15)),
        DeadlineRule::working(WorkingDuration::hours(4)),
    ];
    let mut i = 0usize;
    c.bench_function("due (working days/hours)", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            let t = starts[i % starts.len()];
            black_box(cal.due(black_box(t), &rules[i % rules.len()]))
        })
    });
    c.bench_function("working_time_between", |b| {
        b.iter(|| {
            i = i.wrapping_add(1);
            let (a, z) = (starts[i % starts.len()], starts[(i + 7) % starts.len()]);
            black_box(cal.working_time_between(black_box(a), black_box(z)))
        })
    });
    c.bench_function("build default calendar 1900-2199", |b| {
        b.iter(|| black_box(WorkingCalendar::builder().build()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
