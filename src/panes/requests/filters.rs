//! The filters in force on the triage table, in words, for its title: what
//! the current view's own spec does not already say, and the text filter.

use crate::app::state::State;
use crate::model::requests::AssigneeFilter;
use crate::panes::PaneId;
use crate::panes::requests::update::view_spec;
use crate::text::i18n::{Texts, label};

/// One short phrase per active filter ("状态 办理", "村/社区 王家葑村").
pub fn active(state: &State, t: &Texts) -> Vec<String> {
    let spec = &state.requests.spec.filter;
    let base = view_spec(state, &state.requests.view).filter;
    let data = state.data.as_ref();
    let name_of = |items: Option<&Vec<(i64, String)>>, id: i64| {
        items
            .and_then(|v| v.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()))
            .unwrap_or_else(|| format!("#{id}"))
    };
    let c = &t.columns;
    let mut out = Vec::new();
    let mut add = |key: &str, values: Vec<String>| {
        if !values.is_empty() {
            out.push(format!("{key} {}", values.join("/")));
        }
    };
    if spec.statuses != base.statuses {
        add(
            &c.status,
            spec.statuses
                .iter()
                .map(|s| label(&t.status, s.code()).to_string())
                .collect(),
        );
    }
    if spec.channels != base.channels {
        add(
            &c.channel,
            spec.channels
                .iter()
                .map(|s| label(&t.channel, s.code()).to_string())
                .collect(),
        );
    }
    if spec.category_ids != base.category_ids {
        add(
            &c.category,
            spec.category_ids
                .iter()
                .map(|id| label(&t.category, &name_of(data.map(|d| &d.categories), *id)).to_string())
                .collect(),
        );
    }
    if spec.village_ids != base.village_ids {
        add(
            &c.village,
            spec.village_ids
                .iter()
                .map(|id| name_of(data.map(|d| &d.villages), *id))
                .collect(),
        );
    }
    if spec.grid_ids != base.grid_ids {
        let grids: Option<Vec<(i64, String)>> = data.map(|d| d.grids.iter().map(|g| (g.id, g.name.clone())).collect());
        add(
            &c.grid,
            spec.grid_ids.iter().map(|id| name_of(grids.as_ref(), *id)).collect(),
        );
    }
    if spec.assignee != base.assignee {
        let who = match spec.assignee {
            Some(AssigneeFilter::Unassigned) => t.req.unassigned.clone(),
            Some(AssigneeFilter::Me) => t.req.me.clone(),
            Some(AssigneeFilter::Cadre(id)) => {
                let cadres: Option<Vec<(i64, String)>> =
                    data.map(|d| d.cadres.iter().map(|c| (c.id, c.name.clone())).collect());
                name_of(cadres.as_ref(), id)
            }
            None => t.req.any.clone(),
        };
        add(&c.assignee, vec![who]);
    }
    if spec.levels != base.levels {
        add(
            &c.level,
            spec.levels
                .iter()
                .map(|l| label(&t.level, l.code()).to_string())
                .collect(),
        );
    }
    if spec.overdue && !base.overdue {
        out.push(t.req.overdue_only.clone());
    }
    if spec.open_only && !base.open_only {
        out.push(t.req.open_only.clone());
    }
    if !spec.text.is_empty() && spec.text != base.text {
        out.push(format!("/{}", spec.text));
    }
    let typed = &state.list_of(PaneId::REQUESTS).filter;
    if !typed.is_empty() {
        out.push(format!("/{typed}"));
    }
    out
}
