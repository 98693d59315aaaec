//! The procedure catalog (domain.md §3): agencies, units, fields, procedures with their
//! components, fees and internal procedure (workflow steps).
//!
//! These types are the shape of the demo data file, of catalog import/export and of the JSON
//! API, so their serde form is a contract: change it deliberately.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod validate;
pub use validate::{is_agency_code, CatalogError, CatalogProblem, Entity};

/// Minutes in one working day: 8 working hours make one working day.
pub const MINUTES_PER_WORKING_DAY: u32 = 8 * 60;

/// An agency (cơ quan), identified by its QCVN 102:2016/BTTTT code, e.g. `000.00.00.H56`
/// or `000.17.22.H56`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agency {
    pub code: String,
    pub name: String,
    /// Code of the agency this one belongs to (e.g. the provincial People's Committee).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default)]
    pub units: Vec<Unit>,
}

/// A unit (phòng, đơn vị) inside an agency. `code` is unique within its agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    pub code: String,
    pub name: String,
}

/// A field of procedures (lĩnh vực), e.g. `TM` "Thương mại quốc tế".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Field {
    pub code: String,
    pub name: String,
}

/// Who may file a procedure (đối tượng thực hiện).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicantType {
    /// Công dân Việt Nam / cá nhân.
    Citizen,
    /// Doanh nghiệp, hộ kinh doanh.
    Business,
    /// Cơ quan nhà nước.
    StateAgency,
    /// Tổ chức khác.
    Organization,
    /// Người nước ngoài / tổ chức nước ngoài.
    Foreign,
}

/// How a time limit is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Ngày làm việc.
    WorkingDays,
    /// Ngày (calendar days; never ends on a day off).
    CalendarDays,
    /// Trong ngày: handled the same working day.
    SameDay,
}

/// A time limit: statutory (by law) or committed (published by the agency).
///
/// `days` is a multiple of 0.5; it is 0 for [`TimeUnit::SameDay`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeLimit {
    pub unit: TimeUnit,
    #[serde(default)]
    pub days: f64,
}

impl TimeLimit {
    pub fn working_days(days: f64) -> Self {
        Self {
            unit: TimeUnit::WorkingDays,
            days,
        }
    }

    pub fn calendar_days(days: f64) -> Self {
        Self {
            unit: TimeUnit::CalendarDays,
            days,
        }
    }

    pub fn same_day() -> Self {
        Self {
            unit: TimeUnit::SameDay,
            days: 0.0,
        }
    }

    /// The limit in half days, the unit it is stored in.
    pub fn half_days(&self) -> i64 {
        (self.days * 2.0).round() as i64
    }

    pub fn from_half_days(unit: TimeUnit, half_days: i64) -> Self {
        Self {
            unit,
            days: half_days as f64 / 2.0,
        }
    }

    /// Working minutes this limit stands for, when it is counted in working time.
    /// Same-day counts as what is left of one working day (the calendar decides), here 1 day.
    pub fn working_minutes(&self) -> Option<u32> {
        match self.unit {
            TimeUnit::WorkingDays => Some((self.half_days() as u32) * MINUTES_PER_WORKING_DAY / 2),
            TimeUnit::SameDay => Some(MINUTES_PER_WORKING_DAY),
            TimeUnit::CalendarDays => None,
        }
    }

    /// Cut of `self` (committed) against `statutory`, in percent, when both are comparable.
    /// Same-day against N days counts as 1 day.
    pub fn cut_percent(&self, statutory: &TimeLimit) -> Option<f64> {
        let as_days = |t: &TimeLimit| match t.unit {
            TimeUnit::SameDay => Some(1.0),
            _ => Some(t.days),
        };
        if self.unit == TimeUnit::CalendarDays && statutory.unit != TimeUnit::CalendarDays
            || statutory.unit == TimeUnit::CalendarDays && self.unit != TimeUnit::CalendarDays
        {
            return None;
        }
        let (c, s) = (as_days(self)?, as_days(statutory)?);
        if s <= 0.0 {
            return None;
        }
        Some(((s - c) / s * 100.0).max(0.0))
    }
}

/// When fees are collected (thời điểm thu phí).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeeTiming {
    /// Nộp khi nộp hồ sơ.
    Before,
    /// Nộp khi nhận kết quả.
    After,
    /// Miễn phí, lệ phí.
    Exempt,
    /// Không quy định phí, lệ phí.
    None,
}

/// One fee or charge (phí, lệ phí).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fee {
    /// E.g. "Phí thẩm định cấp Giấy phép bán buôn rượu".
    pub name: String,
    /// Amount in VND when fixed; `None` when it depends on the case (see `description`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_vnd: Option<i64>,
    /// E.g. "Tại khu vực thành phố: 1.200.000 đồng/điểm kinh doanh/lần thẩm định".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One required document (thành phần hồ sơ).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Component {
    pub name: String,
    /// Number of originals (bản chính).
    #[serde(default)]
    pub originals: u32,
    /// Number of certified copies (bản sao chứng thực) — or copies shown with the original.
    #[serde(default)]
    pub certified_copies: u32,
    /// Number of plain copies (bản sao / bản chụp).
    #[serde(default)]
    pub copies: u32,
    #[serde(default = "yes")]
    pub required: bool,
    /// Template form, e.g. "Mẫu số 01 Phụ lục I Nghị định 105/2017/NĐ-CP".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

/// What the result of a procedure is delivered as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResultKind {
    Paper,
    Electronic,
    Both,
}

