//! One dossier's plausible life, decided command by command by the real domain (`decide`,
//! `apply`) at simulated instants: the same rules, permissions and clocks as live dossiers, so
//! the history the reports read is one the system could have produced.

use chrono::{DateTime, Duration, Utc};
use motcua_calendar::{WorkingCalendar, WorkingDuration, VN_OFFSET};
use motcua_domain::dossier::{
    apply, approver_step, decide, Actor, ActorKind, Applicant, Channel, Command, Context, Dossier,
    DossierError, Event, NewDossier, Owner, PaymentMethod, ReturnChannel, Status,
};
use motcua_domain::{rules, ApplicantType, Procedure, Role};
use rand::rngs::StdRng;
use rand::Rng;

/// Why a simulated life ended early (the rest of the history is simply not generated).
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error(transparent)]
    Domain(#[from] DossierError),
    #[error(transparent)]
    Calendar(#[from] motcua_calendar::CalendarError),
}

/// What the generator varies over the years: the share of online filing grows.
#[derive(Debug, Clone, Copy)]
pub struct Profile {
    pub online_share: f64,
}

/// A simulated dossier: its events and their fold.
pub struct Life {
    pub events: Vec<Event>,
    pub state: Dossier,
}

const SURNAMES: [&str; 10] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô",
];
const MIDDLE: [&str; 6] = ["Văn", "Thị", "Minh", "Thu", "Quốc", "Ngọc"];
const GIVEN: [&str; 10] = [
    "An", "Bình", "Hường", "Hùng", "Lan", "Mai", "Nam", "Phương", "Sơn", "Tuấn",
];
const COMPANIES: [&str; 6] = [
    "Công ty TNHH Thương mại Hạ Long",
    "Công ty Cổ phần Xăng dầu Đông Bắc",
    "Công ty TNHH Rượu Bia Quảng Ninh",
    "Hộ kinh doanh Tạp hóa Minh Châu",
    "Công ty TNHH Hóa chất Cẩm Phả",
    "Công ty Cổ phần Điện lực Móng Cái",
];

fn applicant(rng: &mut StdRng) -> Applicant {
    let business = rng.gen_bool(0.55);
    let name = if business {
        COMPANIES[rng.gen_range(0..COMPANIES.len())].to_owned()
    } else {
        format!(
            "{} {} {}",
            SURNAMES[rng.gen_range(0..SURNAMES.len())],
            MIDDLE[rng.gen_range(0..MIDDLE.len())],
            GIVEN[rng.gen_range(0..GIVEN.len())]
        )
    };
    Applicant {
        name,
        id_number: Some(if business {
            format!("57{:08}", rng.gen_range(0..100_000_000u32))
        } else {
            format!("022{:09}", rng.gen_range(0..1_000_000_000u32))
        }),
        address: Some("Phường Hồng Gai, Hạ Long, Quảng Ninh".into()),
        phone: Some(format!("09{:08}", rng.gen_range(0..100_000_000u32))),
        email: None,
        kind: if business {
            ApplicantType::Business
        } else {
            ApplicantType::Citizen
        },
    }
}

fn officer(role: Role, agency: &str, unit: &str) -> Actor {
    Actor {
        kind: ActorKind::Officer,
        user_id: None,
        username: format!("{}.{}", role_name(role), unit.to_lowercase()),
        roles: vec![role],
        agency_code: Some(agency.to_owned()),
        unit_code: Some(unit.to_owned()),
    }
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Desk => "tiepnhan",
        Role::Specialist => "chuyenvien",
        Role::Head => "truongphong",
        Role::Director => "giamdoc",
        Role::Clerk => "vanthu",
        Role::Admin => "quantri",
        Role::Reporter => "caicach",
    }
}

struct Run<'a> {
    procedure: &'a Procedure,
    calendar: &'a WorkingCalendar,
    events: Vec<Event>,
    state: Option<Dossier>,
    now: DateTime<Utc>,
}

