//! Why a command was rejected. Each error has a stable `code()` for the API and a message in
//! Vietnamese and English; `kind()` tells the edge which HTTP status fits.

use chrono::{DateTime, Utc};
use motcua_calendar::CalendarError;

use super::{Action, Status};
use crate::catalog::Role;

/// Broad class of an error, for mapping to HTTP (404, 409, 403, 422, 500).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    NotFound,
    /// The dossier is not in a state that allows the action (or it already exists).
    WrongState,
    Forbidden,
    /// The command's data is unusable, or a rule's limit or deadline forbids it.
    Invalid,
    /// The calendar could not compute a deadline (e.g. a date outside its range).
    Internal,
}

/// Why an actor may not act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forbidden {
    /// The actor holds none of these roles.
    Role(Vec<Role>),
    /// The dossier (or its current step) belongs to another agency.
    Agency(String),
    /// The current step belongs to another unit.
    Unit(String),
    /// The current step is held by someone else.
    Owner(String),
    /// Only the applicant who filed it, or the desk, may do this.
    NotApplicant,
    /// Only an officer may do this.
    OfficerOnly,
}

/// How a person reads a command's field in a message: a raw name ("missing") means nothing at
/// the counter, so every field a command checks has its words; an unknown one keeps its name.
pub fn field_vi(field: &str) -> &str {
    match field {
        "reason" => "Lý do",
        "reasons" => "Lý do từ chối",
        "missing" => "Thành phần cần bổ sung",
        "received_by" => "Người nhận kết quả",
        "result_number" => "Số văn bản kết quả",
        "signer" => "Người ký",
        "steps" => "Các bước xử lý",
        "steps.hours" => "Thời gian của bước",
        "agency_code" | "receiving_agency" => "Mã cơ quan",
        "procedure" => "Thủ tục",
        "channel" => "Hình thức nộp",
        "code" => "Mã hồ sơ",
        "applicant.name" => "Tên người nộp",
        "amount_vnd" => "Số tiền",
        "new_due" => "Ngày hẹn trả mới",
        "to_step" => "Bước trả lại",
        other => other,
    }
}

/// [`field_vi`] in English.
pub fn field_en(field: &str) -> &str {
    match field {
        "reason" => "the reason",
        "reasons" => "the reasons for refusal",
        "missing" => "the documents to add",
        "received_by" => "who received the result",
        "result_number" => "the result's number",
        "signer" => "the signer",
        "steps" => "the steps",
        "steps.hours" => "a step's time",
        "agency_code" | "receiving_agency" => "the agency code",
        "procedure" => "the procedure",
        "channel" => "the channel",
        "code" => "the dossier code",
        "applicant.name" => "the applicant's name",
        "amount_vnd" => "the amount",
        "new_due" => "the new appointment",
        "to_step" => "the step to send back to",
        other => other,
    }
}

/// More precise reasons for [`DossierError::WrongState`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateProblem {
    /// The step is already held by this user.
    AlreadyClaimed(String),
    /// There is no next step to forward to.
    NoNextStep,
    /// The approver's step cannot be left before the result is signed.
    NotSigned,
    /// A payment is still pending.
    PaymentPending,
    /// This action belongs to another step of the internal procedure.
    WrongStep { step: usize },
}

/// Why a command's data is unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Empty,
    NotAgencyCode,
    /// The step to send back to is not an earlier step.
    NotEarlierStep {
        current: usize,
    },
    /// The procedure has no internal procedure steps.
    NoSteps,
    /// The procedure is not offered online.
    NotOnline,
    /// The procedure version is not published.
    NotPublished,
    /// The channel of a desk intake must be direct or postal.
    NotDeskChannel,
    /// The new appointment is not after the current one.
    NotAfterDue,
    Negative,
    /// Must be more than zero.
    NotPositive,
    /// More than allowed (for a receipt: more than is owed).
    TooLarge {
        max: i64,
    },
    /// The total is not the sum of the lines.
    NotSum {
        sum: i64,
    },
    /// The procedure in the context is not the dossier's.
    WrongProcedure,
    /// Required components of the procedure without a file (their names).
    MissingComponents(Vec<String>),
    /// Too long, a control character, or not the shape the field needs (see
    /// [`crate::input`]).
    Text(crate::input::TextProblem),
}

