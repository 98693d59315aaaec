//! A file with bad rows is refused, and every problem is named by sheet, row and column, in
//! both formats.

mod common;

use common::{places, problems, sample, Grid};
use motcua_catalog_io::{read, ImportError, IoError};

const FORMATS: [&str; 2] = ["xlsx", "csv"];

type Place = (String, usize, Option<String>, Option<String>);

fn place(grid: &Grid, sheet: &str, row: usize, column: &str) -> Place {
    (
        sheet.to_owned(),
        row,
        Some(column.to_owned()),
        Some(grid.letter(sheet, column)),
    )
}

/// Saves `grid` in both formats and checks that exactly `expected` problems are reported.
fn refused_with(grid: &Grid, expected: &[Place]) -> Vec<motcua_catalog_io::ImportProblem> {
    let mut last = Vec::new();
    for format in FORMATS {
        let dir = tempfile::tempdir().unwrap();
        let path = grid.save(dir.path(), format);
        let found = problems(&path);
        assert_eq!(
            places(&found),
            expected,
            "{format}:\n{}",
            ImportError::Invalid(found.clone())
        );
        for p in &found {
            assert!(!p.message_vi.is_empty() && !p.message_en.is_empty());
            let file = if format == "xlsx" {
                "catalog.xlsx".to_owned()
            } else if p.sheet == "procedures" {
                "catalog.csv".to_owned()
            } else {
                format!("catalog.{}.csv", p.sheet)
            };
            assert_eq!(p.file, file);
        }
        last = found;
    }
    last
}

#[test]
fn unknown_field_code() {
    let mut grid = Grid::of(&sample());
    grid.set("procedures", 3, "field_code", "XYZ");
    let found = refused_with(&grid, &[place(&grid, "procedures", 3, "field_code")]);
    assert!(
        found[0].message_en.contains("XYZ"),
        "{}",
        found[0].message_en
    );
    assert!(
        found[0].message_vi.contains("Lĩnh vực"),
        "{}",
        found[0].message_vi
    );
}

#[test]
fn bad_enum_value() {
    let mut grid = Grid::of(&sample());
    grid.set("procedures", 2, "online_level", "level 4");
    let found = refused_with(&grid, &[place(&grid, "procedures", 2, "online_level")]);
    assert!(
        found[0].message_en.contains("full, partial, none"),
        "{}",
        found[0].message_en
    );
}

#[test]
fn bad_value_in_a_list_of_enums() {
    let mut grid = Grid::of(&sample());
    grid.set("procedures", 4, "applicant_types", "citizen\nalien");
    refused_with(&grid, &[place(&grid, "procedures", 4, "applicant_types")]);
}

#[test]
fn non_number_in_a_days_column() {
    let mut grid = Grid::of(&sample());
    grid.set("procedures", 2, "committed_days", "bảy ngày rưỡi");
    let found = refused_with(&grid, &[place(&grid, "procedures", 2, "committed_days")]);
    assert!(found[0].message_en.contains("not a number"));
}

#[test]
fn non_number_in_step_hours_names_only_that_cell() {
    let mut grid = Grid::of(&sample());
    let row = grid.find("steps", "name", "Thẩm định hồ sơ");
    grid.set("steps", row, "hours", "mười");
    refused_with(&grid, &[place(&grid, "steps", row, "hours")]);
}

#[test]
fn days_that_are_not_a_half_multiple() {
    let mut grid = Grid::of(&sample());
    grid.set("procedures", 3, "statutory_days", "15.3");
    refused_with(&grid, &[place(&grid, "procedures", 3, "statutory_days")]);
}

#[test]
fn duplicate_procedure_code() {
    let mut grid = Grid::of(&sample());
    let row = grid.copy_row("procedures", 3);
    let found = refused_with(&grid, &[place(&grid, "procedures", row, "code")]);
    assert!(
        found[0].message_en.contains("row 3"),
        "{}",
        found[0].message_en
    );
}

#[test]
fn duplicate_field_and_agency_codes() {
    let mut grid = Grid::of(&sample());
    let field = grid.copy_row("fields", 2);
    let agency = grid.copy_row("agencies", 3);
    refused_with(
        &grid,
        &[
            place(&grid, "agencies", agency, "code"),
            place(&grid, "fields", field, "code"),
        ],
    );
}

#[test]
fn duplicate_unit_code_inside_an_agency() {
    let mut grid = Grid::of(&sample());
    let row = grid.find("units", "code", "QLCN");
    grid.set("units", row, "code", "QLTM");
    // Procedure 1.000948 is handled by QLCN, which no longer exists.
    let procedure = grid.find("procedures", "code", "1.000948");
    let step = grid.find("steps", "name", "Thẩm định");
    refused_with(
        &grid,
        &[
            place(&grid, "units", row, "code"),
            place(&grid, "procedures", procedure, "unit_code"),
            place(&grid, "steps", step, "unit_code"),
        ],
    );
}

#[test]
fn bad_agency_code_shape_and_unknown_step_agency() {
    let mut grid = Grid::of(&sample());
    let step = grid.find("steps", "agency_code", "000.20.22.H56");
    grid.set("steps", step, "agency_code", "000.99.22.H56");
    grid.set("agencies", 2, "parent_code", "UBND");
    refused_with(
        &grid,
        &[
            place(&grid, "agencies", 2, "parent_code"),
            place(&grid, "steps", step, "agency_code"),
        ],
    );
}

