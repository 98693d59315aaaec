//! `/admin/users`: officers' accounts — create (password typed twice or generated and shown
//! once), roles and scope, deactivate/reactivate, reset the password, unlock a name locked by
//! failed sign-ins, and end every session of a user.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::Utc;
use motcua_domain::{Agency, Role};
use motcua_store::users::{self, NewUser, User, UserChange, UserFilter};
use motcua_store::{catalog, sessions, sign_in};
use serde::Deserialize;

use super::{generate_password, hash_password, opt, unprocessable, Admin, FormData, FormErrors};
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

const MIN_PASSWORD: usize = 10;

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
    let now = Utc::now();
    let mut lines = Vec::new();
    for user in users::search_users(&s.db, &filter).await? {
        let locked = sign_in::locked_until(&s.db, &user.username, now)
            .await?
            .is_some();
        lines.push(Line {
            roles: role_names(&user.roles, &t),
            user,
            locked,
        });
    }
    render(ListPage {
        layout: a.layout("admin.user.title"),
        section: "users",
        roles: role_options(&t),
        agencies: catalog::list_agencies(&s.db).await?,
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
    generate: bool,
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
            generate: f.get("password_mode") == "generate",
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
            generate: false,
        }
    }

    fn has_role(&self, r: &str) -> bool {
        self.roles.iter().any(|x| x == r)
    }

    /// Checks names, e-mail and scope; the unit must belong to the chosen agency.
    fn check(&self, agencies: &[Agency], t: &Tr, errors: &mut FormErrors) -> Vec<Role> {
        if self.full_name.is_empty() {
            errors.add("full_name", t.get("admin.user.full_name_missing"));
        }
        if !self.email.is_empty() && !self.email.contains('@') {
            errors.add("email", t.get("admin.user.email_bad"));
        }
        let roles: Vec<Role> = self.roles.iter().filter_map(|r| Role::parse(r)).collect();
        if !self.agency_code.is_empty() {
            match agencies.iter().find(|a| a.code == self.agency_code) {
                None => errors.add("agency_code", t.get("admin.user.agency_unknown")),
                Some(a) => {
                    if !self.unit_code.is_empty()
                        && !a.units.iter().any(|u| u.code == self.unit_code)
                    {
                        errors.add("unit_code", t.get("admin.user.unit_not_in_agency"));
                    }
                }
            }
        } else if !roles.is_empty() {
            errors.add("agency_code", t.get("admin.user.agency_needed"));
        }
        roles
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
        agencies: catalog::list_agencies(&s.db).await?,
        errors: FormErrors::default(),
        created: None,
    })
}

