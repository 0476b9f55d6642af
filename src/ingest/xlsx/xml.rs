//! Just enough XML for the fast reader: tags, attributes, entities and Excel's escapes, each
//! strict where calamine's tokenizer might read a malformed part otherwise.

use std::borrow::Cow;

use memchr::{memchr, memmem};

use super::{Declined, declined};

pub(super) fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

pub(super) fn is_xml_space_char(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Character data: line ends normalised (CR LF and CR to LF, as XML 1.0 requires) and
/// entities resolved. A character reference is taken as written, so `&#13;` stays a CR.
pub(super) fn char_data(raw: &str, out: &mut String) -> Result<(), Declined> {
    let mut rest = raw;
    loop {
        let amp = rest.find('&').unwrap_or(rest.len());
        let literal = &rest[..amp];
        let mut bytes = literal;
        while let Some(cr) = bytes.find('\r') {
            out.push_str(&bytes[..cr]);
            out.push('\n');
            bytes = bytes[cr + 1..]
                .strip_prefix('\n')
                .unwrap_or(&bytes[cr + 1..]);
        }
        out.push_str(bytes);
        if amp == rest.len() {
            return Ok(());
        }
        let semi = rest[amp..]
            .find(';')
            .ok_or(Declined::because("实体未结束"))?;
        out.push(entity(&rest[amp + 1..amp + semi])?);
        rest = &rest[amp + semi + 1..];
    }
}

/// A named or numeric entity (without `&` and `;`).
pub(super) fn entity(name: &str) -> Result<char, Declined> {
    Ok(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let number = name
                .strip_prefix('#')
                .ok_or(Declined::because("未知实体"))?;
            let code = match number.strip_prefix('x') {
                Some(hex) => parse_radix(hex, 16),
                None => parse_radix(number, 10),
            }
            .ok_or(Declined::because("字符引用"))?;
            char::from_u32(code)
                .filter(|c| *c != '\0')
                .ok_or(Declined::because("字符引用"))?
        }
    })
}

pub(super) fn parse_radix(digits: &str, radix: u32) -> Option<u32> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u32::from_str_radix(digits, radix).ok()
}

