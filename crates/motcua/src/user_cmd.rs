//! `motcua user add|list|token`: accounts with roles scoped to an agency and unit, and API
//! tokens for machine clients.

use anyhow::{bail, Context};
use chrono::{Duration, Utc};
use motcua_domain::Role;
use motcua_store::users::{self, NewUser};
use motcua_store::{catalog, sessions, Db};

#[derive(clap::Subcommand, Debug)]
pub enum UserCmd {
    /// Create an account. Without --password a random one is generated and printed once.
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
        /// Read the password from standard input instead of generating one.
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
            "vai trò không hợp lệ / unknown role «{s}» (one of: {})",
            all.join(", ")
        )
    })
}

fn random_password() -> String {
    // 16 hex chars from the token generator: 64 bits, fine for a first password to change.
    motcua_app::auth::new_token().0[..16].to_owned()
}

async fn issue_token(db: &Db, user_id: i64, days: i64) -> anyhow::Result<String> {
    let (token, hash) = motcua_app::auth::new_token();
    sessions::create(db, &hash, user_id, Utc::now() + Duration::days(days)).await?;
    Ok(token)
}

pub async fn run(cmd: UserCmd, db: &Db) -> anyhow::Result<()> {
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
            let username = username.trim().to_owned();
            if username.is_empty() || username.contains(char::is_whitespace) {
                bail!("tên đăng nhập không được rỗng hay chứa khoảng trắng / the user name must be non-empty, without spaces");
            }
            if users::find_user(db, &username).await?.is_some() {
                bail!("tài khoản {username} đã có / account {username} already exists");
            }
            if !roles.is_empty() && agency.is_none() {
                bail!("cán bộ cần --agency / officers need --agency");
            }
            if let Some(a) = &agency {
                let agencies = catalog::list_agencies(db).await?;
                let Some(found) = agencies.iter().find(|x| &x.code == a) else {
                    bail!("không có cơ quan {a} / no agency {a}");
                };
                if let Some(u) = &unit {
                    if !found.units.iter().any(|x| &x.code == u) {
                        bail!("cơ quan {a} không có đơn vị {u} / agency {a} has no unit {u}");
                    }
                }
            }
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .read_line(&mut line)
                    .context("reading the password")?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (random_password(), true)
            };
            if password.chars().count() < 8 {
                bail!("mật khẩu cần ít nhất 8 ký tự / the password needs at least 8 characters");
            }
            let printable = generated.then(|| password.clone());
            let hash =
                tokio::task::spawn_blocking(move || motcua_app::auth::hash_password(&password))
                    .await??;
            let id = users::create_user(
                db,
                &NewUser {
                    username: username.clone(),
                    full_name: motcua_domain::text::nfc(&name),
                    email,
                    password_hash: hash,
                    agency_code: agency,
                    unit_code: unit,
                    roles,
                },
            )
            .await?;
            println!("Đã tạo tài khoản / created account {username}");
            if let Some(p) = printable {
                // Shown this once: only its hash is kept.
                println!("  mật khẩu / password: {p}");
            }
            if api_token {
                println!("  API token: {}", issue_token(db, id, 365).await?);
            }
        }
        UserCmd::List => {
            println!("username,full_name,roles,agency,unit,active");
            for u in users::list_users(db).await? {
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
            let Some(u) = users::find_user(db, &username).await? else {
                bail!("không có tài khoản {username} / no account {username}");
            };
            if !(1..=3650).contains(&days) {
                bail!("--days phải từ 1 đến 3650 / --days must be 1–3650");
            }
            println!("{}", issue_token(db, u.id, days).await?);
        }
    }
    Ok(())
}
