//! Corroboration and contradiction reports.
