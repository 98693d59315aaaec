//! `/admin/users`: officers' accounts — create (password typed twice or generated and shown
//! once), roles and scope, deactivate/reactivate, reset the password, unlock a name locked by
//! failed sign-ins, and end every session of a user.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use motcua_app::users::{
    account_problems, password_problem, username_problem, Account, NewPassword, User, UserFilter,
    UserLine,
};
use motcua_domain::{Agency, Role};
use serde::Deserialize;

use super::common::{opt, unprocessable, vn_time, Admin, FormData, FormErrors};
use crate::i18n::Tr;
use crate::pages::error::PageError;
use crate::pages::{format, render, Layout};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list))
        .route("/admin/users/new", get(new_form).post(create))
        .route("/admin/users/{id}", get(detail).post(update))
        .route("/admin/users/{id}/active", post(set_active))
        .route("/admin/users/{id}/password", post(reset_password))
        .route("/admin/users/{id}/unlock", post(unlock))
        .route("/admin/users/{id}/sign-out", post(sign_out_everywhere))
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    active: String,
}

/// One line of the list.
struct Line {
    user: User,
    roles: String,
    locked: bool,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct ListPage {
    layout: Layout,
    section: &'static str,
    q: ListQuery,
    roles: Vec<(&'static str, &'static str)>,
    agencies: Vec<Agency>,
    lines: Vec<Line>,
}

fn role_names(roles: &[Role], t: &Tr) -> String {
    roles
        .iter()
        .map(|r| format::role(*r, t))
        .collect::<Vec<_>>()
        .join(", ")
}

fn role_options(t: &Tr) -> Vec<(&'static str, &'static str)> {
    Role::ALL
        .iter()
        .map(|r| (r.as_str(), format::role(*r, t)))
        .collect()
}

pub async fn list(
    State(s): State<AppState>,
    a: Admin,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let t = a.t();
    let filter = UserFilter {
        q: opt(&q.q),
        role: Role::parse(&q.role),
        agency_code: opt(&q.agency),
        active: match q.active.as_str() {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        },
    };
    let actor = a.actor();
    let lines = s
        .app
        .search_users(&actor, &filter, Utc::now())
        .await?
        .into_iter()
        .map(|UserLine { user, locked_until }| Line {
            roles: role_names(&user.roles, &t),
            user,
            locked: locked_until.is_some(),
        })
        .collect();
    render(ListPage {
        layout: a.layout("admin.user.title"),
        section: "users",
        roles: role_options(&t),
        agencies: s.app.admin_agencies(&actor).await?,
        q,
        lines,
    })
}

/// The account form, as typed.
#[derive(Default)]
struct UserForm {
    username: String,
    full_name: String,
    email: String,
    agency_code: String,
    unit_code: String,
    roles: Vec<String>,
}

impl UserForm {
    fn from_data(f: &FormData) -> UserForm {
        UserForm {
            username: f.get("username").trim().to_owned(),
            full_name: motcua_domain::text::nfc(f.get("full_name")),
            email: f.get("email").trim().to_owned(),
            agency_code: f.get("agency_code").to_owned(),
            unit_code: f.get("unit_code").to_owned(),
            roles: f.all("roles").into_iter().map(str::to_owned).collect(),
        }
    }

    fn from_user(u: &User) -> UserForm {
        UserForm {
            username: u.username.clone(),
            full_name: u.full_name.clone(),
            email: u.email.clone().unwrap_or_default(),
            agency_code: u.agency_code.clone().unwrap_or_default(),
            unit_code: u.unit_code.clone().unwrap_or_default(),
            roles: u.roles.iter().map(|r| r.as_str().to_owned()).collect(),
        }
    }

    fn has_role(&self, r: &str) -> bool {
        self.roles.iter().any(|x| x == r)
    }

