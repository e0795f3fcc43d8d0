//! Any bytes as a binary store file: see `claimgraph_fuzz::check_load_binary`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| claimgraph_fuzz::check_load_binary(data));
