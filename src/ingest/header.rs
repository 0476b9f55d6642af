//! Finds the header row among the first rows of a sheet and resolves column names to fields
//! once, so that everything after reads `column -> Field`, never a column name.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::model::Field;

/// How many rows from the top may hold the header (title rows above it are passed over).
pub const HEADER_SEARCH_ROWS: u32 = 20;

/// The resolved header of one sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// 1-based row number of the header.
    pub row: u32,
    /// 0-based column index -> field, for the columns in use.
    pub columns: Vec<(u32, Field)>,
    /// The column name each used field was matched on, for the report.
    pub matched: Vec<(Field, u32, String)>,
    /// Columns no field matched (name as written).
    pub unknown: Vec<String>,
    /// Fields matched by more than one column: which column won and which lost.
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub field: Field,
    pub chosen: String,
    pub ignored: Vec<String>,
}

/// Why a sheet has no usable header.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderProblem {
    /// No row in the search window names two or more known columns.
    NotFound,
    /// The best row lacks a required field.
    MissingRequired {
        row: u32,
        found: Vec<Field>,
        missing: Vec<Field>,
        /// Header cells that might be the missing field, as (field, column name) suggestions.
        suggestions: Vec<(Field, String)>,
    },
}

/// Normalises a header cell for matching: trimmed, inner whitespace removed, full-width
/// parentheses made half-width.
pub fn normalise_name(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '*')
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// Column-name lookup built once per run from the configuration.
#[derive(Debug, Clone)]
pub struct ColumnMatcher {
    /// normalised name -> (field, rank: 0 for the canonical name, then alias order)
    names: BTreeMap<String, (Field, usize)>,
}

impl ColumnMatcher {
    pub fn new(config: &Config) -> Self {
        let mut names = BTreeMap::new();
        for (field, list) in &config.columns {
            for (rank, name) in list.iter().enumerate() {
                names.entry(normalise_name(name)).or_insert((*field, rank));
            }
        }
        ColumnMatcher { names }
    }

    pub fn lookup(&self, raw: &str) -> Option<(Field, usize)> {
        self.names.get(&normalise_name(raw)).copied()
    }

    /// How many distinct fields a row of cells names.
    fn score(&self, cells: &[(u32, String)]) -> usize {
        let mut seen: Vec<Field> = cells
            .iter()
            .filter_map(|(_, t)| self.lookup(t))
            .map(|x| x.0)
            .collect();
        seen.sort();
        seen.dedup();
        seen.len()
    }

    /// Picks the header among `rows` (row number, cells as text): the row naming the most
    /// fields, the first on a tie, at least two.
    pub fn find(
        &self,
        rows: &[(u32, Vec<(u32, String)>)],
        config: &Config,
    ) -> Result<Header, HeaderProblem> {
        let best = rows
            .iter()
            .map(|(r, cells)| (self.score(cells), *r, cells))
            .filter(|(s, _, _)| *s >= 2)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some((_, row, cells)) = best else {
            return Err(HeaderProblem::NotFound);
        };
        let header = self.resolve(row, cells);
        let found: Vec<Field> = header.columns.iter().map(|(_, f)| *f).collect();
        let missing: Vec<Field> = Field::ALL
            .into_iter()
            .filter(|f| f.required() && !found.contains(f))
            .collect();
        if missing.is_empty() {
            return Ok(header);
        }
        let mut found_sorted = found;
        found_sorted.sort();
        let suggestions = missing
            .iter()
            .filter_map(|f| closest_column(*f, &header.unknown, config).map(|c| (*f, c)))
            .collect();
        Err(HeaderProblem::MissingRequired {
            row,
            found: found_sorted,
            missing,
            suggestions,
        })
    }

