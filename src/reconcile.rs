//! Pure: places every merged order in the period (new, carried over, finished, open, overdue).
