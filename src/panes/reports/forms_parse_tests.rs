use super::*;
use crate::text::i18n::Lang;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn check(lang: Lang) -> Check {
    Check::new(lang, today())
}

fn context() -> Context {
    Context {
        query: Query::new(today()),
        grids: vec!["东浦一网格".into()],
        business_start: 26,
        presenter_id: Some(4),
    }
}

fn custom(from: &str, to: &str) -> ReportsInput {
    ReportsInput::Range(PeriodInput {
        period: Period::Custom,
        day: "2026-11-30".into(),
        from: from.into(),
        to: to.into(),
    })
}

#[test]
fn a_bad_day_is_an_error_at_that_field_naming_what_was_typed() {
    let zh = custom("2026-11-01", "11月30日")
        .parse(check(Lang::Zh), &context())
        .unwrap_err();
    assert_eq!(zh.get("to"), Some("日期写法不对：11月30日（应为 YYYY-MM-DD）"));
    assert_eq!(zh.get("from"), None);
    let month = ReportsInput::Range(PeriodInput {
        period: Period::Month,
        day: "2026-13-01".into(),
        from: String::new(),
        to: String::new(),
    });
    let en = month.parse(check(Lang::En), &context()).unwrap_err();
    assert_eq!(en.get("day"), Some("Not a date: 2026-13-01 (use YYYY-MM-DD)"));
}

#[test]
fn a_custom_range_ending_before_it_starts_is_an_error_at_the_end() {
    let e = custom("2026-11-20", "2026-11-01")
        .parse(check(Lang::En), &context())
        .unwrap_err();
    assert_eq!(e.get("to"), Some("The end is before the start"));
    let Ok(ReportsOp::Ask(q)) = custom("2026-11-01", "2026-11-20").parse(check(Lang::Zh), &context()) else {
        panic!("no report asked for")
    };
    assert_eq!(q.period, Period::Custom);
    assert_eq!(
        q.range.map(|r| (r.from.to_string(), r.to.to_string())),
        Some(("2026-11-01".into(), "2026-11-20".into()))
    );
}

#[test]
fn a_grid_the_office_lacks_is_an_error_and_a_known_one_is_the_place() {
    let scope = |grid: &str, village: &str| {
        ReportsInput::Scope(ScopeInput {
            village: village.into(),
            grid: grid.into(),
        })
        .parse(check(Lang::Zh), &context())
    };
    assert_eq!(
        scope("西浦九网格", "").unwrap_err().get("grid"),
        Some("没有名为「西浦九网格」的网格")
    );
    let place = |r: Result<ReportsOp, FieldErrors>| match r {
        Ok(ReportsOp::Ask(q)) => q.selection.place,
        other => panic!("{other:?}"),
    };
    assert_eq!(place(scope("东浦一网格", "东浦村")), Place::Grid("东浦一网格".into()));
    assert_eq!(place(scope("", "东浦村")), Place::Village("东浦村".into()));
    assert_eq!(place(scope("", "")), Place::Township);
}

#[test]
fn attaching_checks_the_period_and_scope_and_names_the_presenter() {
    let attach = |day: &str| {
        ReportsInput::Attach(AttachInput {
            meeting_id: 12,
            item: None,
            period: PeriodInput {
                period: Period::Month,
                day: day.into(),
                from: String::new(),
                to: String::new(),
            },
            scope: ScopeInput {
                village: String::new(),
                grid: "无此网格".into(),
            },
            theme: Theme::All,
        })
        .parse(check(Lang::En), &context())
    };
    let e = attach("soon").unwrap_err();
    assert!(e.get("day").is_some() && e.get("grid").is_some());
    let ok = ReportsInput::Attach(AttachInput {
        meeting_id: 12,
        item: Some(3),
        period: PeriodInput {
            period: Period::Month,
            day: "2026-11-30".into(),
            from: String::new(),
            to: String::new(),
        },
        scope: ScopeInput {
            village: String::new(),
            grid: String::new(),
        },
        theme: Theme::All,
    });
    let Ok(ReportsOp::Attach(a)) = ok.parse(check(Lang::En), &context()) else {
        panic!("not an attach")
    };
    assert_eq!((a.meeting_id, a.item_id, a.presenter_id), (12, Some(3), Some(4)));
    assert_eq!(a.report.item_id, 3);
}

#[test]
fn fixing_the_start_of_a_reversed_range_clears_the_error_at_the_end() {
    use crate::app::form::FieldKind;
    use crate::app::input::Input;
    let mut state = crate::app::state::State::new(Lang::Zh, today(), "clerk");
    let mut form = super::super::forms::range(&state, &Query::new(today()));
    let set = |form: &mut Form, key: &str, value: &str| {
        let f = form.fields.iter_mut().find(|f| f.key == key).unwrap();
        match &mut f.kind {
            FieldKind::Choice { options, index } => {
                *index = options.iter().position(|(c, _)| c == value).unwrap();
            }
            _ => f.input = Input::with_text(value),
        }
    };
    set(&mut form, "period", Period::Custom.code());
    set(&mut form, "from", "2026-11-20");
    set(&mut form, "to", "2026-11-10");
    state.form = Some(form);
    assert!(super::super::forms::submit(&mut state).is_empty());
    let form = state.form.as_mut().expect("kept with the error");
    assert_eq!(form.fields[3].error.as_deref(), Some("止日早于起日"));
    // The start is corrected; the end is left as it was.
    set(form, "from", "2026-11-01");
    let effects = super::super::forms::submit(&mut state);
    assert!(state.form.is_none(), "the form closes");
    assert_eq!(effects.len(), 1, "and the report is asked for");
}
