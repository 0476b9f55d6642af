//! Hostile files: zip bombs (sizes declared too large, or inflating past what they declare),
//! XML entity expansion, zip paths that escape, thousands of sheets. Each is refused or read
//! in bounded time and memory, and nothing is written outside the output folder.

use std::io::Read;
use std::time::{Duration, Instant};

use super::*;

/// Generous: a hostile file must be answered in seconds, not minutes (debug builds included).
const PATIENCE: Duration = Duration::from_secs(60);

/// Runs `check` under an address-space limit where the platform has one: a bomb inflated into
/// memory would need more than this.
fn check_bounded(dir: &Path, file: &str) -> Run {
    let started = Instant::now();
    let r = if cfg!(unix) {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 786432 && exec \"$0\" check \"$1\"")
            .arg(env!("CARGO_BIN_EXE_hotline-bulletin"))
            .arg(file)
            .current_dir(dir)
            .output()
            .expect("sh runs");
        Run::from(out)
    } else {
        run(dir, &["check", file])
    };
    no_panic(&r);
    assert!(
        started.elapsed() < PATIENCE,
        "{file} took {:?}",
        started.elapsed()
    );
    r
}

/// One zip entry as stored: the compressed bytes and the header fields, which may lie.
struct RawEntry {
    name: String,
    method: u16,
    crc: u32,
    packed: Vec<u8>,
    declared_size: u32,
}

/// The entries of a real zip, compressed bytes untouched.
fn raw_entries(bytes: &[u8]) -> Vec<RawEntry> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index_raw(i).unwrap();
            let method = match f.compression() {
                zip::CompressionMethod::Stored => 0,
                zip::CompressionMethod::Deflated => 8,
                other => panic!("unexpected {other:?}"),
            };
            let mut packed = Vec::new();
            f.read_to_end(&mut packed).unwrap();
            RawEntry {
                name: f.name().unwrap().into_owned(),
                method,
                crc: f.crc32(),
                packed,
                declared_size: u32::try_from(f.size()).unwrap(),
            }
        })
        .collect()
}

