//! `POST /work/dossiers/{code}/actions`: one small form per action, all through
//! `App::act` with the version the page was drawn from. Success → 303 back with a
//! confirmation; a refusal, a conflict or bad input → the page again, the message next to the
//! form and what was typed kept.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use motcua_domain::dossier::{
    Action, Command, DossierError, ErrorKind, PaymentMethod, ReturnChannel, DOSSIER_ACTIONS,
};
use motcua_domain::{Role, Step};

use super::common::{q, WorkUser};
use super::dossier::show;
use super::dossier_view::{action_key, Outcome};
use crate::i18n::Lang;
use crate::pages::error::PageError;
use crate::pages::PageCtx;
use crate::state::AppState;
use motcua_app::AppError;

/// The fields of a posted form, repeated names kept (checkbox lists).
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn parse(body: &[u8]) -> Fields {
        Fields(
            form_urlencoded::parse(body)
                .filter(|(k, _)| k != "csrf")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name).to_owned()).filter(|v| !v.is_empty())
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }
}

/// Actions that end a dossier for good: the page asks "are you sure?" (a second page, no
/// script) before they happen; the confirming form carries `confirm=yes`.
const IRREVERSIBLE: [Action; 3] = [Action::Stop, Action::Withdraw, Action::RefuseIntake];

/// Bad input caught before the domain sees it: the i18n key of the message.
pub struct BadInput(pub &'static str);

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// "1.200.000", "1,200,000", "1 200 000" → 1200000; `None` when blank, `Err` when not a
/// positive whole number.
fn amount(s: &str) -> Option<Result<i64, ()>> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' '))
        .collect();
    if digits.is_empty() {
        return None;
    }
    Some(digits.parse::<i64>().ok().filter(|a| *a > 0).ok_or(()))
}

/// The fee lines of a payment request: `line_name` and `line_amount` in pairs, blank rows
/// dropped; a row with a name and no valid amount (or the reverse) is refused.
fn fee_lines(f: &Fields) -> Result<Vec<motcua_domain::dossier::FeeLine>, BadInput> {
    let names =
        f.0.iter()
            .filter(|(k, _)| k == "line_name")
            .map(|(_, v)| v.trim());
    let amounts =
        f.0.iter()
            .filter(|(k, _)| k == "line_amount")
            .map(|(_, v)| v.trim());
    let mut out = Vec::new();
    for (name, a) in names.zip(amounts) {
        match (name.is_empty(), amount(a)) {
            (true, None) => continue,
            (false, Some(Ok(amount_vnd))) => out.push(motcua_domain::dossier::FeeLine {
                name: name.to_owned(),
                amount_vnd,
            }),
            _ => return Err(BadInput("pay.bad_line")),
        }
    }
    if out.is_empty() {
        return Err(BadInput("pay.bad_line"));
    }
    Ok(out)
}

/// The checked components plus any typed in, one per line.
fn missing(f: &Fields) -> Vec<String> {
    let mut m = f.all("missing");
    m.extend(lines(f.get("missing_other")));
    m
}

