//! Satisfaction ratings and feedback / petitions (PAKN), domain.md §7.
//!
//! Pure: values, validation with bilingual errors, the PAKN code format and its deadlines on the
//! working calendar. The store keeps them (`motcua_store::{ratings, feedback}`).

use chrono::{DateTime, NaiveDate, Utc};
use motcua_calendar::{WorkingCalendar, WorkingDuration};
use serde::{Deserialize, Serialize};

use crate::dossier::{vn_date, ErrorKind};

mod inbox;
mod rules;
pub use inbox::{
    assign_feedback, complaint_from_rating, feedback_figures, feedback_overdue,
    may_assign_feedback, may_be_assigned_feedback, FeedbackFigures, FEEDBACK_ASSIGNERS,
};
pub use rules::{
    change_feedback, may_change_feedback, may_rate, may_read_feedback, needs_text,
    FEEDBACK_HANDLERS, FEEDBACK_PUBLISHERS,
};

/// The three answers of the satisfaction questions (domain.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RatingLevel {
    /// Rất hài lòng.
    VerySatisfied,
    /// Hài lòng.
    Satisfied,
    /// Không hài lòng.
    Dissatisfied,
}

impl RatingLevel {
    pub const ALL: [RatingLevel; 3] = [
        RatingLevel::VerySatisfied,
        RatingLevel::Satisfied,
        RatingLevel::Dissatisfied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RatingLevel::VerySatisfied => "very_satisfied",
            RatingLevel::Satisfied => "satisfied",
            RatingLevel::Dissatisfied => "dissatisfied",
        }
    }

    pub fn parse(s: &str) -> Option<RatingLevel> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            RatingLevel::VerySatisfied => "Rất hài lòng",
            RatingLevel::Satisfied => "Hài lòng",
            RatingLevel::Dissatisfied => "Không hài lòng",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            RatingLevel::VerySatisfied => "Very satisfied",
            RatingLevel::Satisfied => "Satisfied",
            RatingLevel::Dissatisfied => "Dissatisfied",
        }
    }

    /// Satisfied or very satisfied.
    pub fn is_satisfied(self) -> bool {
        self != RatingLevel::Dissatisfied
    }
}

/// The applicant's answer for one returned dossier: ease of the procedure, and overall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    pub dossier_code: String,
    pub ease: RatingLevel,
    pub overall: RatingLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub rated_at: DateTime<Utc>,
}

/// Longest free text kept in a comment, subject or answer (characters).
pub const MAX_TEXT: usize = 5000;
pub const MAX_SUBJECT: usize = 300;

impl Rating {
    /// Trims the comment (empty → none) and checks its length.
    pub fn validate(mut self) -> Result<Rating, ServiceError> {
        self.comment = clean_opt(self.comment);
        if self
            .comment
            .as_ref()
            .is_some_and(|c| c.chars().count() > MAX_TEXT)
        {
            return Err(ServiceError::TooLong {
                field: "comment",
                max: MAX_TEXT,
            });
        }
        if self.dossier_code.trim().is_empty() {
            return Err(ServiceError::Missing {
                field: "dossier_code",
            });
        }
        Ok(self)
    }
}

/// Phản ánh (a report of a problem) or kiến nghị (a proposal / petition).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeedbackKind {
    Feedback,
    Petition,
}

impl FeedbackKind {
    pub fn name_vi(self) -> &'static str {
        match self {
            FeedbackKind::Feedback => "Phản ánh",
            FeedbackKind::Petition => "Kiến nghị",
        }
    }
}

/// Where a PAKN stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeedbackStatus {
    /// Received, not yet looked at.
    Received,
    /// Being handled.
    InProgress,
    /// More information was asked of the sender.
    InfoRequested,
    /// Answered (not yet published).
    Answered,
    /// Refused (outside competence, anonymous, duplicate…).
    Refused,
    /// Answer published.
    Published,
}

impl FeedbackStatus {
    pub const ALL: [FeedbackStatus; 6] = [
        FeedbackStatus::Received,
        FeedbackStatus::InProgress,
        FeedbackStatus::InfoRequested,
        FeedbackStatus::Answered,
        FeedbackStatus::Refused,
        FeedbackStatus::Published,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackStatus::Received => "received",
            FeedbackStatus::InProgress => "in_progress",
            FeedbackStatus::InfoRequested => "info_requested",
            FeedbackStatus::Answered => "answered",
            FeedbackStatus::Refused => "refused",
            FeedbackStatus::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<FeedbackStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            FeedbackStatus::Received => "Đã tiếp nhận",
            FeedbackStatus::InProgress => "Đang xử lý",
            FeedbackStatus::InfoRequested => "Yêu cầu bổ sung thông tin",
            FeedbackStatus::Answered => "Đã trả lời",
            FeedbackStatus::Refused => "Từ chối xử lý",
            FeedbackStatus::Published => "Đã công khai",
        }
    }

    /// No further change is possible.
    pub fn is_final(self) -> bool {
        matches!(self, FeedbackStatus::Refused | FeedbackStatus::Published)
    }

    /// Whether a PAKN may go from `self` to `to`.
    pub fn can_become(self, to: FeedbackStatus) -> bool {
        use FeedbackStatus::*;
        matches!(
            (self, to),
            (Received | InfoRequested, InProgress)
                | (Received | InProgress, InfoRequested)
                | (Received | InProgress | InfoRequested, Answered | Refused)
                | (Answered, Published)
        )
    }
}

