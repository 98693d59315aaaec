//! Biểu II.06a/VPCP/KSTT — situation and results of handling (domain.md §8), from sums of the
//! per-day counters (see [`super::facts`]) before the period and within it.

use serde::{Deserialize, Serialize};

use super::facts::{Counter, DossierFacts};
use super::period::Period;

/// Sums of every counter over some days.
pub type Sums = [i64; Counter::COUNT];

/// Which appointment the early / on-time / late and overdue columns count against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Against {
    /// The original appointment (default: an extension does not excuse lateness).
    #[default]
    Original,
    /// The appointment after any extension.
    Extended,
}

/// One row of II.06a. The official columns, plus withdrawn and stopped (which leave "in
/// progress" without being resolved), so that `received_total = resolved_total + withdrawn +
/// stopped + in_progress_total`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts06a {
    pub received_total: i64,
    pub carried_over: i64,
    pub new_online: i64,
    /// New in person or by post.
    pub new_direct_postal: i64,
    pub resolved_total: i64,
    pub early: i64,
    pub on_time: i64,
    pub late: i64,
    pub in_progress_total: i64,
    pub within_deadline: i64,
    pub overdue: i64,
    pub withdrawn: i64,
    pub stopped: i64,
}

/// A cell of II.06a, for drill-down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cell06a {
    ReceivedTotal,
    CarriedOver,
    NewOnline,
    NewDirectPostal,
    ResolvedTotal,
    Early,
    OnTime,
    Late,
    InProgressTotal,
    WithinDeadline,
    Overdue,
    Withdrawn,
    Stopped,
}

impl Cell06a {
    pub const ALL: [Cell06a; 13] = [
        Cell06a::ReceivedTotal,
        Cell06a::CarriedOver,
        Cell06a::NewOnline,
        Cell06a::NewDirectPostal,
        Cell06a::ResolvedTotal,
        Cell06a::Early,
        Cell06a::OnTime,
        Cell06a::Late,
        Cell06a::InProgressTotal,
        Cell06a::WithinDeadline,
        Cell06a::Overdue,
        Cell06a::Withdrawn,
        Cell06a::Stopped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Cell06a::ReceivedTotal => "received_total",
            Cell06a::CarriedOver => "carried_over",
            Cell06a::NewOnline => "new_online",
            Cell06a::NewDirectPostal => "new_direct_postal",
            Cell06a::ResolvedTotal => "resolved_total",
            Cell06a::Early => "early",
            Cell06a::OnTime => "on_time",
            Cell06a::Late => "late",
            Cell06a::InProgressTotal => "in_progress_total",
            Cell06a::WithinDeadline => "within_deadline",
            Cell06a::Overdue => "overdue",
            Cell06a::Withdrawn => "withdrawn",
            Cell06a::Stopped => "stopped",
        }
    }

    pub fn parse(s: &str) -> Option<Cell06a> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Column heading in Vietnamese.
    pub fn name_vi(self) -> &'static str {
        match self {
            Cell06a::ReceivedTotal => "Tổng số hồ sơ tiếp nhận",
            Cell06a::CarriedOver => "Số kỳ trước chuyển qua",
            Cell06a::NewOnline => "Mới tiếp nhận trực tuyến",
            Cell06a::NewDirectPostal => "Mới tiếp nhận trực tiếp và qua bưu chính",
            Cell06a::ResolvedTotal => "Tổng số hồ sơ đã giải quyết",
            Cell06a::Early => "Trả trước hạn",
            Cell06a::OnTime => "Trả đúng hạn",
            Cell06a::Late => "Trả quá hạn",
            Cell06a::InProgressTotal => "Tổng số hồ sơ đang giải quyết",
            Cell06a::WithinDeadline => "Chưa đến hạn",
            Cell06a::Overdue => "Quá hạn",
            Cell06a::Withdrawn => "Rút hồ sơ",
            Cell06a::Stopped => "Dừng giải quyết",
        }
    }
}

