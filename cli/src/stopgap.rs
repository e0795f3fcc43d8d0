//! What the CLI needs and the library does not offer yet, built on today's public API.
//!
//! Each item names the library feature that replaces it (issue 10 unless said):
//! - [`search`], [`suggestions`], [`resolve`]: prefix and similarity name search
//!   (`find` by prefix, ranked "did you mean" suggestions) on the read trait.
//! - [`vocab`]: `FromStr` / `Display` for `ActorKind`, `StatementKind`, `Polarity`,
//!   `GroupType`, `RelationFamily` (issue 10, exports).
//! - [`Judged`] and [`claim_row`]: the borrowed claim view with `Display` (one
//!   readable line per claim, with its sources).
//! - [`ego_scope`]: `Scope` (ego network of N hops, pair of neighbourhoods) for
//!   timelines.
//! - [`routes`]: routes instead of one simple path per parallel claim.

use std::collections::{BTreeMap, HashMap};

use claimgraph::analysis::{CorroborationEntry, corroboration};
use claimgraph::model::{Attribution, Claim, Grade, fold_name};
use claimgraph::query::Filter;
use claimgraph::store::LookupError;
use claimgraph::traverse::Path;
use claimgraph::{ActorId, ClaimGraph, ClaimId};
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
            None => ActorRef {
                key: format!("#{}", id.index()),
                name: format!("#{}", id.index()),
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

// ----- name search -----------------------------------------------------------------

/// How a name matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The key itself.
    Key,
    /// A name or alias, case and accents folded.
    Exact,
    /// The beginning of a name or alias.
    Prefix,
    /// The beginning of a word inside a name or alias ("Morales" in "Evo Morales").
    WordPrefix,
}

/// One actor found by [`search`].
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    #[serde(skip)]
    pub id: ActorId,
    #[serde(rename = "match")]
    pub how: MatchKind,
    /// The name or alias that matched.
    pub matched: String,
}

/// Actors whose key, name or alias matches `query`: exact (folded), then prefix, then
/// word prefix; each actor once, with its best match; ordered by match kind, then
/// name.
pub fn search(graph: &ClaimGraph, query: &str) -> Vec<Found> {
    let q = fold_name(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<Found> = Vec::new();
    for id in graph.actor_ids() {
        let Some(actor) = graph.actor(id) else {
            continue;
        };
        let mut candidates: Vec<(MatchKind, &str)> = Vec::new();
        if actor.key.as_str() == query {
            candidates.push((MatchKind::Key, actor.key.as_str()));
        }
        for name in actor.names() {
            let folded = fold_name(name);
            if folded == q {
                candidates.push((MatchKind::Exact, name));
            } else if folded.starts_with(&q) {
                candidates.push((MatchKind::Prefix, name));
            } else if folded.split(' ').skip(1).any(|w| w.starts_with(&q)) {
                candidates.push((MatchKind::WordPrefix, name));
            }
        }
        // The first of the best kind: the key, then the name before its aliases.
        let best = candidates.iter().min_by_key(|c| c.0).copied();
        if let Some((how, text)) = best {
            found.push(Found {
                id,
                how,
                matched: text.to_owned(),
            });
        }
    }
    found.sort_by(|a, b| {
        a.how
            .cmp(&b.how)
            .then_with(|| name_of(graph, a.id).cmp(&name_of(graph, b.id)))
    });
    found
}

fn name_of(graph: &ClaimGraph, id: ActorId) -> String {
    graph.actor(id).map_or_else(String::new, |a| a.name.clone())
}

/// Up to five actors whose names are close to `query` (edit distance on folded
/// names), best first: the "did you mean" list.
pub fn suggestions(graph: &ClaimGraph, query: &str) -> Vec<ActorId> {
    let q = fold_name(query);
    let limit = (q.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, String, ActorId)> = Vec::new();
    for id in graph.actor_ids() {
        let Some(actor) = graph.actor(id) else {
            continue;
        };
        let best = actor
            .names()
            .chain(std::iter::once(actor.key.as_str()))
            .map(|n| {
                let f = fold_name(n);
                let whole = edit_distance(&q, &f);
                // A typo in one word of a longer name ("hezbolah" for "hezbollah").
                let word = f
                    .split(' ')
                    .map(|w| edit_distance(&q, w))
                    .min()
                    .unwrap_or(whole);
                whole.min(word)
            })
            .min()
            .unwrap_or(usize::MAX);
        if best <= limit {
            scored.push((best, actor.name.clone(), id));
        }
    }
    scored.sort();
    scored.into_iter().take(5).map(|(_, _, id)| id).collect()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The "did you mean" clause of a not-found message: names beginning with the text
/// first, then names close to it.
pub fn did_you_mean(graph: &ClaimGraph, query: &str) -> String {
    let mut ids: Vec<ActorId> = search(graph, query).into_iter().map(|f| f.id).collect();
    for id in suggestions(graph, query) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let names: Vec<String> = ids
        .into_iter()
        .take(5)
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
    if let Some(id) = graph.actor_id(text) {
        return Ok(id);
    }
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

// ----- vocabulary ------------------------------------------------------------------

pub mod vocab {
    //! Names of the vocabulary enums as the files write them, until the library gives
    //! them `FromStr` and `Display`.

    use claimgraph::model::{ActorKind, Polarity, RelationFamily, RelationKind, StatementKind};

    /// A serde-named enum's name (`media_outlet`, `assessment`).
    fn serde_name<T: serde::Serialize>(value: T) -> String {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        }
    }

    pub fn statement(kind: StatementKind) -> String {
        serde_name(kind)
    }

    pub fn polarity(p: Polarity) -> String {
        serde_name(p)
    }

    pub fn group_type<T: serde::Serialize>(g: T) -> String {
        serde_name(g)
    }

    pub fn family(f: RelationFamily) -> String {
        format!("{f:?}").to_lowercase()
    }

    pub fn actor_kind(text: &str) -> Result<ActorKind, String> {
        ActorKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| {
                let all: Vec<&str> = ActorKind::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown actor kind \"{text}\" (one of {})", all.join(", "))
            })
    }

    pub fn statement_kind(text: &str) -> Result<StatementKind, String> {
        StatementKind::ALL
            .into_iter()
            .find(|k| statement(*k) == text)
            .ok_or_else(|| {
                format!("unknown statement kind \"{text}\" (one of event, tie, assessment)")
            })
    }

    /// A relation kind, or every kind of a family.
    pub fn relation_kinds(text: &str) -> Result<Vec<RelationKind>, String> {
        if let Ok(kind) = text.parse::<RelationKind>() {
            return Ok(vec![kind]);
        }
        let family: Vec<RelationKind> = RelationKind::ALL
            .into_iter()
            .filter(|k| family(k.family()) == text)
            .collect();
        if family.is_empty() {
            Err(format!(
                "unknown relation or family \"{text}\" (families: diplomatic, material, conflict, structural, illicit, communication, custom)"
            ))
        } else {
            Ok(family)
        }
    }
}