/// Who sent it (an applicant may stay anonymous towards the public, not towards the agency).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// An answer (or the reason for a refusal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackAnswer {
    pub text: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// What a sender submits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewFeedback {
    pub kind: FeedbackKind,
    pub subject: String,
    pub content: String,
    pub contact: Contact,
    /// The dossier it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier_code: Option<String>,
    /// Agency it is addressed to.
    pub agency_code: String,
    /// The sender agrees that the answer be published (Decree 20/2008 publishes answers; a
    /// sender who does not agree keeps theirs private).
    #[serde(default)]
    pub publish_consent: bool,
}

impl NewFeedback {
    /// Trims the texts and checks what must be there: subject, content, a name, and a way to
    /// answer (phone or e-mail).
    pub fn validate(mut self) -> Result<NewFeedback, ServiceError> {
        self.subject = self.subject.trim().to_owned();
        self.content = self.content.trim().to_owned();
        self.contact.name = self.contact.name.trim().to_owned();
        self.contact.phone = clean_opt(self.contact.phone);
        self.contact.email = clean_opt(self.contact.email);
        self.dossier_code = clean_opt(self.dossier_code);
        self.agency_code = self.agency_code.trim().to_owned();
        for (field, v) in [
            ("subject", &self.subject),
            ("content", &self.content),
            ("contact.name", &self.contact.name),
            ("agency_code", &self.agency_code),
        ] {
            if v.is_empty() {
                return Err(ServiceError::Missing { field });
            }
        }
        if self.subject.chars().count() > MAX_SUBJECT {
            return Err(ServiceError::TooLong {
                field: "subject",
                max: MAX_SUBJECT,
            });
        }
        if self.content.chars().count() > MAX_TEXT {
            return Err(ServiceError::TooLong {
                field: "content",
                max: MAX_TEXT,
            });
        }
        if self.contact.phone.is_none() && self.contact.email.is_none() {
            return Err(ServiceError::NoWayToAnswer);
        }
        if let Some(p) = &self.contact.phone {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            let ok = p
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '.' | '-'));
            if !ok || !(8..=15).contains(&digits) {
                return Err(ServiceError::BadPhone);
            }
        }
        if let Some(e) = &self.contact.email {
            let ok = e
                .split_once('@')
                .is_some_and(|(u, d)| !u.is_empty() && d.contains('.') && !d.starts_with('.'));
            if !ok || e.contains(char::is_whitespace) {
                return Err(ServiceError::BadEmail);
            }
        }
        Ok(self)
    }
}

/// A stored PAKN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Feedback {
    /// `PAKN-{yyMMdd}-{seq:04}`.
    pub code: String,
    pub kind: FeedbackKind,
    pub subject: String,
    pub content: String,
    pub contact: Contact,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier_code: Option<String>,
    pub agency_code: String,
    pub status: FeedbackStatus,
    pub received_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The answer, or the reason of a refusal / the information asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<FeedbackAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<Utc>>,
    /// The officer it was assigned to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_to: Option<String>,
    /// Whether the sender agreed that the answer be published.
    #[serde(default)]
    pub publish_consent: bool,
}

impl Feedback {
    /// Whether `key` proves the sender: the e-mail they gave (any case), their phone, or its
    /// last 4 digits.
    pub fn contact_matches(&self, key: &str) -> bool {
        let key = key.trim();
        if key.is_empty() {
            return false;
        }
        if self
            .contact
            .email
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case(key))
        {
            return true;
        }
        let digits: String = self
            .contact
            .phone
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let key = crate::dossier::normalize_id(key);
        digits.len() >= 4 && (key == digits || (key.len() == 4 && digits.ends_with(&key)))
    }
}

/// Formats a PAKN code, e.g. `PAKN-210531-0001`; the sequence is per Vietnam date.
pub fn feedback_code(date: NaiveDate, seq: u32) -> String {
    format!("PAKN-{}-{seq:04}", date.format("%y%m%d"))
}

