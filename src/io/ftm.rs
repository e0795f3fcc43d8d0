//! FollowTheMoney (FtM) entities, one JSON object a line: legal entities become actors,
//! interval entities (Ownership, Payment, Sanction...) become claims, passports and
//! other identity documents become external ids of their holders, and all are written
//! back.
//!
//! An FtM line is `{"id": ..., "schema": ..., "properties": {"prop": ["value", ...]}}`;
//! lines may also carry `datasets` (a list of data-set names, as OpenSanctions writes),
//! the dates `first_seen`, `last_seen` and `last_change` (as OpenSanctions writes:
//! when its crawler first saw the entity, last saw it, and last saw it change) and the
//! context object `claimgraph` this crate writes on export (below).
//!
//! # Import: actors
//!
//! | schema | actor kind |
//! |---|---|
//! | `Person` | [`ActorKind::Person`] |
//! | `Company` | [`ActorKind::Group`], [`GroupType::Company`] |
//! | `PublicBody` | [`ActorKind::Group`], [`GroupType::Agency`] |
//! | `Organization`, `LegalEntity` | [`ActorKind::Group`], [`GroupType::Other`] |
//!
//! `Organization` is FtM's catch-all for parties, associations, unions and NGOs (the
//! donations file lists MLPD, FDP and CSU, political parties, under it), so it maps to
//! [`GroupType::Other`], not to [`GroupType::Ngo`], which would mislabel them.
//!
//! The key is `ftm:<id>`; the FtM id is also kept as the external id `ftm`. The first
//! `name` is the primary name; further `name` values and every `alias`, `weakAlias`
//! and `previousName` become aliases (without language: FtM names carry none). An
//! entity without any name is named from `firstName`/`middleName`/`lastName`, or else
//! `"<schema> <id>"`. Names without a letter or digit are dropped (they could never be
//! looked up). Every other property becomes an attribute `ftm:<property>` (further
//! values `ftm:<property>:2`, `ftm:<property>:3`...), and the schema the attribute
//! `ftm:schema`; a `wikidataId` is also kept as the external id `wikidata`.
//!
//! `Address` entities are not actors: an actor's `addressEntity` is replaced by the
//! address text (`full`) as further `ftm:address` values; a reference to an address
//! that is not in the input stays as `ftm:addressEntity`. Address lines and lines of
//! any other schema that is neither an actor, a link nor an identity document below
//! are counted by schema as not represented.
//!
//! # Import: claims
//!
//! | schema | subject → object | relation | statement |
//! |---|---|---|---|
//! | `Ownership` | `owner` → `asset` | [`Relation::Owns`] | tie |
//! | `Membership` | `member` → `organization` | [`Relation::MemberOf`] | tie |
//! | `Directorship` | `director` → `organization` | [`Relation::Leads`] | tie |
//! | `Employment` | `employee` → `employer` | [`Relation::EmployedBy`] | tie |
//! | `Family` | `person` → `relative` | [`Relation::FamilyOf`] | tie |
//! | `Associate` | `person` → `associate` | [`Relation::Associated`] | tie |
//! | `Representation` | `agent` → `client` | [`Relation::Represents`] | tie |
//! | `UnknownLink` | `subject` → `object` | [`Relation::Custom`] | tie |
//! | `Payment` | `payer` → `beneficiary` | [`Relation::Pays`] | event |
//! | `Sanction` | `authority` → `entity` | [`Relation::Sanctions`] | tie |
//!
//! A `Sanction`'s `authority` is text (`"Office of Foreign Assets Control"`), not an
//! entity reference. It names an entity when it is the id of one (in the input, or an
//! `ftm:<id>` actor of the graph); otherwise it becomes an organisation
//! ([`ActorKind::Group`], [`GroupType::Other`]: an authority may be a state's agency
//! or a body of states, the UN Security Council) keyed `ftm-authority:<folded name>`
//! ([`fold_name`], spaces made `_`), named by the first spelling seen, so that
//! `"OFFICE OF FOREIGN ASSETS CONTROL"` is the same actor. This follows the keys of
//! the other actors the import makes up (`ftm-dataset:`, `ftm-publisher:`). A sanction
//! names its `entity` like any link, so the sanction of a `Vessel` is skipped as
//! `EndpointNotActor`.
//!
//! This is the inverse of [`Relation::ftm_schema`] except where two relations share a
//! schema: `Membership` reads as `MemberOf` (not `PartOf`), and `UnknownLink`, "two
//! entities are connected but the nature of the connection is unknown", reads as
//! `Custom(<role>)` (the `role` property made a lower-case `snake_case` name, or
//! `unknown_link` without a role) rather than [`Relation::Supports`], which would claim
//! more than the record says. An endpoint property with several values gives one claim
//! per (subject, object) pair, applied together.
//!
//! Valid time: `startDate`/`endDate` when either is present (an interval, open where
//! one is missing), otherwise `date` (a single date), otherwise always. FtM dates are
//! ISO 8601 prefixes (`2019`, `2019-05`, `2019-05-03`), each giving its own precision;
//! a time of day (`2019-05-03T10:00:00`) is cut off. Every claim carries the code
//! `FtM:<schema>`.
//!
//! Each interval line is one [`Attribution`], graded with the explicit confidence
//! [`FtmOptions::confidence`] (0.9 by default: an FtM data set is compiled from
//! registers, filings and disclosures, and the doubt left is transcription and
//! entity-matching error):
//!
//! - **outlet**: the first `publisher`, as the media-outlet actor
//!   `ftm-publisher:<name>`; without a publisher, the first data set of `datasets`
//!   (actor `ftm-dataset:<name>`); without either, [`FtmOptions::dataset`] or else
//!   the generic source actor `ftm` ("FollowTheMoney data"). The data set is the voice:
//!   all lines of one data set are one origin to the confidence model.
//! - **relays**: the data sets, when a publisher is the outlet (the data set relays
//!   what the publisher published); the remaining data sets otherwise.
//! - **document**: titled `FtM <schema> <id>` (the record itself, which is how the
//!   export finds the record's id again), with the first `sourceUrl` as its URL and,
//!   for a `Sanction`, the `listingDate` (when the authority listed it) as its
//!   publication date.
//! - **reported**: the top-level `first_seen`, the date the data set first said it
//!   (`last_seen` and `last_change` say only that it still said so later); without
//!   it, the first `retrievedAt`, if any. A time of day is cut off.
//! - **excerpt**: every property of the line not used above (`amountEur`,
//!   `namesMentioned`, `role`, a sanction's `program`, `programId`, `reason`,
//!   `summary`, `provisions`, further values...), and the top-level `first_seen`,
//!   `last_seen` and `last_change` as given, as a JSON object in the FtM form
//!   `{"amountEur": ["100000"]}`. Amounts are kept here, per record, rather than as
//!   claim codes: two payments between the same parties on the same day merge into
//!   one claim, and codes would lose which amount belonged to which payment. If the
//!   object is longer than [`MAX_EXCERPT_CHARS`], its longest properties are left
//!   out until it fits.
//!
//! A line that makes one claim gives it the external id `ftm:<entity id>`, so that
//! [`ClaimGraph::claim_by_external`]`("ftm", id)` finds it, unless another claim already
//! holds that id (one id names one claim: an FtM id reused by a changed record stays
//! with the first claim). A line making several claims (several payers) names none.
//!
//! # Import: identity documents
//!
//! `Passport` and `Identification` entities add their `number` (for a `Passport`
//! without one, the older property `passportNumber`) to the external ids of each
//! `holder`, in the registry
//!
//! | schema | registry |
//! |---|---|
//! | `Passport` | `passport:<country>`, or `passport` without a `country` |
//! | `Identification` | `id:<type>:<country>`, or `id:<type>` without a `country` |
//!
//! where `<type>` is the `type` (`INN`), else the `authority` (`Federal Tax Service`),
//! else `identification`, and each part is written in lower case with runs of other
//! characters than letters and digits made one `_` (`id:federal_tax_service:ru`). So
//! `find_external("passport:ru", "720000001")` finds the holder. An actor keeps one
//! number per registry: a second passport of one country is kept under
//! `passport:ru#2`, a third under `passport:ru#3`. The document's other properties
//! (dates, `authority` when `type` is given, `surname`...) have no place and are
//! dropped. A document of a holder of the input is merged into it, one of an actor
//! already in the graph is merged into that actor, and either way the line counts as
//! merged; a document without `holder` is skipped as `MissingEndpoint`, one without a
//! number fails (`MissingField`), one whose holder is missing or not an actor is
//! skipped like a link's endpoint.
//!
//! The top-level dates of an actor's own line have no place on an actor and are not
//! kept.
//!
//! Links may name entities that appear later in the input, so the reader **buffers the
//! whole input**: a first pass parses and checks every line, then the actors are
//! staged, then the links (each pass in line order). FtM files of a few million
//! lines fit in memory; larger ones should be split by schema.
//!
//! # Bad input
//!
//! Every problem is a [`SkipReason`] with the line and, where
//! there is one, the field. Errors that fail a strict import (which then changes
//! nothing: actors of earlier lines are not left behind), or skips with
//! `skip_invalid`: a line that is not UTF-8 or holds U+FEFF; a line that is not a JSON
//! object (`Malformed`); a missing or non-string `id` or `schema` (`MissingField`,
//! `InvalidValue`); an `id` that cannot make an actor key (whitespace); a property that
//! is not a list of strings or numbers; a malformed `claimgraph` context
//! (`InvalidValue`); an impossible date, a date before the year 1, or an `endDate`
//! before its `startDate` (`InvalidDate`, `InvalidValue`); more property values than
//! [`Limits::properties`](crate::io::Limits::properties) (`TooManyProperties`); a link
//! whose subjects × objects exceed
//! [`Limits::claims_per_record`](crate::io::Limits::claims_per_record)
//! (`TooManyClaims`: one `Payment` naming 1,000 payers and 1,000 beneficiaries would
//! make a million claims); a line the store rejects (a self-link, or an entity whose
//! id is already an actor of another kind: `Rejected`). Unknown top-level fields are
//! accepted, as FtM tools keep them.
//!
//! Skipped and counted even by a strict import, since they are well-formed FtM that
//! this vocabulary cannot hold: a link without a subject or an object
//! (`MissingEndpoint`); a link to an id that is neither in the input nor an `ftm:<id>`
//! actor of the graph (`DanglingReference`); a link whose endpoint is not an actor (an
//! `Address`, a `Vessel`: `EndpointNotActor`) or was itself skipped
//! (`EndpointSkipped`); a link whose actors' kinds fall outside the relation's domain
//! or range (an FtM `Directorship` may have a company as director; [`Relation::Leads`]
//! takes persons only: `KindsDoNotFit`).
//!
//! `Address` entities, and entities of schemata that are neither actors, links nor
//! identity documents, are counted by schema in
//! [`ImportReport::not_represented`](crate::io::ImportReport::not_represented): of the
//! FtM schemata, those are `Address`, `Airplane`, `Article`, `Assessment`, `Asset`,
//! `Audio`, `BankAccount`, `Call`, `CallForTenders`, `Contract`, `ContractAward`,
//! `CourtCase`, `CourtCaseParty`, `CryptoWallet`, `Debt`, `Document`,
//! `EconomicActivity`, `Email`, `Event`, `Folder`, `HyperText`, `Image`, `License`, `Mention`,
//! `Message`, `Note`, `Occupancy`, `Package`, `Page`, `Pages`, `PlainText`,
//! `Position`, `Post`, `Project`, `ProjectParticipant`, `RealEstate`, `Security`,
//! `Similar`, `Succession`, `Table`, `TaxRoll`, `Trip`, `UserAccount`, `Vehicle`,
//! `Vessel`, `Video` and `Workbook` (the concrete schemata of
//! `followthemoney/schema/` in alephdata/followthemoney at commit `c70a89f`, June
//! 2025).
//!
//! # Export
//!
//! Every actor except regions (FtM has no schema for them) becomes an entity: schema
//! `Person`, `Company`, `PublicBody` (agencies and states), or `Organization` (other
//! groups and media outlets), or the `ftm:schema` attribute when it maps to the same
//! kind. Its id is its `ftm` external id when it has a valid one, otherwise
//! `cg-<32 hex digits>`, a 128-bit FNV-1a hash of its key, so the same graph always
//! gets the same ids. Properties: `name`, `alias` (every alias), the `ftm:` attributes,
//! `wikidataId` from the `wikidata` external id. The source actors the import creates
//! (`ftm`, `ftm-dataset:*`, `ftm-publisher:*`) are written as `publisher` and
//! `datasets`, not as entities, unless they are themselves a claim's subject or object;
//! so are the authorities it creates (`ftm-authority:*`), written as the text of
//! `authority`. An external id in a `passport` or `id:` registry (above) becomes a
//! `Passport` or `Identification` of the actor, after all actors, with `holder`,
//! `number`, `type` and `country` read back from the registry and an id hashed from
//! the actor's key and the registry.
//!
//! Every asserted claim whose relation has an FtM schema and whose actors are exported
//! becomes interval entities: one per FtM record among its evidence (with that
//! record's id and excerpt properties), and one for all its other evidence, whose id
//! is the claim's own `ftm:<id>` external id when it has one no record uses, else a
//! hash of the claim's key. Each carries the endpoints (a sanction's `authority` as
//! the authority's name, or the entity id of an exported actor), `date` (a single
//! valid time) or `startDate`/`endDate`, `sourceUrl` (document URLs), a sanction's
//! `listingDate` (the document's publication date), `publisher` (outlet names, or the
//! claimant's when there is no outlet), `datasets`, `summary` (excerpts of evidence
//! that is not an FtM record), the top-level `first_seen`, `last_seen` and
//! `last_change` kept in a record's excerpt, and `retrievedAt` (the reported date of
//! a record that had no `first_seen`). Denied claims
//! are not written: FtM cannot say that a link does not exist, and a reader would take
//! the entity for an assertion. Claimants, relays other than data sets, grades and
//! alias languages have no FtM property and are not written.
//!
//! The [`ExportReport`] counts each claim left out under its
//! first reason ([`Omission::NoSchemaForRelation`],
//! `DeniedClaim`, `RegionEndpoint`) and each actor left out (`RegionActor`,
//! `ImportedSourceActor`): on ICEWS, whose CAMEO relations are mostly meetings,
//! statements and conflict, most claims have no FtM schema.
//!
//! Where FtM cannot say what the graph holds, the line gets a top-level context object
//! (FtM tools keep unknown top-level fields): `"claimgraph": {"key": ..., "kind": ...,
//! "group_type": ...}` on an actor whose key is not `ftm:<id>` or whose kind is not
//! the one its schema reads as, `"claimgraph": {"relation": ...}` on a link whose
//! relation is not the one its schema and role read as (`part_of`, `supports`). The
//! import reads it back, so export then import keeps every exported actor's key, kind,
//! names and identity documents, and every exported claim's subject, relation, object,
//! valid time and FtM id; export, import and export again writes the same bytes.
//!
//! ```
//! use claimgraph::ClaimGraph;
//! use claimgraph::io::{Exporter, Format, Importer};
//! use claimgraph::model::Relation;
//! let data = r#"{"id": "pay1", "schema": "Payment", "properties": {"payer": ["p1"], "beneficiary": ["o1"], "date": ["2011-12-29"], "amountEur": ["100000"]}}
//! {"id": "p1", "schema": "Person", "properties": {"name": ["Lina Dachner"], "country": ["de"]}}
//! {"id": "o1", "schema": "Organization", "properties": {"name": ["MLPD"]}}
//! "#;
//! let mut g = ClaimGraph::new();
//! let report = Importer::from_format(Format::FollowTheMoney).import(data.as_bytes(), &mut g)?;
//! assert_eq!((report.read, report.claims_new, report.committed), (3, 1, 3));
//! let pay = g.claims().next().unwrap().to_claim();
//! assert_eq!((pay.subject.as_str(), pay.relation.clone(), pay.object.as_str()), ("ftm:p1", Relation::Pays, "ftm:o1"));
//! assert_eq!(pay.evidence[0].excerpt.as_deref(), Some(r#"{"amountEur":["100000"]}"#));
//! let mut out = Vec::new();
//! Exporter::from_format(Format::FollowTheMoney).export(&g, &mut out)?;
//! let mut again = ClaimGraph::new();
//! Importer::from_format(Format::FollowTheMoney).import(out.as_slice(), &mut again)?;
//! assert_eq!(again.claims().next().unwrap().valid(), pay.valid);
//! # Ok::<(), claimgraph::io::IoError>(())
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, Write};

