//! The shared strings: one text with a span per string, decoded in place where needed.

use memchr::{memchr, memchr3, memmem};

use super::xml::{
    attr, char_data, check_attrs, find_close, find_tag, is_xml_space, is_xml_space_char,
    unescape_excel,
};
use super::{Declined, declined, prolog};

/// The shared strings: one text, and each string's span in it. A plain string is its own
/// bytes in the part; any other is decoded in place (decoding never lengthens a string) and
/// the bytes it no longer needs are blanked, so the whole stays UTF-8.
#[derive(Default)]
pub(super) struct SharedStrings {
    text: String,
    spans: Vec<(u32, u32)>,
}

impl SharedStrings {
    pub(super) fn get(&self, index: usize) -> Option<&str> {
        let &(start, end) = self.spans.get(index)?;
        self.text.get(start as usize..end as usize)
    }

    pub(super) fn read(mut buf: Vec<u8>) -> Result<SharedStrings, Declined> {
        if u32::try_from(buf.len()).is_err() {
            return declined("共享字符串过大");
        }
        let mut pos = prolog(&buf)?;
        // The root element, after any comments.
        loop {
            let at = pos + memchr(b'<', &buf[pos..]).ok_or(Declined::because("无 sst"))?;
            let rest = &buf[at..];
            if rest.starts_with(b"<!--") {
                pos = at + memmem::find(rest, b"-->").ok_or(Declined::because("注释"))? + 3;
                continue;
            }
            if find_tag(rest, b"<sst") != Some(0) {
                return declined("共享字符串根元素");
            }
            let end = at + memchr(b'>', rest).ok_or(Declined::because("sst"))?;
            let attrs = std::str::from_utf8(&buf[at + 4..end]).or(declined("sst"))?;
            check_attrs(attrs.strip_suffix('/').unwrap_or(attrs))?;
            if buf[end - 1] == b'/' {
                pos = buf.len();
                break;
            }
            pos = end + 1;
            break;
        }
        let mut spans = Vec::new();
        let mut scratch = String::new();
        let mut closed = pos == buf.len();
        while !closed {
            let at = pos + memchr(b'<', &buf[pos..]).ok_or(Declined::because("sst 未结束"))?;
            if !buf[pos..at].iter().all(u8::is_ascii_whitespace) {
                return declined("sst 中有文字");
            }
            let rest = &buf[at..];
            if rest.starts_with(b"</sst>") {
                closed = true;
                continue;
            }
            if !rest.starts_with(b"<si>") {
                return declined("sst 中的元素");
            }
            let start = at + 4;
            if let Some((span, next)) = plain_si(&buf, start) {
                spans.push(span);
                pos = next;
                continue;
            }
            let (end, after) = {
                let end = start
                    + find_close(&buf[start..], b"</si>").ok_or(Declined::because("si 未结束"))?;
                (end, end + 5)
            };
            let inner = std::str::from_utf8(&buf[start..end]).or(declined("非 UTF-8"))?;
            scratch.clear();
            rich_text(inner, &mut scratch)?;
            let len = scratch.len();
            if len > end - start {
                return declined("解码后变长");
            }
            buf[start..start + len].copy_from_slice(scratch.as_bytes());
            buf[start + len..end].fill(b' ');
            spans.push((start as u32, (start + len) as u32));
            pos = after;
        }
        let text = String::from_utf8(buf).or(declined("非 UTF-8"))?;
        Ok(SharedStrings { text, spans })
    }
}

/// `<t>TEXT</t></si>` (or with `xml:space="preserve"`) where TEXT needs no decoding: its span
/// (trimmed unless preserved) and where the next string starts.
pub(super) fn plain_si(buf: &[u8], start: usize) -> Option<((u32, u32), usize)> {
    const PRESERVE: &[u8] = b"<t xml:space=\"preserve\">";
    let rest = &buf[start..];
    let (text_start, preserve) = if rest.starts_with(b"<t>") {
        (start + 3, false)
    } else if rest.starts_with(PRESERVE) {
        (start + PRESERVE.len(), true)
    } else {
        return None;
    };
    let text_end = text_start + memchr(b'<', &buf[text_start..])?;
    if !buf[text_end..].starts_with(b"</t></si>") {
        return None;
    }
    let raw = &buf[text_start..text_end];
    if memchr3(b'&', b'\r', b'_', raw).is_some() {
        return None;
    }
    let (a, b) = if preserve {
        (text_start, text_end)
    } else {
        let lead = raw.iter().take_while(|b| is_xml_space(**b)).count();
        let trail = raw[lead..]
            .iter()
            .rev()
            .take_while(|b| is_xml_space(**b))
            .count();
        (text_start + lead, text_end - trail)
    };
    Some(((a as u32, b as u32), text_end + 9))
}

