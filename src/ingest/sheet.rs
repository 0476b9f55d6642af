//! One sheet's rows -> observations: buffers the first rows until the header is found, then
//! turns each row into an `Observation` through the resolved columns, gathering every
//! row-level problem with its cell.

use foldhash::{HashMap, HashSet};
use std::borrow::Cow;
use std::sync::Arc;

use calamine::{Data, DataRef};
use chrono::NaiveDateTime;

use super::Retention;
use super::cells::{self, CellText, DateCell, IdCell};
use super::header::{ColumnMatcher, HEADER_SEARCH_ROWS, Header, HeaderProblem};
use super::source::RowSink;
use crate::config::Config;
use crate::diag::{Diagnostic, Location, Problem, SkipReason};
use crate::ledger;
use crate::model::{Channel, Field, Handling, OrderId, Status, Sym};

/// One row's values, before merging with other rows of the same 工单编号.
#[derive(Debug, Clone, Default)]
pub struct Observation {
    pub id: Option<OrderId>,
    pub received: Option<NaiveDateTime>,
    pub channel: Option<Channel>,
    pub handling: Option<Handling>,
    pub category: Option<Sym>,
    pub subcategory: Option<Sym>,
    pub department: Option<Sym>,
    pub status_text: Option<Sym>,
    pub status: Option<Status>,
    pub finished: Option<NaiveDateTime>,
    pub deadline: Option<NaiveDateTime>,
    pub difficult: Option<bool>,
    pub content: Option<Box<str>>,
    pub progress: Option<Box<str>>,
    pub caller: Option<Box<str>>,
    pub phone: Option<Box<str>>,
    pub first_week: Option<Sym>,
    pub from_ledger: bool,
    /// Index of the sheet in its file, and the 1-based row.
    pub sheet: u32,
    pub row: u32,
    /// The 0-based column `finished` was read from, for problems found after merging.
    pub finished_col: u32,
}

/// The fixed hasher of 工单编号 in [`Collected`] and in merging, which share tables.
const ID_HASHER: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(0x1234_5345);

/// The hash of an observation's 工单编号.
pub fn id_hash(o: &Observation) -> u64 {
    std::hash::BuildHasher::hash_one(&ID_HASHER, o.id.as_ref())
}

/// One input's observations in reading order, indexed by 工单编号 as they arrive: the first
/// row of each id, and each later row with the first one it repeats. Built by the thread that
/// builds the records, beside the reading, so that merging the first input hashes nothing.
#[derive(Default)]
pub struct Collected {
    pub observations: Vec<Observation>,
    /// Positions of the first row of each id.
    pub firsts: hashbrown::HashTable<usize>,
    /// (position of a repeated row, position of the first row with its id), in reading order.
    pub repeats: Vec<(usize, usize)>,
}

impl Collected {
    fn reserve(&mut self, rows: usize) {
        self.observations.reserve(rows);
        let observations = &self.observations;
        self.firsts.reserve(rows, |&i| id_hash(&observations[i]));
    }

    /// Adds an observation that has an id.
    fn push(&mut self, obs: Observation) {
        let j = self.observations.len();
        let hash = id_hash(&obs);
        let observations = &self.observations;
        match self.firsts.find(hash, |&i| observations[i].id == obs.id) {
            Some(&i) => self.repeats.push((j, i)),
            None => {
                self.firsts
                    .insert_unique(hash, j, |&i| id_hash(&observations[i]));
            }
        }
        self.observations.push(obs);
    }
}

/// Shares one allocation per distinct short value (categories, departments, statuses).
#[derive(Default)]
pub struct Interner {
    set: HashSet<Arc<str>>,
}

impl Interner {
    pub fn get(&mut self, s: &str) -> Sym {
        if let Some(x) = self.set.get(s) {
            return x.clone();
        }
        let x: Arc<str> = Arc::from(s);
        self.set.insert(x.clone());
        x
    }
}

/// What a sheet turned out to be, with its counts.
#[derive(Debug, Clone, Default)]
pub struct SheetCounts {
    /// Non-blank rows below the header.
    pub rows_read: u64,
    /// Rows that became observations.
    pub records: u64,
    /// Non-blank rows that could not (each has a diagnostic).
    pub skipped: u64,
    /// The height the sheet declares (real exports claim 65,000 rows for 495).
    pub declared_rows: Option<u32>,
    /// 来电时间 cells written as text, and as real dates or serial numbers.
    pub text_dates: u64,
    pub cell_dates: u64,
    /// Text cells that carried spaces, newlines or tabs at either end, trimmed.
    pub trimmed: u64,
}