use serde_json::{Map, Value};

use super::import::{Invalid, Limits, Read, Record as ImportRecord, RecordReader, View};
use super::input::Lines;
use super::{ExportReport, IoError, Omission, Position, SkipReason};
use crate::ClaimGraph;
use crate::model::{
    Actor, ActorKey, ActorKind, Alias, Attribution, Claim, Document, Grade, GroupType,
    MAX_EXCERPT_CHARS, PartialDate, Polarity, Relation, StatementKind, ValidTime, fold_name,
};

/// Choices of the FollowTheMoney reader that a caller may want to change.
///
/// The defaults are what [`Importer`](crate::io::Importer) uses.
#[derive(Debug, Clone, PartialEq)]
pub struct FtmOptions {
    /// The confidence given to each record's attribution, in `[0, 1]`. Default 0.9:
    /// FtM data sets are compiled from registers, filings and disclosures, and what
    /// doubt remains is transcription and entity-matching error. Lower it for leaks
    /// or scraped data.
    pub confidence: f64,
    /// The data set credited as outlet when a record names neither a `publisher` nor
    /// `datasets`: `Some(name)` credits the actor `ftm-dataset:<name>`; `None` (the
    /// default) the generic source actor `ftm`.
    pub dataset: Option<String>,
}

impl Default for FtmOptions {
    fn default() -> Self {
        FtmOptions {
            confidence: 0.9,
            dataset: None,
        }
    }
}

impl FtmOptions {
    /// The default options (confidence 0.9, the generic source `ftm`).
    ///
    /// ```
    /// use claimgraph::io::ftm::FtmOptions;
    /// let leak = FtmOptions::new().with_confidence(0.6).with_dataset("leak_2024");
    /// assert_eq!((leak.confidence, leak.dataset.as_deref()), (0.6, Some("leak_2024")));
    /// ```
    pub fn new() -> Self {
        FtmOptions::default()
    }

    /// Sets the confidence of each record's attribution (checked when reading: outside
    /// `[0, 1]` it is an [`IoError::Invalid`] at the item `confidence`, before any line
    /// is read).
    pub fn with_confidence(mut self, confidence: f64) -> Self {
        self.confidence = confidence;
        self
    }

    /// Credits records that name no source to the data-set actor `ftm-dataset:<name>`.
    pub fn with_dataset(mut self, name: impl Into<String>) -> Self {
        self.dataset = Some(name.into());
        self
    }
}

/// Key of the generic source actor, credited when a record names no source.
const DEFAULT_SOURCE: &str = "ftm";
/// Key prefix of data-set actors.
const DATASET_PREFIX: &str = "ftm-dataset:";
/// Key prefix of publisher actors.
const PUBLISHER_PREFIX: &str = "ftm-publisher:";
/// Key prefix of actors made from FtM entities; also the prefix of FtM attributes.
const FTM_PREFIX: &str = "ftm:";
/// The top-level field holding what FtM cannot say.
const CONTEXT: &str = "claimgraph";
/// Document titles of FtM records start with this, then `<schema> <id>`.
const RECORD_TITLE: &str = "FtM ";
/// Key prefix of the organisations a `Sanction` names by text in `authority`.
const AUTHORITY_PREFIX: &str = "ftm-authority:";
/// The registry of claims' FtM entity ids (`ftm:<id>`) and of actors' FtM ids.
const FTM_REGISTRY: &str = "ftm";
/// Registry prefix of `Identification` numbers (`id:<type>[:<country>]`).
const ID_REGISTRY: &str = "id:";
/// Registry of `Passport` numbers (`passport[:<country>]`).
const PASSPORT_REGISTRY: &str = "passport";
/// Top-level dates OpenSanctions writes on every entity; `first_seen` is the reported
/// date, and all three are kept in the excerpt so that export writes them back.
const SEEN_FIELDS: [&str; 3] = ["first_seen", "last_seen", "last_change"];