impl Run<'_> {
    fn act(&mut self, actor: Actor, cmd: Command) -> Result<(), DossierError> {
        let ctx = Context {
            now: self.now,
            actor,
            procedure: self.procedure,
            calendar: self.calendar,
            rules: rules::for_dossier(self.state.as_ref(), self.now),
        };
        let new = decide(self.state.as_ref(), &cmd, &ctx)?;
        for e in &new {
            self.state = Some(apply(self.state.take(), e));
        }
        self.events.extend(new);
        Ok(())
    }

    /// Moves the clock on by `hours` of working time.
    fn work(&mut self, hours: f64) -> Result<(), SimError> {
        let t = self.now.with_timezone(&VN_OFFSET);
        let minutes = (hours * 60.0).round().max(1.0) as i64;
        self.now = self
            .calendar
            .add_working(t, WorkingDuration::minutes(minutes))?
            .with_timezone(&Utc);
        Ok(())
    }
}

/// Simulates one dossier filed at `start` with `code`, up to `horizon` (later actions are not
/// taken: the dossier stays open, as today's would).
#[allow(clippy::too_many_arguments)]
pub fn simulate(
    rng: &mut StdRng,
    code: String,
    procedure_version_id: i64,
    procedure: &Procedure,
    calendar: &WorkingCalendar,
    start: DateTime<Utc>,
    horizon: DateTime<Utc>,
    profile: Profile,
) -> Result<Life, SimError> {
    let agency = procedure.agency_code.clone();
    let desk = officer(Role::Desk, &agency, "MOTCUA");
    let mut run = Run {
        procedure,
        calendar,
        events: Vec::new(),
        state: None,
        now: start,
    };
    let applicant = applicant(rng);
    let new = NewDossier {
        code,
        receiving_agency: agency.clone(),
        procedure_version_id,
        applicant: applicant.clone(),
        summary: None,
        files: Vec::new(),
        handed_in: Vec::new(),
    };
    let online = procedure.online_level != motcua_domain::OnlineLevel::None
        && rng.gen_bool(profile.online_share);
    let guest = Actor {
        kind: ActorKind::Applicant,
        user_id: None,
        username: format!("guest:{}", applicant.id_number.clone().unwrap_or_default()),
        roles: Vec::new(),
        agency_code: None,
        unit_code: None,
    };
    if online {
        run.act(guest.clone(), Command::SubmitOnline { dossier: new })?;
        run.work(rng.gen_range(0.5..6.0))?;
        if run.now > horizon {
            return Ok(finish(run));
        }
        if rng.gen_bool(0.03) {
            run.act(
                desk.clone(),
                Command::RefuseIntake {
                    reasons: vec!["Hồ sơ không thuộc thẩm quyền giải quyết".into()],
                },
            )?;
            return Ok(finish(run));
        }
        if rng.gen_bool(0.06) {
            run.act(
                desk.clone(),
                Command::GuideToSupplement {
                    missing: vec!["Bản sao Giấy chứng nhận đăng ký doanh nghiệp".into()],
                    reason: "Thiếu thành phần hồ sơ".into(),
                },
            )?;
            run.now += Duration::days(rng.gen_range(1..4));
            run.act(
                guest.clone(),
                Command::Supplement {
                    files: Vec::new(),
                    note: None,
                },
            )?;
            run.work(rng.gen_range(0.5..4.0))?;
        }
        run.act(desk.clone(), Command::Receive { note: None })?;
    } else {
        let channel = if rng.gen_bool(0.85) {
            Channel::Direct
        } else {
            Channel::Postal
        };
        run.act(
            desk.clone(),
            Command::ReceiveAtDesk {
                dossier: new,
                channel,
                note: None,
            },
        )?;
    }
    handle(&mut run, rng, &desk, &guest, online, horizon)?;
    Ok(finish(run))
}

fn finish(run: Run<'_>) -> Life {
    // `simulate` records the first command before any return, so the state is there.
    let state = run.state.unwrap_or_default();
    Life {
        events: run.events,
        state,
    }
}

