//! The access rule over every role × scope, as a table, and as properties over generated
//! dossiers: whoever may act on a dossier may see it, no officer of an uninvolved agency sees
//! anything, and a purpose never shows less than reading does.

use proptest::prelude::*;

use super::*;
use crate::catalog::Step;
use crate::dossier::{available_actions, Action, Approval, Status, DOSSIER_ACTIONS};
use crate::ApplicantType;

const SCT: &str = "SCT";
const HUB: &str = "TTHCC";
const OTHER: &str = "SXD";

fn step(role: Role, unit: &str) -> Step {
    Step {
        name: format!("{role:?}"),
        role,
        unit_code: unit.into(),
        agency_code: None,
        hours: 8.0,
    }
}

/// Received by the hub's desk for the SCT, now with a specialist of QLTM who claimed it.
fn dossier() -> Dossier {
    Dossier {
        code: "TTHCC-260105-0001".into(),
        agency_code: SCT.into(),
        receiving_agency: HUB.into(),
        owner_account: Some("guest:001099000123".into()),
        applicant: Applicant {
            name: "Nguyễn Văn A".into(),
            id_number: Some("001099000123".into()),
            address: Some("12 Hàng Bạc, Hoàn Kiếm, Hà Nội".into()),
            phone: Some("0912345678".into()),
            email: None,
            kind: ApplicantType::Citizen,
        },
        status: Status::Processing,
        steps: vec![
            step(Role::Desk, "MOTCUA"),
            step(Role::Specialist, "QLTM"),
            step(Role::Head, "QLTM"),
            step(Role::Director, "BGD"),
            step(Role::Clerk, "VP"),
        ],
        step: 1,
        step_owner: Some(Owner::User {
            username: "cv_holder".into(),
        }),
        step_handlers: vec![Some("mc_past".into()), None, None, None, None],
        ..Dossier::default()
    }
}

fn officer(name: &str, role: Role, agency: &str, unit: &str) -> Actor {
    Actor::officer(name, &[role], agency, unit)
}

/// role, agency, unit → expected relation (None: denied). Scopes: the unit the dossier is in
/// now (QLTM), a unit it has not reached (KHTC) or reached before (MOTCUA), the receiving
/// agency (hub), another agency.
fn table() -> Vec<(Actor, Option<Relation>)> {
    use Relation as R;
    use Role::*;
    let o = officer;
    vec![
        (o("cv_holder", Specialist, SCT, "QLTM"), Some(R::Holder)),
        (o("cv2", Specialist, SCT, "QLTM"), Some(R::Unit)),
        (o("cv3", Specialist, SCT, "KHTC"), None),
        (o("cv4", Specialist, OTHER, "QLTM"), None),
        (o("cv5", Specialist, HUB, "QLTM"), None),
        (o("tp1", Head, SCT, "QLTM"), Some(R::UnitHead)),
        (o("tp2", Head, SCT, "KHTC"), None),
        (o("tp3", Head, OTHER, "QLTM"), None),
        (o("gd1", Director, SCT, "BGD"), Some(R::Leader)),
        (o("gd2", Director, HUB, "BGD"), Some(R::Leader)),
        (o("gd3", Director, OTHER, "BGD"), None),
        (o("mc_past", Desk, OTHER, "MOTCUA"), Some(R::Handler)),
        (o("mc1", Desk, HUB, "MOTCUA"), Some(R::Desk)),
        (o("mc2", Desk, SCT, "MOTCUA"), Some(R::Desk)),
        (o("mc3", Desk, OTHER, "MOTCUA"), None),
        (o("vt1", Clerk, SCT, "VP"), Some(R::Clerk)),
        (o("vt2", Clerk, HUB, "VP"), None),
        (o("vt3", Clerk, OTHER, "VP"), None),
        (o("bc1", Reporter, SCT, "VP"), Some(R::Reporter)),
        (o("bc2", Reporter, HUB, "VP"), Some(R::Reporter)),
        (o("bc3", Reporter, OTHER, "VP"), None),
        (o("qt1", Admin, OTHER, "IT"), Some(R::Admin)),
        (Actor::system(), Some(R::System)),
        (Actor::applicant("guest:001099000123"), Some(R::Applicant)),
        (Actor::applicant("someone_else"), None),
    ]
}

