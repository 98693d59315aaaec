//! Whole-catalog validation: every problem is reported, none stops the others, so an import
//! can show the user everything to fix at once.

use std::collections::{HashMap, HashSet};

use super::{Catalog, Procedure, TimeUnit, MINUTES_PER_WORKING_DAY};

/// Which kind of record a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Agency,
    Unit,
    Field,
    Procedure,
    Component,
    Step,
}

/// One problem found in a catalog, located precisely enough to point at a spreadsheet cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogProblem {
    pub entity: Entity,
    /// Code of the agency / field / procedure concerned (for units, components and steps: the
    /// owning agency's or procedure's code).
    pub key: String,
    /// Position of the unit / component / step inside its owner, from 0.
    pub index: Option<usize>,
    /// Attribute name as used in the import/export columns, e.g. `committed_days`.
    pub attribute: &'static str,
    pub message_vi: String,
    pub message_en: String,
}

/// A catalog that failed validation, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the catalog has {} problem(s); first: {}", .0.len(), .0.first().map(|p| p.message_en.as_str()).unwrap_or(""))]
pub struct CatalogError(pub Vec<CatalogProblem>);

struct Report(Vec<CatalogProblem>);

impl Report {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        entity: Entity,
        key: &str,
        index: Option<usize>,
        attribute: &'static str,
        vi: String,
        en: String,
    ) {
        self.0.push(CatalogProblem {
            entity,
            key: key.to_owned(),
            index,
            attribute,
            message_vi: vi,
            message_en: en,
        });
    }
}

fn is_half_multiple(x: f64) -> bool {
    x.is_finite() && x >= 0.0 && ((x * 2.0).round() - x * 2.0).abs() < 1e-9
}

/// Checks the shape of an agency code (QCVN 102:2016: `DDD.CC.BB.Lnn`, digits except the level
/// letter), e.g. `000.00.00.H56`, `000.17.22.H56`, `000.00.00.G02`.
pub fn is_agency_code(code: &str) -> bool {
    let parts: Vec<&str> = code.split('.').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    parts.len() == 4
        && digits(parts[0], 3)
        && digits(parts[1], 2)
        && digits(parts[2], 2)
        && parts[3].len() == 3
        && parts[3].as_bytes()[0].is_ascii_uppercase()
        && digits(&parts[3][1..], 2)
}

impl Catalog {
    /// Validates references, uniqueness, time limits and the internal procedures.
    pub fn validate(&self) -> Result<(), CatalogError> {
        let mut r = Report(Vec::new());
        let mut units: HashMap<&str, HashSet<&str>> = HashMap::new();
        for a in &self.agencies {
            if !is_agency_code(&a.code) {
                r.add(
                    Entity::Agency,
                    &a.code,
                    None,
                    "code",
                    format!(
                        "Mã cơ quan “{}” không đúng dạng QCVN 102 (vd. 000.00.00.H56)",
                        a.code
                    ),
                    format!(
                        "agency code “{}” is not a QCVN 102 code (e.g. 000.00.00.H56)",
                        a.code
                    ),
                );
            }
            if a.name.trim().is_empty() {
                r.add(
                    Entity::Agency,
                    &a.code,
                    None,
                    "name",
                    "Thiếu tên cơ quan".into(),
                    "agency name is empty".into(),
                );
            }
            let set = units.entry(a.code.as_str()).or_default();
            if !set.is_empty() {
                r.add(
                    Entity::Agency,
                    &a.code,
                    None,
                    "code",
                    format!("Mã cơ quan “{}” bị trùng", a.code),
                    format!("agency code “{}” appears twice", a.code),
                );
            }
            for (i, u) in a.units.iter().enumerate() {
                if u.code.trim().is_empty() || u.name.trim().is_empty() {
                    r.add(
                        Entity::Unit,
                        &a.code,
                        Some(i),
                        "code",
                        "Đơn vị thiếu mã hoặc tên".into(),
                        "unit has no code or name".into(),
                    );
                }
                if !set.insert(u.code.as_str()) {
                    r.add(
                        Entity::Unit,
                        &a.code,
                        Some(i),
                        "code",
                        format!("Mã đơn vị “{}” bị trùng trong cơ quan {}", u.code, a.code),
                        format!("unit code “{}” appears twice in agency {}", u.code, a.code),
                    );
                }
            }
        }
        for a in &self.agencies {
            if let Some(p) = &a.parent_code {
                if !units.contains_key(p.as_str()) && !is_agency_code(p) {
                    r.add(
                        Entity::Agency,
                        &a.code,
                        None,
                        "parent_code",
                        format!("Mã cơ quan cấp trên “{p}” không hợp lệ"),
                        format!("parent agency code “{p}” is not valid"),
                    );
                }
            }
        }
        let mut fields = HashSet::new();
        for f in &self.fields {
            if f.code.trim().is_empty() || f.name.trim().is_empty() {
                r.add(
                    Entity::Field,
                    &f.code,
                    None,
                    "code",
                    "Lĩnh vực thiếu mã hoặc tên".into(),
                    "field has no code or name".into(),
                );
            }
            if !fields.insert(f.code.as_str()) {
                r.add(
                    Entity::Field,
                    &f.code,
                    None,
                    "code",
                    format!("Mã lĩnh vực “{}” bị trùng", f.code),
                    format!("field code “{}” appears twice", f.code),
                );
            }
        }
        let mut codes = HashSet::new();
        for p in &self.procedures {
            if !codes.insert(p.code.as_str()) {
                r.add(
                    Entity::Procedure,
                    &p.code,
                    None,
                    "code",
                    format!("Mã thủ tục “{}” bị trùng", p.code),
                    format!("procedure code “{}” appears twice", p.code),
                );
            }
            validate_procedure(p, &fields, &units, &mut r);
        }
        if r.0.is_empty() {
            Ok(())
        } else {
            Err(CatalogError(r.0))
        }
    }
}