/// Limits set by the rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    SupplementRequests,
    Extensions,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DossierError {
    #[error("{} / {}", self.message_vi(), self.message_en())]
    NotFound { action: Action },
    #[error("{} / {}", self.message_vi(), self.message_en())]
    AlreadyExists { code: String },
    #[error("{} / {}", self.message_vi(), self.message_en())]
    WrongState {
        action: Action,
        status: Status,
        problem: Option<StateProblem>,
    },
    #[error("{} / {}", self.message_vi(), self.message_en())]
    NotAllowed { action: Action, reason: Forbidden },
    #[error("{} / {}", self.message_vi(), self.message_en())]
    Invalid {
        action: Action,
        field: &'static str,
        problem: Problem,
    },
    #[error("{} / {}", self.message_vi(), self.message_en())]
    LimitReached {
        action: Action,
        limit: Limit,
        max: u32,
    },
    #[error("{} / {}", self.message_vi(), self.message_en())]
    TooLate {
        action: Action,
        deadline: DateTime<Utc>,
    },
    #[error("{} / {}", self.message_vi(), self.message_en())]
    Calendar(#[from] CalendarError),
}

fn roles_list(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn vn_time(t: &DateTime<Utc>) -> String {
    t.with_timezone(&motcua_calendar::VN_OFFSET)
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

impl DossierError {
    /// Stable machine-readable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            DossierError::NotFound { .. } => "dossier_not_found",
            DossierError::AlreadyExists { .. } => "dossier_exists",
            DossierError::WrongState { .. } => "wrong_state",
            DossierError::NotAllowed { .. } => "forbidden",
            DossierError::Invalid { .. } => "invalid_input",
            DossierError::LimitReached { .. } => "limit_reached",
            DossierError::TooLate { .. } => "too_late",
            DossierError::Calendar(_) => "calendar_error",
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            DossierError::NotFound { .. } => ErrorKind::NotFound,
            DossierError::AlreadyExists { .. } | DossierError::WrongState { .. } => {
                ErrorKind::WrongState
            }
            DossierError::NotAllowed { .. } => ErrorKind::Forbidden,
            DossierError::Invalid { .. }
            | DossierError::LimitReached { .. }
            | DossierError::TooLate { .. } => ErrorKind::Invalid,
            DossierError::Calendar(_) => ErrorKind::Internal,
        }
    }

    pub fn message_vi(&self) -> String {
        match self {
            DossierError::NotFound { action } => {
                format!("Không tìm thấy hồ sơ để {}", action.name_vi())
            }
            DossierError::AlreadyExists { code } => format!("Hồ sơ {code} đã tồn tại"),
            DossierError::WrongState {
                action,
                status,
                problem,
            } => {
                let base = format!(
                    "Không thể {} khi hồ sơ ở trạng thái \"{}\"",
                    action.name_vi(),
                    status.name_vi()
                );
                match problem {
                    None => base,
                    Some(StateProblem::AlreadyClaimed(u)) => format!("{base}: {u} đã nhận xử lý"),
                    Some(StateProblem::NoNextStep) => format!("{base}: không còn bước tiếp theo"),
                    Some(StateProblem::NotSigned) => format!("{base}: kết quả chưa được ký"),
                    Some(StateProblem::PaymentPending) => {
                        format!("{base}: chưa hoàn thành nghĩa vụ tài chính")
                    }
                    Some(StateProblem::WrongStep { step }) => {
                        format!("{base}: thao tác không thuộc bước {}", step + 1)
                    }
                }
            }
            DossierError::NotAllowed { action, reason } => {
                let why = match reason {
                    Forbidden::Role(r) => format!("cần một trong các vai trò: {}", roles_list(r)),
                    Forbidden::Agency(a) => format!("hồ sơ thuộc cơ quan {a}"),
                    Forbidden::Unit(u) => format!("bước hiện tại thuộc đơn vị {u}"),
                    Forbidden::Owner(o) => format!("hồ sơ đang do {o} xử lý"),
                    Forbidden::NotApplicant => {
                        "chỉ người nộp hồ sơ hoặc Bộ phận Một cửa được thực hiện".to_string()
                    }
                    Forbidden::OfficerOnly => "chỉ cán bộ, công chức được thực hiện".to_string(),
                };
                format!("Bạn không có quyền {}: {why}", action.name_vi())
            }
            DossierError::Invalid {
                action,
                field,
                problem,
            } => {
                let why = match problem {
                    Problem::Empty => "không được để trống".to_string(),
                    Problem::NotAgencyCode => "không phải mã định danh cơ quan hợp lệ".to_string(),
                    Problem::NotEarlierStep { current } => {
                        format!("phải là một bước trước bước hiện tại ({})", current + 1)
                    }
                    Problem::NoSteps => "thủ tục chưa có quy trình nội bộ".to_string(),
                    Problem::NotOnline => "thủ tục không cung cấp trực tuyến".to_string(),
                    Problem::NotPublished => "thủ tục chưa được công bố".to_string(),
                    Problem::NotDeskChannel => {
                        "phải là trực tiếp hoặc qua bưu chính công ích".to_string()
                    }
                    Problem::NotAfterDue => "phải sau ngày hẹn trả hiện tại".to_string(),
                    Problem::Negative => "không được âm".to_string(),
                    Problem::NotPositive => "phải lớn hơn 0".to_string(),
                    Problem::TooLarge { max } => format!("không được quá {} đồng", vnd(*max)),
                    Problem::NotSum { sum } => {
                        format!("phải bằng tổng các khoản ({} đồng)", vnd(*sum))
                    }
                    Problem::WrongProcedure => "không phải thủ tục của hồ sơ".to_string(),
                    Problem::MissingComponents(names) => {
                        format!("thiếu thành phần hồ sơ bắt buộc: {}", names.join("; "))
                    }
                    Problem::Text(p) => p.message_vi(),
                };
                format!("Không thể {}: {} {why}", action.name_vi(), field_vi(field))
            }
            DossierError::LimitReached { action, limit, max } => {
                let what = match limit {
                    Limit::SupplementRequests => "yêu cầu bổ sung trong quá trình giải quyết",
                    Limit::Extensions => "lần gia hạn",
                };
                format!("Không thể {}: chỉ được {max} {what}", action.name_vi())
            }
            DossierError::TooLate { action, deadline } => format!(
                "Không thể {}: đã quá hạn {}",
                action.name_vi(),
                vn_time(deadline)
            ),
            DossierError::Calendar(e) => format!("Lỗi lịch làm việc: {e}"),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            DossierError::NotFound { action } => {
                format!("no dossier to {}", action.name_en())
            }
            DossierError::AlreadyExists { code } => format!("dossier {code} already exists"),
            DossierError::WrongState {
                action,
                status,
                problem,
            } => {
                let base = format!(
                    "cannot {} a dossier in status {}",
                    action.name_en(),
                    status.as_str()
                );
                match problem {
                    None => base,
                    Some(StateProblem::AlreadyClaimed(u)) => {
                        format!("{base}: already claimed by {u}")
                    }
                    Some(StateProblem::NoNextStep) => format!("{base}: there is no next step"),
                    Some(StateProblem::NotSigned) => format!("{base}: the result is not signed"),
                    Some(StateProblem::PaymentPending) => format!("{base}: a payment is pending"),
                    Some(StateProblem::WrongStep { step }) => {
                        format!("{base}: not an action of step {}", step + 1)
                    }
                }
            }
            DossierError::NotAllowed { action, reason } => {
                let why = match reason {
                    Forbidden::Role(r) => format!("needs one of the roles {}", roles_list(r)),
                    Forbidden::Agency(a) => format!("the dossier belongs to agency {a}"),
                    Forbidden::Unit(u) => format!("the current step belongs to unit {u}"),
                    Forbidden::Owner(o) => format!("the dossier is held by {o}"),
                    Forbidden::NotApplicant => {
                        "only the applicant who filed it or the desk may".to_string()
                    }
                    Forbidden::OfficerOnly => "only an officer may".to_string(),
                };
                format!("not allowed to {}: {why}", action.name_en())
            }
            DossierError::Invalid {
                action,
                field,
                problem,
            } => {
                let why = match problem {
                    Problem::Empty => "must not be empty".to_string(),
                    Problem::NotAgencyCode => "is not a valid agency code".to_string(),
                    Problem::NotEarlierStep { current } => {
                        format!("must be a step before the current one ({})", current + 1)
                    }
                    Problem::NoSteps => "the procedure has no internal steps".to_string(),
                    Problem::NotOnline => "the procedure is not offered online".to_string(),
                    Problem::NotPublished => "the procedure is not published".to_string(),
                    Problem::NotDeskChannel => "must be direct or postal".to_string(),
                    Problem::NotAfterDue => "must be after the current appointment".to_string(),
                    Problem::Negative => "must not be negative".to_string(),
                    Problem::NotPositive => "must be more than zero".to_string(),
                    Problem::TooLarge { max } => format!("must not be more than {max} VND"),
                    Problem::NotSum { sum } => format!("must be the sum of the lines ({sum} VND)"),
                    Problem::WrongProcedure => "is not the dossier's procedure".to_string(),
                    Problem::MissingComponents(names) => {
                        format!("lack required documents: {}", names.join("; "))
                    }
                    Problem::Text(p) => p.message_en(),
                };
                format!("cannot {}: {} {why}", action.name_en(), field_en(field))
            }
            DossierError::LimitReached { action, limit, max } => {
                let what = match limit {
                    Limit::SupplementRequests => "supplement request(s) during handling",
                    Limit::Extensions => "extension(s)",
                };
                format!("cannot {}: only {max} {what} allowed", action.name_en())
            }
            DossierError::TooLate { action, deadline } => format!(
                "cannot {}: the deadline {} has passed",
                action.name_en(),
                deadline.to_rfc3339()
            ),
            DossierError::Calendar(e) => format!("working calendar error: {e}"),
        }
    }
}

/// 1200000 → "1.200.000" (Vietnamese thousands separator).
pub fn vnd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if amount < 0 {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field a command checks (grep `invalid(` / `non_empty(` in decide and handling).
    const FIELDS: [&str; 16] = [
        "reason",
        "reasons",
        "missing",
        "received_by",
        "result_number",
        "signer",
        "steps",
        "steps.hours",
        "agency_code",
        "receiving_agency",
        "procedure",
        "channel",
        "code",
        "applicant.name",
        "amount_vnd",
        "new_due",
    ];

    #[test]
    fn messages_name_fields_in_words_never_raw() {
        for field in FIELDS.into_iter().chain(["to_step"]) {
            let e = DossierError::Invalid {
                action: Action::Stop,
                field,
                problem: Problem::Empty,
            };
            let (vi, en) = (e.message_vi(), e.message_en());
            assert_ne!(field_vi(field), field, "{field} has Vietnamese words");
            assert_ne!(field_en(field), field, "{field} has English words");
            // The raw name never follows the action; the words do.
            assert!(!vi.contains(&format!(": {field} ")), "{vi}");
            assert!(!en.contains(&format!(": {field} ")), "{en}");
            assert!(vi.contains(field_vi(field)) && en.contains(field_en(field)));
        }
        let e = DossierError::Invalid {
            action: Action::RequestSupplement,
            field: "missing",
            problem: Problem::Empty,
        };
        assert!(
            e.message_vi()
                .ends_with("Thành phần cần bổ sung không được để trống"),
            "{}",
            e.message_vi()
        );
    }
}
