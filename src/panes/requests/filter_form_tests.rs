use super::*;
use crate::text::i18n::Lang;

fn check() -> Check {
    Check::new(Lang::Zh, chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
}

fn good() -> FilterForm {
    FilterForm {
        status: "in_progress".into(),
        channel: "hotline".into(),
        category: "3".into(),
        village: "5".into(),
        grid: "".into(),
        assignee: "12".into(),
        level: "county".into(),
        overdue: true,
        open_only: false,
        sort: "Newest".into(),
    }
}

#[test]
fn good_input_gives_the_view_spec() {
    let spec = good().validate(check()).unwrap();
    let f = &spec.filter;
    assert_eq!(f.statuses, vec![Status::parse("in_progress").unwrap()]);
    assert_eq!(f.channels, vec![Channel::Hotline]);
    assert_eq!((f.category_ids.clone(), f.village_ids.clone()), (vec![3], vec![5]));
    assert!(f.grid_ids.is_empty(), "empty is any grid");
    assert_eq!(f.assignee, Some(AssigneeFilter::Cadre(12)));
    assert_eq!(f.levels, vec![Level::County]);
    assert!(f.overdue && !f.open_only && f.text.is_empty());
    assert_eq!(spec.sort, RequestSort::Newest);
}

#[test]
fn every_choice_left_on_any_is_no_filter() {
    let spec = FilterForm::default().validate(check()).unwrap();
    assert_eq!(spec, ViewSpec::default());
    for (code, want) in [("unassigned", AssigneeFilter::Unassigned), ("me", AssigneeFilter::Me)] {
        let f = FilterForm {
            assignee: code.into(),
            ..FilterForm::default()
        };
        assert_eq!(f.validate(check()).unwrap().filter.assignee, Some(want));
    }
}

#[test]
fn each_unknown_option_is_reported_at_its_field() {
    type Spoil = fn(&mut FilterForm);
    let cases: [(&str, Spoil); 8] = [
        ("status", |f| f.status = "lost".into()),
        ("channel", |f| f.channel = "pigeon".into()),
        ("category", |f| f.category = "roads".into()),
        ("village", |f| f.village = "东村".into()),
        ("grid", |f| f.grid = "1a".into()),
        ("assignee", |f| f.assignee = "someone".into()),
        ("level", |f| f.level = "province".into()),
        ("sort", |f| f.sort = "Alphabetical".into()),
    ];
    for (key, spoil) in cases {
        let mut f = good();
        spoil(&mut f);
        let e = f.validate(check()).unwrap_err();
        assert_eq!(e.fields.iter().map(|(k, _)| *k).collect::<Vec<_>>(), vec![key], "{key}");
        assert!(e.get(key).unwrap().contains("可选"), "{key}");
    }
}

#[test]
fn the_menu_reads_back_as_the_filter_it_was_preset_to() {
    let mut state = State::new(
        Lang::En,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        "clerk",
    );
    state.requests.spec.filter.statuses = vec![Status::Resolved];
    state.requests.spec.filter.open_only = true;
    state.requests.spec.sort = RequestSort::Priority;
    let form = layout(&state);
    let spec = FilterForm::read(&form).unwrap().validate(check()).unwrap();
    assert_eq!(spec.filter.statuses, vec![Status::Resolved]);
    assert!(spec.filter.open_only && !spec.filter.overdue);
    assert_eq!(spec.sort, RequestSort::Priority);
    let other = Form::new(FormKind::SaveView, "t", vec![]);
    assert_eq!(FilterForm::read(&other), None);
}
