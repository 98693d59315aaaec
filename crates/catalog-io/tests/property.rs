//! Property: any valid catalog, with any text (Vietnamese, commas, quotes, semicolons, lines,
//! things that look like numbers or formulas), round-trips exactly through `.xlsx` and `.csv`.

use motcua_domain::text::nfc;
use motcua_domain::*;
use proptest::prelude::*;

/// A tiny deterministic generator for the catalog's shape; proptest varies the seed and the
/// text pool (which it can shrink).
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// 0 ≤ n < bound.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn coin(&mut self) -> bool {
        self.below(2) == 0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

struct Texts {
    one_line: Vec<String>,
    multi_line: Vec<String>,
    at: usize,
}

impl Texts {
    fn line(&mut self) -> String {
        self.at += 1;
        self.one_line[self.at % self.one_line.len()].clone()
    }

    fn lines(&mut self) -> String {
        self.at += 1;
        self.multi_line[self.at % self.multi_line.len()].clone()
    }

    fn maybe(&mut self, d: &mut Dice) -> Option<String> {
        d.coin().then(|| self.line())
    }
}

const ROLES: [Role; 7] = Role::ALL;
const APPLICANTS: [ApplicantType; 5] = [
    ApplicantType::Citizen,
    ApplicantType::Business,
    ApplicantType::StateAgency,
    ApplicantType::Organization,
    ApplicantType::Foreign,
];

fn catalog(seed: u64, mut t: Texts) -> Catalog {
    let d = &mut Dice(seed);
    let agencies: Vec<Agency> = (0..1 + d.below(3))
        .map(|i| Agency {
            code: format!("000.{:02}.22.H56", 10 + i),
            name: t.line(),
            parent_code: d.coin().then(|| "000.00.00.H56".to_owned()),
            address: t.maybe(d),
            phone: t.maybe(d),
            email: t.maybe(d),
            units: (0..1 + d.below(4))
                .map(|j| Unit {
                    code: format!("U{j}"),
                    name: t.line(),
                })
                .collect(),
        })
        .collect();
    let fields: Vec<Field> = (0..1 + d.below(3))
        .map(|i| Field {
            code: format!("F{i}"),
            name: t.line(),
        })
        .collect();
    let procedures = (0..d.below(5))
        .map(|i| {
            let a = d.below(agencies.len());
            let agency = &agencies[a];
            let unit_of = |d: &mut Dice, agency: &Agency| {
                agency.units[d.below(agency.units.len())].code.clone()
            };
            let unit = TimeUnit::pick(d);
            let mut halves: Vec<u32> = match unit {
                TimeUnit::SameDay => vec![1 + d.below(16) as u32],
                _ => (0..1 + d.below(5))
                    .map(|_| 1 + d.below(32) as u32)
                    .collect(),
            };
            // Working and calendar days are whole half-days: the steps add up to a multiple of 4 h.
            let total: u32 = halves.iter().sum();
            if unit != TimeUnit::SameDay && !total.is_multiple_of(8) {
                halves.push(8 - total % 8);
            }
            let committed_half_days = i64::from(halves.iter().sum::<u32>() / 8);
            let steps = halves
                .iter()
                .map(|&h| {
                    let other = d.below(agencies.len());
                    let (agency_code, unit_code) = if other != a && d.coin() {
                        (
                            Some(agencies[other].code.clone()),
                            unit_of(d, &agencies[other]),
                        )
                    } else {
                        (None, unit_of(d, agency))
                    };
                    Step {
                        name: t.line(),
                        role: d.pick(&ROLES),
                        unit_code,
                        agency_code,
                        hours: f64::from(h) / 2.0,
                    }
                })
                .collect();
            let (statutory_time, committed_time) = match unit {
                TimeUnit::SameDay => (TimeLimit::same_day(), TimeLimit::same_day()),
                u => (
                    TimeLimit::from_half_days(u, committed_half_days + d.below(10) as i64),
                    TimeLimit::from_half_days(u, committed_half_days),
                ),
            };
            let from = chrono::NaiveDate::from_ymd_opt(2000 + d.below(30) as i32, 1, 1)
                .and_then(|x| x.checked_add_days(chrono::Days::new(d.below(365) as u64)))
                .expect("date");
            Procedure {
                code: format!("{}.{:06}", 1 + i, d.below(1_000_000)),
                name: t.line(),
                field_code: fields[d.below(fields.len())].code.clone(),
                agency_code: agency.code.clone(),
                unit_code: unit_of(d, agency),
                level: t.maybe(d),
                applicant_types: (0..1 + d.below(3)).map(|_| d.pick(&APPLICANTS)).collect(),
                statutory_time,
                committed_time,
                same_day_cutoff: d.coin(),
                fee_timing: d.pick(&[
                    FeeTiming::Before,
                    FeeTiming::After,
                    FeeTiming::Exempt,
                    FeeTiming::None,
                ]),
                fees: (0..d.below(3))
                    .map(|_| Fee {
                        name: t.line(),
                        amount_vnd: d.coin().then(|| (d.next() % 1_000_000_000_000) as i64),
                        description: d.coin().then(|| t.lines()),
                    })
                    .collect(),
                sets: 1 + d.below(4) as u32,
                components: (0..1 + d.below(4))
                    .map(|_| Component {
                        name: t.line(),
                        originals: d.below(3) as u32,
                        certified_copies: d.below(3) as u32,
                        copies: d.below(3) as u32,
                        required: d.coin(),
                        template: t.maybe(d),
                        note: d.coin().then(|| t.lines()),
                    })
                    .collect(),
                result_name: t.line(),
                result_kind: d.pick(&[ResultKind::Paper, ResultKind::Electronic, ResultKind::Both]),
                online_level: d.pick(&[OnlineLevel::Full, OnlineLevel::Partial, OnlineLevel::None]),
                national_portal: d.coin(),
                on_the_spot: d.coin(),
                conditions: d.coin().then(|| t.lines()),
                legal_basis: (0..1 + d.below(3)).map(|_| t.line()).collect(),
                effective_from: from,
                effective_to: d
                    .coin()
                    .then(|| from + chrono::Days::new(d.below(5000) as u64)),
                status: d.pick(&[
                    PublicationStatus::Draft,
                    PublicationStatus::Published,
                    PublicationStatus::Withdrawn,
                ]),
                steps,
            }
        })
        .collect();
    Catalog {
        agencies,
        fields,
        procedures,
    }
}