/// An FtM interval schema read as a claim.
#[derive(Debug)]
pub(crate) struct LinkSchema {
    schema: &'static str,
    subject: &'static str,
    object: &'static str,
    statement: StatementKind,
}

const LINK_SCHEMATA: [LinkSchema; 10] = [
    LinkSchema {
        schema: "Ownership",
        subject: "owner",
        object: "asset",
        statement: StatementKind::Tie,
    },
    LinkSchema {
        schema: "Membership",
        subject: "member",
        object: "organization",
        statement: StatementKind::Tie,
    },
    LinkSchema {
        schema: "Directorship",
        subject: "director",
        object: "organization",
        statement: StatementKind::Tie,
    },
    LinkSchema {
        schema: "Employment",
        subject: "employee",
        object: "employer",
        statement: StatementKind::Tie,
    },
    LinkSchema {
        schema: "Family",
        subject: "person",
        object: "relative",
        statement: StatementKind::Tie,
    },
    LinkSchema {
        schema: "Associate",
        subject: "person",
        object: "associate",
        statement: StatementKind::Tie,
    },
    LinkSchema {
        schema: "Representation",
        subject: "agent",
        object: "client",
        statement: StatementKind::Tie,
    },
    LinkSchema {
        schema: "UnknownLink",
        subject: "subject",
        object: "object",
        statement: StatementKind::Tie,
    },
    LinkSchema {
        schema: "Payment",
        subject: "payer",
        object: "beneficiary",
        statement: StatementKind::Event,
    },
    // `authority` is text, not an entity reference: see `authority_of`.
    LinkSchema {
        schema: "Sanction",
        subject: "authority",
        object: "entity",
        statement: StatementKind::Tie,
    },
];

fn link_schema(schema: &str) -> Option<&'static LinkSchema> {
    LINK_SCHEMATA.iter().find(|l| l.schema == schema)
}

/// The relation a link schema reads as, without a `claimgraph` context.
fn default_relation(schema: &str, role: Option<&str>) -> Option<Relation> {
    Some(match schema {
        "Ownership" => Relation::Owns,
        "Membership" => Relation::MemberOf,
        "Directorship" => Relation::Leads,
        "Employment" => Relation::EmployedBy,
        "Family" => Relation::FamilyOf,
        "Associate" => Relation::Associated,
        "Representation" => Relation::Represents,
        "Payment" => Relation::Pays,
        "Sanction" => Relation::Sanctions,
        "UnknownLink" => Relation::Custom(role.map(custom_name).unwrap_or_default()),
        _ => return None,
    })
}

/// A role made a custom relation name: lower case, runs of anything but letters and
/// digits made one `_`; `unknown_link` when nothing is left.
fn custom_name(role: &str) -> String {
    slug(role).unwrap_or_else(|| "unknown_link".to_owned())
}

/// Text made a name part: lower case, runs of anything but letters and digits made one
/// `_`; `None` when nothing is left.
fn slug(text: &str) -> Option<String> {
    let mut name = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            name.extend(c.to_lowercase());
        } else if !name.is_empty() && !name.ends_with('_') {
            name.push('_');
        }
    }
    while name.ends_with('_') {
        name.pop();
    }
    (!name.is_empty()).then_some(name)
}

/// The external-id registry of an identity document: `passport[:<country>]` for a
/// `Passport`, `id:<type>[:<country>]` for an `Identification` (its `type`, else its
/// `authority`, else `identification`), each part made a [`slug`].
fn identity_registry(
    schema: &str,
    kind: Option<&str>,
    authority: Option<&str>,
    country: Option<&str>,
) -> String {
    let mut registry = if schema == "Passport" {
        PASSPORT_REGISTRY.to_owned()
    } else {
        let label = kind
            .and_then(slug)
            .or_else(|| authority.and_then(slug))
            .unwrap_or_else(|| "identification".to_owned());
        format!("{ID_REGISTRY}{label}")
    };
    if let Some(country) = country.and_then(slug) {
        registry.push(':');
        registry.push_str(&country);
    }
    registry
}

/// The schema, `type` and `country` an identity-document registry is written back as
/// (`None` for other registries); a `#<n>` suffix (see [`free_registry`]) is ignored.
fn parse_identity_registry(registry: &str) -> Option<(&'static str, Option<&str>, Option<&str>)> {
    let base = match registry.split_once('#') {
        Some((base, n)) if n.parse::<u32>().is_ok_and(|n| n >= 2) => base,
        Some(_) => return None,
        None => registry,
    };
    let parts: Vec<&str> = base.split(':').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    match parts.as_slice() {
        [PASSPORT_REGISTRY] => Some(("Passport", None, None)),
        [PASSPORT_REGISTRY, country] => Some(("Passport", None, Some(country))),
        ["id", kind] => Some(("Identification", Some(kind), None)),
        ["id", kind, country] => Some(("Identification", Some(kind), Some(country))),
        _ => None,
    }
}

/// The registry under which an actor with `ids` keeps `number` of the document
/// registry `base`: `base` itself, or `base#2`, `base#3`... when an actor holds several
/// documents of one registry (an actor keeps one value per registry); `None` when it
/// already holds that number.
fn free_registry(ids: &BTreeMap<String, String>, base: &str, number: &str) -> Option<String> {
    let mut n = 1;
    loop {
        let registry = if n == 1 {
            base.to_owned()
        } else {
            format!("{base}#{n}")
        };
        match ids.get(&registry) {
            None => return Some(registry),
            Some(held) if held == number => return None,
            Some(_) => n += 1,
        }
    }
}

/// The actor kind (and group type) an FtM schema reads as.
fn actor_kind(schema: &str) -> Option<(ActorKind, Option<GroupType>)> {
    Some(match schema {
        "Person" => (ActorKind::Person, None),
        "Company" => (ActorKind::Group, Some(GroupType::Company)),
        "PublicBody" => (ActorKind::Group, Some(GroupType::Agency)),
        "Organization" | "LegalEntity" => (ActorKind::Group, Some(GroupType::Other)),
        _ => return None,
    })
}

/// The FtM schema an actor kind is written as (`None` for regions).
fn schema_for(kind: ActorKind, group_type: Option<GroupType>) -> Option<&'static str> {
    Some(match (kind, group_type) {
        (ActorKind::Person, _) => "Person",
        (ActorKind::Group, Some(GroupType::Company)) => "Company",
        (ActorKind::Group, Some(GroupType::Agency)) | (ActorKind::State, _) => "PublicBody",
        (ActorKind::Group, _) | (ActorKind::MediaOutlet, _) => "Organization",
        (ActorKind::Region, _) => return None,
    })
}

/// Whether `id` is a valid FtM entity id (`[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?`).
fn is_ftm_id(id: &str) -> bool {
    let b = id.as_bytes();
    let edge = |c: &u8| c.is_ascii_alphanumeric();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            edge(first)
                && edge(last)
                && b.iter()
                    .all(|c| c.is_ascii_alphanumeric() || *c == b'.' || *c == b'-')
        }
        _ => false,
    }
}

/// A deterministic FtM id: `cg-` and the 128-bit FNV-1a hash of `what`, NUL, `text`
/// (finished with a bit mix), in 32 hex digits.
fn hashed_id(what: &str, text: &str) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = OFFSET;
    for byte in what.bytes().chain([0]).chain(text.bytes()) {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(PRIME);
    }
    // FNV leaves short keys with look-alike hashes; a xorshift-multiply finish spreads
    // every bit. It is a bijection, so it adds no collision.
    hash ^= hash >> 64;
    hash = hash.wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835);
    hash ^= hash >> 61;
    format!("cg-{hash:032x}")
}

/// A hashed id not yet in `used`, recorded there.
fn unique_id(what: &str, text: &str, used: &mut HashSet<String>) -> String {
    let mut n = 0u32;
    loop {
        let id = if n == 0 {
            hashed_id(what, text)
        } else {
            hashed_id(what, &format!("{text}#{n}"))
        };
        if used.insert(id.clone()) {
            return id;
        }
        n += 1;
    }
}

// ----- import ---------------------------------------------------------------------

/// FtM properties: every value as text, in order.
type Properties = BTreeMap<String, Vec<String>>;

/// What the `claimgraph` context of a line says.
#[derive(Debug, Default)]
struct Context {
    key: Option<ActorKey>,
    kind: Option<(ActorKind, Option<GroupType>)>,
    relation: Option<Relation>,
}

