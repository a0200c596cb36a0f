//! Campaign ledgers (台账): from a base list and this year's enrollment, the people of the base
//! list not enrolled this year, per township and village, as a workbook with one sheet per
//! village that village staff fill in (contact result, exclusion reason, expected payment
//! date) and that [`super::read_back`] reads for a progress report.
//!
//! Two kinds, as the notices set them: the *stock* ledger (存量库) from last year's enrollment
//! (insured last year, not this year: 断保), and the *increment* ledger (增量库) from the
//! household registry (registered residents not insured). People are matched by their
//! 18-character ID (a legacy 15-digit number is the same person as its 18-digit form).
//!
//! Every non-empty row of the base list lands in exactly one place: enrolled this year, in the
//! ledger, listed apart as not matchable (no valid ID), or a later copy of a person already
//! placed. The workbook's first sheet states these counts.

type FxHashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;
type FxHashSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;

pub use super::layout::LedgerKind;
use super::layout::{
    columns, index_name, replace_controls, sheet_names, unmatched_heads, unmatched_name,
};
use crate::id::Sex;
use crate::lang::Lang;
use crate::roster::header::Role;
use crate::roster::job::Rows;
use crate::roster::pipeline::Status;
use crate::roster::status::{standing, Standing, Standings};
use crate::roster::Table;

pub use crate::roster::status::Contact;

/// A person of the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The spreadsheet row number in the base list.
    pub row: usize,
    /// Township as written in the base list.
    pub township: String,
    /// Village as written.
    pub village: String,
    /// Name as written.
    pub name: String,
    /// The 18-character ID.
    pub id: String,
    /// Sex from the ID.
    pub sex: Option<Sex>,
    /// The group cell as written.
    pub group: String,
    /// The phone cell as written.
    pub phone: String,
    /// The base list's exclusion cell, if it had one: written as a remark for the village to
    /// confirm.
    pub reason: String,
}

/// A base row that cannot be matched (no valid ID).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmatched {
    /// The spreadsheet row number in the base list.
    pub row: usize,
    /// Township as written.
    pub township: String,
    /// Village as written.
    pub village: String,
    /// Name as written.
    pub name: String,
    /// The ID cell as written.
    pub id_text: String,
    /// The row's first error code.
    pub problem: &'static str,
}

/// Where the base list's rows went, and what this year's list holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Non-empty rows of the base list.
    pub base_rows: usize,
    /// Empty rows of the base list (kept out of everything).
    pub base_empty: usize,
    /// Base people found enrolled this year.
    pub enrolled: usize,
    /// Base people in the ledger.
    pub ledger: usize,
    /// Base rows without a valid ID, listed apart (a newborn known only by a birth
    /// certificate among them, when not enrolled this year).
    pub unmatched: usize,
    /// Later copies of a base person (listed once).
    pub duplicates: usize,
    /// People enrolled this year (valid IDs in this year's list, and newborns without one
    /// by their birth certificates).
    pub current_people: usize,
    /// Rows of this year's list without a valid ID (cannot be matched).
    pub current_unmatched: usize,
    /// People enrolled this year who are not in the base list.
    pub new_people: usize,
}

/// A ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ledger {
    /// Which ledger.
    pub kind: LedgerKind,
    /// The people, grouped by township then village (in order of first appearance), each in
    /// base-list order.
    pub entries: Vec<Entry>,
    /// Base rows without a valid ID.
    pub unmatched: Vec<Unmatched>,
    /// The counts.
    pub counts: Counts,
    /// Base people enrolled this year per village (township, village, people), in order of
    /// first appearance: written in the ledger so that a progress report from it is the
    /// villages' coverage.
    pub enrolled: Vec<(String, String, usize)>,
    /// Cells of the base list with control characters, replaced by U+FFFD in the ledger (a
    /// workbook cannot hold them): (spreadsheet row in the base list, the ledger column).
    pub replaced: Vec<(usize, &'static str)>,
    /// The base people enrolled this year by policy group, with the subsidies paid for them
    /// (none: built without a policy), in order of first appearance: written in the ledger
    /// so that a progress report's groups and payments are over the whole group.
    pub groups: Option<Vec<EnrolledGroup>>,
    /// The names of `groups` as the policy writes them (Chinese, English).
    pub group_names: Vec<[String; 2]>,
}

impl Ledger {
    /// The villages, each as (township, village, people), in the order of `entries`.
    pub fn units(&self) -> Vec<(&str, &str, usize)> {
        let mut out: Vec<(&str, &str, usize)> = Vec::new();
        for e in &self.entries {
            match out.last_mut() {
                Some(u) if u.0 == e.township && u.1 == e.village => u.2 += 1,
                _ => out.push((&e.township, &e.village, 1)),
            }
        }
        out
    }