// ----- claims as rows ----------------------------------------------------------------

/// Every claim a filter admits, with its confidence, origins and sources under that
/// filter (from the library's corroboration report).
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
    pub text: String,
    /// `text` without the confidence: "Iran supplies arms Bolivia (2023-07)".
    #[serde(skip)]
    pub headline: String,
    pub subject: ActorRef,
    pub relation: String,
    pub object: ActorRef,
    pub polarity: String,
    pub valid: String,
    pub statement: String,
    pub confidence: f64,
    pub origins: usize,
    pub sources: Vec<ActorRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Vec<EvidenceRow>>,
}

fn grade_text(g: &Grade) -> String {
    match g {
        Grade::Admiralty(a) => a.to_string(),
        Grade::Confidence(c) => format!("{c:.2}"),
    }
}

fn evidence_row(graph: &ClaimGraph, a: &Attribution) -> EvidenceRow {
    let actor = |k: &claimgraph::model::ActorKey| ActorRef::by_key(graph, k.as_str());
    let claimant = a.claimant.as_ref().map(actor);
    let outlet = a.outlet.as_ref().map(actor);
    let relays: Vec<ActorRef> = a.relays.iter().map(actor).collect();
    let mut chain: Vec<&str> = Vec::new();
    if let Some(c) = &claimant {
        chain.push(&c.name);
    }
    if let Some(o) = &outlet
        && claimant.as_ref() != Some(o)
    {
        chain.push(&o.name);
    }
    chain.extend(relays.iter().map(|r| r.name.as_str()));
    let grade = grade_text(&a.grade);
    let mut text = format!("{} ({grade})", chain.join(" → "));
    if let Some(d) = &a.document {
        match (&d.title, &d.url) {
            (Some(t), Some(u)) => text.push_str(&format!(", \"{t}\" <{u}>")),
            (Some(t), None) => text.push_str(&format!(", \"{t}\"")),
            (None, Some(u)) => text.push_str(&format!(", <{u}>")),
            (None, None) => {}
        }
    }
    if let Some(r) = &a.reported {
        text.push_str(&format!(", reported {r}"));
    }
    EvidenceRow {
        claimant,
        outlet,
        relays,
        document: a.document.as_ref().map(|d| DocumentRow {
            url: d.url.clone(),
            title: d.title.clone(),
            lang: d.lang.clone(),
            published: d.published.map(|p| p.to_string()),
        }),
        excerpt: a.excerpt.clone(),
        reported: a.reported.map(|r| r.to_string()),
        grade,
        grade_confidence: a.grade.value(),
        text,
    }
}

/// "Iran supplies arms Bolivia (2023-07)".
fn headline(subject: &ActorRef, claim: &Claim, object: &ActorRef) -> String {
    let denied = if claim.polarity == claimgraph::model::Polarity::Denied {
        "NOT "
    } else {
        ""
    };
    let valid = claim.valid.to_string();
    let when = if valid == ".." {
        String::new()
    } else {
        format!(" ({valid})")
    };
    format!(
        "{} {denied}{} {}{when}",
        subject.name,
        readable_relation(&claim.relation.to_string()),
        object.name,
    )
}

