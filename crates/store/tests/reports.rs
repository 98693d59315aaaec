//! Reports over a hand-built history driven through the real domain commands, with every cell
//! of II.06a and every computable 766 indicator worked out by hand below; on both stores; the
//! facts kept in step with the writes equal the facts rebuilt from the snapshots.
//!
//! Period: March 2024 (no public holiday). Office hours 07:00–11:30, 13:30–17:00 (8 h a day).
//! P1 (field LTHH, unit QLTM): 5 working days committed, 7 statutory (cut 28.6%: not ≥30%).
//! P2 (field XTTM, unit XNK): 2 working days committed, 5 statutory (cut 60%); partial online.
//!
//! | id | proc | story | March 2024 |
//! |----|------|-------|------------|
//! | A  | P1 | desk Wed 28/2 09:00, due Wed 6/3 09:00; result Mon 4/3 10:00; returned 5/3 | carried over, early |
//! | B  | P1 | desk Mon 4/3 09:00, due Mon 11/3 09:00; result Mon 11/3 08:30 | new, on time |
//! | C  | P1 | desk Tue 5/3 09:00, due Tue 12/3 09:00; result Wed 13/3 10:00 | new, late |
//! | E  | P1 | desk Wed 6/3 09:00; withdrawn Fri 8/3 | new, withdrawn |
//! | F  | P1 | desk Thu 15/2 09:00, due Thu 22/2 09:00; stopped Tue 5/3 | carried over, stopped |
//! | G  | P1 | desk Mon 18/3 09:00, due Mon 25/3 09:00; extended to Fri 29/3 17:00; result Thu 28/3 09:00 | new, late (original) / early (extended) |
//! | H  | P1 | desk Mon 4/3 09:00; paused Tue 5/3 09:00–Thu 7/3 09:00 and Fri 8/3 09:00–Mon 11/3 09:00; result Tue 12/3 10:00 | new, late (two supplement requests) |
//! | O  | P1 | desk Mon 26/2 09:00, due Mon 4/3 09:00; still open | carried over, overdue |
//! | K  | P1 | desk Tue 2/4 09:00 | not in March |
//! | D  | P2 | desk Thu 28/3 09:00, due Mon 1/4 09:00; result Sun 31/3 23:00 (the cut-off) | new, early |
//! | D2 | P2 | desk Thu 28/3 10:00, due Mon 1/4 10:00; result Mon 1/4 00:00 | new, in progress within time |
//! | I  | P2 | desk Mon 25/3 09:00, due Wed 27/3 09:00; still open | new, overdue |
//! | L  | P2 | online, received Mon 11/3 09:00, due Wed 13/3 09:00; paid online; e-result; result Tue 12/3 15:00 | new online, early |
//! | M  | P2 | online, refused at intake 12/3 | nowhere |
//! | N  | P2 | desk Tue 19/3 08:00; result 15:00, returned at the desk 16:00 | new, early, on the spot |

mod common;

use common::driver::{vn, World};
use motcua_domain::dossier::*;
use motcua_domain::reports::*;
use motcua_domain::rules::{self, RuleSet};
use motcua_domain::service::*;
use motcua_store::reports::{self as rep, Scope};
use motcua_store::{dossiers, feedback, ratings, Db};

motcua_store::on_both_stores!(hand_built_history);

