//! The report facts of a dossier write count on the administrator's working calendar: the
//! office hours they set, not the defaults. SQLite always, PostgreSQL with
//! `MOTCUA_TEST_POSTGRES_URL`.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use motcua_app::dossiers::{Created, Submission};
use motcua_app::App;
use motcua_calendar::WorkingCalendar;
use motcua_domain::dossier::{Actor, Applicant, Channel, Command, Dossier, Owner, Status};
use motcua_domain::reports::{facts, Counter, ProcedureInfo};
use motcua_domain::*;
use motcua_store::settings::{self, OfficeHoursSetting};
use motcua_store::{catalog, reports, Db};

const AGENCY: &str = "000.17.22.H56";

fn vn(d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(7 * 3600)
        .and_then(|o| o.with_ymd_and_hms(2024, 3, d, h, mi, 0).single())
        .expect("instant")
        .with_timezone(&Utc)
}

fn step(name: &str, role: Role, unit: &str, hours: f64) -> Step {
    Step {
        name: name.into(),
        role,
        unit_code: unit.into(),
        agency_code: None,
        hours,
    }
}

fn procedure() -> Procedure {
    Procedure {
        code: "1.000001".into(),
        name: "Thủ tục thử".into(),
        field_code: "LTHH".into(),
        agency_code: AGENCY.into(),
        unit_code: "QLTM".into(),
        level: Some("Cấp tỉnh".into()),
        applicant_types: vec![ApplicantType::Citizen],
        statutory_time: TimeLimit::working_days(7.0),
        committed_time: TimeLimit::working_days(5.0),
        same_day_cutoff: false,
        fee_timing: FeeTiming::None,
        fees: vec![],
        sets: 1,
        components: vec![],
        result_name: "Giấy phép".into(),
        result_kind: ResultKind::Both,
        online_level: OnlineLevel::Full,
        national_portal: false,
        on_the_spot: false,
        conditions: None,
        legal_basis: vec![],
        effective_from: NaiveDate::from_ymd_opt(2020, 1, 1).expect("date"),
        effective_to: None,
        status: PublicationStatus::Published,
        steps: vec![
            step("Tiếp nhận", Role::Desk, "MOTCUA", 4.0),
            step("Thẩm định", Role::Specialist, "QLTM", 24.0),
            step("Ký duyệt", Role::Director, "BGD", 4.0),
            step("Trả kết quả", Role::Clerk, "MOTCUA", 4.0),
        ],
    }
}

fn catalog_of(p: Procedure) -> Catalog {
    Catalog {
        agencies: vec![Agency {
            code: AGENCY.into(),
            name: "Sở Công Thương".into(),
            parent_code: None,
            address: None,
            phone: None,
            email: None,
            units: ["MOTCUA", "QLTM", "BGD"]
                .into_iter()
                .map(|c| Unit {
                    code: c.into(),
                    name: format!("Phòng {c}"),
                })
                .collect(),
        }],
        fields: vec![Field {
            code: "LTHH".into(),
            name: "Lưu thông hàng hóa trong nước".into(),
        }],
        procedures: vec![p],
    }
}

/// Moves dossier `code` along its steps to "result ready", every action at `at`.
async fn finish(app: &App, code: &str, at: DateTime<Utc>) -> Dossier {
    let act = |cmd: Command| async move {
        app.act(Actor::system(), code, None, &cmd, at)
            .await
            .unwrap_or_else(|e| panic!("{cmd:?}: {e}"))
            .dossier
    };
    let mut d = act(Command::Claim).await;
    while d.status != Status::ResultReady {
        if matches!(d.step_owner, Some(Owner::Unit { .. })) {
            d = act(Command::Claim).await;
        }
        d = match d.steps[d.step].role {
            Role::Director => {
                act(Command::Approve { note: None }).await;
                act(Command::Sign {
                    result_number: "1/GP".into(),
                    signer: "Giám đốc".into(),
                    signed_on: motcua_domain::dossier::vn_date(at),
                    files: vec![],
                })
                .await;
                act(Command::Forward {
                    note: None,
                    to_user: None,
                })
                .await
            }
            Role::Clerk => act(Command::MarkResultReady).await,
            _ => {
                act(Command::Forward {
                    note: None,
                    to_user: None,
                })
                .await
            }
        };
    }
    d
}

/// The `HandlingMinutes` counter summed over `report_daily`.
async fn stored_handling_minutes(db: &Db) -> i64 {
    reports::facts::daily_rows(db)
        .await
        .expect("daily rows")
        .iter()
        .map(|(_, _, counts)| counts[Counter::HandlingMinutes.index()])
        .sum()
}

motcua_store::on_both_stores!(report_facts_follow_the_administrators_office_hours);

async fn report_facts_follow_the_administrators_office_hours(db: Db, _url: String) {
    catalog::import_catalog(&db, &catalog_of(procedure()), Some("admin"))
        .await
        .expect("import");
    // Shorter days than the default 07:00–11:30, 13:30–17:00.
    let hours = OfficeHoursSetting {
        morning_start: "08:00".into(),
        morning_end: "11:00".into(),
        afternoon_start: "14:00".into(),
        afternoon_end: "16:00".into(),
    };
    settings::set(&db, settings::OFFICE_HOURS, &hours, "admin")
        .await
        .expect("office hours");
    let files = tempfile::tempdir().expect("files dir");
    let app = App::open(db.clone(), files.path().to_path_buf())
        .await
        .expect("app");

    // Received at the desk Monday 4/3 08:00, result ready Wednesday 6/3 15:30.
    let submission = Submission {
        procedure_code: "1.000001".into(),
        applicant: Applicant {
            name: "Lê Văn C".into(),
            ..Applicant::default()
        },
        summary: None,
        files: vec![],
        desk_channel: Some(Channel::Direct),
        idempotency_key: None,
        handed_in: Vec::new(),
    };
    let created = app
        .submit(Actor::system(), submission, vn(4, 8, 0))
        .await
        .expect("submit");
    let Created::New(stored) = created else {
        panic!("a new dossier")
    };
    let done = finish(&app, &stored.dossier.code, vn(6, 15, 30)).await;
    assert!(done.finished_at.is_some());

    let info = ProcedureInfo {
        field_code: "LTHH".into(),
        unit_code: "QLTM".into(),
    };
    let minutes = |cal: &WorkingCalendar| -> i64 {
        facts(&done, &info, cal)
            .expect("facts")
            .facts
            .iter()
            .filter(|f| f.counter == Counter::HandlingMinutes)
            .map(|f| f.n)
            .sum()
    };
    let admins = minutes(&app.calendar());
    let defaults = minutes(WorkingCalendar::vietnam().expect("calendar"));
    assert_ne!(admins, defaults, "the office hours make a difference here");
    assert_eq!(
        stored_handling_minutes(&db).await,
        admins,
        "the write counted on the administrator's office hours"
    );

    // A rebuild on the same calendar finds nothing to correct.
    let before = reports::facts::daily_rows(&db).await.expect("rows");
    reports::rebuild_facts(&db, &app.calendar())
        .await
        .expect("rebuild");
    assert_eq!(reports::facts::daily_rows(&db).await.expect("rows"), before);
}