/// The text of a rich or escaped string (the inside of `<si>` or `<is>`), appended to `out`:
/// every `<t>` outside phonetic runs (`<rPh>`), each decoded, trimmed unless preserved, then
/// Excel's `_xHHHH_` escapes resolved.
pub(super) fn rich_text(inner: &str, out: &mut String) -> Result<(), Declined> {
    // As calamine: inside a phonetic run or not (a flag, not a depth).
    let mut phonetic = false;
    let mut rest = inner;
    let mut value = String::new();
    while let Some(lt) = rest.find('<') {
        if !rest[..lt].trim_matches(is_xml_space_char).is_empty() && !phonetic {
            // Text outside <t> is not part of the string (calamine skips it too), but it
            // means markup the fast reader does not expect.
            return declined("富文本中的文字");
        }
        let tag = &rest[lt..];
        if tag.starts_with("<!") || tag.starts_with("<?") {
            return declined("富文本中的注释");
        }
        let close = tag.find('>').ok_or(Declined::because("标签未结束"))?;
        let (head, after) = (&tag[1..close], &tag[close + 1..]);
        rest = after;
        // Only the elements a string is made of, each well formed: on anything else (a
        // stray `</si >`, a broken tag) calamine's tokenizer may cut the string elsewhere.
        if let Some(end) = head.strip_prefix('/') {
            match end.trim_end_matches(is_xml_space_char) {
                "rPh" => phonetic = false,
                name if RICH_ELEMENTS.contains(&name) => {}
                _ => return declined("富文本中的结束标签"),
            }
            continue;
        }
        let (head, empty) = match head.strip_suffix('/') {
            Some(head) => (head, true),
            None => (head, false),
        };
        let (name, attrs) = head.split_once(is_xml_space_char).unwrap_or((head, ""));
        if !RICH_ELEMENTS.contains(&name) {
            return declined("富文本中的元素");
        }
        check_attrs(attrs)?;
        match name {
            "rPh" if !empty => phonetic = true,
            "t" if !phonetic => {
                let preserve = attr(attrs, "xml:space")? == Some("preserve");
                let raw = if empty {
                    ""
                } else {
                    let end = rest.find("</t>").ok_or(Declined::because("t 未结束"))?;
                    let raw = &rest[..end];
                    rest = &rest[end + 4..];
                    raw
                };
                if raw.contains('<') {
                    return declined("t 中有标签");
                }
                value.clear();
                char_data(raw, &mut value)?;
                let trimmed = if preserve {
                    value.as_str()
                } else {
                    value.trim_matches(is_xml_space_char)
                };
                unescape_excel(trimmed, out);
            }
            "t" if !empty => {
                // Phonetic text: skipped.
                let end = rest.find("</t>").ok_or(Declined::because("t 未结束"))?;
                if rest[..end].contains('<') {
                    return declined("t 中有标签");
                }
                rest = &rest[end + 4..];
            }
            _ => {}
        }
    }
    if !rest.trim_matches(is_xml_space_char).is_empty() {
        return declined("富文本末尾的文字");
    }
    Ok(())
}

/// What a shared or inline string is made of: runs, their properties, text, phonetic runs.
pub(super) const RICH_ELEMENTS: &[&str] = &[
    "r",
    "rPr",
    "t",
    "rPh",
    "phoneticPr",
    "b",
    "i",
    "u",
    "strike",
    "sz",
    "color",
    "rFont",
    "family",
    "scheme",
    "vertAlign",
    "charset",
    "condense",
    "extend",
    "outline",
    "shadow",
];