/// A zip written byte by byte, so that its headers say exactly what the test wants.
fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = u32::try_from(out.len()).unwrap();
        let name = e.name.as_bytes();
        let common = |v: &mut Vec<u8>| {
            v.extend(20u16.to_le_bytes()); // version needed
            v.extend(0u16.to_le_bytes()); // flags
            v.extend(e.method.to_le_bytes());
            v.extend(0u16.to_le_bytes()); // time
            v.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            v.extend(e.crc.to_le_bytes());
            v.extend(u32::try_from(e.packed.len()).unwrap().to_le_bytes());
            v.extend(e.declared_size.to_le_bytes());
            v.extend(u16::try_from(name.len()).unwrap().to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra length
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend(name);
        out.extend(&e.packed);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // version made by
        common(&mut central);
        central.extend(0u16.to_le_bytes()); // comment length
        central.extend(0u16.to_le_bytes()); // disk
        central.extend(0u16.to_le_bytes()); // internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name);
    }
    let cd_offset = u32::try_from(out.len()).unwrap();
    let n = u16::try_from(entries.len()).unwrap();
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(n.to_le_bytes());
    out.extend(n.to_le_bytes());
    out.extend(u32::try_from(central.len()).unwrap().to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// A raw deflate stream that inflates to `mib` MiB of spaces in about `mib` KiB: one MiB
/// compressed with a sync flush (byte-aligned, no reference before its start) repeated, then
/// an empty final block.
fn deflated_spaces(mib: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let chunk = vec![b' '; 1 << 20];
    let mut c = Compress::new(Compression::best(), false);
    let mut one = Vec::with_capacity(1 << 16);
    c.compress_vec(&chunk, &mut one, FlushCompress::Sync)
        .unwrap();
    assert_eq!(c.total_in(), chunk.len() as u64);
    let mut out = Vec::with_capacity(one.len() * mib + 2);
    for _ in 0..mib {
        out.extend_from_slice(&one);
    }
    out.extend_from_slice(&[0x03, 0x00]);
    out
}

/// A valid one-sheet export whose sheet entry is replaced by a 1 GiB bomb declaring `declared`.
fn bomb(dir: &Path, name: &str, declared: u32) {
    bomb_in(dir, name, "xl/worksheets/sheet1.xml", declared);
}

/// A valid one-sheet export whose `entry` is replaced by a 1 GiB bomb declaring `declared`.
fn bomb_in(dir: &Path, name: &str, entry: &str, declared: u32) {
    orders_xlsx(dir, "model.xlsx", vec![clean_row("Z1")]);
    let mut entries = raw_entries(&std::fs::read(p(dir, "model.xlsx")).unwrap());
    let sheet = entries.iter_mut().find(|e| e.name == entry).unwrap();
    sheet.method = 8;
    sheet.packed = deflated_spaces(1024);
    sheet.declared_size = declared;
    std::fs::write(p(dir, name), raw_zip(&entries)).unwrap();
    std::fs::remove_file(p(dir, "model.xlsx")).unwrap();
}

#[test]
fn raw_zip_writer_makes_a_readable_workbook() {
    // The bomb tests below mean something only if the hand-written zip is otherwise valid.
    let dir = workdir();
    orders_xlsx(dir.path(), "model.xlsx", vec![clean_row("Z1")]);
    let entries = raw_entries(&std::fs::read(p(dir.path(), "model.xlsx")).unwrap());
    std::fs::write(p(dir.path(), "rewritten.xlsx"), raw_zip(&entries)).unwrap();
    let r = check_bounded(dir.path(), "rewritten.xlsx");
    assert_eq!(usable(&r, &[]), (1, 1, 0, 0));
}

#[test]
fn zip_bomb_declaring_a_gigabyte_is_refused_before_inflating() {
    let dir = workdir();
    bomb(dir.path(), "bomb-declared.xlsx", 1 << 30);
    let r = check_bounded(dir.path(), "bomb-declared.xlsx");
    refused(
        &r,
        &["bomb-declared.xlsx：文件解压后过大（xl/worksheets/sheet1.xml 达 1024 MB 以上）"],
    );
}

#[test]
fn zip_bomb_inflating_past_what_it_declares_is_stopped() {
    let dir = workdir();
    bomb(dir.path(), "bomb-lying.xlsx", 4096);
    let r = check_bounded(dir.path(), "bomb-lying.xlsx");
    refused(
        &r,
        &["bomb-lying.xlsx：文件解压后过大（xl/worksheets/sheet1.xml 解压后超过其声明的 4096 字节"],
    );
}

#[test]
fn shared_strings_inflating_past_what_they_declare_are_stopped() {
    // calamine loads the shared strings whole when it opens the workbook: the zip reader
    // must stop them at their declared size, and the message must name the entry.
    let dir = workdir();
    bomb_in(
        dir.path(),
        "bomb-strings.xlsx",
        "xl/sharedStrings.xml",
        4096,
    );
    let r = check_bounded(dir.path(), "bomb-strings.xlsx");
    refused(
        &r,
        &["bomb-strings.xlsx：文件解压后过大（xl/sharedStrings.xml 解压后超过其声明的 4096 字节"],
    );
}

#[test]
fn a_damaged_byte_in_the_shared_strings_is_caught_by_its_checksum() {
    // calamine stops reading the shared strings at </sst>, before the zip reader compares the
    // checksum: a changed 工单编号 that keeps the XML well-formed must still be refused.
    let dir = workdir();
    orders_xlsx(
        dir.path(),
        "model.xlsx",
        vec![clean_row("Z1"), clean_row("Z3")],
    );
    with_damaged_entry(dir.path(), "xl/sharedStrings.xml", |text| {
        assert!(text.contains(">Z3<"), "{text}");
        text.replace(">Z3<", ">Z1<")
    });
    let r = check_bounded(dir.path(), "damaged.xlsx");
    refused(
        &r,
        &[
            "damaged.xlsx：文件已损坏或不完整",
            "xl/sharedStrings.xml 无法解压",
        ],
    );
}

/// `model.xlsx`'s entry `name`, stored with `change` applied and its old checksum kept:
/// well-formed, so that only the checksum can tell.
fn with_damaged_entry(dir: &std::path::Path, name: &str, change: impl Fn(&str) -> String) {
    let mut entries = raw_entries(&std::fs::read(p(dir, "model.xlsx")).unwrap());
    let entry = entries.iter_mut().find(|e| e.name == name).unwrap();
    let mut xml = Vec::new();
    flate2::read::DeflateDecoder::new(entry.packed.as_slice())
        .read_to_end(&mut xml)
        .unwrap();
    let text = String::from_utf8(xml).unwrap();
    let damaged = change(&text).into_bytes();
    assert_ne!(damaged, text.as_bytes(), "the change must change something");
    entry.method = 0;
    entry.declared_size = u32::try_from(damaged.len()).unwrap();
    entry.packed = damaged;
    std::fs::write(p(dir, "damaged.xlsx"), raw_zip(&entries)).unwrap();
}

#[test]
fn a_damaged_byte_in_a_sheet_is_caught_by_its_checksum() {
    // The .xlsx reader reads each sheet to its end, where the zip reader compares the
    // checksum: a changed cell that keeps the XML well-formed is refused, not read as intact.
    let dir = workdir();
    orders_xlsx(
        dir.path(),
        "model.xlsx",
        vec![clean_row("Z1"), clean_row("Z3")],
    );
    with_damaged_entry(dir.path(), "xl/worksheets/sheet1.xml", |xml| {
        xml.replacen("<v>4", "<v>5", 1)
    });
    let r = check_bounded(dir.path(), "damaged.xlsx");
    refused(
        &r,
        &[
            "damaged.xlsx：文件已损坏或不完整",
            "xl/worksheets/sheet1.xml 无法解压",
        ],
    );
}

#[test]
fn a_damaged_entry_that_holds_no_cells_is_refused_too() {
    // Document properties hold no figure, but a damaged part means a damaged file: refused,
    // whichever reader reads the cells.
    let dir = workdir();
    orders_xlsx(dir.path(), "model.xlsx", vec![clean_row("Z1")]);
    with_damaged_entry(dir.path(), "docProps/app.xml", |xml| {
        xml.replacen("<Application>", "<Applicatiom>", 1).replacen(
            "</Application>",
            "</Applicatiom>",
            1,
        )
    });
    let r = check_bounded(dir.path(), "damaged.xlsx");
    refused(
        &r,
        &[
            "damaged.xlsx：文件已损坏或不完整",
            "docProps/app.xml 无法解压",
        ],
    );
}

#[test]
fn xml_entities_are_not_expanded() {
    let dir = workdir();
    orders_xlsx(dir.path(), "model.xlsx", vec![clean_row("X1")]);
    let mut entries = unzip(&std::fs::read(p(dir.path(), "model.xlsx")).unwrap());
    let mut doctype = String::from("<!DOCTYPE worksheet [<!ENTITY a0 \"lol\">");
    for i in 1..10 {
        let prev = format!("&a{};", i - 1).repeat(10);
        doctype.push_str(&format!("<!ENTITY a{i} \"{prev}\">"));
    }
    doctype.push(']');
    doctype.push('>');
    let sheet = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n{doctype}\
         <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\
         <row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>工单编号</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>来电时间</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>诉求内容</t></is></c></row>\
         <row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>X1</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>2024-06-24 10:00</t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>&a9;</t></is></c></row>\
         </sheetData></worksheet>"
    );
    let slot = entries
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .unwrap();
    slot.1 = sheet.into_bytes();
    std::fs::write(p(dir.path(), "entities.xlsx"), zip_entries(&entries)).unwrap();
    let r = check_bounded(dir.path(), "entities.xlsx");
    assert!(!r.stdout.contains("lollol") && !r.stderr.contains("lollol"));
    refused(
        &r,
        &["entities.xlsx 工作表“来电明细”：文件已损坏或不完整，无法打开"],
    );
}

#[test]
fn zip_entries_that_escape_are_never_written() {
    let dir = workdir();
    let inner = p(dir.path(), "inner");
    std::fs::create_dir_all(inner.join("out")).unwrap();
    orders_xlsx(&inner, "model.xlsx", vec![clean_row("Z1")]);
    let mut entries = unzip(&std::fs::read(inner.join("model.xlsx")).unwrap());
    let absolute = std::env::temp_dir().join(format!("hotline-evil-{}.xml", std::process::id()));
    entries.push(("../evil.xml".to_owned(), b"<evil/>".to_vec()));
    entries.push(("../../evil.xml".to_owned(), b"<evil/>".to_vec()));
    entries.push((absolute.display().to_string(), b"<evil/>".to_vec()));
    std::fs::write(inner.join("escaping.xlsx"), zip_entries(&entries)).unwrap();
    std::fs::remove_file(inner.join("model.xlsx")).unwrap();
    let before = snapshot(dir.path());

    let r = check(&inner, &["escaping.xlsx"]);
    assert_eq!(usable(&r, &[]), (1, 1, 0, 0));
    assert_eq!(snapshot(dir.path()), before);

    let r = build(&inner, &["--out", "out", "escaping.xlsx"]);
    assert_eq!(usable(&r, &[]), (1, 1, 0, 0));
    conservation(&r.stdout);
    let after: Vec<_> = snapshot(dir.path())
        .into_iter()
        .filter(|(name, _)| !name.starts_with("inner/out/"))
        .collect();
    assert_eq!(after, before);
    assert_eq!(std::fs::read_dir(inner.join("out")).unwrap().count(), 2);
    assert!(!absolute.exists());
    assert!(!dir.path().parent().unwrap().join("evil.xml").exists());
}

#[test]
fn thousands_of_sheets_are_summarised() {
    let dir = workdir();
    let mut wb = rust_xlsxwriter::Workbook::new();
    for i in 1..=3000 {
        wb.add_worksheet().set_name(format!("空表{i}")).unwrap();
    }
    let ws = wb.add_worksheet().set_name("来电明细").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "S1").unwrap();
    ws.write_string(1, 1, "2024-06-24 10:00").unwrap();
    wb.save(p(dir.path(), "many-sheets.xlsx")).unwrap();
    let r = check_bounded(dir.path(), "many-sheets.xlsx");
    assert_eq!(
        usable(
            &r,
            &[
                "工作表“来电明细”：表头在第 1 行",
                "另有 2990 个工作表没有表头，已跳过"
            ]
        ),
        (1, 1, 0, 0)
    );
    let listed = r
        .stdout
        .lines()
        .filter(|l| l.contains("：已跳过，"))
        .count();
    assert_eq!(listed, 10, "{}", r.stdout);
}

#[test]
fn cell_reference_beyond_excels_grid_is_a_damaged_sheet() {
    // calamine 0.38 overflows on a seven-letter column (a panic in debug builds, a wrapped
    // position in release ones): either way the answer is "damaged", never a crash.
    let dir = workdir();
    orders_xlsx(dir.path(), "model.xlsx", vec![clean_row("G1")]);
    let mut entries = unzip(&std::fs::read(p(dir.path(), "model.xlsx")).unwrap());
    let sheet = entries
        .iter_mut()
        .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
        .unwrap();
    let xml = String::from_utf8(sheet.1.clone()).unwrap();
    assert!(xml.contains("r=\"B2\""));
    sheet.1 = xml.replace("r=\"B2\"", "r=\"BBBBBBBBBB2\"").into_bytes();
    std::fs::write(p(dir.path(), "huge-reference.xlsx"), zip_entries(&entries)).unwrap();
    let r = check(dir.path(), &["huge-reference.xlsx"]);
    refused(
        &r,
        &["huge-reference.xlsx 工作表“来电明细”：文件已损坏或不完整，无法打开"],
    );
    assert!(!r.stderr.contains("内部错误"), "{}", r.stderr);
}
