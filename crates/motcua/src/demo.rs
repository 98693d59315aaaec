//! Demo data: the catalog of a provincial Department of Industry and Trade and one user per
//! role. Loaded only into an empty database, never over real data, through the same use
//! cases as an administrator's (as the system, recorded as `demo`).

use chrono::{Duration, Utc};
use motcua_app::admin::ImportOutcome;
use motcua_app::settings::ContactSetting;
use motcua_app::users::{Account, NewPassword};
use motcua_app::App;
use motcua_domain::dossier::Actor;
use motcua_domain::service::{Contact, FeedbackKind, FeedbackStatus, NewFeedback};
use motcua_domain::{Catalog, Role};

use crate::cli_error::cli_error;

const CATALOG_JSON: &str = include_str!("../demo/catalog.json");

/// The demo catalog, parsed and validated.
pub fn catalog() -> anyhow::Result<Catalog> {
    let c: Catalog = serde_json::from_str(CATALOG_JSON)?;
    c.validate()?;
    Ok(c)
}

const DEPARTMENT: &str = "000.17.22.H56";

/// Demo accounts: (username, full name, unit, roles).
const USERS: &[(&str, &str, &str, &[Role])] = &[
    ("tiepnhan", "Trần Thị Mai", "MOTCUA", &[Role::Desk]),
    ("chuyenvien", "Nguyễn Văn Hùng", "QLTM", &[Role::Specialist]),
    ("truongphong", "Lê Thị Thu Hà", "QLTM", &[Role::Head]),
    ("giamdoc", "Phạm Minh Tuấn", "BGD", &[Role::Director]),
    ("vanthu", "Đỗ Thị Lan", "VP", &[Role::Clerk]),
    ("quantri", "Hoàng Văn Nam", "VP", &[Role::Admin]),
    ("caicach", "Vũ Thị Hồng", "VP", &[Role::Reporter]),
];

/// The published demo password of `username`: demo data is for trying things out, never for
/// production, so the passwords are predictable and printed at start-up.
pub fn password(username: &str) -> String {
    format!("demo-{username}")
}

/// What was loaded, for the start-up message.
pub struct Loaded {
    pub procedures: usize,
    pub users: usize,
}

/// Loads the demo data when the database holds no procedure; returns `None` otherwise.
pub async fn load_if_empty(app: &App) -> anyhow::Result<Option<Loaded>> {
    if !app.catalog_is_empty().await.map_err(cli_error)? {
        return Ok(None);
    }
    let actor = Actor {
        username: "demo".into(),
        ..Actor::system()
    };
    let c = catalog()?;
    let procedures = match app
        .import_catalog(&actor, &c, false)
        .await
        .map_err(cli_error)?
    {
        ImportOutcome::Applied(summary) => summary.procedures_added,
        ImportOutcome::Refused(e) => return Err(e.into()),
        ImportOutcome::Checked { .. } => 0,
    };
    for (username, full_name, unit, roles) in USERS {
        let account = Account {
            username: (*username).into(),
            full_name: (*full_name).into(),
            email: None,
            agency_code: Some(DEPARTMENT.into()),
            unit_code: Some((*unit).into()),
            roles: roles.to_vec(),
        };
        app.create_user(&actor, &account, NewPassword::Given(password(username)))
            .await
            .map_err(cli_error)?;
    }
    awaiting_payment(app, &actor).await?;
    app.set_contact(
        &actor,
        ContactSetting {
            hotline: "0258 3822 123".into(),
            address: "04 Phan Chu Trinh, phường Nha Trang, tỉnh Khánh Hòa".into(),
        },
    )
    .await
    .map_err(cli_error)?;
    inbox_feedback(app).await?;
    Ok(Some(Loaded {
        procedures,
        users: USERS.len(),
    }))
}

/// The headline procedure (wholesale of alcohol, 2.000633): its fee has a demo amount.
const HEADLINE: &str = "2.000633";

