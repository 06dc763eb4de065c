//! UI strings: one TOML table per language under `assets/i18n/`, read into
//! typed structs so a missing string fails the tests, not a user's screen.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
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
    unnamed_township,
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
    request_outside_scope,
    new_request_outside_scope,
    meeting_outside_scope,
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
    no_password_typed,
    unknown_role,
    first_admin_needed,
    first_admin_intro,
    first_admin_login,
    first_admin_login_bare,
    typed_not_utf8,
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
    io_not_utf8,
    io_other,
    io_internal,
    excel_cell_text,
    excel_rows,
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
    grid_not_in_village,
    not_an_option,
    picker_filter,
    picker_count,
    picker_none,
    picker_hint,
    choice_more,
    bulk_assign,
    bulk_category,
    bulk_level,
    bulk_topic,
    rep_matches,
    conflict_rebased,
    conflict_theirs,
    conflict_someone,
    conflict_not_allowed,
    nothing_allowed,
    conflict_member,
    conflict_household,
    conflict_request,
    household_changed
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
    /// Words the register and the office store in Chinese (relations,
    /// member statuses, household tags, the categories a new database
    /// starts with), translated for English; zh.toml leaves them out and
    /// the stored word is shown (see `label`).
    #[serde(default)]
    pub relation: HashMap<String, String>,
    #[serde(default)]
    pub person_status: HashMap<String, String>,
    #[serde(default)]
    pub tag: HashMap<String, String>,
    #[serde(default)]
    pub category: HashMap<String, String>,
    /// The store's refusals (`store::Refusal::code`).
    pub refusal: HashMap<String, String>,
    /// Names of the objects in "not found" and conflict messages
    /// ("meeting 99", "cadre:15" read 会议 99, 干部 15).
    pub object: HashMap<String, String>,
    /// The command line's help (`text::cli`); English uses clap's own.
    #[serde(default)]
    pub cli: HashMap<String, String>,
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
    /// A clerk's day without friction (issue 12): card → request, refusals
    /// before forms, visible filters, help search, key names.
    pub clerkflow: Clerkflow,
    pub key_names: KeyNames,
    /// Labels of issue 12's actions (merged into `actions` when read).
    pub clerkflow_actions: HashMap<String, String>,
    /// Help lines for keys that are typed rather than bound, per context:
    /// (keys, what they do).
    pub help_notes: HashMap<String, Vec<(String, String)>>,
    /// The settings file (`config.toml`).
    pub config: ConfigText,
    /// Typed forms: shared validators, choice lists, conflicts.
    pub forms: FormsText,
    /// The login and lock screen, `minqing audit` (issue 11).
    pub login: crate::text::login::LoginTexts,
    /// The set-up pane (设置); its action and context labels are merged
    /// into `actions` and `contexts` when the table is read.
    pub setup: crate::text::setup::SetupTexts,

    /// Exports people can open (xlsx/CSV of requests, assessment, plans).
    pub exports: crate::export::texts::ExportTexts,
    /// The 民情分析 pane (issue 14); its action and context labels are
    /// merged into `actions` and `contexts` when the table is read.
    pub reports: crate::text::reports::ReportsTexts,
    /// Loading off the UI thread (issue 15): the mark while an answer is due.
    pub scale: ScaleText,
}

section!(Clerkflow {
    merged_topic,
    merged_duplicate,
    decision,
    no_decision,
    decision_line,
    deadline,
    solved_yes,
    solved_no,
    pick_request,
    filters,
    filters_none,
    filters_cleared,
    help_search,
    help_no_match,
    help_matches,
    today,
    more_results,
    survey_no_call,
    survey_shown,
    survey_no_phone,
    list_sep,
    progress_now,
    recent_today,
    name_sep,
    cadre_with_title,
    starts,
    recorder,
    notes_space,
    label_sep,
    sentence_sep,
    with_note,
    with_mark
});

section!(ConfigText {
    unreadable,
    unknown_key,
    bad_value
});

/// Key names as the help and the hint line show them (空格, 回车 …).
pub type KeyNames = HashMap<String, String>;

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
    let own = t.clerkflow_actions.clone();
    t.actions.extend(own);
    t.contexts.extend(contexts);
    let (actions, contexts) = (t.login.actions.clone(), t.login.contexts.clone());
    t.actions.extend(actions);
    t.contexts.extend(contexts);
    let (actions, contexts) = (t.setup.actions.clone(), t.setup.contexts.clone());
    t.actions.extend(actions);
    t.contexts.extend(contexts);

    let export_actions = t.exports.actions.clone();
    t.actions.extend(export_actions);
    let (actions, contexts) = (t.reports.actions.clone(), t.reports.contexts.clone());
    t.actions.extend(actions);
    t.contexts.extend(contexts);
    Ok(t)
}

/// Looks up a code (status, channel, ...) in a label table; an unknown code
/// shows as itself rather than vanishing.
pub fn label<'a>(table: &'a HashMap<String, String>, code: &'a str) -> &'a str {
    table.get(code).map_or(code, String::as_str)
}

/// Comma-separated stored tags ("低保,独居老人") as shown, space-separated.
pub fn tags(t: &Texts, stored: &str) -> String {
    stored
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| label(&t.tag, s))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` with a note after it: 「诉求记录（3）」, "Requests (3)".
pub fn noted(t: &Texts, text: &str, note: &dyn std::fmt::Display) -> String {
    fill(&t.clerkflow.with_note, &[("text", &text), ("note", note)])
}

/// `what` with its mark: 「决议（推进中）」, "Decision [in progress]".
pub fn marked(t: &Texts, what: &str, mark: &str) -> String {
    fill(&t.clerkflow.with_mark, &[("what", &what), ("mark", &mark)])
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

/// A request's status as it reads: merged requests say into what (并入议题
/// or 重复合并), see `model::requests::status_key`.
pub fn status_label(
    t: &Texts,
    status: crate::domain::request::Status,
    duplicate_of: Option<i64>,
    topic_id: Option<i64>,
) -> &str {
    match crate::model::requests::status_key(status, duplicate_of, topic_id) {
        "merged_topic" => &t.clerkflow.merged_topic,
        "merged_duplicate" => &t.clerkflow.merged_duplicate,
        code => label(&t.status, code),
    }
}

#[cfg(test)]
#[path = "i18n_tests.rs"]
mod tests;