/// Checks a new password typed twice.
fn check_password(f: &FormData, t: &Tr, errors: &mut FormErrors) -> Option<String> {
    let (p1, p2) = (f.get("password"), f.get("password2"));
    if p1.chars().count() < MIN_PASSWORD {
        errors.add("password", t.fmt("admin.user.password_short", MIN_PASSWORD));
        None
    } else if p1 != p2 {
        errors.add("password2", t.get("admin.user.password_mismatch"));
        None
    } else {
        Some(p1.to_owned())
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
    let agencies = catalog::list_agencies(&s.db).await?;
    let mut errors = FormErrors::default();
    let valid_name = !form.username.is_empty()
        && form
            .username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if !valid_name {
        errors.add("username", t.get("admin.user.username_bad"));
    } else if users::find_user(&s.db, &form.username).await?.is_some() {
        errors.add(
            "username",
            t.fmt("admin.user.username_taken", &form.username),
        );
    }
    let roles = form.check(&agencies, &t, &mut errors);
    let password = if form.generate {
        Some(generate_password())
    } else {
        check_password(&data, &t, &mut errors)
    };
    let (Some(password), true) = (password, errors.is_empty()) else {
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
    let hash = hash_password(password.clone()).await?;
    let id = users::create_user(
        &s.db,
        &NewUser {
            username: form.username.clone(),
            full_name: form.full_name.clone(),
            email: opt(&form.email),
            password_hash: hash,
            agency_code: opt(&form.agency_code),
            unit_code: opt(&form.unit_code),
            roles,
        },
    )
    .await?;
    if !form.generate {
        return Ok(Redirect::to(&format!("/admin/users/{id}?done=created")).into_response());
    }
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

async fn load(s: &AppState, a: &Admin, id: i64) -> Result<User, PageError> {
    users::get_user(&s.db, id)
        .await?
        .ok_or(PageError::NotFound(a.ctx.lang))
}

async fn detail_page(
    s: &AppState,
    a: &Admin,
    user: User,
    form: Option<UserForm>,
    errors: FormErrors,
    done: Option<&str>,
    new_password: Option<String>,
) -> Result<DetailPage, PageError> {
    let t = a.t();
    let locked_until = sign_in::locked_until(&s.db, &user.username, Utc::now())
        .await?
        .map(super::vn_time);
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
        agencies: catalog::list_agencies(&s.db).await?,
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
    let user = load(&s, &a, id).await?;
    render(
        detail_page(
            &s,
            &a,
            user,
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
    let user = load(&s, &a, id).await?;
    let t = a.t();
    let mut form = UserForm::from_data(&FormData::parse(&body));
    form.username = user.username.clone();
    let agencies = catalog::list_agencies(&s.db).await?;
    let mut errors = FormErrors::default();
    let roles = form.check(&agencies, &t, &mut errors);
    if a.user.id == id && !roles.contains(&Role::Admin) {
        // Nobody locks themselves out of administration by accident.
        errors.add("roles", t.get("admin.user.keep_own_admin"));
    }
    if !errors.is_empty() {
        let page = detail_page(&s, &a, user, Some(form), errors, None, None).await?;
        return render(page).map(unprocessable);
    }
    users::update_user(
        &s.db,
        id,
        &UserChange {
            full_name: form.full_name,
            email: opt(&form.email),
            agency_code: opt(&form.agency_code),
            unit_code: opt(&form.unit_code),
            roles,
        },
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/users/{id}?done=saved")).into_response())
}

pub async fn set_active(
    State(s): State<AppState>,
    a: Admin,
    Path(id): Path<i64>,
    body: String,
) -> Result<Response, PageError> {
    let user = load(&s, &a, id).await?;
    let active = FormData::parse(&body).get("active") == "1";
    if !active && a.user.id == id {
        let mut errors = FormErrors::default();
        errors.add("deactivate", a.t().get("admin.user.keep_own_admin"));
        let page = detail_page(&s, &a, user, None, errors, None, None).await?;
        return render(page).map(unprocessable);
    }
    users::set_active(&s.db, id, active).await?;
    if !active {
        // A deactivated account's open sessions end now, not at their expiry.
        sessions::delete_all(&s.db, id).await?;
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
    let user = load(&s, &a, id).await?;
    let t = a.t();
    let data = FormData::parse(&body);
    let generate = data.get("password_mode") == "generate";
    let mut errors = FormErrors::default();
    let password = if generate {
        Some(generate_password())
    } else {
        check_password(&data, &t, &mut errors)
    };
    let Some(password) = password else {
        let page = detail_page(&s, &a, user, None, errors, None, None).await?;
        return render(page).map(unprocessable);
    };
    let hash = hash_password(password.clone()).await?;
    users::set_password_hash(&s.db, id, &hash).await?;
    // A new password ends the sessions opened with the old one, and lifts a lock.
    sessions::delete_all(&s.db, id).await?;
    sign_in::clear(&s.db, &user.username).await?;
    if !generate {
        return Ok(Redirect::to(&format!("/admin/users/{id}?done=password")).into_response());
    }
    let page = detail_page(
        &s,
        &a,
        user,
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
    let user = load(&s, &a, id).await?;
    sign_in::clear(&s.db, &user.username).await?;
    Ok(Redirect::to(&format!("/admin/users/{id}?done=unlocked")).into_response())
}

pub async fn sign_out_everywhere(
    State(s): State<AppState>,
    a: Admin,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    load(&s, &a, id).await?;
    sessions::delete_all(&s.db, id).await?;
    Ok(Redirect::to(&format!("/admin/users/{id}?done=signed_out")).into_response())
}
