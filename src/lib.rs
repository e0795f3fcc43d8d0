#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod io;
pub mod model;
pub mod store;

pub use store::{ActorId, ClaimGraph, ClaimId};

#[cfg(feature = "generate")]
pub mod generate;
