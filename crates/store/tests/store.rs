//! The store's behaviour, run on SQLite always and on PostgreSQL when
//! `MOTCUA_TEST_POSTGRES_URL` is set (each test in its own fresh database).

use chrono::NaiveDate;
use motcua_domain::*;
use motcua_store::catalog::{self, ProcedureFilter};
use motcua_store::testing::TestDb;
use motcua_store::{calendar, users, Db};

motcua_store::on_both_stores!(
    import_then_load_round_trips,
    reimport_versions_only_changed_procedures,
    search_ignores_diacritics_and_filters,
    failed_import_changes_nothing,
    calendar_overrides,
    users_round_trip,
);

fn procedure(code: &str, name: &str, field: &str, level: OnlineLevel) -> Procedure {
    Procedure {
        code: code.into(),
        name: name.into(),
        field_code: field.into(),
        agency_code: "000.17.22.H56".into(),
        unit_code: "QLTM".into(),
        level: Some("Cấp tỉnh".into()),
        applicant_types: vec![ApplicantType::Business, ApplicantType::Citizen],
        statutory_time: TimeLimit::working_days(15.0),
        committed_time: TimeLimit::working_days(10.5),
        same_day_cutoff: false,
        fee_timing: FeeTiming::Before,
        fees: vec![
            Fee {
                name: "Phí thẩm định".into(),
                amount_vnd: Some(1_200_000),
                description: None,
            },
            Fee {
                name: "Lệ phí".into(),
                amount_vnd: None,
                description: Some("Theo địa bàn".into()),
            },
        ],
        sets: 1,
        components: vec![
            Component {
                name: "Đơn đề nghị cấp giấy phép".into(),
                originals: 1,
                certified_copies: 0,
                copies: 0,
                required: true,
                template: Some("Mẫu số 01".into()),
                note: None,
            },
            Component {
                name: "Bản sao Giấy chứng nhận đăng ký doanh nghiệp".into(),
                originals: 0,
                certified_copies: 1,
                copies: 0,
                required: false,
                template: None,
                note: Some("Nếu có".into()),
            },
        ],
        result_name: "Giấy phép".into(),
        result_kind: ResultKind::Both,
        online_level: level,
        national_portal: true,
        on_the_spot: false,
        conditions: None,
        legal_basis: vec![
            "Nghị định 105/2017/NĐ-CP".into(),
            "Nghị định 17/2020/NĐ-CP".into(),
        ],
        effective_from: NaiveDate::from_ymd_opt(2021, 3, 1).expect("date"),
        effective_to: None,
        status: PublicationStatus::Published,
        steps: vec![
            Step {
                name: "Tiếp nhận".into(),
                role: Role::Desk,
                unit_code: "MOTCUA".into(),
                agency_code: None,
                hours: 4.0,
            },
            Step {
                name: "Thẩm định".into(),
                role: Role::Specialist,
                unit_code: "QLTM".into(),
                agency_code: None,
                hours: 60.0,
            },
            Step {
                name: "Ký duyệt".into(),
                role: Role::Director,
                unit_code: "BGD".into(),
                agency_code: None,
                hours: 19.5,
            },
            Step {
                name: "Trả kết quả".into(),
                role: Role::Desk,
                unit_code: "MOTCUA".into(),
                agency_code: None,
                hours: 0.5,
            },
        ],
    }
}

fn fixture() -> Catalog {
    let units = ["MOTCUA", "QLTM", "BGD"]
        .into_iter()
        .map(|c| Unit {
            code: c.into(),
            name: format!("Đơn vị {c}"),
        })
        .collect();
    Catalog {
        agencies: vec![Agency {
            code: "000.17.22.H56".into(),
            name: "Sở Công Thương".into(),
            parent_code: Some("000.00.00.H56".into()),
            address: None,
            phone: None,
            email: None,
            units,
        }],
        fields: vec![
            Field {
                code: "LTHH".into(),
                name: "Lưu thông hàng hóa trong nước".into(),
            },
            Field {
                code: "XTTM".into(),
                name: "Xúc tiến thương mại".into(),
            },
        ],
        procedures: vec![
            procedure(
                "2.000633",
                "Cấp Giấy phép bán buôn sản phẩm rượu",
                "LTHH",
                OnlineLevel::Full,
            ),
            procedure(
                "2.000620",
                "Cấp Giấy phép bán lẻ sản phẩm rượu",
                "LTHH",
                OnlineLevel::Partial,
            ),
            procedure(
                "2.000002",
                "Đăng ký thực hiện khuyến mại",
                "XTTM",
                OnlineLevel::None,
            ),
        ],
    }
}

