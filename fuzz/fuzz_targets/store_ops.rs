//! Random sequences of store operations: see `claimgraph_fuzz::check_store_ops`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|ops: Vec<claimgraph_fuzz::Op>| claimgraph_fuzz::check_store_ops(&ops));
