//! Internal dossier status (richer than the national one) and its mapping onto the national
//! status set of domain.md §4.

use serde::{Deserialize, Serialize};

/// Where a dossier is in its life. Stored as snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Submitted online, waiting for the desk to check it.
    Submitted,
    /// Checked at intake and found incomplete: the applicant was guided to complete it (form 02).
    IntakeSupplement,
    /// Refused at intake (form 03). Terminal.
    Refused,
    /// Received (form 01): the clock runs; still at the receiving step.
    Received,
    /// Moving along the internal procedure.
    Processing,
    /// Waiting for the applicant's supplement during handling: the clock is paused.
    AwaitingSupplement,
    /// Waiting for the applicant to pay fees or charges.
    AwaitingPayment,
    /// Approved by the approver; waiting for signature and the result number.
    Approved,
    /// The result is signed; being numbered, stamped and issued.
    Signed,
    /// Handling finished, result ready to be returned.
    ResultReady,
    /// Result returned. Terminal.
    Returned,
    /// Withdrawn at the applicant's request. Terminal.
    Withdrawn,
    /// Handling stopped by the agency. Terminal.
    Stopped,
}

/// The national status set (domain.md §4): id 1–10 and the national portal code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NationalStatus {
    Receiving,
    New,
    Denied,
    Processing,
    Waiting,
    Paying,
    Cancelled,
    Unresolved,
    Releasing,
    Done,
}

impl NationalStatus {
    pub const ALL: [NationalStatus; 10] = [
        NationalStatus::Receiving,
        NationalStatus::New,
        NationalStatus::Denied,
        NationalStatus::Processing,
        NationalStatus::Waiting,
        NationalStatus::Paying,
        NationalStatus::Cancelled,
        NationalStatus::Unresolved,
        NationalStatus::Releasing,
        NationalStatus::Done,
    ];

    /// The national id, 1–10.
    pub fn id(self) -> u8 {
        match self {
            NationalStatus::Receiving => 1,
            NationalStatus::New => 2,
            NationalStatus::Denied => 3,
            NationalStatus::Processing => 4,
            NationalStatus::Waiting => 5,
            NationalStatus::Paying => 6,
            NationalStatus::Cancelled => 7,
            NationalStatus::Unresolved => 8,
            NationalStatus::Releasing => 9,
            NationalStatus::Done => 10,
        }
    }

    /// The national portal's code.
    pub fn portal_code(self) -> &'static str {
        match self {
            NationalStatus::Receiving => "receiving",
            NationalStatus::New => "new",
            NationalStatus::Denied => "denied",
            NationalStatus::Processing => "processing",
            NationalStatus::Waiting => "waiting",
            NationalStatus::Paying => "paying",
            NationalStatus::Cancelled => "cancelled",
            NationalStatus::Unresolved => "unresolved",
            NationalStatus::Releasing => "releasing",
            NationalStatus::Done => "done",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            NationalStatus::Receiving => "Mới đăng ký",
            NationalStatus::New => "Được tiếp nhận",
            NationalStatus::Denied => "Không được tiếp nhận",
            NationalStatus::Processing => "Đang xử lý",
            NationalStatus::Waiting => "Yêu cầu bổ sung giấy tờ",
            NationalStatus::Paying => "Yêu cầu thực hiện nghĩa vụ tài chính",
            NationalStatus::Cancelled => "Công dân yêu cầu rút hồ sơ",
            NationalStatus::Unresolved => "Dừng xử lý",
            NationalStatus::Releasing => "Đã xử lý xong",
            NationalStatus::Done => "Đã trả kết quả",
        }
    }

    pub fn from_id(id: u8) -> Option<NationalStatus> {
        NationalStatus::ALL.into_iter().find(|s| s.id() == id)
    }
}

impl Status {
    pub const ALL: [Status; 13] = [
        Status::Submitted,
        Status::IntakeSupplement,
        Status::Refused,
        Status::Received,
        Status::Processing,
        Status::AwaitingSupplement,
        Status::AwaitingPayment,
        Status::Approved,
        Status::Signed,
        Status::ResultReady,
        Status::Returned,
        Status::Withdrawn,
        Status::Stopped,
    ];

