//! The dossiers behind a number of Biểu II.06a, named: each code with its procedure's name,
//! its agency and unit, and the applicant's name when the reader's relation to the dossier
//! lets them see it (the domain's access rule, as the `/work` lists ask it).

use std::collections::HashMap;

use motcua_domain::dossier::{agency_wide, Actor, Viewer};
use motcua_domain::reports::{Against, Cell06a, Period};
use motcua_store::reports::{self as rep, BehindRow, Scope};
use motcua_store::{catalog, dossiers};

use crate::{App, Result};

/// One dossier of a drill-down list, as a reader may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BehindLine {
    pub code: String,
    pub procedure_code: String,
    /// The name of the procedure version the dossier was filed under.
    pub procedure_name: String,
    pub agency_code: String,
    pub agency_name: String,
    pub unit_code: String,
    pub unit_name: String,
    /// `None` when the reader has no relation to the dossier that shows its applicant
    /// ([`motcua_domain::dossier::access`] denies it): a head reading the agency's figures
    /// sees the names of their own unit's dossiers only.
    pub applicant_name: Option<String>,
}

/// A page of a drill-down list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BehindLines {
    /// Dossiers behind the number, on every page.
    pub total: i64,
    pub lines: Vec<BehindLine>,
}

/// Agency and unit names by code.
struct Names {
    agencies: HashMap<String, String>,
    units: HashMap<(String, String), String>,
}

impl Names {
    fn agency(&self, code: &str) -> String {
        self.agencies
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }

    fn unit(&self, agency: &str, code: &str) -> String {
        self.units
            .get(&(agency.to_owned(), code.to_owned()))
            .cloned()
            .unwrap_or_else(|| code.to_owned())
    }
}

impl App {
    async fn agency_names(&self) -> Result<Names> {
        let mut names = Names {
            agencies: HashMap::new(),
            units: HashMap::new(),
        };
        for a in catalog::list_agencies(&self.db).await? {
            for u in &a.units {
                names
                    .units
                    .insert((a.code.clone(), u.code.clone()), u.name.clone());
            }
            names.agencies.insert(a.code, a.name);
        }
        Ok(names)
    }

    /// Whether `actor` may see the applicant of `row`: at once for who may list the whole
    /// agency (leaders, reporters, clerks, administrators, the system — their relation to any
    /// dossier of it shows the name), else by the access rule on the loaded dossier.
    async fn applicant_shown(&self, actor: &Actor, row: &BehindRow) -> Result<bool> {
        if agency_wide(actor, &row.agency_code) {
            return Ok(true);
        }
        Ok(dossiers::load(&self.db, &row.code)
            .await?
            .is_some_and(|s| s.dossier.visible_to(Viewer::actor(actor))))
    }

    async fn named(&self, actor: &Actor, rows: Vec<BehindRow>) -> Result<Vec<BehindLine>> {
        let names = self.agency_names().await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let shown = self.applicant_shown(actor, &r).await?;
            out.push(BehindLine {
                agency_name: names.agency(&r.agency_code),
                unit_name: names.unit(&r.agency_code, &r.unit_code),
                applicant_name: shown.then_some(r.applicant_name),
                code: r.code,
                procedure_code: r.procedure_code,
                procedure_name: r.procedure_name,
                agency_code: r.agency_code,
                unit_code: r.unit_code,
            });
        }
        Ok(out)
    }

    /// Page `page` (from 1) of the dossiers counted in `cell` of II.06a, named, `per_page` at
    /// most ([`super::MAX_PER_PAGE`] at the very most).
    #[allow(clippy::too_many_arguments)]
    pub async fn report_behind_lines(
        &self,
        actor: &Actor,
        period: Period,
        scope: &Scope,
        cell: Cell06a,
        against: Against,
        page: u32,
        per_page: u32,
    ) -> Result<BehindLines> {
        let scope = self.report_scope(actor, scope)?;
        let (per_page, offset) = super::page_window(page, per_page)?;
        let rows = rep::rows_behind(&self.db, &period, &scope, cell, against).await?;
        let total = rows.len() as i64;
        let rows = rows
            .into_iter()
            .skip(offset as usize)
            .take(per_page as usize)
            .collect();
        Ok(BehindLines {
            total,
            lines: self.named(actor, rows).await?,
        })
    }

    /// Every dossier counted in `cell` of II.06a, named, in code order (the list's export).
    pub async fn report_behind_all_lines(
        &self,
        actor: &Actor,
        period: Period,
        scope: &Scope,
        cell: Cell06a,
        against: Against,
    ) -> Result<Vec<BehindLine>> {
        let scope = self.report_scope(actor, scope)?;
        let rows = rep::rows_behind(&self.db, &period, &scope, cell, against).await?;
        self.named(actor, rows).await
    }
}
