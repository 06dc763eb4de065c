//! The set-up pane's store functions (README "Setting up an office"): each
//! add, edit and deactivate is audited, refuses a stale version, refuses a
//! clerk, and never deletes a row.

mod common;

use minqing::domain::settings::{IDLE_LOCK_MINUTES, STALE_AFTER_MONTHS};
use minqing::model::setup::{Step, Township};
use minqing::store::setup::{self, CadreInput, CategoryInput, GridInput, GroupInput, Kind, SetupError, VillageInput};
use minqing::store::{Store, StoreError};

fn office() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (store, _) = common::office_with_admin(&dir.path().join("office.db"));
    (dir, store)
}

fn audit_count(store: &Store, action: &str, object: &str) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = ?1 AND object = ?2 AND outcome = 'ok' AND user = 'admin'",
            [action, object],
            |r| r.get(0),
        )
        .expect("audit count")
}

fn rows(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

fn conflict<T: std::fmt::Debug>(r: Result<T, SetupError>) {
    assert!(
        matches!(r, Err(SetupError::Store(StoreError::Conflict { .. }))),
        "{r:?}"
    );
}

fn village(store: &mut Store, name: &str) -> i64 {
    setup::add_village(
        store,
        &VillageInput {
            name: name.into(),
            kind: minqing::model::setup::VillageKind::Village,
        },
    )
    .expect("village")
}

#[test]
fn villages_are_added_edited_with_a_version_and_deactivated_not_deleted() {
    let (_dir, mut store) = office();
    let id = village(&mut store, "青山村");
    assert_eq!(audit_count(&store, "setup.village.add", &format!("village:{id}")), 1);
    let edit = VillageInput {
        name: "青山社区".into(),
        kind: minqing::model::setup::VillageKind::Community,
    };
    setup::edit_village(&mut store, id, 1, &edit).expect("edit at version 1");
    assert_eq!(audit_count(&store, "setup.village.edit", &format!("village:{id}")), 1);
    // A form opened on version 1 is now stale.
    conflict(setup::edit_village(&mut store, id, 1, &edit));
    // Two villages cannot share a name.
    let clash = setup::add_village(
        &mut store,
        &VillageInput {
            name: "青山社区".into(),
            kind: minqing::model::setup::VillageKind::Village,
        },
    );
    assert!(
        matches!(clash, Err(SetupError::Taken(ref n)) if n == "青山社区"),
        "{clash:?}"
    );
    conflict(setup::set_active(&mut store, Kind::Village, id, 1, false));
    setup::set_active(&mut store, Kind::Village, id, 2, false).expect("deactivate");
    assert_eq!(audit_count(&store, "setup.deactivate", &format!("village:{id}")), 1);
    assert_eq!(rows(&store, "villages"), 1, "deactivated, still there");
    let data = setup::load(store.conn()).expect("load");
    assert!(!data.villages[0].active);
    // A group cannot be added to a deactivated village.
    let g = setup::add_group(
        &mut store,
        &GroupInput {
            village_id: id,
            number: 1,
            name: String::new(),
        },
    );
    assert!(matches!(g, Err(SetupError::Unknown)), "{g:?}");
    setup::set_active(&mut store, Kind::Village, id, 3, true).expect("reactivate");
    assert_eq!(audit_count(&store, "setup.reactivate", &format!("village:{id}")), 1);
}

#[test]
fn groups_grids_cadres_and_categories_are_versioned_and_audited() {
    let (_dir, mut store) = office();
    let v = village(&mut store, "青山村");
    let group = GroupInput {
        village_id: v,
        number: 3,
        name: String::new(),
    };
    let g = setup::add_group(&mut store, &group).expect("group");
    assert!(matches!(
        setup::add_group(&mut store, &group),
        Err(SetupError::Taken(_))
    ));
    let out = setup::add_group(
        &mut store,
        &GroupInput {
            number: 100,
            ..group.clone()
        },
    );
    assert!(
        matches!(out, Err(SetupError::OutOfRange { min: 1, max: 99 })),
        "{out:?}"
    );
    setup::edit_group(
        &mut store,
        g,
        1,
        &GroupInput {
            number: 4,
            ..group.clone()
        },
    )
    .expect("edit group");
    conflict(setup::edit_group(&mut store, g, 1, &group));
    setup::set_active(&mut store, Kind::Group, g, 2, false).expect("deactivate group");

    let cadre = CadreInput {
        name: "李明".into(),
        title: "网格员".into(),
        phone: Some("13800138000".into()),
        role: minqing::domain::request::Role::Cadre,
    };
    let c = setup::add_cadre(&mut store, &cadre).expect("cadre");
    setup::edit_cadre(
        &mut store,
        c,
        1,
        &CadreInput {
            title: "村支书".into(),
            ..cadre.clone()
        },
    )
    .expect("edit cadre");
    conflict(setup::edit_cadre(&mut store, c, 1, &cadre));

    let grid = GridInput {
        village_id: v,
        name: "第一网格".into(),
        cadre_id: Some(c),
        map_row: 0,
        map_col: 1,
    };
    let id = setup::add_grid(&mut store, &grid).expect("grid");
    assert!(matches!(setup::add_grid(&mut store, &grid), Err(SetupError::Taken(_))));
    setup::edit_grid(
        &mut store,
        id,
        1,
        &GridInput {
            map_col: 2,
            ..grid.clone()
        },
    )
    .expect("edit grid");
    conflict(setup::edit_grid(&mut store, id, 1, &grid));
    assert_eq!(audit_count(&store, "setup.grid.edit", &format!("grid:{id}")), 1);

    // A deactivated cadre cannot be given a grid; the grid leaves the map
    // but stays in the database.
    setup::set_active(&mut store, Kind::Cadre, c, 2, false).expect("deactivate cadre");
    let r = setup::edit_grid(&mut store, id, 2, &grid);
    assert!(matches!(r, Err(SetupError::Unknown)), "{r:?}");
    setup::set_active(&mut store, Kind::Grid, id, 2, false).expect("deactivate grid");
    assert!(
        minqing::store::grids::list_grids(store.conn(), &minqing::store::scope::SessionScope::All)
            .expect("grids")
            .is_empty()
    );
    assert_eq!(rows(&store, "grids"), 1);
    assert_eq!(rows(&store, "cadres"), 1);

    let before = rows(&store, "categories");
    let cat = setup::add_category(
        &mut store,
        &CategoryInput {
            name: "养老服务".into(),
            sort: 50,
        },
    )
    .expect("category");
    setup::edit_category(
        &mut store,
        cat,
        1,
        &CategoryInput {
            name: "养老".into(),
            sort: 50,
        },
    )
    .expect("edit category");
    setup::set_active(&mut store, Kind::Category, cat, 2, false).expect("deactivate category");
    assert_eq!(rows(&store, "categories"), before + 1);
    let active: Vec<String> = minqing::store::requests::list_categories(store.conn())
        .expect("categories")
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert!(!active.contains(&"养老".to_string()));
    for (action, object) in [
        ("setup.group.add", format!("group:{g}")),
        ("setup.cadre.edit", format!("cadre:{c}")),
        ("setup.category.add", format!("category:{cat}")),
        ("setup.deactivate", format!("category:{cat}")),
    ] {
        assert_eq!(audit_count(&store, action, &object), 1, "{action} {object}");
    }
}

#[test]
fn a_grid_with_requests_is_deactivated_and_its_history_keeps_pointing_to_it() {
    let (_dir, mut store) = office();
    let (household, _) = common::seed_household(&mut store);
    let grid: i64 = store
        .conn()
        .query_row("SELECT grid_id FROM households WHERE id = ?1", [household], |r| {
            r.get(0)
        })
        .expect("grid");
    setup::set_active(&mut store, Kind::Grid, grid, 1, false).expect("deactivate");
    let still: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM grids WHERE id = ?1 AND active = 0", [grid], |r| {
            r.get(0)
        })
        .expect("grid row");
    assert_eq!(still, 1);
}