/// One line, parsed.
#[derive(Debug)]
struct Record {
    id: String,
    schema: String,
    properties: Properties,
    datasets: Vec<String>,
    context: Context,
    /// The top-level `first_seen`, `last_seen`, `last_change` present, in that order.
    seen: Vec<(&'static str, String)>,
}

/// One line, checked and classified by the first pass.
#[derive(Debug)]
pub(crate) enum Row {
    /// A legal entity; `addresses` are its `addressEntity` ids, resolved in pass 2.
    Actor {
        actor: Actor,
        addresses: Vec<String>,
    },
    /// An `Address` entity and its text, if it has one.
    Address { id: String, text: Option<String> },
    /// An interval entity read as a claim.
    Link(Box<Link>),
    /// A `Passport` or `Identification`: an external id of its holders.
    Identity(Box<Identity>),
    /// An entity of any other schema.
    Other(String),
    /// A link that cannot make a claim; always counted as skipped.
    Incomplete(Invalid),
}

/// An identity document: the registry and number it adds to its holders' external
/// ids.
#[derive(Debug)]
pub(crate) struct Identity {
    holders: Vec<String>,
    registry: String,
    number: String,
}

/// An interval line: everything but its endpoints, which pass 3 resolves.
#[derive(Debug)]
pub(crate) struct Link {
    /// The line's entity id, the claim's external id `ftm:<id>`.
    id: String,
    schema: &'static LinkSchema,
    subjects: Vec<String>,
    objects: Vec<String>,
    relation: Relation,
    valid: ValidTime,
    attribution: Attribution,
    /// The publisher and data-set actors the attribution names.
    sources: Vec<Actor>,
}

/// What pass 1 learnt about an id, for resolving references.
#[derive(Debug, Clone)]
pub(crate) enum Known {
    Actor(ActorKey),
    NotActor(String),
    Skipped(usize),
}

fn field_error(field: &str, message: impl Into<String>) -> Invalid {
    Invalid::new(SkipReason::InvalidValue, message).at(field)
}

/// The reader of FtM entities (see the module docs). Links may name entities of later
/// lines, so the first call reads and checks every line (pass 1); records then come
/// out as actors and other entities in line order (pass 2), then links (pass 3).
pub(crate) struct Reader<R> {
    lines: Option<Lines<R>>,
    grade: Grade,
    options: FtmOptions,
    limits: Limits,
    queue: std::collections::VecDeque<Read<Row>>,
    known: HashMap<String, Known>,
    addresses: HashMap<String, String>,
    /// Identity documents by holder id: (registry, number), in line order.
    identities: HashMap<String, Vec<(String, String)>>,
    /// The claim each `ftm:<id>` given so far names, so that an id reused by a line
    /// making another claim is not given twice.
    claim_ids: HashMap<String, crate::model::ClaimKey>,
    /// Identity numbers staged for actors of the graph, which the graph does not show
    /// before the import commits.
    staged_ids: HashMap<ActorKey, BTreeMap<String, String>>,
}

pub(crate) fn reader<R: BufRead>(
    reader: R,
    limits: Limits,
    options: &FtmOptions,
) -> Result<Reader<R>, IoError> {
    let grade = Grade::confidence(options.confidence).map_err(|e| IoError::Invalid {
        position: Position::item("confidence"),
        reason: SkipReason::InvalidValue,
        detail: e.to_string(),
    })?;
    Ok(Reader {
        lines: Some(Lines::new(reader, limits.line_bytes)),
        grade,
        options: options.clone(),
        limits,
        queue: std::collections::VecDeque::new(),
        known: HashMap::new(),
        addresses: HashMap::new(),
        identities: HashMap::new(),
        claim_ids: HashMap::new(),
        staged_ids: HashMap::new(),
    })
}

impl<R: BufRead> Reader<R> {
    /// Pass 1: parses and checks every line on its own.
    fn load(&mut self, mut lines: Lines<R>) -> Result<(), IoError> {
        let mut links = Vec::new();
        while let Some((line, text)) = lines.next_line()? {
            let parsed = text.and_then(|t| parse_record(&t, &self.limits));
            let id = parsed.as_ref().ok().map(|r| r.id.clone());
            let row = parsed.and_then(|record| {
                classify(
                    record,
                    self.grade,
                    &self.options,
                    &self.limits,
                    &mut self.known,
                )
            });
            match (&row, id) {
                (Err(_), Some(id)) => {
                    // A later link to this id is then told why it has no endpoint.
                    self.known.entry(id).or_insert(Known::Skipped(line));
                }
                (Ok(Row::Address { id, text: Some(t) }), _) => {
                    self.addresses.insert(id.clone(), t.clone());
                }
                (Ok(Row::Identity(identity)), _) => {
                    for holder in &identity.holders {
                        self.identities
                            .entry(holder.clone())
                            .or_default()
                            .push((identity.registry.clone(), identity.number.clone()));
                    }
                }
                _ => {}
            }
            let read = (Position::line(line), row);
            // Identity documents wait with the links: their holder may come later.
            if matches!(read.1, Ok(Row::Link(_) | Row::Identity(_))) {
                links.push(read);
            } else {
                self.queue.push_back(read);
            }
        }
        self.queue.extend(links);
        Ok(())
    }
}

impl<R: BufRead> RecordReader for Reader<R> {
    type Raw = Row;

    fn next(&mut self) -> Result<Option<Read<Row>>, IoError> {
        if let Some(lines) = self.lines.take() {
            self.load(lines)?;
        }
        Ok(self.queue.pop_front())
    }

    fn validate(
        &mut self,
        _: &Position,
        row: Row,
        view: &View<'_>,
        _: &Limits,
    ) -> Result<ImportRecord, Invalid> {
        match row {
            Row::Actor {
                mut actor,
                addresses: refs,
            } => {
                let (found, missing): (Vec<String>, Vec<String>) = refs
                    .into_iter()
                    .partition(|r| self.addresses.contains_key(r));
                let texts = found.iter().filter_map(|r| self.addresses.get(r).cloned());
                push_values(&mut actor.attributes, "address", texts);
                push_values(&mut actor.attributes, "addressEntity", missing);
                let documents = actor
                    .external_ids
                    .get(FTM_REGISTRY)
                    .and_then(|id| self.identities.get(id));
                if let Some(documents) = documents {
                    // Numbered after what the stored actor already holds.
                    let mut held = view
                        .stored(actor.key.as_str())
                        .map(|a| a.external_ids.clone())
                        .unwrap_or_default();
                    for (registry, number) in &actor.external_ids {
                        held.entry(registry.clone()).or_insert(number.clone());
                    }
                    for (base, number) in documents {
                        if let Some(registry) = free_registry(&held, base, number) {
                            held.insert(registry.clone(), number.clone());
                            actor.external_ids.insert(registry, number.clone());
                        }
                    }
                }
                Ok(ImportRecord::Stage {
                    actors: vec![actor],
                    claims: Vec::new(),
                })
            }
            Row::Address { .. } => Ok(ImportRecord::NotRepresented("Address".to_owned())),
            Row::Other(schema) => Ok(ImportRecord::NotRepresented(schema)),
            Row::Incomplete(invalid) => Err(invalid),
            Row::Link(link) => link_record(view, *link, &self.known, &mut self.claim_ids),
            Row::Identity(identity) => {
                identity_record(view, &identity, &self.known, &mut self.staged_ids)
            }
        }
    }
}

/// Parses one line into a record, checking its shape.
fn parse_record(text: &str, limits: &Limits) -> Result<Record, Invalid> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Invalid::new(SkipReason::Malformed, e.to_string()))?;
    let Value::Object(mut object) = value else {
        return Err(Invalid::new(
            SkipReason::Malformed,
            "expected a JSON object",
        ));
    };
    let mut text_field = |name: &str| match object.remove(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(other) => Err(field_error(
            name,
            format!("expected a non-empty string, found {other}"),
        )),
        None => Err(Invalid::new(SkipReason::MissingField, "is missing").at(name)),
    };
    let id = text_field("id")?;
    let schema = text_field("schema")?;
    let mut properties = Properties::new();
    match object.remove("properties") {
        None | Some(Value::Null) => {}
        Some(Value::Object(props)) => {
            let count = props
                .values()
                .map(|v| match v {
                    Value::Array(items) => items.len(),
                    _ => 1,
                })
                .sum::<usize>();
            if count > limits.properties {
                return Err(Invalid::new(
                    SkipReason::TooManyProperties,
                    format!(
                        "{count} property values, over the limit of {} (raise `Importer::max_properties`)",
                        limits.properties
                    ),
                )
                .at("properties"));
            }
            for (name, value) in props {
                let values = values_of(&format!("properties.{name}"), value)?;
                if !values.is_empty() {
                    properties.insert(name, values);
                }
            }
        }
        Some(other) => {
            return Err(field_error(
                "properties",
                format!("expected an object, found {other}"),
            ));
        }
    }
    let datasets = match object.remove("datasets") {
        None => Vec::new(),
        Some(value) => values_of("datasets", value)?,
    };
    let mut seen = Vec::new();
    for name in SEEN_FIELDS {
        match object.remove(name) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.trim().is_empty() => {}
            Some(Value::String(s)) => {
                parse_date(name, &s)?;
                seen.push((name, s));
            }
            Some(other) => {
                return Err(field_error(
                    name,
                    format!("expected a date string, found {other}"),
                ));
            }
        }
    }
    let context = match object.remove(CONTEXT) {
        None | Some(Value::Null) => Context::default(),
        Some(Value::Object(c)) => parse_context(c)?,
        Some(other) => {
            return Err(field_error(
                CONTEXT,
                format!("expected an object, found {other}"),
            ));
        }
    };
    Ok(Record {
        id,
        schema,
        properties,
        datasets,
        context,
        seen,
    })
}

/// The values of a property: a list of strings or numbers (a lone value is accepted
/// as a list of one); blank strings are dropped, as FtM drops them.
fn values_of(field: &str, value: Value) -> Result<Vec<String>, Invalid> {
    let one = |v: Value| match v {
        Value::String(s) => Ok((!s.trim().is_empty()).then_some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Null => Ok(None),
        other => Err(field_error(
            field,
            format!("expected strings or numbers, found {other}"),
        )),
    };
    match value {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|v| one(v).transpose())
            .collect(),
        other => Ok(one(other)?.into_iter().collect()),
    }
}

fn parse_context(mut c: Map<String, Value>) -> Result<Context, Invalid> {
    let mut text = |name: &str| -> Result<Option<String>, Invalid> {
        match c.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(field_error(
                &format!("{CONTEXT}.{name}"),
                format!("expected a string, found {other}"),
            )),
        }
    };
    let (key, kind, group_type, relation) = (
        text("key")?,
        text("kind")?,
        text("group_type")?,
        text("relation")?,
    );
    let bad = |name: &str, e: String| field_error(&format!("{CONTEXT}.{name}"), e);
    let kind = match (kind, group_type) {
        (Some(k), g) => {
            let kind: ActorKind =
                serde_json::from_value(Value::String(k)).map_err(|e| bad("kind", e.to_string()))?;
            let group_type: Option<GroupType> = g
                .map(|g| serde_json::from_value(Value::String(g)))
                .transpose()
                .map_err(|e| bad("group_type", e.to_string()))?;
            Some((kind, group_type))
        }
        (None, Some(_)) => return Err(bad("group_type", "is given without `kind`".to_owned())),
        (None, None) => None,
    };
    Ok(Context {
        key: key
            .map(|k| ActorKey::new(k).map_err(|e| bad("key", e.to_string())))
            .transpose()?,
        kind,
        relation: relation
            .map(|r| {
                r.parse::<Relation>()
                    .map_err(|e| bad("relation", e.to_string()))
            })
            .transpose()?,
    })
}

