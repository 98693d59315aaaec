//! The Decision 766/QĐ-TTg service-quality index (domain.md §8): the indicators our data
//! supports, each with its rate, threshold and points; the rest listed as not computable.
//!
//! Score of an indicator = min(rate ÷ threshold, 1) × max points. Points and thresholds per
//! indicator come from practice, not from the Decision's text: the groups' totals are the
//! Decision's (18, 20, 22, 22, 18), the split inside a group is ours; they are constants here
//! so they can change.
//!
//! An indicator is *measured* when the period has data for it (a denominator above zero). The
//! headline compares the score with the points of the measured indicators only: an indicator
//! the data cannot give, or one with nothing to count this period, is "không đo được" and left
//! out, never counted as zero.

use serde::{Deserialize, Serialize};

use super::facts::Counter;
use super::form06a::{ratio, Sums};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Group766 {
    Publicity,
    Progress,
    Online,
    Digitisation,
    Satisfaction,
}

impl Group766 {
    pub const ALL: [Group766; 5] = [
        Group766::Publicity,
        Group766::Progress,
        Group766::Online,
        Group766::Digitisation,
        Group766::Satisfaction,
    ];

    pub fn max_points(self) -> f64 {
        match self {
            Group766::Publicity => 18.0,
            Group766::Progress => 20.0,
            Group766::Online => 22.0,
            Group766::Digitisation => 22.0,
            Group766::Satisfaction => 18.0,
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            Group766::Publicity => "Công khai, minh bạch",
            Group766::Progress => "Tiến độ, kết quả giải quyết",
            Group766::Online => "Dịch vụ công trực tuyến",
            Group766::Digitisation => "Số hóa hồ sơ",
            Group766::Satisfaction => "Mức độ hài lòng",
        }
    }
}

/// One indicator. `rate`/`score` are `None` when it is not computable (or has no data).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicator {
    pub group: Group766,
    pub code: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
    pub computable: bool,
    pub numerator: i64,
    pub denominator: i64,
    pub rate: Option<f64>,
    pub threshold: f64,
    pub max_points: f64,
    pub score: Option<f64>,
    /// A value to show beside the rate (e.g. average handling days), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    pub note: &'static str,
}

/// A group's total.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupTotal {
    pub group: Group766,
    pub name_vi: &'static str,
    pub max_points: f64,
    /// Points of the computable indicators.
    pub computable_points: f64,
    /// Points of the indicators measured this period (computable and with data).
    pub measured_points: f64,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Index766 {
    pub indicators: Vec<Indicator>,
    pub groups: Vec<GroupTotal>,
    pub score: f64,
    pub computable_points: f64,
    /// Points of the indicators measured this period: what `score` is out of.
    pub measured_points: f64,
    pub max_points: f64,
}

impl Indicator {
    /// Computable and with data this period.
    pub fn measured(&self) -> bool {
        self.score.is_some()
    }
}

/// What the index is computed from (one agency / scope, one period).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Inputs766 {
    /// Counter sums over the period's days.
    pub within: Sums,
    /// Received in the period on the online channel.
    pub received_online: i64,
    /// Current published procedures in scope, and those offered fully online.
    pub procedures: i64,
    pub procedures_full_online: i64,
    /// Procedures with dossiers resolved in the period, and those whose average working
    /// time used is within their committed time.
    pub procedures_resolved: i64,
    pub procedures_avg_within: i64,
    /// Ratings in the period, and those answering "dissatisfied" overall.
    pub ratings: i64,
    pub ratings_dissatisfied: i64,
    /// PAKN about dossiers of the scope received in the period (complaints).
    pub complaints: i64,
}

/// Score for a rate against a threshold.
pub fn score(rate: f64, threshold: f64, max: f64) -> f64 {
    if threshold <= 0.0 {
        return max;
    }
    (rate / threshold).clamp(0.0, 1.0) * max
}

#[allow(clippy::too_many_arguments)]
fn ind(
    group: Group766,
    code: &'static str,
    name_vi: &'static str,
    name_en: &'static str,
    num: i64,
    den: i64,
    threshold: f64,
    max: f64,
    note: &'static str,
) -> Indicator {
    let rate = ratio(num, den);
    Indicator {
        group,
        code,
        name_vi,
        name_en,
        computable: true,
        numerator: num,
        denominator: den,
        rate,
        threshold,
        max_points: max,
        score: rate.map(|r| score(r, threshold, max)),
        value: None,
        note,
    }
}

