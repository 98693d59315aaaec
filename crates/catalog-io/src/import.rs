//! Sheets → catalog: reads every row of every sheet, reporting every cell it cannot read, and
//! remembers which row each record came from so that [`crate::locate`] can point the catalog's
//! own validation problems back at the file.
//!
//! A record whose key is missing or already used (a blank or duplicate code, a child whose owner
//! is unknown or whose order number is taken) is reported and left out; any other unreadable
//! cell is reported and a placeholder is used, so the rest of the row is still checked.

use std::collections::{HashMap, HashSet};

use motcua_domain::{
    Agency, Catalog, Component, Fee, FeeTiming, Field, OnlineLevel, Procedure, PublicationStatus,
    ResultKind, Role, Step, TimeLimit, TimeUnit, Unit,
};

use crate::cells::{Columns, Problems, RowReader};
use crate::layout::Sheet;
use crate::table::Table;
use crate::Progress;

/// Rows that records came from.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    pub agencies: HashMap<String, usize>,
    pub fields: HashMap<String, usize>,
    pub procedures: HashMap<String, usize>,
    /// (owner code, position in the owner's list) → row, per child sheet.
    pub children: HashMap<(Sheet, String, usize), usize>,
}

/// What reading the sheets gave: the catalog (with placeholders where cells were unreadable),
/// where each record came from, and the problems found so far.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub catalog: Catalog,
    pub sources: Sources,
    pub columns: HashMap<Sheet, Columns>,
    pub problems: Problems,
    /// (child sheet, owner code) for owners with a child row that had a problem: checks of the
    /// owner's whole list (e.g. "steps add up to the committed time") would only repeat it.
    pub troubled_owners: HashSet<(Sheet, String)>,
}

/// Reads the tables (one per sheet, any order) into a catalog.
pub(crate) fn parse(tables: &[Table], progress: &mut dyn FnMut(Progress)) -> Parsed {
    let total_rows = tables.iter().map(|t| t.rows.len()).sum();
    let mut done_rows = 0;
    progress(Progress {
        done_rows,
        total_rows,
    });
    let mut tick = || {
        done_rows += 1;
        progress(Progress {
            done_rows,
            total_rows,
        });
    };

    let mut p = Parsed {
        catalog: Catalog::default(),
        sources: Sources::default(),
        columns: HashMap::new(),
        problems: Problems::default(),
        troubled_owners: HashSet::new(),
    };
    for sheet in Sheet::ALL {
        let Some(table) = tables.iter().find(|t| t.sheet == sheet) else {
            continue;
        };
        let columns = Columns::read(table, &mut p.problems);
        match sheet {
            Sheet::Agencies => read_agencies(&mut p, table, &columns, &mut tick),
            Sheet::Units => read_units(&mut p, table, &columns, &mut tick),
            Sheet::Fields => read_fields(&mut p, table, &columns, &mut tick),
            Sheet::Procedures => read_procedures(&mut p, table, &columns, &mut tick),
            Sheet::Fees => read_fees(&mut p, table, &columns, &mut tick),
            Sheet::Components => read_components(&mut p, table, &columns, &mut tick),
            Sheet::Steps => read_steps(&mut p, table, &columns, &mut tick),
        }
        p.columns.insert(sheet, columns);
    }
    p
}

/// Reads the key column of an owner record: reports a blank or already-used code; `None` means
/// the record is left out.
fn key(r: &mut RowReader, seen: &HashMap<String, usize>) -> Option<String> {
    let code = r.required_text("code");
    if code.is_empty() {
        return None;
    }
    if let Some(first) = seen.get(&code) {
        r.report(
            "code",
            format!("Mã “{code}” bị trùng với dòng {first}"),
            format!("the code “{code}” is already used on row {first}"),
        );
        return None;
    }
    Some(code)
}

fn read_agencies(p: &mut Parsed, table: &Table, columns: &Columns, tick: &mut dyn FnMut()) {
    for row in &table.rows {
        let mut r = RowReader {
            columns,
            row,
            problems: &mut p.problems,
        };
        let code = key(&mut r, &p.sources.agencies);
        let agency = Agency {
            code: String::new(),
            name: r.required_text("name"),
            parent_code: r.text("parent_code"),
            address: r.text("address"),
            phone: r.text("phone"),
            email: r.text("email"),
            units: Vec::new(),
        };
        if let Some(code) = code {
            p.sources.agencies.insert(code.clone(), row.number);
            p.catalog.agencies.push(Agency { code, ..agency });
        }
        tick();
    }
}

