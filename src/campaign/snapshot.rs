//! What one list says at one date, for a progress report: a roster with a status column, or a
//! ledger read back ([`super::read_back`]).

use crate::calc::resident::DepartmentLine;
use crate::roster::header::{Mapping, Role};
use crate::roster::summary::{GroupLine, Summary, UnitLine};

/// What one list says at one date.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Village lines (a township's rows without a village have an empty village).
    pub units: Vec<UnitLine>,
    /// Coverage per policy group.
    pub groups: Vec<GroupLine>,
    /// Subsidies due by department (with a policy that states amounts).
    pub due: Vec<DepartmentLine>,
    /// Subsidies paid by department (with a status column too).
    pub paid: Option<Vec<DepartmentLine>>,
    /// Whether the list says who is insured (a status, contact-result or exclusion column):
    /// without one, nobody counts as covered.
    pub known: bool,
    /// A ledger built without a policy: its groups and payments count only the people in the
    /// ledger, not those of each group already enrolled.
    pub groups_ledger_only: bool,
}

impl Snapshot {
    /// The snapshot of a summarized list read under `mapping`.
    pub fn of(summary: &Summary, mapping: &Mapping) -> Snapshot {
        Snapshot {
            units: summary.by_unit.clone(),
            groups: summary.groups.clone(),
            due: summary
                .budget
                .as_ref()
                .map(|b| b.departments.clone())
                .unwrap_or_default(),
            paid: summary.paid.as_ref().map(|b| b.departments.clone()),
            known: mapping.column(Role::Status).is_some()
                || mapping.column(Role::Exclusion).is_some(),
            groups_ledger_only: false,
        }
    }
}
