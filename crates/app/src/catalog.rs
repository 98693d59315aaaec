//! The public catalog: published procedures (list, search, one procedure), fields and
//! agencies, and what the home page counts. The same calls serve the pages and the JSON API.

use std::collections::HashMap;

use motcua_domain::{Agency, Field, OnlineLevel, PublicationStatus};
use motcua_store::catalog;

pub use motcua_store::catalog::{Page, ProcedureFilter, ProcedureSummary, StoredProcedure};

use crate::{App, AppError, Result};

/// What the home page shows: how many procedures are published, how many can be filed
/// online, and the fields that have any, with their counts.
#[derive(Debug, Clone)]
pub struct CatalogOverview {
    pub total: i64,
    pub online: i64,
    /// `(field code, field name, published procedures)`, in the fields' order.
    pub fields: Vec<(String, String, i64)>,
}

/// A published procedure with the names its page prints: its field and the agencies (and
/// their units) it and its steps name.
#[derive(Debug, Clone)]
pub struct ProcedureDetail {
    pub stored: StoredProcedure,
    pub field_name: String,
    pub agencies: Vec<Agency>,
}

impl ProcedureDetail {
    /// The agency's name, or its code when the catalog does not know it.
    pub fn agency_name(&self, agency: &str) -> String {
        self.agencies
            .iter()
            .find(|a| a.code == agency)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| agency.to_owned())
    }

    /// The unit's name, or its code when the catalog does not know it.
    pub fn unit_name(&self, agency: &str, unit: &str) -> String {
        self.agencies
            .iter()
            .find(|a| a.code == agency)
            .and_then(|a| a.units.iter().find(|u| u.code == unit))
            .map(|u| u.name.clone())
            .unwrap_or_else(|| unit.to_owned())
    }
}

impl App {
    /// Published procedures matching `filter` (whatever its `published_only` says: the public
    /// never sees drafts).
    pub async fn published_procedures(
        &self,
        filter: &ProcedureFilter,
    ) -> Result<Page<ProcedureSummary>> {
        let filter = ProcedureFilter {
            published_only: true,
            ..filter.clone()
        };
        Ok(catalog::list_procedures(&self.db, &filter).await?)
    }

    /// Procedure `code` if it is published; otherwise [`AppError::NotFound`].
    pub async fn published_procedure(&self, code: &str) -> Result<StoredProcedure> {
        catalog::get_procedure(&self.db, code)
            .await?
            .filter(|p| p.procedure.status == PublicationStatus::Published)
            .ok_or_else(|| AppError::NotFound(format!("procedure {code}")))
    }

    /// Procedure `code` if it is published and can be filed online (fully or partly).
    pub async fn online_procedure(&self, code: &str) -> Result<StoredProcedure> {
        let p = self.published_procedure(code).await?;
        if p.procedure.online_level == OnlineLevel::None {
            return Err(AppError::NotFound(format!("procedure {code}")));
        }
        Ok(p)
    }

    /// A published procedure with the names of its field, agencies and units.
    pub async fn procedure_detail(&self, code: &str) -> Result<ProcedureDetail> {
        let stored = self.published_procedure(code).await?;
        let field_code = &stored.procedure.field_code;
        let field_name = self
            .fields()
            .await?
            .into_iter()
            .find(|f| &f.code == field_code)
            .map(|f| f.name)
            .unwrap_or_else(|| field_code.clone());
        Ok(ProcedureDetail {
            agencies: self.agencies().await?,
            field_name,
            stored,
        })
    }

    /// Fields of procedures (lĩnh vực).
    pub async fn fields(&self) -> Result<Vec<Field>> {
        Ok(catalog::list_fields(&self.db).await?)
    }

    /// Agencies with their units.
    pub async fn agencies(&self) -> Result<Vec<Agency>> {
        Ok(catalog::list_agencies(&self.db).await?)
    }

    /// What the home page counts (published procedures only).
    pub async fn catalog_overview(&self) -> Result<CatalogOverview> {
        let summaries = self
            .published_procedures(&ProcedureFilter {
                per_page: 500,
                ..Default::default()
            })
            .await?;
        let mut counts: HashMap<&str, i64> = HashMap::new();
        for p in &summaries.items {
            *counts.entry(p.field_code.as_str()).or_default() += 1;
        }
        let fields = self
            .fields()
            .await?
            .into_iter()
            .filter_map(|f| counts.get(f.code.as_str()).map(|n| (f.code, f.name, *n)))
            .collect();
        Ok(CatalogOverview {
            total: summaries.total,
            online: summaries
                .items
                .iter()
                .filter(|p| p.online_level != OnlineLevel::None)
                .count() as i64,
            fields,
        })
    }

    /// The name of procedure `code` (its current version), or the code if it has none.
    pub async fn procedure_name(&self, code: &str) -> Result<String> {
        Ok(catalog::get_procedure(&self.db, code)
            .await?
            .map(|p| p.procedure.name)
            .unwrap_or_else(|| code.to_owned()))
    }
}
