//! Carries out the reports pane's effects against the store: computing a
//! report, reading the households behind a warning, exporting, attaching a
//! report to an agenda item. The state is only read here.

use super::Services;
use crate::app::message::{Message, Outcome};
use crate::app::state::State;
use crate::domain::accounts::Permission;
use crate::domain::analysis::{self, AttachedReport, Warning, WarningKind};
use crate::export::analysis::Options;
use crate::export::analysis::cli::{default_path, export_report};
use crate::panes::reports::forms::Attach;
use crate::panes::reports::state::{Computed, Query, WarningList};
use crate::panes::reports::update::{ReportsEffect, ReportsMessage};
use crate::store::analysis::{business_month_start, households_stale, households_unvisited, load};
use crate::store::meeting_ops;
use crate::text::i18n::{agenda_error, store_error, texts};

fn say(m: ReportsMessage) -> Message {
    Message::Reports(Box::new(m))
}

pub fn execute(state: &State, svc: &mut Services, effect: ReportsEffect) -> Outcome {
    match effect {
        ReportsEffect::Compute { seq, query } => Outcome::read(vec![compute(state, svc, seq, query)]),
        ReportsEffect::OpenList { warning } => Outcome::read(vec![open_list(state, svc, warning)]),
        ReportsEffect::Export { format, path, full } => {
            let Some(c) = &state.reports.shown else {
                return Outcome::read(vec![Message::FormRefused(
                    texts(state.lang).reports.nothing_yet.clone(),
                )]);
            };
            let target = path.map_or_else(
                || default_path(std::path::Path::new("."), &c.report, format),
                std::path::PathBuf::from,
            );
            let opts = Options {
                township: c.township.clone(),
                presenter: svc.store.actor().display_name.clone(),
                date: state.today,
                full_names: full,
                lang: state.lang,
            };
            let written = export_report(&mut svc.store, &c.report, format, &target, &opts);
            Outcome::read(vec![match written {
                Ok(msg) => Message::FormSaved(msg),
                Err(why) => Message::FormRefused(why),
            }])
        }
        ReportsEffect::Attach(a) => attach(state, svc, *a),
    }
}

/// The report of `query`: read the rows, compute in `domain::analysis`.
pub fn compute(state: &State, svc: &mut Services, seq: u64, query: Query) -> Message {
    let conn = svc.store.conn();
    let computed = (|| {
        let start = business_month_start(conn)?;
        let (kind, span) = query.resolve(start);
        let loaded = load(conn, kind, span, state.today)?;
        let report = analysis::build(
            &loaded.input,
            &query.selection,
            kind,
            span,
            state.today,
            loaded.settings,
        );
        Ok(Computed {
            query,
            report,
            township: loaded.township,
            business_start: start,
        })
    })();
    match computed {
        Ok(c) => say(ReportsMessage::Computed {
            seq,
            computed: Box::new(c),
        }),
        Err(e) => say(ReportsMessage::Failed {
            seq,
            text: store_error(state.lang, &e),
        }),
    }
}

fn open_list(state: &State, svc: &mut Services, w: Warning) -> Message {
    let as_of = state.reports.shown.as_ref().map_or(state.today, |c| c.report.as_of);
    let conn = svc.store.conn();
    let x = &texts(state.lang).reports;
    let (rows, day_head) = match w.kind {
        WarningKind::Unvisited => (households_unvisited(conn, &w.ids, as_of), &x.col_visited),
        WarningKind::StaleGrid => (
            households_stale(conn, w.ids.first().copied().unwrap_or_default(), as_of),
            &x.col_verified,
        ),
        _ => return Message::Error(x.no_list.clone()),
    };
    match rows {
        Ok(rows) => say(ReportsMessage::List(WarningList {
            title: crate::text::i18n::label(&texts(state.lang).analysis.warning, w.kind.code()).to_string(),
            reason: crate::text::reports::warning_reason(&w, state.lang),
            day_head: day_head.clone(),
            rows,
            selected: Default::default(),
        })),
        Err(e) => Message::Error(store_error(state.lang, &e)),
    }
}

fn attach(state: &State, svc: &mut Services, a: Attach) -> Outcome {
    let lang = state.lang;
    // Checked before a new item is made, so a refusal leaves the agenda as it was.
    let object = format!("meeting:{}", a.meeting_id);
    if let Err(e) = svc.store.require(Permission::PrepareMeetings, &object) {
        return Outcome::read(vec![Message::FormRefused(store_error(lang, &e))]);
    }
    let item_id = match a.item_id {
        Some(id) => Ok(id),
        None => meeting_ops::add_item(
            &mut svc.store,
            &meeting_ops::NewItem {
                meeting_id: a.meeting_id,
                topic_id: None,
                title: a.title.clone(),
                minutes: 15,
                presenter_id: a.presenter_id,
            },
        ),
    };
    let done = item_id.and_then(|item_id| {
        crate::store::analysis::attach_report(&mut svc.store, &AttachedReport { item_id, ..a.report })
    });
    let mut messages = vec![match done {
        Ok(()) => Message::FormSaved(texts(lang).reports.attached.clone()),
        Err(e) => Message::FormRefused(agenda_error(lang, &e)),
    }];
    // The builder shows the attachment at once.
    if state.agenda.meeting.as_ref().map(|m| m.id) == Some(a.meeting_id) {
        messages.push(super::agenda::load(state, svc, a.meeting_id));
    }
    Outcome::wrote(messages)
}
