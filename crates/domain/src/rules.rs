//! Effective-dated rule sets (domain.md §1): the one-stop rules change with the law, and a
//! dossier keeps the rule set in force on the day it was received.
//!
//! - [`DECREE_61_2018`]: Decree 61/2018/NĐ-CP as amended by Decree 107/2021/NĐ-CP, forms of
//!   Circular 01/2018/TT-VPCP (01–06); dossiers received up to 2025-06-30.
//! - [`DECREE_118_2025`]: Decree 118/2025/NĐ-CP, forms of Circular 03/2025/TT-VPCP (01–07);
//!   dossiers received from 2025-07-01.
//!
//! Values marked (verify) in domain.md come from practice or secondary sources: they are plain
//! fields so an operator can run with a modified copy (`RuleSet { max_extensions: 2, ..x.clone() }`).

use chrono::{NaiveDate, NaiveTime};
use motcua_calendar::{WorkingDuration, SAME_DAY_CUTOFF};
use serde::{Deserialize, Serialize};

/// Identifies a rule set; this is what a dossier stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RuleSetId {
    /// Decree 61/2018 + 107/2021, Circular 01/2018.
    #[serde(rename = "decree61_2018")]
    Decree61_2018,
    /// Decree 118/2025, Circular 03/2025.
    #[serde(rename = "decree118_2025")]
    Decree118_2025,
}

/// A printed form of the one-stop mechanism, by purpose. Its number and title depend on the
/// rule set (see [`RuleSet::form`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// Receipt and appointment (form 01).
    Receipt,
    /// Request to supplement or complete the dossier (form 02).
    SupplementRequest,
    /// Refusal to receive (form 03).
    Refusal,
    /// Apology and new appointment (form 04 of Circular 01/2018).
    Apology,
    /// Apology and request for extension (form 04 of Circular 03/2025).
    ApologyAndExtension,
    /// Notice of stopping the handling (form 05 of Circular 03/2025).
    StopNotice,
    /// Process control slip.
    ControlSlip,
    /// Tracking book.
    TrackingBook,
}

/// Paper size a form is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    A4,
    A5,
}

/// A form as a rule set numbers and names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FormSpec {
    pub form: Form,
    /// "Mẫu số 0N".
    pub number: u8,
    pub title: &'static str,
    pub paper: Paper,
}

/// The rules in force for a dossier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSet {
    pub id: RuleSetId,
    pub name: &'static str,
    pub legal_basis: &'static [&'static str],
    /// First day of reception this rule set applies to.
    pub effective_from: NaiveDate,
    /// Last day of reception, inclusive.
    pub effective_to: Option<NaiveDate>,
    pub forms: &'static [FormSpec],
    /// Supplement requests allowed while handling. (verify) domain.md §4.4: "only one".
    pub max_supplement_requests: u32,
    /// A finished dossier with more supplement requests than this counts as late, whatever its
    /// dates. (verify) Decision 766/QĐ-TTg index: more than one = late.
    pub late_if_supplements_over: u32,
    /// How many times the appointment may be moved. (verify) domain.md §4.6: once.
    pub max_extensions: u32,
    /// The apology / extension must be issued at least this much working time before the
    /// appointment, in minutes. (verify) domain.md §4.6: 1 working day.
    pub extension_notice_minutes: i64,
    /// Same-day procedures received after this local time count from the next working day.
    /// (verify) domain.md §4.2: 15:00.
    pub same_day_cutoff: NaiveTime,
    /// Working time before a due instant at which a clock turns "due soon", in minutes.
    /// Issue 4: default 1 working day.
    pub due_soon_minutes: i64,
    /// Late rate counted against the original appointment, not the extended one. (verify)
    /// domain.md §4 "Classification"; reports may override.
    pub count_late_against_original: bool,
}

impl RuleSet {
    /// How this rule set numbers and names `form`; `None` if it has no such form.
    pub fn form(&self, form: Form) -> Option<&FormSpec> {
        self.forms.iter().find(|f| f.form == form)
    }

    /// The form issued with an apology / extension.
    pub fn extension_form(&self) -> Form {
        match self.id {
            RuleSetId::Decree61_2018 => Form::Apology,
            RuleSetId::Decree118_2025 => Form::ApologyAndExtension,
        }
    }

    pub fn due_soon(&self) -> WorkingDuration {
        WorkingDuration::minutes(self.due_soon_minutes)
    }

    pub fn extension_notice(&self) -> WorkingDuration {
        WorkingDuration::minutes(self.extension_notice_minutes)
    }

    /// Whether this rule set applies to a dossier received on `date` (Vietnam date).
    pub fn applies_on(&self, date: NaiveDate) -> bool {
        date >= self.effective_from && self.effective_to.is_none_or(|to| date <= to)
    }
}

const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(x) => x,
        None => NaiveDate::MIN,
    }
}

const MINUTES_PER_DAY: i64 = 8 * 60;

/// Circular 01/2018/TT-VPCP, Annex: forms 01–06.
const FORMS_01_2018: &[FormSpec] = &[
    FormSpec {
        form: Form::Receipt,
        number: 1,
        title: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        paper: Paper::A5,
    },
    FormSpec {
        form: Form::SupplementRequest,
        number: 2,
        title: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        paper: Paper::A5,
    },
    FormSpec {
        form: Form::Refusal,
        number: 3,
        title: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
        paper: Paper::A5,
    },
    FormSpec {
        form: Form::Apology,
        number: 4,
        title: "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        paper: Paper::A5,
    },
    FormSpec {
        form: Form::ControlSlip,
        number: 5,
        title: "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        paper: Paper::A5,
    },
    FormSpec {
        form: Form::TrackingBook,
        number: 6,
        title: "Sổ theo dõi hồ sơ",
        paper: Paper::A4,
    },
];