/// Parses a code made by [`feedback_code`] into its date and sequence.
pub fn parse_feedback_code(code: &str) -> Option<(NaiveDate, u32)> {
    let rest = code.strip_prefix("PAKN-")?;
    let (date, seq) = rest.split_once('-')?;
    if date.len() != 6 || seq.len() < 4 || !seq.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !date.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let date = NaiveDate::parse_from_str(&format!("20{date}"), "%Y%m%d").ok()?;
    Some((date, seq.parse().ok()?))
}

/// PAKN time limits in working days (domain.md §7, Decision 766 timeliness). The answer is due
/// 10 working days after reception: Decree 20/2008/NĐ-CP on receiving and handling PAKN on
/// administrative regulations, as amended by Decree 92/2017/NĐ-CP (the handling period).
/// Refusal within 2, asking for more information within 5 and publication within 2 working
/// days are the Decision 766 timeliness practice of domain.md §7. Plain fields so an operator
/// can change them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackLimits {
    pub refuse_days: i64,
    pub request_info_days: i64,
    pub handle_days: i64,
    pub publish_days: i64,
}

impl Default for FeedbackLimits {
    fn default() -> Self {
        FeedbackLimits {
            refuse_days: 2,
            request_info_days: 5,
            handle_days: 10,
            publish_days: 2,
        }
    }
}

/// The deadlines of one PAKN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackDeadlines {
    /// Refuse by then, or handle it.
    pub refuse_by: DateTime<Utc>,
    /// Ask the sender for more information by then.
    pub request_info_by: DateTime<Utc>,
    /// Answer by then.
    pub answer_by: DateTime<Utc>,
    /// Publish the answer by then (once answered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_by: Option<DateTime<Utc>>,
}

fn add_days(
    cal: &WorkingCalendar,
    from: DateTime<Utc>,
    days: i64,
) -> Result<DateTime<Utc>, ServiceError> {
    let t = from.with_timezone(&motcua_calendar::VN_OFFSET);
    let start = cal.next_working_instant(t)?;
    Ok(cal
        .add_working(start, WorkingDuration::days(days))?
        .with_timezone(&Utc))
}

/// Deadlines counted in working days from reception (and from the answer, for publication).
pub fn feedback_deadlines(
    f: &Feedback,
    cal: &WorkingCalendar,
    limits: &FeedbackLimits,
) -> Result<FeedbackDeadlines, ServiceError> {
    let answered = f.answer.as_ref().filter(|_| {
        matches!(
            f.status,
            FeedbackStatus::Answered | FeedbackStatus::Published
        )
    });
    Ok(FeedbackDeadlines {
        refuse_by: add_days(cal, f.received_at, limits.refuse_days)?,
        request_info_by: add_days(cal, f.received_at, limits.request_info_days)?,
        answer_by: add_days(cal, f.received_at, limits.handle_days)?,
        publish_by: answered
            .map(|a| add_days(cal, a.at, limits.publish_days))
            .transpose()?,
    })
}

/// Whether a PAKN was (or, still open at `now`, is being) handled on time: refused within the
/// refusal limit, answered within the handling limit.
pub fn feedback_on_time(
    f: &Feedback,
    now: DateTime<Utc>,
    cal: &WorkingCalendar,
    limits: &FeedbackLimits,
) -> Result<bool, ServiceError> {
    let d = feedback_deadlines(f, cal, limits)?;
    Ok(match (&f.answer, f.status) {
        (Some(a), FeedbackStatus::Refused) => a.at <= d.refuse_by,
        (Some(a), FeedbackStatus::Answered) => a.at <= d.answer_by,
        (Some(a), FeedbackStatus::Published) => {
            a.at <= d.answer_by
                && f.published_at
                    .zip(d.publish_by)
                    .is_none_or(|(p, by)| p <= by)
        }
        _ => now <= d.answer_by,
    })
}

/// The Vietnam date a PAKN's code uses.
pub fn feedback_day(received_at: DateTime<Utc>) -> NaiveDate {
    vn_date(received_at)
}

