//! The samples reproduce the reference bulletin: build them and read the outputs back.