    /// The account this form describes (unknown roles are dropped, as no box offers them).
    fn account(&self) -> Account {
        Account {
            username: self.username.clone(),
            full_name: self.full_name.clone(),
            email: opt(&self.email),
            agency_code: opt(&self.agency_code),
            unit_code: opt(&self.unit_code),
            roles: self.roles.iter().filter_map(|r| Role::parse(r)).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/user_new.html")]
struct NewPage {
    layout: Layout,
    section: &'static str,
    form: UserForm,
    roles: Vec<(&'static str, &'static str)>,
    agencies: Vec<Agency>,
    errors: FormErrors,
    /// Set once the account exists and its password was generated: shown this once.
    created: Option<(String, String)>,
}

pub async fn new_form(State(s): State<AppState>, a: Admin) -> Result<Response, PageError> {
    let t = a.t();
    render(NewPage {
        layout: a.layout("admin.user.new_title"),
        section: "users",
        form: UserForm::default(),
        roles: role_options(&t),
        agencies: s.app.admin_agencies(&a.actor()).await?,
        errors: FormErrors::default(),
        created: None,
    })
}

/// The password chosen on the form: generated, or typed twice (checked here so that every
/// problem of the form shows at once; the use case checks the length again).
fn chosen_password(f: &FormData, t: &Tr, errors: &mut FormErrors) -> Option<NewPassword> {
    if f.get("password_mode") == "generate" {
        return Some(NewPassword::Generate);
    }
    let (p1, p2) = (f.get("password"), f.get("password2"));
    if let Some(p) = password_problem(p1) {
        errors.add_problems(t, vec![p]);
        None
    } else if p1 != p2 {
        errors.add("password2", t.get("admin.user.password_mismatch"));
        None
    } else {
        Some(NewPassword::Given(p1.to_owned()))
    }
}

pub async fn create(
    State(s): State<AppState>,
    a: Admin,
    body: String,
) -> Result<Response, PageError> {
    let t = a.t();
    let data = FormData::parse(&body);
    let form = UserForm::from_data(&data);
    let actor = a.actor();
    let agencies = s.app.admin_agencies(&actor).await?;
    let account = form.account();
    let mut errors = FormErrors::default();
    errors.add_problems(
        &t,
        username_problem(&account.username).into_iter().collect(),
    );
    errors.add_problems(&t, account_problems(&account, &agencies));
    let password = chosen_password(&data, &t, &mut errors);
    let created = match password {
        Some(password) if errors.is_empty() => {
            match s.app.create_user(&actor, &account, password).await {
                Ok(created) => Some(created),
                Err(e) => {
                    errors = FormErrors::from_refusal(&t, e)?;
                    None
                }
            }
        }
        _ => None,
    };
    let Some(created) = created else {
        let page = NewPage {
            layout: a.layout("admin.user.new_title"),
            section: "users",
            form,
            roles: role_options(&t),
            agencies,
            errors,
            created: None,
        };
        return render(page).map(unprocessable);
    };
    let Some(password) = created.generated_password else {
        let to = format!("/admin/users/{}?done=created", created.id);
        return Ok(Redirect::to(&to).into_response());
    };
    // The generated password is shown on this answer only; it is not stored anywhere else.
    render(NewPage {
        layout: a.layout("admin.user.new_title"),
        section: "users",
        created: Some((form.username.clone(), password)),
        form: UserForm::default(),
        roles: role_options(&t),
        agencies,
        errors: FormErrors::default(),
    })
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct DetailPage {
    layout: Layout,
    section: &'static str,
    user: User,
    form: UserForm,
    roles: Vec<(&'static str, &'static str)>,
    agencies: Vec<Agency>,
    locked_until: Option<String>,
    errors: FormErrors,
    done: Option<String>,
    /// A password just generated by a reset, shown once.
    new_password: Option<String>,
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

async fn load(s: &AppState, a: &Admin, id: i64) -> Result<UserLine, PageError> {
    match s.app.admin_user(&a.actor(), id, Utc::now()).await {
        Ok(found) => Ok(found),
        Err(e) => Err(a.failed(e)),
    }
}

async fn detail_page(
    s: &AppState,
    a: &Admin,
    line: UserLine,
    form: Option<UserForm>,
    errors: FormErrors,
    done: Option<&str>,
    new_password: Option<String>,
) -> Result<DetailPage, PageError> {
    let t = a.t();
    let UserLine { user, locked_until } = line;
    let locked_until = locked_until.map(vn_time);
    let done = done.and_then(|d| match d {
        "created" | "saved" | "activated" | "deactivated" | "password" | "unlocked"
        | "signed_out" => Some(t.get(&format!("admin.user.done.{d}")).to_owned()),
        _ => None,
    });
    Ok(DetailPage {
        layout: a.layout("admin.user.edit_title"),
        section: "users",
        form: form.unwrap_or_else(|| UserForm::from_user(&user)),
        user,
        roles: role_options(&t),
        agencies: s.app.admin_agencies(&a.actor()).await?,
        locked_until,
        errors,
        done,
        new_password,
    })
}

pub async fn detail(
    State(s): State<AppState>,
    a: Admin,
    Path(id): Path<i64>,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let line = load(&s, &a, id).await?;
    render(
        detail_page(
            &s,
            &a,
            line,
            None,
            FormErrors::default(),
            q.done.as_deref(),
            None,
        )
        .await?,
    )
}

pub async fn update(
    State(s): State<AppState>,
    a: Admin,
    Path(id): Path<i64>,
    body: String,
) -> Result<Response, PageError> {
    let line = load(&s, &a, id).await?;
    let t = a.t();
    let actor = a.actor();
    let mut form = UserForm::from_data(&FormData::parse(&body));
    form.username = line.user.username.clone();
    let account = form.account();
    let agencies = s.app.admin_agencies(&actor).await?;
    let mut errors = FormErrors::default();
    errors.add_problems(&t, account_problems(&account, &agencies));
    if errors.is_empty() {
        match s.app.update_user(&actor, id, &account).await {
            Ok(()) => {
                return Ok(Redirect::to(&format!("/admin/users/{id}?done=saved")).into_response())
            }
            Err(e) => errors = FormErrors::from_refusal(&t, e)?,
        }
    }
    let page = detail_page(&s, &a, line, Some(form), errors, None, None).await?;
    render(page).map(unprocessable)
}

pub async fn set_active(
    State(s): State<AppState>,
    a: Admin,
    Path(id): Path<i64>,
    body: String,
) -> Result<Response, PageError> {
    let line = load(&s, &a, id).await?;
    let active = FormData::parse(&body).get("active") == "1";
    // A deactivated account's open sessions end now, not at their expiry (in the use case).
    if let Err(e) = s.app.set_user_active(&a.actor(), id, active).await {
        let errors = FormErrors::from_refusal(&a.t(), e)?;
        let page = detail_page(&s, &a, line, None, errors, None, None).await?;
        return render(page).map(unprocessable);
    }
    let done = if active { "activated" } else { "deactivated" };
    Ok(Redirect::to(&format!("/admin/users/{id}?done={done}")).into_response())
}

pub async fn reset_password(
    State(s): State<AppState>,
    a: Admin,
    Path(id): Path<i64>,
    body: String,
) -> Result<Response, PageError> {
    let line = load(&s, &a, id).await?;
    let t = a.t();
    let data = FormData::parse(&body);
    let mut errors = FormErrors::default();
    let reset = match chosen_password(&data, &t, &mut errors) {
        // A new password ends the sessions opened with the old one, and lifts a lock.
        Some(password) => match s.app.reset_password(&a.actor(), id, password).await {
            Ok(generated) => Some(generated),
            Err(e) => {
                errors = FormErrors::from_refusal(&t, e)?;
                None
            }
        },
        None => None,
    };
    let Some(generated) = reset else {
        let page = detail_page(&s, &a, line, None, errors, None, None).await?;
        return render(page).map(unprocessable);
    };
    let Some(password) = generated else {
        return Ok(Redirect::to(&format!("/admin/users/{id}?done=password")).into_response());
    };
    let line = load(&s, &a, id).await?;
    let page = detail_page(
        &s,
        &a,
        line,
        None,
        FormErrors::default(),
        Some("password"),
        Some(password),
    )
    .await?;
    render(page)
}

pub async fn unlock(
    State(s): State<AppState>,
    a: Admin,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    s.app
        .unlock_user(&a.actor(), id)
        .await
        .map_err(|e| a.failed(e))?;
    Ok(Redirect::to(&format!("/admin/users/{id}?done=unlocked")).into_response())
}

pub async fn sign_out_everywhere(
    State(s): State<AppState>,
    a: Admin,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    s.app
        .end_user_sessions(&a.actor(), id)
        .await
        .map_err(|e| a.failed(e))?;
    Ok(Redirect::to(&format!("/admin/users/{id}?done=signed_out")).into_response())
}
