//! `write` then `read` gives back the same catalog, in both formats, however a spreadsheet
//! program may have stored the cells in between.

mod common;

use std::path::Path;

use common::{sample, Grid, Numbers};
use motcua_catalog_io::{read, write, Progress};
use motcua_domain::Catalog;
use unicode_normalization::UnicodeNormalization;

fn read_ok(path: &Path) -> Catalog {
    match read(path, &mut |_| {}) {
        Ok(c) => c,
        Err(e) => panic!("{} was refused:\n{e}", path.display()),
    }
}

#[test]
fn the_sample_is_valid() {
    assert_eq!(sample().validate(), Ok(()));
}

#[test]
fn xlsx_round_trips_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.xlsx");
    write(&path, &sample()).unwrap();
    assert_eq!(read_ok(&path), sample());
}

#[test]
fn csv_round_trips_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.csv");
    write(&path, &sample()).unwrap();
    for sheet in ["agencies", "units", "fields", "fees", "components", "steps"] {
        assert!(
            dir.path().join(format!("catalog.{sheet}.csv")).exists(),
            "{sheet}"
        );
    }
    assert_eq!(read_ok(&path), sample());
}

#[test]
fn an_empty_catalog_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["empty.xlsx", "empty.csv"] {
        let path = dir.path().join(name);
        write(&path, &Catalog::default()).unwrap();
        assert_eq!(read_ok(&path), Catalog::default(), "{name}");
    }
}

#[test]
fn export_of_an_import_is_the_same_file_content() {
    // Write → read → write gives the same sheets again.
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("a.xlsx");
    write(&first, &sample()).unwrap();
    let second = dir.path().join("b.csv");
    write(&second, &read_ok(&first)).unwrap();
    assert_eq!(
        Grid::of(&read_ok(&second)).sheets,
        Grid::of(&sample()).sheets
    );
}

#[test]
fn xlsx_numbers_may_be_stored_as_text_or_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let grid = Grid::of(&sample());
    for numbers in [
        Numbers::AllText,
        Numbers::NumberColumns,
        Numbers::Everywhere,
    ] {
        let path = dir.path().join(format!("{numbers:?}.xlsx"));
        grid.save_xlsx(&path, numbers);
        assert_eq!(read_ok(&path), sample(), "{numbers:?}");
    }
}

#[test]
fn whitespace_decomposed_text_and_blank_rows_are_forgiven() {
    let mut grid = Grid::of(&sample());
    grid.map_cells(|s| {
        if s.is_empty() {
            String::new()
        } else {
            format!("  {}\t ", s.nfd().collect::<String>())
        }
    });
    for (_, rows) in &mut grid.sheets {
        let width = rows[0].len();
        // A blank row in the middle and trailing blank rows (spaces only, or nothing).
        rows.insert(2, vec![String::new(); width]);
        rows.push(vec![" ".to_owned(); width]);
        rows.push(vec![String::new(); width]);
    }
    let dir = tempfile::tempdir().unwrap();
    for format in ["xlsx", "csv"] {
        let path = grid.save(dir.path(), format);
        assert_eq!(read_ok(&path), sample(), "{format}");
    }
}

#[test]
fn csv_without_bom_and_with_semicolons_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.csv");
    Grid::of(&sample()).save_csv(&path, false);
    assert_eq!(read_ok(&path), sample());

    // A semicolon-separated set, as some Excel locales save it.
    let grid = Grid::of(&sample());
    let semi = dir.path().join("semi.csv");
    for (sheet, rows) in &grid.sheets {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(Vec::new());
        for row in rows {
            w.write_record(row).unwrap();
        }
        std::fs::write(common::csv_path(&semi, sheet), w.into_inner().unwrap()).unwrap();
    }
    assert_eq!(read_ok(&semi), sample());
}

#[test]
fn columns_may_come_in_any_order_with_extra_columns() {
    let mut grid = Grid::of(&sample());
    for (_, rows) in &mut grid.sheets {
        for (i, row) in rows.iter_mut().enumerate() {
            row.reverse();
            row.push(if i == 0 {
                "ghi_chu".into()
            } else {
                "ghi chú của người nhập".into()
            });
        }
    }
    let dir = tempfile::tempdir().unwrap();
    for format in ["xlsx", "csv"] {
        assert_eq!(
            read_ok(&grid.save(dir.path(), format)),
            sample(),
            "{format}"
        );
    }
}

#[test]
fn children_may_come_in_any_row_order() {
    let mut grid = Grid::of(&sample());
    for sheet in ["units", "fees", "components", "steps"] {
        grid.rows_mut(sheet)[1..].reverse();
    }
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(read_ok(&grid.save(dir.path(), "csv")), sample());
}

#[test]
fn progress_counts_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.xlsx");
    write(&path, &sample()).unwrap();
    let mut seen: Vec<Progress> = Vec::new();
    read(&path, &mut |p| seen.push(p)).unwrap();
    let grid = Grid::of(&sample());
    let total: usize = grid.sheets.iter().map(|(_, rows)| rows.len() - 1).sum();
    assert_eq!(seen.len(), total + 1);
    assert_eq!(
        seen.first(),
        Some(&Progress {
            done_rows: 0,
            total_rows: total
        })
    );
    assert_eq!(
        seen.last(),
        Some(&Progress {
            done_rows: total,
            total_rows: total
        })
    );
    assert!(seen
        .windows(2)
        .all(|w| w[1].done_rows == w[0].done_rows + 1));
}

#[test]
fn the_demo_catalog_round_trips() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../motcua/demo/catalog.json");
    let Ok(json) = std::fs::read_to_string(&demo) else {
        eprintln!("no demo catalog at {}; skipped", demo.display());
        return;
    };
    let catalog: Catalog = serde_json::from_str(&json).expect("the demo catalog deserializes");
    let dir = tempfile::tempdir().unwrap();
    for name in ["demo.xlsx", "demo.csv"] {
        let path = dir.path().join(name);
        write(&path, &catalog).unwrap();
        assert_eq!(read_ok(&path), catalog, "{name}");
    }
}
