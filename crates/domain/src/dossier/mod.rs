//! The dossier (hồ sơ) as a pure, event-sourced state machine (domain.md §4).
//!
//! - [`decide`]`(state, command, context) -> events` says what a command does, or why not;
//! - [`apply`]`(state, event) -> state` folds events; replaying a log gives the state;
//! - [`clock`] and [`classify_finished`] read the legal clock on the working calendar.
//!
//! No I/O: the store appends the events and the snapshot in one transaction, checking
//! `version` for optimistic concurrency; the store also allocates the dossier code
//! ([`dossier_code`]) and loads the pinned procedure version for the [`Context`].

mod access;
mod apply;
mod available;
mod clock;
mod code;
mod command;
mod completeness;
mod decide;
mod due_why;
mod error;
mod event;
mod fees;
mod handling;
mod mask;
mod payment;
mod permission;
mod state;
mod status;
mod support;

pub use access::{
    access, agency_wide, guest_actor, guest_name, involved_agencies, normalize_id, relation,
    Access, Disclosure, Purpose, Relation, RevealReason, Viewer,
};
pub use apply::{apply, replay};
pub use available::{available_actions, DOSSIER_ACTIONS};
pub use clock::{
    classify_finished, clock, deadline_rule, due_soon_window, extension_deadline, for_dossier,
    vn_date, ClassifyOptions, Clock, ClockState, Deadline, Timeliness, WorkTime,
};
pub use code::{dossier_code, parse_dossier_code, CodeParts};
pub use command::{Action, Actor, ActorKind, Command, Context, NewDossier};
pub use completeness::{check_complete, first_missing_component, missing_components};
pub use decide::decide;
pub use due_why::{explain_appointment, AppointmentWhy};
pub use error::{vnd, DossierError, ErrorKind, Forbidden, Limit, Problem, StateProblem};
pub use event::{DossierInit, Dues, Event, EventKind, Reception};
pub use fees::MAX_AMOUNT_VND;
pub use mask::{disclose_events, mask_address, mask_email, mask_number, PersonalField};
pub use payment::{FeeLine, PaymentMethod, Receipt};
pub use permission::{approver_role, approver_step, clerk_step};
pub use state::{
    Applicant, Approval, Channel, Dossier, EndKind, Ending, Extension, FileRef, HandedIn, Owner,
    PauseInterval, Payment, PaymentState, ResultDoc, ReturnChannel, Returned,
};
pub use status::{NationalStatus, Status};