async fn command(s: &AppState, action: Action, f: &Fields) -> Result<Command, BadInput> {
    Ok(match action {
        Action::Receive => Command::Receive {
            note: f.opt("note"),
        },
        Action::GuideToSupplement => Command::GuideToSupplement {
            missing: missing(f),
            reason: f.get("reason").to_owned(),
        },
        Action::RefuseIntake => Command::RefuseIntake {
            reasons: lines(f.get("reasons")),
        },
        Action::Claim => Command::Claim,
        Action::Forward => Command::Forward {
            note: f.opt("note"),
            to_user: f.opt("to_user"),
        },
        Action::SendBack => Command::SendBack {
            to_step: f
                .get("to_step")
                .parse()
                .map_err(|_| BadInput("work.bad.to_step"))?,
            reason: f.get("reason").to_owned(),
        },
        Action::Reassign => Command::Reassign { to: f.opt("to") },
        Action::Transfer => transfer(s, f).await?,
        Action::RequestSupplement => Command::RequestSupplement {
            missing: missing(f),
            reason: f.get("reason").to_owned(),
        },
        Action::Supplement => Command::Supplement {
            files: Vec::new(),
            note: f.opt("note"),
        },
        Action::RequestPayment => Command::RequestPayment {
            lines: fee_lines(f)?,
            amount_vnd: None,
            note: f.opt("note"),
        },
        Action::RecordPayment => Command::RecordPayment {
            method: match f.get("method") {
                "transfer" => PaymentMethod::Transfer,
                "online" => PaymentMethod::Online,
                _ => PaymentMethod::Cash,
            },
            amount_vnd: match amount(f.get("amount")) {
                Some(Ok(a)) => Some(a),
                Some(Err(())) => return Err(BadInput("pay.bad_amount")),
                None => None,
            },
            receipt_number: match f.opt("receipt_number") {
                Some(n) => Some(n),
                // At the counter the officer hands a numbered receipt over: its number is asked.
                None if f.get("method") != "online" => return Err(BadInput("pay.receipt_missing")),
                None => None,
            },
            reference: f.opt("reference"),
        },
        Action::Approve => Command::Approve {
            note: f.opt("note"),
        },
        Action::MarkResultReady => Command::MarkResultReady,
        Action::ReturnResult => Command::ReturnResult {
            channel: match f.get("channel") {
                "post" => ReturnChannel::Post,
                "online" => ReturnChannel::Online,
                _ => ReturnChannel::Desk,
            },
            received_by: f.get("received_by").to_owned(),
        },
        Action::Withdraw => Command::Withdraw {
            reason: f.get("reason").to_owned(),
        },
        Action::Stop => Command::Stop {
            reason: f.get("reason").to_owned(),
        },
        Action::Extend => Command::Extend {
            reason: f.get("reason").to_owned(),
            new_due: vn_instant(f.get("new_date"), f.get("new_time"))?,
        },
        // Signing carries a file: its own multipart route.
        Action::Sign | Action::SubmitOnline | Action::ReceiveAtDesk => {
            return Err(BadInput("work.bad.action"))
        }
    })
}

/// A date (and time, 17:00 by default: the end of the office day) in Vietnam as an instant.
pub fn vn_instant(date: &str, time: &str) -> Result<chrono::DateTime<Utc>, BadInput> {
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| BadInput("work.bad.date"))?;
    let time = match time {
        "" => NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default(),
        t => NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| BadInput("work.bad.time"))?,
    };
    motcua_calendar::VN_OFFSET
        .from_local_datetime(&day.and_time(time))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or(BadInput("work.bad.date"))
}

/// Liên thông: the other agency's steps from one of its procedures, or one step typed in.
async fn transfer(s: &AppState, f: &Fields) -> Result<Command, BadInput> {
    let note = f.opt("note");
    if let Some(code) = f.opt("procedure") {
        let (agency_code, steps) = s
            .app
            .transfer_plan(&code)
            .await
            .map_err(|_| BadInput("work.bad.procedure"))?;
        return Ok(Command::Transfer {
            agency_code,
            steps,
            note,
        });
    }
    let (agency, unit) = f
        .get("unit")
        .split_once('|')
        .ok_or(BadInput("work.bad.unit"))?;
    let hours: f64 = f
        .get("hours")
        .replace(',', ".")
        .parse()
        .map_err(|_| BadInput("work.bad.hours"))?;
    let role = Role::parse(f.get("role")).ok_or(BadInput("work.bad.role"))?;
    let name = f.opt("step_name").ok_or(BadInput("work.bad.step_name"))?;
    Ok(Command::Transfer {
        agency_code: agency.to_owned(),
        steps: vec![Step {
            name,
            role,
            unit_code: unit.to_owned(),
            agency_code: Some(agency.to_owned()),
            hours,
        }],
        note,
    })
}