    /// Every village of the base list: (township, village, people in the ledger, people
    /// enrolled this year), the ledger's villages first.
    pub fn unit_table(&self) -> Vec<(&str, &str, usize, usize)> {
        let mut out: Vec<(&str, &str, usize, usize)> = self
            .units()
            .into_iter()
            .map(|(t, v, n)| (t, v, n, 0))
            .collect();
        let mut index: FxHashMap<(&str, &str), usize> = out
            .iter()
            .enumerate()
            .map(|(i, u)| ((u.0, u.1), i))
            .collect();
        for (t, v, n) in &self.enrolled {
            let len = out.len();
            let i = *index.entry((t, v)).or_insert(len);
            if i == len {
                out.push((t, v, 0, *n));
            } else {
                out[i].3 = *n;
            }
        }
        out
    }

    /// The village sheets' names, as [`super::ledger_xlsx::to_xlsx`] writes them.
    pub fn sheet_names(&self, lang: Lang) -> Vec<String> {
        sheet_names(
            &self.units(),
            &[index_name(lang), unmatched_name(lang)],
            lang,
        )
    }
}

pub(crate) fn text_at(table: &Table, row: usize, col: Option<usize>) -> String {
    col.map(|c| table.cell(row, c).text().trim().to_string())
        .unwrap_or_default()
}

/// Whether a row of this year's list means enrolled: a valid ID and, when the list has a
/// status column, a status that says insured here.
fn enrolled_ids(current: &Rows) -> (FxHashSet<&str>, usize) {
    let m = &current.source.mapping;
    let start = m.header_row + 1;
    let status = m.column(Role::Status);
    let reason = m.column(Role::Exclusion);
    let mut ids = FxHashSet::with_capacity_and_hasher(current.results.len(), Default::default());
    let mut unmatched = 0;
    let mut standings = Standings::default();
    for (k, r) in current.results.iter().enumerate() {
        if r.is_empty_row() {
            continue;
        }
        // A person is known by their ID, a newborn without one by the birth certificate.
        let Some(id) = r.id.as_deref().or(r.certificate.as_deref()) else {
            unmatched += 1;
            continue;
        };
        let row = start + k;
        let cell = |c: Option<usize>| c.map(|c| current.table.cell(row, c).text_ref());
        let insured = status.is_none()
            || standings.of(
                cell(status).as_deref().unwrap_or("").trim(),
                cell(reason).as_deref().unwrap_or("").trim(),
            ) == Standing::Insured;
        if insured {
            ids.insert(id);
        }
    }
    (ids, unmatched)
}

