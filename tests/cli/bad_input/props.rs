//! Property tests on the ingest entry point itself (`ingest::read_bytes`): random bytes,
//! mutated workbooks and mutated CSVs never panic, whatever they are named. The case counts
//! keep the whole suite to seconds; `scripts/fuzz.sh` searches far longer.

use std::sync::OnceLock;

use hotline_bulletin::config::Config;
use hotline_bulletin::ingest::{Retention, read_bytes};
use proptest::prelude::*;

use super::*;

const NAMES: [&str; 7] = [
    "x.xlsx", "x.xlsm", "x.xlsb", "x.xls", "x.ods", "x.csv", "x.txt",
];

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(Config::builtin)
}

/// Magic numbers that steer random bytes into each reader.
const HEADS: [&[u8]; 6] = [
    b"",
    b"PK\x03\x04",
    b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"%PDF",
];

/// A small valid export: every column, dates as real cells and as text, a totals row.
fn valid_xlsx() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let dir = workdir();
        let mut late = clean_row("V3");
        late[6] = C::D("2024-06-26T08:30:00");
        orders_xlsx(
            dir.path(),
            "valid.xlsx",
            vec![
                clean_row("V1"),
                clean_row("V2"),
                late,
                vec![s("合计"), s("3")],
            ],
        );
        std::fs::read(p(dir.path(), "valid.xlsx")).unwrap()
    })
}

const VALID_CSV: &str = "工单编号,来电时间,来源渠道,办理方式,一级分类,诉求内容,承办单位,办理状态,办结时间\r\n\
    C1,2024-06-24 08:00,电话,派单,城乡建设类,\"路灯\n不亮\",市住建局,已办结,2024-06-25 10:00\n\
    C2,2024/6/25 9:00:00,微信,直接答复,,,,,\n\
    合计,2\n";

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), 1u8..=255).prop_map(|(i, b)| Edit::Flip(i, b)),
        2 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, v)| Edit::Insert(i, v)),
        2 => (any::<usize>(), 1usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut v = bytes.to_vec();
    for e in edits {
        let len = v.len().max(1);
        match e {
            Edit::Flip(i, b) => {
                if !v.is_empty() {
                    v[i % len] ^= b;
                }
            }
            Edit::Insert(i, data) => {
                let at = i % (v.len() + 1);
                v.splice(at..at, data.iter().copied());
            }
            Edit::Delete(i, n) => {
                if !v.is_empty() {
                    let at = i % len;
                    let end = (at + n).min(v.len());
                    v.drain(at..end);
                }
            }
            Edit::Truncate(i) => v.truncate(i % len),
        }
    }
    v
}

/// Reads `bytes` as `name` with every retention; only a panic fails.
fn read_all_ways(name: &str, bytes: &[u8]) {
    let _ = read_bytes(name, bytes, config(), Retention::All);
    let _ = read_bytes(name, bytes, config(), Retention::Nothing);
}

/// Cases per property: 1,024 (about a second each), or `PROPTEST_CASES` for a longer search.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn random_bytes_never_panic(
        name in prop::sample::select(&NAMES[..]),
        head in prop::sample::select(&HEADS[..]),
        body in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let mut bytes = head.to_vec();
        bytes.extend(body);
        read_all_ways(name, &bytes);
    }

    #[test]
    fn mutated_workbooks_never_panic(edits in prop::collection::vec(edit(), 1..8)) {
        read_all_ways("mutated.xlsx", &apply(valid_xlsx(), &edits));
    }

    #[test]
    fn mutated_sheet_xml_never_panics(
        entry in prop::sample::select(&["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"][..]),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        // Edits inside the XML, rezipped with valid checksums: the XML reader meets them.
        let mut entries = unzip(valid_xlsx());
        if let Some(slot) = entries.iter_mut().find(|(n, _)| n == entry) {
            slot.1 = apply(&slot.1, &edits);
        }
        read_all_ways("mutated-xml.xlsx", &zip_entries(&entries));
    }

    #[test]
    fn mutated_csvs_never_panic(
        gbk in any::<bool>(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let bytes = if gbk {
            encoding_rs::GBK.encode(VALID_CSV).0.into_owned()
        } else {
            VALID_CSV.as_bytes().to_vec()
        };
        read_all_ways("mutated.csv", &apply(&bytes, &edits));
    }
}

#[test]
fn valid_fixtures_read_cleanly() {
    // The mutations start from inputs that are themselves fully usable.
    let x = read_bytes("valid.xlsx", valid_xlsx(), config(), Retention::All).unwrap();
    assert_eq!((x.rows_read(), x.orders.len(), x.skipped_rows()), (4, 3, 1));
    let c = read_bytes("valid.csv", VALID_CSV.as_bytes(), config(), Retention::All).unwrap();
    assert_eq!((c.rows_read(), c.orders.len(), c.skipped_rows()), (3, 2, 1));
}
