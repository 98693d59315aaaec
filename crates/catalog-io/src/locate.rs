//! Points the catalog's own validation problems ([`CatalogProblem`]) back at the sheet, row and
//! column their value came from, and merges them with the problems found while reading.

use std::collections::HashSet;

use motcua_domain::{Catalog, CatalogError, CatalogProblem, Entity};

use crate::cells::Problem;
use crate::error::ImportProblem;
use crate::import::Parsed;
use crate::layout::{column_letter, Sheet};

/// The catalog when the file had no problem at all, otherwise every problem, sorted by sheet,
/// row and column, one per cell.
pub(crate) fn finish(
    parsed: Parsed,
    validation: Result<(), CatalogError>,
) -> Result<Catalog, Vec<ImportProblem>> {
    let Parsed {
        catalog,
        sources,
        columns,
        mut problems,
        troubled_owners,
    } = parsed;
    if let Err(CatalogError(found)) = validation {
        for cp in &found {
            let Some((sheet, row)) = locate_row(&sources, cp) else {
                problems.items.push(unlocated(cp));
                continue;
            };
            // A row already reported for an unreadable cell holds placeholders: what the
            // catalog says about it would only repeat or mislead.
            if problems.bad_rows.contains(&(sheet, row)) {
                continue;
            }
            let child_sheet = match cp.attribute {
                "steps" => Some(Sheet::Steps),
                "components" => Some(Sheet::Components),
                _ => None,
            };
            if cp.entity == Entity::Procedure
                && child_sheet.is_some_and(|s| troubled_owners.contains(&(s, cp.key.clone())))
            {
                continue;
            }
            let column = sheet.column(cp.attribute).map(|c| c.name);
            let problem = match columns.get(&sheet) {
                Some(cols) => {
                    cols.problem(row, column, cp.message_vi.clone(), cp.message_en.clone())
                }
                None => Problem {
                    sheet,
                    file: String::new(),
                    row,
                    column,
                    column_index: None,
                    vi: cp.message_vi.clone(),
                    en: cp.message_en.clone(),
                },
            };
            problems.items.push(problem);
        }
    }
    if problems.items.is_empty() {
        return Ok(catalog);
    }
    let mut items = problems.items;
    // Stable: within one cell, reading problems (found first) come before validation ones.
    items.sort_by_key(|p| (p.sheet, p.row, p.column_index.map_or(0, |i| i + 1)));
    let mut seen = HashSet::new();
    items.retain(|p| seen.insert((p.sheet, p.row, p.column, p.en.clone())));
    Err(items.into_iter().map(into_import_problem).collect())
}

/// The sheet and row of the record a catalog problem is about.
fn locate_row(sources: &crate::import::Sources, cp: &CatalogProblem) -> Option<(Sheet, usize)> {
    let child = |sheet: Sheet| {
        cp.index
            .and_then(|i| sources.children.get(&(sheet, cp.key.clone(), i)).copied())
            .map(|row| (sheet, row))
    };
    match cp.entity {
        Entity::Agency => sources
            .agencies
            .get(&cp.key)
            .map(|&row| (Sheet::Agencies, row)),
        Entity::Field => sources.fields.get(&cp.key).map(|&row| (Sheet::Fields, row)),
        Entity::Procedure => sources
            .procedures
            .get(&cp.key)
            .map(|&row| (Sheet::Procedures, row)),
        Entity::Unit => child(Sheet::Units),
        Entity::Component => child(Sheet::Components),
        Entity::Step => child(Sheet::Steps),
    }
}

/// A problem about a record whose row is not known (cannot happen with records read by
/// [`crate::import`]; kept so that no problem is ever dropped). Its row is 0.
fn unlocated(cp: &CatalogProblem) -> Problem {
    let sheet = match cp.entity {
        Entity::Agency => Sheet::Agencies,
        Entity::Unit => Sheet::Units,
        Entity::Field => Sheet::Fields,
        Entity::Procedure => Sheet::Procedures,
        Entity::Component => Sheet::Components,
        Entity::Step => Sheet::Steps,
    };
    Problem {
        sheet,
        file: String::new(),
        row: 0,
        column: sheet.column(cp.attribute).map(|c| c.name),
        column_index: None,
        vi: format!("{} ({})", cp.message_vi, cp.key),
        en: format!("{} ({})", cp.message_en, cp.key),
    }
}

fn into_import_problem(p: Problem) -> ImportProblem {
    ImportProblem {
        file: p.file,
        sheet: p.sheet.name(),
        row: p.row,
        column: p.column.map(str::to_owned),
        column_letter: p.column_index.map(column_letter),
        message_vi: p.vi,
        message_en: p.en,
    }
}