fn read_fields(p: &mut Parsed, table: &Table, columns: &Columns, tick: &mut dyn FnMut()) {
    for row in &table.rows {
        let mut r = RowReader {
            columns,
            row,
            problems: &mut p.problems,
        };
        let code = key(&mut r, &p.sources.fields);
        let name = r.required_text("name");
        if let Some(code) = code {
            p.sources.fields.insert(code.clone(), row.number);
            p.catalog.fields.push(Field { code, name });
        }
        tick();
    }
}

fn read_procedures(p: &mut Parsed, table: &Table, columns: &Columns, tick: &mut dyn FnMut()) {
    for row in &table.rows {
        let mut r = RowReader {
            columns,
            row,
            problems: &mut p.problems,
        };
        let code = key(&mut r, &p.sources.procedures);
        let procedure = Procedure {
            code: String::new(),
            name: r.required_text("name"),
            field_code: r.required_text("field_code"),
            agency_code: r.required_text("agency_code"),
            unit_code: r.required_text("unit_code"),
            level: r.text("level"),
            applicant_types: r.names("applicant_types"),
            statutory_time: time_limit(&mut r, "statutory_unit", "statutory_days"),
            committed_time: time_limit(&mut r, "committed_unit", "committed_days"),
            same_day_cutoff: r.flag("same_day_cutoff", false),
            fee_timing: r.required_name("fee_timing").unwrap_or(FeeTiming::None),
            fees: Vec::new(),
            sets: r.count("sets", 1),
            components: Vec::new(),
            result_name: r.required_text("result_name"),
            result_kind: r.required_name("result_kind").unwrap_or(ResultKind::Paper),
            online_level: r.required_name("online_level").unwrap_or(OnlineLevel::None),
            national_portal: r.flag("national_portal", false),
            on_the_spot: r.flag("on_the_spot", false),
            conditions: r.text("conditions"),
            legal_basis: r.lines("legal_basis"),
            effective_from: r.required_date("effective_from").unwrap_or_default(),
            effective_to: r.date("effective_to"),
            status: r
                .required_name("status")
                .unwrap_or(PublicationStatus::Draft),
            steps: Vec::new(),
        };
        if let Some(code) = code {
            p.sources.procedures.insert(code.clone(), row.number);
            p.catalog.procedures.push(Procedure { code, ..procedure });
        }
        tick();
    }
}

/// A time limit from its unit and days columns; a blank days cell is 0 for `same_day`.
fn time_limit(
    r: &mut RowReader,
    unit_column: &'static str,
    days_column: &'static str,
) -> TimeLimit {
    let unit = r.required_name(unit_column);
    let days = r.decimal(days_column);
    if days.is_none()
        && unit.is_some_and(|u| u != TimeUnit::SameDay)
        && r.text(days_column).is_none()
    {
        r.missing(days_column);
    }
    TimeLimit {
        unit: unit.unwrap_or(TimeUnit::WorkingDays),
        days: days.unwrap_or(0.0),
    }
}

/// A child record read from a row, before it is put in its owner's list.
struct Child<T> {
    order: i64,
    row: usize,
    value: T,
}

/// Reads the rows of a child sheet: the owner's code in `owner_column` must be a known owner,
/// the order number a whole number ≥ 1 not yet used for that owner. Returns the children by
/// owner code, in order.
fn read_children<T>(
    p: &mut Parsed,
    table: &Table,
    columns: &Columns,
    owner_column: &'static str,
    owner_is_agency: bool,
    tick: &mut dyn FnMut(),
    mut read: impl FnMut(&mut RowReader) -> T,
) -> HashMap<String, Vec<Child<T>>> {
    let mut by_owner: HashMap<String, Vec<Child<T>>> = HashMap::new();
    let mut orders: HashMap<(String, i64), usize> = HashMap::new();
    let owners = if owner_is_agency {
        &p.sources.agencies
    } else {
        &p.sources.procedures
    };
    for row in &table.rows {
        let before = p.problems.items.len();
        let mut r = RowReader {
            columns,
            row,
            problems: &mut p.problems,
        };
        let owner = r.required_text(owner_column);
        let known = !owner.is_empty() && owners.contains_key(&owner);
        if !owner.is_empty() && !known {
            let (vi, en) = if owner_is_agency {
                (
                    format!("Không có cơ quan “{owner}” trong trang agencies"),
                    format!("agency “{owner}” is not in the agencies sheet"),
                )
            } else {
                (
                    format!("Không có thủ tục “{owner}” trong trang procedures"),
                    format!("procedure “{owner}” is not in the procedures sheet"),
                )
            };
            r.report(owner_column, vi, en);
        }
        let order = order_number(&mut r);
        let value = read(&mut r);
        let mut keep = known && order.is_some();
        if let (true, Some(order)) = (known, order) {
            if let Some(first) = orders.insert((owner.clone(), order), row.number) {
                r.report(
                    "order",
                    format!("Số thứ tự {order} của “{owner}” đã dùng ở dòng {first}"),
                    format!("order {order} of “{owner}” is already used on row {first}"),
                );
                keep = false;
            }
        }
        if known
            && (r.problems.items.len() > before
                || r.problems.bad_rows.contains(&(table.sheet, row.number)))
        {
            p.troubled_owners.insert((table.sheet, owner.clone()));
        }
        if let (true, Some(order)) = (keep, order) {
            by_owner.entry(owner).or_default().push(Child {
                order,
                row: row.number,
                value,
            });
        }
        tick();
    }
    for children in by_owner.values_mut() {
        children.sort_by_key(|c| c.order);
    }
    by_owner
}

