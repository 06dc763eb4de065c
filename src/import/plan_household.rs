//! Planning one household of the sheet once all its rows are checked
//! (README "Importing the register"): the household it updates or adds,
//! its place, address and tags, and each member's write.

use super::{Row, Validator, birth_text, sort_tags};
use crate::import::columns::Field;
use crate::import::register::{Existing, Missing, Problem};
use crate::store::import::{ExistingPerson, HouseholdPlan, PersonPlan, PlaceRef};
use std::collections::{BTreeSet, HashMap, HashSet};

impl Validator<'_> {
    /// Plans household `h` (index `self.planned` in the plan).
    pub(super) fn plan(&mut self, h: usize) {
        let (table, db, opts) = (self.table, self.db, self.opts);
        let m = &self.members[h];
        let rows = &self.rows;
        let out = &mut self.out;
        let lead = m.iter().copied().find(|&i| rows[i].relation == "户主").unwrap_or(m[0]);
        let head = &rows[lead];
        let by_id = &self.by_id;
        let existing_of = |r: &Row| {
            r.id.as_ref()
                .and_then(|id| by_id.get(id.as_str()))
                .copied()
                .filter(|_| opts.update)
        };
        // The household this one updates: the head's, else a member's; a
        // household already taken by another in the sheet is a new one.
        let existing = std::iter::once(lead)
            .chain(m.iter().copied())
            .filter_map(|i| existing_of(&rows[i]))
            .map(|p| p.household_id)
            .find(|h| !self.claimed.contains(h))
            .and_then(|h| db.households.get(&h));
        if let Some(h) = existing {
            self.claimed.insert(h.id);
        }
        let pick = |f: Field, value: &str, old: Option<&str>| -> String {
            if table.has(f) && !value.is_empty() {
                value.to_string()
            } else {
                old.unwrap_or(value).to_string()
            }
        };
        let (village_name, group_number, grid_name) = (&self.village_name, &self.group_number, &self.grid_name);
        let village = pick(
            Field::Village,
            head.village,
            existing.and_then(|h| village_name.get(&h.village_id).copied()),
        );
        let group = match (head.group, existing) {
            (Some(n), _) => Some(n),
            // An empty cell keeps what is registered, as for every field.
            (None, Some(h)) => h.group_id.and_then(|g| group_number.get(&g).copied()),
            _ => None,
        };
        let vid = db.places.villages.get(&village).copied();
        let grid = if !head.grid.is_empty() {
            head.grid.to_string()
        } else if let Some(h) = existing.filter(|h| Some(h.village_id) == vid) {
            grid_name.get(&h.grid_id).copied().unwrap_or_default().to_string()
        } else if let Some(g) = vid.and_then(|v| db.places.first_grid.get(&v)) {
            grid_name.get(g).copied().unwrap_or_default().to_string()
        } else {
            format!("{village}网格")
        };
        if !village.is_empty()
            && vid.is_none_or(|v| !db.places.grids.contains_key(&(v, grid.clone())))
            && !self
                .to_create
                .grid(&village, &grid, opts.create_places, &mut self.unknown_grids)
        {
            out.issues.push((
                lead,
                Problem::UnknownGrid {
                    village: village.clone(),
                    grid: grid.clone(),
                },
            ));
        }
        let house_no = pick(Field::HouseNo, head.house_no, existing.map(|h| h.house_no.as_str()));
        let address = if table.has(Field::Address) && !head.address.is_empty() {
            head.address.to_string()
        } else if let Some(h) = existing {
            h.address.clone()
        } else {
            format!(
                "{village}{}{house_no}",
                group.map(|n| format!("{n}组")).unwrap_or_default()
            )
        };
        let tags = if !self.cols.tag_columns.is_empty() || existing.is_none() {
            let all: BTreeSet<String> = m.iter().flat_map(|&i| rows[i].tags.iter().cloned()).collect();
            sort_tags(&all)
        } else {
            existing.map(|h| h.tags.clone()).unwrap_or_default()
        };
        let changed = existing.is_some_and(|h| {
            Some(h.village_id) != vid
                || h.group_id.and_then(|g| group_number.get(&g).copied()) != group
                || grid_name.get(&h.grid_id).copied() != Some(grid.as_str())
                || h.house_no != house_no
                || h.address != address
                || h.tags != tags
        });
        let index = self.planned;
        out.plan.households.push(HouseholdPlan {
            existing: existing.map(|h| (h.id, h.version)),
            changed,
            place: PlaceRef { village, group, grid },
            house_no,
            address,
            phone: None,
            tags,
        });
        for &i in m {
            let old = existing_of(&rows[i]);
            let r = &rows[i];
            let Some(id) = &r.id else { continue };
            let status = r
                .status
                .clone()
                .or_else(|| old.map(|p| p.status.clone()))
                .unwrap_or_else(|| "在家".to_string());
            let phone = r.phone.clone().or_else(|| old.and_then(|p| p.phone.clone()));
            let mut changes = Vec::new();
            if let Some(p) = old {
                let mut diff = |what: &str, a: &str, b: &str| {
                    if a != b {
                        changes.push(format!("{what}: {a} -> {b}"));
                    }
                };
                diff("name", &p.name, r.name);
                diff("relation", &p.relation, r.relation);
                diff(
                    "phone",
                    p.phone.as_deref().unwrap_or(""),
                    phone.as_deref().unwrap_or(""),
                );
                diff("status", &p.status, &status);
                if existing.map(|h| h.id) != Some(p.household_id) {
                    let to = existing.map_or_else(|| "new".to_string(), |h| h.id.to_string());
                    diff("household", &p.household_id.to_string(), &to);
                    out.moved += 1;
                }
                if changes.is_empty() {
                    out.unchanged += 1;
                }
            }
            out.plan.persons.push(PersonPlan {
                existing: old.map(|p| (p.id, p.version)),
                changes: changes.join("; "),
                household: index,
                resident_id: id.as_str().to_string(),
                gender: id.gender().code(),
                birth_date: birth_text(id),
                name: r.name.to_string(),
                relation: r.relation.to_string(),
                phone,
                status,
            });
        }
    }
}

/// Update mode: the registered persons of the sheet's villages the sheet
/// no longer lists (the deceased aside).
pub(super) fn missing(rows: &[Row], db: &Existing) -> Vec<Missing> {
    let in_file: HashSet<&str> = rows.iter().filter_map(|r| r.id.as_ref().map(|i| i.as_str())).collect();
    let villages: HashMap<i64, &str> = db
        .places
        .villages
        .iter()
        .filter(|(name, _)| rows.iter().any(|r| r.village == name.as_str()))
        .map(|(name, &id)| (id, name.as_str()))
        .collect();
    let mut out = Vec::new();
    for p in db.persons {
        let p: &ExistingPerson = p;
        let Some(h) = db.households.get(&p.household_id) else {
            continue;
        };
        let Some(village) = villages.get(&h.village_id) else {
            continue;
        };
        if p.resident_id.as_deref().is_none_or(|id| !in_file.contains(id)) && p.status != "去世" {
            out.push(Missing {
                name: p.name.clone(),
                resident_id: p.resident_id.clone(),
                village: village.to_string(),
            });
        }
    }
    out
}
