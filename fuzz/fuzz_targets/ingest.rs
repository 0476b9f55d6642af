//! Fuzzes ingest (`ingest::read_bytes`): whatever the bytes and the file name, reading them
//! returns a result and never panics, hangs or runs out of memory.
//!
//! The first byte chooses the mode: 0..=6 read the rest as a file of that kind by name; 7 puts
//! the rest in the sheet XML of an otherwise valid .xlsx, so that the XML reader, not the zip
//! checksum, meets the mutations.

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

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(Config::builtin)
}

/// The entries of a one-sheet workbook, inflated: the skeleton mode 7 fills.
fn skeleton() -> &'static [(String, Vec<u8>)] {
    static ENTRIES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "工单编号").unwrap();
        ws.write_string(0, 1, "来电时间").unwrap();
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

fn with_sheet_xml(xml: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in skeleton() {
        w.start_file(name.as_str(), stored).unwrap();
        w.write_all(if name == SHEET { xml } else { data }).unwrap();
    }
    w.finish().unwrap().into_inner()
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
    let mode = usize::from(mode % 8);
    let _ = if mode == 7 {
        read_bytes("x.xlsx", &with_sheet_xml(rest), config(), Retention::All)
    } else {
        read_bytes(NAMES[mode], rest, config(), Retention::All)
    };
});
