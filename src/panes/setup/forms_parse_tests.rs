use super::*;
use crate::app::form::Field;
use crate::text::i18n::Lang;
use chrono::NaiveDate;

fn check(lang: Lang) -> Check {
    Check::new(lang, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
}

fn place(row: PlaceForm) -> SetupInput {
    SetupInput::Place {
        target: Some((4, 2)),
        row,
    }
}

#[test]
fn a_setting_outside_its_bounds_is_an_error_at_the_value_in_both_languages() {
    let months = |value: &str| {
        SetupInput::Number(NumberForm {
            target: NumberTarget::Setting(settings::STALE_AFTER_MONTHS.key),
            value: value.into(),
        })
    };
    let zh = months("61").parse(check(Lang::Zh)).unwrap_err();
    assert_eq!(zh.get("value"), Some("请填 1 到 60 之间的整数"));
    let en = months("半年").parse(check(Lang::En)).unwrap_err();
    assert_eq!(en.get("value"), Some("A whole number from 1 to 60"));
    assert_eq!(
        months("6").parse(check(Lang::Zh)),
        Ok(SetupOp::Number {
            key: settings::STALE_AFTER_MONTHS.key,
            value: 6,
        })
    );
    // The urgent deadline rule allows 0-5 working days, the others 0-60.
    let sla = |kind: &str, value: &str| {
        SetupInput::Number(NumberForm {
            target: NumberTarget::Sla(kind.into()),
            value: value.into(),
        })
        .parse(check(Lang::En))
    };
    assert_eq!(
        sla("urgent", "6").unwrap_err().get("value"),
        Some("A whole number from 0 to 5")
    );
    assert_eq!(
        sla("help", "6"),
        Ok(SetupOp::Sla {
            kind: "help".into(),
            days: 6,
        })
    );
}

#[test]
fn an_empty_name_and_a_cell_off_the_map_are_errors_at_those_fields() {
    let grid = place(PlaceForm::Grid(GridForm {
        village: None,
        name: "  ".into(),
        cadre: Some(3),
        row: "41".into(),
        col: "2".into(),
    }));
    let zh = grid.clone().parse(check(Lang::Zh)).unwrap_err();
    assert_eq!(zh.get("village"), Some("请先添加村/社区"));
    assert_eq!(zh.get("name"), Some("请填写，最多 40 个字"));
    assert_eq!(zh.get("row"), Some("请填 0 到 40 之间的整数"));
    assert_eq!(zh.get("col"), None);
    let en = grid.parse(check(Lang::En)).unwrap_err();
    assert_eq!(en.get("name"), Some("Required, at most 40 characters"));
    let ok = place(PlaceForm::Grid(GridForm {
        village: Some(1),
        name: " 东浦一网格 ".into(),
        cadre: None,
        row: "0".into(),
        col: "40".into(),
    }));
    assert_eq!(
        ok.parse(check(Lang::Zh)),
        Ok(SetupOp::Place {
            target: Some((4, 2)),
            input: PlaceInput::Grid(GridInput {
                village_id: 1,
                name: "东浦一网格".into(),
                cadre_id: None,
                map_row: 0,
                map_col: 40,
            }),
        })
    );
}

#[test]
fn a_cadre_phone_that_is_no_number_is_an_error_at_the_phone() {
    let cadre = |phone: &str| {
        place(PlaceForm::Cadre(CadreForm {
            name: "李明".into(),
            title: "网格员".into(),
            phone: phone.into(),
            role: Some(Role::Cadre),
        }))
    };
    assert_eq!(
        cadre("1385").parse(check(Lang::En)).unwrap_err().get("phone"),
        Some("Neither a mobile nor a landline number")
    );
    let Ok(SetupOp::Place {
        input: PlaceInput::Cadre(c),
        ..
    }) = cadre("").parse(check(Lang::Zh))
    else {
        panic!("not a cadre")
    };
    assert_eq!(c.phone, None, "no phone is allowed");
    let group = place(PlaceForm::Group(GroupForm {
        village: Some(1),
        number: "0".into(),
        name: String::new(),
    }));
    assert_eq!(
        group.parse(check(Lang::Zh)).unwrap_err().get("number"),
        Some("请填 1 到 99 之间的整数")
    );
}

#[test]
fn a_new_account_reports_login_name_and_password_together() {
    let user = |login: &str, display: &str, password: &str, again: &str| {
        SetupInput::AddUser(AddUserForm {
            login: login.into(),
            display: display.into(),
            role: Some(Role::Clerk),
            cadre: None,
            password: PasswordTwice {
                password: password.into(),
                again: again.into(),
            },
        })
    };
    let e = user("li wen", "", "short", "short").parse(check(Lang::En)).unwrap_err();
    assert_eq!(
        e.get("login"),
        Some("A login uses letters, digits and . _ - only, at most 32")
    );
    assert_eq!(e.get("display"), Some("Required, at most 40 characters"));
    assert!(e.get("password").is_some());
    assert_eq!(e.get("again"), None, "compared only once the first is acceptable");
    let e = user("li", "李文员", "Minqing-2026", "Minqing-2027")
        .parse(check(Lang::Zh))
        .unwrap_err();
    assert_eq!(e.get("again"), Some("两次输入的密码不一样"));
    assert_eq!(e.fields.len(), 1);
    assert_eq!(
        user("li", "李文员", "Minqing-2026", "Minqing-2026").parse(check(Lang::Zh)),
        Ok(SetupOp::AddUser {
            login: "li".into(),
            display_name: "李文员".into(),
            role: Role::Clerk,
            password: "Minqing-2026".into(),
            cadre_id: None,
        })
    );
}

#[test]
fn the_township_form_as_laid_out_reads_its_fields_and_bounds_the_code() {
    let mut form = Form::new(
        FormKind::Setup(SetupForm::Township {
            before: Township::default(),
        }),
        "t",
        vec![
            Field::text("name", "n", ""),
            Field::text("code", "c", &"3".repeat(21)),
            Field::text("address", "a", "镇政府"),
        ],
    );
    let e = SetupInput::read(&form).unwrap().parse(check(Lang::Zh)).unwrap_err();
    assert_eq!(e.get("name"), Some("请填写，最多 40 个字"));
    assert_eq!(e.get("code"), Some("请填写，最多 20 个字"));
    form.accept(Err::<(), _>(e));
    assert_eq!(form.focus, 0, "the caret goes to the first wrong field");
    form.fields[0].input = crate::app::input::Input::with_text("东浦镇");
    form.fields[1].input = crate::app::input::Input::with_text("330602");
    assert_eq!(
        SetupInput::read(&form).unwrap().parse(check(Lang::Zh)),
        Ok(SetupOp::Township {
            before: Township::default(),
            new: Township {
                name: "东浦镇".into(),
                code: "330602".into(),
                address: "镇政府".into(),
            },
        })
    );
}

#[test]
fn an_edited_account_needs_a_name_and_keeps_its_version() {
    let edit = |display: &str, cadre: Option<i64>| {
        SetupInput::EditUser(EditUserForm {
            login: "li".into(),
            version: 3,
            display: display.into(),
            role: Some(Role::Leader),
            cadre,
        })
    };
    assert_eq!(
        edit(" ", None).parse(check(Lang::En)).unwrap_err().get("display"),
        Some("Required, at most 40 characters")
    );
    assert_eq!(
        edit("李文员", None).parse(check(Lang::Zh)),
        Ok(SetupOp::EditUser {
            login: "li".into(),
            edit: UserEdit {
                display_name: "李文员".into(),
                role: Role::Leader,
                cadre_id: None,
                version: 3,
            },
        })
    );
}

#[test]
fn a_cadre_role_and_a_village_kind_are_read_as_their_enums() {
    let cadre = |role: &str| {
        let form = Form::new(
            FormKind::Setup(super::super::forms::SetupForm::Place {
                kind: Kind::Cadre,
                target: None,
            }),
            "t",
            vec![
                Field::text("name", "n", "李明"),
                Field::text("title", "t", ""),
                Field::text("phone", "p", ""),
                Field::text("role", "r", role),
            ],
        );
        SetupInput::read(&form).unwrap().parse(check(Lang::Zh))
    };
    let Ok(SetupOp::Place {
        input: PlaceInput::Cadre(c),
        ..
    }) = cadre("leader")
    else {
        panic!("not a cadre")
    };
    assert_eq!(c.role, Role::Leader);
    // An administrator is an account, not a cadre; an unknown code is no role.
    for bad in ["admin", "mayor", ""] {
        assert!(cadre(bad).unwrap_err().get("role").is_some(), "{bad}");
    }
    let village = |kind: Option<VillageKind>| {
        place(PlaceForm::Village(VillageForm {
            name: "东村".into(),
            kind,
        }))
        .parse(check(Lang::Zh))
    };
    let Ok(SetupOp::Place {
        input: PlaceInput::Village(v),
        ..
    }) = village(Some(VillageKind::Community))
    else {
        panic!("not a village")
    };
    assert_eq!(v.kind, VillageKind::Community);
    assert!(village(None).unwrap_err().get("kind").is_some());
}
