//! One upload page per required component: its name, whether it is required, the accepted
//! formats and the size limits in plain words. Files stream into the blob store (the CSRF
//! token rides in the form's action URL since the body is never buffered); a refused file
//! shows the store's reason and leaves the draft as it was.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use motcua_domain::dossier::FileRef;
use motcua_domain::{Component, Procedure};
use serde::Deserialize;

use super::common::{
    accept_attr, accepted_formats, attachment_message, see_other, size_text, PortalError,
    PortalResult,
};
use super::draft::{Draft, Flash};
use super::submit::{online_procedure, ChangeQuery};
use crate::pages::error::PageError;
use crate::pages::{render, Layout, PageCtx};
use crate::state::AppState;
use motcua_app::files::AttachmentError;

/// What a multipart form brought: the stored files, the text parts by name (kept even when a
/// file was refused, so the form shows them again), and why it stopped early, if it did.
pub struct Received {
    pub files: Vec<FileRef>,
    pub fields: Vec<(String, String)>,
    pub error: Option<AttachmentError>,
}

impl Received {
    pub fn field(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    }
}

/// Streams the `file` parts of a multipart body into the blob store, each within the per-file
/// limit and what is left of `budget`. The first refused file stops the read, and then
/// nothing of the request is kept: the files it stored before are removed too.
pub async fn receive(
    s: &AppState,
    multipart: Result<Multipart, MultipartRejection>,
    budget: u64,
) -> Received {
    let mut r = Received {
        files: Vec::new(),
        fields: Vec::new(),
        error: None,
    };
    let mut created = Vec::new();
    if let Err(e) = read_parts(s, multipart, budget, &mut r, &mut created).await {
        s.app.discard_uploads(&created).await;
        r.files.clear();
        r.error = Some(e);
    } else if r.files.is_empty() {
        r.error = Some(AttachmentError::NoFile);
    }
    r
}

async fn read_parts(
    s: &AppState,
    multipart: Result<Multipart, MultipartRejection>,
    mut budget: u64,
    r: &mut Received,
    created: &mut Vec<String>,
) -> Result<(), AttachmentError> {
    let mut multipart = multipart.map_err(|e| AttachmentError::Multipart(e.body_text()))?;
    let (files, fields) = (&mut r.files, &mut r.fields);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(AttachmentError::Multipart(e.body_text())),
        };
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                // A browser sends an empty part when no file was chosen.
                if name.is_empty() {
                    continue;
                }
                let limit = s.app.uploads.max_file.min(budget);
                let put =
                    s.app
                        .blobs()
                        .put_new(field, &name, limit)
                        .await
                        .map_err(|e| match e {
                            motcua_files::UploadError::TooLarge { .. }
                                if limit < s.app.uploads.max_file =>
                            {
                                AttachmentError::DossierTooLarge {
                                    total: s.app.uploads.max_dossier.saturating_add(1),
                                    limit: s.app.uploads.max_dossier,
                                }
                            }
                            e => AttachmentError::Upload(e),
                        })?;
                let stored = put.file;
                if put.created {
                    created.push(stored.sha256.clone());
                }
                if let Err(e) = s.app.note_upload(&stored.sha256).await {
                    tracing::error!(error = %e, "upload not recorded");
                    return Err(AttachmentError::Storage(motcua_files::FileError::Io(
                        std::io::Error::other("upload not recorded"),
                    )));
                }
                budget = budget.saturating_sub(stored.size);
                files.push(FileRef {
                    sha256: stored.sha256,
                    name: stored.original_name,
                    size: stored.size,
                    content_type: Some(stored.mime),
                    component: None,
                    upload_ticket: None,
                });
            }
            Some(other) => {
                let other = other.to_owned();
                let text = field
                    .text()
                    .await
                    .map_err(|e| AttachmentError::Multipart(e.body_text()))?;
                fields.push((other, text));
            }
            None => {}
        }
    }
    Ok(())
}

#[derive(Template)]
#[template(path = "portal/submit_files.html")]
struct FilesPage {
    layout: Layout,
    procedure_name: String,
    code: String,
    n: usize,
    component: Component,
    progress: String,
    files: Vec<FileRef>,
    sizes: Vec<String>,
    formats: String,
    accept: String,
    max_file: String,
    max_dossier: String,
    back: String,
    change: bool,
    error: Option<String>,
}