fn validate_procedure(
    p: &Procedure,
    fields: &HashSet<&str>,
    units: &HashMap<&str, HashSet<&str>>,
    r: &mut Report,
) {
    let key = p.code.as_str();
    let mut add =
        |attribute, vi: String, en: String| r.add(Entity::Procedure, key, None, attribute, vi, en);
    if p.code.trim().is_empty() {
        add(
            "code",
            "Thiếu mã thủ tục".into(),
            "procedure code is empty".into(),
        );
    }
    if p.name.trim().is_empty() {
        add(
            "name",
            "Thiếu tên thủ tục".into(),
            "procedure name is empty".into(),
        );
    }
    if !fields.contains(p.field_code.as_str()) {
        add(
            "field_code",
            format!("Lĩnh vực “{}” không có trong danh mục", p.field_code),
            format!("field “{}” is not in the catalog", p.field_code),
        );
    }
    match units.get(p.agency_code.as_str()) {
        None => add(
            "agency_code",
            format!("Cơ quan “{}” không có trong danh mục", p.agency_code),
            format!("agency “{}” is not in the catalog", p.agency_code),
        ),
        Some(us) if !us.contains(p.unit_code.as_str()) => add(
            "unit_code",
            format!(
                "Đơn vị “{}” không thuộc cơ quan {}",
                p.unit_code, p.agency_code
            ),
            format!(
                "unit “{}” does not belong to agency {}",
                p.unit_code, p.agency_code
            ),
        ),
        Some(_) => {}
    }
    if p.applicant_types.is_empty() {
        add(
            "applicant_types",
            "Thiếu đối tượng thực hiện".into(),
            "no applicant type".into(),
        );
    }
    for (attr, t) in [
        ("statutory_days", &p.statutory_time),
        ("committed_days", &p.committed_time),
    ] {
        let ok = match t.unit {
            TimeUnit::SameDay => t.days == 0.0,
            _ => is_half_multiple(t.days) && t.days > 0.0,
        };
        if !ok {
            add(
                attr,
                format!(
                    "Thời hạn {} không hợp lệ: phải là bội số của 0,5 ngày và lớn hơn 0",
                    t.days
                ),
                format!(
                    "time limit {} is not valid: it must be a positive multiple of 0.5 day",
                    t.days
                ),
            );
        }
    }
    if let Some(cut) = p.committed_time.cut_percent(&p.statutory_time) {
        let longer = match (p.committed_time.unit, p.statutory_time.unit) {
            (TimeUnit::SameDay, _) => false,
            (_, TimeUnit::SameDay) => true,
            _ => p.committed_time.days > p.statutory_time.days,
        };
        if longer && cut == 0.0 {
            add(
                "committed_days",
                "Thời hạn cam kết dài hơn thời hạn theo quy định".into(),
                "the committed time is longer than the statutory time".into(),
            );
        }
    }
    if p.legal_basis.is_empty() {
        add(
            "legal_basis",
            "Thiếu căn cứ pháp lý".into(),
            "no legal basis".into(),
        );
    }
    if p.result_name.trim().is_empty() {
        add(
            "result_name",
            "Thiếu tên kết quả".into(),
            "no result name".into(),
        );
    }
    if p.effective_to.is_some_and(|to| to < p.effective_from) {
        add(
            "effective_to",
            "Ngày hết hiệu lực trước ngày có hiệu lực".into(),
            "effective_to is before effective_from".into(),
        );
    }
    if p.sets == 0 {
        add(
            "sets",
            "Số bộ hồ sơ phải ít nhất là 1".into(),
            "number of sets must be at least 1".into(),
        );
    }
    if p.components.is_empty() {
        add(
            "components",
            "Thủ tục chưa có thành phần hồ sơ".into(),
            "the procedure has no components".into(),
        );
    }
    for (i, c) in p.components.iter().enumerate() {
        if c.name.trim().is_empty() {
            r.add(
                Entity::Component,
                key,
                Some(i),
                "name",
                "Thành phần hồ sơ thiếu tên".into(),
                "component has no name".into(),
            );
        }
    }
    if p.steps.is_empty() {
        r.add(
            Entity::Procedure,
            key,
            None,
            "steps",
            "Thủ tục chưa có quy trình nội bộ".into(),
            "the procedure has no internal steps".into(),
        );
    }
    let agency_units = units.get(p.agency_code.as_str());
    for (i, s) in p.steps.iter().enumerate() {
        if s.name.trim().is_empty() {
            r.add(
                Entity::Step,
                key,
                Some(i),
                "name",
                "Bước xử lý thiếu tên".into(),
                "step has no name".into(),
            );
        }
        if !is_half_multiple(s.hours) || s.hours <= 0.0 {
            r.add(
                Entity::Step,
                key,
                Some(i),
                "hours",
                format!(
                    "Thời gian bước {} giờ không hợp lệ: phải là bội số của 0,5 giờ",
                    s.hours
                ),
                format!(
                    "step duration {} h is not valid: it must be a positive multiple of 0.5 h",
                    s.hours
                ),
            );
        }
        let step_units = match &s.agency_code {
            Some(a) => units.get(a.as_str()),
            None => agency_units,
        };
        if let Some(us) = step_units {
            if !us.contains(s.unit_code.as_str()) {
                r.add(
                    Entity::Step,
                    key,
                    Some(i),
                    "unit_code",
                    format!(
                        "Đơn vị “{}” của bước xử lý không có trong cơ quan",
                        s.unit_code
                    ),
                    format!("step unit “{}” is not a unit of its agency", s.unit_code),
                );
            }
        } else if let Some(a) = &s.agency_code {
            r.add(
                Entity::Step,
                key,
                Some(i),
                "agency_code",
                format!("Cơ quan “{a}” của bước xử lý không có trong danh mục"),
                format!("step agency “{a}” is not in the catalog"),
            );
        }
    }
    let expected = match p.committed_time.unit {
        TimeUnit::WorkingDays => p.committed_time.working_minutes(),
        TimeUnit::SameDay => None,
        // Calendar-day procedures still schedule their steps in working hours; the days map to
        // working days one for one.
        TimeUnit::CalendarDays => {
            Some(p.committed_time.half_days() as u32 * MINUTES_PER_WORKING_DAY / 2)
        }
    };
    let total = p.steps_minutes();
    if let Some(expected) = expected {
        if !p.steps.is_empty() && total != expected {
            r.add(
                Entity::Procedure,
                key,
                None,
                "steps",
                format!(
                    "Tổng thời gian các bước ({} giờ) khác thời hạn cam kết ({} giờ)",
                    total as f64 / 60.0,
                    expected as f64 / 60.0
                ),
                format!(
                    "the steps add up to {} h, but the committed time is {} h",
                    total as f64 / 60.0,
                    expected as f64 / 60.0
                ),
            );
        }
    } else if p.committed_time.unit == TimeUnit::SameDay && total > MINUTES_PER_WORKING_DAY {
        r.add(
            Entity::Procedure,
            key,
            None,
            "steps",
            "Thủ tục trong ngày nhưng các bước quá 8 giờ".into(),
            "a same-day procedure whose steps take more than 8 h".into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_codes() {
        assert!(is_agency_code("000.00.00.H56"));
        assert!(is_agency_code("000.17.22.H56"));
        assert!(is_agency_code("000.00.00.G02"));
        assert!(!is_agency_code("000.00.00.56"));
        assert!(!is_agency_code("H56"));
        assert!(!is_agency_code("000.00.0.H56"));
    }
}
