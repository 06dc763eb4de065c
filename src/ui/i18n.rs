//! UI strings: one TOML table per language under `assets/i18n/`, read into
//! typed structs so a missing string fails the tests, not a user's screen.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

macro_rules! section {
    ($name:ident { $($field:ident),* $(,)? }) => {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name { $(pub $field: String),* }
    };
}

section!(Chrome {
    app_name,
    user,
    overdue,
    loading,
    too_small,
    filter_prompt,
    filter_active,
    position,
    no_rows,
    no_match,
    help_title,
    help_footer,
    refreshed,
    load_failed,
    never
});
section!(Panes {
    grid_map,
    lookup,
    requests,
    meetings,
    assessment
});
section!(Titles {
    grids,
    households,
    requests,
    meetings,
    agenda,
    cadres
});
section!(Columns {
    age_gender,
    relation,
    grid,
    village,
    cadre,
    phone,
    households,
    persons,
    open_requests,
    head,
    address,
    members,
    tags,
    verified,
    id,
    received,
    channel,
    resident,
    category,
    title,
    assignee,
    status,
    due,
    date,
    kind,
    level,
    place,
    chair,
    items,
    position,
    topic,
    minutes,
    presenter,
    decisions,
    name,
    job_title,
    grids,
    visited,
    coverage,
    overdue
});
section!(Due {
    today,
    in_days,
    overdue_days,
    none
});
section!(MinutesFmt {
    minutes,
    agenda_total,
    no_items
});
section!(FormText {
    new_request,
    edit_member,
    add_member,
    channel,
    resident,
    caller_name,
    caller_phone,
    category,
    kind,
    title,
    content,
    scope,
    difficulty,
    priority,
    level,
    on_spot,
    resolution,
    name,
    resident_id,
    relation,
    phone,
    status,
    required,
    saved,
    request_saved,
    verified,
    revealed,
    no_reveal,
    discard_q,
    quit_q,
    hint,
    multiline_hint,
    no_member,
    no,
    yes
});
section!(IdErrors {
    length,
    non_digit,
    bad_date,
    future_date,
    checksum,
    phone_length,
    phone_non_digit,
    phone_not_mobile
});
section!(LookupText {
    title,
    prompt,
    placeholder,
    indexing,
    no_hits,
    results,
    household,
    age
});
section!(CardText {
    title,
    address,
    grid,
    cadre,
    tags,
    verified,
    stale,
    never,
    members,
    requests,
    visits,
    no_requests,
    no_visits,
    household_phone
});
section!(ReqText {
    view_open,
    view_grid,
    view_all,
    view_my_queue,
    view_overdue,
    view_unassigned,
    view_escalated,
    view_callbacks,
    view_label,
    sort_label,
    marked,
    filter_title,
    any,
    unassigned,
    me,
    overdue_only,
    open_only,
    sort,
    save_view_title,
    view_name,
    shared,
    view_saved,
    assign_title,
    assignee,
    resolve_title,
    solved,
    reject_title,
    reason,
    escalate_title,
    note,
    extend_title,
    new_due,
    bad_date,
    reopen_title,
    category_title,
    level_title,
    topic_title,
    no_topics,
    added_to_topic,
    callback_q,
    detail_title,
    timeline,
    similar,
    no_similar,
    allowed,
    received,
    due,
    resident,
    caller,
    household,
    content,
    resolution,
    satisfaction,
    topic,
    duplicate_of,
    urges,
    done,
    bulk_done,
    merged_into,
    urged,
    conflict_changed,
    nothing_marked,
    merge_needs_two,
    pick_resident,
    no_household,
    calendar_missing,
});
section!(ReqErrors {
    empty_title,
    no_resident,
    unknown,
    inactive_cadre,
    merge_target_final,
    not_editable,
    duplicate_view,
    not_your_view,
    bad_value,
    not_allowed,
    empty_text,
    needs_role,
    needs_assignee,
    due_not_later,
    level_not_higher,
    merge_self,
    this_action,
});
section!(AdminText {
    read_failed,
    bad_calendar,
    imported,
    years_covered,
    sla_line,
    bad_kind,
    no_database,
    integrity_failed,
    generating,
    generated,
    backed_up,
});
section!(AuditText {
    chain_ok,
    missing_table,
    missing_trigger,
    broken,
    broken_first,
    truncated,
});
section!(Errors {
    conflict,
    newer_schema,
    network_share,
    unknown_user,
    user_disabled,
    not_found,
    busy,
    disk_full,
    other
});

