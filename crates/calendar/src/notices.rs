//! The Government's yearly holiday notices for civil servants, as data.
//!
//! Each notice covers one holiday group of one year and **replaces** the days that the law's
//! default (see [`crate::rules`]) would give for that group. Groups a year has no notice for keep
//! the computed default. Weekend days are not listed unless they are themselves a holiday or a
//! make-up working day.
//!
//! Source: the notices of the Ministry of Labour, Invalids and Social Affairs (to 2024) and of
//! the Ministry of Home Affairs (from 2025) on the Prime Minister's decision, as reported at the
//! time; recorded from memory of those announcements, not from the texts themselves. Entries
//! that equal the computed default are listed anyway so each year reads as announced. Where
//! the exact notice is uncertain a `(verify)` comment says so; operators can correct any day
//! with overrides.

use crate::rules::{DayKind, HolidayGroup};

/// One day announced by a notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoticeDay {
    /// (year, month, day)
    pub date: (i32, u32, u32),
    pub kind: DayKind,
    pub name: &'static str,
}

/// The days one notice announces for one holiday group of one year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Notice {
    pub year: i32,
    pub group: HolidayGroup,
    pub days: &'static [NoticeDay],
}

const H: DayKind = DayKind::Holiday;
const OFF: DayKind = DayKind::DayOff;
const WORK: DayKind = DayKind::MakeupWorkday;

const fn day(y: i32, m: u32, d: u32, kind: DayKind, name: &'static str) -> NoticeDay {
    NoticeDay {
        date: (y, m, d),
        kind,
        name,
    }
}

const fn notice(year: i32, group: HolidayGroup, days: &'static [NoticeDay]) -> Notice {
    Notice { year, group, days }
}

use HolidayGroup::{HungKings, NationalDay, NewYear, Tet, VictoryAndLabour};

const NEW_YEAR: &str = "Tết Dương lịch";
const HUNG: &str = "Giỗ Tổ Hùng Vương (10/3 âm lịch)";
const VICTORY: &str = "Ngày Chiến thắng (30/4)";
const LABOUR: &str = "Ngày Quốc tế Lao động (1/5)";
const NATIONAL: &str = "Quốc khánh (2/9)";
const NATIONAL_ADJ: &str = "Quốc khánh (ngày liền kề)";