#[test]
fn every_role_and_scope_gets_its_relation_and_disclosure() {
    let d = dossier();
    for (actor, expected) in table() {
        let got = relation(&d, Viewer::actor(&actor));
        assert_eq!(got, expected, "{} {:?}", actor.username, actor.roles);
        for purpose in Purpose::ALL {
            let a = access(&d, Viewer::actor(&actor), purpose);
            let want = match expected.map(|r| (r, r.disclosure(), purpose)) {
                None => Access::Denied,
                Some((r, Disclosure::Full, _)) => Access::Full(r),
                Some((r, Disclosure::OnRequest, Purpose::Reveal | Purpose::Print)) => {
                    Access::Full(r)
                }
                Some((r, _, _)) => Access::Masked(r),
            };
            assert_eq!(a, want, "{} {purpose:?}", actor.username);
        }
    }
}

#[test]
fn the_disclosure_table() {
    use Disclosure::*;
    let want = [
        (Relation::System, Full),
        (Relation::Applicant, Full),
        (Relation::Holder, Full),
        (Relation::Desk, Full),
        (Relation::Handler, OnRequest),
        (Relation::UnitHead, OnRequest),
        (Relation::Unit, OnRequest),
        (Relation::Leader, OnRequest),
        (Relation::Clerk, OnRequest),
        (Relation::Admin, OnRequest),
        (Relation::Reporter, Masked),
    ];
    assert_eq!(want.len(), Relation::ALL.len());
    for (r, d) in want {
        assert_eq!(r.disclosure(), d, "{r:?}");
        assert_eq!(Relation::parse(r.as_str()), Some(r));
    }
    for p in Purpose::ALL {
        assert_eq!(Purpose::parse(p.as_str()), Some(p));
    }
}

#[test]
fn applicants_by_proof_and_units_reached_before() {
    let mut d = dossier();
    let id = normalize_id("001.099.000.123");
    let proof = Viewer {
        actor: None,
        applicant_id: Some(&id),
    };
    assert_eq!(
        access(&d, proof, Purpose::Read),
        Access::Full(Relation::Applicant)
    );
    let wrong = Viewer {
        actor: None,
        applicant_id: Some("5678"),
    };
    assert_eq!(access(&d, wrong, Purpose::Read), Access::Denied);
    // Sent back from the head's step: the head's unit reached it and keeps seeing it.
    d.step_handlers[2] = Some("tp_old".into());
    let head = officer("tp9", Role::Specialist, SCT, "QLTM");
    assert_eq!(relation(&d, Viewer::actor(&head)), Some(Relation::Unit));
    let director_unit = officer("x", Role::Specialist, SCT, "BGD");
    assert_eq!(
        relation(&d, Viewer::actor(&director_unit)),
        None,
        "not reached yet"
    );
    d.step = 3;
    assert_eq!(
        relation(&d, Viewer::actor(&director_unit)),
        Some(Relation::Unit)
    );
    // An approval makes its author a handler wherever they sit.
    d.approval = Some(Approval {
        by: "pgd".into(),
        at: chrono::DateTime::<chrono::Utc>::UNIX_EPOCH,
    });
    let deputy = officer("pgd", Role::Specialist, OTHER, "X");
    assert_eq!(
        relation(&d, Viewer::actor(&deputy)),
        Some(Relation::Handler)
    );
}

#[test]
fn agency_wide_lists_are_for_leaders_reporters_clerks_and_admins() {
    for role in Role::ALL {
        let a = officer("x", role, SCT, "U");
        let want = matches!(
            role,
            Role::Director | Role::Reporter | Role::Clerk | Role::Admin
        );
        assert_eq!(agency_wide(&a, SCT), want, "{role:?}");
        assert_eq!(agency_wide(&a, OTHER), role == Role::Admin, "{role:?}");
    }
    assert!(agency_wide(&Actor::system(), SCT));
    assert!(!agency_wide(&Actor::applicant("a"), SCT));
}

// --- properties over generated dossiers ----------------------------------------------------

const AGENCIES: [&str; 3] = [SCT, HUB, OTHER];
const UNITS: [&str; 4] = ["MOTCUA", "QLTM", "KHTC", "BGD"];
const NAMES: [&str; 4] = ["u0", "u1", "u2", "u3"];

