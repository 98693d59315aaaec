//! Printable forms as PDF (crate `motcua-reports`): the receipt (01), supplement request (02),
//! refusal (03), apology / extension (04), stop notice (05 since 2025) and the process control
//! slip, each under the dossier's own rule set. Served inline so the browser's viewer prints
//! them; only to officers who may see the dossier (the same rule as the API).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::Utc;
use motcua_app::book::{Directory, DossierPapers};
use motcua_app::AppError;
use motcua_domain::dossier::{Dossier, Event, EventKind};
use motcua_domain::{Agency, Procedure};
use motcua_reports::forms::{
    ApologyData, ComponentLine, ControlSlipData, Issuer, Names, ReceiptData, RefusalData,
    StopNoticeData, SupplementRequestData, TrackingBookData, TrackingRow,
};
use motcua_reports::{render_form, Form, FormData, FormKind};

use crate::pages::error::PageError;
use crate::pages::PageCtx;
use crate::session::SignedIn;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/print/dossiers/{code}/{form}", get(dossier_form))
        .route("/print/book.pdf", get(tracking_book))
}

/// The forms a dossier page can offer, by URL slug.
pub const SLUGS: [(&str, Form); 6] = [
    ("receipt.pdf", Form::Receipt),
    ("supplement.pdf", Form::SupplementRequest),
    ("refusal.pdf", Form::Refusal),
    ("apology.pdf", Form::Apology),
    ("stop.pdf", Form::StopNotice),
    ("control-slip.pdf", Form::ControlSlip),
];

/// The papers a dossier has now, as `(slug, i18n key)`: what the dossier page offers to print.
pub fn available(d: &Dossier) -> Vec<(&'static str, &'static str)> {
    use motcua_domain::dossier::EndKind;
    let ended = |k: EndKind| d.ending.as_ref().is_some_and(|e| e.kind == k);
    let mut v = Vec::new();
    if d.received_at.is_some() {
        v.push(("receipt.pdf", "print.receipt"));
    }
    if !d.missing.is_empty() {
        v.push(("supplement.pdf", "print.supplement"));
    }
    if ended(EndKind::Refused) {
        v.push(("refusal.pdf", "print.refusal"));
    }
    if !d.extensions.is_empty() {
        v.push(("apology.pdf", "print.apology"));
    }
    let stop_form = d.rule_set.is_some_and(|r| {
        motcua_domain::rules::by_id(r)
            .form(Form::StopNotice)
            .is_some()
    });
    if stop_form && (ended(EndKind::Stopped) || ended(EndKind::Withdrawn)) {
        v.push(("stop.pdf", "print.stop"));
    }
    if d.received_at.is_some() {
        v.push(("control-slip.pdf", "print.control_slip"));
    }
    v
}

/// The issuing block of a form: the agency under its parent (the province's people's
/// committee), dated at the province's name. Names keep their case: the heading sets them in
/// capitals, the letters' sentences name the agency as written ("Sở Công Thương").
fn issuer(agencies: &[Agency], code: &str) -> Issuer {
    let agency = agencies.iter().find(|a| a.code == code);
    let parent = agency
        .and_then(|a| a.parent_code.as_deref())
        .and_then(|p| agencies.iter().find(|a| a.code == p));
    let place = parent.map(|p| province_of(&p.name)).unwrap_or_default();
    Issuer {
        parent: parent.map(|p| p.name.clone()),
        name: agency
            .map(|a| a.name.clone())
            .unwrap_or_else(|| code.to_owned()),
        place,
    }
}

/// "Ủy ban nhân dân tỉnh Quảng Ninh" → "Quảng Ninh": the date line names the province.
fn province_of(parent_name: &str) -> String {
    const PREFIXES: [&str; 6] = [
        "Ủy ban nhân dân tỉnh ",
        "Ủy ban nhân dân thành phố ",
        "UBND tỉnh ",
        "UBND thành phố ",
        "Tỉnh ",
        "Thành phố ",
    ];
    PREFIXES
        .iter()
        .find_map(|p| parent_name.strip_prefix(p))
        .unwrap_or(parent_name)
        .to_owned()
}

fn names(directory: &Directory) -> Names {
    let mut n = Names {
        users: directory.people.clone(),
        ..Names::default()
    };
    for a in &directory.agencies {
        n.agencies.insert(a.code.clone(), a.name.clone());
        for u in &a.units {
            n.units
                .insert((a.code.clone(), u.code.clone()), u.name.clone());
        }
    }
    n
}

/// The reason of the latest supplement request or intake guidance.
fn supplement_reason(events: &[Event]) -> Option<String> {
    events.iter().rev().find_map(|e| match &e.kind {
        EventKind::SupplementRequested { reason, .. }
        | EventKind::GuidedToSupplement { reason, .. } => Some(reason.clone()),
        _ => None,
    })
}

