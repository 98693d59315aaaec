//! Test support: a hand-built catalog with every attribute set, and [`Grid`], the sheets of a
//! written catalog as plain strings, to damage cells and save them again as `.csv` or `.xlsx`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use motcua_domain::*;

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn step(name: &str, role: Role, unit: &str, hours: f64) -> Step {
    Step {
        name: name.into(),
        role,
        unit_code: unit.into(),
        agency_code: None,
        hours,
    }
}

fn component(name: &str, originals: u32, certified: u32, copies: u32) -> Component {
    Component {
        name: name.into(),
        originals,
        certified_copies: certified,
        copies,
        required: true,
        template: None,
        note: None,
    }
}

/// A small but complete catalog: two agencies with several units, three fields, and three
/// procedures covering working, calendar and same-day times, optional attributes present and
/// absent, fees with and without amounts, and a step done by another agency.
pub fn sample() -> Catalog {
    let agencies = vec![
        Agency {
            code: "000.17.22.H56".into(),
            name: "Sở Công Thương tỉnh Khánh Hòa".into(),
            parent_code: Some("000.00.00.H56".into()),
            address: Some("Số 1 Trần Phú, phường Nha Trang".into()),
            phone: Some("0258 3822 000".into()),
            email: Some("soct@khanhhoa.gov.vn".into()),
            units: vec![
                Unit {
                    code: "VP".into(),
                    name: "Văn phòng Sở".into(),
                },
                Unit {
                    code: "QLTM".into(),
                    name: "Phòng Quản lý Thương mại".into(),
                },
                Unit {
                    code: "QLCN".into(),
                    name: "Phòng Quản lý Công nghiệp".into(),
                },
                Unit {
                    code: "QLNL".into(),
                    name: "Phòng Quản lý Năng lượng".into(),
                },
            ],
        },
        Agency {
            code: "000.20.22.H56".into(),
            name: "Công an tỉnh Khánh Hòa".into(),
            parent_code: None,
            address: None,
            phone: None,
            email: None,
            units: vec![Unit {
                code: "PC07".into(),
                name: "Phòng Cảnh sát PCCC và CNCH".into(),
            }],
        },
    ];
    let fields = vec![
        Field {
            code: "TM".into(),
            name: "Thương mại".into(),
        },
        Field {
            code: "DIEN".into(),
            name: "Điện".into(),
        },
        Field {
            code: "HC".into(),
            name: "Hóa chất".into(),
        },
    ];
    let wholesale = Procedure {
        code: "2.000591.000.00.00.H56".into(),
        name: "Cấp Giấy phép bán buôn sản phẩm rượu".into(),
        field_code: "TM".into(),
        agency_code: "000.17.22.H56".into(),
        unit_code: "QLTM".into(),
        level: Some("Cấp tỉnh".into()),
        applicant_types: vec![
            ApplicantType::Business,
            ApplicantType::Organization,
            ApplicantType::Foreign,
        ],
        statutory_time: TimeLimit::working_days(10.0),
        committed_time: TimeLimit::working_days(7.5),
        same_day_cutoff: false,
        fee_timing: FeeTiming::Before,
        fees: vec![
            Fee {
                name: "Phí thẩm định cấp Giấy phép bán buôn rượu".into(),
                amount_vnd: Some(2_200_000),
                description: Some("Tại khu vực thành phố: 2.200.000 đồng/lần thẩm định".into()),
            },
            Fee {
                name: "Phí thẩm định tại khu vực khác".into(),
                amount_vnd: None,
                description: Some("Theo Thông tư 168/2016/TT-BTC".into()),
            },
        ],
        sets: 2,
        components: vec![
            Component {
                template: Some("Mẫu số 01 Phụ lục I Nghị định 105/2017/NĐ-CP".into()),
                note: Some("Ký, đóng dấu".into()),
                ..component("Đơn đề nghị cấp Giấy phép bán buôn sản phẩm rượu", 1, 0, 0)
            },
            component("Giấy chứng nhận đăng ký doanh nghiệp", 0, 1, 0),
            Component {
                required: false,
                ..component("Hợp đồng thuê kho", 0, 0, 2)
            },
        ],
        result_name: "Giấy phép bán buôn sản phẩm rượu".into(),
        result_kind: ResultKind::Both,
        online_level: OnlineLevel::Partial,
        national_portal: true,
        on_the_spot: false,
        conditions: Some(
            "Là doanh nghiệp được thành lập theo quy định;\nCó kho hàng đạt yêu cầu.".into(),
        ),
        legal_basis: vec![
            "Nghị định 105/2017/NĐ-CP".into(),
            "Nghị định 17/2020/NĐ-CP".into(),
            "Thông tư 168/2016/TT-BTC".into(),
        ],
        effective_from: date(2020, 2, 5),
        effective_to: Some(date(2030, 12, 31)),
        status: PublicationStatus::Published,
        steps: vec![
            step(
                "Tiếp nhận, kiểm tra hồ sơ, chuyển Phòng Quản lý Thương mại",
                Role::Desk,
                "VP",
                4.0,
            ),
            step(
                "Thẩm định hồ sơ, dự thảo Giấy phép",
                Role::Specialist,
                "QLTM",
                40.0,
            ),
            Step {
                agency_code: Some("000.20.22.H56".into()),
                ..step(
                    "Lấy ý kiến về phòng cháy chữa cháy",
                    Role::Specialist,
                    "PC07",
                    11.5,
                )
            },
            step("Phê duyệt, ký Giấy phép", Role::Director, "VP", 4.5),
        ],
    };
    let electricity = Procedure {
        code: "2.001266".into(),
        name: "Cấp giấy phép hoạt động phát điện đối với nhà máy điện có quy mô dưới 3MW".into(),
        field_code: "DIEN".into(),
        agency_code: "000.17.22.H56".into(),
        unit_code: "QLNL".into(),
        level: None,
        applicant_types: vec![ApplicantType::Business],
        statutory_time: TimeLimit::calendar_days(15.0),
        committed_time: TimeLimit::calendar_days(15.0),
        same_day_cutoff: false,
        fee_timing: FeeTiming::Exempt,
        fees: vec![],
        sets: 1,
        components: vec![component(
            "Văn bản đề nghị cấp giấy phép hoạt động điện lực",
            1,
            0,
            0,
        )],
        result_name: "Giấy phép hoạt động điện lực".into(),
        result_kind: ResultKind::Electronic,
        online_level: OnlineLevel::None,
        national_portal: false,
        on_the_spot: false,
        conditions: None,
        legal_basis: vec!["Luật Điện lực 2024".into()],
        effective_from: date(2025, 2, 1),
        effective_to: None,
        status: PublicationStatus::Draft,
        steps: vec![
            step("Tiếp nhận hồ sơ", Role::Desk, "VP", 8.0),
            step("Thẩm định hồ sơ", Role::Specialist, "QLNL", 104.0),
            step("Ký, trả kết quả", Role::Head, "QLNL", 8.0),
        ],
    };
    let chemicals = Procedure {
        code: "1.000948".into(),
        name: "Cấp lại Giấy chứng nhận đủ điều kiện sản xuất hóa chất".into(),
        field_code: "HC".into(),
        agency_code: "000.17.22.H56".into(),
        unit_code: "QLCN".into(),
        level: Some("Cấp tỉnh".into()),
        applicant_types: vec![
            ApplicantType::Citizen,
            ApplicantType::Business,
            ApplicantType::StateAgency,
        ],
        statutory_time: TimeLimit::same_day(),
        committed_time: TimeLimit::same_day(),
        same_day_cutoff: true,
        fee_timing: FeeTiming::After,
        fees: vec![Fee {
            name: "Lệ phí cấp lại".into(),
            amount_vnd: Some(0),
            description: None,
        }],
        sets: 1,
        components: vec![component("Giấy đề nghị cấp lại", 1, 0, 0)],
        result_name: "Giấy chứng nhận đủ điều kiện sản xuất hóa chất".into(),
        result_kind: ResultKind::Paper,
        online_level: OnlineLevel::Full,
        national_portal: true,
        on_the_spot: true,
        conditions: None,
        legal_basis: vec![
            "Nghị định 113/2017/NĐ-CP".into(),
            "Nghị định 82/2022/NĐ-CP".into(),
        ],
        effective_from: date(2022, 12, 1),
        effective_to: None,
        status: PublicationStatus::Withdrawn,
        steps: vec![
            step("Tiếp nhận", Role::Desk, "VP", 2.0),
            step("Thẩm định", Role::Specialist, "QLCN", 3.5),
            step("Ký và vào sổ", Role::Clerk, "VP", 2.5),
        ],
    };
    Catalog {
        agencies,
        fields,
        procedures: vec![wholesale, electricity, chemicals],
    }
}

