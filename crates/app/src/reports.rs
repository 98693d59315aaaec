//! The report use cases: Biểu II.06a and the dossiers behind each of its numbers ([`behind`]:
//! named), II.07b, the Decision 766 index, the reform figures and the text of the reform
//! report ([`statement`]), and the leaders' dashboard, for a period over a scope. Each checks
//! who reads ([`may_read_reports`], the agency they may cover) before any query, so the
//! pages, the JSON API and the CLI give the same answers to the same people.

use chrono::{Datelike, NaiveDate};
use motcua_domain::dossier::Actor;
use motcua_domain::reports::{
    as_of, report_agency, Against, Cell06a, CutOff, Form06a, Form07b, GroupBy, Index766, Period,
    ReformReport, ReportAccessError,
};
use motcua_store::{catalog, reports as rep};

pub use motcua_domain::reports::{may_read_reports, REPORT_ROLES};
pub use motcua_store::reports::{DossierPage, Scope};

use crate::{App, AppError, Result};

/// The dossiers behind a number, named ([`App::report_behind_lines`]).
pub mod behind;
/// The reform report's text ([`App::report_reform_statement`]).
pub mod statement;

/// The most codes one page of the drill-down lists.
pub const MAX_PER_PAGE: u32 = 1000;

impl From<ReportAccessError> for AppError {
    fn from(e: ReportAccessError) -> Self {
        AppError::forbidden(e.message_vi(), e.message_en())
    }
}

/// A code and its name, for the scope pickers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub code: String,
    pub name: String,
}

/// What a reader may narrow a report to: agencies, the units and procedures of the chosen
/// agency (all when none is chosen), fields.
#[derive(Debug, Clone, Default)]
pub struct ReportChoices {
    pub agencies: Vec<Choice>,
    pub units: Vec<Choice>,
    pub fields: Vec<Choice>,
    pub procedures: Vec<Choice>,
}

impl ReportChoices {
    /// The name of agency `code` (the code itself when unknown).
    pub fn agency_name(&self, code: &str) -> String {
        self.agencies
            .iter()
            .find(|a| a.code == code)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| code.to_owned())
    }
}

/// One reporting month of the dashboard and its II.06a totals.
#[derive(Debug, Clone)]
pub struct MonthFigures {
    pub year: i32,
    pub month: u32,
    pub form: Form06a,
}

/// Ratings of the period: very satisfied, satisfied (but not very), dissatisfied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SatisfactionCounts {
    pub very_satisfied: i64,
    pub satisfied: i64,
    pub dissatisfied: i64,
}

/// The leaders' dashboard: each series its chart and table show.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub period: Period,
    /// The months of the period's last year, up to the period's end (or today).
    pub months: Vec<MonthFigures>,
    pub by_field: Form06a,
    pub by_unit: Form06a,
    /// Dossiers in progress today, by unit.
    pub overdue_now: Form06a,
    pub satisfaction: SatisfactionCounts,
}

impl App {
    /// `scope` as `actor` may read it: refused without a reporting role; the agency set to the
    /// reader's own unless they may choose (asking for another one is refused).
    pub fn report_scope(&self, actor: &Actor, scope: &Scope) -> Result<Scope> {
        let agency_code = report_agency(actor, scope.agency_code.as_deref())?;
        Ok(Scope {
            agency_code,
            ..scope.clone()
        })
    }

    /// The scope pickers' lists for a report narrowed to `agency` (none: every agency).
    pub async fn report_choices(
        &self,
        actor: &Actor,
        agency: Option<&str>,
    ) -> Result<ReportChoices> {
        let scope = self.report_scope(
            actor,
            &Scope {
                agency_code: agency.map(str::to_owned),
                ..Scope::default()
            },
        )?;
        let c = catalog::load_catalog(&self.db).await?;
        let agency_ok = |code: &str| scope.agency_code.as_deref().is_none_or(|a| a == code);
        let choice = |code: &str, name: &str| Choice {
            code: code.to_owned(),
            name: name.to_owned(),
        };
        let mut procedures: Vec<Choice> = c
            .procedures
            .iter()
            .filter(|p| agency_ok(&p.agency_code))
            .map(|p| choice(&p.code, &p.name))
            .collect();
        // The catalog holds every version of a procedure; one entry each.
        procedures.sort_by(|a, b| a.code.cmp(&b.code));
        procedures.dedup_by(|a, b| a.code == b.code);
        Ok(ReportChoices {
            agencies: c
                .agencies
                .iter()
                .map(|a| choice(&a.code, &a.name))
                .collect(),
            units: c
                .agencies
                .iter()
                .filter(|a| agency_ok(&a.code))
                .flat_map(|a| a.units.iter())
                .map(|u| choice(&u.code, &u.name))
                .collect(),
            fields: c.fields.iter().map(|x| choice(&x.code, &x.name)).collect(),
            procedures,
        })
    }

