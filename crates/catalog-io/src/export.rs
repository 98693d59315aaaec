//! Catalog → sheets: one row per record, children keyed by their owner's code and an order
//! number from 1.

use motcua_domain::{Catalog, TimeLimit};

use crate::layout::{Named, Sheet};
use crate::table::{Cell, SheetData};

/// Lays a catalog out as the seven sheets, in [`Sheet::ALL`] order.
pub fn sheets(catalog: &Catalog) -> Vec<SheetData> {
    let mut out: Vec<SheetData> = Sheet::ALL
        .iter()
        .map(|&sheet| SheetData {
            sheet,
            rows: Vec::new(),
        })
        .collect();
    let mut push = |sheet: Sheet, cells: Vec<(&'static str, Cell)>| {
        let row = arrange(sheet, cells);
        if let Some(data) = out.iter_mut().find(|d| d.sheet == sheet) {
            data.rows.push(row);
        }
    };

    for a in &catalog.agencies {
        push(
            Sheet::Agencies,
            vec![
                ("code", text(&a.code)),
                ("name", text(&a.name)),
                ("parent_code", opt_text(&a.parent_code)),
                ("address", opt_text(&a.address)),
                ("phone", opt_text(&a.phone)),
                ("email", opt_text(&a.email)),
            ],
        );
    }
    for a in &catalog.agencies {
        for (i, u) in a.units.iter().enumerate() {
            push(
                Sheet::Units,
                vec![
                    ("agency_code", text(&a.code)),
                    ("order", order(i)),
                    ("code", text(&u.code)),
                    ("name", text(&u.name)),
                ],
            );
        }
    }
    for f in &catalog.fields {
        push(
            Sheet::Fields,
            vec![("code", text(&f.code)), ("name", text(&f.name))],
        );
    }
    for p in &catalog.procedures {
        let (statutory_unit, statutory_days) = time(&p.statutory_time);
        let (committed_unit, committed_days) = time(&p.committed_time);
        push(
            Sheet::Procedures,
            vec![
                ("code", text(&p.code)),
                ("name", text(&p.name)),
                ("field_code", text(&p.field_code)),
                ("agency_code", text(&p.agency_code)),
                ("unit_code", text(&p.unit_code)),
                ("level", opt_text(&p.level)),
                (
                    "applicant_types",
                    list(p.applicant_types.iter().map(|t| t.name())),
                ),
                ("statutory_unit", statutory_unit),
                ("statutory_days", statutory_days),
                ("committed_unit", committed_unit),
                ("committed_days", committed_days),
                ("same_day_cutoff", Cell::Bool(p.same_day_cutoff)),
                ("fee_timing", name(p.fee_timing)),
                ("sets", Cell::Number(f64::from(p.sets))),
                ("result_name", text(&p.result_name)),
                ("result_kind", name(p.result_kind)),
                ("online_level", name(p.online_level)),
                ("national_portal", Cell::Bool(p.national_portal)),
                ("on_the_spot", Cell::Bool(p.on_the_spot)),
                ("conditions", opt_text(&p.conditions)),
                (
                    "legal_basis",
                    list(p.legal_basis.iter().map(String::as_str)),
                ),
                (
                    "effective_from",
                    text(&p.effective_from.format("%Y-%m-%d").to_string()),
                ),
                (
                    "effective_to",
                    p.effective_to
                        .map_or(Cell::Empty, |d| text(&d.format("%Y-%m-%d").to_string())),
                ),
                ("status", name(p.status)),
            ],
        );
    }
    for p in &catalog.procedures {
        for (i, fee) in p.fees.iter().enumerate() {
            push(
                Sheet::Fees,
                vec![
                    ("procedure_code", text(&p.code)),
                    ("order", order(i)),
                    ("name", text(&fee.name)),
                    (
                        "amount_vnd",
                        fee.amount_vnd
                            .map_or(Cell::Empty, |a| Cell::Number(a as f64)),
                    ),
                    ("description", opt_text(&fee.description)),
                ],
            );
        }
    }
    for p in &catalog.procedures {
        for (i, c) in p.components.iter().enumerate() {
            push(
                Sheet::Components,
                vec![
                    ("procedure_code", text(&p.code)),
                    ("order", order(i)),
                    ("name", text(&c.name)),
                    ("originals", Cell::Number(f64::from(c.originals))),
                    (
                        "certified_copies",
                        Cell::Number(f64::from(c.certified_copies)),
                    ),
                    ("copies", Cell::Number(f64::from(c.copies))),
                    ("required", Cell::Bool(c.required)),
                    ("template", opt_text(&c.template)),
                    ("note", opt_text(&c.note)),
                ],
            );
        }
    }
    for p in &catalog.procedures {
        for (i, s) in p.steps.iter().enumerate() {
            push(
                Sheet::Steps,
                vec![
                    ("procedure_code", text(&p.code)),
                    ("order", order(i)),
                    ("name", text(&s.name)),
                    ("role", Cell::Text(s.role.name().to_owned())),
                    ("unit_code", text(&s.unit_code)),
                    ("agency_code", opt_text(&s.agency_code)),
                    ("hours", Cell::Number(s.hours)),
                ],
            );
        }
    }
    out
}

/// Puts named cells in the sheet's column order; a column not given is left empty.
fn arrange(sheet: Sheet, mut cells: Vec<(&'static str, Cell)>) -> Vec<Cell> {
    debug_assert!(
        cells.iter().all(|(name, _)| sheet.column(name).is_some()),
        "a cell named outside the layout of {}",
        sheet.name()
    );
    sheet
        .columns()
        .iter()
        .map(
            |col| match cells.iter().position(|(name, _)| *name == col.name) {
                Some(i) => cells.swap_remove(i).1,
                None => Cell::Empty,
            },
        )
        .collect()
}

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
    }
}

fn opt_text(s: &Option<String>) -> Cell {
    s.as_deref().map_or(Cell::Empty, text)
}

fn name<T: Named>(value: T) -> Cell {
    Cell::Text(value.name().to_owned())
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> Cell {
    text(&items.collect::<Vec<_>>().join("\n"))
}

fn order(index: usize) -> Cell {
    Cell::Number((index + 1) as f64)
}

fn time(t: &TimeLimit) -> (Cell, Cell) {
    (name(t.unit), Cell::Number(t.days))
}
