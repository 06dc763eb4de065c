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
    not_demo,
    exists_needs_force,
    keep_needs_dir,
    restore_in_use,
    restore_bad_backup,
    restored,
    export_exists,
    backup_over_live,
    copy_failed_check,
});
section!(AuditText {
    chain_ok,
    missing_table,
    missing_trigger,
    broken,
    broken_first,
    truncated,
});
// Inputs checked at the edge (issue 13): calendar files, SLA bounds,
// register relation warnings.
section!(ChecksText {
    cal_syntax_line,
    cal_syntax,
    cal_unknown_key,
    cal_bad_date,
    cal_bad_range,
    cal_outside_year,
    cal_holiday_and_workday,
    cal_duplicate_year,
    cal_empty_year,
    cal_year_range,
    cal_too_big,
    cal_failed,
    cal_removed,
    sla_range,
    rel_younger,
    rel_older,
    rel_gender,
    rel_spouse_gender,
    rel_spouse_minor,
    rel_sibling_age,
    rel_confirm,
    list_sep,
});
section!(AccountsText {
    bad_credentials,
    locked,
    disabled,
    no_password,
    too_short,
    too_few_kinds,
    not_permitted,
    roles_sep,
    login_taken,
    last_admin,
    not_empty,
    password_prompt,
    new_password_prompt,
    repeat_password_prompt,
    passwords_differ,
    password_file_open,
    password_file_unreadable,
    no_terminal,
    unknown_role,
    first_admin_needed,
    first_admin_intro,
    first_admin_login,
    user_added,
    first_admin_added,
    user_changed,
    changed_password,
    changed_disabled,
    changed_enabled,
    changed_role,
    flag_disabled,
    flag_locked,
    flag_no_password,
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
    other,
    is_directory,
    not_a_file,
    not_a_database,
    damaged,
    permission_denied,
    file_error,
    io_not_found,
    io_permission,
    io_exists,
    io_other,
    sqlite_error,
    migration_failed
});

section!(FormsText {
    number,
    date,
    datetime,
    phone_expected,
    phone_missing,
    phone_signs,
    phone_unknown,
    caller_village,
    caller_grid,
    unknown_place,
    grid_not_in_village
});
section!(ScaleText { refreshing });

section!(KeymapText {
    unreadable,
    syntax,
    unknown_action,
    unknown_context,
    unknown_key,
    clash
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
    pub agenda: crate::text::agenda::AgendaTexts,
    pub assess: AssessText,
    pub assess_satisfaction: HashMap<String, String>,
    pub assess_layer: HashMap<String, String>,
    pub assess_period: HashMap<String, String>,
    pub assess_level: HashMap<String, String>,
    pub audit: AuditText,
    pub checks: ChecksText,
    pub accounts: AccountsText,
    /// What each guarded action is called in a refusal.
    pub permission: HashMap<String, String>,
    /// Problems with the user's keymap file.
    pub keymap: KeymapText,
    /// `minqing import` (register and places).
    pub import: crate::import::texts::ImportText,
    /// `minqing report analysis` / `monthly` (the 民情分析 report).
    pub analysis: crate::export::analysis::texts::AnalysisTexts,
    /// Typed forms: shared validators, choice lists, conflicts.
    pub forms: FormsText,
    /// The login and lock screen, `minqing audit` (issue 11).
    pub login: crate::text::login::LoginTexts,
    /// The set-up pane (设置); its action and context labels are merged
    /// into `actions` and `contexts` when the table is read.
    pub setup: crate::text::setup::SetupTexts,
    /// Loading off the UI thread (issue 15): the mark while an answer is due.
    pub scale: ScaleText,
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
    let (actions, contexts) = (t.login.actions.clone(), t.login.contexts.clone());
    t.actions.extend(actions);
    t.contexts.extend(contexts);
    let (actions, contexts) = (t.setup.actions.clone(), t.setup.contexts.clone());
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

/// The sentences for errors of the lower layers live beside the tables.
pub use super::sentences::*;

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
    fn every_action_and_workflow_step_has_a_label() {
        // A user keymap may bind any action, so all of them need a help label.
        use strum::IntoEnumIterator;
        for lang in [Lang::Zh, Lang::En] {
            for a in Action::iter() {
                assert!(
                    texts(lang).actions.contains_key(a.name()),
                    "{lang:?} label for {}",
                    a.name()
                );
            }
            for k in crate::domain::workflow::CommandKind::ALL {
                assert!(
                    texts(lang).command.contains_key(k.code()),
                    "{lang:?} label for {}",
                    k.code()
                );
            }
        }
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
