//! Arbitrary bytes as a snapshot file: `Snapshot::open` returns an error or a
//! snapshot whose every query answers without panicking, and whose evidence either
//! decodes and matches its rows or is refused with an error.
#![no_main]

use claimgraph::query::Filter;
use claimgraph::traverse::{bfs, reachable};
use claimgraph::{ReadGraph, Snapshot};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // `open` maps a file: the input goes to one of this process's own.
    let path = std::env::temp_dir().join(format!(
        "claimgraph-fuzz-open-snapshot-{}.cgs",
        std::process::id()
    ));
    std::fs::write(&path, data).expect("the temporary directory is writable");
    let Ok(snap) = Snapshot::open(&path) else {
        return;
    };
    // Topology needs no evidence.
    let all = Filter::new().polarity(None);
    let filtered = Filter::new().min_confidence(0.3).min_origins(2);
    for a in snap.actor_ids().take(16) {
        reachable(&snap, a, None, &all);
        bfs(&snap, a, &filtered).count();
    }
    if snap.load_evidence().is_ok() {
        for a in snap.actor_ids().take(16) {
            let actor = snap.actor(a).expect("a listed actor exists");
            assert_eq!(snap.actor_id(actor.key.as_str()), Some(a));
        }
        assert_eq!(snap.claims().count(), snap.claim_count());
    }
});
