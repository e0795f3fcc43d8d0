//! How the CLI names actors and claims in its outputs (the JSON shapes of
//! cli/README.md), and how it turns the names typed on the command line into actors.
//! Every judgement comes from the library: names from `ReadGraph::find`,
//! `find_prefix` and `find_similar`, claim sentences from `ClaimView`'s `Display`,
//! confidence under a filter from `analysis::corroboration`.

use std::collections::HashMap;

use claimgraph::analysis::{CorroborationEntry, corroboration};
use claimgraph::model::{Document, Grade, RelationFamily, RelationKind};
use claimgraph::query::{ClaimView, EvidenceView, Filter, Scope};
use claimgraph::store::LookupError;
use claimgraph::{ActorId, ClaimGraph, ClaimId, ReadGraph};
use serde::Serialize;

use crate::error::{CliError, CliResult};

// ----- actor references ------------------------------------------------------------

/// An actor as every JSON output names it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ActorRef {
    pub key: String,
    pub name: String,
    pub kind: String,
}

impl ActorRef {
    pub fn of(graph: &ClaimGraph, id: ActorId) -> ActorRef {
        match graph.actor(id) {
            Some(a) => ActorRef {
                key: a.key.to_string(),
                name: a.name.clone(),
                kind: a.kind.to_string(),
            },
            // Ids come from the same graph the command loaded, so this is not
            // reached; a placeholder beats a panic in an output.
            None => ActorRef {
                key: "?".to_owned(),
                name: "?".to_owned(),
                kind: String::new(),
            },
        }
    }

    pub fn by_key(graph: &ClaimGraph, key: &str) -> ActorRef {
        match graph.actor_id(key) {
            Some(id) => ActorRef::of(graph, id),
            None => ActorRef {
                key: key.to_owned(),
                name: key.to_owned(),
                kind: String::new(),
            },
        }
    }
}

// ----- names typed on the command line -----------------------------------------------

/// How many "did you mean" suggestions a message offers.
const SUGGESTIONS: usize = 5;

/// The "did you mean" clause of a not-found message: names beginning with the text
/// first (`find_prefix`), then names close to it (`find_similar`).
pub fn did_you_mean(graph: &ClaimGraph, query: &str) -> String {
    let mut ids: Vec<ActorId> = Vec::new();
    let found = graph
        .find_prefix(query, SUGGESTIONS)
        .into_iter()
        .chain(graph.find_similar(query, SUGGESTIONS));
    for m in found {
        if !ids.contains(&m.actor) {
            ids.push(m.actor);
        }
    }
    let names: Vec<String> = ids
        .into_iter()
        .take(SUGGESTIONS)
        .filter_map(|id| graph.actor(id))
        .map(|a| format!("{} ({})", a.name, a.key))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", names.join(", "))
    }
}

/// The one actor `text` names: its key, or a name or alias (case and accents folded).
/// A mere beginning of a name is not taken ("usa" must not silently become
/// usatoday.com); it is offered as a suggestion. Not found and ambiguous names are
/// exit 4, with suggestions or candidates.
pub fn resolve(graph: &ClaimGraph, text: &str) -> CliResult<ActorId> {
    match graph.find(text) {
        Ok(id) => Ok(id),
        Err(LookupError::Ambiguous { candidates, .. }) => {
            let keys: Vec<&str> = candidates.iter().map(|k| k.as_str()).collect();
            Err(CliError::NotFound(format!(
                "the name \"{text}\" is shared by several actors; name one by key: {}",
                keys.join(", ")
            )))
        }
        Err(_) => Err(CliError::NotFound(format!(
            "no actor is named \"{text}\"{}",
            did_you_mean(graph, text)
        ))),
    }
}

/// The scope of `--about A [--about B ...]`: the claims touching any of them.
pub fn about(graph: &ClaimGraph, names: &[String]) -> CliResult<Scope> {
    let ids = names
        .iter()
        .map(|n| resolve(graph, n))
        .collect::<CliResult<Vec<_>>>()?;
    Ok(Scope::set(ids))
}

/// A relation kind, or every kind of a family (`--relation material`).
pub fn relation_kinds(text: &str) -> Result<Vec<RelationKind>, String> {
    if let Ok(kind) = text.parse::<RelationKind>() {
        return Ok(vec![kind]);
    }
    let family: RelationFamily = text.parse().map_err(|_| {
        let families: Vec<String> = RelationFamily::NAMES
            .iter()
            .map(|(_, n)| (*n).to_owned())
            .collect();
        format!(
            "unknown relation or family \"{text}\" (families: {})",
            families.join(", ")
        )
    })?;
    Ok(RelationKind::ALL
        .into_iter()
        .filter(|k| k.family() == family)
        .collect())
}

// ----- claims as rows ----------------------------------------------------------------

/// Every claim a filter admits, with its confidence, origins and sources under that
/// filter: the library's corroboration report, by claim.
pub struct Judged {
    entries: HashMap<ClaimId, CorroborationEntry>,
}

