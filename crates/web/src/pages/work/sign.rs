//! `POST /work/dossiers/{code}/sign?csrf=…`: approve-and-sign's second half — result number,
//! signer, date and the electronic result file, streamed into the blob store and checked like
//! every file reference before `App::act` runs `Sign`.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use motcua_domain::dossier::{Action, Command, FileRef};

use super::actions::{after, refused, BadInput, Fields};
use super::common::WorkUser;
use super::dossier::refusal_page;
use crate::pages::error::PageError;
use crate::pages::PageCtx;
use crate::state::AppState;
use motcua_app::files::AttachmentError;

/// Why the upload part failed, as a message in the page's language.
fn upload_message(e: &AttachmentError, ctx: &PageCtx) -> String {
    match ctx.lang {
        crate::i18n::Lang::Vi => e.message_vi(),
        crate::i18n::Lang::En => e.message_en(),
    }
}

pub async fn sign(
    State(s): State<AppState>,
    ctx: PageCtx,
    WorkUser(user): WorkUser,
    Path(code): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let dossier = match s.app.officer_dossier(&user.actor(), &code).await {
        Ok((d, _)) => d,
        Err(e) => return refusal_page(&ctx, e),
    };
    let mut fields = Vec::new();
    let mut files: Vec<FileRef> = Vec::new();
    let mut failure: Option<String> = None;
    match multipart {
        Err(e) => {
            failure = Some(upload_message(
                &AttachmentError::Multipart(e.body_text()),
                &ctx,
            ))
        }
        Ok(mut m) => loop {
            let field = match m.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => {
                    failure = Some(upload_message(
                        &AttachmentError::Multipart(e.body_text()),
                        &ctx,
                    ));
                    break;
                }
            };
            let name = field.name().unwrap_or_default().to_owned();
            if name == "file" {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                // A form sent without choosing a file has an empty, nameless part.
                if file_name.is_empty() {
                    continue;
                }
                match s
                    .app
                    .blobs()
                    .put(field, &file_name, s.app.uploads.max_file)
                    .await
                {
                    Ok(stored) => files.push(FileRef {
                        sha256: stored.sha256,
                        name: stored.original_name,
                        size: stored.size,
                        content_type: Some(stored.mime),
                        component: None,
                        upload_ticket: None,
                    }),
                    Err(e) => {
                        failure = Some(upload_message(&AttachmentError::Upload(e), &ctx));
                        break;
                    }
                }
            } else {
                match field.text().await {
                    Ok(v) => fields.push((name, v)),
                    Err(e) => {
                        failure = Some(upload_message(
                            &AttachmentError::Multipart(e.body_text()),
                            &ctx,
                        ));
                        break;
                    }
                }
            }
        },
    }
    let f = Fields(fields);
    if let Some(message) = failure {
        return refused_with(&s, &ctx, &user, &code, f, message).await;
    }
    if let Err(e) = s.app.check_files(Some(&dossier), &mut files).await {
        let message = upload_message(&e, &ctx);
        return refused_with(&s, &ctx, &user, &code, f, message).await;
    }
    let Ok(signed_on) = NaiveDate::parse_from_str(f.get("signed_on"), "%Y-%m-%d") else {
        return refused(
            &s,
            &ctx,
            &user,
            &code,
            Action::Sign,
            f,
            Err(BadInput("work.bad.date")),
        )
        .await;
    };
    let Ok(version) = f.get("version").parse::<i64>() else {
        return refused(
            &s,
            &ctx,
            &user,
            &code,
            Action::Sign,
            f,
            Err(BadInput("work.bad.version")),
        )
        .await;
    };
    let cmd = Command::Sign {
        result_number: f.get("result_number").to_owned(),
        signer: f.get("signer").to_owned(),
        signed_on,
        files,
    };
    let result = s
        .app
        .act(user.actor(), &code, Some(version), &cmd, Utc::now())
        .await;
    match result {
        Ok(_) => Ok(after(&code, Action::Sign, "")),
        Err(e) => refused(&s, &ctx, &user, &code, Action::Sign, f, Ok(e)).await,
    }
}

/// The page again with an upload problem next to the signing form.
async fn refused_with(
    s: &AppState,
    ctx: &PageCtx,
    user: &crate::session::SessionUser,
    code: &str,
    f: Fields,
    message: String,
) -> Result<Response, PageError> {
    let outcome = super::dossier_view::Outcome {
        action: "sign".to_owned(),
        message,
        conflict: false,
        values: f.0,
        status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        confirm: false,
    };
    super::dossier::show(s, ctx, user, code, None, Some(outcome)).await
}
