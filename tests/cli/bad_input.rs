//! Inputs that cannot be used, or only with warnings: every case asserts its message and exit code.