/// The columns whose cells are numbers; [`Grid::save_xlsx`] can store them as numbers.
pub const NUMBER_COLUMNS: &[&str] = &[
    "order",
    "statutory_days",
    "committed_days",
    "sets",
    "amount_vnd",
    "originals",
    "certified_copies",
    "copies",
    "hours",
];

/// How [`Grid::save_xlsx`] stores cells that look like numbers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Numbers {
    /// Every cell as text.
    AllText,
    /// Cells of [`NUMBER_COLUMNS`] as numbers.
    NumberColumns,
    /// Every cell typed the way Excel would type it when someone types it in: anything that
    /// parses as a number as a number (codes like `1.000948` too), `true`/`false` as booleans,
    /// ISO dates as date cells.
    Everywhere,
}

/// The sheets of a catalog file as rows of strings (row 1 is the header).
#[derive(Clone, Debug)]
pub struct Grid {
    pub sheets: Vec<(String, Vec<Vec<String>>)>,
}

pub const SHEETS: [&str; 7] = motcua_catalog_io::SHEETS;

impl Grid {
    /// The grid `write` gives for `catalog` (read back through its `.csv` form).
    pub fn of(catalog: &Catalog) -> Grid {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.csv");
        motcua_catalog_io::write(&path, catalog).expect("write");
        let sheets = SHEETS
            .iter()
            .map(|&sheet| {
                let file = csv_path(&path, sheet);
                let bytes = std::fs::read(&file).expect("read csv");
                assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{sheet}: no BOM");
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(&bytes[3..]);
                let rows = reader
                    .records()
                    .map(|r| r.expect("csv record").iter().map(str::to_owned).collect())
                    .collect();
                (sheet.to_owned(), rows)
            })
            .collect();
        Grid { sheets }
    }