/// Classifies a parsed line and builds all that can be built from it alone.
fn classify(
    record: Record,
    grade: Grade,
    options: &FtmOptions,
    limits: &Limits,
    known: &mut HashMap<String, Known>,
) -> Result<Row, Invalid> {
    if let Some(schema) = link_schema(&record.schema) {
        let id = record.id.clone();
        let row = build_link(record, schema, grade, options, limits)?;
        known
            .entry(id)
            .or_insert_with(|| Known::NotActor(schema.schema.to_owned()));
        return Ok(row);
    }
    if let schema @ ("Passport" | "Identification") = record.schema.as_str() {
        known
            .entry(record.id.clone())
            .or_insert_with(|| Known::NotActor(schema.to_owned()));
        return build_identity(record);
    }
    if let Some((kind, group_type)) = record.context.kind.or_else(|| actor_kind(&record.schema)) {
        let id = record.id.clone();
        let (actor, addresses) = build_actor(record, kind, group_type)?;
        known
            .entry(id)
            .or_insert_with(|| Known::Actor(actor.key.clone()));
        return Ok(Row::Actor { actor, addresses });
    }
    known
        .entry(record.id.clone())
        .or_insert_with(|| Known::NotActor(record.schema.clone()));
    if record.schema == "Address" {
        let text = record
            .properties
            .get("full")
            .and_then(|v| v.first())
            .cloned()
            .or_else(|| {
                let parts: Vec<&str> = ["street", "postalCode", "city"]
                    .iter()
                    .filter_map(|p| record.properties.get(*p).and_then(|v| v.first()))
                    .map(String::as_str)
                    .collect();
                (!parts.is_empty()).then(|| parts.join(", "))
            });
        return Ok(Row::Address {
            id: record.id,
            text,
        });
    }
    Ok(Row::Other(record.schema))
}

/// The attribute holding the `n`th (1-based) value of an FtM property.
fn attribute_name(property: &str, n: usize) -> String {
    if n == 1 {
        format!("{FTM_PREFIX}{property}")
    } else {
        format!("{FTM_PREFIX}{property}:{n}")
    }
}

/// Appends values of an FtM property to an actor's attributes, after the values
/// already there and without repeating one.
fn push_values(
    attributes: &mut BTreeMap<String, String>,
    property: &str,
    values: impl IntoIterator<Item = String>,
) {
    let mut n = 1;
    let mut present = HashSet::new();
    while let Some(v) = attributes.get(&attribute_name(property, n)) {
        present.insert(v.clone());
        n += 1;
    }
    for value in values {
        if !present.contains(&value) {
            attributes.insert(attribute_name(property, n), value.clone());
            present.insert(value);
            n += 1;
        }
    }
}

/// Builds the actor of a legal-entity line; also returns its `addressEntity` ids.
fn build_actor(
    record: Record,
    kind: ActorKind,
    group_type: Option<GroupType>,
) -> Result<(Actor, Vec<String>), Invalid> {
    let Record {
        id,
        schema,
        mut properties,
        context,
        ..
    } = record;
    let key = match context.key {
        Some(key) => key,
        None => ActorKey::new(format!("{FTM_PREFIX}{id}"))
            .map_err(|e| field_error("id", e.to_string()))?,
    };
    let usable = |n: &String| !fold_name(n).is_empty();
    let names: Vec<String> = properties
        .remove("name")
        .unwrap_or_default()
        .into_iter()
        .filter(usable)
        .collect();
    let others: Vec<String> = ["alias", "weakAlias", "previousName"]
        .iter()
        .filter_map(|p| properties.remove(*p))
        .flatten()
        .filter(usable)
        .collect();
    let parts: Vec<&str> = ["firstName", "secondName", "middleName", "lastName"]
        .iter()
        .filter_map(|p| properties.get(*p).and_then(|v| v.first()))
        .map(String::as_str)
        .collect();
    let parts = parts.join(" ");
    let mut candidates: Vec<String> = if names.is_empty() && usable(&parts) {
        std::iter::once(parts).chain(others).collect()
    } else {
        names.into_iter().chain(others).collect()
    };
    if candidates.is_empty() {
        candidates.push(format!("{schema} {id}"));
    }
    let name = candidates.remove(0);
    let mut aliases: Vec<Alias> = Vec::new();
    // A set, not a scan of the list: a record may carry thousands of aliases.
    let mut seen: HashSet<String> = HashSet::from([name.clone()]);
    for alias in candidates {
        if seen.insert(alias.clone()) {
            aliases.push(Alias::new(alias, None));
        }
    }
    let addresses = properties.remove("addressEntity").unwrap_or_default();
    let mut external_ids = BTreeMap::from([("ftm".to_owned(), id.clone())]);
    if let Some(qid) = properties.get("wikidataId").and_then(|v| v.first()) {
        external_ids.insert("wikidata".to_owned(), qid.clone());
    }
    let mut attributes = BTreeMap::new();
    push_values(&mut attributes, "schema", [schema]);
    for (property, values) in properties {
        push_values(&mut attributes, &property, values);
    }
    let actor = Actor {
        key,
        kind,
        group_type,
        name,
        aliases,
        external_ids,
        attributes,
    };
    actor
        .validate()
        .map_err(|e| field_error("properties.name", e.to_string()))?;
    Ok((actor, addresses))
}

/// Removes and returns the first value of a property; further values stay.
fn take_first(properties: &mut Properties, property: &str) -> Option<String> {
    let values = properties.get_mut(property)?;
    let first = (!values.is_empty()).then(|| values.remove(0));
    if values.is_empty() {
        properties.remove(property);
    }
    first
}

/// An FtM date: an ISO 8601 prefix, cut at a time of day.
fn parse_date(field: &str, text: &str) -> Result<PartialDate, Invalid> {
    let date = text.split(['T', ' ']).next().unwrap_or(text).trim();
    match date.parse::<PartialDate>() {
        Ok(d) if d.year_value() >= 1 => Ok(d),
        Ok(_) => Err(Invalid::new(
            SkipReason::InvalidDate,
            format!("{text} is before the year 1"),
        )
        .at(field)),
        Err(e) => Err(Invalid::new(SkipReason::InvalidDate, e.to_string()).at(field)),
    }
}

/// A media-outlet actor standing for a publisher or a data set named `name`.
fn source_actor(field: &str, prefix: &str, name: &str) -> Result<Actor, Invalid> {
    let slug: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    // Names too long for a key are hashed; the name itself is kept whole.
    let key = ActorKey::new(format!("{prefix}{slug}"))
        .map(|k| k.as_str().to_owned())
        .unwrap_or_else(|_| format!("{prefix}{}", hashed_id("source", name)));
    Actor::new(&key, ActorKind::MediaOutlet, name.trim())
        .map_err(|e| field_error(field, e.to_string()))
}

/// The generic source credited when a record names none.
fn default_source() -> Result<Actor, Invalid> {
    Actor::new(
        DEFAULT_SOURCE,
        ActorKind::MediaOutlet,
        "FollowTheMoney data",
    )
    .map_err(|e| field_error("datasets", e.to_string()))
}

/// The properties left on a record after mapping, as the excerpt's JSON object; the
/// longest properties (key and values, in bytes; the later key first among equals)
/// are left out until it fits. Each property's share of the text is measured once,
/// so a record with many properties costs O(n log n), not a serialisation per removal.
fn record_excerpt(mut properties: Properties) -> Option<String> {
    if properties.is_empty() {
        return None;
    }
    let text = serde_json::to_string(&properties).ok()?;
    if text.chars().count() <= MAX_EXCERPT_CHARS {
        return Some(text);
    }
    // `{` `}` and the commas between entries, plus each `"key":[...]`.
    let mut sizes: Vec<(usize, &String, usize)> = Vec::with_capacity(properties.len());
    for (key, values) in &properties {
        let entry = serde_json::to_string(&BTreeMap::from([(key, values)])).ok()?;
        let weight = key.len() + values.iter().map(String::len).sum::<usize>();
        sizes.push((weight, key, entry.chars().count() - 2));
    }
    let mut total = 1 + sizes.iter().map(|(_, _, n)| n + 1).sum::<usize>();
    sizes.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(a.1)));
    let mut drop = Vec::new();
    for (_, key, chars) in &sizes {
        if total <= MAX_EXCERPT_CHARS {
            break;
        }
        total -= chars + 1;
        drop.push((*key).clone());
    }
    for key in drop {
        properties.remove(&key);
    }
    if properties.is_empty() {
        return None;
    }
    serde_json::to_string(&properties).ok()
}