/// Online public service level under Decree 42/2022/NĐ-CP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OnlineLevel {
    /// Dịch vụ công trực tuyến toàn trình.
    Full,
    /// Dịch vụ công trực tuyến một phần.
    Partial,
    /// Not offered online.
    None,
}

/// Publication status of a procedure version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PublicationStatus {
    Draft,
    Published,
    /// Bãi bỏ / no longer applied.
    Withdrawn,
}

/// Roles a step of an internal procedure is assigned to (and users hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Công chức Bộ phận Một cửa — desk officer: receives and returns.
    Desk,
    /// Chuyên viên — specialist who appraises.
    Specialist,
    /// Lãnh đạo phòng — head (or deputy head) of a unit.
    Head,
    /// Lãnh đạo cơ quan — director or deputy director who approves and signs.
    Director,
    /// Văn thư — clerk who numbers, stamps and issues.
    Clerk,
    /// Quản trị hệ thống.
    Admin,
    /// Cán bộ theo dõi cải cách hành chính — reads reports.
    Reporter,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Desk,
        Role::Specialist,
        Role::Head,
        Role::Director,
        Role::Clerk,
        Role::Admin,
        Role::Reporter,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Desk => "desk",
            Role::Specialist => "specialist",
            Role::Head => "head",
            Role::Director => "director",
            Role::Clerk => "clerk",
            Role::Admin => "admin",
            Role::Reporter => "reporter",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One step of the internal procedure (quy trình nội bộ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    /// E.g. "Tiếp nhận, kiểm tra hồ sơ, chuyển Phòng Quản lý Thương mại".
    pub name: String,
    pub role: Role,
    /// Unit code inside the procedure's agency (or `agency_code` when another agency acts).
    pub unit_code: String,
    /// Set when the step is done by another agency (liên thông).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency_code: Option<String>,
    /// Duration in working hours (8 h = 1 working day); a multiple of 0.5.
    pub hours: f64,
}

impl Step {
    pub fn minutes(&self) -> u32 {
        (self.hours * 60.0).round() as u32
    }
}

/// A procedure version (thủ tục hành chính).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Procedure {
    /// National code, e.g. `1.000948`, or the localised `1.004616.000.00.00.H56`.
    pub code: String,
    pub name: String,
    pub field_code: String,
    /// Competent agency (cơ quan có thẩm quyền).
    pub agency_code: String,
    /// Unit in charge of handling (phòng chủ trì).
    pub unit_code: String,
    /// Level of the competent authority, e.g. "Cấp tỉnh".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    pub applicant_types: Vec<ApplicantType>,
    pub statutory_time: TimeLimit,
    pub committed_time: TimeLimit,
    /// For same-day procedures: received after 15:00 counts from the next working day.
    #[serde(default)]
    pub same_day_cutoff: bool,
    pub fee_timing: FeeTiming,
    #[serde(default)]
    pub fees: Vec<Fee>,
    /// Number of sets of the dossier (số lượng hồ sơ).
    #[serde(default = "one")]
    pub sets: u32,
    pub components: Vec<Component>,
    /// Name of the result, e.g. "Giấy phép bán buôn sản phẩm rượu".
    pub result_name: String,
    pub result_kind: ResultKind,
    pub online_level: OnlineLevel,
    /// Published on the National Public Service Portal.
    #[serde(default)]
    pub national_portal: bool,
    /// Eligible for "4 tại chỗ" (received, appraised, approved and returned at the desk).
    #[serde(default)]
    pub on_the_spot: bool,
    /// Requirements and conditions (yêu cầu, điều kiện), free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<String>,
    pub legal_basis: Vec<String>,
    pub effective_from: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_to: Option<NaiveDate>,
    pub status: PublicationStatus,
    pub steps: Vec<Step>,
}

fn one() -> u32 {
    1
}

impl Procedure {
    /// Sum of the step durations, in working minutes.
    pub fn steps_minutes(&self) -> u32 {
        self.steps.iter().map(Step::minutes).sum()
    }

    /// Whether the committed time is at least 30% below the statutory time (the reform target).
    pub fn cut_by_30_percent(&self) -> bool {
        self.committed_time
            .cut_percent(&self.statutory_time)
            .is_some_and(|p| p >= 30.0 - 1e-9)
    }
}

/// A whole catalog: what the demo data, an import file or an export holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    #[serde(default)]
    pub agencies: Vec<Agency>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub procedures: Vec<Procedure>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_percent_compares_like_with_like() {
        let s = TimeLimit::working_days(20.0);
        assert_eq!(TimeLimit::working_days(14.0).cut_percent(&s), Some(30.0));
        assert_eq!(TimeLimit::working_days(15.0).cut_percent(&s), Some(25.0));
        assert_eq!(
            TimeLimit::same_day().cut_percent(&TimeLimit::working_days(2.0)),
            Some(50.0)
        );
        assert_eq!(TimeLimit::calendar_days(10.0).cut_percent(&s), None);
        assert_eq!(TimeLimit::working_days(25.0).cut_percent(&s), Some(0.0));
    }

    #[test]
    fn half_days_round_trip() {
        let t = TimeLimit::working_days(2.5);
        assert_eq!(t.half_days(), 5);
        assert_eq!(TimeLimit::from_half_days(TimeUnit::WorkingDays, 5), t);
        assert_eq!(t.working_minutes(), Some(1200));
    }
}