    /// The national status this maps onto.
    pub fn national(&self) -> NationalStatus {
        match self {
            Status::Submitted => NationalStatus::Receiving,
            // The portal shows "supplement requested" for an online dossier sent back at intake.
            Status::IntakeSupplement => NationalStatus::Waiting,
            Status::Refused => NationalStatus::Denied,
            Status::Received => NationalStatus::New,
            Status::Processing | Status::Approved | Status::Signed => NationalStatus::Processing,
            Status::AwaitingSupplement => NationalStatus::Waiting,
            Status::AwaitingPayment => NationalStatus::Paying,
            Status::ResultReady => NationalStatus::Releasing,
            Status::Returned => NationalStatus::Done,
            Status::Withdrawn => NationalStatus::Cancelled,
            Status::Stopped => NationalStatus::Unresolved,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::IntakeSupplement => "intake_supplement",
            Status::Refused => "refused",
            Status::Received => "received",
            Status::Processing => "processing",
            Status::AwaitingSupplement => "awaiting_supplement",
            Status::AwaitingPayment => "awaiting_payment",
            Status::Approved => "approved",
            Status::Signed => "signed",
            Status::ResultReady => "result_ready",
            Status::Returned => "returned",
            Status::Withdrawn => "withdrawn",
            Status::Stopped => "stopped",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Status::Submitted => "Mới đăng ký, chờ tiếp nhận",
            Status::IntakeSupplement => "Yêu cầu bổ sung, hoàn thiện hồ sơ khi tiếp nhận",
            Status::Refused => "Từ chối tiếp nhận",
            Status::Received => "Đã tiếp nhận",
            Status::Processing => "Đang xử lý",
            Status::AwaitingSupplement => "Chờ bổ sung hồ sơ",
            Status::AwaitingPayment => "Chờ thực hiện nghĩa vụ tài chính",
            Status::Approved => "Đã phê duyệt, chờ ký",
            Status::Signed => "Đã ký, chờ phát hành",
            Status::ResultReady => "Đã có kết quả, chờ trả",
            Status::Returned => "Đã trả kết quả",
            Status::Withdrawn => "Đã rút hồ sơ",
            Status::Stopped => "Dừng giải quyết",
        }
    }

    /// The statuses of a dossier still open at the office (inboxes, queues): every status but
    /// the terminal ones.
    pub const OPEN: [Status; 9] = [
        Status::Submitted,
        Status::IntakeSupplement,
        Status::Received,
        Status::Processing,
        Status::AwaitingSupplement,
        Status::AwaitingPayment,
        Status::Approved,
        Status::Signed,
        Status::ResultReady,
    ];

    /// Still open at the office: not terminal.
    pub fn is_open(self) -> bool {
        !self.is_terminal()
    }

    /// No command changes a dossier in a terminal status.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Refused | Status::Returned | Status::Withdrawn | Status::Stopped
        )
    }

    /// Handling is over with a result (the "resolved" of the reports).
    pub fn has_result(self) -> bool {
        matches!(self, Status::ResultReady | Status::Returned)
    }

    /// Received and not yet closed: the clock is (or was) running.
    pub fn is_received(self) -> bool {
        !matches!(
            self,
            Status::Submitted | Status::IntakeSupplement | Status::Refused
        )
    }

    /// The statuses a single event may lead to from `self` (including `self` for events that
    /// keep the status, such as claim or reassign).
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Submitted => &[IntakeSupplement, Refused, Received, Withdrawn],
            IntakeSupplement => &[IntakeSupplement, Submitted, Refused, Withdrawn],
            Received => &[Received, Processing, AwaitingSupplement, Withdrawn, Stopped],
            Processing => &[
                Processing,
                AwaitingSupplement,
                AwaitingPayment,
                Approved,
                Withdrawn,
                Stopped,
            ],
            AwaitingSupplement => &[AwaitingSupplement, Received, Processing, Withdrawn, Stopped],
            AwaitingPayment => &[
                AwaitingPayment,
                Received,
                Processing,
                Approved,
                Signed,
                ResultReady,
                Withdrawn,
                Stopped,
            ],
            Approved => &[
                Approved,
                Processing,
                AwaitingPayment,
                Signed,
                Withdrawn,
                Stopped,
            ],
            Signed => &[Signed, AwaitingPayment, ResultReady, Stopped],
            ResultReady => &[AwaitingPayment, Returned],
            Refused | Returned | Withdrawn | Stopped => &[],
        }
    }

    pub fn can_move_to(self, to: Status) -> bool {
        self.next().contains(&to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_is_every_status_that_is_not_terminal() {
        let open: Vec<Status> = Status::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, Status::OPEN.to_vec());
    }

    #[test]
    fn national_mapping_is_total_and_covers_all_ten() {
        let mut seen: Vec<u8> = Status::ALL.iter().map(|s| s.national().id()).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, (1..=10).collect::<Vec<_>>());
        for n in NationalStatus::ALL {
            assert_eq!(NationalStatus::from_id(n.id()), Some(n));
        }
        assert_eq!(Status::Returned.national().portal_code(), "done");
        assert_eq!(Status::Submitted.national().portal_code(), "receiving");
    }

    #[test]
    fn terminal_statuses_have_no_successor() {
        for s in Status::ALL {
            assert_eq!(s.is_terminal(), s.next().is_empty(), "{s:?}");
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }
}