/// Builds the claim parts of an interval line.
fn build_link(
    record: Record,
    schema: &'static LinkSchema,
    grade: Grade,
    options: &FtmOptions,
    limits: &Limits,
) -> Result<Row, Invalid> {
    let Record {
        id,
        mut properties,
        datasets,
        context,
        seen,
        ..
    } = record;
    let subjects = properties.remove(schema.subject).unwrap_or_default();
    let objects = properties.remove(schema.object).unwrap_or_default();
    for (values, property) in [(&subjects, schema.subject), (&objects, schema.object)] {
        if values.is_empty() {
            return Ok(Row::Incomplete(
                Invalid::new(
                    SkipReason::MissingEndpoint,
                    format!("{} {id} has no `{property}`", schema.schema),
                )
                .at(format!("properties.{property}")),
            ));
        }
    }
    let product = subjects.len().saturating_mul(objects.len());
    if product > limits.claims_per_record {
        return Err(Invalid::new(
            SkipReason::TooManyClaims,
            format!(
                "{} {} x {} {} make {product} claims, over the limit of {} \
                 (raise `Importer::max_claims_per_record`)",
                subjects.len(),
                schema.subject,
                objects.len(),
                schema.object,
                limits.claims_per_record
            ),
        )
        .at(format!("properties.{}", schema.subject)));
    }
    let start = take_first(&mut properties, "startDate");
    let end = take_first(&mut properties, "endDate");
    let valid = if start.is_some() || end.is_some() {
        let start = start.map(|t| parse_date("startDate", &t)).transpose()?;
        let end = end.map(|t| parse_date("endDate", &t)).transpose()?;
        ValidTime::between(start, end).map_err(|e| field_error("endDate", e.to_string()))?
    } else if let Some(date) = take_first(&mut properties, "date") {
        ValidTime::at(parse_date("date", &date)?)
    } else {
        ValidTime::ALWAYS
    };
    let role = properties
        .get("role")
        .and_then(|v| v.first())
        .map(String::as_str);
    let relation = match context.relation {
        Some(r) if r.ftm_schema() == Some(schema.schema) => r,
        Some(r) => {
            return Err(field_error(
                &format!("{CONTEXT}.relation"),
                format!("{r} is not written as {}", schema.schema),
            ));
        }
        None => default_relation(schema.schema, role)
            .ok_or_else(|| field_error("schema", format!("{} is not a link", schema.schema)))?,
    };
    let mut datasets = datasets.iter();
    let (outlet, relays) = match take_first(&mut properties, "publisher") {
        Some(p) => (source_actor("publisher", PUBLISHER_PREFIX, &p)?, datasets),
        None => match datasets.next() {
            Some(first) => (source_actor("datasets", DATASET_PREFIX, first)?, datasets),
            None => match &options.dataset {
                Some(name) => (source_actor("dataset", DATASET_PREFIX, name)?, datasets),
                None => (default_source()?, datasets),
            },
        },
    };
    let mut sources = vec![outlet];
    for name in relays {
        let relay = source_actor("datasets", DATASET_PREFIX, name)?;
        if !sources.iter().any(|s| s.key == relay.key) {
            sources.push(relay);
        }
    }
    // A sanction is published when the authority lists it.
    let published = match schema.schema {
        "Sanction" => take_first(&mut properties, "listingDate")
            .map(|t| parse_date("listingDate", &t))
            .transpose()?,
        _ => None,
    };
    let document = Document {
        url: take_first(&mut properties, "sourceUrl"),
        title: Some(format!("{RECORD_TITLE}{} {id}", schema.schema)),
        lang: None,
        published,
    };
    // `first_seen` is when the data set first said it; `retrievedAt` (then left in the
    // excerpt when `first_seen` is given) when a crawler fetched the source.
    let first_seen = seen.iter().find(|(name, _)| *name == "first_seen");
    let reported = match first_seen {
        Some((name, text)) => Some(parse_date(name, text)?),
        None => take_first(&mut properties, "retrievedAt")
            .map(|t| parse_date("retrievedAt", &t))
            .transpose()?,
    };
    for (name, text) in seen {
        properties.insert(name.to_owned(), vec![text]);
    }
    let attribution = Attribution {
        claimant: None,
        outlet: sources.first().map(|a| a.key.clone()),
        relays: sources.iter().skip(1).map(|a| a.key.clone()).collect(),
        document: Some(document),
        excerpt: record_excerpt(properties),
        reported,
        grade,
    };
    Ok(Row::Link(Box::new(Link {
        id,
        schema,
        subjects,
        objects,
        relation,
        valid,
        attribution,
        sources,
    })))
}

/// Builds the identity document of a `Passport` or `Identification` line.
fn build_identity(record: Record) -> Result<Row, Invalid> {
    let Record {
        id,
        schema,
        mut properties,
        ..
    } = record;
    let holders = properties.remove("holder").unwrap_or_default();
    if holders.is_empty() {
        return Ok(Row::Incomplete(
            Invalid::new(
                SkipReason::MissingEndpoint,
                format!("{schema} {id} has no `holder`"),
            )
            .at("properties.holder"),
        ));
    }
    // `passportNumber` is the older property of `Passport`, superseded by `number`.
    let number = take_first(&mut properties, "number")
        .or_else(|| take_first(&mut properties, "passportNumber"))
        .map(|n| n.trim().to_owned())
        .ok_or_else(|| {
            Invalid::new(
                SkipReason::MissingField,
                format!("{schema} {id} has no `number`"),
            )
            .at("properties.number")
        })?;
    let first = |p: &str| {
        properties
            .get(p)
            .and_then(|v| v.first())
            .map(String::as_str)
    };
    let registry = identity_registry(&schema, first("type"), first("authority"), first("country"));
    Ok(Row::Identity(Box::new(Identity {
        holders,
        registry,
        number,
    })))
}

/// Pass 3 for an identity document. A holder of the input had the number added when
/// its line was staged; a holder only in the graph is merged with it here.
fn identity_record(
    view: &View<'_>,
    identity: &Identity,
    known: &HashMap<String, Known>,
    staged_ids: &mut HashMap<ActorKey, BTreeMap<String, String>>,
) -> Result<ImportRecord, Invalid> {
    let mut actors = Vec::new();
    for holder in &identity.holders {
        let key = resolve(view, known, holder).map_err(|e| e.at("properties.holder"))?;
        if matches!(known.get(holder), Some(Known::Actor(_))) {
            continue;
        }
        let Some(stored) = view.stored(key.as_str()) else {
            continue;
        };
        let staged = staged_ids.entry(key).or_default();
        let mut held = stored.external_ids.clone();
        held.extend(staged.iter().map(|(r, n)| (r.clone(), n.clone())));
        if let Some(registry) = free_registry(&held, &identity.registry, &identity.number) {
            staged.insert(registry.clone(), identity.number.clone());
            let mut actor = stored.clone();
            actor.external_ids.insert(registry, identity.number.clone());
            actors.push(actor);
        }
    }
    Ok(ImportRecord::Stage {
        actors,
        claims: Vec::new(),
    })
}

/// The actor a `Sanction`'s `authority` names: the entity of that id if there is one
/// (in the input, or an `ftm:<id>` actor of the graph), else an organisation keyed
/// `ftm-authority:<folded name>`, returned to be staged.
fn authority_of(
    view: &View<'_>,
    known: &HashMap<String, Known>,
    text: &str,
) -> Result<(ActorKey, Option<Actor>), Invalid> {
    let text = text.trim();
    if known.contains_key(text) || view.kind_of(&format!("{FTM_PREFIX}{text}")).is_some() {
        return resolve(view, known, text)
            .map(|key| (key, None))
            .map_err(|e| e.at("properties.authority"));
    }
    let folded = fold_name(text);
    if folded.is_empty() {
        return Err(field_error(
            "properties.authority",
            format!("{text:?} names no authority"),
        ));
    }
    let key = ActorKey::new(format!("{AUTHORITY_PREFIX}{}", folded.replace(' ', "_")))
        .map(|k| k.as_str().to_owned())
        .unwrap_or_else(|_| format!("{AUTHORITY_PREFIX}{}", hashed_id("authority", &folded)));
    let mut actor = Actor::new(&key, ActorKind::Group, text)
        .map_err(|e| field_error("properties.authority", e.to_string()))?;
    actor.group_type = Some(GroupType::Other);
    Ok((actor.key.clone(), Some(actor)))
}

/// Resolves a link's endpoint id to an actor key, or says why it cannot be.
fn resolve(view: &View<'_>, known: &HashMap<String, Known>, id: &str) -> Result<ActorKey, Invalid> {
    match known.get(id) {
        Some(Known::Actor(key)) if view.kind_of(key.as_str()).is_some() => Ok(key.clone()),
        Some(Known::Actor(_)) => Err(Invalid::new(
            SkipReason::EndpointSkipped,
            format!("entity {id} was not imported"),
        )),
        Some(Known::NotActor(schema)) => Err(Invalid::new(
            SkipReason::EndpointNotActor,
            format!("entity {id} (schema {schema}) is not an actor"),
        )),
        Some(Known::Skipped(line)) => Err(Invalid::new(
            SkipReason::EndpointSkipped,
            format!("entity {id} was skipped on line {line}"),
        )),
        None => {
            let key = format!("{FTM_PREFIX}{id}");
            match view.kind_of(&key) {
                Some(_) => ActorKey::new(key)
                    .map_err(|e| Invalid::new(SkipReason::DanglingReference, e.to_string())),
                None => Err(Invalid::new(
                    SkipReason::DanglingReference,
                    format!("no entity {id} in the input or the graph"),
                )),
            }
        }
    }
}

