//! One integration binary: runs the real executable on small fixtures the tests make
//! themselves, and reads the outputs back as a user would see them.

mod bad_input;
mod common;
mod fast_reader;
mod ingest;
mod samples;
