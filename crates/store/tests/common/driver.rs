//! Drives dossiers through the real domain commands (decide → apply → store), as the web
//! layer does, with the system actor and fixed instants.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use motcua_calendar::WorkingCalendar;
use motcua_domain::dossier::*;
use motcua_domain::rules::{self, RuleSet};
use motcua_domain::{OnlineLevel, Procedure, Role};
use motcua_store::dossiers::FactsBasis;
use motcua_store::{dossiers, Db};

use super::AGENCY;

pub fn vn(m: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(7 * 3600)
        .unwrap()
        .with_ymd_and_hms(2024, m, d, h, mi, 0)
        .unwrap()
        .with_timezone(&Utc)
}

pub struct World {
    pub db: Db,
    pub procs: HashMap<String, (i64, Procedure)>,
}

fn applicant(name: &str) -> Applicant {
    Applicant {
        name: name.into(),
        phone: Some("0912345678".into()),
        ..Applicant::default()
    }
}

/// What the writes count report facts with: the default calendar, the same one the decisions
/// use here, and `rebuild_facts` in the tests.
pub fn basis(id: i64, p: &Procedure) -> FactsBasis {
    FactsBasis::new(super::calendar(), id, p)
}

fn context<'a>(p: &'a Procedure, at: DateTime<Utc>, rules: &'a RuleSet) -> Context<'a> {
    Context {
        now: at,
        actor: Actor::system(),
        procedure: p,
        calendar: WorkingCalendar::vietnam().unwrap(),
        rules,
    }
}

impl World {
    /// `db` with [`procedures`] imported.
    pub async fn with_procedures(db: &Db) -> World {
        let ps = procedures();
        let ids = super::import(db, ps.clone()).await;
        let procs = ps
            .into_iter()
            .zip(ids)
            .map(|(p, id)| (p.code.clone(), (id, p)))
            .collect();
        World {
            db: db.clone(),
            procs,
        }
    }

    fn ctx<'a>(&'a self, p: &'a Procedure, at: DateTime<Utc>, rules: &'a RuleSet) -> Context<'a> {
        context(p, at, rules)
    }

    pub async fn create(
        &self,
        proc: &str,
        cmd: impl Fn(NewDossier) -> Command + Send + 'static,
        at: DateTime<Utc>,
    ) -> String {
        let (id, p) = self.procs[proc].clone();
        let basis = basis(id, &p);
        let created = dossiers::create(&self.db, AGENCY, vn_date(at), None, basis, move |code| {
            let ctx = context(&p, at, rules::for_dossier(None, at));
            let nd = NewDossier {
                code,
                receiving_agency: AGENCY.into(),
                procedure_version_id: id,
                applicant: applicant("Lê Văn C"),
                summary: None,
                files: vec![],
                handed_in: vec![],
            };
            let events = decide(None, &cmd(nd), &ctx)?;
            let state = replay(&events).expect("state");
            Ok((state, events, vec![]))
        })
        .await
        .expect("create");
        match created {
            dossiers::Created::New(s) | dossiers::Created::Existing(s) => s.dossier.code,
        }
    }

    pub async fn desk(&self, proc: &str, at: DateTime<Utc>) -> String {
        self.create(
            proc,
            |dossier| Command::ReceiveAtDesk {
                dossier,
                channel: Channel::Direct,
                note: None,
            },
            at,
        )
        .await
    }

    pub async fn online(&self, proc: &str, at: DateTime<Utc>) -> String {
        self.create(proc, |dossier| Command::SubmitOnline { dossier }, at)
            .await
    }

    pub async fn act_with(
        &self,
        code: &str,
        cmd: Command,
        at: DateTime<Utc>,
        rules: Option<&RuleSet>,
    ) -> Dossier {
        let stored = dossiers::load(&self.db, code).await.unwrap().unwrap();
        let d = stored.dossier;
        let (id, p) = self
            .procs
            .values()
            .find(|(id, _)| *id == d.procedure_version_id)
            .unwrap();
        let rules = rules.unwrap_or_else(|| rules::for_dossier(Some(&d), at));
        let ctx = self.ctx(p, at, rules);
        let events =
            decide(Some(&d), &cmd, &ctx).unwrap_or_else(|e| panic!("{cmd:?} on {code}: {e}"));
        let next = events.iter().fold(d.clone(), |s, e| apply(Some(s), e));
        dossiers::append(
            &self.db,
            (stored.id, code),
            d.version,
            &next,
            &events,
            &[],
            &basis(*id, p),
        )
        .await
        .expect("append");
        next
    }

    pub async fn act(&self, code: &str, cmd: Command, at: DateTime<Utc>) -> Dossier {
        self.act_with(code, cmd, at, None).await
    }

    /// Moves the dossier along its steps to "result ready" at `at`.
    pub async fn finish(&self, code: &str, at: DateTime<Utc>, files: bool) -> Dossier {
        loop {
            let d = dossiers::load(&self.db, code)
                .await
                .unwrap()
                .unwrap()
                .dossier;
            if d.status == Status::ResultReady {
                return d;
            }
            if matches!(d.step_owner, Some(Owner::Unit { .. })) {
                self.act(code, Command::Claim, at).await;
            }
            let role = d.steps[d.step].role;
            match role {
                Role::Director => {
                    self.act(code, Command::Approve { note: None }, at).await;
                    let f = if files {
                        vec![FileRef {
                            sha256: "ab".repeat(32),
                            name: "giay-phep.pdf".into(),
                            size: 10,
                            content_type: Some("application/pdf".into()),
                            component: None,
                            upload_ticket: None,
                        }]
                    } else {
                        vec![]
                    };
                    let sign = Command::Sign {
                        result_number: "1/GP".into(),
                        signer: "Giám đốc".into(),
                        signed_on: vn_date(at),
                        files: f,
                    };
                    self.act(code, sign, at).await;
                    self.act(
                        code,
                        Command::Forward {
                            note: None,
                            to_user: None,
                        },
                        at,
                    )
                    .await;
                }
                Role::Clerk => {
                    self.act(code, Command::MarkResultReady, at).await;
                }
                _ => {
                    self.act(
                        code,
                        Command::Forward {
                            note: None,
                            to_user: None,
                        },
                        at,
                    )
                    .await;
                }
            }
        }
    }

    pub async fn return_result(&self, code: &str, channel: ReturnChannel, at: DateTime<Utc>) {
        let cmd = Command::ReturnResult {
            channel,
            received_by: "Lê Văn C".into(),
        };
        self.act(code, cmd, at).await;
    }
}

pub fn procedures() -> Vec<Procedure> {
    let mut p1 = super::procedure("1.000001", "LTHH", "QLTM", 5.0, 7.0);
    let mut p2 = super::procedure("1.000002", "XTTM", "XNK", 2.0, 5.0);
    p2.online_level = OnlineLevel::Partial;
    for p in [&mut p1, &mut p2] {
        let last = p.steps.len() - 1;
        p.steps[last].role = Role::Clerk;
    }
    vec![p1, p2]
}