/// Everything a sheet reader needs that does not change between sheets.
pub struct SheetContext<'a> {
    pub config: &'a Config,
    pub matcher: &'a ColumnMatcher,
    pub retention: Retention,
    pub file: &'a str,
    pub sheet_name: &'a str,
    pub sheet_index: u32,
    /// The 遗留工单 sheet of a workbook this tool wrote.
    pub ledger: bool,
    /// Shared counters for the progress display.
    pub progress: &'a super::Progress,
}

enum State {
    Searching(Vec<(u32, Vec<(u32, Data)>)>),
    Reading {
        by_col: Vec<Option<Field>>,
        first_week_col: Option<u32>,
    },
    Failed,
}

/// The `RowSink` that builds observations for one sheet.
pub struct SheetReader<'a, 'o> {
    ctx: SheetContext<'a>,
    state: State,
    pub header: Option<Header>,
    pub header_problem: Option<HeaderProblem>,
    pub counts: SheetCounts,
    out: &'o mut Collected,
    interner: &'o mut Interner,
    pub diagnostics: Vec<Diagnostic>,
    unknown: HashMap<(Field, String), (Location, u64, &'static str)>,
    pending_unknown: Vec<(Field, String, Location, &'static str)>,
    /// Diagnostics before the current row: a skipped row keeps only its skip message.
    row_mark: usize,
}

fn owned(d: &DataRef<'_>) -> Data {
    match d {
        DataRef::Int(i) => Data::Int(*i),
        DataRef::Float(f) => Data::Float(*f),
        DataRef::String(s) => Data::String(s.clone()),
        DataRef::SharedString(s) => Data::String((*s).to_owned()),
        DataRef::Bool(b) => Data::Bool(*b),
        DataRef::DateTime(t) => Data::DateTime(*t),
        DataRef::DateTimeIso(s) => Data::DateTimeIso(s.clone()),
        DataRef::DurationIso(s) => Data::DurationIso(s.clone()),
        DataRef::Error(e) => Data::Error(e.clone()),
        DataRef::Empty => Data::Empty,
    }
}

/// A cell as the header search reads it.
fn header_text(d: &Data) -> String {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => cells::number_text(*f),
        _ => String::new(),
    }
}

/// A cell's text for messages ("合计"), cut short.
fn shown(cell: &CellText<'_>) -> String {
    let s = match cell {
        CellText::Text(t) => t.trim().to_owned(),
        CellText::Number(f) => cells::number_text(*f),
        CellText::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        CellText::Bool(b) => b.to_string(),
        CellText::Error(e) => e.clone(),
        CellText::Empty => String::new(),
    };
    let mut out: String = s.chars().take(20).collect();
    if s.chars().count() > 20 {
        out.push('…');
    }
    out
}

impl<'a, 'o> SheetReader<'a, 'o> {
    pub fn new(ctx: SheetContext<'a>, out: &'o mut Collected, interner: &'o mut Interner) -> Self {
        SheetReader {
            ctx,
            state: State::Searching(Vec::new()),
            header: None,
            header_problem: None,
            counts: SheetCounts::default(),
            out,
            interner,
            diagnostics: Vec::new(),
            unknown: HashMap::default(),
            pending_unknown: Vec::new(),
            row_mark: 0,
        }
    }

    fn loc(&self, row: u32, col: u32) -> Location {
        Location::cell(self.ctx.file, self.ctx.sheet_name, row, col)
    }