/// Where to go after a success: the dossier page, or the desk when the form was on the desk.
pub fn after(code: &str, action: Action, back: &str) -> Response {
    let key = action_key(action);
    let to = if back == "desk" {
        format!("/work/desk?done={key}&code={}", q(code))
    } else {
        format!("/work/dossiers/{code}?done={key}#top")
    };
    Redirect::to(&to).into_response()
}

pub fn domain_message(e: &DossierError, lang: Lang) -> String {
    match lang {
        Lang::Vi => e.message_vi(),
        Lang::En => e.message_en(),
    }
}

/// The page again with why the action did not happen.
pub async fn refused(
    s: &AppState,
    ctx: &PageCtx,
    user: &crate::session::SessionUser,
    code: &str,
    action: Action,
    f: Fields,
    err: Result<AppError, BadInput>,
) -> Result<Response, PageError> {
    let t = ctx.t();
    let (message, status, conflict) = match err {
        Err(BadInput(key)) => (
            t.get(key).to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            false,
        ),
        Ok(AppError::Conflict { .. }) => (
            t.get("work.conflict").to_owned(),
            StatusCode::CONFLICT,
            true,
        ),
        Ok(AppError::Refused(e)) => {
            let status = match e.kind() {
                ErrorKind::Forbidden => StatusCode::FORBIDDEN,
                ErrorKind::WrongState => StatusCode::CONFLICT,
                ErrorKind::NotFound => StatusCode::NOT_FOUND,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            (domain_message(&e, ctx.lang), status, false)
        }
        Ok(AppError::Attachment(e)) => (
            match ctx.lang {
                crate::i18n::Lang::Vi => e.message_vi(),
                crate::i18n::Lang::En => e.message_en(),
            },
            StatusCode::UNPROCESSABLE_ENTITY,
            false,
        ),
        Ok(AppError::Invalid { vi, en, .. } | AppError::Forbidden { vi, en }) => (
            match ctx.lang {
                crate::i18n::Lang::Vi => vi,
                crate::i18n::Lang::En => en,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
            false,
        ),
        Ok(AppError::NotFound(_)) => return Err(PageError::NotFound(ctx.lang)),
        Ok(e) => return Err(e.into()),
    };
    let outcome = Outcome {
        action: action_key(action).to_owned(),
        message,
        conflict,
        values: f.0,
        status,
        confirm: false,
    };
    show(s, ctx, user, code, None, Some(outcome)).await
}

pub async fn act(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let f = Fields::parse(&body);
    let Some(action) = DOSSIER_ACTIONS
        .into_iter()
        .find(|a| action_key(*a) == f.get("action"))
    else {
        return Ok((StatusCode::BAD_REQUEST, ctx.t().get("work.bad.action")).into_response());
    };
    let version: Option<i64> = f.get("version").parse().ok();
    let cmd = match command(&s, action, &f).await {
        Ok(c) => c,
        Err(bad) => return refused(&s, &ctx, &user, &code, action, f, Err(bad)).await,
    };
    // Without the version the page was drawn from there is no telling what the person saw.
    let Some(version) = version else {
        return refused(
            &s,
            &ctx,
            &user,
            &code,
            action,
            f,
            Err(BadInput("work.bad.version")),
        )
        .await;
    };
    if IRREVERSIBLE.contains(&action) && f.get("confirm") != "yes" {
        let check = s
            .app
            .check_act(user.actor(), &code, Some(version), &cmd, Utc::now())
            .await;
        if let Err(e) = check {
            return refused(&s, &ctx, &user, &code, action, f, Ok(e)).await;
        }
        let outcome = Outcome {
            action: action_key(action).to_owned(),
            message: String::new(),
            conflict: false,
            values: f.0,
            status: StatusCode::OK,
            confirm: true,
        };
        return show(&s, &ctx, &user, &code, None, Some(outcome)).await;
    }
    let result = s
        .app
        .act(user.actor(), &code, Some(version), &cmd, Utc::now())
        .await;
    match result {
        Ok(_) => Ok(after(&code, action, f.get("back"))),
        Err(e) => refused(&s, &ctx, &user, &code, action, f, Ok(e)).await,
    }
}
