//! The policy's names of groups, categories and departments, for the workbooks and results.

use crate::lang::Lang;
use crate::policy::Policy;

/// The name of the group or category a target names, as the policy writes it (the id when the
/// policy has none).
pub fn group_name(policy: Option<&Policy>, id: &str, lang: Lang) -> String {
    Names::of(policy).group(id, lang)
}

/// A department's name, as the policy writes it (the id when the policy has none).
pub fn department_name(policy: Option<&Policy>, id: &str, lang: Lang) -> String {
    Names::of(policy).department(id, lang)
}

/// The policy's names of groups, categories and departments by id, looked up once for a
/// report's many lines.
pub struct Names<'p> {
    groups: std::collections::HashMap<&'p str, &'p crate::lang::Text>,
    departments: std::collections::HashMap<&'p str, &'p crate::lang::Text>,
}

impl<'p> Names<'p> {
    /// The names of `policy` (none without one).
    pub fn of(policy: Option<&'p Policy>) -> Names<'p> {
        let mut groups = std::collections::HashMap::new();
        let mut departments = std::collections::HashMap::new();
        if let Some(p) = policy {
            if let Some(res) = &p.resident {
                // Categories first, so that a group of the same id wins (as `Policy::group`
                // is asked first).
                for c in &res.categories {
                    groups.insert(c.id.as_str(), &c.name);
                }
                for g in res.groups.iter().rev() {
                    groups.insert(g.id.as_str(), &g.name);
                }
            }
            for d in p.departments.iter().rev() {
                departments.insert(d.id.as_str(), &d.name);
            }
        }
        Names {
            groups,
            departments,
        }
    }

    /// A group's (or category's) name (the id when the policy has none).
    pub fn group(&self, id: &str, lang: Lang) -> String {
        self.groups
            .get(id)
            .map_or_else(|| id.to_string(), |n| n.get(lang).to_string())
    }

    /// A department's name (the id when the policy has none).
    pub fn department(&self, id: &str, lang: Lang) -> String {
        self.departments
            .get(id)
            .map_or_else(|| id.to_string(), |n| n.get(lang).to_string())
    }
}