/// Entities in an attribute value.
pub(super) fn decode_entities(raw: &str) -> Result<Cow<'_, str>, Declined> {
    if !raw.contains('&') {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let semi = rest[amp..]
            .find(';')
            .ok_or(Declined::because("实体未结束"))?;
        out.push(entity(&rest[amp + 1..amp + semi])?);
        rest = &rest[amp + semi + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// Resolves Excel's `_xHHHH_` escapes (a UTF-16 unit each; a CR is written `_x000D_`, a
/// literal `_x000D_` as `_x005F_x000D_`), appending to `out` (calamine's `unescape_xml`).
pub(super) fn unescape_excel(text: &str, out: &mut String) {
    const LEN: usize = 7;
    let unit_at = |i: usize| -> Option<u16> {
        let b = text.as_bytes().get(i..i + LEN)?;
        if b[0] != b'_'
            || b[1] != b'x'
            || b[6] != b'_'
            || !b[2..6].iter().all(u8::is_ascii_hexdigit)
        {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    };
    let find_from = |mut start: usize| -> Option<(usize, u16)> {
        while let Some(off) = text[start..].find('_') {
            let i = start + off;
            if let Some(u) = unit_at(i) {
                return Some((i, u));
            }
            start = i + 1;
        }
        None
    };
    let mut copied = 0;
    let mut next = find_from(0);
    while let Some((mut index, unit)) = next {
        out.push_str(&text[copied..index]);
        index += LEN;
        match unit {
            0xD800..=0xDBFF => match unit_at(index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += LEN;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        next = find_from(index);
    }
    out.push_str(&text[copied..]);
}

/// Tags of a small part, in order (comments, declarations and CDATA skipped).
pub(super) struct Tags<'a> {
    rest: &'a str,
    len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagKind {
    Start,
    Empty,
    End,
}

/// A tag: its local name (any prefix dropped, as calamine matches) and its attributes' text.
pub(super) struct Tag<'a> {
    pub(super) kind: TagKind,
    pub(super) name: &'a str,
    pub(super) prefixed: bool,
    pub(super) attrs: &'a str,
}

impl Tag<'_> {
    pub(super) fn is_start(&self, name: &str) -> bool {
        self.kind != TagKind::End && self.name == name
    }
}

impl<'a> Tags<'a> {
    pub(super) fn new(text: &'a str) -> Tags<'a> {
        Tags {
            rest: text,
            len: text.len(),
        }
    }

    /// How many bytes of the text the tags so far took.
    pub(super) fn consumed(&self) -> usize {
        self.len - self.rest.len()
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Result<Tag<'a>, Declined>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let lt = self.rest.find('<')?;
            let tag = &self.rest[lt..];
            let skip = |end: &str| tag.find(end).map(|i| i + end.len());
            let skipped = if tag.starts_with("<!--") {
                skip("-->")
            } else if tag.starts_with("<![CDATA[") {
                skip("]]>")
            } else if tag.starts_with("<?") {
                skip("?>")
            } else if tag.starts_with("<!") {
                self.rest = "";
                return Some(declined("DOCTYPE"));
            } else {
                None
            };
            if tag.starts_with("<!") || tag.starts_with("<?") {
                match skipped {
                    Some(n) => {
                        self.rest = &tag[n..];
                        continue;
                    }
                    None => {
                        self.rest = "";
                        return Some(declined("标记未结束"));
                    }
                }
            }
            // The end of the tag, past any '>' inside quoted attribute values.
            let mut quote = None;
            let mut close = None;
            for (i, b) in tag.bytes().enumerate().skip(1) {
                match (quote, b) {
                    (Some(q), _) if b == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(b),
                    (None, b'>') => {
                        close = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let Some(close) = close else {
                self.rest = "";
                return Some(declined("标签未结束"));
            };
            let inner = &tag[1..close];
            self.rest = &tag[close + 1..];
            let (name, attrs, kind) = match split_tag(inner.as_bytes()) {
                Ok(parts) => (
                    // Split at ASCII bytes: still text.
                    std::str::from_utf8(parts.name).unwrap_or_default(),
                    std::str::from_utf8(parts.attrs).unwrap_or_default(),
                    match (parts.end, parts.closes) {
                        (true, _) => TagKind::End,
                        (false, true) => TagKind::Empty,
                        (false, false) => TagKind::Start,
                    },
                ),
                Err(why) => {
                    self.rest = "";
                    return Some(Err(why));
                }
            };
            // quick-xml's local name: after the first colon.
            let local = name.split_once(':').map_or(name, |(_, local)| local);
            return Some(Ok(Tag {
                kind,
                name: local,
                prefixed: local.len() != name.len(),
                attrs,
            }));
        }
    }
}

/// Checks a tag's attributes: well formed, none repeated.
pub(super) fn check_attrs(attrs: &str) -> Result<(), Declined> {
    let mut names: Vec<&str> = Vec::new();
    for a in Attrs(attrs) {
        let (name, _) = a?;
        // Real tags carry a few attributes; thousands would make this check quadratic.
        if names.len() >= 64 || names.contains(&name) {
            return declined("属性重复");
        }
        names.push(name);
    }
    Ok(())
}

/// The tags of a whole small part, each with its depth (the root at 0), checked as they
/// come: the part must be one well-nested element named `root`, with well-formed attributes
/// and no element after it (the last item is an error otherwise). calamine's tokenizer then
/// sees these same tags, and stops where they end.
pub(super) fn part<'a, 'r>(text: &'a str, root: &'r str) -> Part<'a, 'r> {
    Part {
        tags: Tags::new(text),
        root,
        stack: Vec::new(),
        started: false,
        closed: false,
        done: false,
    }
}

pub(super) struct Part<'a, 'r> {
    tags: Tags<'a>,
    root: &'r str,
    stack: Vec<&'a str>,
    started: bool,
    closed: bool,
    done: bool,
}

impl<'a> Part<'a, '_> {
    fn check(&mut self, tag: Tag<'a>) -> Result<(usize, Tag<'a>), Declined> {
        if self.closed {
            return declined("根元素之后还有元素");
        }
        if !std::mem::replace(&mut self.started, true)
            && (tag.name != self.root || tag.kind != TagKind::Start)
        {
            return declined("根元素");
        }
        check_attrs(tag.attrs)?;
        let depth = match tag.kind {
            TagKind::Start => {
                self.stack.push(tag.name);
                self.stack.len() - 1
            }
            TagKind::Empty => self.stack.len(),
            TagKind::End => {
                if self.stack.pop() != Some(tag.name) {
                    return declined("标签不配对");
                }
                self.closed = self.stack.is_empty();
                self.stack.len()
            }
        };
        Ok((depth, tag))
    }
}

impl<'a> Iterator for Part<'a, '_> {
    type Item = Result<(usize, Tag<'a>), Declined>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = match self.tags.next() {
            None if self.closed => None,
            None => Some(declined("根元素未结束")),
            Some(tag) => Some(tag.and_then(|tag| self.check(tag))),
        };
        self.done = !matches!(item, Some(Ok(_)));
        item
    }
}

/// Attributes as written (`name="value"` or with single quotes): name and raw value.
pub(super) struct Attrs<'a>(pub(super) &'a str);

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<(&'a str, &'a str), Declined>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut bytes = ByteAttrs(self.0.as_bytes());
        let item = bytes.next()?;
        // The parts end at ASCII bytes (quotes, spaces), so they are text.
        let rest = std::str::from_utf8(bytes.0).unwrap_or_default();
        self.0 = rest;
        Some(item.and_then(|(name, value)| {
            match (std::str::from_utf8(name), std::str::from_utf8(value)) {
                (Ok(name), Ok(value)) => Ok((name, value)),
                _ => declined("属性"),
            }
        }))
    }
}