section!(AssessText {
    map_edit_title,
    map_edit_hint,
    map_saved,
    cell_taken,
    no_grids,
    legend_layer,
    legend_scale,
    legend_no_data,
    households_short,
    side_village,
    side_cadre,
    side_no_cadre,
    side_households,
    side_open,
    side_no_open,
    side_visits,
    side_awareness,
    side_satisfaction,
    no_cadre,
    title_cadres,
    title_grids,
    period,
    range,
    quota,
    below_mark,
    chart_coverage,
    chart_awareness,
    chart_satisfaction,
    col_name,
    col_grid,
    col_cadre,
    col_households,
    col_visited,
    col_coverage,
    col_village,
    col_overnight,
    col_awareness,
    col_satisfaction,
    col_callback,
    col_open,
    col_overdue,
    col_avg_days,
    col_urges,
    col_below,
    col_address,
    col_head,
    col_phone,
    col_verified,
    col_tags,
    col_result,
    col_position,
    never_verified,
    plan_title,
    plan_empty,
    visit_title,
    no_household,
    visit_cadre,
    visit_kind,
    visit_date,
    visit_notes,
    visit_raise,
    visit_needs_household,
    visit_future,
    bad_date,
    visit_saved,
    campaign_title,
    campaign_name,
    campaign_per_grid,
    campaign_seed,
    campaign_default_name,
    bad_per_grid,
    bad_seed,
    nothing_to_sample,
    campaign_saved,
    survey_title,
    survey_none,
    call_title,
    call_reached,
    call_knows,
    call_satisfaction,
    call_comment,
    call_saved,
    not_called,
    not_reached,
    knows,
    not_knows,
    exported,
    report_title
});

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub chrome: Chrome,
    pub panes: Panes,
    pub titles: Titles,
    pub columns: Columns,
    pub due: Due,
    pub minutes_fmt: MinutesFmt,
    pub contexts: HashMap<String, String>,
    pub actions: HashMap<String, String>,
    pub status: HashMap<String, String>,
    pub channel: HashMap<String, String>,
    pub meeting_kind: HashMap<String, String>,
    pub meeting_status: HashMap<String, String>,
    pub level: HashMap<String, String>,
    pub role: HashMap<String, String>,
    pub errors: Errors,
    pub form: FormText,
    pub id_errors: IdErrors,
    pub lookup: LookupText,
    pub card: CardText,
    pub gender: HashMap<String, String>,
    pub kind: HashMap<String, String>,
    pub scope: HashMap<String, String>,
    pub difficulty: HashMap<String, String>,
    pub priority: HashMap<String, String>,
    pub visit_kind: HashMap<String, String>,
    pub req: ReqText,
    pub req_fields: HashMap<String, String>,
    pub command: HashMap<String, String>,
    pub satisfaction: HashMap<String, String>,
    pub sort: HashMap<String, String>,
    pub req_errors: ReqErrors,
    pub admin: AdminText,
    /// The meetings & agendas pane (its action and context labels are
    /// merged into `actions` and `contexts` when the table is read).
    pub agenda: crate::ui::panes::agenda::texts::AgendaTexts,
    pub assess: AssessText,
    pub assess_satisfaction: HashMap<String, String>,
    pub assess_layer: HashMap<String, String>,
    pub assess_period: HashMap<String, String>,
    pub assess_level: HashMap<String, String>,
    pub audit: AuditText,
    /// `minqing report analysis` / `monthly` (the 民情分析 report).
    pub analysis: crate::export::analysis::texts::AnalysisTexts,
}

const ZH: &str = include_str!("../../assets/i18n/zh.toml");
const EN: &str = include_str!("../../assets/i18n/en.toml");

