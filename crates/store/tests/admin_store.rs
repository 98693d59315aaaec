//! The store functions behind the administration pages, on both stores: single agency and unit
//! changes, user search and changes, and settings.

use motcua_domain::{Agency, Role, Unit};
use motcua_store::settings::{self, PortalSetting, SmtpSetting, SmtpTls};
use motcua_store::{catalog, users, Db};

motcua_store::on_both_stores!(
    agencies_and_units_upserted_one_at_a_time,
    users_searched_changed_deactivated,
    settings_set_read_replaced_removed,
);

fn agency(code: &str, name: &str) -> Agency {
    Agency {
        code: code.into(),
        name: name.into(),
        parent_code: None,
        address: None,
        phone: None,
        email: None,
        units: Vec::new(),
    }
}

async fn agencies_and_units_upserted_one_at_a_time(db: Db, _: String) {
    catalog::upsert_agency(&db, &agency("000.17.22.H56", "Sở Công Thương"))
        .await
        .expect("first");
    catalog::upsert_agency(&db, &agency("000.18.22.H56", "Sở Tư pháp"))
        .await
        .expect("second");
    let mut renamed = agency("000.17.22.H56", "Sở Công Thương tỉnh");
    renamed.parent_code = Some("000.00.00.H56".into());
    catalog::upsert_agency(&db, &renamed).await.expect("rename");
    for (code, name) in [("MOTCUA", "Bộ phận Một cửa"), ("QLTM", "Phòng QLTM")] {
        catalog::upsert_unit(
            &db,
            "000.17.22.H56",
            &Unit {
                code: code.into(),
                name: name.into(),
            },
        )
        .await
        .expect("unit");
    }
    catalog::upsert_unit(
        &db,
        "000.17.22.H56",
        &Unit {
            code: "MOTCUA".into(),
            name: "Bộ phận Tiếp nhận và Trả kết quả".into(),
        },
    )
    .await
    .expect("rename unit");
    let missing = catalog::upsert_unit(
        &db,
        "000.99.99.H56",
        &Unit {
            code: "X".into(),
            name: "X".into(),
        },
    )
    .await;
    assert!(matches!(
        missing,
        Err(motcua_store::StoreError::NotFound(_))
    ));
    let all = catalog::list_agencies(&db).await.expect("list");
    // A renamed agency keeps its place; a renamed unit too.
    assert_eq!(
        all.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["Sở Công Thương tỉnh", "Sở Tư pháp"]
    );
    assert_eq!(all[0].parent_code.as_deref(), Some("000.00.00.H56"));
    assert_eq!(
        all[0]
            .units
            .iter()
            .map(|u| (u.code.as_str(), u.name.as_str()))
            .collect::<Vec<_>>(),
        [
            ("MOTCUA", "Bộ phận Tiếp nhận và Trả kết quả"),
            ("QLTM", "Phòng QLTM")
        ]
    );
}

async fn new_user(db: &Db, name: &str, roles: Vec<Role>) -> i64 {
    users::create_user(
        db,
        &users::NewUser {
            username: name.into(),
            full_name: format!("Nguyễn {name}"),
            email: Some(format!("{name}@example.gov.vn")),
            password_hash: "old".into(),
            agency_code: Some("000.17.22.H56".into()),
            unit_code: Some("QLTM".into()),
            roles,
        },
    )
    .await
    .expect("create")
}

