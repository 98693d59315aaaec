//! Agencies (QCVN 102:2016 codes) and their units, one record at a time, and whole catalog
//! files: checked with the domain's catalog validation before anything is written.

use motcua_domain::catalog::{CatalogError, Entity};
use motcua_domain::dossier::Actor;
use motcua_domain::{Agency, Catalog, Unit};
use motcua_store::catalog;

pub use motcua_store::catalog::ImportSummary;

use super::access::{refuse_first, require_admin, Problem};
use crate::{App, AppError, Result};
use motcua_store::audit::AuditEntry;

/// What the audit log keeps of an agency (its units have entries of their own).
fn agency_json(a: &Agency) -> serde_json::Value {
    serde_json::json!({
        "code": a.code,
        "name": a.name,
        "parent_code": a.parent_code,
        "address": a.address,
        "phone": a.phone,
        "email": a.email,
    })
}

/// The domain's validation of one agency (with its units): problems about a unit are placed
/// on `unit_code`, the others on the agency's attribute (`code`, `name`, `parent_code`).
pub fn agency_problems(agency: &Agency) -> Vec<Problem> {
    let c = Catalog {
        agencies: vec![agency.clone()],
        ..Catalog::default()
    };
    let Err(e) = c.validate() else {
        return Vec::new();
    };
    e.0.into_iter()
        .map(|p| {
            let field = match p.entity {
                Entity::Unit => "unit_code",
                _ => p.attribute,
            };
            Problem::new(field, p.message_vi, p.message_en)
        })
        .collect()
}

/// `agency` with `unit` saved into it — a known code renames the unit, a new one is added at
/// the end — and the problems of the result.
pub fn with_unit(agency: &Agency, unit: &Unit) -> (Agency, Vec<Problem>) {
    let mut candidate = agency.clone();
    match candidate.units.iter_mut().find(|u| u.code == unit.code) {
        Some(u) => u.name = unit.name.clone(),
        None => candidate.units.push(unit.clone()),
    }
    let mut problems = agency_problems(&candidate);
    if unit.name.trim().is_empty() {
        problems.push(Problem::new(
            "unit_name",
            "Hãy nhập tên đơn vị.",
            "Enter the unit's name.",
        ));
    }
    (candidate, problems)
}

/// What a catalog file did, or would do.
#[derive(Debug)]
pub enum ImportOutcome {
    /// The file does not fit the stored catalog: nothing was changed.
    Refused(CatalogError),
    /// A dry run: the file is valid and holds this many procedures; nothing was changed.
    Checked { procedures: usize },
    /// Applied in one transaction.
    Applied(ImportSummary),
}

/// The stored catalog with the file's records laid over it: what the database will hold.
fn merged(stored: Catalog, file: &Catalog) -> Catalog {
    let mut out = file.clone();
    for a in stored.agencies {
        if !out.agencies.iter().any(|x| x.code == a.code) {
            out.agencies.push(a);
        }
    }
    for f in stored.fields {
        if !out.fields.iter().any(|x| x.code == f.code) {
            out.fields.push(f);
        }
    }
    out
}

impl App {
    /// Every agency with its units, by code.
    pub async fn admin_agencies(&self, actor: &Actor) -> Result<Vec<Agency>> {
        require_admin(actor)?;
        Ok(catalog::list_agencies(&self.db).await?)
    }

    /// One agency with its units.
    pub async fn admin_agency(&self, actor: &Actor, code: &str) -> Result<Agency> {
        self.admin_agencies(actor)
            .await?
            .into_iter()
            .find(|a| a.code == code)
            .ok_or_else(|| AppError::NotFound(format!("agency {code}")))
    }

    /// Adds a new agency; an existing code is refused (the agency is edited instead).
    pub async fn create_agency(&self, actor: &Actor, agency: &Agency) -> Result<()> {
        require_admin(actor)?;
        refuse_first(agency_problems(agency))?;
        let code = &agency.code;
        if catalog::list_agencies(&self.db)
            .await?
            .iter()
            .any(|a| &a.code == code)
        {
            return Err(AppError::invalid_field(
                "code",
                format!("Mã cơ quan “{code}” đã có. Hãy mở cơ quan đó để sửa."),
                format!("Agency code “{code}” already exists. Open that agency to edit it."),
            ));
        }
        let audit = AuditEntry::new(&actor.username, "agency.create", format!("agency:{code}"))
            .after(&agency_json(agency));
        catalog::upsert_agency_audited(&self.db, agency, Some(&audit)).await?;
        Ok(())
    }