async fn import_then_load_round_trips(db: Db, _url: String) {
    let c = fixture();
    c.validate().expect("fixture is valid");
    let s = catalog::import_catalog(&db, &c, Some("admin"))
        .await
        .expect("import");
    assert_eq!(
        (s.procedures_added, s.procedures_changed, s.units),
        (3, 0, 3)
    );
    let loaded = catalog::load_catalog(&db).await.expect("load");
    assert_eq!(loaded, c);
    let one = catalog::get_procedure(&db, "2.000633")
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(one.version, 1);
    assert_eq!(one.procedure, c.procedures[0]);
    assert_eq!(catalog::procedure_count(&db).await.expect("count"), 3);
}

async fn reimport_versions_only_changed_procedures(db: Db, _url: String) {
    let mut c = fixture();
    catalog::import_catalog(&db, &c, None)
        .await
        .expect("import");
    let first_id = catalog::get_procedure(&db, "2.000620")
        .await
        .expect("get")
        .expect("exists")
        .id;
    c.procedures[1].committed_time = TimeLimit::working_days(12.0);
    c.procedures[1].steps[1].hours = 72.0;
    let s = catalog::import_catalog(&db, &c, Some("admin"))
        .await
        .expect("reimport");
    assert_eq!(
        (
            s.procedures_added,
            s.procedures_changed,
            s.procedures_unchanged
        ),
        (0, 1, 2)
    );
    let now = catalog::get_procedure(&db, "2.000620")
        .await
        .expect("get")
        .expect("exists");
    assert_eq!(now.version, 2);
    assert_ne!(now.id, first_id);
    assert_eq!(now.procedure.committed_time, TimeLimit::working_days(12.0));
    let old = catalog::get_procedure_version(&db, "2.000620", 1)
        .await
        .expect("get")
        .expect("v1 kept");
    assert_eq!(old.id, first_id);
    assert!(!old.is_current);
    assert_eq!(old.procedure.committed_time, TimeLimit::working_days(10.5));
    assert_eq!(old.procedure.steps.len(), 4);
    let versions = catalog::procedure_versions(&db, "2.000620")
        .await
        .expect("versions");
    assert_eq!(
        versions.iter().map(|v| (v.0, v.2)).collect::<Vec<_>>(),
        vec![(2, true), (1, false)]
    );
    // Position in the catalog is kept across versions.
    let all = catalog::load_catalog(&db).await.expect("load");
    assert_eq!(
        all.procedures
            .iter()
            .map(|p| p.code.as_str())
            .collect::<Vec<_>>(),
        ["2.000633", "2.000620", "2.000002"]
    );
}

async fn search_ignores_diacritics_and_filters(db: Db, _url: String) {
    catalog::import_catalog(&db, &fixture(), None)
        .await
        .expect("import");
    let find = |q: &str| ProcedureFilter {
        q: Some(q.into()),
        per_page: 50,
        ..Default::default()
    };
    let codes = |p: catalog::Page<catalog::ProcedureSummary>| {
        p.items.into_iter().map(|i| i.code).collect::<Vec<_>>()
    };
    let r = catalog::list_procedures(&db, &find("giay phep ban le ruou"))
        .await
        .expect("search");
    assert_eq!(codes(r), ["2.000620"]);
    let r = catalog::list_procedures(&db, &find("RƯỢU"))
        .await
        .expect("search");
    assert_eq!(r.total, 2);
    let r = catalog::list_procedures(&db, &find("khuyen mai"))
        .await
        .expect("search");
    assert_eq!(codes(r), ["2.000002"]);
    let r = catalog::list_procedures(&db, &find("xuc tien"))
        .await
        .expect("search by field name");
    assert_eq!(codes(r), ["2.000002"]);
    let r = catalog::list_procedures(&db, &find("2.000633"))
        .await
        .expect("search by code");
    assert_eq!(codes(r), ["2.000633"]);
    let r = catalog::list_procedures(&db, &find("ruo"))
        .await
        .expect("partial word");
    assert_eq!(r.total, 0, "terms match whole words");
    let r = catalog::list_procedures(
        &db,
        &ProcedureFilter {
            online_level: Some(OnlineLevel::Full),
            per_page: 10,
            ..Default::default()
        },
    )
    .await
    .expect("filter");
    assert_eq!(codes(r), ["2.000633"]);
    let r = catalog::list_procedures(
        &db,
        &ProcedureFilter {
            field_code: Some("LTHH".into()),
            per_page: 1,
            page: 2,
            ..Default::default()
        },
    )
    .await
    .expect("page");
    assert_eq!(
        (r.total, r.items.len(), r.items[0].code.as_str()),
        (2, 1, "2.000620")
    );
}

