//! `motcua user add|list|token`: accounts with roles scoped to an agency and unit, and API
//! tokens for machine clients — through the same use cases as the administration pages, as
//! the system actor.

use anyhow::Context;
use chrono::Utc;
use motcua_app::users::{Account, NewPassword};
use motcua_app::App;
use motcua_domain::dossier::Actor;
use motcua_domain::Role;

use crate::cli_error::cli_error;

#[derive(clap::Subcommand, Debug)]
pub enum UserCmd {
    /// Create an account. Without --password-stdin a random one is generated and printed once.
    Add {
        username: String,
        /// Full name, as shown on forms and in the timeline.
        #[arg(long)]
        name: String,
        /// Role(s): desk, specialist, head, director, clerk, admin, reporter. None = applicant.
        #[arg(long = "role", value_parser = parse_role)]
        roles: Vec<Role>,
        /// Agency code (QCVN 102) the account belongs to.
        #[arg(long)]
        agency: Option<String>,
        /// Unit code inside the agency.
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// Read the password (at least 10 characters) from standard input instead of
        /// generating one.
        #[arg(long)]
        password_stdin: bool,
        /// Also issue an API token (valid 365 days) and print it.
        #[arg(long)]
        api_token: bool,
    },
    /// List accounts: CSV `username,full_name,roles,agency,unit,active`.
    List,
    /// Issue an API token for an existing account.
    Token {
        username: String,
        /// Validity in days.
        #[arg(long, default_value_t = 365)]
        days: i64,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!(
            "vai trò không hợp lệ / unknown role “{s}” (one of: {})",
            all.join(", ")
        )
    })
}

pub async fn run(cmd: UserCmd, app: &App) -> anyhow::Result<()> {
    let actor = Actor::system();
    match cmd {
        UserCmd::Add {
            username,
            name,
            roles,
            agency,
            unit,
            email,
            password_stdin,
            api_token,
        } => {
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .read_line(&mut line)
                    .context("reading the password")?;
                NewPassword::Given(line.trim_end_matches(['\r', '\n']).to_owned())
            } else {
                NewPassword::Generate
            };
            let account = Account {
                username: username.trim().to_owned(),
                full_name: name,
                email,
                agency_code: agency,
                unit_code: unit,
                roles,
            };
            let created = app
                .create_user(&actor, &account, password)
                .await
                .map_err(cli_error)?;
            println!("Đã tạo tài khoản / created account {}", account.username);
            if let Some(p) = created.generated_password {
                // Shown this once: only its hash is kept.
                println!("  mật khẩu / password: {p}");
            }
            if api_token {
                let token = app
                    .issue_api_token(&actor, &account.username, 365, Utc::now())
                    .await
                    .map_err(cli_error)?;
                println!("  API token: {token}");
            }
        }
        UserCmd::List => {
            println!("username,full_name,roles,agency,unit,active");
            for u in app.list_users(&actor).await.map_err(cli_error)? {
                let roles: Vec<&str> = u.roles.iter().map(|r| r.as_str()).collect();
                println!(
                    "{},{},{},{},{},{}",
                    u.username,
                    u.full_name,
                    roles.join(" "),
                    u.agency_code.unwrap_or_default(),
                    u.unit_code.unwrap_or_default(),
                    u.active
                );
            }
        }
        UserCmd::Token { username, days } => {
            let token = app
                .issue_api_token(&actor, &username, days, Utc::now())
                .await
                .map_err(cli_error)?;
            println!("{token}");
        }
    }
    Ok(())
}
