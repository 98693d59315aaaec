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
        let odt = dir.path().join("reform.fodt");
        run(&with(
            &period,
            &["report", "reform"],
            &["--format", "fodt", "-o", odt.to_str().unwrap()],
        ));
        let odt = std::fs::read_to_string(&odt).unwrap();
        assert!(
            odt.contains(
                "đã tiếp nhận 3 hồ sơ thủ tục hành chính (2 hồ sơ trực tiếp, 1 hồ sơ trực tuyến"
            ),
            "{odt}"
        );
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
