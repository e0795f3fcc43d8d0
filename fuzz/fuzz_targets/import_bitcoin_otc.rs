//! Any bytes through the BitcoinOtc importer: see `claimgraph_fuzz::check_import`.
#![no_main]

use claimgraph::io::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| claimgraph_fuzz::check_import(Format::BitcoinOtc, data));