#[test]
fn township_and_settings_keep_the_cli_bounds_and_refuse_a_stale_form() {
    let (_dir, mut store) = office();
    let data = setup::load(store.conn()).expect("load");
    assert!(!data.done(Step::Township));
    assert!(data.is_empty_office());
    let named = Township {
        name: "东浦镇".into(),
        code: "330602100".into(),
        address: "东浦街1号".into(),
    };
    setup::set_township(&mut store, &data.township, &named).expect("name the township");
    assert_eq!(audit_count(&store, "setup.township", "township"), 1);
    // A second form opened before that save is refused.
    conflict(setup::set_township(&mut store, &data.township, &named));
    let blank = Township {
        name: "  ".into(),
        ..named.clone()
    };
    assert!(matches!(
        setup::set_township(&mut store, &named, &blank),
        Err(SetupError::BadName)
    ));
    let data = setup::load(store.conn()).expect("load");
    assert!(data.done(Step::Township));
    assert_eq!(data.township, named);

    setup::set_number(&mut store, STALE_AFTER_MONTHS, 6).expect("stale months");
    assert_eq!(audit_count(&store, "setup.setting", "setting:stale_after_months"), 1);
    let r = setup::set_number(&mut store, IDLE_LOCK_MINUTES, 0);
    assert!(matches!(r, Err(SetupError::OutOfRange { min: 1, max: 60 })), "{r:?}");
    // The same bounds as `minqing sla set`.
    let r = setup::set_sla(&mut store, "urgent", 99_999);
    assert!(matches!(r, Err(SetupError::OutOfRange { min: 0, max: 5 })), "{r:?}");
    setup::set_sla(&mut store, "help", 10).expect("sla");
    let data = setup::load(store.conn()).expect("load");
    assert!(data.numbers.contains(&("stale_after_months", 6)));
    assert!(data.sla.contains(&("help".to_string(), 10)));
}

