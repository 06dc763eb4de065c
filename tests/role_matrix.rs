//! The role matrix (README "Accounts and roles"): each role on each
//! guarded store call, allowed or refused with the refusal audited and
//! naming who may; and a cadre account on another grid's request.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use minqing::domain::accounts::{Permission, may};
use minqing::domain::request::Role;
use minqing::store::Store;
use minqing::store::accounts::{NewUser, UserChange};

use common::{PW, new_user};

fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 30)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

/// What one role's calls work on, made by the administrator beforehand
/// so every role starts from the same state.
struct Objects {
    request: i64,
    item: i64,
    /// Decisions: one to note progress, evaluate and publish; one to
    /// abandon; one to mark done.
    decision: i64,
    abandoned: i64,
    done: i64,
    campaign: i64,
    sampled: i64,
    /// A household outside the cadre account's grids, and two requests of
    /// it assigned to nobody in those grids: one received, one resolved
    /// (for a callback).
    outside_household: i64,
    outside: i64,
    outside_resolved: i64,
}

fn objects(admin: &mut Store, household: i64, outside_household: i64) -> Objects {
    use minqing::store::{decisions, meeting_ops, request_ops, surveys};
    let new = request_ops::NewRequest::for_household(household, minqing::domain::request::Channel::Visit, "路灯不亮");
    let request = request_ops::create_request(admin, &new).unwrap().id;
    let meeting = meeting_ops::create_meeting(
        admin,
        &meeting_ops::NewMeeting {
            kind: minqing::model::meetings::MeetingKind::Analysis,
            level: minqing::domain::request::Level::Township,
            title: "民情分析会".into(),
            starts_at: at(14, 30),
            duration_min: 60,
            place: "镇政府".into(),
            chair_id: None,
        },
    )
    .unwrap();
    let item = meeting_ops::add_item(
        admin,
        &meeting_ops::NewItem {
            meeting_id: meeting,
            topic_id: None,
            title: "路灯".into(),
            minutes: 30,
            presenter_id: None,
        },
    )
    .unwrap();
    let mut decision = || {
        decisions::add_decision(
            admin,
            &decisions::NewDecision {
                item_id: item,
                text: "月底前修好".into(),
                owner_id: None,
                deadline: None,
            },
        )
        .unwrap()
    };
    let (decision, abandoned, done) = (decision(), decision(), decision());
    let (campaign, _) = surveys::create_campaign(admin, "回访抽样", 1, 7).unwrap();
    let sampled = surveys::sample_households(admin.conn(), campaign).unwrap()[0];
    let new = request_ops::NewRequest::for_household(
        outside_household,
        minqing::domain::request::Channel::Visit,
        "排水沟堵了",
    );
    let outside = request_ops::create_request(admin, &new).unwrap().id;
    let resolved = request_ops::create_request(admin, &new).unwrap();
    let assignee: i64 = admin
        .conn()
        .query_row(
            "SELECT g.cadre_id FROM households h JOIN grids g ON g.id = h.grid_id WHERE h.id = ?1",
            [outside_household],
            |r| r.get(0),
        )
        .unwrap();
    use minqing::domain::workflow::Command;
    let v = request_ops::apply_command(
        admin,
        resolved.id,
        resolved.version,
        &Command::Assign { cadre_id: assignee },
    )
    .unwrap();
    let resolve = Command::Resolve {
        resolution: "已疏通".into(),
        solved: true,
    };
    request_ops::apply_command(admin, resolved.id, v, &resolve).unwrap();
    Objects {
        request,
        item,
        decision,
        abandoned,
        done,
        campaign,
        sampled,
        outside_household,
        outside,
        outside_resolved: resolved.id,
    }
}

fn version(s: &Store, table: &str, id: i64) -> i64 {
    s.conn()
        .query_row(&format!("SELECT version FROM {table} WHERE id = ?1"), [id], |r| {
            r.get(0)
        })
        .unwrap()
}