/// The full name of the officer who did what the paper records: the actor of the latest
/// event `what` matches. A paper is signed by the person who acted, not by whoever prints it;
/// `None` leaves the name blank to be written by hand.
fn acted_by(events: &[Event], names: &Names, what: fn(&EventKind) -> bool) -> Option<String> {
    events
        .iter()
        .rev()
        .find(|e| what(&e.kind))
        .map(|e| names.user(&e.actor.username))
}

/// The components the applicant actually handed in: at the counter, what the desk ticked
/// (recorded on the creating event); online, the procedure's components a file was attached
/// for (in the procedure's order, with its counts), then files for no listed component, one
/// line each. `None` when neither is known (a dossier from before the checklist was kept).
fn handed_in(d: &Dossier, p: &Procedure, events: &[Event]) -> Option<Vec<ComponentLine>> {
    let at_counter = events.iter().find_map(|e| match &e.kind {
        EventKind::ReceivedAtDesk { dossier, .. } | EventKind::Submitted { dossier }
            if !dossier.handed_in.is_empty() =>
        {
            Some(&dossier.handed_in)
        }
        _ => None,
    });
    if let Some(list) = at_counter {
        return Some(
            list.iter()
                .map(|h| ComponentLine {
                    name: h.name.clone(),
                    originals: h.originals,
                    certified_copies: h.certified_copies,
                    copies: h.copies,
                })
                .collect(),
        );
    }
    if d.files.is_empty() {
        return None;
    }
    let attached = |name: &str| d.files.iter().any(|f| f.component.as_deref() == Some(name));
    let mut lines: Vec<ComponentLine> = p
        .components
        .iter()
        .filter(|c| attached(&c.name))
        .map(|c| ComponentLine {
            name: c.name.clone(),
            originals: c.originals,
            certified_copies: c.certified_copies,
            copies: c.copies,
        })
        .collect();
    let listed = |f: &&motcua_domain::dossier::FileRef| {
        f.component
            .as_deref()
            .is_some_and(|c| p.components.iter().any(|pc| pc.name == c))
    };
    for f in d.files.iter().filter(|f| !listed(f)) {
        lines.push(ComponentLine {
            name: f.component.clone().unwrap_or_else(|| f.name.clone()),
            originals: 0,
            certified_copies: 0,
            copies: 1,
        });
    }
    Some(lines)
}

/// What one dossier's paper needs besides the dossier.
pub(crate) struct PaperContext<'a> {
    pub agencies: &'a [Agency],
    pub names: &'a Names,
    /// What the receipt's QR code holds: the dossier's public lookup address.
    pub lookup_url: String,
}

fn build(
    form: Form,
    d: &Dossier,
    p: &Procedure,
    events: &[Event],
    cx: &PaperContext<'_>,
) -> Result<FormData, motcua_reports::PrintError> {
    let now = Utc::now();
    let names = cx.names;
    let receiving = issuer(cx.agencies, &d.receiving_agency);
    let handling = issuer(cx.agencies, &d.agency_code);
    let desk = format!("Bộ phận Một cửa — {}", names.agency(&d.receiving_agency));
    let signer = |what| acted_by(events, names, what).unwrap_or_default();
    Ok(match form {
        Form::Receipt => {
            let officer = signer(|k| {
                matches!(
                    k,
                    EventKind::Received { .. } | EventKind::ReceivedAtDesk { .. }
                )
            });
            let mut r = ReceiptData::from_dossier(d, p, receiving, &desk, &officer)?;
            r.qr_text = Some(cx.lookup_url.clone());
            if let Some(lines) = handed_in(d, p, events) {
                r.components = lines;
            }
            FormData::Receipt(r)
        }
        Form::SupplementRequest => {
            let officer = signer(|k| {
                matches!(
                    k,
                    EventKind::SupplementRequested { .. } | EventKind::GuidedToSupplement { .. }
                )
            });
            FormData::SupplementRequest(SupplementRequestData::from_dossier(
                d,
                p,
                receiving,
                &supplement_reason(events).unwrap_or_default(),
                &desk,
                &officer,
                now,
            ))
        }
        Form::Refusal => {
            let officer = signer(|k| matches!(k, EventKind::IntakeRefused { .. }));
            FormData::Refusal(RefusalData::from_dossier(d, p, receiving, &desk, &officer)?)
        }
        Form::Apology | Form::ApologyAndExtension => FormData::Apology(ApologyData::from_dossier(
            d,
            p,
            handling,
            "THỦ TRƯỞNG CƠ QUAN",
            "",
        )?),
        Form::StopNotice => FormData::StopNotice(StopNoticeData::from_dossier(
            d,
            p,
            handling,
            names,
            "THỦ TRƯỞNG CƠ QUAN",
            "",
        )?),
        Form::ControlSlip | Form::TrackingBook => FormData::ControlSlip(
            ControlSlipData::from_events(d, p, events, names, receiving, now)?,
        ),
    })
}