async fn hand_built_history(db: Db, _url: String) {
    let w = World::with_procedures(&db).await;
    let (p1, p2) = ("1.000001", "1.000002");

    // P1.
    let f = w.desk(p1, vn(2, 15, 9, 0)).await;
    let o = w.desk(p1, vn(2, 26, 9, 0)).await;
    let a = w.desk(p1, vn(2, 28, 9, 0)).await;
    let da = dossiers::load(&db, &a).await.unwrap().unwrap().dossier;
    assert_eq!(
        da.due_at,
        Some(vn(3, 6, 9, 0)),
        "5 working days from Wed 28/2 09:00"
    );
    w.finish(&a, vn(3, 4, 10, 0), false).await;
    w.return_result(&a, ReturnChannel::Desk, vn(3, 5, 9, 0))
        .await;

    let b = w.desk(p1, vn(3, 4, 9, 0)).await;
    let h = w.desk(p1, vn(3, 4, 9, 0)).await;
    let c = w.desk(p1, vn(3, 5, 9, 0)).await;
    w.act(
        &f,
        Command::Stop {
            reason: "Không đủ điều kiện".into(),
        },
        vn(3, 5, 10, 0),
    )
    .await;
    let e = w.desk(p1, vn(3, 6, 9, 0)).await;
    w.act(
        &e,
        Command::Withdraw {
            reason: "Công dân rút".into(),
        },
        vn(3, 8, 10, 0),
    )
    .await;

    // H: two supplement requests (a rule set allowing two; its own rule set still says >1 = late).
    let two = RuleSet {
        max_supplement_requests: 2,
        ..rules::DECREE_61_2018.clone()
    };
    let ask = || Command::RequestSupplement {
        missing: vec!["Đơn đề nghị".into()],
        reason: "Thiếu chữ ký".into(),
    };
    let give = || Command::Supplement {
        files: vec![],
        note: None,
    };
    w.act(&h, Command::Claim, vn(3, 5, 8, 0)).await;
    w.act(
        &h,
        Command::Forward {
            note: None,
            to_user: None,
        },
        vn(3, 5, 8, 30),
    )
    .await;
    w.act_with(&h, Command::Claim, vn(3, 5, 8, 45), Some(&two))
        .await;
    w.act_with(&h, ask(), vn(3, 5, 9, 0), Some(&two)).await;
    let dh = w.act_with(&h, give(), vn(3, 7, 9, 0), Some(&two)).await;
    assert_eq!(
        dh.original_due_at,
        Some(vn(3, 13, 9, 0)),
        "two working days paused"
    );
    w.act_with(&h, ask(), vn(3, 8, 9, 0), Some(&two)).await;
    let dh = w.act_with(&h, give(), vn(3, 11, 9, 0), Some(&two)).await;
    assert_eq!(
        dh.original_due_at,
        Some(vn(3, 14, 9, 0)),
        "one more working day paused"
    );
    assert_eq!(dh.supplement_requests, 2);

    w.finish(&b, vn(3, 11, 8, 30), false).await;
    w.return_result(&b, ReturnChannel::Desk, vn(3, 11, 14, 0))
        .await;
    w.finish(&h, vn(3, 12, 10, 0), false).await;
    w.finish(&c, vn(3, 13, 10, 0), false).await;

    let g = w.desk(p1, vn(3, 18, 9, 0)).await;
    let ext = Command::Extend {
        reason: "Cần xác minh thực tế".into(),
        new_due: vn(3, 29, 17, 0),
    };
    w.act(&g, ext, vn(3, 20, 9, 0)).await;
    let dg = w.finish(&g, vn(3, 28, 9, 0), false).await;
    assert_eq!(
        (dg.original_due_at, dg.due_at),
        (Some(vn(3, 25, 9, 0)), Some(vn(3, 29, 17, 0)))
    );
    let k = w.desk(p1, vn(4, 2, 9, 0)).await;

    // P2.
    let l = w.online(p2, vn(3, 11, 8, 0)).await;
    w.act(&l, Command::Receive { note: None }, vn(3, 11, 9, 0))
        .await;
    w.act(&l, Command::Claim, vn(3, 11, 9, 30)).await;
    w.act(
        &l,
        Command::Forward {
            note: None,
            to_user: None,
        },
        vn(3, 11, 9, 30),
    )
    .await;
    w.act(&l, Command::Claim, vn(3, 11, 9, 40)).await;
    w.act(
        &l,
        Command::RequestPayment {
            lines: vec![],
            amount_vnd: Some(200_000),
            note: None,
        },
        vn(3, 11, 10, 0),
    )
    .await;
    w.act(
        &l,
        Command::RecordPayment {
            method: PaymentMethod::Online,
            amount_vnd: None,
            receipt_number: None,
            reference: None,
        },
        vn(3, 11, 11, 0),
    )
    .await;
    w.finish(&l, vn(3, 12, 15, 0), true).await;
    w.return_result(&l, ReturnChannel::Online, vn(3, 13, 8, 0))
        .await;
    let m = w.online(p2, vn(3, 12, 8, 0)).await;
    w.act(
        &m,
        Command::RefuseIntake {
            reasons: vec!["Không thuộc thẩm quyền".into()],
        },
        vn(3, 12, 9, 0),
    )
    .await;
    let n = w.desk(p2, vn(3, 19, 8, 0)).await;
    w.finish(&n, vn(3, 19, 15, 0), false).await;
    w.return_result(&n, ReturnChannel::Desk, vn(3, 19, 16, 0))
        .await;
    let i = w.desk(p2, vn(3, 25, 9, 0)).await;
    let d = w.desk(p2, vn(3, 28, 9, 0)).await;
    let d2 = w.desk(p2, vn(3, 28, 10, 0)).await;
    w.finish(&d, vn(3, 31, 23, 0), false).await;
    w.finish(&d2, vn(4, 1, 0, 0), false).await;

    // Ratings and a complaint.
    let rate = |code: &str, ease, overall, m, dd| Rating {
        dossier_code: code.into(),
        ease,
        overall,
        comment: None,
        rated_at: vn(m, dd, 10, 0),
    };
    use RatingLevel::*;
    ratings::rate(&db, rate(&a, VerySatisfied, VerySatisfied, 3, 6))
        .await
        .unwrap();
    ratings::rate(&db, rate(&b, Satisfied, Dissatisfied, 3, 12))
        .await
        .unwrap();
    ratings::rate(&db, rate(&n, VerySatisfied, Satisfied, 3, 19))
        .await
        .unwrap();
    let complaint = NewFeedback {
        kind: FeedbackKind::Feedback,
        subject: "Trễ hẹn".into(),
        content: "Hồ sơ trả muộn".into(),
        contact: Contact {
            name: "Lê Văn C".into(),
            phone: Some("0912345678".into()),
            email: None,
        },
        dossier_code: Some(c.clone()),
        agency_code: common::AGENCY.into(),
        publish_consent: false,
    };
    feedback::create_feedback(&db, complaint, vn(3, 14, 9, 0))
        .await
        .unwrap();

    let march = Period::month(2024, 3, CutOff::default()).unwrap();
    let all = Scope::default();

    // II.06a by field, against the original appointment.
    let form = rep::form_06a(&db, &march, &all, GroupBy::Field, Against::Original)
        .await
        .unwrap();
    let lthh = Counts06a {
        received_total: 8,
        carried_over: 3, // A, F, O
        new_online: 0,
        new_direct_postal: 5, // B, C, E, G, H
        resolved_total: 5,
        early: 1,   // A
        on_time: 1, // B
        late: 3,    // C, G (original appointment), H (two supplement requests)
        in_progress_total: 1,
        within_deadline: 0,
        overdue: 1, // O
        withdrawn: 1,
        stopped: 1,
    };
    let xttm = Counts06a {
        received_total: 5,
        carried_over: 0,
        new_online: 1,        // L
        new_direct_postal: 4, // D, D2, I, N
        resolved_total: 3,
        early: 3, // D (at the cut-off), L, N
        on_time: 0,
        late: 0,
        in_progress_total: 2,
        within_deadline: 1, // D2
        overdue: 1,         // I
        withdrawn: 0,
        stopped: 0,
    };
    let rows: Vec<(&str, &str, Counts06a)> = form
        .rows
        .iter()
        .map(|r| (r.code.as_str(), r.name.as_str(), r.counts))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("LTHH", "Lưu thông hàng hóa trong nước", lthh),
            ("XTTM", "Xúc tiến thương mại", xttm)
        ]
    );
    let mut total = lthh;
    total.add(&xttm);
    assert_eq!(form.total, total);

    // Against the extended appointment G is early.
    let ext = rep::form_06a(&db, &march, &all, GroupBy::Field, Against::Extended)
        .await
        .unwrap();
    assert_eq!((ext.rows[0].counts.early, ext.rows[0].counts.late), (2, 2));

    // By unit and by procedure, scoped to the agency.
    let agency = Scope {
        agency_code: Some(common::AGENCY.into()),
        ..Scope::default()
    };
    let by_unit = rep::form_06a(&db, &march, &agency, GroupBy::Unit, Against::Original)
        .await
        .unwrap();
    let units: Vec<(&str, i64)> = by_unit
        .rows
        .iter()
        .map(|r| (r.code.as_str(), r.counts.received_total))
        .collect();
    assert_eq!(units, vec![("QLTM", 8), ("XNK", 5)]);
    let by_proc = rep::form_06a(&db, &march, &agency, GroupBy::Procedure, Against::Original)
        .await
        .unwrap();
    assert_eq!(by_proc.total, total);

    // February: F, O, A received; F overdue since Thu 22/2.
    let feb = Period::month(2024, 2, CutOff::default()).unwrap();
    let f06 = rep::form_06a(&db, &feb, &all, GroupBy::Field, Against::Original)
        .await
        .unwrap();
    assert_eq!(f06.rows.len(), 1);
    let fc = f06.rows[0].counts;
    assert_eq!(
        (
            fc.received_total,
            fc.carried_over,
            fc.in_progress_total,
            fc.overdue,
            fc.within_deadline
        ),
        (3, 0, 3, 1, 2)
    );

    // A cut-off on the 15th: "April" = 15/3 … 14/4: carried over = open at the end of 14/3:
    // O, H? no (finished 12/3); B, C finished; → O only… plus nothing else. New: G, K, N, I, D, D2.
    let april = Period::month(2024, 4, CutOff(15)).unwrap();
    let a06 = rep::form_06a(&db, &april, &all, GroupBy::Field, Against::Original)
        .await
        .unwrap();
    assert_eq!(a06.total.carried_over, 1);
    assert_eq!(a06.total.received_total, 7);
    assert_eq!(a06.total.resolved_total, 4); // G, N, D, D2
    assert_eq!(a06.total.in_progress_total, 3); // O, K, I

    // Drill-down.
    let lthh_scope = Scope {
        field_code: Some("LTHH".into()),
        ..Scope::default()
    };
    let behind = |scope: Scope, cell| {
        let db = db.clone();
        async move {
            let mut v = rep::dossiers_behind(&db, &march, &scope, cell, Against::Original, 100, 0)
                .await
                .unwrap()
                .codes;
            v.sort();
            v
        }
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(
        behind(lthh_scope.clone(), Cell06a::Late).await,
        sorted(vec![c.clone(), g.clone(), h.clone()])
    );
    assert_eq!(
        behind(lthh_scope.clone(), Cell06a::CarriedOver).await,
        sorted(vec![a.clone(), f.clone(), o.clone()])
    );
    assert_eq!(
        behind(lthh_scope.clone(), Cell06a::Withdrawn).await,
        vec![e.clone()]
    );
    let xttm_scope = Scope {
        field_code: Some("XTTM".into()),
        ..Scope::default()
    };
    assert_eq!(
        behind(xttm_scope.clone(), Cell06a::Overdue).await,
        vec![i.clone()]
    );
    assert_eq!(
        behind(xttm_scope.clone(), Cell06a::WithinDeadline).await,
        vec![d2.clone()]
    );
    assert_eq!(
        behind(xttm_scope.clone(), Cell06a::NewOnline).await,
        vec![l.clone()]
    );
    let early = behind(all.clone(), Cell06a::Early).await;
    assert_eq!(
        early,
        sorted(vec![a.clone(), d.clone(), l.clone(), n.clone()])
    );
    let page = rep::dossiers_behind(
        &db,
        &march,
        &all,
        Cell06a::ReceivedTotal,
        Against::Original,
        5,
        10,
    )
    .await
    .unwrap();
    assert_eq!((page.total, page.codes.len()), (13, 3));
    assert!(!early.contains(&m) && !early.contains(&k));
    // Every cell's drill-down count equals the cell.
    for cell in Cell06a::ALL {
        let n = rep::dossiers_behind(&db, &march, &all, cell, Against::Original, 1, 0)
            .await
            .unwrap()
            .total;
        assert_eq!(n, form.total.get(cell), "{cell:?}");
    }

    // Decision 766 index for the agency, March.
    let x = rep::index_766(&db, &march, &agency).await.unwrap();
    let get = |code: &str| {
        x.indicators
            .iter()
            .find(|i| i.code == code)
            .unwrap()
            .clone()
    };
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9);
    // Resolved 8: early A, D, L, N; on time B; late C, G, H.
    let on_time = get("on_time_rate");
    assert_eq!((on_time.numerator, on_time.denominator), (5, 8));
    assert!(close(on_time.score, 6.25));
    // Average working time used: P1 (A 25 h, B 39.5 h, C 49 h, G 64 h, H 49 − 24 h paused)
    // = 2430 min > 2400 committed; P2 (D 14 h, L 12 h, N 5 h) = 620 min ≤ 960.
    let avg = get("avg_handling_time");
    assert_eq!((avg.numerator, avg.denominator), (1, 2));
    assert!(close(avg.score, 5.0));
    assert!(close(avg.value, (12150.0 + 1860.0) / 8.0 / 480.0));
    let op = get("online_procedures");
    assert_eq!((op.numerator, op.denominator), (1, 2));
    assert!(close(op.score, 0.5 / 0.8 * 6.0));
    let od = get("online_dossiers");
    assert_eq!((od.numerator, od.denominator), (1, 10));
    assert!(close(od.score, 0.1 / 0.5 * 8.0));
    let pay = get("online_payment");
    assert_eq!((pay.numerator, pay.denominator), (1, 1));
    assert!(close(pay.score, 4.0));
    let er = get("electronic_results");
    assert_eq!((er.numerator, er.denominator), (1, 8));
    assert!(close(er.score, 0.5));
    // 8 resolved − 3 late − (B dissatisfied + complaint about C) = 3 → 37.5% of a 90% target.
    let sat = get("satisfaction");
    assert_eq!((sat.numerator, sat.denominator), (3, 8));
    assert!(close(sat.score, 0.375 / 0.9 * 18.0));
    assert!(!get("digitised_dossiers").computable && get("digitised_dossiers").score.is_none());
    assert!(close(
        Some(x.score),
        6.25 + 5.0 + 3.75 + 1.6 + 4.0 + 0.5 + 7.5
    ));

    // Reform report.
    let r = rep::reform_figures(&db, &march, &agency).await.unwrap();
    assert_eq!((r.resolved_on_time.count, r.resolved_on_time.of), (5, 8));
    assert_eq!((r.procedures, r.procedures_cut_30.count), (2, 1));
    assert_eq!(
        (
            r.online_services.full,
            r.online_services.partial,
            r.online_services.on_national_portal
        ),
        (1, 1, 2)
    );
    assert_eq!((r.on_the_spot.count, r.on_the_spot.of), (1, 8));
    assert_eq!(
        (
            r.satisfaction.ratings,
            r.satisfaction.satisfied.count,
            r.satisfaction.very_satisfied.count
        ),
        (3, 2, 1)
    );
    assert_eq!(
        (
            r.received_direct,
            r.received_online,
            r.received_postal,
            r.received_total
        ),
        (9, 1, 0, 10)
    );
    assert_eq!((r.previous_received_total, r.total_vs_previous), (0, None));

    // II.07b: both procedures provincial, one-stop.
    let f7 = rep::form_07b(&db, &march, &agency).await.unwrap();
    assert_eq!(
        (
            f7.total.procedures,
            f7.total.one_stop,
            f7.total.inter_agency,
            f7.total.dossiers_one_stop
        ),
        (2, 2, 0, 10)
    );

    // Incremental facts == rebuilt facts.
    let before = rep::facts::daily_rows(&db).await.unwrap();
    let before_months = rep::facts::monthly_rows(&db).await.unwrap();
    assert!(!before.is_empty());
    // February, March, April for each procedure's key (K in April, D2 resolved in April…).
    assert!(before_months
        .iter()
        .all(|r| r.0.format("%d").to_string() == "01"));
    let rebuilt = rep::rebuild_facts(&db, &common::calendar()).await.unwrap();
    assert_eq!(rebuilt.dossiers, 15);
    assert_eq!(rep::facts::daily_rows(&db).await.unwrap(), before);
    assert_eq!(rep::facts::monthly_rows(&db).await.unwrap(), before_months);
    // The monthly rows are the daily rows summed per month.
    let mut rolled: std::collections::BTreeMap<(chrono::NaiveDate, [String; 5]), Vec<i64>> =
        Default::default();
    for (d, k, c) in &before {
        let row = rolled
            .entry((month_start(*d), k.clone()))
            .or_insert_with(|| vec![0; c.len()]);
        for (r, n) in row.iter_mut().zip(c) {
            *r += n;
        }
    }
    let rolled: Vec<_> = rolled
        .into_iter()
        .filter(|(_, c)| c.iter().any(|n| *n != 0))
        .map(|((d, k), c)| (d, k, c))
        .collect();
    assert_eq!(rolled, before_months);
}