trait Pick {
    fn pick(d: &mut Dice) -> Self;
}

impl Pick for TimeUnit {
    fn pick(d: &mut Dice) -> Self {
        d.pick(&[
            TimeUnit::WorkingDays,
            TimeUnit::CalendarDays,
            TimeUnit::SameDay,
        ])
    }
}

fn one_line() -> impl Strategy<Value = String> {
    "[A-Za-z0-9Đđàáảãạâầấẩẫậăằắẳẵặèéẻẽẹêềếểễệìíòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựýỹ ,;:\"'()/.=+%-]{1,30}"
        .prop_map(|s| nfc(&s))
        .prop_filter("not blank", |s| !s.is_empty())
}

fn multi_line() -> impl Strategy<Value = String> {
    prop::collection::vec(one_line(), 1..4).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_catalog_round_trips(
        seed in any::<u64>(),
        one_line in prop::collection::vec(one_line(), 8..40),
        multi_line in prop::collection::vec(multi_line(), 1..6),
    ) {
        let catalog = catalog(seed, Texts { one_line, multi_line, at: 0 });
        prop_assert_eq!(catalog.validate(), Ok(()));
        let dir = tempfile::tempdir().unwrap();
        for name in ["p.xlsx", "p.csv"] {
            let path = dir.path().join(name);
            motcua_catalog_io::write(&path, &catalog).unwrap();
            match motcua_catalog_io::read(&path, &mut |_| {}) {
                Ok(back) => prop_assert_eq!(&back, &catalog, "{}", name),
                Err(e) => prop_assert!(false, "{name} refused:\n{e}"),
            }
        }
    }
}