/// Builds the ledger of `kind` from the base list and this year's list (both checked, under
/// `policy` when given: the groups of the people already enrolled are then known).
pub fn build(
    kind: LedgerKind,
    base: &Rows,
    current: &Rows,
    policy: Option<&crate::policy::Policy>,
) -> Ledger {
    let (enrolled, current_unmatched) = enrolled_ids(current);
    let counted = crate::roster::summary::counted(&base.results, &mut Default::default());
    let mut groups: Vec<EnrolledGroup> = Vec::new();
    let mut group_at: FxHashMap<String, usize> = FxHashMap::default();
    let m = &base.source.mapping;
    let start = m.header_row + 1;
    let col = |r: Role| m.column(r);
    let mut counts = Counts {
        current_people: enrolled.len(),
        current_unmatched,
        ..Counts::default()
    };
    let mut seen: FxHashSet<&str> =
        FxHashSet::with_capacity_and_hasher(base.results.len(), Default::default());
    let mut entries: Vec<Entry> = Vec::new();
    let mut unmatched = Vec::new();
    let mut enrolled_units: Vec<(String, String, usize)> = Vec::new();
    let mut enrolled_index: FxHashMap<(String, String), usize> = FxHashMap::default();
    for (k, r) in base.results.iter().enumerate() {
        if r.is_empty_row() {
            counts.base_empty += 1;
            continue;
        }
        counts.base_rows += 1;
        let row = start + k;
        let t = |role| text_at(&base.table, row, col(role));
        let not_matchable = |unmatched: &mut Vec<Unmatched>, counts: &mut Counts| {
            counts.unmatched += 1;
            unmatched.push(Unmatched {
                row: row + 1,
                township: t(Role::Township),
                village: t(Role::Village),
                name: t(Role::Name),
                id_text: t(Role::Id),
                problem: r
                    .problems
                    .iter()
                    .find(|p| p.severity == Status::Error)
                    .map_or("id_missing", |p| p.code),
            });
        };
        // A person is known by their ID, a newborn without one by the birth certificate
        // (enrolled this year when this year's list has the same certificate).
        let Some(key) = r.id.as_deref().or(r.certificate.as_deref()) else {
            not_matchable(&mut unmatched, &mut counts);
            continue;
        };
        if !seen.insert(key) {
            counts.duplicates += 1;
            continue;
        }
        if enrolled.contains(key) {
            counts.enrolled += 1;
            // Their groups, and the subsidy of the group that applies (as a roster's
            // summary counts them: `summary::summarize`).
            for (i, g) in r.groups.iter().enumerate() {
                if r.groups[..i].contains(g) {
                    continue;
                }
                let n = groups.len();
                let at = *group_at.entry(g.clone()).or_insert(n);
                if at == n {
                    groups.push(EnrolledGroup {
                        group: g.clone(),
                        ..EnrolledGroup::default()
                    });
                }
                groups[at].people += 1;
            }
            if let Some(g) = r.applied_group.as_ref().filter(|_| counted[k].budget) {
                let n = groups.len();
                let at = *group_at.entry(g.clone()).or_insert(n);
                if at == n {
                    groups.push(EnrolledGroup {
                        group: g.clone(),
                        ..EnrolledGroup::default()
                    });
                }
                groups[at].subsidised += 1;
                groups[at].subsidy += r.subsidy.unwrap_or_default();
            }
            // Cleaned as the ledger's entries are, so that the village is one line.
            let mut key = (t(Role::Township), t(Role::Village));
            replace_controls(&mut key.0);
            replace_controls(&mut key.1);
            let n = enrolled_units.len();
            let i = *enrolled_index.entry(key.clone()).or_insert(n);
            if i == n {
                enrolled_units.push((key.0, key.1, 0));
            }
            enrolled_units[i].2 += 1;
            continue;
        }
        // A ledger's person is an ID (the village sheets read back by it): a newborn not
        // enrolled, known only by the certificate, is listed apart.
        let Some(id) = r.id.as_deref() else {
            not_matchable(&mut unmatched, &mut counts);
            continue;
        };
        let reason = t(Role::Exclusion);
        entries.push(Entry {
            row: row + 1,
            township: t(Role::Township),
            village: t(Role::Village),
            name: t(Role::Name),
            id: id.to_string(),
            sex: r.sex,
            group: t(Role::Group),
            phone: t(Role::Phone),
            reason: match standing("", &reason) {
                Standing::NotInsured | Standing::Insured => String::new(),
                _ => reason,
            },
        });
    }
    counts.ledger = entries.len();
    counts.new_people = enrolled.iter().filter(|id| !seen.contains(*id)).count();
    let mut replaced = Vec::new();
    for e in &mut entries {
        let cols = columns(Lang::Zh);
        for (field, col) in [
            (&mut e.township, cols[1]),
            (&mut e.village, cols[2]),
            (&mut e.name, cols[3]),
            (&mut e.group, cols[6]),
            (&mut e.phone, cols[7]),
            (&mut e.reason, cols[12]),
        ] {
            if replace_controls(field) {
                replaced.push((e.row, col));
            }
        }
    }
    for u in &mut unmatched {
        let cols = unmatched_heads(Lang::Zh);
        for (field, col) in [
            (&mut u.township, cols[1]),
            (&mut u.village, cols[2]),
            (&mut u.name, cols[3]),
            (&mut u.id_text, cols[4]),
        ] {
            if replace_controls(field) {
                replaced.push((u.row, col));
            }
        }
    }
    replaced.sort_unstable();
    // Townships in order of first appearance, then their villages likewise; a stable sort
    // keeps base-list order within a village.
    let mut towns: FxHashMap<&str, usize> = FxHashMap::default();
    let mut villages: FxHashMap<(&str, &str), usize> = FxHashMap::default();
    let keys: Vec<(usize, usize)> = entries
        .iter()
        .map(|e| {
            let n = towns.len();
            let t = *towns.entry(e.township.as_str()).or_insert(n);
            let n = villages.len();
            let v = *villages
                .entry((e.township.as_str(), e.village.as_str()))
                .or_insert(n);
            (t, v)
        })
        .collect();
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    drop((towns, villages));
    let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
    Ledger {
        kind,
        entries: order.into_iter().filter_map(|i| slots[i].take()).collect(),
        unmatched,
        counts,
        enrolled: enrolled_units,
        replaced,
        group_names: {
            let names = super::names::Names::of(policy);
            groups
                .iter()
                .map(|g| [Lang::Zh, Lang::En].map(|l| names.group(&g.group, l)))
                .collect()
        },
        groups: policy.map(|_| groups),
    }
}

/// A policy group's people of the base list already enrolled when the ledger was built (not
/// in the ledger), and the subsidies paid for them: a progress report counts them in the
/// group's coverage and in the departments' payments, so that both are over the whole group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnrolledGroup {
    /// The policy group (or category) id.
    pub group: String,
    /// People of the group enrolled this year.
    pub people: usize,
    /// Of whom subsidised under this group (it is the group whose subsidy applies to them).
    pub subsidised: usize,
    /// The subsidies of those people.
    pub subsidy: rust_decimal::Decimal,
}