    /// Decides the header from the buffered rows and replays the rows below it.
    fn decide_header(&mut self) {
        let State::Searching(rows) = std::mem::replace(&mut self.state, State::Failed) else {
            return;
        };
        let texts: Vec<(u32, Vec<(u32, String)>)> = rows
            .iter()
            .filter(|(r, _)| *r <= HEADER_SEARCH_ROWS)
            .map(|(r, cells)| {
                (
                    *r,
                    cells.iter().map(|(c, d)| (*c, header_text(d))).collect(),
                )
            })
            .collect();
        match self.ctx.matcher.find(&texts, self.ctx.config) {
            Err(p) => self.header_problem = Some(p),
            Ok(h) => {
                let width = h.columns.iter().map(|(c, _)| *c + 1).max().unwrap_or(0) as usize;
                let mut by_col = vec![None; width];
                for (c, f) in &h.columns {
                    by_col[*c as usize] = Some(*f);
                }
                let first_week_col = if self.ctx.ledger {
                    texts
                        .iter()
                        .find(|(r, _)| *r == h.row)
                        .and_then(|(_, cells)| {
                            cells
                                .iter()
                                .find(|(_, t)| t.trim() == ledger::COL_FIRST_WEEK)
                                .map(|(c, _)| *c)
                        })
                } else {
                    None
                };
                let header_row = h.row;
                self.header = Some(h);
                self.state = State::Reading {
                    by_col,
                    first_week_col,
                };
                for (r, cells) in rows.into_iter().filter(|(r, _)| *r > header_row) {
                    let refs: Vec<(u32, DataRef<'_>)> = cells
                        .iter()
                        .map(|(c, d)| (*c, super::source::data_ref(d)))
                        .collect();
                    self.record(r, &refs);
                }
            }
        }
    }

    /// Ends the sheet: decides a header if the sheet was short, emits the gathered unknown values.
    pub fn finish(&mut self) {
        if matches!(self.state, State::Searching(_)) {
            self.decide_header();
        }
        // The progress counter moves in steps of 1,024 rows: add what is left of this sheet.
        self.ctx.progress.rows.fetch_add(
            self.counts.rows_read % 1024,
            std::sync::atomic::Ordering::Relaxed,
        );
        let mut unknown: Vec<_> = self.unknown.drain().collect();
        unknown.sort_by_key(|(_, (loc, _, _))| (loc.row, loc.col));
        for ((field, value), (location, count, counted_as)) in unknown {
            self.diagnostics.push(Diagnostic {
                location,
                problem: Problem::UnknownValue {
                    field,
                    value,
                    counted_as: counted_as.to_owned(),
                    count,
                },
            });
        }
    }

    /// Unknown values are noted per row and counted only if the row becomes a record.
    fn note_unknown(
        &mut self,
        field: Field,
        value: String,
        row: u32,
        col: u32,
        counted_as: &'static str,
    ) {
        let loc = self.loc(row, col);
        self.pending_unknown.push((field, value, loc, counted_as));
    }

    fn commit_unknown(&mut self) {
        for (field, value, loc, counted_as) in self.pending_unknown.drain(..) {
            self.unknown
                .entry((field, value))
                .and_modify(|e| e.1 += 1)
                .or_insert((loc, 1, counted_as));
        }
    }

    fn skip(&mut self, row: u32, col: Option<u32>, reason: SkipReason, first_text: String) {
        self.diagnostics.truncate(self.row_mark);
        self.pending_unknown.clear();
        self.counts.skipped += 1;
        let location = match col {
            Some(c) => self.loc(row, c),
            None => Location::row(self.ctx.file, self.ctx.sheet_name, row),
        };
        self.diagnostics.push(Diagnostic {
            location,
            problem: Problem::SkippedRow { reason, first_text },
        });
    }

    fn diag(&mut self, row: u32, col: u32, problem: Problem) {
        let location = self.loc(row, col);
        self.diagnostics.push(Diagnostic { location, problem });
    }

    /// A short value as text, borrowed from the cell when trimming is all it needs.
    fn short_text<'c>(
        &mut self,
        cell: &'c CellText<'_>,
        field: Field,
        row: u32,
        col: u32,
    ) -> Option<Cow<'c, str>> {
        let (t, had_controls) = match cell {
            CellText::Empty => return None,
            CellText::Error(e) => {
                self.diag(
                    row,
                    col,
                    Problem::ErrorValue {
                        field,
                        value: e.clone(),
                    },
                );
                return None;
            }
            CellText::Text(t) => {
                let cleaned = cells::clean_short(t);
                if cleaned.0.len() != t.len()
                    && t.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
                        .len()
                        != t.len()
                {
                    self.counts.trimmed += 1;
                }
                cleaned
            }
            CellText::Number(f) => (Cow::Owned(cells::number_text(*f)), false),
            CellText::Bool(b) => (Cow::Owned(b.to_string()), false),
            CellText::DateTime(t) => (Cow::Owned(t.format("%Y-%m-%d %H:%M").to_string()), false),
        };
        if had_controls {
            self.diag(row, col, Problem::ControlCharacters { field });
        }
        (!t.is_empty()).then_some(t)
    }

    fn long_text(
        &mut self,
        cell: &CellText<'_>,
        field: Field,
        row: u32,
        col: u32,
    ) -> Option<Box<str>> {
        let CellText::Text(raw) = cell else {
            return self
                .short_text(cell, field, row, col)
                .map(|t| t.into_owned().into_boxed_str());
        };
        let (t, had_controls) = cells::clean_text(raw);
        if had_controls {
            self.diag(row, col, Problem::ControlCharacters { field });
        }
        if t.len() != raw.len() {
            self.counts.trimmed += 1;
        }
        (!t.is_empty()).then(|| t.into_owned().into_boxed_str())
    }