pub fn texts(lang: Lang) -> &'static Texts {
    static ZH_T: OnceLock<Texts> = OnceLock::new();
    static EN_T: OnceLock<Texts> = OnceLock::new();
    let (cell, src) = match lang {
        Lang::Zh => (&ZH_T, ZH),
        Lang::En => (&EN_T, EN),
    };
    cell.get_or_init(|| parse(src).expect("shipped i18n tables are valid (tested)"))
}

fn parse(src: &str) -> Result<Texts, toml::de::Error> {
    let mut t: Texts = toml::from_str(src)?;
    let (actions, contexts) = (t.agenda.actions.clone(), t.agenda.contexts.clone());
    t.actions.extend(actions);
    t.contexts.extend(contexts);
    Ok(t)
}

/// Looks up a code (status, channel, ...) in a label table; an unknown code
/// shows as itself rather than vanishing.
pub fn label<'a>(table: &'a HashMap<String, String>, code: &'a str) -> &'a str {
    table.get(code).map_or(code, String::as_str)
}

/// Replaces `{name}` placeholders.
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// A resident-ID problem as a sentence next to the field.
pub fn id_error(lang: Lang, err: &crate::domain::ids::IdError) -> String {
    use crate::domain::ids::IdError as E;
    let e = &texts(lang).id_errors;
    match err {
        E::Length(n) => fill(&e.length, &[("n", n)]),
        E::NonDigit => e.non_digit.clone(),
        E::BadDate => e.bad_date.clone(),
        E::FutureDate => e.future_date.clone(),
        E::Checksum { expected, found } => fill(&e.checksum, &[("expected", expected), ("found", found)]),
    }
}

pub fn phone_error(lang: Lang, err: &crate::domain::ids::PhoneError) -> String {
    use crate::domain::ids::PhoneError as E;
    let e = &texts(lang).id_errors;
    match err {
        E::Length(n) => fill(&e.phone_length, &[("n", n)]),
        E::NonDigit => e.phone_non_digit.clone(),
        E::NotMobile => e.phone_not_mobile.clone(),
    }
}

/// A refused or invalid request write as a sentence for the status line.
/// `tried` names the command the user attempted, for "cannot assign".
pub fn request_error(
    lang: Lang,
    err: &crate::store::request_ops::RequestError,
    tried: Option<crate::domain::workflow::CommandKind>,
) -> String {
    use crate::store::request_ops::{RequestError as E, RequestInvalid as I};
    let t = texts(lang);
    let e = &t.req_errors;
    let status = |s: crate::domain::request::Status| label(&t.status, s.code()).to_string();
    match err {
        E::Store(s) => store_error(lang, s),
        E::Refused(r) => refusal(lang, r, tried),
        E::Invalid(i) => match i {
            I::EmptyTitle => e.empty_title.clone(),
            I::NoResidentOrCaller => e.no_resident.clone(),
            I::UnknownRequest(id)
            | I::UnknownHousehold(id)
            | I::UnknownPerson(id)
            | I::UnknownCategory(id)
            | I::UnknownCadre(id)
            | I::UnknownTopic(id) => fill(&e.unknown, &[("what", &format!("#{id}"))]),
            I::InactiveCadre(_) => e.inactive_cadre.clone(),
            I::MergeTargetFinal { target, status: st } => {
                fill(&e.merge_target_final, &[("id", target), ("status", &status(*st))])
            }
            I::NotEditable(st) => fill(&e.not_editable, &[("status", &status(*st))]),
            I::DuplicateViewName(name) => fill(&e.duplicate_view, &[("name", name)]),
            I::NotYourView(_) => e.not_your_view.clone(),
            I::BadStoredValue { request, column } => fill(&e.bad_value, &[("id", request), ("column", column)]),
        },
    }
}