fn component(p: &Procedure, n: usize, ctx: &PageCtx) -> Result<Component, PortalError> {
    p.components
        .get(n)
        .cloned()
        .ok_or_else(|| PageError::NotFound(ctx.lang).into())
}

fn files_of<'a>(d: &'a Draft, c: &'a Component) -> impl Iterator<Item = &'a FileRef> {
    d.answers
        .files
        .iter()
        .filter(move |f| f.component.as_deref() == Some(c.name.as_str()))
}

fn page(
    s: &AppState,
    ctx: &PageCtx,
    p: &Procedure,
    d: &Draft,
    n: usize,
    change: bool,
    error: Option<(String, StatusCode)>,
) -> PortalResult {
    let (error, status) = match error {
        Some((m, status)) => (Some(m), status),
        None => (None, StatusCode::OK),
    };
    let t = ctx.t();
    let c = component(p, n, ctx)?;
    let files: Vec<FileRef> = files_of(d, &c).cloned().collect();
    let position = super::submit::STEPS.len() + n + 1;
    let total = super::submit::STEPS.len() + p.components.len() + 1;
    let back = if change {
        format!("/submit/{}/check", p.code)
    } else if n == 0 {
        format!("/submit/{}/request", p.code)
    } else {
        format!("/submit/{}/files/{}", p.code, n - 1)
    };
    let res = render(FilesPage {
        layout: ctx.layout(c.name.clone(), "catalog"),
        procedure_name: p.name.clone(),
        code: p.code.clone(),
        n,
        progress: t
            .fmt("submit.progress", position)
            .replacen("{}", &total.to_string(), 1),
        sizes: files.iter().map(|f| size_text(f.size, &t)).collect(),
        files,
        formats: accepted_formats(),
        accept: accept_attr(),
        max_file: size_text(s.app.uploads.max_file, &t),
        max_dossier: size_text(s.app.uploads.max_dossier, &t),
        back,
        change,
        error,
        component: c,
    })?;
    Ok((status, res).into_response())
}

async fn draft_for(
    s: &AppState,
    headers: &HeaderMap,
    code: &str,
) -> Result<Result<Draft, Response>, PortalError> {
    Ok(match Draft::for_procedure(s, headers, code).await? {
        Some(d) if d.answers.submitted.is_some() => Err(see_other(&format!("/submit/{code}/done"))),
        Some(d) => Ok(d),
        None => Err(see_other(&format!("/submit/{code}"))),
    })
}

/// `GET /submit/{procedure}/files/{n}`.
pub async fn files_page(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path((code, n)): Path<(String, usize)>,
    Query(q): Query<ChangeQuery>,
) -> PortalResult {
    let p = online_procedure(&s, &ctx, &code).await?.procedure;
    let mut d = match draft_for(&s, &headers, &code).await? {
        Ok(d) => d,
        Err(r) => return Ok(r),
    };
    // A refusal redirected here: show it once.
    let error = match d.answers.flash.take_if(|f| f.page == n) {
        Some(f) => {
            d.save(&s).await?;
            let status = StatusCode::from_u16(f.status).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            Some((f.message, status))
        }
        None => None,
    };
    page(&s, &ctx, &p, &d, n, q.is_change(), error)
}

/// Back to upload page `n` with `message` shown once (POST-redirect-GET: the address bar
/// never shows the form's fields or its token).
async fn refuse(
    s: &AppState,
    d: &mut Draft,
    n: usize,
    change: bool,
    message: String,
    status: StatusCode,
) -> PortalResult {
    d.answers.flash = Some(Flash {
        page: n,
        message,
        status: status.as_u16(),
    });
    d.save(s).await?;
    Ok(see_other(&files_url(&d.procedure_code, n, change)))
}

fn files_url(code: &str, n: usize, change: bool) -> String {
    let change = if change { "?change=1" } else { "" };
    format!("/submit/{code}/files/{n}{change}")
}

