//! `motcua report …` from the outside: the demo catalog, three dossiers stored straight from
//! state, and the forms in JSON and CSV. SQLite always, PostgreSQL with
//! `MOTCUA_TEST_POSTGRES_URL`.

use std::path::Path;
use std::process::{Command, Output};

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use motcua_domain::dossier::{vn_date, Channel, Dossier, Status};
use motcua_domain::rules::RuleSetId;
use motcua_domain::Catalog;
use motcua_store::dossiers::FactsBasis;
use motcua_store::{catalog, dossiers, Db};

const BIN: &str = env!("CARGO_BIN_EXE_motcua");
const AGENCY: &str = "000.17.22.H56";

fn motcua(data_dir: &Path, url: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--database-url")
        .arg(url)
        .env_remove("MOTCUA_DATABASE_URL")
        .output()
        .expect("run motcua")
}

fn vn(m: u32, d: u32, h: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2024, m, d, h, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

async fn store(db: &Db, basis: FactsBasis, d: Dossier) {
    let received = d.received_at.unwrap();
    dossiers::create(db, AGENCY, vn_date(received), None, basis, move |code| {
        Ok((Dossier { code, ..d }, vec![], vec![]))
    })
    .await
    .expect("create");
}

motcua_store::on_both_stores!(report_commands);

async fn report_commands(db: Db, url: String) {
    let c: Catalog = serde_json::from_str(include_str!("../demo/catalog.json")).unwrap();
    catalog::import_catalog(&db, &c, Some("test"))
        .await
        .unwrap();
    let p = catalog::get_procedure(&db, "2.000633")
        .await
        .unwrap()
        .unwrap();
    let base = Dossier {
        receiving_agency: AGENCY.into(),
        agency_code: AGENCY.into(),
        procedure_code: "2.000633".into(),
        procedure_version_id: p.id,
        rule_set: Some(RuleSetId::Decree61_2018),
        ..Dossier::default()
    };
    // 10 working days: received Mon 4/3 09:00 → due Mon 18/3 09:00; result Fri 8/3: early.
    let early = Dossier {
        status: Status::ResultReady,
        submitted_at: vn(3, 4, 9),
        received_at: Some(vn(3, 4, 9)),
        clock_start: Some(vn(3, 4, 9)),
        due_at: Some(vn(3, 18, 9)),
        original_due_at: Some(vn(3, 18, 9)),
        finished_at: Some(vn(3, 8, 10)),
        ..base.clone()
    };
    // Due Tue 19/3 09:00, still open at the end of March: overdue.
    let overdue = Dossier {
        status: Status::Processing,
        submitted_at: vn(3, 5, 9),
        received_at: Some(vn(3, 5, 9)),
        due_at: Some(vn(3, 19, 9)),
        original_due_at: Some(vn(3, 19, 9)),
        ..base.clone()
    };
    // Online, due Wed 3/4: within time at the end of March.
    let online = Dossier {
        status: Status::Processing,
        channel: Channel::Online,
        submitted_at: vn(3, 20, 8),
        received_at: Some(vn(3, 20, 9)),
        due_at: Some(vn(4, 3, 9)),
        original_due_at: Some(vn(4, 3, 9)),
        ..base.clone()
    };
    // Counted on the calendar `motcua report rebuild` builds: the stored one (defaults here).
    let cal = std::sync::Arc::new(motcua_app::calendar::build(&db).await.unwrap());
    for d in [early, overdue, online] {
        store(&db, FactsBasis::new(cal.clone(), p.id, &p.procedure), d).await;
    }

    let dir = tempfile::tempdir().unwrap();
    let period = ["--from", "2024-03-01", "--to", "2024-03-31"];
    let run = |args: &[&str]| {
        let out = motcua(dir.path(), &url, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    fn with<'a>(period: &[&'a str], head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
        head.iter().chain(period).chain(tail).copied().collect()
    }

    let json: serde_json::Value = serde_json::from_str(&run(&with(
        &period,
        &["report", "06a"],
        &["--agency", AGENCY],
    )))
    .unwrap();
    let t = &json["total"];
    let got: Vec<i64> = [
        "received_total",
        "carried_over",
        "new_online",
        "new_direct_postal",
        "resolved_total",
        "early",
        "on_time",
        "late",
        "in_progress_total",
        "within_deadline",
        "overdue",
    ]
    .iter()
    .map(|k| t[*k].as_i64().unwrap())
    .collect();
    assert_eq!(got, vec![3, 0, 1, 2, 1, 1, 0, 0, 2, 1, 1]);
    assert_eq!(json["rows"][0]["code"], "LTHH");

    let file = dir.path().join("06a.csv");
    let f = file.to_str().unwrap();
    run(&with(
        &period,
        &["report", "06a"],
        &["--by", "procedure", "--format", "csv", "-o", f],
    ));
    let csv = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("Mã,Tên,Tổng số hồ sơ tiếp nhận,Số kỳ trước chuyển qua"),
        "{csv}"
    );
    assert!(lines[1].starts_with("2.000633,"), "{csv}");
    assert!(lines[1].ends_with(",3,0,1,2,1,1,0,0,2,1,1,0,0"), "{csv}");
    assert_eq!(lines[2], ",Tổng cộng,3,0,1,2,1,1,0,0,2,1,1,0,0");

    let behind = run(&with(
        &period,
        &["report", "behind"],
        &["--cell", "overdue", "--format", "csv"],
    ));
    assert_eq!(behind.lines().count(), 2, "{behind}");
    assert!(
        behind.contains(&format!("{AGENCY}-240305-0001")),
        "{behind}"
    );

    let x: serde_json::Value =
        serde_json::from_str(&run(&with(&period, &["report", "766"], &[]))).unwrap();
    let on_time = x["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "on_time_rate")
        .unwrap();
    assert_eq!(
        (
            on_time["numerator"].as_i64(),
            on_time["denominator"].as_i64()
        ),
        (Some(1), Some(1))
    );
    let csv766 = run(&with(&period, &["report", "766"], &["--format", "csv"]));
    assert!(csv766.contains("Tổng điểm"), "{csv766}");

    let r: serde_json::Value =
        serde_json::from_str(&run(&with(&period, &["report", "reform"], &[]))).unwrap();
    assert_eq!(r["received_online"], 1);
    assert_eq!(r["received_direct"], 2);
    // The text's own figures: nothing resolved late in March, no apology, no petition.
    assert_eq!(r["late"], serde_json::json!([]));
    assert_eq!(r["apologies"], 0);
    assert_eq!(r["pakn"]["received"], 0);
    let b: serde_json::Value =
        serde_json::from_str(&run(&with(&period, &["report", "07b"], &[]))).unwrap();
    assert_eq!(
        b["total"]["dossiers_one_stop"].as_i64().unwrap()
            + b["total"]["dossiers_inter_agency"].as_i64().unwrap(),
        3
    );

    // XLSX in the official layout: numbers as numbers, Vietnamese text; PDF; the reform ODT.
    {
        use calamine::{Data, Reader};
        let xlsx = dir.path().join("06a.xlsx");
        run(&with(
            &period,
            &["report", "06a"],
            &["--format", "xlsx", "-o", xlsx.to_str().unwrap()],
        ));
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
        let sheet = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&sheet).unwrap();
        let total = range
            .rows()
            .find(|r| r.get(1) == Some(&Data::String("Tổng cộng".into())))
            .expect("total row");
        let nums: Vec<f64> = total[2..13]
            .iter()
            .map(|d| match d {
                Data::Float(x) => *x,
                other => panic!("not a number: {other:?}"),
            })
            .collect();
        assert_eq!(nums, vec![3., 0., 1., 2., 1., 1., 0., 0., 2., 1., 1.]);
        assert!(range.rows().any(|r| r
            .iter()
            .any(|c| matches!(c, Data::String(s) if s.contains("Số hồ sơ nhận giải quyết")))));

        let behind = dir.path().join("behind.xlsx");
        run(&with(
            &period,
            &["report", "behind"],
            &[
                "--cell",
                "received_total",
                "--format",
                "xlsx",
                "-o",
                behind.to_str().unwrap(),
            ],
        ));
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&behind).unwrap();
        let sheet = wb.sheet_names()[0].clone();
        let codes = wb
            .worksheet_range(&sheet)
            .unwrap()
            .rows()
            .filter(|r| matches!(r.get(1), Some(Data::String(s)) if s.starts_with(AGENCY)))
            .count();
        assert_eq!(codes, 3);

        let pdf = dir.path().join("reform.pdf");
        run(&with(
            &period,
            &["report", "reform"],
            &["--format", "pdf", "-o", pdf.to_str().unwrap()],
        ));
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
        // The reform report to send: a real OpenDocument package (the stored "mimetype"
        // first) and a Word document, both needing a file.
        let odt = dir.path().join("reform.odt");
        run(&with(
            &period,
            &["report", "reform"],
            &["--format", "odt", "-o", odt.to_str().unwrap()],
        ));
        let odt = std::fs::read(&odt).unwrap();
        assert!(odt.starts_with(b"PK\x03\x04"));
        assert_eq!(&odt[30..38], b"mimetype");
        assert!(odt[38..].starts_with(b"application/vnd.oasis.opendocument.text"));
        let docx = dir.path().join("reform.docx");
        run(&with(
            &period,
            &["report", "reform"],
            &["--format", "docx", "-o", docx.to_str().unwrap()],
        ));
        let docx = std::fs::read(&docx).unwrap();
        assert!(docx.starts_with(b"PK\x03\x04"));
        assert!(docx.windows(17).any(|w| w == b"word/document.xml"));
        for format in ["odt", "docx"] {
            let out = motcua(
                dir.path(),
                &url,
                &with(&period, &["report", "reform"], &["--format", format]),
            );
            assert!(!out.status.success(), "{format} without -o");
        }
        // The flat .fodt Word could not open is gone.
        let out = motcua(
            dir.path(),
            &url,
            &with(
                &period,
                &["report", "reform"],
                &["--format", "fodt", "-o", "x"],
            ),
        );
        assert!(!out.status.success());
        // Binary formats need a file.
        let out = motcua(
            dir.path(),
            &url,
            &with(&period, &["report", "06a"], &["--format", "xlsx"]),
        );
        assert!(!out.status.success());
    }

    assert!(run(&["report", "rebuild"]).contains("3 hồ sơ"));
    let again: serde_json::Value = serde_json::from_str(&run(&with(
        &period,
        &["report", "06a"],
        &["--agency", AGENCY],
    )))
    .unwrap();
    assert_eq!(again["total"], json["total"]);

    late_apologies_and_petitions(&db, &url, dir.path()).await;

    let bad = motcua(
        dir.path(),
        &url,
        &[
            "report",
            "06a",
            "--from",
            "2024-04-01",
            "--to",
            "2024-03-01",
        ],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("invalid period"));
}