/// Why the workflow refused, and what is allowed from here instead.
pub fn refusal(
    lang: Lang,
    r: &crate::domain::workflow::Refusal,
    tried: Option<crate::domain::workflow::CommandKind>,
) -> String {
    use crate::domain::workflow::{RefusalReason as R, TextField};
    let t = texts(lang);
    let e = &t.req_errors;
    let status = label(&t.status, r.from.code());
    let allowed: Vec<&str> = r.allowed.iter().map(|k| label(&t.command, k.code())).collect();
    let allowed = fill(&t.req.allowed, &[("list", &allowed.join(" / "))]);
    match &r.reason {
        R::NotAllowedFrom(_) => {
            let what = tried.map_or(e.this_action.as_str(), |k| label(&t.command, k.code()));
            fill(
                &e.not_allowed,
                &[("status", &status), ("what", &what), ("allowed", &allowed)],
            )
        }
        R::EmptyText(TextField::Resolution) => fill(&e.empty_text, &[("what", &t.req.resolution)]),
        R::EmptyText(TextField::Reason) => fill(&e.empty_text, &[("what", &t.req.reason)]),
        R::NeedsRole(_) => fill(&e.needs_role, &[("what", &label(&t.command, "extend"))]),
        R::NeedsAssignee => e.needs_assignee.clone(),
        R::DueNotLater { current } => fill(&e.due_not_later, &[("due", current)]),
        R::LevelNotHigher { current } => fill(&e.level_not_higher, &[("level", &label(&t.level, current.code()))]),
        R::MergeIntoSelf => e.merge_self.clone(),
    }
}

/// A store error as a sentence for the status line or the CLI.
pub fn store_error(lang: Lang, err: &crate::store::StoreError) -> String {
    use crate::store::StoreError as E;
    let e = &texts(lang).errors;
    match err {
        E::Conflict { object } => fill(&e.conflict, &[("object", object)]),
        E::NewerSchema { found, supported } => fill(&e.newer_schema, &[("found", found), ("supported", supported)]),
        E::NetworkShare { path, fstype } => fill(&e.network_share, &[("path", &path.display()), ("fstype", fstype)]),
        E::UnknownUser(login) => fill(&e.unknown_user, &[("login", login)]),
        E::UserDisabled(login) => fill(&e.user_disabled, &[("login", login)]),
        E::NotFound(what) => fill(&e.not_found, &[("what", what)]),
        E::Busy => e.busy.clone(),
        E::DiskFull => e.disk_full.clone(),
        other => fill(&e.other, &[("error", other)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::action::Action;
    use crate::app::keymap::Keymap;

    #[test]
    fn both_languages_parse_with_every_field() {
        for src in [ZH, EN] {
            parse(src).expect("all sections present, no unknown fields");
        }
    }

    #[test]
    fn label_tables_cover_the_same_codes_in_both_languages() {
        let (zh, en) = (texts(Lang::Zh), texts(Lang::En));
        let tables = |t: &'static Texts| {
            [
                &t.contexts,
                &t.actions,
                &t.status,
                &t.channel,
                &t.meeting_kind,
                &t.meeting_status,
                &t.level,
                &t.role,
            ]
        };
        for (a, b) in tables(zh).iter().zip(tables(en)) {
            let mut ka: Vec<_> = a.keys().collect();
            let mut kb: Vec<_> = b.keys().collect();
            ka.sort();
            kb.sort();
            assert_eq!(ka, kb);
        }
        for code in [
            "received",
            "assigned",
            "in_progress",
            "resolved",
            "callback",
            "closed",
            "rejected",
            "escalated",
            "merged",
        ] {
            assert!(zh.status.contains_key(code), "{code}");
        }
    }

    #[test]
    fn every_bound_action_has_a_help_label() {
        for b in Keymap::default_map().bindings {
            let name = b.action.name();
            assert!(texts(Lang::Zh).actions.contains_key(name), "zh label for {name}");
            assert!(texts(Lang::En).actions.contains_key(name), "en label for {name}");
        }
        assert_eq!(Action::Quit.name(), "quit");
    }

    #[test]
    fn chrome_uses_no_ambiguous_width_symbols() {
        for src in [ZH, EN] {
            for bad in [
                '\u{00b7}', '\u{201c}', '\u{201d}', '\u{2026}', '\u{00d7}', '\u{2192}', '\u{25a0}', '\u{2460}',
            ] {
                let body: String = src.lines().filter(|l| !l.trim_start().starts_with('#')).collect();
                assert!(!body.contains(bad), "ambiguous-width {bad:?} in i18n table");
            }
        }
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(fill("逾期{n}天", &[("n", &3)]), "逾期3天");
    }
}