/// Walks the internal procedure: every step's owner claims and acts after a plausible time.
fn handle(
    run: &mut Run<'_>,
    rng: &mut StdRng,
    desk: &Actor,
    guest: &Actor,
    online: bool,
    horizon: DateTime<Utc>,
) -> Result<(), SimError> {
    // Most dossiers are quicker than committed; some are slow enough to be late.
    let pace = if rng.gen_bool(0.07) {
        rng.gen_range(1.3..2.2)
    } else {
        rng.gen_range(0.25..0.95)
    };
    let applicant_side = if online { guest.clone() } else { desk.clone() };
    for _ in 0..40 {
        let Some(d) = run.state.clone() else {
            return Ok(());
        };
        match d.status {
            Status::ResultReady => {
                run.now += Duration::hours(rng.gen_range(2..72));
                if run.now > horizon {
                    return Ok(());
                }
                let channel = if online && rng.gen_bool(0.5) {
                    ReturnChannel::Online
                } else {
                    ReturnChannel::Desk
                };
                run.act(
                    desk.clone(),
                    Command::ReturnResult {
                        channel,
                        received_by: d.applicant.name.clone(),
                    },
                )?;
                return Ok(());
            }
            s if s.is_terminal() => return Ok(()),
            Status::AwaitingSupplement => {
                run.now += Duration::days(rng.gen_range(1..8));
                if run.now > horizon {
                    return Ok(());
                }
                run.act(
                    applicant_side.clone(),
                    Command::Supplement {
                        files: Vec::new(),
                        note: None,
                    },
                )?;
                continue;
            }
            Status::AwaitingPayment => {
                run.now += Duration::days(rng.gen_range(0..3));
                run.act(
                    desk.clone(),
                    Command::RecordPayment {
                        method: PaymentMethod::Transfer,
                        amount_vnd: None,
                        receipt_number: None,
                        reference: None,
                    },
                )?;
                continue;
            }
            _ => {}
        }
        let Some(step) = d.current_step().cloned() else {
            return Ok(());
        };
        let step_agency = d.step_agency(&step);
        let actor = officer(step.role, &step_agency, &step.unit_code);
        if matches!(d.step_owner, Some(Owner::Unit { .. })) {
            run.act(actor.clone(), Command::Claim)?;
        }
        run.work((step.hours * pace).max(0.25))?;
        if run.now > horizon {
            return Ok(());
        }
        let head = officer(Role::Head, &step_agency, &step.unit_code);
        // Rare endings and branches, each through the real rules.
        let roll: f64 = rng.gen();
        // Optional branches are tried: the domain refuses those the status does not allow
        // (e.g. no withdrawal once signed), and the walk goes on.
        if roll < 0.012
            && run
                .act(
                    applicant_side.clone(),
                    Command::Withdraw {
                        reason: "Công dân đề nghị rút hồ sơ".into(),
                    },
                )
                .is_ok()
        {
            return Ok(());
        }
        if roll < 0.02
            && step.role == Role::Specialist
            && run
                .act(
                    head.clone(),
                    Command::Stop {
                        reason: "Tổ chức đề nghị dừng giải quyết".into(),
                    },
                )
                .is_ok()
        {
            return Ok(());
        }
        if roll < 0.1
            && step.role == Role::Specialist
            && run
                .act(
                    actor.clone(),
                    Command::RequestSupplement {
                        missing: vec!["Hợp đồng thuê địa điểm kinh doanh".into()],
                        reason: "Cần bổ sung để thẩm định".into(),
                    },
                )
                .is_ok()
        {
            continue;
        }
        // A slow dossier near its appointment gets an apology and a new one from the head.
        if pace > 1.2
            && d.extensions.is_empty()
            && step.role == Role::Specialist
            && rng.gen_bool(0.5)
        {
            if let Some(due) = d.due_at {
                let _ = run.act(
                    head.clone(),
                    Command::Extend {
                        reason: "Cần xác minh thực tế tại cơ sở".into(),
                        new_due: due + Duration::days(5),
                    },
                );
            }
        }
        if approver_step(&d.steps) == Some(d.step) && d.result.is_none() {
            run.act(actor.clone(), Command::Approve { note: None })?;
            let signed_on = run.now.with_timezone(&VN_OFFSET).date_naive();
            run.act(
                actor.clone(),
                Command::Sign {
                    result_number: format!("{}/GP-SCT", rng.gen_range(1..2000)),
                    signer: "Giám đốc Sở".into(),
                    signed_on,
                    files: Vec::new(),
                },
            )?;
        }
        if step.role == Role::Clerk
            || run
                .act(
                    actor.clone(),
                    Command::Forward {
                        note: None,
                        to_user: None,
                    },
                )
                .is_err()
        {
            run.act(actor, Command::MarkResultReady)?;
        }
    }
    Ok(())
}
