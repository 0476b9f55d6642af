//! Masks personal data in text that reaches the bulletin: mobile and landline numbers, 18-digit
//! ID numbers, and the caller's own name where the appeal repeats it.

use std::sync::OnceLock;

use regex::Regex;

fn patterns() -> &'static [Regex; 3] {
    static P: OnceLock<[Regex; 3]> = OnceLock::new();
    P.get_or_init(|| {
        [
            // 18-digit ID numbers (the last may be X), not inside a longer digit run.
            Regex::new(r"(?:^|[^0-9])([1-9]\d{5})(\d{8})(\d{3}[0-9Xx])(?:[^0-9]|$)")
                .expect("valid"),
            // Mobile numbers, optionally with +86 and separators.
            Regex::new(r"(?:^|[^0-9])(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?:[^0-9]|$)")
                .expect("valid"),
            // Landlines: area code 0xx or 0xxx, then 7 or 8 digits.
            Regex::new(r"(?:^|[^0-9])(0\d{2,3})[-－ ]?(\d{3,4})(\d{4})(?:[^0-9]|$)")
                .expect("valid"),
        ]
    })
}

/// Replaces group 2 of every match with asterisks, keeping the groups around it.
fn mask_middle(text: &str, re: &Regex) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    // Matches consume one boundary character each side, so search again from the end of
    // the masked part to catch numbers separated by a single character.
    let mut pos = 0;
    while let Some(c) = re.captures_at(text, pos) {
        let (g1, g2, g3) = (
            c.get(1).expect("g1"),
            c.get(2).expect("g2"),
            c.get(3).expect("g3"),
        );
        out.push_str(&text[last..g1.start()]);
        out.push_str(g1.as_str());
        out.push_str(&"*".repeat(g2.as_str().chars().filter(char::is_ascii_digit).count()));
        out.push_str(g3.as_str());
        last = g3.end();
        pos = g3.end();
    }
    out.push_str(&text[last..]);
    out
}

/// The text with ID numbers, mobile and landline numbers masked (139****5678), and the
/// caller's name, when given and at least two characters, replaced by its first character
/// and 某.
pub fn mask(text: &str, caller: Option<&str>) -> String {
    let [id, mobile, landline] = patterns();
    let mut t = mask_middle(text, id);
    t = mask_middle(&t, mobile);
    t = mask_middle(&t, landline);
    if let Some(name) = caller.map(str::trim).filter(|n| n.chars().count() >= 2) {
        let first: String = name.chars().take(1).collect();
        t = t.replace(name, &format!("{first}某"));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(input: &str, caller: Option<&str>, expected: &str) {
        assert_eq!(mask(input, caller), expected);
    }

    #[test]
    fn personal_data_is_masked() {
        case(
            "来电人电话13912345678，请回电",
            None,
            "来电人电话139****5678，请回电",
        );
        case("电话：139-1234-5678。", None, "电话：139****5678。");
        case("座机0979-8412345反映", None, "座机0979***2345反映");
        case(
            "身份证号632801199001011234，",
            None,
            "身份证号632801********1234，",
        );
        case("身份证63280119900101123X", None, "身份证632801********123X");
        case(
            "两个号码13912345678、13812345678",
            None,
            "两个号码139****5678、138****5678",
        );
        case(
            "张三丰来电反映，张三丰称",
            Some("张三丰"),
            "张某来电反映，张某称",
        );
        // Ordinary numbers stay: amounts, dates, order ids.
        case(
            "欠薪12000元，2024年6月24日，工单HX24062060370023",
            None,
            "欠薪12000元，2024年6月24日，工单HX24062060370023",
        );
        case("一个人", Some("王"), "一个人");
    }
}