    /// Biểu II.06a for `period` over `scope`, one row per field / procedure / unit / agency.
    pub async fn report_06a(
        &self,
        actor: &Actor,
        period: Period,
        scope: &Scope,
        by: GroupBy,
        against: Against,
    ) -> Result<Form06a> {
        let scope = self.report_scope(actor, scope)?;
        Ok(rep::form_06a(&self.db, &period, &scope, by, against).await?)
    }

    /// Page `page` (from 1) of the dossiers counted in `cell` of II.06a, `per_page` codes at
    /// most ([`MAX_PER_PAGE`] at the very most).
    #[allow(clippy::too_many_arguments)]
    pub async fn report_behind(
        &self,
        actor: &Actor,
        period: Period,
        scope: &Scope,
        cell: Cell06a,
        against: Against,
        page: u32,
        per_page: u32,
    ) -> Result<DossierPage> {
        let scope = self.report_scope(actor, scope)?;
        let (per_page, offset) = page_window(page, per_page)?;
        Ok(
            rep::dossiers_behind(&self.db, &period, &scope, cell, against, per_page, offset)
                .await?,
        )
    }

    /// Every dossier counted in `cell` of II.06a, in code order (for the whole list's export).
    pub async fn report_behind_all(
        &self,
        actor: &Actor,
        period: Period,
        scope: &Scope,
        cell: Cell06a,
        against: Against,
    ) -> Result<Vec<String>> {
        let scope = self.report_scope(actor, scope)?;
        Ok(rep::all_dossiers_behind(&self.db, &period, &scope, cell, against).await?)
    }

    /// Biểu II.07b for `period` over `scope`.
    pub async fn report_07b(
        &self,
        actor: &Actor,
        period: Period,
        scope: &Scope,
    ) -> Result<Form07b> {
        let scope = self.report_scope(actor, scope)?;
        Ok(rep::form_07b(&self.db, &period, &scope).await?)
    }

    /// The Decision 766 index for `period` over `scope`.
    pub async fn report_766(
        &self,
        actor: &Actor,
        period: Period,
        scope: &Scope,
    ) -> Result<Index766> {
        let scope = self.report_scope(actor, scope)?;
        Ok(rep::index_766(&self.db, &period, &scope).await?)
    }

    /// The reform report figures for `period` over `scope`, with the same period a year before.
    pub async fn report_reform(
        &self,
        actor: &Actor,
        period: Period,
        scope: &Scope,
    ) -> Result<ReformReport> {
        let scope = self.report_scope(actor, scope)?;
        Ok(rep::reform_figures(&self.db, &period, &scope).await?)
    }

    /// The leaders' dashboard for `period` over `scope`, as of `today` (Vietnam date): the
    /// months of the period's last year under `cut`, the on-time rate by field and by unit,
    /// what is in progress today by unit, and the ratings.
    pub async fn report_dashboard(
        &self,
        actor: &Actor,
        period: Period,
        scope: &Scope,
        against: Against,
        cut: CutOff,
        today: NaiveDate,
    ) -> Result<Dashboard> {
        let scope = self.report_scope(actor, scope)?;
        let db = &self.db;
        let end = period.to.min(today);
        let year = period.to.year();
        let mut months = Vec::new();
        for month in 1..=12 {
            let Ok(p) = Period::month(year, month, cut) else {
                continue;
            };
            if p.from > end {
                break;
            }
            let p = as_of(p, today);
            let form = rep::form_06a(db, &p, &scope, GroupBy::Agency, against).await?;
            months.push(MonthFigures { year, month, form });
        }
        let by_field = rep::form_06a(db, &period, &scope, GroupBy::Field, against).await?;
        let by_unit = rep::form_06a(db, &period, &scope, GroupBy::Unit, against).await?;
        let now = Period {
            from: today,
            to: today,
        };
        let overdue_now = rep::form_06a(db, &now, &scope, GroupBy::Unit, against).await?;
        let sat = rep::reform_figures(db, &period, &scope).await?.satisfaction;
        Ok(Dashboard {
            period,
            months,
            by_field,
            by_unit,
            overdue_now,
            satisfaction: SatisfactionCounts {
                very_satisfied: sat.very_satisfied.count,
                satisfied: sat.satisfied.count - sat.very_satisfied.count,
                dissatisfied: sat.dissatisfied.count,
            },
        })
    }
}

/// The size and offset of page `page` (from 1) of `per_page` lines, at most [`MAX_PER_PAGE`].
pub(crate) fn page_window(page: u32, per_page: u32) -> Result<(u32, u32)> {
    if page == 0 {
        return Err(AppError::invalid_field(
            "page",
            "Số trang bắt đầu từ 1",
            "Pages start at 1",
        ));
    }
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    Ok((per_page, (page - 1).saturating_mul(per_page)))
}