impl Counts06a {
    /// The row from counter sums over the days before the period (`before`) and within it
    /// (`within`); `new_online` is the received count within the period on the online channel.
    pub fn from_sums(before: &Sums, within: &Sums, new_online: i64, against: Against) -> Counts06a {
        let open = |s: &Sums| {
            s[Counter::Received.index()]
                - s[Counter::Resolved.index()]
                - s[Counter::Withdrawn.index()]
                - s[Counter::Stopped.index()]
        };
        let g = |s: &Sums, c: Counter| s[c.index()];
        let (e, o, l, od) = match against {
            Against::Original => (
                Counter::Early,
                Counter::OnTime,
                Counter::Late,
                Counter::Overdue,
            ),
            Against::Extended => (
                Counter::EarlyX,
                Counter::OnTimeX,
                Counter::LateX,
                Counter::OverdueX,
            ),
        };
        let carried_over = open(before);
        let new = g(within, Counter::Received);
        let received_total = carried_over + new;
        let resolved_total = g(within, Counter::Resolved);
        let withdrawn = g(within, Counter::Withdrawn);
        let stopped = g(within, Counter::Stopped);
        let in_progress_total = received_total - resolved_total - withdrawn - stopped;
        let overdue = g(before, od) + g(within, od);
        Counts06a {
            received_total,
            carried_over,
            new_online,
            new_direct_postal: new - new_online,
            resolved_total,
            early: g(within, e),
            on_time: g(within, o),
            late: g(within, l),
            in_progress_total,
            within_deadline: in_progress_total - overdue,
            overdue,
            withdrawn,
            stopped,
        }
    }

    /// What one dossier contributes to the row of `period` (used by drill-down and tests: the
    /// sum over dossiers equals the aggregate's answer).
    pub fn of_dossier(f: &DossierFacts, period: &Period, against: Against) -> Counts06a {
        let mut before = [0; Counter::COUNT];
        let mut within = [0; Counter::COUNT];
        for fact in &f.facts {
            if fact.day < period.from {
                before[fact.counter.index()] += fact.n;
            } else if fact.day <= period.to {
                within[fact.counter.index()] += fact.n;
            }
        }
        let online = if f.key.channel == crate::dossier::Channel::Online {
            within[Counter::Received.index()]
        } else {
            0
        };
        Counts06a::from_sums(&before, &within, online, against)
    }

    pub fn get(&self, cell: Cell06a) -> i64 {
        match cell {
            Cell06a::ReceivedTotal => self.received_total,
            Cell06a::CarriedOver => self.carried_over,
            Cell06a::NewOnline => self.new_online,
            Cell06a::NewDirectPostal => self.new_direct_postal,
            Cell06a::ResolvedTotal => self.resolved_total,
            Cell06a::Early => self.early,
            Cell06a::OnTime => self.on_time,
            Cell06a::Late => self.late,
            Cell06a::InProgressTotal => self.in_progress_total,
            Cell06a::WithinDeadline => self.within_deadline,
            Cell06a::Overdue => self.overdue,
            Cell06a::Withdrawn => self.withdrawn,
            Cell06a::Stopped => self.stopped,
        }
    }

    pub fn add(&mut self, o: &Counts06a) {
        self.received_total += o.received_total;
        self.carried_over += o.carried_over;
        self.new_online += o.new_online;
        self.new_direct_postal += o.new_direct_postal;
        self.resolved_total += o.resolved_total;
        self.early += o.early;
        self.on_time += o.on_time;
        self.late += o.late;
        self.in_progress_total += o.in_progress_total;
        self.within_deadline += o.within_deadline;
        self.overdue += o.overdue;
        self.withdrawn += o.withdrawn;
        self.stopped += o.stopped;
    }

    /// Share resolved early or on time, `None` when nothing was resolved.
    pub fn on_time_rate(&self) -> Option<f64> {
        ratio(self.early + self.on_time, self.resolved_total)
    }
}

/// `a / b`, `None` for an empty denominator.
pub fn ratio(a: i64, b: i64) -> Option<f64> {
    (b != 0).then(|| a as f64 / b as f64)
}

/// What rows are grouped by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    #[default]
    Field,
    Procedure,
    Unit,
    Agency,
}

impl GroupBy {
    pub fn parse(s: &str) -> Option<GroupBy> {
        match s {
            "field" => Some(GroupBy::Field),
            "procedure" => Some(GroupBy::Procedure),
            "unit" => Some(GroupBy::Unit),
            "agency" => Some(GroupBy::Agency),
            _ => None,
        }
    }
}

/// One row of the report: a field, procedure, unit or agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row06a {
    pub code: String,
    pub name: String,
    pub counts: Counts06a,
}

/// The whole II.06a: rows and their total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form06a {
    pub period: Period,
    pub group_by: GroupBy,
    pub against: Against,
    pub rows: Vec<Row06a>,
    pub total: Counts06a,
}

impl Form06a {
    /// Rows sorted by code, with their total.
    pub fn new(
        period: Period,
        group_by: GroupBy,
        against: Against,
        mut rows: Vec<Row06a>,
    ) -> Form06a {
        rows.sort_by(|a, b| a.code.cmp(&b.code));
        let mut total = Counts06a::default();
        for r in &rows {
            total.add(&r.counts);
        }
        Form06a {
            period,
            group_by,
            against,
            rows,
            total,
        }
    }
}
