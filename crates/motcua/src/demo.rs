//! Demo data: the catalog of a provincial Department of Industry and Trade and one user per
//! role. Loaded only into an empty database, never over real data, through the same use
//! cases as an administrator's (as the system, recorded as `demo`).

use motcua_app::admin::ImportOutcome;
use motcua_app::users::{Account, NewPassword};
use motcua_app::App;
use motcua_domain::dossier::Actor;
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
    Ok(Some(Loaded {
        procedures,
        users: USERS.len(),
    }))
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