#[test]
fn child_rows_with_unknown_owner_or_taken_order() {
    let mut grid = Grid::of(&sample());
    let orphan = grid.copy_row("components", 2);
    grid.set("components", orphan, "procedure_code", "9.999999");
    let twice = grid.copy_row("fees", 2);
    grid.set("fees", twice, "name", "Phí khác");
    let units = grid.copy_row("units", 2);
    grid.set("units", units, "agency_code", "000.00.00.H99");
    let found = refused_with(
        &grid,
        &[
            place(&grid, "units", units, "agency_code"),
            place(&grid, "fees", twice, "order"),
            place(&grid, "components", orphan, "procedure_code"),
        ],
    );
    assert!(
        found[1].message_en.contains("row 2"),
        "{}",
        found[1].message_en
    );
}

#[test]
fn steps_that_do_not_add_up_name_the_procedure_row() {
    let mut grid = Grid::of(&sample());
    let row = grid.find("steps", "name", "Thẩm định hồ sơ");
    grid.set("steps", row, "hours", "100");
    let procedure = grid.find("procedures", "code", "2.001266");
    let found = refused_with(&grid, &[("procedures".to_owned(), procedure, None, None)]);
    assert!(
        found[0].message_en.contains("116 h"),
        "{}",
        found[0].message_en
    );
}

#[test]
fn empty_required_cells_and_bad_dates_and_flags() {
    let mut grid = Grid::of(&sample());
    grid.set("procedures", 2, "name", "  ");
    grid.set("procedures", 2, "effective_from", "31/02/2020");
    grid.set("components", 3, "required", "có lẽ");
    grid.set("fees", 2, "amount_vnd", "-5");
    grid.set("components", 2, "originals", "1.5");
    refused_with(
        &grid,
        &[
            place(&grid, "procedures", 2, "name"),
            place(&grid, "procedures", 2, "effective_from"),
            place(&grid, "fees", 2, "amount_vnd"),
            place(&grid, "components", 2, "originals"),
            place(&grid, "components", 3, "required"),
        ],
    );
}

#[test]
fn many_problems_are_all_reported_and_printed() {
    let mut grid = Grid::of(&sample());
    grid.set("procedures", 3, "field_code", "XYZ");
    grid.set("procedures", 4, "status", "active");
    grid.set("procedures", 2, "committed_days", "x");
    let step = grid.find("steps", "name", "Ký và vào sổ");
    grid.set("steps", step, "role", "boss");
    grid.set("fields", 3, "name", "");
    let expected = vec![
        place(&grid, "fields", 3, "name"),
        place(&grid, "procedures", 2, "committed_days"),
        place(&grid, "procedures", 3, "field_code"),
        place(&grid, "procedures", 4, "status"),
        place(&grid, "steps", step, "role"),
    ];
    let found = refused_with(&grid, &expected);
    let text = ImportError::Invalid(found).to_string();
    assert_eq!(text.lines().count(), expected.len(), "{text}");
    let letter = grid.letter("procedures", "field_code");
    assert!(
        text.contains(&format!(
            "catalog.csv [procedures] {letter}3 (field_code): "
        )),
        "{text}"
    );
    assert!(
        text.contains("Lĩnh vực “XYZ” không có trong danh mục / field “XYZ” is not in the catalog"),
        "{text}"
    );
}

#[test]
fn a_missing_column_is_named_on_the_header_row() {
    let mut grid = Grid::of(&sample());
    let c = grid.col("steps", "hours");
    for row in grid.rows_mut("steps") {
        row.remove(c);
    }
    for format in FORMATS {
        let dir = tempfile::tempdir().unwrap();
        let found = problems(&grid.save(dir.path(), format));
        // Named once, on the header row; the rows that lack it are not reported again.
        assert_eq!(
            places(&found),
            vec![("steps".to_owned(), 1, Some("hours".to_owned()), None)],
            "{format}"
        );
    }
}

#[test]
fn an_optional_column_may_be_left_out() {
    let mut grid = Grid::of(&sample());
    let c = grid.col("agencies", "email");
    for row in grid.rows_mut("agencies") {
        row.remove(c);
    }
    let mut expected = sample();
    for a in &mut expected.agencies {
        a.email = None;
    }
    let dir = tempfile::tempdir().unwrap();
    for format in FORMATS {
        let path = grid.save(dir.path(), format);
        assert_eq!(read(&path, &mut |_| {}).unwrap(), expected, "{format}");
    }
}

#[test]
fn unreadable_files_are_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file_error = |path: &std::path::Path| match read(path, &mut |_| {}) {
        Err(ImportError::File(e)) => e,
        other => panic!("{}: {other:?}", path.display()),
    };

    assert!(matches!(
        file_error(&dir.path().join("c.ods")),
        IoError::UnknownExtension { .. }
    ));
    assert!(matches!(
        file_error(&dir.path().join("none.xlsx")),
        IoError::Io { .. }
    ));

    let not_xlsx = dir.path().join("text.xlsx");
    std::fs::write(&not_xlsx, "code,name\n").unwrap();
    assert!(matches!(file_error(&not_xlsx), IoError::Xlsx { .. }));

    let mut grid = Grid::of(&sample());
    grid.sheets.retain(|(s, _)| s != "steps");
    let partial = dir.path().join("partial.xlsx");
    grid.save_xlsx(&partial, common::Numbers::NumberColumns);
    let e = file_error(&partial);
    assert!(
        matches!(e, IoError::MissingSheet { sheet: "steps", .. }),
        "{e}"
    );
    assert!(e.to_string().contains("steps"));

    let csv = dir.path().join("partial.csv");
    grid.save_csv(&csv, true);
    assert!(matches!(
        file_error(&csv),
        IoError::MissingSheet { sheet: "steps", .. }
    ));

    let latin = dir.path().join("latin.csv");
    Grid::of(&sample()).save_csv(&latin, true);
    std::fs::write(&latin, b"code,name\n\xE0\xE1,x\n").unwrap();
    let e = file_error(&latin);
    assert!(e.to_string().contains("UTF-8"), "{e}");
}
