//! The reform report's text, gathered once for every door: the page and `motcua report
//! reform` both render what [`App::report_reform_statement`] returns with
//! `motcua_reports::official::reform_document`, so they say the same thing in the same words.

use chrono::{DateTime, Utc};
use motcua_domain::dossier::Actor;
use motcua_domain::reports::{late_procedures, Against, GroupBy, Period, ReformStatement};
use motcua_store::catalog;
use motcua_store::reports::{self as rep, Scope};

use crate::{App, Result};

impl App {
    /// Everything the reform report says for `period` over `scope`, as of `now`: the figures
    /// with the same period a year before, the reporting agency's name, the procedures whose
    /// dossiers were resolved late (against the original appointment, as the on-time rate),
    /// the apology letters (form 04) issued, and the petitions (PAKN) received and answered —
    /// those only for a whole agency (or all of them), since petitions are an agency's.
    pub async fn report_reform_statement(
        &self,
        actor: &Actor,
        period: Period,
        scope: &Scope,
        now: DateTime<Utc>,
    ) -> Result<ReformStatement> {
        let scope = self.report_scope(actor, scope)?;
        let db = &self.db;
        let figures = rep::reform_figures(db, &period, &scope).await?;
        let by_procedure =
            rep::form_06a(db, &period, &scope, GroupBy::Procedure, Against::Original).await?;
        let apologies = rep::apologies(db, &period, &scope).await?;
        let whole_agency = scope.unit_code.is_none()
            && scope.field_code.is_none()
            && scope.procedure_code.is_none();
        let pakn = if whole_agency {
            Some(
                self.feedback_figures(actor, period, scope.agency_code.as_deref(), now)
                    .await?,
            )
        } else {
            None
        };
        Ok(ReformStatement {
            department: self.department(scope.agency_code.as_deref()).await?,
            late: late_procedures(&by_procedure),
            apologies,
            pakn,
            figures,
        })
    }

    /// Who speaks in a report over `agency`: its name; over every agency, the only one there
    /// is, else nobody in particular (the text then says "Cơ quan").
    async fn department(&self, agency: Option<&str>) -> Result<String> {
        let agencies = catalog::list_agencies(&self.db).await?;
        let found = match agency {
            Some(code) => agencies.iter().find(|a| a.code == code),
            None if agencies.len() == 1 => agencies.first(),
            None => None,
        };
        Ok(found.map(|a| a.name.clone()).unwrap_or_default())
    }
}