/// After upload page `n`: a required component needs a file; then the next component, or
/// the check page (always the check page when changing an answer from it).
async fn go_on(
    s: &AppState,
    ctx: &PageCtx,
    p: &Procedure,
    d: &mut Draft,
    n: usize,
    change: bool,
) -> PortalResult {
    let c = component(p, n, ctx)?;
    if c.required && files_of(d, &c).next().is_none() {
        let message = ctx.t().get("submit.err.file_required").to_owned();
        return refuse(s, d, n, change, message, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    Ok(see_other(&if change || n + 1 >= p.components.len() {
        format!("/submit/{}/check", p.code)
    } else {
        format!("/submit/{}/files/{}", p.code, n + 1)
    }))
}

/// `POST /submit/{procedure}/files/{n}?csrf=…` (multipart): store the chosen files for the
/// component; then the page again with them listed, or with `go=next` the next page. A
/// refused file goes back to the page (303) with the reason shown once.
pub async fn upload(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path((code, n)): Path<(String, usize)>,
    Query(q): Query<ChangeQuery>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PortalResult {
    let p = online_procedure(&s, &ctx, &code).await?.procedure;
    let mut d = match draft_for(&s, &headers, &code).await? {
        Ok(d) => d,
        Err(r) => return Ok(r),
    };
    let c = component(&p, n, &ctx)?;
    // The dossier's total counts each distinct file once.
    let mut seen = std::collections::HashSet::new();
    let used: u64 = d
        .answers
        .files
        .iter()
        .filter(|f| seen.insert(f.sha256.clone()))
        .map(|f| f.size)
        .sum();
    let budget = s.app.uploads.max_dossier.saturating_sub(used);
    let received = receive(&s, multipart, budget).await;
    // One form, two buttons: "upload" stays on the page, "continue" (`go=next`) uploads what
    // was chosen, if anything, and moves on.
    let go_next = received.field("go") == "next";
    let change = q.is_change();
    match received.error {
        Some(AttachmentError::NoFile) if go_next => go_on(&s, &ctx, &p, &mut d, n, change).await,
        None => {
            for mut f in received.files {
                f.component = Some(c.name.clone());
                let already = d
                    .answers
                    .files
                    .iter()
                    .any(|g| g.sha256 == f.sha256 && g.component == f.component);
                if !already {
                    d.answers.files.push(f);
                }
            }
            d.answers.flash = None;
            d.save(&s).await?;
            if go_next {
                return go_on(&s, &ctx, &p, &mut d, n, change).await;
            }
            Ok(see_other(&files_url(&code, n, change)))
        }
        Some(e) => {
            let status = crate::statuses::attachment_status(&e);
            let message = attachment_message(&e, ctx.lang);
            refuse(&s, &mut d, n, change, message, status).await
        }
    }
}

#[derive(Deserialize)]
pub struct RemoveForm {
    sha256: String,
    change: Option<String>,
}

/// `POST /submit/{procedure}/files/{n}/remove`: take a file off the component.
pub async fn remove(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path((code, n)): Path<(String, usize)>,
    Form(f): Form<RemoveForm>,
) -> PortalResult {
    let p = online_procedure(&s, &ctx, &code).await?.procedure;
    let mut d = match draft_for(&s, &headers, &code).await? {
        Ok(d) => d,
        Err(r) => return Ok(r),
    };
    let c = component(&p, n, &ctx)?;
    d.answers
        .files
        .retain(|g| !(g.sha256 == f.sha256 && g.component.as_deref() == Some(c.name.as_str())));
    d.save(&s).await?;
    let change = if f.change.is_some_and(|c| !c.is_empty()) {
        "?change=1"
    } else {
        ""
    };
    Ok(see_other(&format!("/submit/{code}/files/{n}{change}")))
}

#[derive(Deserialize)]
pub struct NextForm {
    change: Option<String>,
}

/// `POST /submit/{procedure}/files/{n}/next`: continue without choosing a file ([`go_on`]).
pub async fn next(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    Path((code, n)): Path<(String, usize)>,
    Form(f): Form<NextForm>,
) -> PortalResult {
    let p = online_procedure(&s, &ctx, &code).await?.procedure;
    let mut d = match draft_for(&s, &headers, &code).await? {
        Ok(d) => d,
        Err(r) => return Ok(r),
    };
    let change = f.change.is_some_and(|c| !c.is_empty());
    go_on(&s, &ctx, &p, &mut d, n, change).await
}