    pub fn rows(&self, sheet: &str) -> &Vec<Vec<String>> {
        &self
            .sheets
            .iter()
            .find(|(s, _)| s == sheet)
            .expect("sheet")
            .1
    }

    pub fn rows_mut(&mut self, sheet: &str) -> &mut Vec<Vec<String>> {
        &mut self
            .sheets
            .iter_mut()
            .find(|(s, _)| s == sheet)
            .expect("sheet")
            .1
    }

    /// 0-based index of `column` in `sheet`.
    pub fn col(&self, sheet: &str, column: &str) -> usize {
        self.rows(sheet)[0]
            .iter()
            .position(|h| h == column)
            .expect("column")
    }

    /// The column's spreadsheet letter (the layouts have fewer than 27 columns).
    pub fn letter(&self, sheet: &str, column: &str) -> String {
        ((b'A' + self.col(sheet, column) as u8) as char).to_string()
    }

    pub fn get(&self, sheet: &str, row: usize, column: &str) -> String {
        self.rows(sheet)[row - 1][self.col(sheet, column)].clone()
    }

    /// Sets a cell; `row` as a spreadsheet numbers it (header = 1).
    pub fn set(&mut self, sheet: &str, row: usize, column: &str, value: &str) -> &mut Self {
        let c = self.col(sheet, column);
        self.rows_mut(sheet)[row - 1][c] = value.to_owned();
        self
    }

    /// Appends a copy of `row` and returns the new row's number.
    pub fn copy_row(&mut self, sheet: &str, row: usize) -> usize {
        let rows = self.rows_mut(sheet);
        let copy = rows[row - 1].clone();
        rows.push(copy);
        rows.len()
    }

