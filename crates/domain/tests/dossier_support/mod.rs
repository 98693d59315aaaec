//! Shared fixtures for the dossier tests: a procedure with the usual internal procedure
//! (desk → specialist → head → director → clerk → desk), officers for each step, and a world
//! that runs commands through `decide` and `apply` and checks replay on every step.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, Utc};
use motcua_calendar::{parse_instant, WorkingCalendar};
use motcua_domain::dossier::{
    apply, decide, replay, Actor, Applicant, Channel, Command, Context, Dossier, DossierError,
    Event, NewDossier, Status,
};
use motcua_domain::rules::{self, RuleSet};
use motcua_domain::{
    ApplicantType, FeeTiming, OnlineLevel, Procedure, PublicationStatus, ResultKind, Role, Step,
    TimeLimit,
};

pub const AGENCY: &str = "000.17.22.H56";
pub const OTHER_AGENCY: &str = "000.00.00.G02";

pub fn t(s: &str) -> DateTime<Utc> {
    parse_instant(s).expect("valid instant").with_timezone(&Utc)
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn cal() -> &'static WorkingCalendar {
    WorkingCalendar::vietnam().expect("calendar")
}

fn step(name: &str, role: Role, unit: &str, hours: f64) -> Step {
    Step {
        name: name.to_string(),
        role,
        unit_code: unit.to_string(),
        agency_code: None,
        hours,
    }
}

/// 5 working days committed; steps add up to 36 h.
pub fn procedure() -> Procedure {
    Procedure {
        code: "1.000948".into(),
        name: "Cấp Giấy phép bán lẻ rượu".into(),
        field_code: "TM".into(),
        agency_code: AGENCY.into(),
        unit_code: "QLTM".into(),
        level: None,
        applicant_types: vec![ApplicantType::Business],
        statutory_time: TimeLimit::working_days(10.0),
        committed_time: TimeLimit::working_days(5.0),
        same_day_cutoff: false,
        fee_timing: FeeTiming::After,
        fees: vec![],
        sets: 1,
        components: vec![],
        result_name: "Giấy phép bán lẻ rượu".into(),
        result_kind: ResultKind::Both,
        online_level: OnlineLevel::Full,
        national_portal: true,
        on_the_spot: false,
        conditions: None,
        legal_basis: vec![],
        effective_from: date(2020, 1, 1),
        effective_to: None,
        status: PublicationStatus::Published,
        steps: vec![
            step("Tiếp nhận", Role::Desk, "MOTCUA", 4.0),
            step("Thẩm định", Role::Specialist, "QLTM", 16.0),
            step("Lãnh đạo phòng", Role::Head, "QLTM", 4.0),
            step("Lãnh đạo Sở", Role::Director, "BGD", 4.0),
            step("Văn thư", Role::Clerk, "VP", 4.0),
            step("Trả kết quả", Role::Desk, "MOTCUA", 4.0),
        ],
    }
}

pub fn desk() -> Actor {
    Actor::officer("desk1", &[Role::Desk], AGENCY, "MOTCUA")
}
pub fn specialist() -> Actor {
    Actor::officer("sp1", &[Role::Specialist], AGENCY, "QLTM")
}
pub fn specialist2() -> Actor {
    Actor::officer("sp2", &[Role::Specialist], AGENCY, "QLTM")
}
pub fn head() -> Actor {
    Actor::officer("head1", &[Role::Head], AGENCY, "QLTM")
}
pub fn director() -> Actor {
    Actor::officer("dir1", &[Role::Director], AGENCY, "BGD")
}
pub fn clerk() -> Actor {
    Actor::officer("clerk1", &[Role::Clerk], AGENCY, "VP")
}
pub fn applicant() -> Actor {
    Actor::applicant("citizen1")
}
pub fn outsider() -> Actor {
    Actor::officer(
        "x",
        &[Role::Desk, Role::Specialist, Role::Head],
        OTHER_AGENCY,
        "MOTCUA",
    )
}

pub fn new_dossier(code: &str) -> NewDossier {
    NewDossier {
        code: code.to_string(),
        receiving_agency: AGENCY.to_string(),
        procedure_version_id: 7,
        applicant: Applicant {
            name: "Công ty TNHH Rượu Việt".into(),
            id_number: Some("0101234567".into()),
            address: Some("Huế".into()),
            phone: Some("0905123456".into()),
            email: None,
            kind: ApplicantType::Business,
        },
        summary: Some("Xin cấp giấy phép".into()),
        files: vec![],
        handed_in: vec![],
    }
}

pub fn submit() -> Command {
    Command::SubmitOnline {
        dossier: new_dossier("000.17.22.H56-250602-0001"),
    }
}

pub fn at_desk() -> Command {
    Command::ReceiveAtDesk {
        dossier: new_dossier("000.17.22.H56-250602-0002"),
        channel: Channel::Direct,
        note: None,
    }
}

/// A dossier under test: its events, state and the clock the next command runs at.
pub struct World {
    pub procedure: Procedure,
    pub now: DateTime<Utc>,
    pub events: Vec<Event>,
    pub state: Option<Dossier>,
    /// Rule set override (else the dossier's own, or today's).
    pub rules: Option<RuleSet>,
}

impl World {
    pub fn new(now: &str) -> World {
        World {
            procedure: procedure(),
            now: t(now),
            events: vec![],
            state: None,
            rules: None,
        }
    }

    pub fn at(&mut self, now: &str) -> &mut Self {
        self.now = t(now);
        self
    }

    pub fn d(&self) -> &Dossier {
        self.state.as_ref().expect("a dossier")
    }

    pub fn try_run(&mut self, actor: &Actor, cmd: Command) -> Result<Vec<Event>, DossierError> {
        let rules = self
            .rules
            .clone()
            .unwrap_or_else(|| rules::for_dossier(self.state.as_ref(), self.now).clone());
        let ctx = Context {
            now: self.now,
            actor: actor.clone(),
            procedure: &self.procedure,
            calendar: cal(),
            rules: &rules,
        };
        let events = decide(self.state.as_ref(), &cmd, &ctx)?;
        for e in &events {
            let before = self.state.as_ref().map_or(0, |d| d.version);
            let next = apply(self.state.take(), e);
            assert_eq!(next.version, before + 1);
            assert_eq!(next.status, e.to);
            self.state = Some(next);
            self.events.push(e.clone());
        }
        assert_eq!(replay(&self.events).as_ref(), self.state.as_ref());
        Ok(events)
    }

    pub fn run(&mut self, actor: &Actor, cmd: Command) -> &mut Self {
        if let Err(e) = self.try_run(actor, cmd.clone()) {
            panic!("{cmd:?} by {} failed: {e}", actor.username);
        }
        self
    }

    pub fn status(&self) -> Status {
        self.d().status
    }
}