/// `involved_in:drug_trafficking` as "involved in (drug trafficking)".
fn readable_relation(name: &str) -> String {
    match name.split_once(':') {
        Some((head, param)) => format!("{} ({})", head.replace('_', " "), param.replace('_', " ")),
        None => name.replace('_', " "),
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
    let claim = graph.claim(id)?;
    let subject = ActorRef::of(graph, entry.subject);
    let object = ActorRef::of(graph, entry.object);
    let headline = headline(&subject, &claim, &object);
    Some(ClaimRow {
        id: id.index(),
        text: format!(
            "{headline}, {:.2} from {} voice{}",
            entry.confidence,
            entry.origins,
            if entry.origins == 1 { "" } else { "s" }
        ),
        headline,
        relation: claim.relation.to_string(),
        polarity: vocab::polarity(claim.polarity),
        valid: claim.valid.to_string(),
        statement: vocab::statement(claim.statement),
        confidence: entry.confidence,
        origins: entry.origins,
        sources: entry
            .sources
            .iter()
            .map(|s| ActorRef::of(graph, *s))
            .collect(),
        evidence: with_evidence.then(|| {
            claim
                .evidence
                .iter()
                .map(|a| evidence_row(graph, a))
                .collect()
        }),
        subject,
        object,
    })
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

// ----- scopes ----------------------------------------------------------------------

/// A timeline scope: `ego:N`.
pub fn parse_scope(text: &str) -> CliResult<usize> {
    text.strip_prefix("ego:")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "unknown scope \"{text}\" (expected ego:N, such as ego:1)"
            ))
        })
}

/// Claims of an ego scope, in timeline order: with one centre, every claim between two
/// actors within `hops` of it; with two, every claim with one end within `hops` of
/// each centre.
pub fn ego_scope(
    graph: &ClaimGraph,
    a: ActorId,
    b: Option<ActorId>,
    hops: usize,
    filter: &Filter,
) -> Vec<claimgraph::query::TimelineEntry> {
    use claimgraph::query::timeline_of;
    use claimgraph::traverse::k_hop;
    use std::collections::HashSet;
    let ego = |c: ActorId| -> HashSet<ActorId> {
        k_hop(graph, c, hops, filter)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    };
    let near_a = ego(a);
    let near_b = b.map(ego);
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    for &actor in &near_a {
        for e in timeline_of(graph, actor, filter) {
            let keep = match &near_b {
                None => near_a.contains(&e.subject) && near_a.contains(&e.object),
                Some(nb) => {
                    (near_a.contains(&e.subject) && nb.contains(&e.object))
                        || (nb.contains(&e.subject) && near_a.contains(&e.object))
                }
            };
            if keep && seen.insert(e.claim) {
                entries.push(e);
            }
        }
    }
    entries.sort_by(|x, y| x.valid.cmp(&y.valid).then(x.claim.cmp(&y.claim)));
    entries
}

// ----- routes ----------------------------------------------------------------------

/// One sequence of actors between two, with every claim that links each hop.
#[derive(Debug, Clone)]
pub struct Route {
    pub actors: Vec<ActorId>,
    /// Per hop, the claims crossing it, with the best first.
    pub hops: Vec<Vec<(ClaimId, f64)>>,
}

/// Groups per-claim simple paths into routes (one per actor sequence), in the order
/// each route is first found; stops after `limit` paths.
pub fn routes(
    graph: &ClaimGraph,
    paths: impl Iterator<Item = Path>,
    filter: &Filter,
    limit: usize,
) -> (Vec<Route>, bool) {
    let judged = Judged::new(graph, filter);
    let mut order: Vec<Vec<ActorId>> = Vec::new();
    let mut by_route: BTreeMap<Vec<usize>, Vec<Vec<(ClaimId, f64)>>> = BTreeMap::new();
    let mut truncated = false;
    for (n, path) in paths.enumerate() {
        if n == limit {
            truncated = true;
            break;
        }
        let key: Vec<usize> = path.actors.iter().map(|a| a.index()).collect();
        let hops = by_route.entry(key).or_insert_with(|| {
            order.push(path.actors.clone());
            vec![Vec::new(); path.claims.len()]
        });
        for (hop, claim) in path.claims.iter().enumerate() {
            if !hops[hop].iter().any(|(c, _)| c == claim) {
                let c = judged.get(*claim).map_or(0.0, |e| e.confidence);
                hops[hop].push((*claim, c));
            }
        }
    }
    let routes = order
        .into_iter()
        .map(|actors| {
            let key: Vec<usize> = actors.iter().map(|a| a.index()).collect();
            let mut hops = by_route.remove(&key).unwrap_or_default();
            for hop in &mut hops {
                hop.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            }
            Route { actors, hops }
        })
        .collect();
    (routes, truncated)
}
