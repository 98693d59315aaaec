//! Procedures as administrators edit them: the list, one procedure with what its edit needs
//! (agencies, fields, versions), the live rules beside the internal procedure, and saving —
//! never in place: a change becomes a new version, so dossiers keep the version they pinned.

use chrono::{DateTime, Utc};
use motcua_domain::catalog::{CatalogProblem, Entity};
use motcua_domain::dossier::Actor;
use motcua_domain::{Agency, Catalog, Field, Procedure};
use motcua_store::catalog;

pub use motcua_store::catalog::{Page, ProcedureFilter, ProcedureSummary, StoredProcedure};

use super::access::require_admin;
use crate::{App, AppError, Result};

/// The reform target: committed times at least 30% below the statutory ones.
pub const TARGET_CUT: f64 = 30.0;

/// What the edit of one procedure needs: its current version, the agencies (for units and
/// liên thông steps), the fields, and every version (number, created at, current).
#[derive(Debug, Clone)]
pub struct ProcedureEdit {
    pub stored: StoredProcedure,
    pub agencies: Vec<Agency>,
    pub fields: Vec<Field>,
    pub versions: Vec<(i64, DateTime<Utc>, bool)>,
}

/// What saving did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcedureSaved {
    /// A new version was made (false: the procedure was the same as its current version).
    pub changed: bool,
}

/// The domain's validation of `p` against the stored agencies and fields.
pub fn procedure_problems(
    p: &Procedure,
    agencies: &[Agency],
    fields: &[Field],
) -> Vec<CatalogProblem> {
    let c = Catalog {
        agencies: agencies.to_vec(),
        fields: fields.to_vec(),
        procedures: vec![p.clone()],
    };
    match c.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.0,
    }
}

/// The rules shown live next to the internal procedure.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveRules {
    /// The steps' working hours added up.
    pub steps_hours: f64,
    /// The domain's message (vi, en) when the steps do not add up to the committed time.
    pub steps_problem: Option<(String, String)>,
    /// How far the committed time is below the statutory one, in percent; `None` when they
    /// cannot be compared (calendar days against working days).
    pub cut_percent: Option<f64>,
    /// The committed time is not below the statutory time.
    pub no_cut: bool,
    /// Cut, but less than the reform target ([`TARGET_CUT`]).
    pub below_target: bool,
}

pub fn live_rules(p: &Procedure, agencies: &[Agency], fields: &[Field]) -> LiveRules {
    let steps_problem = procedure_problems(p, agencies, fields)
        .into_iter()
        .find(|pr| pr.entity == Entity::Procedure && pr.attribute == "steps")
        .map(|pr| (pr.message_vi, pr.message_en));
    let cut = p.committed_time.cut_percent(&p.statutory_time);
    LiveRules {
        steps_hours: p.steps_minutes() as f64 / 60.0,
        steps_problem,
        cut_percent: cut,
        no_cut: cut.is_some_and(|c| c <= 0.0),
        below_target: cut.is_some_and(|c| c > 0.0 && c < TARGET_CUT - 1e-9),
    }
}

impl App {
    /// Current versions of every procedure (drafts and withdrawn ones included), one page.
    pub async fn admin_procedures(
        &self,
        actor: &Actor,
        filter: &ProcedureFilter,
    ) -> Result<Page<ProcedureSummary>> {
        require_admin(actor)?;
        Ok(catalog::list_procedures(&self.db, filter).await?)
    }

    /// One procedure's current version with what editing it needs.
    pub async fn procedure_for_edit(&self, actor: &Actor, code: &str) -> Result<ProcedureEdit> {
        require_admin(actor)?;
        let stored = catalog::get_procedure(&self.db, code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("procedure {code}")))?;
        Ok(ProcedureEdit {
            versions: catalog::procedure_versions(&self.db, code).await?,
            agencies: catalog::list_agencies(&self.db).await?,
            fields: catalog::list_fields(&self.db).await?,
            stored,
        })
    }

    /// Saves `procedure` as the new current version of procedure `code` when it differs from
    /// the current one; refused with the domain's first problem when it is not valid.
    pub async fn save_procedure(
        &self,
        actor: &Actor,
        code: &str,
        procedure: Procedure,
    ) -> Result<ProcedureSaved> {
        require_admin(actor)?;
        let Some(before) = catalog::get_procedure(&self.db, code).await? else {
            return Err(AppError::NotFound(format!("procedure {code}")));
        };
        // The code names the procedure; a form cannot turn it into another one.
        let procedure = Procedure {
            code: code.to_owned(),
            ..procedure
        };
        let agencies = catalog::list_agencies(&self.db).await?;
        let fields = catalog::list_fields(&self.db).await?;
        if let Some(p) = procedure_problems(&procedure, &agencies, &fields)
            .into_iter()
            .next()
        {
            return Err(AppError::invalid_field(
                p.attribute,
                p.message_vi,
                p.message_en,
            ));
        }
        let one = Catalog {
            procedures: vec![procedure],
            ..Catalog::default()
        };
        let audit = motcua_store::audit::AuditEntry::new(
            &actor.username,
            "procedure.save",
            format!("procedure:{code} (v{})", before.version),
        )
        .before(&before.procedure)
        .after(&one.procedures[0]);
        let summary =
            catalog::import_catalog_audited(&self.db, &one, Some(&actor.username), Some(&audit))
                .await?;
        Ok(ProcedureSaved {
            changed: summary.procedures_changed > 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use motcua_domain::{Procedure, TimeLimit};

    fn with_times(statutory: TimeLimit, committed: TimeLimit) -> Procedure {
        use chrono::NaiveDate;
        use motcua_domain::{ApplicantType, FeeTiming, OnlineLevel, PublicationStatus, ResultKind};
        Procedure {
            code: "1.000948".into(),
            name: "Cấp Giấy phép bán buôn sản phẩm rượu".into(),
            field_code: "LT".into(),
            agency_code: "000.00.17.H56".into(),
            unit_code: "QLTM".into(),
            level: None,
            applicant_types: vec![ApplicantType::Business],
            statutory_time: statutory,
            committed_time: committed,
            same_day_cutoff: false,
            fee_timing: FeeTiming::Before,
            fees: Vec::new(),
            sets: 1,
            components: Vec::new(),
            result_name: "Giấy phép".into(),
            result_kind: ResultKind::Paper,
            online_level: OnlineLevel::Full,
            national_portal: true,
            on_the_spot: false,
            conditions: None,
            legal_basis: Vec::new(),
            effective_from: NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
            effective_to: None,
            status: PublicationStatus::Published,
            steps: Vec::new(),
        }
    }

    #[test]
    fn cut_against_the_reform_target() {
        let r = super::live_rules(
            &with_times(TimeLimit::working_days(15.0), TimeLimit::working_days(10.0)),
            &[],
            &[],
        );
        assert!(!r.no_cut && !r.below_target);
        let r = super::live_rules(
            &with_times(TimeLimit::working_days(20.0), TimeLimit::working_days(18.0)),
            &[],
            &[],
        );
        assert!(r.below_target);
        let r = super::live_rules(
            &with_times(TimeLimit::working_days(20.0), TimeLimit::working_days(20.0)),
            &[],
            &[],
        );
        assert!(r.no_cut);
        let r = super::live_rules(
            &with_times(
                TimeLimit::working_days(20.0),
                TimeLimit::calendar_days(10.0),
            ),
            &[],
            &[],
        );
        assert_eq!(r.cut_percent, None);
    }
}
