//! `/admin/settings/payment`: how the agency takes money — the bank account applicants transfer
//! to (with the dossier code as reference) and the online payment gateway (address, merchant
//! code, signing secret). The secret is never shown back, only "set".

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use motcua_app::payments::PaymentSetting;
use serde::Deserialize;

use super::common::{unprocessable, vn_time, Admin, FormData, FormErrors};
use crate::pages::error::PageError;
use crate::pages::{render, Layout};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/settings/payment", get(view).post(save))
}

#[derive(Template)]
#[template(path = "admin/payment_settings.html")]
struct PaymentPage {
    layout: Layout,
    section: &'static str,
    s: PaymentSetting,
    secret_set: bool,
    changed: Option<String>,
    errors: FormErrors,
    done: bool,
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

async fn page(
    st: &AppState,
    a: &Admin,
    shown: Option<PaymentSetting>,
    errors: FormErrors,
    done: bool,
) -> Result<PaymentPage, PageError> {
    let (stored, secret_set) = st.app.payment_settings(&a.actor()).await?;
    let changed = stored
        .as_ref()
        .map(|s| format!("{} — {}", s.updated_by, vn_time(s.updated_at)));
    Ok(PaymentPage {
        layout: a.layout("pay.settings"),
        section: "settings",
        s: shown.unwrap_or_else(|| stored.map(|s| s.value).unwrap_or_default()),
        secret_set,
        changed,
        errors,
        done,
    })
}

pub async fn view(
    State(s): State<AppState>,
    a: Admin,
    Query(q): Query<Done>,
) -> Result<Response, PageError> {
    let done = q.done.is_some();
    render(page(&s, &a, None, FormErrors::default(), done).await?)
}

pub async fn save(
    State(s): State<AppState>,
    a: Admin,
    body: String,
) -> Result<Response, PageError> {
    let t = a.t();
    let f = FormData::parse(&body);
    let secret = f.get("secret").trim().to_owned();
    let new = PaymentSetting {
        gateway_url: f.get("gateway_url").trim().to_owned(),
        merchant_code: f.get("merchant_code").trim().to_owned(),
        // Blank keeps the stored secret; the box clears it.
        secret: if f.get("secret_clear") == "1" {
            Some(String::new())
        } else {
            (!secret.is_empty()).then_some(secret)
        },
        bank_name: f.get("bank_name").trim().to_owned(),
        bank_account: f.get("bank_account").trim().to_owned(),
        account_holder: f.get("account_holder").trim().to_owned(),
    };
    match s.app.set_payment_settings(&a.actor(), new.clone()).await {
        Ok(()) => Ok(Redirect::to("/admin/settings/payment?done=1").into_response()),
        Err(e) => {
            let errors = FormErrors::from_refusal(&t, e)?;
            render(page(&s, &a, Some(new), errors, false).await?).map(unprocessable)
        }
    }
}