/// Every notice shipped, in date order.
#[rustfmt::skip]
pub const NOTICES: &[Notice] = &[
    // ---- 2016 ----
    notice(2016, NewYear, &[day(2016, 1, 1, H, NEW_YEAR)]),
    // Tết Bính Thân: off Sat 6/2 – Sun 14/2.
    notice(2016, Tet, &[
        day(2016, 2, 7, H, "Tết Nguyên đán (29 tháng Chạp)"),
        day(2016, 2, 8, H, "Tết Nguyên đán (mùng 1)"),
        day(2016, 2, 9, H, "Tết Nguyên đán (mùng 2)"),
        day(2016, 2, 10, H, "Tết Nguyên đán (mùng 3)"),
        day(2016, 2, 11, H, "Tết Nguyên đán (mùng 4)"),
        day(2016, 2, 12, OFF, "Nghỉ bù Tết Nguyên đán (07/02)"),
    ]),
    notice(2016, HungKings, &[
        day(2016, 4, 16, H, HUNG),
        day(2016, 4, 18, OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (16/04)"),
    ]),
    notice(2016, VictoryAndLabour, &[
        day(2016, 4, 30, H, VICTORY),
        day(2016, 5, 1, H, LABOUR),
        day(2016, 5, 2, OFF, "Nghỉ bù Ngày Chiến thắng (30/04)"),
        day(2016, 5, 3, OFF, "Nghỉ bù Ngày Quốc tế Lao động (01/05)"),
    ]),
    notice(2016, NationalDay, &[day(2016, 9, 2, H, NATIONAL)]),

    // ---- 2017 ----
    notice(2017, NewYear, &[
        day(2017, 1, 1, H, NEW_YEAR),
        day(2017, 1, 2, OFF, "Nghỉ bù Tết Dương lịch (01/01)"),
    ]),
    // Tết Đinh Dậu: off Thu 26/1 – Wed 1/2 (29 Chạp – mùng 5).
    notice(2017, Tet, &[
        day(2017, 1, 26, H, "Tết Nguyên đán (29 tháng Chạp)"),
        day(2017, 1, 27, H, "Tết Nguyên đán (30 tháng Chạp)"),
        day(2017, 1, 28, H, "Tết Nguyên đán (mùng 1)"),
        day(2017, 1, 29, H, "Tết Nguyên đán (mùng 2)"),
        day(2017, 1, 30, H, "Tết Nguyên đán (mùng 3)"),
        day(2017, 1, 31, OFF, "Nghỉ bù Tết Nguyên đán (28/01)"),
        day(2017, 2, 1, OFF, "Nghỉ bù Tết Nguyên đán (29/01)"),
    ]),
    notice(2017, HungKings, &[day(2017, 4, 6, H, HUNG)]),
    notice(2017, VictoryAndLabour, &[
        day(2017, 4, 30, H, VICTORY),
        day(2017, 5, 1, H, LABOUR),
        day(2017, 5, 2, OFF, "Nghỉ bù Ngày Chiến thắng (30/04)"),
    ]),
    notice(2017, NationalDay, &[
        day(2017, 9, 2, H, NATIONAL),
        day(2017, 9, 4, OFF, "Nghỉ bù Quốc khánh (02/09)"),
    ]),

    // ---- 2018 ----
    notice(2018, NewYear, &[day(2018, 1, 1, H, NEW_YEAR)]),
    // Tết Mậu Tuất: off Wed 14/2 – Tue 20/2 (29 Chạp – mùng 5).
    notice(2018, Tet, &[
        day(2018, 2, 14, H, "Tết Nguyên đán (29 tháng Chạp)"),
        day(2018, 2, 15, H, "Tết Nguyên đán (30 tháng Chạp)"),
        day(2018, 2, 16, H, "Tết Nguyên đán (mùng 1)"),
        day(2018, 2, 17, H, "Tết Nguyên đán (mùng 2)"),
        day(2018, 2, 18, H, "Tết Nguyên đán (mùng 3)"),
        day(2018, 2, 19, OFF, "Nghỉ bù Tết Nguyên đán (17/02)"),
        day(2018, 2, 20, OFF, "Nghỉ bù Tết Nguyên đán (18/02)"),
    ]),
    notice(2018, HungKings, &[day(2018, 4, 25, H, HUNG)]),
    notice(2018, VictoryAndLabour, &[day(2018, 4, 30, H, VICTORY), day(2018, 5, 1, H, LABOUR)]),
    notice(2018, NationalDay, &[
        day(2018, 9, 2, H, NATIONAL),
        day(2018, 9, 3, OFF, "Nghỉ bù Quốc khánh (02/09)"),
    ]),

    // ---- 2019 ----
    // Off Sat 29/12/2018 – Tue 1/1/2019: Mon 31/12 swapped with Sat 5/1. (verify: the swap is
    // remembered with less certainty than the other years' days)
    notice(2019, NewYear, &[
        day(2018, 12, 31, OFF, "Nghỉ hoán đổi Tết Dương lịch (làm bù thứ Bảy 05/01/2019)"),
        day(2019, 1, 1, H, NEW_YEAR),
        day(2019, 1, 5, WORK, "Làm bù cho thứ Hai 31/12/2018"),
    ]),
    // Tết Kỷ Hợi: off Sat 2/2 – Sun 10/2.
    notice(2019, Tet, &[
        day(2019, 2, 4, H, "Tết Nguyên đán (30 tháng Chạp)"),
        day(2019, 2, 5, H, "Tết Nguyên đán (mùng 1)"),
        day(2019, 2, 6, H, "Tết Nguyên đán (mùng 2)"),
        day(2019, 2, 7, H, "Tết Nguyên đán (mùng 3)"),
        day(2019, 2, 8, H, "Tết Nguyên đán (mùng 4)"),
    ]),
    notice(2019, HungKings, &[
        day(2019, 4, 14, H, HUNG),
        day(2019, 4, 15, OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (14/04)"),
    ]),
    // Off Sat 27/4 – Wed 1/5: Mon 29/4 swapped with Sat 4/5.
    notice(2019, VictoryAndLabour, &[
        day(2019, 4, 29, OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 04/05)"),
        day(2019, 4, 30, H, VICTORY),
        day(2019, 5, 1, H, LABOUR),
        day(2019, 5, 4, WORK, "Làm bù cho thứ Hai 29/04"),
    ]),
    notice(2019, NationalDay, &[day(2019, 9, 2, H, NATIONAL)]),

    // ---- 2020 ----
    notice(2020, NewYear, &[day(2020, 1, 1, H, NEW_YEAR)]),
    // Tết Canh Tý: off Thu 23/1 – Wed 29/1 (29 Chạp – mùng 5).
    notice(2020, Tet, &[
        day(2020, 1, 23, H, "Tết Nguyên đán (29 tháng Chạp)"),
        day(2020, 1, 24, H, "Tết Nguyên đán (30 tháng Chạp)"),
        day(2020, 1, 25, H, "Tết Nguyên đán (mùng 1)"),
        day(2020, 1, 26, H, "Tết Nguyên đán (mùng 2)"),
        day(2020, 1, 27, H, "Tết Nguyên đán (mùng 3)"),
        day(2020, 1, 28, OFF, "Nghỉ bù Tết Nguyên đán (25/01)"),
        day(2020, 1, 29, OFF, "Nghỉ bù Tết Nguyên đán (26/01)"),
    ]),
    notice(2020, HungKings, &[day(2020, 4, 2, H, HUNG)]),
    notice(2020, VictoryAndLabour, &[day(2020, 4, 30, H, VICTORY), day(2020, 5, 1, H, LABOUR)]),
    notice(2020, NationalDay, &[day(2020, 9, 2, H, NATIONAL)]),

    // ---- 2021 ----
    notice(2021, NewYear, &[day(2021, 1, 1, H, NEW_YEAR)]),
    // Tết Tân Sửu: off Wed 10/2 – Tue 16/2 (29 Chạp – mùng 5).
    notice(2021, Tet, &[
        day(2021, 2, 10, H, "Tết Nguyên đán (29 tháng Chạp)"),
        day(2021, 2, 11, H, "Tết Nguyên đán (30 tháng Chạp)"),
        day(2021, 2, 12, H, "Tết Nguyên đán (mùng 1)"),
        day(2021, 2, 13, H, "Tết Nguyên đán (mùng 2)"),
        day(2021, 2, 14, H, "Tết Nguyên đán (mùng 3)"),
        day(2021, 2, 15, OFF, "Nghỉ bù Tết Nguyên đán (13/02)"),
        day(2021, 2, 16, OFF, "Nghỉ bù Tết Nguyên đán (14/02)"),
    ]),
    notice(2021, HungKings, &[day(2021, 4, 21, H, HUNG)]),
    notice(2021, VictoryAndLabour, &[
        day(2021, 4, 30, H, VICTORY),
        day(2021, 5, 1, H, LABOUR),
        day(2021, 5, 3, OFF, "Nghỉ bù Ngày Quốc tế Lao động (01/05)"),
    ]),
    notice(2021, NationalDay, &[day(2021, 9, 2, H, NATIONAL), day(2021, 9, 3, H, NATIONAL_ADJ)]),

    // ---- 2022 ----
    notice(2022, NewYear, &[
        day(2022, 1, 1, H, NEW_YEAR),
        day(2022, 1, 3, OFF, "Nghỉ bù Tết Dương lịch (01/01)"),
    ]),
    // Tết Nhâm Dần: off Sat 29/1 – Sun 6/2.
    notice(2022, Tet, &[
        day(2022, 1, 31, H, "Tết Nguyên đán (29 tháng Chạp)"),
        day(2022, 2, 1, H, "Tết Nguyên đán (mùng 1)"),
        day(2022, 2, 2, H, "Tết Nguyên đán (mùng 2)"),
        day(2022, 2, 3, H, "Tết Nguyên đán (mùng 3)"),
        day(2022, 2, 4, H, "Tết Nguyên đán (mùng 4)"),
    ]),
    notice(2022, HungKings, &[
        day(2022, 4, 10, H, HUNG),
        day(2022, 4, 11, OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (10/04)"),
    ]),
    notice(2022, VictoryAndLabour, &[
        day(2022, 4, 30, H, VICTORY),
        day(2022, 5, 1, H, LABOUR),
        day(2022, 5, 2, OFF, "Nghỉ bù Ngày Chiến thắng (30/04)"),
        day(2022, 5, 3, OFF, "Nghỉ bù Ngày Quốc tế Lao động (01/05)"),
    ]),
    notice(2022, NationalDay, &[day(2022, 9, 1, H, NATIONAL_ADJ), day(2022, 9, 2, H, NATIONAL)]),

    // ---- 2023 ----
    notice(2023, NewYear, &[
        day(2023, 1, 1, H, NEW_YEAR),
        day(2023, 1, 2, OFF, "Nghỉ bù Tết Dương lịch (01/01)"),
    ]),
    // Tết Quý Mão: off Fri 20/1 – Thu 26/1 (29 Chạp – mùng 5).
    notice(2023, Tet, &[
        day(2023, 1, 20, H, "Tết Nguyên đán (29 tháng Chạp)"),
        day(2023, 1, 21, H, "Tết Nguyên đán (30 tháng Chạp)"),
        day(2023, 1, 22, H, "Tết Nguyên đán (mùng 1)"),
        day(2023, 1, 23, H, "Tết Nguyên đán (mùng 2)"),
        day(2023, 1, 24, H, "Tết Nguyên đán (mùng 3)"),
        day(2023, 1, 25, OFF, "Nghỉ bù Tết Nguyên đán (21/01)"),
        day(2023, 1, 26, OFF, "Nghỉ bù Tết Nguyên đán (22/01)"),
    ]),
    // Off Sat 29/4 – Wed 3/5.
    notice(2023, HungKings, &[
        day(2023, 4, 29, H, HUNG),
        day(2023, 5, 2, OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (29/04)"),
    ]),
    notice(2023, VictoryAndLabour, &[
        day(2023, 4, 30, H, VICTORY),
        day(2023, 5, 1, H, LABOUR),
        day(2023, 5, 3, OFF, "Nghỉ bù Ngày Chiến thắng (30/04)"),
    ]),
    // Off Fri 1/9 – Mon 4/9.
    notice(2023, NationalDay, &[
        day(2023, 9, 1, H, NATIONAL_ADJ),
        day(2023, 9, 2, H, NATIONAL),
        day(2023, 9, 4, OFF, "Nghỉ bù Quốc khánh (02/09)"),
    ]),

    // ---- 2024 ----
    notice(2024, NewYear, &[day(2024, 1, 1, H, NEW_YEAR)]),
    // Tết Giáp Thìn: off Thu 8/2 – Wed 14/2 (29 Chạp – mùng 5).
    notice(2024, Tet, &[
        day(2024, 2, 8, H, "Tết Nguyên đán (29 tháng Chạp)"),
        day(2024, 2, 9, H, "Tết Nguyên đán (30 tháng Chạp)"),
        day(2024, 2, 10, H, "Tết Nguyên đán (mùng 1)"),
        day(2024, 2, 11, H, "Tết Nguyên đán (mùng 2)"),
        day(2024, 2, 12, H, "Tết Nguyên đán (mùng 3)"),
        day(2024, 2, 13, OFF, "Nghỉ bù Tết Nguyên đán (10/02)"),
        day(2024, 2, 14, OFF, "Nghỉ bù Tết Nguyên đán (11/02)"),
    ]),
    notice(2024, HungKings, &[day(2024, 4, 18, H, HUNG)]),
    // Off Sat 27/4 – Wed 1/5: Mon 29/4 swapped with Sat 4/5.
    notice(2024, VictoryAndLabour, &[
        day(2024, 4, 29, OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 04/05)"),
        day(2024, 4, 30, H, VICTORY),
        day(2024, 5, 1, H, LABOUR),
        day(2024, 5, 4, WORK, "Làm bù cho thứ Hai 29/04"),
    ]),
    // Off Sat 31/8 – Tue 3/9.
    notice(2024, NationalDay, &[day(2024, 9, 2, H, NATIONAL), day(2024, 9, 3, H, NATIONAL_ADJ)]),

    // ---- 2025 ----
    notice(2025, NewYear, &[day(2025, 1, 1, H, NEW_YEAR)]),
    // Tết Ất Tỵ: off Sat 25/1 – Sun 2/2; the five days are Mon 27/1 – Fri 31/1.
    notice(2025, Tet, &[
        day(2025, 1, 27, H, "Tết Nguyên đán (28 tháng Chạp)"),
        day(2025, 1, 28, H, "Tết Nguyên đán (29 tháng Chạp)"),
        day(2025, 1, 29, H, "Tết Nguyên đán (mùng 1)"),
        day(2025, 1, 30, H, "Tết Nguyên đán (mùng 2)"),
        day(2025, 1, 31, H, "Tết Nguyên đán (mùng 3)"),
    ]),
    notice(2025, HungKings, &[day(2025, 4, 7, H, HUNG)]),
    // Off Wed 30/4 – Sun 4/5: Fri 2/5 swapped with Sat 26/4.
    notice(2025, VictoryAndLabour, &[
        day(2025, 4, 26, WORK, "Làm bù cho thứ Sáu 02/05"),
        day(2025, 4, 30, H, VICTORY),
        day(2025, 5, 1, H, LABOUR),
        day(2025, 5, 2, OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 26/04)"),
    ]),
    // Off Sat 30/8 – Tue 2/9.
    notice(2025, NationalDay, &[day(2025, 9, 1, H, NATIONAL_ADJ), day(2025, 9, 2, H, NATIONAL)]),

    // ---- 2026 ----
    // 2026 is checked against python-holidays 0.109 (MIT), an independent source that agrees
    // with every day of 2016–2025 here: it records no swap of Fri 2/1, and 2/9 as below. (verify)
    notice(2026, NewYear, &[day(2026, 1, 1, H, NEW_YEAR)]),
    // (verify) Tết Bính Ngọ: off Sat 14/2 – Sun 22/2; the five days Mon 16/2 – Fri 20/2.
    notice(2026, Tet, &[
        day(2026, 2, 16, H, "Tết Nguyên đán (29 tháng Chạp)"),
        day(2026, 2, 17, H, "Tết Nguyên đán (mùng 1)"),
        day(2026, 2, 18, H, "Tết Nguyên đán (mùng 2)"),
        day(2026, 2, 19, H, "Tết Nguyên đán (mùng 3)"),
        day(2026, 2, 20, H, "Tết Nguyên đán (mùng 4)"),
    ]),
    // Off Sat 29/8 – Wed 2/9: Mon 31/8 swapped with Sat 22/8. (verify)
    notice(2026, NationalDay, &[
        day(2026, 8, 22, WORK, "Làm bù cho thứ Hai 31/08"),
        day(2026, 8, 31, OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 22/08)"),
        day(2026, 9, 1, H, NATIONAL_ADJ),
        day(2026, 9, 2, H, NATIONAL),
    ]),
    // 2026 Hùng Kings, 30/4–1/5 and 24/11: computed from the rules (Hùng Kings Sun 26/4 → Mon
    // 27/4; 24/11 Tue), as python-holidays also has them. (verify)
];

/// The notices of one year.
pub fn notices_for(year: i32) -> impl Iterator<Item = &'static Notice> {
    NOTICES.iter().filter(move |n| n.year == year)
}

/// The years that have at least one notice.
pub fn years_with_notices() -> impl Iterator<Item = i32> {
    let mut years: Vec<i32> = NOTICES.iter().map(|n| n.year).collect();
    years.dedup();
    years.into_iter()
}