fn not_computable(
    group: Group766,
    code: &'static str,
    name_vi: &'static str,
    name_en: &'static str,
    max: f64,
    note: &'static str,
) -> Indicator {
    Indicator {
        group,
        code,
        name_vi,
        name_en,
        computable: false,
        numerator: 0,
        denominator: 0,
        rate: None,
        threshold: 0.0,
        max_points: max,
        score: None,
        value: None,
        note,
    }
}

/// The index from its inputs.
pub fn index_766(i: &Inputs766) -> Index766 {
    use Group766::*;
    let w = |c: Counter| i.within[c.index()];
    let resolved = w(Counter::Resolved);
    let late = w(Counter::Late);
    let on_time = w(Counter::Early) + w(Counter::OnTime);
    let mut avg = ind(
        Progress,
        "avg_handling_time",
        "Tỷ lệ TTHC có thời gian giải quyết trung bình không vượt thời gian cam kết",
        "Share of procedures whose average handling time is within the committed time",
        i.procedures_avg_within,
        i.procedures_resolved,
        1.0,
        10.0,
        "Thời gian trung bình tính theo giờ làm việc, trừ thời gian tạm dừng",
    );
    avg.value = ratio(w(Counter::HandlingMinutes), resolved).map(|m| m / 480.0);
    let unhappy = i.ratings_dissatisfied + i.complaints;
    let satisfaction_num =
        resolved - late.min(resolved) - unhappy.min(resolved - late.min(resolved));
    let indicators = vec![
        not_computable(
            Publicity,
            "publicity",
            "Công khai TTHC, tiến độ và kết quả giải quyết trên Cổng DVC",
            "Publication of procedures, progress and results on the portal",
            18.0,
            "Cần dữ liệu của Cổng Dịch vụ công quốc gia",
        ),
        ind(
            Progress,
            "on_time_rate",
            "Tỷ lệ hồ sơ giải quyết đúng hạn (hồ sơ yêu cầu bổ sung quá 1 lần tính là quá hạn)",
            "Dossiers resolved on time (more than one supplement request counts as late)",
            on_time,
            resolved,
            1.0,
            10.0,
            "Trừ thời gian tạm dừng; tính theo ngày hẹn ban đầu",
        ),
        avg,
        ind(
            Online,
            "online_procedures",
            "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình",
            "Share of procedures offered as full online services",
            i.procedures_full_online,
            i.procedures,
            0.8,
            6.0,
            "Đạt điểm tối đa từ 80%",
        ),
        ind(
            Online,
            "online_dossiers",
            "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
            "Share of dossiers filed online",
            i.received_online,
            w(Counter::Received),
            0.5,
            8.0,
            "Đạt điểm tối đa từ 50%",
        ),
        ind(
            Online,
            "online_payment",
            "Tỷ lệ hồ sơ thanh toán trực tuyến (trên số hồ sơ có thu phí)",
            "Share of fee-paying dossiers paid online",
            w(Counter::PaidOnline),
            w(Counter::Paid),
            0.5,
            4.0,
            "Đạt điểm tối đa từ 50%",
        ),
        ind(
            Online,
            "electronic_results",
            "Tỷ lệ hồ sơ trả kết quả điện tử",
            "Share of results issued electronically",
            w(Counter::EResult),
            resolved,
            1.0,
            4.0,
            "Đạt điểm tối đa khi đạt 100%",
        ),
        not_computable(
            Digitisation,
            "digitised_dossiers",
            "Tỷ lệ hồ sơ được số hóa",
            "Share of dossiers digitised",
            11.0,
            "Hệ thống chưa ghi nhận cờ số hóa thành phần hồ sơ",
        ),
        not_computable(
            Digitisation,
            "reused_documents",
            "Tỷ lệ tái sử dụng dữ liệu số hóa",
            "Share of digitised documents reused",
            11.0,
            "Hệ thống chưa ghi nhận cờ tái sử dụng",
        ),
        ind(
            Satisfaction,
            "satisfaction",
            "Mức độ hài lòng = 100% − (tỷ lệ trễ hạn + tỷ lệ phản ánh, không hài lòng)",
            "Satisfaction = 100% − (late rate + share with a complaint or 'dissatisfied')",
            satisfaction_num,
            resolved,
            0.9,
            18.0,
            "Đạt điểm tối đa từ 90%",
        ),
    ];
    let groups: Vec<GroupTotal> = Group766::ALL
        .into_iter()
        .map(|g| {
            let of = indicators.iter().filter(|x| x.group == g);
            GroupTotal {
                group: g,
                name_vi: g.name_vi(),
                max_points: g.max_points(),
                computable_points: of
                    .clone()
                    .filter(|x| x.computable)
                    .map(|x| x.max_points)
                    .sum(),
                measured_points: of
                    .clone()
                    .filter(|x| x.measured())
                    .map(|x| x.max_points)
                    .sum(),
                // `+ 0.0` turns a sum of no terms (−0.0) into 0.
                score: of.filter_map(|x| x.score).sum::<f64>() + 0.0,
            }
        })
        .collect();
    Index766 {
        score: groups.iter().map(|g| g.score).sum::<f64>() + 0.0,
        computable_points: groups.iter().map(|g| g.computable_points).sum(),
        measured_points: groups.iter().map(|g| g.measured_points).sum(),
        max_points: groups.iter().map(|g| g.max_points).sum(),
        indicators,
        groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_cap_and_scale() {
        assert_eq!(score(0.4, 0.8, 6.0), 3.0);
        assert_eq!(score(0.9, 0.8, 6.0), 6.0);
        assert_eq!(score(0.0, 0.5, 8.0), 0.0);
    }

    #[test]
    fn index_from_inputs() {
        let mut within = [0; Counter::COUNT];
        within[Counter::Received.index()] = 10;
        within[Counter::Resolved.index()] = 8;
        within[Counter::Early.index()] = 3;
        within[Counter::OnTime.index()] = 3;
        within[Counter::Late.index()] = 2;
        within[Counter::HandlingMinutes.index()] = 8 * 480 * 2;
        within[Counter::Paid.index()] = 4;
        within[Counter::PaidOnline.index()] = 1;
        within[Counter::EResult.index()] = 8;
        let x = index_766(&Inputs766 {
            within,
            received_online: 4,
            procedures: 10,
            procedures_full_online: 4,
            procedures_resolved: 2,
            procedures_avg_within: 1,
            ratings: 5,
            ratings_dissatisfied: 1,
            complaints: 0,
        });
        let get = |c: &str| x.indicators.iter().find(|i| i.code == c).unwrap();
        assert_eq!(get("on_time_rate").rate, Some(0.75));
        assert_eq!(get("on_time_rate").score, Some(7.5));
        assert_eq!(get("online_procedures").score, Some(3.0));
        assert_eq!(get("online_dossiers").score, Some(6.4));
        assert_eq!(get("online_payment").score, Some(2.0));
        assert_eq!(get("electronic_results").score, Some(4.0));
        assert_eq!(get("avg_handling_time").value, Some(2.0));
        assert_eq!(get("avg_handling_time").score, Some(5.0));
        // (8 − 2 late − 1 dissatisfied) / 8 = 62.5 % → 0.625 / 0.9 × 18.
        assert_eq!(get("satisfaction").numerator, 5);
        assert!((get("satisfaction").score.unwrap() - 12.5).abs() < 1e-9);
        assert!(!get("digitised_dossiers").computable);
        assert_eq!(get("digitised_dossiers").score, None);
        assert_eq!(x.max_points, 100.0);
        assert_eq!(x.computable_points, 60.0);
        assert!((x.score - (7.5 + 5.0 + 3.0 + 6.4 + 2.0 + 4.0 + 12.5)).abs() < 1e-9);
        assert_eq!(x.measured_points, x.computable_points);
    }

    #[test]
    fn indicators_without_data_are_left_out_of_the_headline() {
        let x = index_766(&Inputs766::default());
        // Nothing received, nothing resolved: no rate can be measured.
        assert!(x
            .indicators
            .iter()
            .filter(|i| i.computable)
            .all(|i| !i.measured() || i.denominator > 0));
        let measured: f64 = x
            .indicators
            .iter()
            .filter(|i| i.measured())
            .map(|i| i.max_points)
            .sum();
        assert_eq!(x.measured_points, measured);
        assert!(x.measured_points < x.computable_points);
        // No "-0": an empty sum is a plain zero.
        assert!(x.score.is_sign_positive());
        assert!(x.groups.iter().all(|g| g.score.is_sign_positive()));
    }
}