fn arb_step() -> impl Strategy<Value = Step> {
    (
        proptest::sample::select(Role::ALL.to_vec()),
        proptest::sample::select(UNITS.to_vec()),
        proptest::option::of(proptest::sample::select(AGENCIES.to_vec())),
    )
        .prop_map(|(role, unit, agency)| Step {
            agency_code: agency.map(str::to_owned),
            ..step(role, unit)
        })
}

fn arb_dossier() -> impl Strategy<Value = Dossier> {
    (
        proptest::collection::vec(arb_step(), 1..6),
        0usize..6,
        proptest::sample::select(AGENCIES.to_vec()),
        proptest::sample::select(AGENCIES.to_vec()),
        proptest::sample::select(Status::ALL.to_vec()),
        proptest::option::of(proptest::sample::select(NAMES.to_vec())),
        proptest::collection::vec(
            proptest::option::of(proptest::sample::select(NAMES.to_vec())),
            6,
        ),
    )
        .prop_map(
            |(steps, step, agency, receiving, status, owner, handlers)| {
                let step = step % steps.len();
                let n = steps.len();
                let owner = owner.map(|u| Owner::User {
                    username: u.to_owned(),
                });
                let mut d = dossier();
                d.agency_code = agency.into();
                d.receiving_agency = receiving.into();
                d.status = status;
                d.step = step;
                d.step_owner = owner.or_else(|| d.unit_queue(step));
                d.step_handlers = handlers[..n].iter().map(|h| h.map(str::to_owned)).collect();
                d.steps = steps;
                d.due_at = Some(chrono::DateTime::<chrono::Utc>::UNIX_EPOCH);
                d.clock_start = d.due_at;
                d
            },
        )
}

fn arb_actor() -> impl Strategy<Value = Actor> {
    (
        proptest::sample::select(NAMES.to_vec()),
        proptest::sample::subsequence(Role::ALL.to_vec(), 0..3),
        proptest::sample::select(AGENCIES.to_vec()),
        proptest::sample::select(UNITS.to_vec()),
    )
        .prop_map(|(name, roles, agency, unit)| {
            if roles.is_empty() {
                Actor::applicant(name)
            } else {
                Actor::officer(name, &roles, agency, unit)
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Whoever may act on a dossier may see it (requesting a payment excepted: any officer
    /// of the agency may do that, but only once they reach the dossier by another relation —
    /// the use case checks [`access`] before it acts).
    #[test]
    fn whoever_may_act_may_see(d in arb_dossier(), a in arb_actor()) {
        let actions: Vec<Action> = available_actions(&d, &a)
            .into_iter()
            .filter(|x| *x != Action::RequestPayment)
            .collect();
        if !actions.is_empty() {
            prop_assert!(d.visible_to(Viewer::actor(&a)), "{:?} may {:?}", a, actions);
        }
        prop_assert!(DOSSIER_ACTIONS.len() >= actions.len());
    }

    /// No officer sees a dossier their agency has nothing to do with, unless an administrator
    /// or someone who handled it.
    #[test]
    fn uninvolved_agencies_see_nothing(d in arb_dossier(), a in arb_actor()) {
        let involved = involved_agencies(&d);
        let mine = a.agency_code.clone().unwrap_or_default();
        let handled = d.step_handlers.iter().flatten().any(|h| *h == a.username)
            || matches!(&d.step_owner, Some(Owner::User { username }) if *username == a.username);
        if a.kind == ActorKind::Officer && !a.has(Role::Admin) && !involved.contains(&mine) && !handled {
            prop_assert_eq!(relation(&d, Viewer::actor(&a)), None);
        }
    }

    /// Purposes are consistent: denied for one is denied for all; reveal and print show at
    /// least what reading shows; an export shows what reading shows.
    #[test]
    fn purposes_are_consistent(d in arb_dossier(), a in arb_actor()) {
        let v = Viewer::actor(&a);
        let read = access(&d, v, Purpose::Read);
        prop_assert_eq!(access(&d, v, Purpose::Export), read);
        for p in [Purpose::Reveal, Purpose::Print] {
            let x = access(&d, v, p);
            prop_assert_eq!(x.relation(), read.relation());
            prop_assert!(!read.is_full() || x.is_full());
        }
        if let Some(Owner::User { username }) = &d.step_owner {
            if *username == a.username && a.kind == ActorKind::Officer {
                prop_assert_eq!(read, Access::Full(Relation::Holder));
            }
        }
    }
}
