//! Fuzzes ingest (`ingest::read_bytes`): whatever the bytes and the file name, reading them
//! returns a result and never panics, hangs or runs out of memory.
//!
//! The first byte chooses the mode (modulo 12): 0..=6 read the rest as a file of that kind by
//! name; 7 puts the rest in the sheet XML of an otherwise valid .xlsx, so that the XML reader,
//! not the zip checksum, meets the mutations. 8 and 9 check the fast .xlsx reader against
//! calamine (`ingest::xlsx::compare_with_calamine`) with the rest as the sheet XML (8) or as
//! `xl/sharedStrings.xml` (9), `xl/styles.xml` (10) or `xl/workbook.xml` (11): a difference
//! in any cell, or a panic in the fast reader, is a finding.

#![no_main]

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use hotline_bulletin::config::Config;
use hotline_bulletin::ingest::{Retention, read_bytes};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 7] = [
    "x.xlsx", "x.xlsm", "x.xlsb", "x.xls", "x.ods", "x.csv", "x.txt",
];
const SHEET: &str = "xl/worksheets/sheet1.xml";
const SHARED_STRINGS: &str = "xl/sharedStrings.xml";
const STYLES: &str = "xl/styles.xml";
const WORKBOOK: &str = "xl/workbook.xml";
const MODES: u8 = 12;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(Config::builtin)
}

/// The entries of a one-sheet workbook, inflated: the skeleton modes 7 to 9 fill. Its sheet
/// refers to shared strings 0..=4 and to a date style, so that mutated shared strings (mode 9)
/// are read through cells, and a mutated sheet (mode 8) finds strings and formats to use.
fn skeleton() -> &'static [(String, Vec<u8>)] {
    static ENTRIES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "工单编号").unwrap();
        ws.write_string(0, 1, "来电时间").unwrap();
        ws.write_string(0, 2, " 诉求内容 ").unwrap();
        ws.write_string(0, 3, "办理\r\n情况_x000D_").unwrap();
        ws.write_string(1, 0, "GD0001").unwrap();
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm");
        ws.write_number_with_format(1, 1, 45467.4375, &date)
            .unwrap();
        ws.write_number(1, 2, 3.5).unwrap();
        ws.write_boolean(1, 3, true).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().unwrap().into_owned(), data)
            })
            .collect()
    })
}

/// The skeleton with the entry `part` holding `xml`.
fn with_part(part: &str, xml: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in skeleton() {
        w.start_file(name.as_str(), stored).unwrap();
        w.write_all(if name == part { xml } else { data }).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Both .xlsx readers on the same bytes: any difference (or a panic in the fast reader,
/// which it reports the same way) is a bug.
fn compare(bytes: &[u8]) {
    if let Err(difference) = hotline_bulletin::ingest::xlsx::compare_with_calamine(bytes) {
        panic!("the fast reader differs from calamine: {difference}");
    }
}

/// libFuzzer's panic hook aborts on every panic, even one ingest catches. A reader's panic
/// that ingest turns into "damaged file" is the product working (see `ingest::source`);
/// everything else still aborts and is a finding.
fn quiet_for_caught_reader_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !hotline_bulletin::ingest::source::panic_is_caught() {
                abort(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    quiet_for_caught_reader_panics();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % MODES {
        7 => {
            let _ = read_bytes("x.xlsx", &with_part(SHEET, rest), config(), Retention::All);
        }
        8 => compare(&with_part(SHEET, rest)),
        9 => compare(&with_part(SHARED_STRINGS, rest)),
        10 => compare(&with_part(STYLES, rest)),
        11 => compare(&with_part(WORKBOOK, rest)),
        mode => {
            let _ = read_bytes(NAMES[usize::from(mode)], rest, config(), Retention::All);
        }
    }
});