    /// Changes an agency's name and parent; its code, units and contact details stay.
    pub async fn update_agency(
        &self,
        actor: &Actor,
        code: &str,
        name: &str,
        parent_code: Option<String>,
    ) -> Result<()> {
        let old = self.admin_agency(actor, code).await?;
        let before = agency_json(&old);
        let agency = Agency {
            name: motcua_domain::text::nfc(name),
            parent_code,
            ..old
        };
        refuse_first(agency_problems(&agency))?;
        let audit = AuditEntry::new(&actor.username, "agency.update", format!("agency:{code}"))
            .before(&before)
            .after(&agency_json(&agency));
        catalog::upsert_agency_audited(&self.db, &agency, Some(&audit)).await?;
        Ok(())
    }

    /// Adds a unit to an agency, or renames the unit of that code.
    pub async fn save_unit(&self, actor: &Actor, agency_code: &str, unit: &Unit) -> Result<()> {
        let agency = self.admin_agency(actor, agency_code).await?;
        let (_, problems) = with_unit(&agency, unit);
        refuse_first(problems)?;
        let mut audit = AuditEntry::new(
            &actor.username,
            "unit.save",
            format!("unit:{agency_code}/{}", unit.code),
        )
        .after(&serde_json::json!({ "code": unit.code, "name": unit.name }));
        audit.before = agency
            .units
            .iter()
            .find(|u| u.code == unit.code)
            .map(|u| serde_json::json!({ "code": u.code, "name": u.name }));
        catalog::upsert_unit_audited(&self.db, agency_code, unit, Some(&audit)).await?;
        Ok(())
    }

    /// The whole current catalog (agencies, fields, current procedure versions).
    pub async fn export_catalog(&self, actor: &Actor) -> Result<Catalog> {
        require_admin(actor)?;
        Ok(catalog::load_catalog(&self.db).await?)
    }

    /// Applies a catalog file (already parsed and validated alone) when it also fits what is
    /// stored: new procedures are added, changed ones get a new version, all in one
    /// transaction; with `dry_run` only checks.
    pub async fn import_catalog(
        &self,
        actor: &Actor,
        file: &Catalog,
        dry_run: bool,
    ) -> Result<ImportOutcome> {
        require_admin(actor)?;
        let whole = merged(catalog::load_catalog(&self.db).await?, file);
        if let Err(e) = whole.validate() {
            return Ok(ImportOutcome::Refused(e));
        }
        if dry_run {
            return Ok(ImportOutcome::Checked {
                procedures: file.procedures.len(),
            });
        }
        let audit = AuditEntry::new(&actor.username, "catalog.import", "catalog").after(
            &serde_json::json!({
                "agencies": file.agencies.iter().map(|a| &a.code).collect::<Vec<_>>(),
                "fields": file.fields.iter().map(|f| &f.code).collect::<Vec<_>>(),
                "procedures": file.procedures.iter().map(|p| &p.code).collect::<Vec<_>>(),
            }),
        );
        let summary =
            catalog::import_catalog_audited(&self.db, file, Some(&actor.username), Some(&audit))
                .await?;
        Ok(ImportOutcome::Applied(summary))
    }

    /// Whether the catalog holds no procedure yet (demo data is loaded only then).
    pub async fn catalog_is_empty(&self) -> Result<bool> {
        Ok(catalog::procedure_count(&self.db).await? == 0)
    }
}

#[cfg(test)]
mod tests {
    use motcua_domain::{Agency, Unit};

    fn agency() -> Agency {
        Agency {
            code: "000.18.22.H56".into(),
            name: "Sở Tư pháp".into(),
            parent_code: None,
            address: None,
            phone: None,
            email: None,
            units: vec![Unit {
                code: "HCTP".into(),
                name: "Phòng Hành chính tư pháp".into(),
            }],
        }
    }

    #[test]
    fn a_bad_code_is_placed_on_the_code() {
        let a = Agency {
            code: "H56".into(),
            ..agency()
        };
        let p = super::agency_problems(&a);
        assert!(p.iter().any(|p| p.field == "code"), "{p:?}");
        assert!(super::agency_problems(&agency()).is_empty());
    }

    #[test]
    fn a_known_unit_code_renames_a_new_one_is_added() {
        let renamed = Unit {
            code: "HCTP".into(),
            name: "Phòng Hành chính".into(),
        };
        let (a, p) = super::with_unit(&agency(), &renamed);
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(a.units, vec![renamed]);
        let unnamed = Unit {
            code: "VP".into(),
            name: " ".into(),
        };
        let (a, p) = super::with_unit(&agency(), &unnamed);
        assert_eq!(a.units.len(), 2);
        assert!(p.iter().any(|p| p.field == "unit_name"));
    }
}