/// Pass 3 for one link: resolves its endpoints; its claims and new source actors are
/// committed together.
fn link_record(
    view: &View<'_>,
    link: Link,
    known: &HashMap<String, Known>,
    claim_ids: &mut HashMap<String, crate::model::ClaimKey>,
) -> Result<ImportRecord, Invalid> {
    let mut claims = Vec::with_capacity(link.subjects.len() * link.objects.len());
    let kind = link.relation.kind();
    let mut authorities: Vec<Actor> = Vec::new();
    let fits = |key: ActorKey, property: &str, role: &str, allowed: crate::model::KindSet| {
        match view.kind_of(key.as_str()) {
            Some(actor_kind) if !allowed.contains(actor_kind) => Err(Invalid::new(
                SkipReason::KindsDoNotFit,
                format!(
                    "{} ({}) does not accept a {actor_kind} as {role} ({key})",
                    link.relation, link.schema.schema
                ),
            )
            .at(format!("properties.{property}"))),
            // An authority made here is a group, which every sanctioner may be.
            _ => Ok(key),
        }
    };
    let mut subjects = Vec::with_capacity(link.subjects.len());
    for id in &link.subjects {
        let property = link.schema.subject;
        let key = if link.schema.schema == "Sanction" {
            let (key, made) = authority_of(view, known, id)?;
            authorities.extend(made.filter(|a| view.kind_of(a.key.as_str()).is_none()));
            key
        } else {
            resolve(view, known, id).map_err(|e| e.at(format!("properties.{property}")))?
        };
        subjects.push(fits(key, property, "subject", kind.domain())?);
    }
    let mut objects = Vec::with_capacity(link.objects.len());
    for id in &link.objects {
        let property = link.schema.object;
        let key = resolve(view, known, id).map_err(|e| e.at(format!("properties.{property}")))?;
        objects.push(fits(key, property, "object", kind.range())?);
    }
    for subject in &subjects {
        for object in &objects {
            claims.push(Claim {
                subject: subject.clone(),
                relation: link.relation.clone(),
                object: object.clone(),
                polarity: Polarity::Asserted,
                valid: link.valid,
                statement: link.schema.statement,
                codes: [format!("FtM:{}", link.schema.schema)].into(),
                external_ids: Default::default(),
                evidence: vec![link.attribution.clone()],
            });
        }
    }
    // The line's id names its claim when it makes one, and when no other claim (stored,
    // or of an earlier line) already has it: one id names one claim.
    if let [claim] = claims.as_mut_slice() {
        let key = claim.key();
        let stored = view.claim_by_external(FTM_REGISTRY, &link.id);
        let free = stored.is_none_or(|c| c.key() == key)
            && claim_ids.get(&link.id).is_none_or(|k| *k == key);
        if free {
            claim_ids.insert(link.id.clone(), key);
            claim
                .external_ids
                .insert(format!("{FTM_REGISTRY}:{}", link.id));
        }
    }
    let mut actors: Vec<Actor> = link
        .sources
        .into_iter()
        .filter(|s| view.kind_of(s.key.as_str()).is_none())
        .collect();
    for authority in authorities {
        if !actors.iter().any(|a| a.key == authority.key) {
            actors.push(authority);
        }
    }
    Ok(ImportRecord::Stage { actors, claims })
}

// ----- export ---------------------------------------------------------------------

/// Whether a key is one of the source actors the import creates.
fn is_source_key(key: &str) -> bool {
    key == DEFAULT_SOURCE || key.starts_with(DATASET_PREFIX) || key.starts_with(PUBLISHER_PREFIX)
}

/// Whether a key is one of the authorities the import creates from a `Sanction`.
fn is_authority_key(key: &str) -> bool {
    key.starts_with(AUTHORITY_PREFIX)
}

/// Writes a `Passport` or `Identification` for each of an actor's external ids in an
/// identity-document registry, with an id hashed from the actor's key and the registry.
fn write_identities(
    writer: &mut impl Write,
    actor: &Actor,
    holder: &str,
    used: &mut HashSet<String>,
) -> Result<(), IoError> {
    for (registry, number) in &actor.external_ids {
        let Some((schema, kind, country)) = parse_identity_registry(registry) else {
            continue;
        };
        let mut properties = Properties::new();
        properties.insert("holder".to_owned(), vec![holder.to_owned()]);
        properties.insert("number".to_owned(), vec![number.clone()]);
        if let Some(kind) = kind {
            properties.insert("type".to_owned(), vec![kind.to_owned()]);
        }
        if let Some(country) = country {
            properties.insert("country".to_owned(), vec![country.to_owned()]);
        }
        let id = unique_id("identity", &format!("{}#{registry}", actor.key), used);
        write_entity(
            writer,
            &id,
            schema,
            properties,
            Vec::new(),
            Map::new(),
            Vec::new(),
        )?;
    }
    Ok(())
}

/// The FtM record (schema, id) an attribution was imported from, if any.
fn record_of(a: &Attribution) -> Option<(&str, &str)> {
    let title = a.document.as_ref()?.title.as_deref()?;
    let (schema, id) = title.strip_prefix(RECORD_TITLE)?.split_once(' ')?;
    (link_schema(schema).is_some() && is_ftm_id(id)).then_some((schema, id))
}

/// Puts `first` before the values a property already has, without repeats.
fn prepend(properties: &mut Properties, property: &str, first: Vec<String>) {
    if first.is_empty() {
        return;
    }
    let rest = properties.remove(property).unwrap_or_default();
    let mut values: Vec<String> = Vec::with_capacity(first.len() + rest.len());
    for v in first.into_iter().chain(rest) {
        if !values.contains(&v) {
            values.push(v);
        }
    }
    properties.insert(property.to_owned(), values);
}

/// Writes one entity line.
fn write_entity(
    writer: &mut impl Write,
    id: &str,
    schema: &str,
    properties: Properties,
    datasets: Vec<String>,
    context: Map<String, Value>,
    seen: Vec<(&str, String)>,
) -> Result<(), IoError> {
    let mut entity = Map::new();
    entity.insert("id".to_owned(), Value::from(id));
    entity.insert("schema".to_owned(), Value::from(schema));
    let properties: Map<String, Value> = properties
        .into_iter()
        .map(|(k, v)| (k, Value::from(v)))
        .collect();
    entity.insert("properties".to_owned(), Value::Object(properties));
    if !datasets.is_empty() {
        entity.insert("datasets".to_owned(), Value::from(datasets));
    }
    for (name, text) in seen {
        entity.insert(name.to_owned(), Value::from(text));
    }
    if !context.is_empty() {
        entity.insert(CONTEXT.to_owned(), Value::Object(context));
    }
    super::json::write_value(&mut *writer, &Value::Object(entity), false)
        .map_err(std::io::Error::from)?;
    writer.write_all(b"\n")?;
    Ok(())
}

/// Writes the graph as FtM entities, one JSON object a line (see the module docs):
/// actors in insertion order, then claims in id order.
pub(crate) fn write(graph: &ClaimGraph, mut writer: impl Write) -> Result<ExportReport, IoError> {
    let mut report = ExportReport::default();
    let kind_of = |key: &ActorKey| graph.actor_by_key(key.as_str()).map(|a| a.kind);
    let mut claims: Vec<Claim> = Vec::new();
    for c in graph.claims().map(|c| c.to_claim()) {
        let omission = if c.relation.ftm_schema().and_then(link_schema).is_none() {
            Some(Omission::NoSchemaForRelation)
        } else if c.polarity == Polarity::Denied {
            Some(Omission::DeniedClaim)
        } else if [&c.subject, &c.object]
            .iter()
            .any(|k| kind_of(k).is_none_or(|kind| kind == ActorKind::Region))
        {
            Some(Omission::RegionEndpoint)
        } else {
            None
        };
        match omission {
            Some(reason) => report.omit(reason, 1),
            None => claims.push(c),
        }
    }
    // An authority the import made up is written as the text of `authority`, not as
    // an entity, unless another claim links to it.
    let endpoints: HashSet<&str> = claims
        .iter()
        .flat_map(|c| {
            let by_name = c.relation == Relation::Sanctions && is_authority_key(c.subject.as_str());
            let subject = (!by_name).then_some(c.subject.as_str());
            subject.into_iter().chain([c.object.as_str()])
        })
        .collect();
    let mut actors: Vec<&Actor> = Vec::new();
    for a in graph.actors() {
        let made_up = is_source_key(a.key.as_str()) || is_authority_key(a.key.as_str());
        if a.kind == ActorKind::Region {
            report.omit(Omission::RegionActor, 1);
        } else if made_up && !endpoints.contains(a.key.as_str()) {
            report.omit(Omission::ImportedSourceActor, 1);
        } else {
            actors.push(a);
        }
    }
    // Imported ids first, so that a hashed id can never take an original's place.
    let mut used: HashSet<String> = HashSet::new();
    let mut ids: HashMap<&str, String> = HashMap::new();
    for a in &actors {
        if let Some(id) = a.external_ids.get("ftm").filter(|id| is_ftm_id(id))
            && used.insert(id.clone())
        {
            ids.insert(a.key.as_str(), id.clone());
        }
    }
    for a in &actors {
        if !ids.contains_key(a.key.as_str()) {
            let id = unique_id("actor", a.key.as_str(), &mut used);
            ids.insert(a.key.as_str(), id);
        }
    }
    for a in &actors {
        let id = ids.get(a.key.as_str()).map_or("", String::as_str);
        write_actor(&mut writer, a, id)?;
        report.actors += 1;
    }
    for a in &actors {
        let holder = ids.get(a.key.as_str()).map_or("", String::as_str);
        write_identities(&mut writer, a, holder, &mut used)?;
    }
    for claim in &claims {
        write_claim(&mut writer, graph, claim, &ids, &mut used)?;
        report.claims += 1;
        report.attributions += claim.evidence.len();
    }
    writer.flush()?;
    Ok(report)
}

/// Writes an actor as an FtM legal entity.
fn write_actor(writer: &mut impl Write, actor: &Actor, id: &str) -> Result<(), IoError> {
    let reads_as = (actor.kind, actor.group_type);
    let schema = actor
        .attributes
        .get(&attribute_name("schema", 1))
        .map(String::as_str)
        .filter(|s| actor_kind(s) == Some(reads_as))
        .or_else(|| schema_for(actor.kind, actor.group_type))
        .unwrap_or("LegalEntity");
    let mut properties = Properties::new();
    properties.insert("name".to_owned(), vec![actor.name.clone()]);
    // Attribute `ftm:<property>[:<n>]`, ordered by n.
    let mut numbered: BTreeMap<String, BTreeMap<usize, String>> = BTreeMap::new();
    for (name, value) in &actor.attributes {
        let Some(rest) = name.strip_prefix(FTM_PREFIX) else {
            continue;
        };
        let (property, n) = match rest.rsplit_once(':') {
            Some((p, n)) => match n.parse::<usize>() {
                Ok(n) if n >= 2 => (p, n),
                _ => (rest, 1),
            },
            None => (rest, 1),
        };
        if !property.is_empty() && property != "schema" {
            numbered
                .entry(property.to_owned())
                .or_default()
                .insert(n, value.clone());
        }
    }
    let aliases = actor
        .aliases
        .iter()
        .map(|a| ("alias".to_owned(), a.name.clone()));
    let attributes = numbered
        .into_iter()
        .flat_map(|(p, values)| values.into_values().map(move |v| (p.clone(), v)));
    for (property, value) in aliases.chain(attributes) {
        let is_primary = property == "alias" && value == actor.name;
        let values = properties.entry(property).or_default();
        if !values.contains(&value) && !is_primary {
            values.push(value);
        }
    }
    properties.retain(|_, v| !v.is_empty());
    if let Some(qid) = actor.external_ids.get("wikidata") {
        properties
            .entry("wikidataId".to_owned())
            .or_insert_with(|| vec![qid.clone()]);
    }
    let mut context = Map::new();
    if actor.key.as_str() != format!("{FTM_PREFIX}{id}") {
        context.insert("key".to_owned(), Value::from(actor.key.as_str()));
    }
    if actor_kind(schema) != Some(reads_as) {
        context.insert("kind".to_owned(), Value::from(actor.kind.as_str()));
        if let Some(g) = actor.group_type {
            let g = serde_json::to_value(g).map_err(std::io::Error::from)?;
            context.insert("group_type".to_owned(), g);
        }
    }
    write_entity(
        writer,
        id,
        schema,
        properties,
        Vec::new(),
        context,
        Vec::new(),
    )
}

