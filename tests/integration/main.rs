//! The integration tests, one crate (one link step) with a module per concern and
//! the helpers they share in `support`. `tests/memory.rs` stays a crate of its own:
//! its counting global allocator must not see the other tests' allocations.

mod support;

mod analysis_networkx;
mod analysis_reports;
mod generate;
mod ids;
mod io_atomic;
mod io_binary;
mod io_bitcoin_otc;
mod io_exports;
mod io_ftm;
mod io_gdelt;
mod io_gdelt2;
mod io_icews;
mod io_jsonl_parallel;
mod io_pipeline;
mod io_pipeline_props;
mod petgraph_interop;
mod query_lookup;
mod schema;
mod seed_parse;
mod seed_queries;
mod serialisation;
mod snapshot_file;
mod snapshot_props;
mod store;
mod store_evidence;
mod store_external_ids;
mod store_props;
mod traverse_paths;
mod traverse_scale;
mod traverse_search;
