//! Shared fixtures of the store tests: a small catalog and dossiers built straight from state.
#![allow(dead_code)]

pub mod driver;

use chrono::{DateTime, NaiveDate, Utc};
use motcua_domain::dossier::{Dossier, Status};
use motcua_domain::*;
use motcua_store::{catalog, dossiers, Db};

pub const AGENCY: &str = "000.17.22.H56";

/// The working calendar the tests' writes count report facts on (the defaults: no overrides,
/// the default office hours).
pub fn calendar() -> std::sync::Arc<motcua_calendar::WorkingCalendar> {
    std::sync::Arc::new(
        motcua_calendar::WorkingCalendar::vietnam()
            .expect("calendar")
            .clone(),
    )
}

pub fn step(name: &str, role: Role, unit: &str, hours: f64) -> Step {
    Step {
        name: name.into(),
        role,
        unit_code: unit.into(),
        agency_code: None,
        hours,
    }
}

/// A procedure of `field` handled by `unit`, committed time `days` working days.
pub fn procedure(code: &str, field: &str, unit: &str, days: f64, statutory: f64) -> Procedure {
    Procedure {
        code: code.into(),
        name: format!("Thủ tục {code}"),
        field_code: field.into(),
        agency_code: AGENCY.into(),
        unit_code: unit.into(),
        level: Some("Cấp tỉnh".into()),
        applicant_types: vec![ApplicantType::Citizen],
        statutory_time: TimeLimit::working_days(statutory),
        committed_time: TimeLimit::working_days(days),
        same_day_cutoff: false,
        fee_timing: FeeTiming::None,
        fees: vec![],
        sets: 1,
        components: vec![Component {
            name: "Đơn đề nghị".into(),
            originals: 1,
            certified_copies: 0,
            copies: 0,
            required: true,
            template: None,
            note: None,
        }],
        result_name: "Giấy phép".into(),
        result_kind: ResultKind::Both,
        online_level: OnlineLevel::Full,
        national_portal: true,
        on_the_spot: false,
        conditions: None,
        legal_basis: vec!["Nghị định 105/2017/NĐ-CP".into()],
        effective_from: NaiveDate::from_ymd_opt(2020, 1, 1).expect("date"),
        effective_to: None,
        status: PublicationStatus::Published,
        steps: vec![
            step("Tiếp nhận", Role::Desk, "MOTCUA", 4.0),
            step("Thẩm định", Role::Specialist, unit, days * 8.0 - 8.0),
            step("Ký duyệt", Role::Director, "BGD", 3.5),
            step("Trả kết quả", Role::Desk, "MOTCUA", 0.5),
        ],
    }
}

pub fn catalog(procedures: Vec<Procedure>) -> Catalog {
    let units = ["MOTCUA", "QLTM", "BGD", "XNK"]
        .into_iter()
        .map(|c| Unit {
            code: c.into(),
            name: format!("Phòng {c}"),
        })
        .collect();
    Catalog {
        agencies: vec![Agency {
            code: AGENCY.into(),
            name: "Sở Công Thương".into(),
            parent_code: None,
            address: None,
            phone: None,
            email: None,
            units,
        }],
        fields: vec![
            Field {
                code: "LTHH".into(),
                name: "Lưu thông hàng hóa trong nước".into(),
            },
            Field {
                code: "XTTM".into(),
                name: "Xúc tiến thương mại".into(),
            },
        ],
        procedures,
    }
}

/// Imports `procedures`; returns their version ids in order.
pub async fn import(db: &Db, procedures: Vec<Procedure>) -> Vec<i64> {
    let codes: Vec<String> = procedures.iter().map(|p| p.code.clone()).collect();
    catalog::import_catalog(db, &catalog(procedures), Some("admin"))
        .await
        .expect("import");
    let mut ids = Vec::new();
    for c in codes {
        let p = catalog::get_procedure(db, &c)
            .await
            .expect("get")
            .expect("exists");
        ids.push(p.id);
    }
    ids
}

/// Stores a dossier with the given status straight from state (no events): enough for
/// ratings and feedback, which only look at the row.
pub async fn raw_dossier(db: &Db, version_id: i64, status: Status, at: DateTime<Utc>) -> String {
    let day = motcua_domain::dossier::vn_date(at);
    let p = catalog::get_procedure_by_id_cached(db, version_id)
        .await
        .expect("get")
        .expect("exists");
    let basis = dossiers::FactsBasis::new(calendar(), version_id, &p.procedure);
    let created = dossiers::create(db, AGENCY, day, None, basis, move |code| {
        let d = Dossier {
            code,
            receiving_agency: AGENCY.into(),
            agency_code: AGENCY.into(),
            procedure_code: "P".into(),
            procedure_version_id: version_id,
            status,
            submitted_at: at,
            ..Dossier::default()
        };
        Ok((d, vec![], vec![]))
    })
    .await
    .expect("create");
    match created {
        dossiers::Created::New(s) | dossiers::Created::Existing(s) => s.dossier.code,
    }
}