/// The department's bank account for transfers (no online gateway: an operator configures
/// their own), and one dossier of the headline procedure awaiting payment, asked by the
/// specialist for the procedure's fee plus the licence charge, through the same use cases as
/// the desk and the specialist.
async fn awaiting_payment(app: &App, admin: &Actor) -> anyhow::Result<()> {
    use chrono::Utc;
    use motcua_app::dossiers::{Created, Submission};
    use motcua_app::payments::PaymentSetting;
    use motcua_domain::dossier::{Applicant, Channel, Command, FeeLine};
    use motcua_domain::ApplicantType;

    app.set_payment_settings(
        admin,
        PaymentSetting {
            bank_name: "Ngân hàng TMCP Công Thương Việt Nam — Chi nhánh Khánh Hòa".into(),
            bank_account: "1020 3040 5060".into(),
            account_holder: "Sở Công Thương tỉnh Khánh Hòa".into(),
            ..PaymentSetting::default()
        },
    )
    .await
    .map_err(cli_error)?;
    let officer =
        |user: &str, role: Role, unit: &str| Actor::officer(user, &[role], DEPARTMENT, unit);
    let desk = officer("tiepnhan", Role::Desk, "MOTCUA");
    let specialist = officer("chuyenvien", Role::Specialist, "QLTM");
    let now = Utc::now();
    let created = app
        .submit(
            desk.clone(),
            Submission {
                procedure_code: HEADLINE.into(),
                applicant: Applicant {
                    kind: ApplicantType::Business,
                    name: "Công ty TNHH Rượu Vang Nha Trang".into(),
                    id_number: Some("4209876543".into()),
                    phone: Some("0905 111 222".into()),
                    address: Some("5 Trần Phú, Nha Trang, Khánh Hòa".into()),
                    ..Applicant::default()
                },
                summary: Some("Cấp mới Giấy phép bán buôn rượu".into()),
                files: Vec::new(),
                handed_in: Vec::new(),
                desk_channel: Some(Channel::Direct),
                idempotency_key: None,
            },
            now,
        )
        .await
        .map_err(cli_error)?;
    let code = match created {
        Created::New(d) | Created::Existing(d) => d.dossier.code,
    };
    let fee = catalog()?
        .procedures
        .iter()
        .find(|p| p.code == HEADLINE)
        .and_then(|p| p.fees.first().cloned());
    let mut lines: Vec<FeeLine> = fee
        .and_then(|f| {
            f.amount_vnd.map(|a| FeeLine {
                name: f.name,
                amount_vnd: a,
            })
        })
        .into_iter()
        .collect();
    lines.push(FeeLine {
        name: "Lệ phí cấp Giấy phép".into(),
        amount_vnd: 200_000,
    });
    for (who, cmd) in [
        (
            &desk,
            Command::Forward {
                note: None,
                to_user: None,
            },
        ),
        (&specialist, Command::Claim),
        (
            &specialist,
            Command::RequestPayment {
                amount_vnd: None,
                lines,
                note: Some("Đề nghị nộp phí thẩm định và lệ phí cấp giấy phép".into()),
            },
        ),
    ] {
        app.act(who.clone(), &code, None, &cmd, Utc::now())
            .await
            .map_err(cli_error)?;
    }
    Ok(())
}

/// A few PAKN waiting in the demo's officers' inbox: one new, one given to the specialist, one
/// past its 10 working days (red), one answered and published.
async fn inbox_feedback(app: &App) -> anyhow::Result<()> {
    let now = Utc::now();
    let pakn = |kind, subject: &str, content: &str, name: &str, phone: &str, consent| NewFeedback {
        kind,
        subject: subject.into(),
        content: content.into(),
        contact: Contact {
            name: name.into(),
            phone: Some(phone.into()),
            email: None,
        },
        dossier_code: None,
        agency_code: DEPARTMENT.into(),
        publish_consent: consent,
    };
    let leader = Actor::officer("truongphong", &[Role::Head], DEPARTMENT, "QLTM");
    let fresh = pakn(
        FeedbackKind::Feedback,
        "Quầy tiếp nhận đông vào buổi sáng",
        "Sáng thứ Hai tôi phải chờ hơn một giờ để nộp hồ sơ cấp giấy phép bán lẻ rượu.",
        "Nguyễn Thị Bích",
        "0905 123 456",
        true,
    );
    app.submit_feedback(fresh, now - Duration::hours(5))
        .await
        .map_err(cli_error)?;
    let given = pakn(
        FeedbackKind::Petition,
        "Đề nghị nhận hồ sơ trực tuyến cho thủ tục cấp lại",
        "Đề nghị Sở cho nộp trực tuyến hồ sơ cấp lại giấy chứng nhận đủ điều kiện kinh doanh.",
        "Công ty TNHH Thương mại Hòa Bình",
        "0913 222 333",
        true,
    );
    let given = app
        .submit_feedback(given, now - Duration::days(3))
        .await
        .map_err(cli_error)?;
    app.assign_feedback(&leader, &given.code, "chuyenvien", now - Duration::days(2))
        .await
        .map_err(cli_error)?;
    let late = pakn(
        FeedbackKind::Feedback,
        "Chưa nhận được kết quả đúng hẹn",
        "Hồ sơ của tôi hẹn trả từ tuần trước nhưng đến nay chưa có kết quả, cũng không có thư xin lỗi.",
        "Trần Văn Tâm",
        "0987 654 321",
        false,
    );
    app.submit_feedback(late, now - Duration::days(21))
        .await
        .map_err(cli_error)?;
    let done = pakn(
        FeedbackKind::Petition,
        "Niêm yết phí, lệ phí",
        "Đề nghị niêm yết rõ mức phí thẩm định tại quầy.",
        "Lê Thị Hạnh",
        "0935 111 222",
        true,
    );
    let done = app
        .submit_feedback(done, now - Duration::days(8))
        .await
        .map_err(cli_error)?;
    app.change_feedback(
        &leader,
        &done.code,
        FeedbackStatus::Answered,
        Some("Sở đã niêm yết mức phí, lệ phí của từng thủ tục tại quầy và trên Cổng dịch vụ công."),
        now - Duration::days(6),
    )
    .await
    .map_err(cli_error)?;
    app.change_feedback(
        &leader,
        &done.code,
        FeedbackStatus::Published,
        None,
        now - Duration::days(5),
    )
    .await
    .map_err(cli_error)?;
    Ok(())
}

/// The demo accounts and their passwords, whether just created or from an earlier start.
pub fn accounts() -> Vec<(String, String, String)> {
    USERS
        .iter()
        .map(|(u, _, _, roles)| {
            let r = roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(",");
            ((*u).to_owned(), password(u), r)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_catalog_is_valid_and_large_enough() {
        let c = super::catalog().expect("demo catalog");
        assert!(c.procedures.len() >= 40);
    }

    #[test]
    fn every_role_but_none_has_a_demo_user() {
        for role in motcua_domain::Role::ALL {
            assert!(super::USERS.iter().any(|u| u.3.contains(&role)), "{role:?}");
        }
    }
}