fn clean_opt(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Why a rating or a PAKN was refused; messages in Vietnamese and English.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ServiceError {
    #[error("{} / {}", self.message_vi(), self.message_en())]
    Missing { field: &'static str },
    #[error("{} / {}", self.message_vi(), self.message_en())]
    TooLong { field: &'static str, max: usize },
    #[error("{} / {}", self.message_vi(), self.message_en())]
    NoWayToAnswer,
    #[error("{} / {}", self.message_vi(), self.message_en())]
    BadPhone,
    #[error("{} / {}", self.message_vi(), self.message_en())]
    BadEmail,
    #[error("{} / {}", self.message_vi(), self.message_en())]
    WrongStatus {
        from: FeedbackStatus,
        to: FeedbackStatus,
    },
    #[error("{} / {}", self.message_vi(), self.message_en())]
    NotReturned,
    #[error("{} / {}", self.message_vi(), self.message_en())]
    AlreadyRated,
    #[error("{} / {}", self.message_vi(), self.message_en())]
    NoConsent,
    #[error("{} / {}", self.message_vi(), self.message_en())]
    NotAssignable { username: String },
    #[error("{} / {}", self.message_vi(), self.message_en())]
    Calendar(#[from] motcua_calendar::CalendarError),
}

impl ServiceError {
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Missing { .. } => "missing",
            ServiceError::TooLong { .. } => "too_long",
            ServiceError::NoWayToAnswer => "no_contact",
            ServiceError::BadPhone => "bad_phone",
            ServiceError::BadEmail => "bad_email",
            ServiceError::WrongStatus { .. } => "wrong_status",
            ServiceError::NotReturned => "not_returned",
            ServiceError::AlreadyRated => "already_rated",
            ServiceError::NoConsent => "no_consent",
            ServiceError::NotAssignable { .. } => "not_assignable",
            ServiceError::Calendar(_) => "calendar",
        }
    }

    /// What kind of refusal this is (the same kinds as a dossier's, so both doors answer
    /// with the same statuses).
    pub fn kind(&self) -> ErrorKind {
        match self {
            ServiceError::Missing { .. }
            | ServiceError::TooLong { .. }
            | ServiceError::NoWayToAnswer
            | ServiceError::BadPhone
            | ServiceError::BadEmail
            | ServiceError::NotAssignable { .. } => ErrorKind::Invalid,
            ServiceError::WrongStatus { .. }
            | ServiceError::NotReturned
            | ServiceError::AlreadyRated
            | ServiceError::NoConsent => ErrorKind::WrongState,
            ServiceError::Calendar(_) => ErrorKind::Internal,
        }
    }

    /// The form field at fault, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ServiceError::Missing { field } | ServiceError::TooLong { field, .. } => Some(field),
            ServiceError::NoWayToAnswer | ServiceError::BadPhone => Some("contact.phone"),
            ServiceError::BadEmail => Some("contact.email"),
            ServiceError::NotAssignable { .. } => Some("assignee"),
            _ => None,
        }
    }

    pub fn message_vi(&self) -> String {
        match self {
            ServiceError::Missing { field } => format!("Thiếu thông tin bắt buộc: {field}"),
            ServiceError::TooLong { field, max } => {
                format!("Nội dung «{field}» dài quá {max} ký tự")
            }
            ServiceError::NoWayToAnswer => {
                "Cần số điện thoại hoặc thư điện tử để nhận trả lời".to_owned()
            }
            ServiceError::BadPhone => "Số điện thoại không hợp lệ".to_owned(),
            ServiceError::BadEmail => "Địa chỉ thư điện tử không hợp lệ".to_owned(),
            ServiceError::WrongStatus { from, to } => format!(
                "Không thể chuyển phản ánh, kiến nghị từ «{}» sang «{}»",
                from.name_vi(),
                to.name_vi()
            ),
            ServiceError::NotReturned => {
                "Hồ sơ chưa được trả kết quả, chưa thể đánh giá".to_owned()
            }
            ServiceError::AlreadyRated => "Hồ sơ này đã được đánh giá".to_owned(),
            ServiceError::NoConsent => {
                "Người gửi không đồng ý công khai nội dung trả lời".to_owned()
            }
            ServiceError::NotAssignable { username } => format!(
                "«{username}» không phải cán bộ của cơ quan có thể xử lý phản ánh, kiến nghị"
            ),
            ServiceError::Calendar(e) => format!("Lỗi lịch làm việc: {e}"),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            ServiceError::Missing { field } => format!("Required field missing: {field}"),
            ServiceError::TooLong { field, max } => {
                format!("«{field}» is longer than {max} characters")
            }
            ServiceError::NoWayToAnswer => "A phone number or an e-mail is needed".to_owned(),
            ServiceError::BadPhone => "Invalid phone number".to_owned(),
            ServiceError::BadEmail => "Invalid e-mail address".to_owned(),
            ServiceError::WrongStatus { from, to } => format!(
                "Feedback cannot go from {} to {}",
                from.as_str(),
                to.as_str()
            ),
            ServiceError::NotReturned => {
                "The dossier's result has not been returned yet".to_owned()
            }
            ServiceError::AlreadyRated => "This dossier was already rated".to_owned(),
            ServiceError::NoConsent => {
                "The sender did not agree that the answer be published".to_owned()
            }
            ServiceError::NotAssignable { username } => {
                format!("«{username}» is not an officer of the agency who may handle feedback")
            }
            ServiceError::Calendar(e) => format!("Working calendar error: {e}"),
        }
    }
}

#[cfg(test)]
mod tests;