/// `form` of the dossier in `papers` as a PDF; [`PageError::NotFound`] when the dossier has
/// no such paper (a refusal slip for a received dossier).
pub(crate) async fn paper_pdf(
    s: &AppState,
    lang: crate::i18n::Lang,
    papers: &DossierPapers,
    form: Form,
    lookup_url: String,
) -> Result<Vec<u8>, PageError> {
    let (d, p, events) = (
        &papers.record.dossier,
        &papers.record.procedure,
        &papers.record.events,
    );
    let names = names(&papers.directory);
    let cx = PaperContext {
        agencies: &papers.directory.agencies,
        names: &names,
        lookup_url,
    };
    let kind = FormKind::for_dossier(d, form, Utc::now());
    let data = match build(form, d, &p.procedure, events, &cx) {
        Ok(data) => data,
        Err(
            motcua_reports::PrintError::Incomplete(_)
            | motcua_reports::PrintError::FormNotInRuleSet { .. },
        ) => return Err(PageError::NotFound(lang)),
        Err(e) => return Err(PageError::Print(e)),
    };
    let fonts = s.fonts.clone();
    tokio::task::spawn_blocking(move || render_form(kind, &data, &fonts))
        .await
        .map_err(|e| PageError::Unexpected(e.to_string()))?
        .map_err(PageError::Print)
}

/// A PDF shown in the browser's viewer, never cached (personal data).
pub(crate) fn pdf_response(filename: &str, pdf: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf,
    )
        .into_response()
}

pub async fn dossier_form(
    State(s): State<AppState>,
    ctx: PageCtx,
    headers: HeaderMap,
    SignedIn(user): SignedIn,
    Path((code, slug)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let not_found = PageError::NotFound(ctx.lang);
    let Some((_, form)) = SLUGS.iter().find(|(s, _)| *s == slug) else {
        return Err(not_found);
    };
    let papers = match s.app.dossier_papers(&user.actor(), &code).await {
        Ok(p) => p,
        Err(AppError::NotFound(_)) => return Err(not_found),
        Err(e) => return Err(e.into()),
    };
    let url = crate::pages::links::lookup_url(&headers, &code);
    let pdf = paper_pdf(&s, ctx.lang, &papers, *form, url).await?;
    Ok(pdf_response(&format!("{code}-{slug}"), pdf))
}

#[derive(serde::Deserialize)]
pub struct BookQuery {
    from: Option<String>,
    to: Option<String>,
}

/// The tracking book (form 06 of Circular 01/2018, 07 of Circular 03/2025) of the desk's
/// agency for a period, A4 landscape: the dossiers it received, under the rule set in force
/// at the period's end.
pub async fn tracking_book(
    State(s): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    axum::extract::Query(q): axum::extract::Query<BookQuery>,
) -> Result<Response, PageError> {
    use chrono::{Datelike, NaiveDate};
    let today = motcua_domain::dossier::vn_date(Utc::now());
    let parse = |v: &Option<String>| {
        v.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let from = parse(&q.from).unwrap_or_else(|| today.with_day(1).unwrap_or(today));
    let to = parse(&q.to).unwrap_or(today).max(from);
    let book = match s.app.tracking_book_records(&user.actor(), from, to).await {
        Ok(b) => b,
        // Not the desk's: as if there were no such page.
        Err(AppError::Forbidden { .. } | AppError::NotFound(_)) => {
            return Err(PageError::NotFound(ctx.lang))
        }
        Err(e) => return Err(e.into()),
    };
    let names = names(&book.directory);
    let mut rows = Vec::with_capacity(book.records.len());
    for r in &book.records {
        match TrackingRow::from_dossier(&r.dossier, &r.procedure.procedure, &r.events, &names) {
            Ok(row) => rows.push(row),
            Err(motcua_reports::PrintError::Incomplete(_)) => {}
            Err(e) => return Err(PageError::Print(e)),
        }
    }
    let data = FormData::TrackingBook(TrackingBookData {
        issuer: issuer(&book.directory.agencies, &book.agency_code),
        period: Some(format!(
            "Từ ngày {} đến ngày {}",
            from.format("%d/%m/%Y"),
            to.format("%d/%m/%Y")
        )),
        volume: None,
        rows,
        issued_on: today,
    });
    let kind = FormKind::new(motcua_domain::rules::for_date(to).id, Form::TrackingBook);
    let fonts = s.fonts.clone();
    let pdf = tokio::task::spawn_blocking(move || render_form(kind, &data, &fonts))
        .await
        .map_err(|e| PageError::Unexpected(e.to_string()))?
        .map_err(PageError::Print)?;
    Ok(pdf_response(&format!("so-theo-doi-{from}-{to}.pdf"), pdf))
}

#[cfg(test)]
mod tests {
    #[test]
    fn province_from_parent_name() {
        assert_eq!(
            super::province_of("Ủy ban nhân dân tỉnh Quảng Ninh"),
            "Quảng Ninh"
        );
        assert_eq!(super::province_of("UBND thành phố Hà Nội"), "Hà Nội");
        assert_eq!(super::province_of("Sở Nội vụ"), "Sở Nội vụ");
    }
}
