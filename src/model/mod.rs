//! Plain data types: actors, relations, dates, attributions, claims and confidence.
//!
//! This layer knows no storage and no file format; validation of single values lives
//! here. Checks that need other values (does the actor exist? does its kind fit the
//! relation?) belong to the store.

mod actor;
mod claim;
pub mod confidence;
mod error;
mod evidence;
mod names;
mod relation;
#[cfg(feature = "schema")]
mod schema;
mod time;

pub use actor::{Actor, ActorKey, ActorKind, Alias, GroupType, KindSet, fold_name};
pub use claim::{Claim, ClaimKey, Polarity, StatementKind, split_external_id};
pub use error::ModelError;
pub use evidence::{
    Admiralty, Attribution, Credibility, Document, Grade, MAX_EXCERPT_CHARS, Reliability,
};
pub use relation::{Crime, Direction, Relation, RelationFamily, RelationKind, Sector};
pub use time::{PartialDate, Precision, ValidTime};

impl std::str::FromStr for ActorKey {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, ModelError> {
        ActorKey::new(s)
    }
}