    /// The row (1-based) whose `column` is `value`.
    pub fn find(&self, sheet: &str, column: &str, value: &str) -> usize {
        let c = self.col(sheet, column);
        self.rows(sheet)
            .iter()
            .position(|r| r[c] == value)
            .expect("row")
            + 1
    }

    /// Applies `f` to every cell, header included.
    pub fn map_cells(&mut self, f: impl Fn(&str) -> String) {
        for (_, rows) in &mut self.sheets {
            for cell in rows.iter_mut().flatten() {
                *cell = f(cell);
            }
        }
    }

    pub fn save_csv(&self, path: &Path, bom: bool) {
        for (sheet, rows) in &self.sheets {
            let mut writer = csv::WriterBuilder::new()
                .flexible(true)
                .from_writer(Vec::new());
            for row in rows {
                writer.write_record(row).expect("csv row");
            }
            let mut bytes = if bom {
                b"\xEF\xBB\xBF".to_vec()
            } else {
                Vec::new()
            };
            bytes.extend(writer.into_inner().expect("csv bytes"));
            std::fs::write(csv_path(path, sheet), bytes).expect("write csv");
        }
    }

    pub fn save_xlsx(&self, path: &Path, numbers: Numbers) {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        for (sheet, rows) in &self.sheets {
            let ws = workbook.add_worksheet();
            ws.set_name(sheet).expect("sheet name");
            let header = &rows[0];
            for (r, row) in rows.iter().enumerate() {
                for (c, value) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    let numeric = r > 0
                        && match numbers {
                            Numbers::AllText => false,
                            Numbers::NumberColumns => {
                                NUMBER_COLUMNS.contains(&header[c as usize].as_str())
                            }
                            Numbers::Everywhere => true,
                        };
                    let typed = r > 0 && numbers == Numbers::Everywhere;
                    let date = rust_xlsxwriter::ExcelDateTime::parse_from_str(value.trim());
                    let date_format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
                    match value.trim().parse::<f64>() {
                        Ok(n) if numeric => ws.write_number(r, c, n).map(|_| ()),
                        _ if value.is_empty() => Ok(()),
                        _ if typed && matches!(value.trim(), "true" | "false") => {
                            ws.write_boolean(r, c, value.trim() == "true").map(|_| ())
                        }
                        _ if typed && value.trim().len() == 10 && date.is_ok() => ws
                            .write_datetime_with_format(r, c, date.expect("date"), &date_format)
                            .map(|_| ()),
                        _ => ws.write_string(r, c, value).map(|_| ()),
                    }
                    .expect("write cell");
                }
            }
        }
        workbook.save(path).expect("save xlsx");
    }

    /// Saves in `format` (`"xlsx"` or `"csv"`) in `dir`, returning the path to read.
    pub fn save(&self, dir: &Path, format: &str) -> PathBuf {
        let path = dir.join(format!("catalog.{format}"));
        match format {
            "xlsx" => self.save_xlsx(&path, Numbers::NumberColumns),
            _ => self.save_csv(&path, true),
        }
        path
    }
}

/// The file of `sheet` in the `.csv` set at `path`.
pub fn csv_path(path: &Path, sheet: &str) -> PathBuf {
    if sheet == "procedures" {
        return path.to_owned();
    }
    let stem = path
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    path.with_file_name(format!("{stem}.{sheet}.csv"))
}

/// Reads `path`, expecting it to be refused with located problems.
pub fn problems(path: &Path) -> Vec<motcua_catalog_io::ImportProblem> {
    match motcua_catalog_io::read(path, &mut |_| {}) {
        Ok(_) => panic!("{} was accepted", path.display()),
        Err(motcua_catalog_io::ImportError::Invalid(problems)) => problems,
        Err(e) => panic!("{} could not be read: {e}", path.display()),
    }
}

/// (sheet, row, column, letter) of each problem, for compact assertions.
pub fn places(
    problems: &[motcua_catalog_io::ImportProblem],
) -> Vec<(String, usize, Option<String>, Option<String>)> {
    problems
        .iter()
        .map(|p| {
            (
                p.sheet.to_owned(),
                p.row,
                p.column.clone(),
                p.column_letter.clone(),
            )
        })
        .collect()
}