async fn failed_import_changes_nothing(db: Db, _url: String) {
    catalog::import_catalog(&db, &fixture(), None)
        .await
        .expect("import");
    let before = catalog::load_catalog(&db).await.expect("load");
    let mut bad = fixture();
    bad.procedures[0].name = "Tên mới".into();
    // Bypasses validation on purpose: the database's foreign key is the last line of defence.
    bad.procedures[2].field_code = "NOPE".into();
    assert!(catalog::import_catalog(&db, &bad, None).await.is_err());
    assert_eq!(catalog::load_catalog(&db).await.expect("load"), before);
}

async fn calendar_overrides(db: Db, _url: String) {
    let d = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    calendar::set_override(&db, d, "holiday", "Ngày Văn hóa Việt Nam", "admin")
        .await
        .expect("set");
    calendar::set_override(&db, d, "day_off", "Nghỉ bù", "admin2")
        .await
        .expect("replace");
    let all = calendar::list_overrides(&db).await.expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(
        (all[0].day, all[0].kind.as_str(), all[0].changed_by.as_str()),
        (d, "day_off", "admin2")
    );
    assert!(calendar::remove_override(&db, d).await.expect("remove"));
    assert!(!calendar::remove_override(&db, d)
        .await
        .expect("remove again"));
}

async fn users_round_trip(db: Db, _url: String) {
    catalog::import_catalog(&db, &fixture(), None)
        .await
        .expect("import");
    let id = users::create_user(
        &db,
        &users::NewUser {
            username: "chuyenvien".into(),
            full_name: "Nguyễn Văn A".into(),
            email: None,
            password_hash: "$argon2id$…".into(),
            agency_code: Some("000.17.22.H56".into()),
            unit_code: Some("QLTM".into()),
            roles: vec![Role::Specialist, Role::Head],
        },
    )
    .await
    .expect("create");
    let u = users::find_user(&db, "chuyenvien")
        .await
        .expect("find")
        .expect("exists");
    assert_eq!(
        (u.id, u.roles.clone(), u.active),
        (id, vec![Role::Specialist, Role::Head], true)
    );
    assert!(users::find_user(&db, "nobody")
        .await
        .expect("find")
        .is_none());
}

#[tokio::test]
async fn both_migration_trees_give_the_same_schema() {
    let Some(pg) = TestDb::postgres().await.expect("postgres test db") else {
        eprintln!("MOTCUA_TEST_POSTGRES_URL not set: schema parity needs PostgreSQL");
        return;
    };
    let lite = TestDb::sqlite().await.expect("sqlite test db");
    let a = motcua_store::schema::describe(&lite.db)
        .await
        .expect("describe sqlite");
    let b = motcua_store::schema::describe(&pg.db)
        .await
        .expect("describe postgres");
    assert!(!a.tables.is_empty());
    assert_eq!(a, b);
    lite.cleanup().await;
    pg.cleanup().await;
}

/// Group commit on SQLite: concurrent writes share commits, a failing write rolls back alone,
/// and a write abandoned mid-way (its request cancelled) leaves nothing behind.
#[tokio::test]
async fn sqlite_group_commit_isolates_failures_and_abandoned_writes() {
    let t = TestDb::sqlite().await.expect("sqlite test db");
    let db = t.db.clone();
    let mut tasks = Vec::new();
    for i in 0..40u32 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let day = NaiveDate::from_ymd_opt(2030, 1, 1).expect("date")
                + chrono::Days::new(u64::from(i));
            if i == 17 {
                // Fails inside its savepoint (unknown user): must not take the batch down.
                motcua_store::sessions::create(&db, "x", 999_999, chrono::Utc::now())
                    .await
                    .is_err()
            } else {
                calendar::set_override(&db, day, "day_off", "Nghỉ", "test")
                    .await
                    .is_ok()
            }
        }));
    }
    for t in tasks {
        assert!(t.await.expect("task"));
    }
    assert_eq!(calendar::list_overrides(&db).await.expect("list").len(), 39);

    let Db::Sqlite(s) = &db else { unreachable!() };
    let mut guard = s.writer.begin().await.expect("begin");
    sqlx::query("INSERT INTO calendar_overrides (day, kind, name, changed_by, changed_at) VALUES ('2031-01-01', 'holiday', 'x', 'x', '2031-01-01')")
        .execute(&mut *guard)
        .await
        .expect("insert");
    drop(guard); // as when a client hangs up mid-request
    calendar::set_override(
        &db,
        NaiveDate::from_ymd_opt(2031, 1, 2).expect("date"),
        "holiday",
        "y",
        "t",
    )
    .await
    .expect("next write");
    let days: Vec<NaiveDate> = calendar::list_overrides(&db)
        .await
        .expect("list")
        .into_iter()
        .map(|o| o.day)
        .collect();
    assert!(
        !days.contains(&NaiveDate::from_ymd_opt(2031, 1, 1).expect("date")),
        "abandoned write was rolled back"
    );
    assert!(days.contains(&NaiveDate::from_ymd_opt(2031, 1, 2).expect("date")));
    t.cleanup().await;
}
