//! Row shapes of the catalog tables and their conversion to domain values.

use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::{ApplicantType, Component, Fee, Procedure, Role, Step, TimeLimit};

use super::model::{Children, ProcedureSummary, StoredProcedure};
use crate::codec::{from_text, split_commas, split_lines};
use crate::{Result, StoreError};

pub(super) const PROCEDURE_COLUMNS: &str = "id, code, version, is_current, name, field_code, \
    agency_code, unit_code, level, applicant_types, statutory_unit, statutory_half_days, \
    committed_unit, committed_half_days, same_day_cutoff, fee_timing, sets, result_name, \
    result_kind, online_level, national_portal, on_the_spot, conditions, legal_basis, \
    effective_from, effective_to, status, created_at, created_by";

#[derive(sqlx::FromRow)]
pub(super) struct ProcedureRow {
    pub id: i64,
    code: String,
    version: i64,
    is_current: bool,
    name: String,
    field_code: String,
    agency_code: String,
    unit_code: String,
    level: Option<String>,
    applicant_types: String,
    statutory_unit: String,
    statutory_half_days: i64,
    committed_unit: String,
    committed_half_days: i64,
    same_day_cutoff: bool,
    fee_timing: String,
    sets: i64,
    result_name: String,
    result_kind: String,
    online_level: String,
    national_portal: bool,
    on_the_spot: bool,
    conditions: Option<String>,
    legal_basis: String,
    effective_from: NaiveDate,
    effective_to: Option<NaiveDate>,
    status: String,
    created_at: DateTime<Utc>,
    created_by: Option<String>,
}

impl ProcedureRow {
    fn statutory(&self) -> Result<TimeLimit> {
        Ok(TimeLimit::from_half_days(
            from_text(&self.statutory_unit)?,
            self.statutory_half_days,
        ))
    }

    fn committed(&self) -> Result<TimeLimit> {
        Ok(TimeLimit::from_half_days(
            from_text(&self.committed_unit)?,
            self.committed_half_days,
        ))
    }

    pub fn summary(self) -> Result<ProcedureSummary> {
        Ok(ProcedureSummary {
            statutory_time: self.statutory()?,
            committed_time: self.committed()?,
            online_level: from_text(&self.online_level)?,
            status: from_text(&self.status)?,
            code: self.code,
            version: self.version,
            name: self.name,
            field_code: self.field_code,
            agency_code: self.agency_code,
            unit_code: self.unit_code,
            national_portal: self.national_portal,
            on_the_spot: self.on_the_spot,
        })
    }

    pub fn into_stored(self, children: Option<&Children>) -> Result<StoredProcedure> {
        let applicant_types = split_commas(&self.applicant_types)
            .map(from_text::<ApplicantType>)
            .collect::<Result<Vec<_>>>()?;
        let (fees, components, steps) = match children {
            Some(c) => (c.fees.clone(), c.components.clone(), c.steps.clone()),
            None => Default::default(),
        };
        let procedure = Procedure {
            statutory_time: self.statutory()?,
            committed_time: self.committed()?,
            fee_timing: from_text(&self.fee_timing)?,
            result_kind: from_text(&self.result_kind)?,
            online_level: from_text(&self.online_level)?,
            status: from_text(&self.status)?,
            legal_basis: split_lines(&self.legal_basis),
            code: self.code,
            name: self.name,
            field_code: self.field_code,
            agency_code: self.agency_code,
            unit_code: self.unit_code,
            level: self.level,
            applicant_types,
            same_day_cutoff: self.same_day_cutoff,
            fees,
            sets: self.sets as u32,
            components,
            result_name: self.result_name,
            national_portal: self.national_portal,
            on_the_spot: self.on_the_spot,
            conditions: self.conditions,
            effective_from: self.effective_from,
            effective_to: self.effective_to,
            steps,
        };
        Ok(StoredProcedure {
            id: self.id,
            version: self.version,
            is_current: self.is_current,
            created_at: self.created_at,
            created_by: self.created_by,
            procedure,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct FeeRow {
    pub procedure_id: i64,
    name: String,
    amount_vnd: Option<i64>,
    description: Option<String>,
}

impl From<FeeRow> for Fee {
    fn from(r: FeeRow) -> Fee {
        Fee {
            name: r.name,
            amount_vnd: r.amount_vnd,
            description: r.description,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct ComponentRow {
    pub procedure_id: i64,
    name: String,
    originals: i64,
    certified_copies: i64,
    copies: i64,
    required: bool,
    template: Option<String>,
    note: Option<String>,
}

impl From<ComponentRow> for Component {
    fn from(r: ComponentRow) -> Component {
        Component {
            name: r.name,
            originals: r.originals as u32,
            certified_copies: r.certified_copies as u32,
            copies: r.copies as u32,
            required: r.required,
            template: r.template,
            note: r.note,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct StepRow {
    pub procedure_id: i64,
    name: String,
    role: String,
    unit_code: String,
    agency_code: Option<String>,
    minutes: i64,
}

impl StepRow {
    pub fn into_step(self) -> Result<Step> {
        let role = Role::parse(&self.role)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown role «{}»", self.role)))?;
        Ok(Step {
            name: self.name,
            role,
            unit_code: self.unit_code,
            agency_code: self.agency_code,
            hours: self.minutes as f64 / 60.0,
        })
    }
}
