//! Applicant accounts: `/register` makes a user without roles (an applicant) and signs them in;
//! `/my/dossiers` lists the dossiers they filed while signed in. Looking a dossier up needs no
//! account; an account only saves typing the code again.

use askama::Template;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::Utc;
use motcua_app::accounts::{valid_username, NewAccount, MIN_PASSWORD};
use motcua_app::AppError;
use serde::Deserialize;

use super::common::{see_other, set_cookie, PortalResult};
use crate::i18n::Lang;
use crate::pages::{render, Layout, PageCtx};
use crate::session::{max_age, ClientInfo, SignedIn, COOKIE};
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

/// `POST /register`: checks every field (messages next to each), then `App::register` creates
/// the applicant and signs them in.
pub async fn register(
    State(s): State<AppState>,
    ctx: PageCtx,
    ClientInfo(client): ClientInfo,
    Form(f): Form<RegisterForm>,
) -> PortalResult {
    let t = ctx.t();
    let full_name = super::draft::clean(&f.full_name);
    let username = f.username.trim().to_lowercase();
    let email = f.email.trim().to_owned();
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    // On the bundled list of breached passwords, or too long.
    let policy = motcua_app::password::password_problem(&f.password).map(|p| {
        if ctx.lang == Lang::Vi {
            p.vi
        } else {
            p.en
        }
    });
    let mut err = |field: &'static str, key: &str| errors.push((field, t.get(key).to_owned()));
    if full_name.is_empty() {
        err("full_name", "account.err.name_missing");
    }
    if !valid_username(&username) {
        err("username", "account.err.username_invalid");
    } else if s.app.username_taken(&username).await? {
        err("username", "account.err.username_taken");
    }
    if !email.is_empty() && !super::draft::check_contact("0903456789", &email).is_empty() {
        err("email", "submit.err.email_invalid");
    }
    if f.password.chars().count() < MIN_PASSWORD {
        err("password", "account.err.password_short");
    } else if policy.is_some() {
        // Pushed below, in the policy's own words.
    } else if f.password != f.password_again {
        err("password_again", "account.err.password_mismatch");
    }
    if let Some(m) = policy {
        errors.push(("password", m));
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
    let account = NewAccount {
        full_name: full_name.clone(),
        username: username.clone(),
        email: (!email.is_empty()).then(|| email.clone()),
        password: f.password,
    };
    let session = match s.app.register(account, &client, Utc::now()).await {
        Ok(session) => session,
        // Taken in the meantime (or any rule the use case checks again).
        Err(AppError::Invalid {
            field: Some(field),
            vi,
            en,
        }) => {
            let m = if ctx.lang == Lang::Vi { vi } else { en };
            let page = RegisterPage {
                layout: ctx.layout(t.get("account.register_title"), "signin"),
                full_name,
                username,
                email,
                errors: vec![(field, m)],
            };
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let token = session.token;
    let mut res = see_other("/my/dossiers");
    set_cookie(&mut res, COOKIE, &token, max_age(session.expires_at));
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
    let mine = s.app.my_dossiers(&user.actor()).await?;
    let rows = mine
        .into_iter()
        .map(|l| {
            let status = l
                .status
                .map(|st| {
                    let n = st.national();
                    match ctx.lang {
                        Lang::Vi => n.name_vi(),
                        Lang::En => motcua_app::lookup::national_name_en(n),
                    }
                    .to_owned()
                })
                .unwrap_or(l.raw_status);
            Row {
                procedure: l.procedure_name,
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
