//! Applicant accounts: `/register` makes a user without roles (an applicant) and signs them in;
//! `/my/dossiers` lists the dossiers they filed while signed in. Looking a dossier up needs no
//! account; an account only saves typing the code again.

use askama::Template;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::{Duration, Utc};
use motcua_domain::dossier::Status;
use motcua_store::dossiers::{self, DossierFilter};
use motcua_store::users::{self, NewUser};
use motcua_store::{catalog, sessions};
use serde::Deserialize;

use super::{see_other, set_cookie, PortalError, PortalResult};
use crate::i18n::Lang;
use crate::pages::{render, Layout, PageCtx};
use crate::session::{SignedIn, COOKIE, SESSION_HOURS};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "portal/register.html")]
struct RegisterPage {
    layout: Layout,
    full_name: String,
    username: String,
    email: String,
    errors: Vec<(&'static str, String)>,
}

impl RegisterPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// `GET /register`.
pub async fn form(ctx: PageCtx) -> PortalResult {
    if ctx.user.is_some() {
        return Ok(Redirect::to("/my/dossiers").into_response());
    }
    Ok(render(RegisterPage {
        layout: ctx.layout(ctx.t().get("account.register_title"), "signin"),
        full_name: String::new(),
        username: String::new(),
        email: String::new(),
        errors: Vec::new(),
    })?)
}

#[derive(Deserialize)]
pub struct RegisterForm {
    full_name: String,
    username: String,
    #[serde(default)]
    email: String,
    password: String,
    password_again: String,
}

/// Names people can type and read back: lowercase letters, digits, `.`, `-`, `_`.
fn valid_username(u: &str) -> bool {
    (3..=40).contains(&u.len())
        && u.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b".-_".contains(&b))
}

/// `POST /register`: checks, hashes the password off the async threads, creates the applicant
/// and signs them in.
pub async fn register(
    State(s): State<AppState>,
    ctx: PageCtx,
    Form(f): Form<RegisterForm>,
) -> PortalResult {
    let t = ctx.t();
    let full_name = super::draft::clean(&f.full_name);
    let username = f.username.trim().to_lowercase();
    let email = f.email.trim().to_owned();
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let mut err = |field: &'static str, key: &str| errors.push((field, t.get(key).to_owned()));
    if full_name.is_empty() {
        err("full_name", "account.err.name_missing");
    }
    if !valid_username(&username) {
        err("username", "account.err.username_invalid");
    } else if users::find_user(&s.db, &username).await?.is_some() {
        err("username", "account.err.username_taken");
    }
    if !email.is_empty() && !super::draft::check_contact("0903456789", &email).is_empty() {
        err("email", "submit.err.email_invalid");
    }
    if f.password.chars().count() < 10 {
        err("password", "account.err.password_short");
    } else if f.password != f.password_again {
        err("password_again", "account.err.password_mismatch");
    }
    if !errors.is_empty() {
        let page = RegisterPage {
            layout: ctx.layout(t.get("account.register_title"), "signin"),
            full_name,
            username,
            email,
            errors,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    let password = f.password;
    let hash = tokio::task::spawn_blocking(move || motcua_app::auth::hash_password(&password))
        .await
        .map_err(|e| PortalError::Internal(format!("password hashing: {e}")))?
        .map_err(|e| PortalError::Internal(format!("password hashing: {e}")))?;
    let id = users::create_user(
        &s.db,
        &NewUser {
            username,
            full_name,
            email: (!email.is_empty()).then_some(email),
            password_hash: hash,
            agency_code: None,
            unit_code: None,
            roles: Vec::new(),
        },
    )
    .await?;
    let (token, token_hash) = motcua_app::auth::new_token();
    sessions::create(
        &s.db,
        &token_hash,
        id,
        Utc::now() + Duration::hours(SESSION_HOURS),
    )
    .await?;
    let mut res = see_other("/my/dossiers");
    set_cookie(&mut res, COOKIE, &token, SESSION_HOURS * 3600);
    Ok(res)
}

pub struct Row {
    pub code: String,
    pub procedure: String,
    pub submitted: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "portal/my_list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
}

/// `GET /my/dossiers`: the signed-in applicant's own dossiers, newest first.
pub async fn list(
    State(s): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
) -> PortalResult {
    let filter = DossierFilter {
        owner_account: Some(user.username.clone()),
        limit: 200,
        ..Default::default()
    };
    let (_, mut lines) = dossiers::list(&s.db, &filter).await?;
    lines.sort_by_key(|l| std::cmp::Reverse(l.submitted_at));
    let mut names = std::collections::HashMap::new();
    for l in &lines {
        if !names.contains_key(&l.procedure_code) {
            let name = catalog::get_procedure(&s.db, &l.procedure_code)
                .await?
                .map(|p| p.procedure.name)
                .unwrap_or_else(|| l.procedure_code.clone());
            names.insert(l.procedure_code.clone(), name);
        }
    }
    let rows = lines
        .into_iter()
        .map(|l| {
            let status =
                serde_json::from_value::<Status>(serde_json::Value::String(l.status.clone()))
                    .map(|st| {
                        let n = st.national();
                        match ctx.lang {
                            Lang::Vi => n.name_vi(),
                            Lang::En => motcua_app::lookup::national_name_en(n),
                        }
                        .to_owned()
                    })
                    .unwrap_or(l.status);
            Row {
                procedure: names
                    .get(&l.procedure_code)
                    .cloned()
                    .unwrap_or_else(|| l.procedure_code.clone()),
                submitted: l
                    .submitted_at
                    .with_timezone(&motcua_calendar::VN_OFFSET)
                    .format("%d/%m/%Y")
                    .to_string(),
                code: l.code,
                status,
            }
        })
        .collect();
    Ok(render(ListPage {
        layout: ctx.layout(ctx.t().get("account.my_title"), "mine"),
        rows,
    })?)
}
