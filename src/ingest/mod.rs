//! Opens any workbook or CSV, finds the header, maps columns once, turns cells into values and
//! merges rows into work orders by 工单编号.
