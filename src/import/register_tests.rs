//! Tests of the parent module.

use super::*;

#[test]
fn phones_mobile_and_landline() {
    assert_eq!(parse_phone("138 1234 8000").as_deref(), Some("13812348000"));
    assert_eq!(parse_phone("１３８１２３４８０００").as_deref(), Some("13812348000"));
    assert_eq!(parse_phone("0575-85123456").as_deref(), Some("0575-85123456"));
    assert_eq!(parse_phone("(0575)85123456").as_deref(), Some("057585123456"));
    assert_eq!(parse_phone("85123456").as_deref(), Some("85123456"));
    assert_eq!(parse_phone("12345"), None);
    assert_eq!(parse_phone("电话"), None);
    assert_eq!(parse_phone("1381234800"), None);
}

#[test]
fn group_numbers() {
    assert_eq!(parse_group("3"), Some(3));
    assert_eq!(parse_group("3组"), Some(3));
    assert_eq!(parse_group("第三组"), Some(3));
    assert_eq!(parse_group("十二村民小组"), Some(12));
    assert_eq!(parse_group("二十"), Some(20));
    assert_eq!(parse_group("第十组"), Some(10));
    assert_eq!(parse_group("东片"), None);
}

#[test]
fn full_width_ids() {
    assert_eq!(
        normalise_id_text("１１０１０５ １９４９１２３１００２ｘ"),
        "11010519491231002X"
    );
}

#[test]
fn dates() {
    let d = NaiveDate::from_ymd_opt(1980, 1, 2);
    assert_eq!(parse_date("1980-01-02"), d);
    assert_eq!(parse_date("1980/1/2"), d);
    assert_eq!(parse_date("19800102"), d);
    assert_eq!(parse_date("1980年1月2日"), d);
    assert_eq!(parse_date("x"), None);
}