#[test]
fn a_clerk_sees_everything_refused_and_audited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("office.db");
    let (mut admin, _) = common::office_with_admin(&db);
    admin
        .add_user(&minqing::store::accounts::NewUser {
            login: "clerk",
            display_name: "clerk",
            role: minqing::domain::request::Role::Clerk,
            password: "Clerk-2026x",
            cadre_id: None,
        })
        .expect("clerk");
    let v = village(&mut admin, "青山村");
    drop(admin);
    let mut clerk = Store::login(&db, "clerk", "Clerk-2026x").expect("login");
    let refused =
        |r: Result<(), SetupError>| assert!(matches!(r, Err(SetupError::Store(StoreError::Account(_)))), "{r:?}");
    refused(setup::set_active(&mut clerk, Kind::Village, v, 1, false));
    refused(setup::set_number(&mut clerk, STALE_AFTER_MONTHS, 3));
    refused(
        setup::add_village(
            &mut clerk,
            &VillageInput {
                name: "x".into(),
                kind: minqing::model::setup::VillageKind::Village,
            },
        )
        .map(|_| ()),
    );
    assert!(setup::list_accounts(&mut clerk).is_err());
    let refusals: i64 = clerk
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE user = 'clerk' AND outcome = 'refused'",
            [],
            |r| r.get(0),
        )
        .expect("refusals");
    assert_eq!(refusals, 4);
}

#[test]
fn accounts_list_with_their_cadre_and_links_are_audited() {
    let (_dir, mut store) = office();
    let c = setup::add_cadre(
        &mut store,
        &CadreInput {
            name: "李明".into(),
            title: String::new(),
            phone: None,
            role: minqing::domain::request::Role::Cadre,
        },
    )
    .expect("cadre");
    store
        .add_user(&minqing::store::accounts::NewUser {
            login: "liming",
            display_name: "李明",
            role: minqing::domain::request::Role::Cadre,
            password: "Liming-2026",
            cadre_id: None,
        })
        .expect("user");
    setup::link_cadre(&mut store, "liming", Some(c)).expect("link");
    assert_eq!(audit_count(&store, "user.link_cadre", "user:liming"), 1);
    let accounts = setup::list_accounts(&mut store).expect("accounts");
    let li = accounts.iter().find(|a| a.login == "liming").expect("listed");
    assert_eq!(li.cadre.as_deref(), Some("李明"));
    assert!(setup::load(store.conn()).expect("load").done(Step::Users));
    assert!(matches!(
        setup::link_cadre(&mut store, "nobody", None),
        Err(SetupError::Store(StoreError::UnknownUser(_)))
    ));
}

#[test]
fn an_account_is_edited_in_one_step_with_a_version_and_the_last_admin_stays() {
    use minqing::domain::request::Role;
    use minqing::model::setup::UserEdit;
    let (dir, mut store) = office();
    store
        .add_user(&minqing::store::accounts::NewUser {
            login: "wang",
            display_name: "王芳",
            role: Role::Clerk,
            password: "Wangfang-2026",
            cadre_id: None,
        })
        .expect("user");
    let shown = |store: &mut Store, login: &str| {
        setup::list_accounts(store)
            .expect("accounts")
            .into_iter()
            .find(|a| a.login == login)
            .expect("listed")
    };
    let before = shown(&mut store, "wang");
    // A second administrator's terminal saves first.
    let mut other = Store::open(&dir.path().join("office.db"), "admin").expect("second terminal");
    let first = UserEdit {
        display_name: "王芳芳".into(),
        role: Role::Leader,
        cadre_id: None,
        version: before.version,
    };
    setup::edit_user(&mut other, "wang", &first).expect("first edit");
    // Ours was made from the account as it was: refused, theirs kept.
    let ours = UserEdit {
        display_name: "王小芳".into(),
        ..first.clone()
    };
    conflict(setup::edit_user(&mut store, "wang", &ours));
    let now = shown(&mut store, "wang");
    assert_eq!((now.display_name.as_str(), now.role), ("王芳芳", Role::Leader));
    assert_eq!(now.version, before.version + 1);
    assert_eq!(audit_count(&store, "user.edit", "user:wang"), 1);

    // The only administrator cannot make themself a clerk.
    let admin = shown(&mut store, "admin");
    let demote = UserEdit {
        display_name: "admin".into(),
        role: Role::Clerk,
        cadre_id: None,
        version: admin.version,
    };
    assert!(
        matches!(
            setup::edit_user(&mut store, "admin", &demote),
            Err(SetupError::Store(StoreError::Account(
                minqing::store::accounts::AccountError::LastAdmin
            )))
        ),
        "the last administrator stays"
    );
    assert_eq!(shown(&mut store, "admin").role, Role::Admin);
}