async fn users_searched_changed_deactivated(db: Db, _: String) {
    catalog::upsert_agency(&db, &agency("000.17.22.H56", "Sở Công Thương"))
        .await
        .expect("agency");
    let a = new_user(&db, "chuyenvien", vec![Role::Specialist]).await;
    new_user(&db, "truongphong", vec![Role::Head, Role::Specialist]).await;
    new_user(&db, "tiepnhan", vec![Role::Desk]).await;
    let names = |us: Vec<users::User>| us.into_iter().map(|u| u.username).collect::<Vec<_>>();
    let f = |q: Option<&str>, role, active| users::UserFilter {
        q: q.map(str::to_owned),
        role,
        agency_code: None,
        active,
    };
    let found = users::search_users(&db, &f(None, Some(Role::Specialist), None))
        .await
        .expect("by role");
    assert_eq!(names(found), ["chuyenvien", "truongphong"]);
    let found = users::search_users(&db, &f(Some("PHONG"), None, None))
        .await
        .expect("by text");
    assert_eq!(names(found), ["truongphong"]);

    assert!(users::update_user(
        &db,
        a,
        &users::UserChange {
            full_name: "Trần Thị B".into(),
            email: None,
            agency_code: Some("000.17.22.H56".into()),
            unit_code: Some("MOTCUA".into()),
            roles: vec![Role::Desk, Role::Clerk],
        },
    )
    .await
    .expect("update"));
    assert!(users::set_active(&db, a, false).await.expect("deactivate"));
    assert!(users::set_password_hash(&db, a, "new").await.expect("pw"));
    let u = users::get_user(&db, a).await.expect("get").expect("exists");
    assert_eq!(
        (
            u.full_name.as_str(),
            u.email,
            u.unit_code.as_deref(),
            u.roles,
            u.active,
            u.password_hash.as_str()
        ),
        (
            "Trần Thị B",
            None,
            Some("MOTCUA"),
            vec![Role::Desk, Role::Clerk],
            false,
            "new"
        )
    );
    let inactive = users::search_users(&db, &f(None, None, Some(false)))
        .await
        .expect("inactive");
    assert_eq!(names(inactive), ["chuyenvien"]);
    let active_desk = users::search_users(&db, &f(None, Some(Role::Desk), Some(true)))
        .await
        .expect("active desk");
    assert_eq!(names(active_desk), ["tiepnhan"]);
    assert!(!users::set_active(&db, 9999, true).await.expect("none"));
}

async fn settings_set_read_replaced_removed(db: Db, _: String) {
    let none: Option<settings::Stored<PortalSetting>> =
        settings::get(&db, settings::PORTAL).await.expect("get");
    assert!(none.is_none());
    let portal = PortalSetting {
        url: "https://dvc.example/sync".into(),
        enabled: true,
        token: Some("t".into()),
    };
    settings::set(&db, settings::PORTAL, &portal, "quantri")
        .await
        .expect("set");
    let smtp = SmtpSetting {
        host: "mail.example.gov.vn".into(),
        port: 465,
        user: Some("u".into()),
        password: Some("p".into()),
        from: "Một cửa <no-reply@example.gov.vn>".into(),
        tls: SmtpTls::Tls,
    };
    settings::set(&db, settings::SMTP, &smtp, "quantri")
        .await
        .expect("set smtp");
    let got: settings::Stored<PortalSetting> = settings::get(&db, settings::PORTAL)
        .await
        .expect("get")
        .expect("set");
    assert_eq!((got.value, got.updated_by.as_str()), (portal, "quantri"));
    let off = PortalSetting {
        url: "https://dvc.example/sync".into(),
        enabled: false,
        token: None,
    };
    settings::set(&db, settings::PORTAL, &off, "admin2")
        .await
        .expect("replace");
    let got: settings::Stored<PortalSetting> = settings::get(&db, settings::PORTAL)
        .await
        .expect("get")
        .expect("set");
    assert_eq!((got.value, got.updated_by.as_str()), (off, "admin2"));
    let got: settings::Stored<SmtpSetting> = settings::get(&db, settings::SMTP)
        .await
        .expect("get")
        .expect("set");
    assert_eq!(got.value, smtp);
    assert!(settings::remove(&db, settings::PORTAL).await.expect("rm"));
    assert!(!settings::remove(&db, settings::PORTAL)
        .await
        .expect("rm again"));
    assert!(settings::get_raw(&db, settings::PORTAL)
        .await
        .expect("get")
        .is_none());
}