impl Judged {
    pub fn new(graph: &ClaimGraph, filter: &Filter) -> Judged {
        let report = corroboration(graph, filter);
        Judged {
            entries: report.entries.into_iter().map(|e| (e.claim, e)).collect(),
        }
    }

    pub fn get(&self, id: ClaimId) -> Option<&CorroborationEntry> {
        self.entries.get(&id)
    }
}

/// One piece of evidence: who said it, where, relayed by whom, how graded.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRow {
    pub claimant: Option<ActorRef>,
    pub outlet: Option<ActorRef>,
    pub relays: Vec<ActorRef>,
    pub document: Option<DocumentRow>,
    pub excerpt: Option<String>,
    pub reported: Option<String>,
    pub grade: String,
    pub grade_confidence: f64,
    pub text: String,
}

/// The document evidence was read in.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRow {
    pub url: Option<String>,
    pub title: Option<String>,
    pub lang: Option<String>,
    pub published: Option<String>,
}

/// One claim as the CLI prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRow {
    pub id: usize,
    /// The library's sentence for the claim, and what the filter leaves of it when
    /// that differs.
    pub text: String,
    pub subject: ActorRef,
    pub relation: String,
    pub object: ActorRef,
    pub polarity: String,
    pub valid: String,
    pub statement: String,
    /// Under the filter.
    pub confidence: f64,
    /// Under the filter.
    pub origins: usize,
    pub sources: Vec<ActorRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<EvidenceRow>>,
}

fn grade_text(g: Grade) -> String {
    match g {
        Grade::Admiralty(a) => a.to_string(),
        Grade::Confidence(c) => format!("{c:.2}"),
    }
}

/// The library's line for the attribution, with the document and reported date the
/// one-line `Display` leaves out.
fn evidence_row(graph: &ClaimGraph, e: EvidenceView<'_>) -> EvidenceRow {
    let actor = |id: ActorId| ActorRef::of(graph, id);
    let mut text = e.to_string();
    if let Some(d) = e.document() {
        match (&d.title, &d.url) {
            (Some(t), Some(u)) => text.push_str(&format!(", \"{t}\" <{u}>")),
            (Some(t), None) => text.push_str(&format!(", \"{t}\"")),
            (None, Some(u)) => text.push_str(&format!(", <{u}>")),
            (None, None) => {}
        }
    }
    if let Some(r) = e.reported() {
        text.push_str(&format!(", reported {r}"));
    }
    EvidenceRow {
        claimant: e.claimant().map(actor),
        outlet: e.outlet().map(actor),
        relays: e.relays().map(actor).collect(),
        document: e.document().map(document_row),
        excerpt: e.excerpt().map(str::to_owned),
        reported: e.reported().map(|r| r.to_string()),
        grade: grade_text(e.grade()),
        grade_confidence: e.grade().value(),
        text,
    }
}

fn document_row(d: &Document) -> DocumentRow {
    DocumentRow {
        url: d.url.clone(),
        title: d.title.clone(),
        lang: d.lang.clone(),
        published: d.published.map(|p| p.to_string()),
    }
}

fn voices(n: usize) -> String {
    format!("{n} voice{}", if n == 1 { "" } else { "s" })
}

/// The row of a claim, judged under the filter.
fn row(
    graph: &ClaimGraph,
    view: ClaimView<'_>,
    entry: &CorroborationEntry,
    with_evidence: bool,
) -> ClaimRow {
    let mut text = view.to_string();
    // Evidence filters (--trust, --exclude, --as-known-at) judge the claim on part
    // of its evidence; the sentence shows all of it, so the judgement is added.
    if entry.origins != view.origins() || (entry.confidence - view.confidence()).abs() > 1e-9 {
        text.push_str(&format!(
            " [under the filter: {:.2} from {}]",
            entry.confidence,
            voices(entry.origins)
        ));
    }
    ClaimRow {
        id: view.id().index(),
        text,
        subject: ActorRef::of(graph, view.subject()),
        relation: view.relation().to_string(),
        object: ActorRef::of(graph, view.object()),
        polarity: view.polarity().to_string(),
        valid: view.valid().to_string(),
        statement: view.statement().to_string(),
        confidence: entry.confidence,
        origins: entry.origins,
        sources: entry
            .sources
            .iter()
            .map(|s| ActorRef::of(graph, *s))
            .collect(),
        evidence: with_evidence.then(|| view.evidence().map(|e| evidence_row(graph, e)).collect()),
    }
}

/// The row of claim `id`, if the filter admits it.
pub fn claim_row(
    graph: &ClaimGraph,
    judged: &Judged,
    id: ClaimId,
    with_evidence: bool,
) -> Option<ClaimRow> {
    let entry = judged.get(id)?;
    let view = graph.claim(id)?;
    Some(row(graph, view, entry, with_evidence))
}

/// Rows of the claims in `ids` the filter admits, in that order.
pub fn claim_rows(
    graph: &ClaimGraph,
    judged: &Judged,
    ids: impl IntoIterator<Item = ClaimId>,
    with_evidence: bool,
) -> Vec<ClaimRow> {
    ids.into_iter()
        .filter_map(|id| claim_row(graph, judged, id, with_evidence))
        .collect()
}
