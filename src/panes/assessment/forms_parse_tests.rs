use super::*;
use crate::app::input::Input;
use crate::app::state::State;
use crate::panes::assessment::forms;
use crate::text::i18n::Lang;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn check(lang: Lang) -> Check {
    Check::new(lang, today())
}

fn household() -> VisitHousehold {
    VisitHousehold {
        id: 3,
        address: "东浦村3组12号".into(),
        head: Some("张三".into()),
    }
}

fn visit(date: &str) -> VisitInput {
    VisitInput {
        household: Some(household()),
        cadre: Some(1),
        kind: VisitKind::Household,
        date: date.into(),
        notes: "了解情况".into(),
        raise: true,
    }
}

#[test]
fn a_bad_or_future_visit_date_is_an_error_at_the_date() {
    let zh = visit("11月26日").parse(check(Lang::Zh)).unwrap_err();
    assert_eq!(zh.get("date"), Some("日期格式应为 年-月-日，例如 2026-11-26"));
    assert_eq!(zh.fields.len(), 1);
    let en = visit("2026-12-01").parse(check(Lang::En)).unwrap_err();
    assert_eq!(en.get("date"), Some("A visit cannot be dated after today"));
    assert_eq!(
        visit("2026-11-30").parse(check(Lang::Zh)),
        Ok(AssessOp::LogVisit {
            visit: NewVisit {
                cadre_id: 1,
                household_id: Some(3),
                kind: VisitKind::Household,
                visited_on: today(),
                notes: "了解情况".into(),
                request_id: None,
            },
            raise_request: Some(household()),
        })
    );
}

#[test]
fn a_household_visit_without_a_household_is_an_error_at_the_kind_and_the_request() {
    let input = VisitInput {
        household: None,
        ..visit("2026-11-30")
    };
    let e = input.parse(check(Lang::En)).unwrap_err();
    let needs = "Household and pairing visits need a household: log them from the visit plan or the household card";
    assert_eq!(e.get("kind"), Some(needs));
    assert_eq!(e.get("raise"), Some(needs));
    let overnight = VisitInput {
        household: None,
        kind: VisitKind::Overnight,
        raise: false,
        ..visit("2026-11-30")
    };
    assert!(overnight.parse(check(Lang::En)).is_ok());
}

#[test]
fn the_visit_form_as_laid_out_with_no_cadre_to_choose_asks_for_one() {
    // No snapshot: the cadre list is empty.
    let state = State::new(Lang::Zh, today(), "clerk");
    let form = forms::new_visit(&state, 1, Some(household()));
    let input = AssessInput::read(&form).expect("a visit form");
    let AssessInput::Visit(v) = &input else {
        panic!("not a visit")
    };
    assert_eq!(
        (v.kind, v.date.as_str(), v.raise),
        (VisitKind::Household, "2026-11-30", false)
    );
    let e = input.parse(check(Lang::Zh)).unwrap_err();
    assert_eq!(e.get("cadre"), Some("必填"));
    assert_eq!(e.fields.len(), 1);
}

#[test]
fn a_campaign_needs_a_name_a_sample_of_1_to_1000_and_a_seed() {
    let input = CampaignInput {
        name: " ".into(),
        per_grid: "0".into(),
        seed: "-3".into(),
    };
    let zh = input.clone().parse(check(Lang::Zh)).unwrap_err();
    assert_eq!(zh.get("name"), Some("必填"));
    assert_eq!(zh.get("per_grid"), Some("抽样户数应为 1 到 1000 的整数"));
    assert_eq!(zh.get("seed"), Some("随机种子应为非负整数（同一种子抽到同样的户）"));
    let en = input.parse(check(Lang::En)).unwrap_err();
    assert_eq!(en.get("name"), Some("required"));
    assert_eq!(
        en.get("per_grid"),
        Some("Households per grid must be a whole number from 1 to 1000")
    );
    let state = State::new(Lang::En, today(), "clerk");
    let mut form = forms::new_campaign(&state);
    let name = form.fields[0].input.text.clone();
    assert!(name.contains("2026-11-30"), "{name}");
    assert_eq!(
        AssessInput::read(&form).unwrap().parse(check(Lang::En)),
        Ok(AssessOp::NewCampaign {
            name,
            per_grid: crate::domain::assessment::DEFAULT_SAMPLE_PER_GRID,
            seed: 20261130,
        })
    );
    form.fields[1].input = Input::with_text("1001");
    let e = AssessInput::read(&form).unwrap().parse(check(Lang::En)).unwrap_err();
    assert!(e.get("per_grid").is_some());
}

#[test]
fn a_call_not_reached_keeps_no_answers() {
    let input = CallInput {
        campaign_id: 2,
        household_id: 5,
        reached: false,
        knows: true,
        satisfaction: Some(Satisfaction::Satisfied),
        comment: "关机".into(),
    };
    assert_eq!(
        input.clone().parse(check(Lang::Zh)),
        Ok(AssessOp::SurveyCall {
            campaign_id: 2,
            household_id: 5,
            call: Call::NOT_REACHED,
            comment: "关机".into(),
        })
    );
    let reached = CallInput { reached: true, ..input };
    let Ok(AssessOp::SurveyCall { call, .. }) = reached.parse(check(Lang::Zh)) else {
        panic!("not a call")
    };
    assert_eq!(call, Call::reached(true, Satisfaction::Satisfied));
}