    fn date(
        &mut self,
        cell: &CellText<'_>,
        field: Field,
        row: u32,
        col: u32,
    ) -> Option<NaiveDateTime> {
        if let CellText::Error(value) = cell {
            let value = value.clone();
            self.diag(row, col, Problem::ErrorValue { field, value });
            return None;
        }
        match cells::date_cell(cell) {
            DateCell::Empty => None,
            DateCell::Date(t) => Some(t),
            DateCell::Unreadable(text) => {
                if field != Field::Received {
                    self.diag(row, col, Problem::UnreadableDate { field, text });
                }
                None
            }
            DateCell::Implausible(text) => {
                if field != Field::Received {
                    self.diag(row, col, Problem::ImplausibleDate { field, text });
                }
                None
            }
        }
    }

    /// Turns one data row into an observation, or a skipped row with its reason.
    fn record(&mut self, row: u32, row_cells: &[(u32, DataRef<'_>)]) {
        // Move the column map out while the row borrows `self` mutably; put it back after.
        let state = std::mem::replace(&mut self.state, State::Failed);
        if let State::Reading {
            by_col,
            first_week_col,
        } = &state
        {
            self.record_with(row, row_cells, by_col, *first_week_col);
        }
        self.state = state;
    }

    fn record_with(
        &mut self,
        row: u32,
        row_cells: &[(u32, DataRef<'_>)],
        by_col: &[Option<Field>],
        first_week_col: Option<u32>,
    ) {
        self.counts.rows_read += 1;
        if self.counts.rows_read.is_multiple_of(1024) {
            self.ctx
                .progress
                .rows
                .fetch_add(1024, std::sync::atomic::Ordering::Relaxed);
        }
        self.row_mark = self.diagnostics.len();
        self.pending_unknown.clear();
        let mut obs = Observation {
            sheet: self.ctx.sheet_index,
            row,
            from_ledger: self.ctx.ledger,
            ..Observation::default()
        };
        // The row's first cell, shown in a skip message; formatted only if the row is skipped.
        let first_cell = row_cells.first();
        let mut id_col = None;
        let mut received_problem: Option<(u32, String)> = None;
        let mut long_cells: Vec<(Field, u32, CellText<'_>)> = Vec::new();
        let config = self.ctx.config;
        for (col, value) in row_cells {
            if Some(*col) == first_week_col {
                let cell = cells::classify(value);
                if let Some(t) = self.short_text(&cell, Field::Category, row, *col) {
                    obs.first_week = Some(self.interner.get(&t));
                }
                continue;
            }
            let Some(Some(field)) = by_col.get(*col as usize) else {
                continue;
            };
            let (field, col) = (*field, *col);
            let cell = cells::classify(value);
            match field {
                Field::Id => {
                    id_col = Some(col);
                    match cells::id_cell(&cell) {
                        IdCell::Empty => {}
                        IdCell::Id(s) if is_totals_label(&s) => {
                            self.skip(row, Some(col), SkipReason::Totals, s);
                            return;
                        }
                        IdCell::Id(s) => obs.id = Some(OrderId(s.into_boxed_str())),
                        IdCell::LostDigits(shown) => {
                            self.diagnostics.truncate(self.row_mark);
                            self.pending_unknown.clear();
                            self.diag(row, col, Problem::IdLostDigits { shown });
                            self.counts.skipped += 1;
                            return;
                        }
                    }
                }
                Field::Received => match cells::date_cell(&cell) {
                    DateCell::Date(t) if matches!(cell, CellText::Text(_)) => {
                        self.counts.text_dates += 1;
                        obs.received = Some(t);
                    }
                    DateCell::Date(t) => {
                        self.counts.cell_dates += 1;
                        obs.received = Some(t);
                    }
                    DateCell::Empty => {}
                    DateCell::Unreadable(t) | DateCell::Implausible(t) => {
                        received_problem = Some((col, t))
                    }
                },
                Field::Finished => {
                    obs.finished = self.date(&cell, field, row, col);
                    obs.finished_col = col;
                }
                Field::Deadline => obs.deadline = self.date(&cell, field, row, col),
                Field::Channel => {
                    if let Some(t) = self.short_text(&cell, field, row, col) {
                        obs.channel = Some(match config.channels.canonical(&t) {
                            Some("中国政府网") => Channel::GovWebsite,
                            Some("省州系统") => Channel::Provincial,
                            Some("微信") => Channel::WeChat,
                            Some(_) => Channel::Hotline,
                            None => {
                                self.note_unknown(
                                    field,
                                    t.into_owned(),
                                    row,
                                    col,
                                    Channel::Hotline.canonical(),
                                );
                                Channel::Hotline
                            }
                        });
                    }
                }
                Field::Handling => {
                    if let Some(t) = self.short_text(&cell, field, row, col) {
                        obs.handling = Some(match config.handlings.canonical(&t) {
                            Some("工单转办") => Handling::Dispatch,
                            Some("无效来电") => Handling::Invalid,
                            Some(_) => Handling::DirectAnswer,
                            None => {
                                self.note_unknown(
                                    field,
                                    t.into_owned(),
                                    row,
                                    col,
                                    Handling::DirectAnswer.canonical(),
                                );
                                Handling::DirectAnswer
                            }
                        });
                    }
                }
                Field::Status => {
                    if let Some(t) = self.short_text(&cell, field, row, col) {
                        obs.status = Some(if config.finished_statuses.canonical(&t).is_some() {
                            Status::Finished
                        } else {
                            Status::Open
                        });
                        obs.status_text = Some(self.interner.get(&t));
                    }
                }
                Field::Difficult => match cells::yes_no(&cell, &config.yes_no) {
                    None => {}
                    Some(Ok(b)) => obs.difficult = Some(b),
                    Some(Err(t)) => {
                        self.note_unknown(field, t, row, col, "否");
                        obs.difficult = Some(false);
                    }
                },
                Field::Category | Field::Subcategory | Field::Department => {
                    if let Some(t) = self.short_text(&cell, field, row, col) {
                        let sym = Some(self.interner.get(&t));
                        match field {
                            Field::Category => obs.category = sym,
                            Field::Subcategory => obs.subcategory = sym,
                            _ => obs.department = sym,
                        }
                    }
                }
                Field::Content | Field::Progress | Field::Caller | Field::Phone => {
                    long_cells.push((field, col, cell));
                }
            }
        }
        let first_text = || {
            first_cell
                .map(|(_, v)| shown(&cells::classify(v)))
                .unwrap_or_default()
        };
        // A missing value is pointed at by its (empty) cell: that is where the user types it.
        let column_of = |field: Field| {
            by_col
                .iter()
                .position(|f| *f == Some(field))
                .and_then(|c| u32::try_from(c).ok())
        };
        if obs.id.is_none() {
            let col = id_col.or_else(|| column_of(Field::Id));
            self.skip(row, col, SkipReason::NoId, first_text());
            return;
        }
        let Some(received) = obs.received else {
            match received_problem {
                Some((col, text)) => self.skip(row, Some(col), SkipReason::NoTime, text),
                None => {
                    let col = column_of(Field::Received);
                    self.skip(row, col, SkipReason::NoTime, first_text());
                }
            }
            return;
        };
        let keep_text = self.ctx.ledger
            || self
                .ctx
                .retention
                .keeps(received, obs.finished, obs.difficult.unwrap_or(false));
        for (field, col, cell) in long_cells {
            if !keep_text {
                // Not kept, but `check` and `build` must report the same problems and quirks.
                if let CellText::Text(t) = &cell {
                    if cells::has_controls(t) {
                        self.diag(row, col, Problem::ControlCharacters { field });
                    }
                    if t.starts_with(cells::is_trim_char) || t.ends_with(cells::is_trim_char) {
                        self.counts.trimmed += 1;
                    }
                }
                continue;
            }
            let v = self.long_text(&cell, field, row, col);
            match field {
                Field::Content => obs.content = v,
                Field::Progress => obs.progress = v,
                Field::Caller => obs.caller = v,
                _ => obs.phone = v,
            }
        }
        self.commit_unknown();
        self.counts.records += 1;
        self.out.push(obs);
    }
}

/// A totals or note row's label in the id column ("合计", "总计：819").
fn is_totals_label(s: &str) -> bool {
    ["合计", "总计", "小计", "共计", "统计"]
        .iter()
        .any(|w| s.starts_with(w))
}

impl RowSink for SheetReader<'_, '_> {
    fn expect_rows(&mut self, rows: u32) {
        // Reserve once rather than let a million rows double the vector (and its copy) twenty
        // times; the declared height is only a hint, so cap it at Excel's limit.
        self.out.reserve(rows.min(1 << 20) as usize);
        self.counts.declared_rows = Some(rows);
    }

    fn row(&mut self, row: u32, cells: &[(u32, DataRef<'_>)]) {
        match &mut self.state {
            State::Failed => {}
            State::Reading { .. } => self.record(row, cells),
            State::Searching(rows) => {
                rows.push((row, cells.iter().map(|(c, d)| (*c, owned(d))).collect()));
                if row >= HEADER_SEARCH_ROWS {
                    self.decide_header();
                }
            }
        }
    }
}