fn order_number(r: &mut RowReader) -> Option<i64> {
    if r.text("order").is_none() {
        r.missing("order");
        return None;
    }
    let n = r.whole("order")?;
    if n < 1 {
        r.report(
            "order",
            "Số thứ tự phải từ 1 trở lên".into(),
            "the order number must be 1 or more".into(),
        );
        return None;
    }
    Some(n)
}

/// Moves the children of each owner into it (through `list`), recording their rows.
fn attach<O, T>(
    sheet: Sheet,
    owners: &mut [O],
    mut by_owner: HashMap<String, Vec<Child<T>>>,
    sources: &mut Sources,
    code: impl Fn(&O) -> &str,
    list: impl Fn(&mut O) -> &mut Vec<T>,
) {
    for owner in owners {
        let Some(children) = by_owner.remove(code(owner)) else {
            continue;
        };
        let owner_code = code(owner).to_owned();
        for (i, child) in children.into_iter().enumerate() {
            sources
                .children
                .insert((sheet, owner_code.clone(), i), child.row);
            list(owner).push(child.value);
        }
    }
}

fn read_units(p: &mut Parsed, table: &Table, columns: &Columns, tick: &mut dyn FnMut()) {
    let units = read_children(p, table, columns, "agency_code", true, tick, |r| Unit {
        code: r.required_text("code"),
        name: r.required_text("name"),
    });
    attach(
        Sheet::Units,
        &mut p.catalog.agencies,
        units,
        &mut p.sources,
        |a| &a.code,
        |a| &mut a.units,
    );
}

fn read_fees(p: &mut Parsed, table: &Table, columns: &Columns, tick: &mut dyn FnMut()) {
    let fees = read_children(p, table, columns, "procedure_code", false, tick, |r| Fee {
        name: r.required_text("name"),
        amount_vnd: r.whole("amount_vnd"),
        description: r.text("description"),
    });
    attach(
        Sheet::Fees,
        &mut p.catalog.procedures,
        fees,
        &mut p.sources,
        |x| &x.code,
        |x| &mut x.fees,
    );
}

fn read_components(p: &mut Parsed, table: &Table, columns: &Columns, tick: &mut dyn FnMut()) {
    let components = read_children(p, table, columns, "procedure_code", false, tick, |r| {
        Component {
            name: r.required_text("name"),
            originals: r.count("originals", 0),
            certified_copies: r.count("certified_copies", 0),
            copies: r.count("copies", 0),
            required: r.flag("required", true),
            template: r.text("template"),
            note: r.text("note"),
        }
    });
    attach(
        Sheet::Components,
        &mut p.catalog.procedures,
        components,
        &mut p.sources,
        |x| &x.code,
        |x| &mut x.components,
    );
}

fn read_steps(p: &mut Parsed, table: &Table, columns: &Columns, tick: &mut dyn FnMut()) {
    let steps = read_children(p, table, columns, "procedure_code", false, tick, |r| {
        let name = r.required_text("name");
        let role = r.required_name("role").unwrap_or(Role::Specialist);
        let unit_code = r.required_text("unit_code");
        let agency_code = r.text("agency_code");
        let hours = r.decimal("hours");
        if hours.is_none() && r.text("hours").is_none() {
            r.missing("hours");
        }
        Step {
            name,
            role,
            unit_code,
            agency_code,
            hours: hours.unwrap_or(0.0),
        }
    });
    attach(
        Sheet::Steps,
        &mut p.catalog.procedures,
        steps,
        &mut p.sources,
        |x| &x.code,
        |x| &mut x.steps,
    );
}