/// One attribute's raw value (the last one if repeated is never chosen: a repeat declines).
pub(super) fn attr<'a>(attrs: &'a str, name: &str) -> Result<Option<&'a str>, Declined> {
    let mut found = None;
    for a in Attrs(attrs) {
        let (k, v) = a?;
        if k == name {
            if found.is_some() {
                return declined("属性重复");
            }
            found = Some(v);
        }
    }
    Ok(found)
}

/// [`Attrs`] over bytes, for the sheet's hot loop.
pub(super) struct ByteAttrs<'a>(pub(super) &'a [u8]);

impl<'a> Iterator for ByteAttrs<'a> {
    type Item = Result<(&'a [u8], &'a [u8]), Declined>;

    /// `name="value"` or `name='value'`, spaces allowed around `=`, at least one space
    /// before the next; anything else declines (calamine's tokenizer might read it otherwise).
    fn next(&mut self) -> Option<Self::Item> {
        let lead = self.0.iter().take_while(|b| is_xml_space(**b)).count();
        let rest = &self.0[lead..];
        if rest.is_empty() {
            return None;
        }
        let parsed = (|| {
            let eq = memchr(b'=', rest)?;
            let name = &rest[..eq];
            let name =
                &name[..name.len() - name.iter().rev().take_while(|b| is_xml_space(**b)).count()];
            let after = &rest[eq + 1..];
            let value = &after[after.iter().take_while(|b| is_xml_space(**b)).count()..];
            let quote = *value.first()?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let len = memchr(quote, &value[1..])?;
            let next = &value[len + 2..];
            if next.first().is_some_and(|b| !is_xml_space(*b)) {
                return None;
            }
            Some((name, &value[1..len + 1], next))
        })();
        match parsed {
            Some((name, value, rest))
                if !name.is_empty()
                    && name.iter().all(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-')
                    }) =>
            {
                self.0 = rest;
                Some(Ok((name, value)))
            }
            _ => {
                self.0 = &[];
                Some(declined("属性"))
            }
        }
    }
}

/// Where the end tag `close` (`</name>`) first occurs: the short searches of the hot loop,
/// where building a substring searcher would cost more than the search.
pub(super) fn find_close(haystack: &[u8], close: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr(b'<', &haystack[from..]) {
        let at = from + i;
        if haystack[at..].starts_with(close) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// A tag's parts, as [`split_tag`] finds them.
pub(super) struct TagParts<'b> {
    pub(super) end: bool,
    pub(super) name: &'b [u8],
    pub(super) attrs: &'b [u8],
    pub(super) closes: bool,
}

/// The inside of a tag (without `<` and `>`), split strictly as quick-xml splits it: whether
/// it is an end tag, the name, the attributes' text, whether it closes itself. After an end
/// tag's name only space may follow, and a start tag's `/` must be its last byte; anything
/// else declines, for calamine would take a different name.
pub(super) fn split_tag(head: &[u8]) -> Result<TagParts<'_>, Declined> {
    let bad = |name: &[u8]| name.is_empty() || name.iter().any(|b| is_xml_space(*b) || *b == b'/');
    if let Some(end) = head.strip_prefix(b"/") {
        let name = &end[..end.len() - end.iter().rev().take_while(|b| is_xml_space(**b)).count()];
        if bad(name) {
            return declined("结束标签");
        }
        return Ok(TagParts {
            end: true,
            name,
            attrs: &[],
            closes: false,
        });
    }
    let (body, closes) = match head.strip_suffix(b"/") {
        Some(body) => (body, true),
        None => (head, false),
    };
    let name_end = body
        .iter()
        .position(|b| is_xml_space(*b))
        .unwrap_or(body.len());
    let name = &body[..name_end];
    if bad(name) {
        return declined("标签名");
    }
    Ok(TagParts {
        end: false,
        name,
        attrs: &body[name_end..],
        closes,
    })
}

/// Where an element named by `open` (`<name`) starts, the name whole (not a longer name).
pub(super) fn find_tag(haystack: &[u8], open: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memmem::find(&haystack[from..], open) {
        let at = from + i;
        match haystack.get(at + open.len()) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') => return Some(at),
            Some(_) => from = at + 1,
            None => return None,
        }
    }
    None
}