/// April 2024: a dossier of 2.000615 resolved late after an apology (form 04), PAKN answered
/// on time, late and not at all; `motcua report reform` counts each in the period only.
async fn late_apologies_and_petitions(db: &Db, url: &str, dir: &Path) {
    use motcua_domain::dossier::{Actor, Event, EventKind};
    use motcua_domain::service::{
        Contact, Feedback, FeedbackAnswer, FeedbackKind, FeedbackStatus, NewFeedback,
    };
    use motcua_domain::Role;
    use motcua_store::feedback;

    let p = catalog::get_procedure(db, "2.000615")
        .await
        .unwrap()
        .unwrap();
    let cal = std::sync::Arc::new(motcua_app::calendar::build(db).await.unwrap());
    // Due Mon 15/4 09:00, moved to Fri 19/4 by the apology of Fri 12/4, done Wed 17/4: late
    // against the appointment first given.
    let late = Dossier {
        receiving_agency: AGENCY.into(),
        agency_code: AGENCY.into(),
        procedure_code: "2.000615".into(),
        procedure_version_id: p.id,
        rule_set: Some(RuleSetId::Decree61_2018),
        status: Status::ResultReady,
        submitted_at: vn(4, 1, 9),
        received_at: Some(vn(4, 1, 9)),
        clock_start: Some(vn(4, 1, 9)),
        original_due_at: Some(vn(4, 15, 9)),
        due_at: Some(vn(4, 19, 9)),
        finished_at: Some(vn(4, 17, 10)),
        ..Dossier::default()
    };
    let apology = Event {
        at: vn(4, 12, 10),
        actor: Actor::officer("truongphong", &[Role::Head], AGENCY, "QLCN"),
        kind: EventKind::Extended {
            reason: "Chờ ý kiến cơ quan phối hợp".into(),
            previous_due: vn(4, 15, 9),
            new_due: vn(4, 19, 9),
        },
        from: Some(Status::Processing),
        to: Status::Processing,
        step: Some(3),
        note: None,
    };
    let basis = FactsBasis::new(cal, p.id, &p.procedure);
    dossiers::create(db, AGENCY, vn_date(vn(4, 1, 9)), None, basis, move |code| {
        Ok((Dossier { code, ..late }, vec![apology], vec![]))
    })
    .await
    .expect("create");
    // Received Tue 2/4 10:00 (answer due Tue 16/4): answered Fri 5/4, Fri 26/4, never.
    for answered in [Some(vn(4, 5, 10)), Some(vn(4, 26, 10)), None] {
        let f = feedback::create_feedback(
            db,
            NewFeedback {
                kind: FeedbackKind::Petition,
                subject: "Thời gian giải quyết".into(),
                content: "Đề nghị rút ngắn.".into(),
                contact: Contact {
                    name: "Trần Văn Nam".into(),
                    phone: Some("0912345678".into()),
                    email: None,
                },
                dossier_code: None,
                agency_code: AGENCY.into(),
                publish_consent: false,
            },
            vn(4, 2, 10),
        )
        .await
        .expect("PAKN");
        if let Some(at) = answered {
            let done = Feedback {
                status: FeedbackStatus::Answered,
                updated_at: at,
                answer: Some(FeedbackAnswer {
                    text: "Đã tiếp thu.".into(),
                    by: "truongphong".into(),
                    at,
                }),
                ..f
            };
            feedback::update_feedback(db, FeedbackStatus::Received, &done)
                .await
                .expect("answer");
        }
    }

    let out = motcua(
        dir,
        url,
        &[
            "report",
            "reform",
            "--from",
            "2024-04-01",
            "--to",
            "2024-04-30",
            "--agency",
            AGENCY,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["department"], "Sở Công Thương tỉnh Khánh Hòa");
    assert_eq!(
        r["resolved"], 1,
        "only the late one: March's were resolved in March"
    );
    assert_eq!(
        r["late"],
        serde_json::json!([{
            "code": "2.000615",
            "name": "Cấp Giấy phép sản xuất rượu công nghiệp (quy mô dưới 3 triệu lít/năm)",
            "late": 1
        }])
    );
    assert_eq!(r["apologies"], 1);
    let pakn = &r["pakn"];
    let got: Vec<i64> = [
        "received",
        "answered_on_time",
        "answered_late",
        "pending",
        "pending_overdue",
    ]
    .iter()
    .map(|k| pakn[*k].as_i64().unwrap_or(-1))
    .collect();
    assert_eq!(got, vec![3, 1, 1, 1, 1], "{pakn}");
    // March (run before) is untouched: its figures stay as they were.
    let out = motcua(
        dir,
        url,
        &[
            "report",
            "reform",
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-31",
        ],
    );
    let march: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(march["apologies"], 0);
    assert_eq!(march["pakn"]["received"], 0);
}