/// An extension of request `id` to ten days after its due date now.
fn extend(s: &Store, id: i64) -> minqing::domain::workflow::Command {
    let due: String = s
        .conn()
        .query_row("SELECT due_at FROM requests WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    let due = NaiveDate::parse_from_str(&due[..10], "%Y-%m-%d").unwrap();
    minqing::domain::workflow::Command::Extend {
        new_due: due + chrono::Days::new(10),
        reason: "需县里协调".into(),
    }
}

/// The outcome of a guarded call, whatever its error type: allowed, or
/// refused for want of a permission (`AccountError::NotPermitted`).
fn refused<T, E: std::fmt::Debug>(r: Result<T, E>) -> Result<bool, String> {
    refused_as(r, "NotPermitted")
}

/// Ok(true) when `r` failed with an error whose name contains `kind`,
/// Ok(false) when it succeeded, Err for any other failure.
fn refused_as<T, E: std::fmt::Debug>(r: Result<T, E>, kind: &str) -> Result<bool, String> {
    match r {
        Ok(_) => Ok(false),
        Err(e) => {
            let text = format!("{e:?}");
            if text.contains(kind) { Ok(true) } else { Err(text) }
        }
    }
}

/// The role matrix on the store's real guarded calls (not only `require`):
/// each role either may, or is refused with the refusal in the log naming
/// the roles that may (README "Accounts and roles").
#[test]
fn each_role_on_each_guarded_store_call() {
    use minqing::domain::request::Level;
    use minqing::store::{decisions, export_folder, meeting_ops, request_bulk, request_ops, setup, surveys, topics};
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_db(dir.path(), 40);
    let mut admin = Store::open(&db, "admin").unwrap();
    let (household, cadre_id): (i64, i64) = admin
        .conn()
        .query_row(
            "SELECT h.id, g.cadre_id FROM households h JOIN grids g ON g.id = h.grid_id
             WHERE g.cadre_id IS NOT NULL ORDER BY h.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let outside_household: i64 = admin
        .conn()
        .query_row(
            "SELECT h.id FROM households h JOIN grids g ON g.id = h.grid_id
             WHERE g.cadre_id IS NOT NULL AND g.cadre_id <> ?1 ORDER BY h.id LIMIT 1",
            [cadre_id],
            |r| r.get(0),
        )
        .unwrap();
    admin.add_user(&new_user("leader", Role::Leader, PW)).unwrap();
    admin
        .add_user(&NewUser {
            cadre_id: Some(cadre_id),
            ..new_user("cadre", Role::Cadre, PW)
        })
        .unwrap();
    type Call = fn(&mut Store, &Objects) -> Result<bool, String>;
    let calls: Vec<(&str, Permission, Call)> = vec![
        ("add_user", Permission::ManageUsers, |s, _| {
            let login = format!("new-{}", s.actor().login);
            refused(s.add_user(&new_user(&login, Role::Clerk, PW)))
        }),
        ("list_users", Permission::ManageUsers, |s, _| refused(s.list_users())),
        ("change_user", Permission::ManageUsers, |s, _| {
            refused(s.change_user("leader", UserChange::Disabled(false)))
        }),
        ("set_idle_lock_minutes", Permission::EditSettings, |s, _| {
            refused(s.set_idle_lock_minutes(15))
        }),
        ("export_folder::set", Permission::EditSettings, |s, _| {
            refused(export_folder::set(s, None))
        }),
        ("setup::set_sla", Permission::EditSettings, |s, _| {
            refused(setup::set_sla(s, "help", 10))
        }),
        ("audit_rows", Permission::ReadAudit, |s, _| {
            refused(s.audit_rows(&Default::default()))
        }),
        ("reveal", Permission::Reveal, |s, _| {
            refused(s.require(Permission::Reveal, "household:1"))
        }),
        ("surveys::call_number", Permission::LogVisits, |s, o| {
            refused(surveys::call_number(s, o.campaign, o.sampled))
        }),
        ("apply_command extend", Permission::ExtendDeadline, |s, o| {
            let cmd = extend(s, o.request);
            let v = version(s, "requests", o.request);
            refused(request_ops::apply_command(s, o.request, v, &cmd))
        }),
        ("bulk_apply extend", Permission::ExtendDeadline, |s, o| {
            let cmd = extend(s, o.request);
            let v = version(s, "requests", o.request);
            refused(request_bulk::bulk_apply(s, &[(o.request, v)], &cmd))
        }),
        ("urge", Permission::HandleRequests, |s, o| {
            refused(request_ops::urge(s, o.request, "催办"))
        }),
        ("add_decision", Permission::Decide, |s, o| {
            let d = decisions::NewDecision {
                item_id: o.item,
                text: "再议".into(),
                owner_id: None,
                deadline: None,
            };
            refused(decisions::add_decision(s, &d))
        }),
        ("record_progress", Permission::PrepareMeetings, |s, o| {
            let v = version(s, "decisions", o.decision);
            refused(decisions::record_progress(s, o.decision, v, 50, "过半"))
        }),
        ("evaluate", Permission::Decide, |s, o| {
            refused(decisions::evaluate(
                s,
                o.decision,
                minqing::model::meetings::EvalKind::Mid,
                80,
                "",
            ))
        }),
        ("publish", Permission::Decide, |s, o| {
            let v = version(s, "decisions", o.decision);
            refused(decisions::publish(s, o.decision, v, at(9, 0).date()))
        }),
        ("abandon", Permission::Decide, |s, o| {
            let v = version(s, "decisions", o.abandoned);
            refused(decisions::abandon(s, o.abandoned, v, "不再需要"))
        }),
        ("mark_done (closes the topic)", Permission::Decide, |s, o| {
            let v = version(s, "decisions", o.done);
            refused(decisions::mark_done(s, o.done, v))
        }),
        ("create_meeting", Permission::PrepareMeetings, |s, _| {
            let m = meeting_ops::NewMeeting {
                kind: minqing::model::meetings::MeetingKind::Joint,
                level: Level::Township,
                title: "联席会".into(),
                starts_at: at(15, 0),
                duration_min: 60,
                place: String::new(),
                chair_id: None,
            };
            refused(meeting_ops::create_meeting(s, &m))
        }),
        ("add_opinion", Permission::PrepareMeetings, |s, o| {
            refused(meeting_ops::add_opinion(s, o.item, None, "群众代表：先修主路", false))
        }),
        ("create_topic", Permission::PrepareMeetings, |s, _| {
            let t = topics::NewTopic {
                title: "路灯".into(),
                category_id: None,
                level: Level::Township,
                note: String::new(),
                request_ids: vec![],
            };
            refused(topics::create_topic(s, &t))
        }),
    ];
    for (login, role) in [
        ("admin", Role::Admin),
        ("leader", Role::Leader),
        ("demo", Role::Clerk),
        ("cadre", Role::Cadre),
    ] {
        let o = objects(&mut admin, household, outside_household);
        let mut store = Store::open(&db, login).unwrap();
        for (name, permission, call) in &calls {
            let action = format!("permission.{}", <&'static str>::from(*permission));
            let refusals = |s: &Store| {
                s.conn()
                    .query_row(
                        "SELECT count(*) FROM audit_log WHERE user = ?1 AND action = ?2 AND outcome = 'refused'",
                        [login, action.as_str()],
                        |r| r.get::<_, i64>(0),
                    )
                    .unwrap()
            };
            let before = refusals(&store);
            let result = call(&mut store, &o);
            if may(role, *permission) {
                assert_eq!(result, Ok(false), "{login} {name}");
                assert_eq!(refusals(&store), before);
            } else {
                assert_eq!(result, Ok(true), "{login} {name}");
                assert_eq!(refusals(&store), before + 1, "{login} {name} refusal audited");
                let detail: String = store
                    .conn()
                    .query_row(
                        "SELECT detail FROM audit_log WHERE user = ?1 AND action = ?2 ORDER BY id DESC LIMIT 1",
                        [login, action.as_str()],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert!(
                    detail.contains("admin"),
                    "{login} {name}: the log says who may: {detail}"
                );
            }
        }
        // A cadre account's own grids (README "A cadre's own grids"): the
        // same calls on a request of another grid, not assigned to it.
        for (name, call) in scoped_calls() {
            let refusals = |s: &Store| {
                s.conn()
                    .query_row(
                        "SELECT count(*) FROM audit_log WHERE user = ?1 AND action = 'scope.request' AND outcome = 'refused'",
                        [login],
                        |r| r.get::<_, i64>(0),
                    )
                    .unwrap()
            };
            let before = refusals(&store);
            let result = call(&mut store, &o);
            if role == Role::Cadre {
                assert_eq!(result, Ok(true), "{login} {name}");
                assert_eq!(refusals(&store), before + 1, "{login} {name} refusal audited");
                let detail: String = store
                    .conn()
                    .query_row(
                        "SELECT detail FROM audit_log WHERE user = ?1 AND action = 'scope.request' ORDER BY id DESC LIMIT 1",
                        [login],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert!(
                    detail.contains("admin or leader or clerk"),
                    "{login} {name}: the log says who may: {detail}"
                );
            } else {
                assert_eq!(result, Ok(false), "{login} {name}");
                assert_eq!(refusals(&store), before);
            }
        }
    }
}

/// The outcome of a request call outside a cadre account's scope: allowed,
/// or refused as outside its grids (`AccountError::*OutsideScope`).
fn scope_refused<T, E: std::fmt::Debug>(r: Result<T, E>) -> Result<bool, String> {
    refused_as(r, "OutsideScope")
}

type ScopedCall = fn(&mut Store, &Objects) -> Result<bool, String>;

/// Every request read and write a cadre account may only use on its own
/// requests, each on `Objects::outside` (or its household).
fn scoped_calls() -> Vec<(&'static str, ScopedCall)> {
    use minqing::domain::request::{CallbackMethod, Channel, Level, Satisfaction};
    use minqing::domain::workflow::Command;
    use minqing::store::{request_bulk, request_edit, request_ops, request_query};
    fn category(s: &Store) -> i64 {
        s.conn()
            .query_row("SELECT min(id) FROM categories", [], |r| r.get(0))
            .unwrap()
    }
    fn cadre(s: &Store) -> i64 {
        s.conn()
            .query_row("SELECT min(id) FROM cadres WHERE active = 1", [], |r| r.get(0))
            .unwrap()
    }
    vec![
        ("open_request", |s, o| {
            scope_refused(request_query::open_request(s, o.outside))
        }),
        ("create_request", |s, o| {
            let new = request_ops::NewRequest::for_household(o.outside_household, Channel::Visit, "路面塌陷");
            scope_refused(request_ops::create_request(s, &new))
        }),
        ("apply_command assign", |s, o| {
            let v = version(s, "requests", o.outside);
            let cmd = Command::Assign { cadre_id: cadre(s) };
            scope_refused(request_ops::apply_command(s, o.outside, v, &cmd))
        }),
        ("urge", |s, o| scope_refused(request_ops::urge(s, o.outside, "催办"))),
        ("set_category", |s, o| {
            let v = version(s, "requests", o.outside);
            let c = category(s);
            scope_refused(request_bulk::set_category(s, o.outside, v, c))
        }),
        ("set_level", |s, o| {
            let v = version(s, "requests", o.outside);
            scope_refused(request_bulk::set_level(s, o.outside, v, Level::County))
        }),
        ("edit_request", |s, o| {
            let d = request_query::load_request(s.conn(), o.outside).unwrap();
            let edit = request_edit::RequestEdit {
                title: "排水沟堵了，雨天积水".into(),
                content: d.content,
                kind: d.kind,
                priority: d.priority,
                scope: d.scope,
                difficulty: d.difficulty,
                category_id: d.category_id,
                caller_name: d.caller_name,
                caller_phone: d.caller_phone,
            };
            scope_refused(request_edit::edit_request(s, o.outside, d.version, &edit))
        }),
        ("bulk_assign", |s, o| {
            let v = version(s, "requests", o.outside);
            let c = cadre(s);
            scope_refused(request_bulk::bulk_assign(s, &[(o.outside, v)], c))
        }),
        ("bulk_apply urge", |s, o| {
            let v = version(s, "requests", o.outside);
            let cmd = Command::Urge { note: "再催".into() };
            scope_refused(request_bulk::bulk_apply(s, &[(o.outside, v)], &cmd))
        }),
        ("bulk_set_category", |s, o| {
            let v = version(s, "requests", o.outside);
            let c = category(s);
            scope_refused(request_bulk::bulk_set_category(s, &[(o.outside, v)], c))
        }),
        ("bulk_set_level", |s, o| {
            let v = version(s, "requests", o.outside);
            scope_refused(request_bulk::bulk_set_level(s, &[(o.outside, v)], Level::City))
        }),
        ("record_callback_and_close", |s, o| {
            let v = version(s, "requests", o.outside_resolved);
            let answer = request_ops::CallbackAnswer {
                solved: true,
                satisfaction: Satisfaction::Satisfied,
                comment: String::new(),
                method: CallbackMethod::Phone,
                knows_cadre: Some(true),
            };
            scope_refused(request_ops::record_callback_and_close(
                s,
                o.outside_resolved,
                v,
                &answer,
            ))
        }),
        ("bulk_merge_duplicates into another grid's", |s, o| {
            // The cadre's own request (in its grid) into one of another grid.
            let v = version(s, "requests", o.request);
            scope_refused(request_bulk::bulk_merge_duplicates(s, &[(o.request, v)], o.outside))
        }),
    ]
}