    fn resolve(&self, row: u32, cells: &[(u32, String)]) -> Header {
        let mut best: BTreeMap<Field, (usize, u32, String)> = BTreeMap::new();
        let mut all_matches: BTreeMap<Field, Vec<String>> = BTreeMap::new();
        let mut unknown = Vec::new();
        for (col, text) in cells {
            let name = text.trim().to_owned();
            if name.is_empty() {
                continue;
            }
            match self.lookup(&name) {
                None => unknown.push(name),
                Some((field, rank)) => {
                    all_matches.entry(field).or_default().push(name.clone());
                    let better = best.get(&field).is_none_or(|(r, _, _)| rank < *r);
                    if better {
                        best.insert(field, (rank, *col, name));
                    }
                }
            }
        }
        let choices = all_matches
            .into_iter()
            .filter(|(_, names)| names.len() > 1)
            .map(|(field, names)| {
                let chosen = best[&field].2.clone();
                let mut ignored = names;
                if let Some(pos) = ignored.iter().position(|n| *n == chosen) {
                    ignored.remove(pos);
                }
                // A column that lost keeps being reported as unused.
                Choice {
                    field,
                    chosen,
                    ignored,
                }
            })
            .collect::<Vec<_>>();
        let mut columns: Vec<(u32, Field)> = best.iter().map(|(f, (_, c, _))| (*c, *f)).collect();
        columns.sort();
        let mut matched: Vec<(Field, u32, String)> =
            best.into_iter().map(|(f, (_, c, n))| (f, c, n)).collect();
        matched.sort_by_key(|m| m.1);
        Header {
            row,
            columns,
            matched,
            unknown,
            choices,
        }
    }
}

/// The unknown column most like one of `field`'s names (shared characters), if any shares two.
fn closest_column(field: Field, unknown: &[String], config: &Config) -> Option<String> {
    let names = &config.columns[&field];
    unknown
        .iter()
        .map(|u| {
            let score = names
                .iter()
                .map(|n| n.chars().filter(|c| u.contains(*c)).count())
                .max()
                .unwrap_or(0);
            (score, u)
        })
        .filter(|(s, _)| *s >= 2)
        .max_by_key(|(s, _)| *s)
        .map(|(_, u)| u.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(r: u32, names: &[&str]) -> (u32, Vec<(u32, String)>) {
        (
            r,
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (i as u32, n.to_string()))
                .collect(),
        )
    }

    #[test]
    fn header_under_title_rows_is_found() {
        let c = Config::builtin();
        let m = ColumnMatcher::new(&c);
        let rows = vec![
            row(1, &["格尔木市12345热线来电明细表"]),
            row(2, &["导出时间：2024-07-01"]),
            row(3, &["受理编号", "受理时间", "诉求来源", "备注"]),
            row(4, &["HX1", "2024-06-24", "电话", ""]),
        ];
        let h = m.find(&rows, &c).unwrap();
        assert_eq!(h.row, 3);
        assert_eq!(
            h.columns,
            vec![(0, Field::Id), (1, Field::Received), (2, Field::Channel)]
        );
        assert_eq!(h.unknown, vec!["备注".to_owned()]);
    }

    #[test]
    fn canonical_name_wins_then_first_alias() {
        let c = Config::builtin();
        let m = ColumnMatcher::new(&c);
        let rows = vec![row(
            1,
            &["编号", "工单编号", "受理时间", "来电时间", "派发时间"],
        )];
        let h = m.find(&rows, &c).unwrap();
        assert_eq!(h.columns, vec![(1, Field::Id), (3, Field::Received)]);
        let ids = h.choices.iter().find(|x| x.field == Field::Id).unwrap();
        assert_eq!(ids.chosen, "工单编号");
        assert_eq!(ids.ignored, vec!["编号".to_owned()]);
        let times = h
            .choices
            .iter()
            .find(|x| x.field == Field::Received)
            .unwrap();
        assert_eq!(
            times.ignored,
            vec!["受理时间".to_owned(), "派发时间".to_owned()]
        );
    }

    #[test]
    fn missing_required_field_names_what_was_found_and_suggests() {
        let c = Config::builtin();
        let m = ColumnMatcher::new(&c);
        let rows = vec![row(1, &["留言编号", "留言时间", "一级分类", "诉求内容"])];
        match m.find(&rows, &c).unwrap_err() {
            HeaderProblem::MissingRequired {
                found,
                missing,
                suggestions,
                ..
            } => {
                assert_eq!(found, vec![Field::Category, Field::Content]);
                assert_eq!(missing, vec![Field::Id, Field::Received]);
                assert!(
                    suggestions.contains(&(Field::Id, "留言编号".to_owned())),
                    "{suggestions:?}"
                );
                assert!(
                    suggestions.contains(&(Field::Received, "留言时间".to_owned())),
                    "{suggestions:?}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_header_at_all() {
        let c = Config::builtin();
        let m = ColumnMatcher::new(&c);
        assert_eq!(
            m.find(&[row(1, &["a", "b"])], &c),
            Err(HeaderProblem::NotFound)
        );
    }
}