/// Writes a claim as FtM interval entities: one per FtM record among its evidence,
/// one for the rest.
fn write_claim(
    writer: &mut impl Write,
    graph: &ClaimGraph,
    claim: &Claim,
    ids: &HashMap<&str, String>,
    used: &mut HashSet<String>,
) -> Result<(), IoError> {
    let Some(schema) = claim.relation.ftm_schema().and_then(link_schema) else {
        return Ok(());
    };
    let name_of = |key: &ActorKey| graph.actor_by_key(key.as_str()).map(|a| a.name.clone());
    // A made-up authority is named by its text (see `write`).
    let subject = match ids.get(claim.subject.as_str()) {
        Some(id) => Some(id.clone()),
        None if is_authority_key(claim.subject.as_str()) => name_of(&claim.subject),
        None => None,
    };
    let (Some(subject), Some(object)) = (subject, ids.get(claim.object.as_str())) else {
        return Ok(());
    };
    // Group the evidence: each FtM record alone, everything else together.
    let mut groups: Vec<(Option<&str>, Vec<&Attribution>)> = Vec::new();
    for a in &claim.evidence {
        let record = record_of(a).map(|(_, id)| id);
        match groups.iter_mut().find(|(r, _)| *r == record) {
            Some((_, group)) => group.push(a),
            None => groups.push((record, vec![a])),
        }
    }
    // A claim's own FtM id names the entity of its evidence that is no FtM record.
    let records: Vec<&str> = groups.iter().filter_map(|(r, _)| *r).collect();
    let own_id = claim
        .external_ids
        .iter()
        .filter_map(|x| x.strip_prefix(FTM_PREFIX))
        .find(|id| is_ftm_id(id) && !records.contains(id) && !used.contains(*id));
    for (record, group) in groups {
        let mut properties = Properties::new();
        let mut seen = Vec::new();
        if record.is_some() {
            if let Some(excerpt) = group.first().and_then(|a| a.excerpt.as_deref()) {
                properties = serde_json::from_str(excerpt).unwrap_or_default();
            }
            for name in SEEN_FIELDS {
                if let Some(text) = properties.remove(name).and_then(|v| v.into_iter().next()) {
                    seen.push((name, text));
                }
            }
        } else {
            let summaries: Vec<String> = group.iter().filter_map(|a| a.excerpt.clone()).collect();
            prepend(&mut properties, "summary", summaries);
        }
        properties.insert(schema.subject.to_owned(), vec![subject.clone()]);
        if schema.schema == "Sanction" {
            let listed = group
                .iter()
                .filter_map(|a| a.document.as_ref()?.published)
                .map(|d| d.to_string())
                .take(1);
            prepend(&mut properties, "listingDate", listed.collect());
        }
        properties.insert(schema.object.to_owned(), vec![object.clone()]);
        if claim.valid.is_single() {
            let date = claim.valid.start().map(|d| d.to_string());
            prepend(&mut properties, "date", date.into_iter().collect());
        } else {
            let start = claim.valid.start().map(|d| d.to_string());
            let end = claim.valid.end().map(|d| d.to_string());
            prepend(&mut properties, "startDate", start.into_iter().collect());
            prepend(&mut properties, "endDate", end.into_iter().collect());
        }
        let urls: Vec<String> = group
            .iter()
            .filter_map(|a| a.document.as_ref().and_then(|d| d.url.clone()))
            .collect();
        prepend(&mut properties, "sourceUrl", urls);
        let mut publishers = Vec::new();
        let mut datasets = Vec::new();
        for a in &group {
            let speakers = a
                .outlet
                .iter()
                .chain(&a.relays)
                .chain(a.claimant.iter().filter(|_| a.outlet.is_none()));
            for key in speakers {
                let Some(name) = name_of(key) else { continue };
                let list = if key.as_str() == DEFAULT_SOURCE {
                    continue;
                } else if key.as_str().starts_with(DATASET_PREFIX) {
                    &mut datasets
                } else {
                    &mut publishers
                };
                if !list.contains(&name) {
                    list.push(name);
                }
            }
        }
        prepend(&mut properties, "publisher", publishers);
        // With `first_seen` in the excerpt the reported date came from it, not from
        // `retrievedAt`.
        let first_seen = seen.iter().any(|(name, _)| *name == "first_seen");
        let retrieved: Vec<String> = if record.is_some() && !first_seen {
            group
                .iter()
                .filter_map(|a| a.reported.map(|d| d.to_string()))
                .take(1)
                .collect()
        } else {
            Vec::new()
        };
        prepend(&mut properties, "retrievedAt", retrieved);
        if let Relation::Custom(name) = &claim.relation {
            properties
                .entry("role".to_owned())
                .or_insert_with(|| vec![name.clone()]);
        }
        let role = properties
            .get("role")
            .and_then(|v| v.first())
            .map(String::as_str);
        let mut context = Map::new();
        if default_relation(schema.schema, role).as_ref() != Some(&claim.relation) {
            context.insert(
                "relation".to_owned(),
                Value::from(claim.relation.to_string()),
            );
        }
        let id = match (record, own_id) {
            (Some(r), _) if used.insert(r.to_owned()) => r.to_owned(),
            (None, Some(own)) if used.insert(own.to_owned()) => own.to_owned(),
            _ => unique_id(
                "claim",
                &format!("{}#{}", claim.key(), record.unwrap_or("")),
                used,
            ),
        };
        write_entity(
            writer,
            &id,
            schema.schema,
            properties,
            datasets,
            context,
            seen,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYMENT: &str = r#"{"id": "a", "schema": "Person", "properties": {"name": ["Ann"]}}
{"id": "b", "schema": "Company", "properties": {"name": ["Bee"]}}
{"id": "p", "schema": "Payment", "properties": {"payer": ["a"], "beneficiary": ["b"]}}
"#;

    #[test]
    fn options_set_the_dataset_and_the_grade() {
        let mut g = ClaimGraph::new();
        let options = FtmOptions::new()
            .with_confidence(0.6)
            .with_dataset("leak 2024");
        let report = crate::io::Importer::from_format(crate::io::Format::FollowTheMoney)
            .ftm_options(options)
            .import(PAYMENT.as_bytes(), &mut g)
            .unwrap();
        assert_eq!((report.claims_new, report.actors_new), (1, 3));
        let claim = g.claims().next().unwrap().to_claim();
        let a = &claim.evidence[0];
        assert_eq!(
            a.outlet.as_ref().map(|k| k.as_str()),
            Some("ftm-dataset:leak_2024")
        );
        assert_eq!(a.grade, Grade::Confidence(0.6));
        let source = g.actor_by_key("ftm-dataset:leak_2024").unwrap();
        assert_eq!(source.name, "leak 2024");
        assert_eq!(claim.valid, ValidTime::ALWAYS);
    }

    #[test]
    fn a_confidence_outside_the_unit_interval_is_a_field_error() {
        let options = FtmOptions::new().with_confidence(1.5);
        let result = crate::io::Importer::from_format(crate::io::Format::FollowTheMoney)
            .ftm_options(options)
            .skip_invalid(true)
            .import(PAYMENT.as_bytes(), &mut ClaimGraph::new());
        let error = result.unwrap_err().error;
        assert_eq!(error.position(), Some(&Position::item("confidence")));
        assert_eq!(error.reason(), Some(SkipReason::InvalidValue));
    }

    #[test]
    fn custom_names_and_ids() {
        assert_eq!(custom_name("Business partner"), "business_partner");
        assert_eq!(custom_name("  --  "), "unknown_link");
        assert_eq!(custom_name("Co-Owner (50%)"), "co_owner_50");
        assert!(is_ftm_id("2216b422a31242fe204654ce194864661f515921"));
        assert!(is_ftm_id("de-reg.123"));
        assert!(!is_ftm_id("la_nacion") && !is_ftm_id("-a") && !is_ftm_id("a.") && !is_ftm_id(""));
        let id = hashed_id("actor", "iran");
        assert_eq!(id.len(), 35);
        assert!(is_ftm_id(&id));
        assert_ne!(id, hashed_id("actor", "irao"));
        assert_ne!(id, hashed_id("claim", "iran"));
    }

    #[test]
    fn dates_keep_their_precision_and_lose_the_time() {
        let d = |t: &str| parse_date("date", t).map(|d| d.to_string());
        assert_eq!(d("2019").unwrap(), "2019");
        assert_eq!(d("2019-05").unwrap(), "2019-05");
        assert_eq!(d("2019-05-03T10:11:12Z").unwrap(), "2019-05-03");
        assert_eq!(d("2019-05-03 10:11").unwrap(), "2019-05-03");
        assert!(matches!(
            parse_date("endDate", "2019-02-30"),
            Err(Invalid { ref field, reason: SkipReason::InvalidDate, .. }) if field.as_deref() == Some("endDate")
        ));
    }
}
