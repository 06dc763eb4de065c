use super::*;
use crate::domain::accounts::Permission;
use proptest::prelude::*;

fn facts(status: Status) -> RequestFacts {
    let mut f = RequestFacts::received(1, Level::Township, NaiveDate::from_ymd_opt(2026, 3, 10));
    f.status = status;
    if !matches!(status, Status::Received) {
        f.assignee = Some(7);
    }
    if matches!(status, Status::Resolved | Status::Callback | Status::Closed) {
        f.resolution = Some("已修复".into());
        f.solved = Some(true);
    }
    if matches!(status, Status::Callback | Status::Closed) {
        f.satisfaction = Some(Satisfaction::Satisfied);
    }
    if status == Status::Escalated {
        f.level = Level::County;
    }
    f
}

fn to(status: Status, cmd: Command) -> Status {
    apply(&facts(status), &cmd)
        .unwrap_or_else(|r| panic!("{status:?} {cmd:?}: {r:?}"))
        .to()
}

fn text(s: &str) -> String {
    s.to_string()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn every_allowed_transition() {
    use Status::*;
    assert_eq!(to(Received, Command::Assign { cadre_id: 3 }), Assigned);
    assert_eq!(
        to(
            Received,
            Command::Reject {
                reason: text("不属于职责")
            }
        ),
        Rejected
    );
    assert_eq!(
        to(
            Received,
            Command::SolveOnSpot {
                resolution: text("当场解答")
            }
        ),
        Resolved
    );
    for s in [Assigned, InProgress, Escalated] {
        assert_eq!(to(s, Command::Assign { cadre_id: 4 }), Assigned);
        assert_eq!(
            to(
                s,
                Command::Resolve {
                    resolution: text("已办"),
                    solved: true
                }
            ),
            Resolved
        );
    }
    assert_eq!(to(Assigned, Command::Start), InProgress);
    assert_eq!(to(Escalated, Command::Start), InProgress);
    for s in [Received, Assigned, InProgress] {
        assert_eq!(
            to(
                s,
                Command::Escalate {
                    level: Level::County,
                    note: text("")
                }
            ),
            Escalated
        );
    }
    assert_eq!(
        to(
            Escalated,
            Command::Escalate {
                level: Level::City,
                note: text("")
            }
        ),
        Escalated
    );
    for s in [Received, Assigned, InProgress, Escalated] {
        assert_eq!(to(s, Command::MergeDuplicate { into: 2 }), Merged);
        assert_eq!(to(s, Command::MergeTopic { topic_id: 5 }), Merged);
        assert_eq!(to(s, Command::Urge { note: text("") }), s);
        let extend = Command::Extend {
            new_due: day(2026, 3, 20),
            reason: text("需协调"),
        };
        assert_eq!(to(s, extend.clone()), s);
        assert_eq!(to(s, extend), s);
    }
    let ok = Command::RecordCallback {
        solved: true,
        satisfaction: Satisfaction::Basically,
        comment: text(""),
    };
    assert_eq!(to(Resolved, ok), Callback);
    assert_eq!(to(Callback, Command::Close), Closed);
    assert_eq!(
        to(
            Resolved,
            Command::Reopen {
                reason: text("材料不全")
            }
        ),
        Assigned
    );
    assert_eq!(
        to(
            Callback,
            Command::Reopen {
                reason: text("群众再次反映")
            }
        ),
        Assigned
    );
}

#[test]
fn negative_callback_reopens_with_two_events() {
    for (solved, sat) in [(false, Satisfaction::Satisfied), (true, Satisfaction::Unsatisfied)] {
        let cmd = Command::RecordCallback {
            solved,
            satisfaction: sat,
            comment: text("还在漏水"),
        };
        let out = apply(&facts(Status::Resolved), &cmd).unwrap();
        let steps: Vec<_> = out.steps.iter().map(|s| (s.action, s.from, s.to)).collect();
        assert_eq!(
            steps,
            vec![
                (CommandKind::RecordCallback, Status::Resolved, Status::Callback),
                (CommandKind::Reopen, Status::Callback, Status::Assigned),
            ]
        );
        let after = facts(Status::Resolved).after(&out);
        assert_eq!(after.resolution, None);
    }
}

#[test]
fn reopen_without_assignee_goes_back_to_triage() {
    let f = RequestFacts::received(1, Level::Township, None);
    let out = apply(
        &f,
        &Command::SolveOnSpot {
            resolution: text("当场解答"),
        },
    )
    .unwrap();
    let f = f.after(&out);
    assert_eq!(f.solved, Some(true));
    let out = apply(
        &f,
        &Command::Reopen {
            reason: text("未解决")
        },
    )
    .unwrap();
    assert_eq!(out.to(), Status::Received);
}

#[test]
fn refusals_name_what_is_allowed() {
    let r = apply(&facts(Status::Received), &Command::Close).unwrap_err();
    assert_eq!(r.reason, RefusalReason::NotAllowedFrom(Status::Received));
    assert_eq!(r.from, Status::Received);
    assert_eq!(
        r.allowed,
        vec![
            CommandKind::Assign,
            CommandKind::Reject,
            CommandKind::SolveOnSpot,
            CommandKind::Escalate,
            CommandKind::Extend,
            CommandKind::MergeDuplicate,
            CommandKind::MergeTopic,
            CommandKind::Urge
        ]
    );
    let r = apply(&facts(Status::Closed), &Command::Urge { note: text("") }).unwrap_err();
    assert!(r.allowed.is_empty());
    let r = apply(&facts(Status::Resolved), &Command::Close).unwrap_err();
    assert_eq!(r.allowed, vec![CommandKind::RecordCallback, CommandKind::Reopen]);
    let r = apply(&facts(Status::Assigned), &Command::Reject { reason: text("x") }).unwrap_err();
    assert_eq!(r.reason, RefusalReason::NotAllowedFrom(Status::Assigned));
}

#[test]
fn refusals_for_bad_data_and_roles() {
    let empty = |r: Result<Outcome, Refusal>| r.unwrap_err().reason;
    let f = facts(Status::Received);
    assert_eq!(
        empty(apply(&f, &Command::Reject { reason: text("  ") })),
        RefusalReason::EmptyText(TextField::Reason)
    );
    assert_eq!(
        empty(apply(&f, &Command::SolveOnSpot { resolution: text("") })),
        RefusalReason::EmptyText(TextField::Resolution)
    );
    let extend = Command::Extend {
        new_due: day(2026, 3, 20),
        reason: text("需协调"),
    };
    // The rules let anyone extend an open request (a later date, a
    // reason); the role is the store's check (`CommandKind::permission`).
    assert_eq!(apply(&f, &extend).unwrap().to(), Status::Received);
    assert_eq!(CommandKind::Extend.permission(), Permission::ExtendDeadline);
    let earlier = Command::Extend {
        new_due: day(2026, 3, 9),
        reason: text("x"),
    };
    assert_eq!(
        empty(apply(&f, &earlier)),
        RefusalReason::DueNotLater {
            current: day(2026, 3, 10)
        }
    );
    let down = Command::Escalate {
        level: Level::Township,
        note: text(""),
    };
    assert_eq!(
        empty(apply(&f, &down)),
        RefusalReason::LevelNotHigher {
            current: Level::Township
        }
    );
    let same = Command::Escalate {
        level: Level::County,
        note: text(""),
    };
    let esc = facts(Status::Escalated);
    assert_eq!(
        empty(apply(&esc, &same)),
        RefusalReason::LevelNotHigher { current: Level::County }
    );
    assert_eq!(
        empty(apply(&f, &Command::MergeDuplicate { into: 1 })),
        RefusalReason::MergeIntoSelf
    );
    let mut unassigned = facts(Status::Escalated);
    unassigned.assignee = None;
    assert_eq!(empty(apply(&unassigned, &Command::Start)), RefusalReason::NeedsAssignee);
    // The key line offers extending only to the roles of the table.
    for role in [Role::Admin, Role::Leader, Role::Clerk, Role::Cadre] {
        assert_eq!(
            allowed_commands(&facts(Status::Assigned), role).contains(&CommandKind::Extend),
            crate::domain::accounts::may(role, Permission::ExtendDeadline),
            "{role:?}"
        );
    }
}

#[test]
fn a_carried_out_decision_resolves_requests_merged_into_its_topic() {
    let carry = |text: &str| Command::CarryOutDecision {
        decision_id: 4,
        decision: text.to_string(),
    };
    let mut merged = facts(Status::Merged);
    merged.topic_id = Some(2);
    // Not offered to a user (nothing to do on the request itself), but taken.
    assert_eq!(allowed_commands(&merged, Role::Clerk), vec![]);
    let out = apply(&merged, &carry("年底前修好路灯")).unwrap();
    assert_eq!(
        out.steps,
        vec![Step {
            action: CommandKind::CarryOutDecision,
            from: Status::Merged,
            to: Status::Resolved
        }]
    );
    let after = merged.after(&out);
    assert_eq!(
        (after.resolution.as_deref(), after.solved),
        (Some("年底前修好路灯"), Some(true))
    );
    assert_eq!(
        allowed_commands(&after, Role::Clerk),
        vec![CommandKind::RecordCallback, CommandKind::Reopen]
    );
    // Only a request merged into a topic; and a decision has a text.
    let mut duplicate = facts(Status::Merged);
    duplicate.duplicate_of = Some(9);
    for f in [duplicate, facts(Status::Closed), facts(Status::Assigned)] {
        let r = apply(&f, &carry("x")).unwrap_err();
        assert_eq!(r.reason, RefusalReason::NotAllowedFrom(f.status));
    }
    assert_eq!(
        apply(&merged, &carry(" ")).unwrap_err().reason,
        RefusalReason::EmptyText(TextField::Resolution)
    );
}

#[test]
fn event_codes_round_trip() {
    for k in CommandKind::ALL {
        assert_eq!(CommandKind::parse(k.code()), Some(*k));
    }
}

fn arb_command() -> impl Strategy<Value = Command> {
    let txt = prop_oneof![Just(String::new()), Just(" ".to_string()), Just("处理意见".to_string())];
    let sat = prop_oneof![
        Just(Satisfaction::Satisfied),
        Just(Satisfaction::Basically),
        Just(Satisfaction::Unsatisfied)
    ];
    let level = prop_oneof![Just(Level::Township), Just(Level::County), Just(Level::City)];
    prop_oneof![
        (1i64..4).prop_map(|cadre_id| Command::Assign { cadre_id }),
        Just(Command::Start),
        (txt.clone(), any::<bool>()).prop_map(|(resolution, solved)| Command::Resolve { resolution, solved }),
        (any::<bool>(), sat, txt.clone()).prop_map(|(solved, satisfaction, comment)| Command::RecordCallback {
            solved,
            satisfaction,
            comment
        }),
        Just(Command::Close),
        txt.clone().prop_map(|reason| Command::Reject { reason }),
        (level, txt.clone()).prop_map(|(level, note)| Command::Escalate { level, note }),
        (0u32..40, txt.clone()).prop_map(|(d, reason)| Command::Extend {
            new_due: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + chrono::Days::new(d.into()),
            reason
        }),
        (0i64..3).prop_map(|into| Command::MergeDuplicate { into }),
        (1i64..3).prop_map(|topic_id| Command::MergeTopic { topic_id }),
        txt.clone().prop_map(|resolution| Command::SolveOnSpot { resolution }),
        txt.clone().prop_map(|reason| Command::Reopen { reason }),
        txt.clone().prop_map(|note| Command::Urge { note }),
        (1i64..3, txt).prop_map(|(decision_id, decision)| Command::CarryOutDecision { decision_id, decision }),
    ]
}

fn arb_role() -> impl Strategy<Value = Role> {
    prop_oneof![
        Just(Role::Admin),
        Just(Role::Leader),
        Just(Role::Clerk),
        Just(Role::Cadre)
    ]
}

fn check_invariants(f: &RequestFacts) -> Result<(), String> {
    let has_resolution = f.resolution.as_deref().is_some_and(|r| !r.trim().is_empty()) && f.solved.is_some();
    match f.status {
        Status::Resolved | Status::Callback | Status::Closed if !has_resolution => Err("no resolution".into()),
        Status::Callback | Status::Closed
            if !matches!(f.satisfaction, Some(Satisfaction::Satisfied | Satisfaction::Basically))
                || f.solved != Some(true) =>
        {
            Err("closed without a positive callback".into())
        }
        Status::Assigned | Status::InProgress if f.assignee.is_none() => Err("no assignee".into()),
        // Both is possible: reopened after its topic's decision, then merged as a duplicate.
        Status::Merged if f.duplicate_of.is_none() && f.topic_id.is_none() => Err("merged into nothing".into()),
        Status::Escalated if f.level == Level::Township => Err("escalated to township".into()),
        s if s.is_open() && f.resolution.is_some() => Err("open with a resolution".into()),
        _ => Ok(()),
    }
}

proptest! {
    #[test]
    fn random_sequences_stay_consistent(cmds in proptest::collection::vec((arb_command(), arb_role()), 0..40)) {
        let mut f = RequestFacts::received(1, Level::Township, NaiveDate::from_ymd_opt(2026, 3, 10));
        for (cmd, role) in cmds {
            let before = f.clone();
            match apply(&f, &cmd) {
                Ok(out) => {
                    // Only a decision brings a merged request back (to resolved).
                    let reopened_by_decision = before.status == Status::Merged
                        && cmd.kind() == CommandKind::CarryOutDecision
                        && out.to() == Status::Resolved;
                    prop_assert!(!before.status.is_final() || reopened_by_decision, "a final request changed");
                    prop_assert_eq!(out.steps[0].from, before.status);
                    for w in out.steps.windows(2) {
                        prop_assert_eq!(w[0].to, w[1].from);
                    }
                    if out.to() == Status::Closed {
                        prop_assert_eq!(before.status, Status::Callback);
                    }
                    prop_assert!(commands(&before).contains(&cmd.kind()) || reopened_by_decision);
                    // The key line offers what the role may, of those.
                    prop_assert_eq!(
                        allowed_commands(&before, role).contains(&cmd.kind()),
                        !reopened_by_decision && crate::domain::accounts::may(role, cmd.kind().permission())
                    );
                    f = f.after(&out);
                }
                Err(refusal) => {
                    prop_assert_eq!(refusal.from, before.status);
                    prop_assert_eq!(refusal.allowed, commands(&before));
                }
            }
            if let Err(e) = check_invariants(&f) {
                prop_assert!(false, "{} after {:?}: {:?}", e, cmd, f);
            }
        }
    }
}
