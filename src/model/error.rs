//! Errors raised while building or validating model values.

use thiserror::Error;

/// A model value was rejected: the message names the offending field or text.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum ModelError {
    /// An actor key was empty or too long.
    #[error("invalid actor key {key:?}: {reason}")]
    InvalidKey {
        /// The rejected key text.
        key: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// An actor key held a character keys may not hold: white space, a control
    /// character (NUL included), a bidirectional control or a zero-width character.
    #[error(
        "invalid actor key {key:?}: {what} U+{code:04X} at byte {offset} is not allowed in keys",
        code = u32::from(*character)
    )]
    KeyCharacter {
        /// The rejected key text, as given.
        key: String,
        /// The character.
        character: char,
        /// Its byte offset in the key.
        offset: usize,
        /// What sort of character it is (`the bidirectional control`).
        what: &'static str,
    },
    /// A claim's external id was not `registry:id`.
    #[error("invalid external id {text:?}: {reason}")]
    InvalidExternalId {
        /// The rejected text.
        text: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A date or interval could not be parsed or does not exist (e.g. `2023-02-30`).
    #[error("invalid date {text:?}: {reason}")]
    InvalidDate {
        /// The rejected text.
        text: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A confidence was NaN or outside `[0, 1]`.
    #[error("invalid confidence {value} in field `{field}`: must be a number in [0, 1]")]
    InvalidConfidence {
        /// The field that carried it.
        field: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// An Admiralty grade was not a reliability letter A-F followed by a credibility digit 1-6.
    #[error("invalid Admiralty grade {text:?}: expected a letter A-F and a digit 1-6, like \"B2\"")]
    InvalidAdmiralty {
        /// The rejected text.
        text: String,
    },
    /// A relation name is not in the vocabulary (and is not `custom:<name>`).
    #[error("unknown relation {text:?}")]
    UnknownRelation {
        /// The rejected text.
        text: String,
    },
    /// An enumerated field had a value outside its vocabulary.
    #[error("unknown {field} {text:?}")]
    UnknownValue {
        /// The field (for example `actor kind` or `sector`).
        field: &'static str,
        /// The rejected text.
        text: String,
    },
    /// A required field was missing or empty.
    #[error("field `{field}` {reason}")]
    MissingField {
        /// The field.
        field: &'static str,
        /// What was wrong with it.
        reason: &'static str,
    },
}