/// Circular 03/2025/TT-VPCP: forms 01–07.
const FORMS_03_2025: &[FormSpec] = &[
    FormSpec {
        form: Form::Receipt,
        number: 1,
        title: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        paper: Paper::A5,
    },
    FormSpec {
        form: Form::SupplementRequest,
        number: 2,
        title: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        paper: Paper::A5,
    },
    FormSpec {
        form: Form::Refusal,
        number: 3,
        title: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
        paper: Paper::A5,
    },
    FormSpec {
        form: Form::ApologyAndExtension,
        number: 4,
        title: "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
        paper: Paper::A4,
    },
    FormSpec {
        form: Form::StopNotice,
        number: 5,
        title: "Thông báo dừng giải quyết hồ sơ",
        paper: Paper::A4,
    },
    FormSpec {
        form: Form::ControlSlip,
        number: 6,
        title: "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        paper: Paper::A5,
    },
    FormSpec {
        form: Form::TrackingBook,
        number: 7,
        title: "Sổ theo dõi hồ sơ",
        paper: Paper::A4,
    },
];

/// Decree 61/2018 + 107/2021, Circular 01/2018: dossiers received up to 2025-06-30.
pub static DECREE_61_2018: RuleSet = RuleSet {
    id: RuleSetId::Decree61_2018,
    name: "Nghị định 61/2018/NĐ-CP (sửa đổi bởi Nghị định 107/2021/NĐ-CP)",
    legal_basis: &[
        "Nghị định 61/2018/NĐ-CP",
        "Nghị định 107/2021/NĐ-CP",
        "Thông tư 01/2018/TT-VPCP",
    ],
    effective_from: date(2018, 6, 21),
    effective_to: Some(date(2025, 6, 30)),
    forms: FORMS_01_2018,
    max_supplement_requests: 1,
    late_if_supplements_over: 1,
    max_extensions: 1,
    extension_notice_minutes: MINUTES_PER_DAY,
    same_day_cutoff: SAME_DAY_CUTOFF,
    due_soon_minutes: MINUTES_PER_DAY,
    count_late_against_original: true,
};

/// Decree 118/2025, Circular 03/2025: dossiers received from 2025-07-01.
pub static DECREE_118_2025: RuleSet = RuleSet {
    id: RuleSetId::Decree118_2025,
    name: "Nghị định 118/2025/NĐ-CP",
    legal_basis: &["Nghị định 118/2025/NĐ-CP", "Thông tư 03/2025/TT-VPCP"],
    effective_from: date(2025, 7, 1),
    effective_to: None,
    forms: FORMS_03_2025,
    max_supplement_requests: 1,
    late_if_supplements_over: 1,
    max_extensions: 1,
    extension_notice_minutes: MINUTES_PER_DAY,
    same_day_cutoff: SAME_DAY_CUTOFF,
    due_soon_minutes: MINUTES_PER_DAY,
    count_late_against_original: true,
};

/// Every shipped rule set, oldest first.
pub fn all() -> [&'static RuleSet; 2] {
    [&DECREE_61_2018, &DECREE_118_2025]
}

/// The rule set for a dossier received on `date` (Vietnam date). Dates before 2018 get the
/// oldest rule set we model.
pub fn for_date(date: NaiveDate) -> &'static RuleSet {
    if date >= DECREE_118_2025.effective_from {
        &DECREE_118_2025
    } else {
        &DECREE_61_2018
    }
}

pub fn by_id(id: RuleSetId) -> &'static RuleSet {
    match id {
        RuleSetId::Decree61_2018 => &DECREE_61_2018,
        RuleSetId::Decree118_2025 => &DECREE_118_2025,
    }
}

// Which rule set a dossier acts under is a question about the dossier: it lives there, so the
// rule sets (below the dossier) need not know what a dossier is.
pub use crate::dossier::for_dossier;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switch_on_2025_07_01() {
        assert_eq!(for_date(date(2025, 6, 30)).id, RuleSetId::Decree61_2018);
        assert_eq!(for_date(date(2025, 7, 1)).id, RuleSetId::Decree118_2025);
        assert_eq!(for_date(date(2010, 1, 1)).id, RuleSetId::Decree61_2018);
        assert!(DECREE_61_2018.applies_on(date(2025, 6, 30)));
        assert!(!DECREE_61_2018.applies_on(date(2025, 7, 1)));
        assert!(DECREE_118_2025.applies_on(date(2030, 1, 1)));
    }

    #[test]
    fn forms_per_rule_set() {
        assert_eq!(DECREE_61_2018.forms.len(), 6);
        assert_eq!(DECREE_118_2025.forms.len(), 7);
        let n = |r: &RuleSet, f| r.form(f).map(|s| s.number);
        assert_eq!(n(&DECREE_61_2018, Form::Apology), Some(4));
        assert_eq!(n(&DECREE_61_2018, Form::StopNotice), None);
        assert_eq!(n(&DECREE_118_2025, Form::ApologyAndExtension), Some(4));
        assert_eq!(n(&DECREE_118_2025, Form::StopNotice), Some(5));
        assert_eq!(n(&DECREE_118_2025, Form::TrackingBook), Some(7));
        for r in all() {
            let mut nums: Vec<u8> = r.forms.iter().map(|f| f.number).collect();
            nums.dedup();
            assert_eq!(nums, (1..=r.forms.len() as u8).collect::<Vec<_>>());
            assert!(r.form(r.extension_form()).is_some());
        }
    }

    #[test]
    fn ids_serialize_stably() {
        let s = serde_json::to_string(&RuleSetId::Decree118_2025).ok();
        assert_eq!(s.as_deref(), Some("\"decree118_2025\""));
    }
}
