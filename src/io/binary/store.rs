//! The store file: a [`ClaimGraph`] as columns in the binary container, written by
//! [`ClaimGraph::save`] and read back by [`ClaimGraph::load`] with every actor and
//! claim in its slot.
//!
//! Sections (tags), all columns in the order named:
//!
//! - `meta`: `u64` counts (actor slots, claim slots, actors, claims, attributions,
//!   relays, aliases, actor external ids, actor attributes, claim codes, claim
//!   external ids, folded names, folded-name entries).
//! - Actors, in insertion order: `a.slot` (u32), `a.kind` (u8, index in
//!   `ActorKind::ALL`), `a.group` (u32 word or none), `a.key`, `a.name` (strings),
//!   `a.alias`/`a.xid`/`a.attr` (u64 offsets into `al.*`, `ax.*`, `at.*`).
//! - `words`: short repeated strings (languages, registries, attribute names, group
//!   types) that other columns name by index.
//! - The folded-name index: `n.name` (strings), `n.off` (u64 offsets), `n.slot` (u32).
//! - Tables: `t.rel` (relations as text), `t.code`, `t.xid` (strings), documents
//!   `d.flags` (u8), `d.url`, `d.title` (strings), `d.lang` (u32 word), `d.pub` (u64
//!   date).
//! - Claims, in slot order: `c.slot`, `c.subj`, `c.obj`, `c.rel` (u32), `c.flags` (u8:
//!   polarity, statement kind, single period), `c.start`, `c.end` (u64 dates),
//!   `c.conf` (f64 bits), `c.orig` (u32), `c.codes`/`c.xids`/`c.ev` (u64 offsets into
//!   `c.codeix`, `c.xidix` (u32) and the evidence columns).
//! - Evidence: `e.clmt`, `e.outl` (u32 slot or none), `e.relay` (u64 offsets into
//!   `e.relays`, u32 slots), `e.doc`, `e.exc` (u32 document, excerpt index or none),
//!   `e.rep` (u64 date), `e.grade` (u64: f64 bits of a confidence, or an Admiralty
//!   grade's two letters in a NaN pattern no confidence has), `excerpts` (strings;
//!   written once each, though a reader takes a list that repeats one).
//! - `g.actor`, `g.claim`: slot generations (u32).
//!
//! A date is `year << 16 | month << 8 | day` (month and day 0 when absent, the year as
//! 32-bit two's complement), `u64::MAX` for none; a u32 index `u32::MAX` is none.

use std::collections::BTreeMap;
use std::path::Path;

use petgraph::visit::{EdgeIndexable, NodeIndexable};

use super::BinaryError;
use super::columns::{Column, NONE32, Offsets, StrList, Strings, Words, u32s, u64s};
use super::container::{Kind, Reader, Tag, Writer, tag, tag_name};
use crate::ClaimGraph;
use crate::io::IoError;
use crate::model::{
    Actor, ActorKey, ActorKind, Admiralty, Alias, Document, Grade, GroupType, PartialDate,
    Polarity, Relation, StatementKind, ValidTime,
};
use crate::store::bulk::{Bulk, BulkClaim, BulkError, ClaimParts, EvidenceParts};
use rayon::prelude::*;

const META: Tag = tag("meta");
const META_LEN: usize = 13;
const NONE64: u64 = u64::MAX;
/// The high bits that mark an Admiralty grade: a negative quiet NaN, which no
/// confidence in `[0, 1]` has.
const ADMIRALTY: u64 = 0xfff8_0000_0000_0000;

fn date_code(d: Option<PartialDate>) -> u64 {
    d.map_or(NONE64, |d| {
        (u64::from(d.year_value() as u32) << 16)
            | (u64::from(d.month_value().unwrap_or(0)) << 8)
            | u64::from(d.day_value().unwrap_or(0))
    })
}

fn date(code: u64) -> Result<Option<PartialDate>, String> {
    if code == NONE64 {
        return Ok(None);
    }
    let bad = || format!("{code:#x} is not a date");
    if code >> 48 != 0 {
        return Err(bad());
    }
    let year = (code >> 16) as u32 as i32;
    let (month, day) = ((code >> 8) as u8, code as u8);
    let d = match (month, day) {
        (0, 0) => PartialDate::year(year),
        (m, 0) => PartialDate::month(year, m),
        (m, d) => PartialDate::day(year, m, d),
    };
    d.map(Some).map_err(|_| bad())
}

fn grade_code(g: Grade) -> u64 {
    match g {
        Grade::Confidence(c) => (c + 0.0).to_bits(),
        Grade::Admiralty(a) => {
            let text = a.to_string();
            let b = text.as_bytes();
            ADMIRALTY | (u64::from(b[0]) << 8) | u64::from(b.get(1).copied().unwrap_or(0))
        }
    }
}

fn grade(code: u64) -> Result<Grade, String> {
    if code >> 48 == ADMIRALTY >> 48 {
        let letters = [(code >> 8) as u8, code as u8];
        std::str::from_utf8(&letters)
            .ok()
            .and_then(|t| t.parse::<Admiralty>().ok())
            .map(Grade::Admiralty)
            .ok_or_else(|| format!("{code:#x} is not an Admiralty grade"))
    } else {
        Grade::confidence(f64::from_bits(code)).map_err(|e| e.to_string())
    }
}

fn group_name(g: GroupType) -> String {
    match serde_json::to_value(g) {
        Ok(serde_json::Value::String(s)) => s,
        // GroupType serialises as a string; anything else cannot happen.
        _ => format!("{g:?}"),
    }
}

/// Encodes `g` into `w`'s sections. The one place the writer reads the store's
/// internals (the reader's is `store::bulk`).
pub(crate) fn write_store_sections(g: &ClaimGraph, w: &mut Writer) {
    let mut group_names: BTreeMap<GroupType, String> = BTreeMap::new();
    for a in g.graph.node_weights() {
        if let Some(gt) = a.group_type {
            group_names.entry(gt).or_insert_with(|| group_name(gt));
        }
    }
    let mut words = Words::default();
    // Actors, in insertion order.
    let n = g.keys.len();
    let (mut slot, mut kind, mut group) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut keys, mut names) = (Strings::default(), Strings::default());
    let (mut alias_off, mut xid_off, mut attr_off) = (vec![0u64], vec![0u64], vec![0u64]);
    let (mut alias_name, mut alias_lang) = (Strings::default(), Vec::new());
    let (mut xid_reg, mut xid_val) = (Vec::new(), Strings::default());
    let (mut attr_key, mut attr_val) = (Vec::new(), Strings::default());
    for node in g.keys.values() {
        let a = &*g.graph[node.0];
        slot.push(node.0.index() as u32);
        kind.push(
            ActorKind::ALL
                .iter()
                .position(|k| *k == a.kind)
                .unwrap_or(0) as u8,
        );
        group.push(
            a.group_type
                .map_or(NONE32, |gt| words.id(&group_names[&gt])),
        );
        keys.push(a.key.as_str());
        names.push(&a.name);
        for al in &a.aliases {
            alias_name.push(&al.name);
            alias_lang.push(al.lang.as_deref().map_or(NONE32, |l| words.id(l)));
        }
        alias_off.push(alias_lang.len() as u64);
        for (k, v) in &a.external_ids {
            xid_reg.push(words.id(k));
            xid_val.push(v);
        }
        xid_off.push(xid_reg.len() as u64);
        for (k, v) in &a.attributes {
            attr_key.push(words.id(k));
            attr_val.push(v);
        }
        attr_off.push(attr_key.len() as u64);
    }
    // The folded-name index.
    let (mut fold_name, mut fold_off, mut fold_slot) = (Strings::default(), vec![0u64], Vec::new());
    for (name, slots) in &g.names {
        fold_name.push(name);
        fold_slot.extend(slots.iter().map(|s| s.0.index() as u32));
        fold_off.push(fold_slot.len() as u64);
    }
    // Tables.
    let t = &*g.tables;
    let mut rels = Strings::default();
    for r in &t.relations {
        rels.push(&r.to_string());
    }
    let (mut codes, mut xids) = (Strings::default(), Strings::default());
    for c in &t.codes {
        codes.push(c);
    }
    for x in &t.external_ids {
        xids.push(x);
    }
    let (mut d_flags, mut d_url, mut d_title, mut d_lang, mut d_pub) = (
        Vec::new(),
        Strings::default(),
        Strings::default(),
        Vec::new(),
        Vec::new(),
    );
    for d in &t.documents {
        d_flags.push(u8::from(d.url.is_some()) | (u8::from(d.title.is_some()) << 1));
        d_url.push(d.url.as_deref().unwrap_or(""));
        d_title.push(d.title.as_deref().unwrap_or(""));
        d_lang.push(d.lang.as_deref().map_or(NONE32, |l| words.id(l)));
        d_pub.push(date_code(d.published));
    }
    // Claims in slot order, and their evidence.
    let m = g.graph.edge_count();
    let mut c = ClaimColumns::with_capacity(m);
    for e in g.graph.edge_indices() {
        let Some((s, o)) = g.graph.edge_endpoints(e) else {
            continue;
        };
        let r = &*g.graph[e];
        let valid = r.valid();
        c.slot.push(e.index() as u32);
        c.subj.push(s.index() as u32);
        c.obj.push(o.index() as u32);
        c.rel.push(r.relation);
        let statement = StatementKind::ALL
            .iter()
            .position(|k| *k == r.statement)
            .unwrap_or(0) as u8;
        c.flags.push(
            u8::from(r.polarity == Polarity::Denied)
                | (statement << 1)
                | (u8::from(valid.is_single()) << 3),
        );
        c.start.push(date_code(valid.start()));
        c.end.push(date_code(valid.end()));
        c.conf.push(r.confidence.to_bits());
        c.orig.push(r.origins);
        c.code_ix.extend_from_slice(r.codes());
        c.code_off.push(c.code_ix.len() as u64);
        c.xid_ix.extend_from_slice(r.external_ids());
        c.xid_off.push(c.xid_ix.len() as u64);
        for ev in r.evidence() {
            let slot_of =
                |n: Option<crate::store::NodeSlot>| n.map_or(NONE32, |n| n.0.index() as u32);
            c.e_clmt.push(slot_of(ev.claimant()));
            c.e_outl.push(slot_of(ev.outlet()));
            c.e_relays.extend(ev.relays().map(|n| n.0.index() as u32));
            c.e_relay_off.push(c.e_relays.len() as u64);
            c.e_doc.push(ev.document().unwrap_or(NONE32));
            // Each distinct excerpt once, so that the reader hashes each once.
            c.e_exc.push(match ev.excerpt() {
                Some(x) => *c
                    .excerpt_ix
                    .entry(x)
                    .or_insert_with(|| c.excerpts.push(&t.excerpts[x as usize])),
                None => NONE32,
            });
            c.e_rep.push(date_code(ev.reported()));
            c.e_grade.push(grade_code(ev.grade()));
        }
        c.ev_off.push(c.e_clmt.len() as u64);
    }
    let (gen_actors, gen_claims) = g.generations();
    let meta = [
        g.graph.node_bound() as u64,
        g.graph.edge_bound() as u64,
        n as u64,
        m as u64,
        c.e_clmt.len() as u64,
        c.e_relays.len() as u64,
        alias_lang.len() as u64,
        xid_reg.len() as u64,
        attr_key.len() as u64,
        c.code_ix.len() as u64,
        c.xid_ix.len() as u64,
        g.names.len() as u64,
        fold_slot.len() as u64,
    ];
    let mut put = |name: &str, bytes: Vec<u8>| w.section(tag(name), bytes);
    put("meta", u64s(meta));
    put("a.slot", u32s(slot));
    put("a.kind", kind);
    put("a.group", u32s(group));
    put("a.key", keys.into_section());
    put("a.name", names.into_section());
    put("a.alias", u64s(alias_off));
    put("al.name", alias_name.into_section());
    put("al.lang", u32s(alias_lang));
    put("a.xid", u64s(xid_off));
    put("ax.reg", u32s(xid_reg));
    put("ax.val", xid_val.into_section());
    put("a.attr", u64s(attr_off));
    put("at.key", u32s(attr_key));
    put("at.val", attr_val.into_section());
    put("words", words.into_section());
    put("n.name", fold_name.into_section());
    put("n.off", u64s(fold_off));
    put("n.slot", u32s(fold_slot));
    put("t.rel", rels.into_section());
    put("t.code", codes.into_section());
    put("t.xid", xids.into_section());
    put("d.flags", d_flags);
    put("d.url", d_url.into_section());
    put("d.title", d_title.into_section());
    put("d.lang", u32s(d_lang));
    put("d.pub", u64s(d_pub));
    put("c.slot", u32s(c.slot));
    put("c.subj", u32s(c.subj));
    put("c.obj", u32s(c.obj));
    put("c.rel", u32s(c.rel));
    put("c.flags", c.flags);
    put("c.start", u64s(c.start));
    put("c.end", u64s(c.end));
    put("c.conf", u64s(c.conf));
    put("c.orig", u32s(c.orig));
    put("c.codes", u64s(c.code_off));
    put("c.codeix", u32s(c.code_ix));
    put("c.xids", u64s(c.xid_off));
    put("c.xidix", u32s(c.xid_ix));
    put("c.ev", u64s(c.ev_off));
    put("e.clmt", u32s(c.e_clmt));
    put("e.outl", u32s(c.e_outl));
    put("e.relay", u64s(c.e_relay_off));
    put("e.relays", u32s(c.e_relays));
    put("e.doc", u32s(c.e_doc));
    put("e.exc", u32s(c.e_exc));
    put("excerpts", c.excerpts.into_section());
    put("e.rep", u64s(c.e_rep));
    put("e.grade", u64s(c.e_grade));
    put("g.actor", u32s(gen_actors.iter().copied()));
    put("g.claim", u32s(gen_claims.iter().copied()));
}

/// The claim and evidence columns while they are written.
#[derive(Default)]
struct ClaimColumns {
    slot: Vec<u32>,
    subj: Vec<u32>,
    obj: Vec<u32>,
    rel: Vec<u32>,
    flags: Vec<u8>,
    start: Vec<u64>,
    end: Vec<u64>,
    conf: Vec<u64>,
    orig: Vec<u32>,
    code_off: Vec<u64>,
    code_ix: Vec<u32>,
    xid_off: Vec<u64>,
    xid_ix: Vec<u32>,
    ev_off: Vec<u64>,
    e_clmt: Vec<u32>,
    e_outl: Vec<u32>,
    e_relay_off: Vec<u64>,
    e_relays: Vec<u32>,
    e_doc: Vec<u32>,
    e_exc: Vec<u32>,
    excerpts: Strings,
    /// The store's excerpt numbers already in `excerpts`, with their index there.
    excerpt_ix: std::collections::HashMap<u32, u32>,
    e_rep: Vec<u64>,
    e_grade: Vec<u64>,
}

impl ClaimColumns {
    fn with_capacity(m: usize) -> Self {
        let mut c = ClaimColumns {
            slot: Vec::with_capacity(m),
            subj: Vec::with_capacity(m),
            obj: Vec::with_capacity(m),
            rel: Vec::with_capacity(m),
            flags: Vec::with_capacity(m),
            start: Vec::with_capacity(m),
            end: Vec::with_capacity(m),
            conf: Vec::with_capacity(m),
            orig: Vec::with_capacity(m),
            code_off: Vec::with_capacity(m + 1),
            xid_off: Vec::with_capacity(m + 1),
            ev_off: Vec::with_capacity(m + 1),
            e_clmt: Vec::with_capacity(m),
            e_outl: Vec::with_capacity(m),
            e_relay_off: Vec::with_capacity(m + 1),
            e_doc: Vec::with_capacity(m),
            e_exc: Vec::with_capacity(m),
            e_rep: Vec::with_capacity(m),
            e_grade: Vec::with_capacity(m),
            ..ClaimColumns::default()
        };
        c.code_off.push(0);
        c.xid_off.push(0);
        c.ev_off.push(0);
        c.e_relay_off.push(0);
        c
    }
}

/// Claims decoded by one task of the pool.
const RUN: usize = 8192;

/// A run of decoded claims and the distinct sources of each, back to back.
type Run = (Vec<BulkClaim>, Vec<u32>);

/// What decoding one claim reuses from the last.
#[derive(Default)]
struct Scratch {
    relay_buf: Vec<u32>,
    parts: Vec<Checked>,
    /// The distinct sources of each claim decoded, back to back.
    cited: Vec<u32>,
}

/// The fields of one attribution that decoding can reject, decoded before the claim
/// goes to the store.
struct Checked {
    excerpt: Option<u32>,
    reported: Option<PartialDate>,
    grade: Grade,
    relays: (u64, u64),
}

fn corrupt(tag: &Tag, detail: String) -> BinaryError {
    BinaryError::Corrupt {
        tag: tag_name(tag),
        detail,
    }
}

impl From<BulkError> for BinaryError {
    fn from(e: BulkError) -> Self {
        BinaryError::Corrupt {
            tag: e.part.to_owned(),
            detail: e.detail,
        }
    }
}

fn count(meta: &Column<'_, 8>, i: usize) -> Result<usize, BinaryError> {
    let v = meta.get(i);
    usize::try_from(v).map_err(|_| corrupt(&META, format!("count {i} is {v}")))
}

/// Decodes a store file's sections into a graph (see the module docs for the layout).
/// With `parallel`, claims are decoded on rayon's pool; without, on the calling
/// thread alone (see [`Reader::new_serial`] for why a caller would ask).
pub(crate) fn read_store(r: &Reader<'_>, parallel: bool) -> Result<ClaimGraph, IoError> {
    read(r, parallel).map_err(IoError::from)
}

fn read(r: &Reader<'_>, parallel: bool) -> Result<ClaimGraph, BinaryError> {
    let meta = Column::<8>::read(r, &META, META_LEN)?;
    let slots = |i: usize| {
        u32::try_from(meta.get(i)).map_err(|_| corrupt(&META, format!("{} slots", meta.get(i))))
    };
    let (actor_slots, claim_slots) = (slots(0)?, slots(1)?);
    let (n, m, evidence) = (count(&meta, 2)?, count(&meta, 3)?, count(&meta, 4)?);
    let (relays, aliases, xids, attrs) = (
        count(&meta, 5)?,
        count(&meta, 6)?,
        count(&meta, 7)?,
        count(&meta, 8)?,
    );
    let (code_ix, xid_ix, folds, fold_slots) = (
        count(&meta, 9)?,
        count(&meta, 10)?,
        count(&meta, 11)?,
        count(&meta, 12)?,
    );
    let gens = |name: &str| -> Result<Vec<u32>, BinaryError> {
        let bytes = r.section(&tag(name))?;
        let col = Column::<4>::read(r, &tag(name), bytes.len() / 4)?;
        Ok((0..col.len()).map(|i| col.get(i)).collect())
    };
    let (gen_actors, gen_claims) = (gens("g.actor")?, gens("g.claim")?);
    // Columns sized by the counts are read before anything is allocated by them, so
    // that a count the file cannot back is an error, not an allocation failure.
    let a_slot = Column::<4>::read(r, &tag("a.slot"), n)?;
    let c_slot = Column::<4>::read(r, &tag("c.slot"), m)?;
    // A slot is empty only after a removal, which counted in its generation, so
    // the holes are fewer than the generations: slots <= items + generations.
    if actor_slots as usize > n.saturating_add(gen_actors.len())
        || claim_slots as usize > m.saturating_add(gen_claims.len())
    {
        return Err(corrupt(
            &META,
            format!(
                "{actor_slots} actor slots, {claim_slots} claim slots: more than the file holds"
            ),
        ));
    }
    let mut bulk = Bulk::new(actor_slots, claim_slots, n, m)?;
    let words = StrList::read(r, &tag("words"))?;

    // Tables.
    let rel_text = StrList::read(r, &tag("t.rel"))?;
    let mut relations = Vec::with_capacity(rel_text.len());
    for i in 0..rel_text.len() {
        let text = rel_text.get(i)?;
        relations.push(
            text.parse::<Relation>()
                .map_err(|e| corrupt(&tag("t.rel"), format!("relation {i} `{text}`: {e}")))?,
        );
    }
    let owned = |list: StrList<'_>| -> Result<Vec<String>, BinaryError> {
        Ok(list.all()?.into_iter().map(str::to_owned).collect())
    };
    let codes = owned(StrList::read(r, &tag("t.code"))?)?;
    let external_ids = owned(StrList::read(r, &tag("t.xid"))?)?;
    let d_url = StrList::read(r, &tag("d.url"))?;
    let docs = d_url.len();
    let d_flags = Column::<1>::read(r, &tag("d.flags"), docs)?;
    let d_title = StrList::read(r, &tag("d.title"))?;
    let d_lang = Column::<4>::read(r, &tag("d.lang"), docs)?;
    let d_pub = Column::<8>::read(r, &tag("d.pub"), docs)?;
    let mut documents = Vec::with_capacity(docs);
    for i in 0..docs {
        let flags = d_flags.get(i);
        documents.push(Document {
            url: (flags & 1 != 0)
                .then(|| d_url.get(i).map(str::to_owned))
                .transpose()?,
            title: (flags & 2 != 0)
                .then(|| d_title.get(i).map(str::to_owned))
                .transpose()?,
            lang: words.get_opt(d_lang.get(i))?.map(str::to_owned),
            published: date(d_pub.get(i)).map_err(|e| corrupt(&tag("d.pub"), e))?,
        });
    }
    bulk.tables(relations, documents, codes, external_ids)?;

    // Actors.
    let a_kind = Column::<1>::read(r, &tag("a.kind"), n)?;
    let a_group = Column::<4>::read(r, &tag("a.group"), n)?;
    let a_key = StrList::read(r, &tag("a.key"))?;
    let a_name = StrList::read(r, &tag("a.name"))?;
    let a_alias = Offsets::read(r, &tag("a.alias"), n, aliases as u64)?;
    let al_name = StrList::read(r, &tag("al.name"))?;
    let al_lang = Column::<4>::read(r, &tag("al.lang"), aliases)?;
    let a_xid = Offsets::read(r, &tag("a.xid"), n, xids as u64)?;
    let ax_reg = Column::<4>::read(r, &tag("ax.reg"), xids)?;
    let ax_val = StrList::read(r, &tag("ax.val"))?;
    let a_attr = Offsets::read(r, &tag("a.attr"), n, attrs as u64)?;
    let at_key = Column::<4>::read(r, &tag("at.key"), attrs)?;
    let at_val = StrList::read(r, &tag("at.val"))?;
    let mut groups: Vec<Option<GroupType>> = vec![None; words.len()];
    for i in 0..n {
        let key_text = a_key.get(i)?;
        let key = ActorKey::new(key_text)
            .ok()
            .filter(|k| k.as_str() == key_text)
            .ok_or_else(|| {
                corrupt(
                    &tag("a.key"),
                    format!("actor {i}: `{key_text}` is not a key"),
                )
            })?;
        let kind = *ActorKind::ALL
            .get(usize::from(a_kind.get(i)))
            .ok_or_else(|| corrupt(&tag("a.kind"), format!("actor {i}: kind {}", a_kind.get(i))))?;
        let group_type = match a_group.get(i) {
            NONE32 => None,
            w => {
                let cached = groups.get(w as usize).copied().flatten();
                match cached {
                    Some(gt) => Some(gt),
                    None => {
                        let text = words.get(w as usize)?;
                        let gt: GroupType = serde_json::from_value(serde_json::Value::from(text))
                            .map_err(|_| {
                            corrupt(&tag("a.group"), format!("actor {i}: group type `{text}`"))
                        })?;
                        groups[w as usize] = Some(gt);
                        Some(gt)
                    }
                }
            }
        };
        let (from, to) = a_alias.at(i);
        let mut alias_list = Vec::with_capacity((to - from) as usize);
        for j in from as usize..to as usize {
            alias_list.push(Alias {
                name: al_name.get(j)?.to_owned(),
                lang: words.get_opt(al_lang.get(j))?.map(str::to_owned),
            });
        }
        let pairs = |off: &Offsets<'_>, keys: &Column<'_, 4>, values: &StrList<'_>| {
            let (from, to) = off.at(i);
            let mut map = BTreeMap::new();
            for j in from as usize..to as usize {
                map.insert(
                    words.get(keys.get(j) as usize)?.to_owned(),
                    values.get(j)?.to_owned(),
                );
            }
            Ok::<_, BinaryError>(map)
        };
        let actor = Actor {
            key,
            kind,
            group_type,
            name: a_name.get(i)?.to_owned(),
            aliases: alias_list,
            external_ids: pairs(&a_xid, &ax_reg, &ax_val)?,
            attributes: pairs(&a_attr, &at_key, &at_val)?,
        };
        bulk.actor(a_slot.get(i), actor)?;
    }

    // The folded-name index.
    let n_name = StrList::read(r, &tag("n.name"))?;
    let n_off = Offsets::read(r, &tag("n.off"), folds, fold_slots as u64)?;
    let n_slot = Column::<4>::read(r, &tag("n.slot"), fold_slots)?;
    for i in 0..folds {
        let (from, to) = n_off.at(i);
        bulk.name(n_name.get(i)?.to_owned(), &n_slot.range(from, to)?)?;
    }

    // Claims and their evidence.
    let col4 = |name: &str, len: usize| Column::<4>::read(r, &tag(name), len);
    let col8 = |name: &str, len: usize| Column::<8>::read(r, &tag(name), len);
    let (c_subj, c_obj, c_rel, c_orig) = (
        col4("c.subj", m)?,
        col4("c.obj", m)?,
        col4("c.rel", m)?,
        col4("c.orig", m)?,
    );
    let c_flags = Column::<1>::read(r, &tag("c.flags"), m)?;
    let (c_start, c_end, c_conf) = (col8("c.start", m)?, col8("c.end", m)?, col8("c.conf", m)?);
    let c_codes = Offsets::read(r, &tag("c.codes"), m, code_ix as u64)?;
    let c_codeix = col4("c.codeix", code_ix)?;
    let c_xids = Offsets::read(r, &tag("c.xids"), m, xid_ix as u64)?;
    let c_xidix = col4("c.xidix", xid_ix)?;
    let c_ev = Offsets::read(r, &tag("c.ev"), m, evidence as u64)?;
    let (e_clmt, e_outl, e_doc, e_exc) = (
        col4("e.clmt", evidence)?,
        col4("e.outl", evidence)?,
        col4("e.doc", evidence)?,
        col4("e.exc", evidence)?,
    );
    let e_relay = Offsets::read(r, &tag("e.relay"), evidence, relays as u64)?;
    let e_relays = col4("e.relays", relays)?;
    let (e_rep, e_grade) = (col8("e.rep", evidence)?, col8("e.grade", evidence)?);
    let excerpt_numbers = bulk.excerpts(StrList::read(r, &tag("excerpts"))?.all()?);
    // Claims are decoded on rayon's pool in runs of consecutive claims; the runs are
    // taken in file order, so the error reported is the first claim's whatever the
    // threads did.
    let decode = |i: usize, scratch: &mut Scratch| -> Result<BulkClaim, BinaryError> {
        let Scratch {
            relay_buf,
            parts,
            cited,
        } = scratch;
        let slot = c_slot.get(i);
        let flags = c_flags.get(i);
        let at = |what: &str, e: String| corrupt(&tag(what), format!("claim {slot}: {e}"));
        let statement = *StatementKind::ALL
            .get(usize::from((flags >> 1) & 3))
            .ok_or_else(|| at("c.flags", format!("flags {flags:#x}")))?;
        if flags >> 4 != 0 {
            return Err(at("c.flags", format!("flags {flags:#x}")));
        }
        let start = date(c_start.get(i)).map_err(|e| at("c.start", e))?;
        let end = date(c_end.get(i)).map_err(|e| at("c.end", e))?;
        let valid = if flags & 8 != 0 {
            match (start, end) {
                (Some(s), Some(e)) if s == e => ValidTime::at(s),
                _ => return Err(at("c.start", "a single period without one date".to_owned())),
            }
        } else {
            ValidTime::between(start, end).map_err(|e| at("c.end", e.to_string()))?
        };
        let (cf, ct) = c_codes.at(i);
        let (xf, xt) = c_xids.at(i);
        let (ef, et) = c_ev.at(i);
        // Evidence is read whole first: its errors must surface before the claim
        // reaches the store.
        relay_buf.clear();
        parts.clear();
        for j in ef as usize..et as usize {
            let (rf, rt) = e_relay.at(j);
            relay_buf.extend((rf as usize..rt as usize).map(|k| e_relays.get(k)));
            let excerpt = match e_exc.get(j) {
                NONE32 => None,
                x => Some(*excerpt_numbers.get(x as usize).ok_or_else(|| {
                    at(
                        "e.exc",
                        format!("excerpt {x} past {}", excerpt_numbers.len()),
                    )
                })?),
            };
            let reported = date(e_rep.get(j)).map_err(|e| at("e.rep", e))?;
            let g = grade(e_grade.get(j)).map_err(|e| at("e.grade", e))?;
            parts.push(Checked {
                excerpt,
                reported,
                grade: g,
                relays: (rf, rt),
            });
        }
        let base = e_relay.at(ef as usize).0;
        let opt = |v: u32| (v != NONE32).then_some(v);
        let evidence = parts.iter().enumerate().map(|(k, p)| {
            let j = ef as usize + k;
            let (rf, rt) = p.relays;
            EvidenceParts {
                claimant: opt(e_clmt.get(j)),
                outlet: opt(e_outl.get(j)),
                relays: &relay_buf[(rf - base) as usize..(rt - base) as usize],
                document: opt(e_doc.get(j)),
                excerpt: p.excerpt,
                reported: p.reported,
                grade: p.grade,
            }
        });
        let confidence = f64::from_bits(c_conf.get(i));
        if !(0.0..=1.0).contains(&confidence) {
            return Err(at("c.conf", format!("confidence {confidence}")));
        }
        let previous = i.checked_sub(1).map(|p| c_slot.get(p));
        Ok(bulk.record(
            ClaimParts {
                slot,
                subject: c_subj.get(i),
                object: c_obj.get(i),
                relation: c_rel.get(i),
                polarity: if flags & 1 != 0 {
                    Polarity::Denied
                } else {
                    Polarity::Asserted
                },
                statement,
                valid,
                codes: c_codeix.range(cf, ct)?.into_boxed_slice(),
                external_ids: c_xidix.range(xf, xt)?.into_boxed_slice(),
                confidence,
                origins: c_orig.get(i),
            },
            previous,
            evidence,
            cited,
        )?)
    };
    let decode_run = |run: usize| -> Result<Run, BinaryError> {
        let mut scratch = Scratch::default();
        let claims = (run * RUN..m.min((run + 1) * RUN))
            .map(|i| decode(i, &mut scratch))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((claims, scratch.cited))
    };
    let runs: Vec<Result<Run, BinaryError>> = if parallel {
        (0..m.div_ceil(RUN))
            .into_par_iter()
            .map(decode_run)
            .collect()
    } else {
        (0..m.div_ceil(RUN)).map(decode_run).collect()
    };
    for run in runs {
        let (claims, cited) = run?;
        bulk.claims(claims, &cited);
    }
    bulk.generations(gen_actors, gen_claims);
    Ok(bulk.finish()?)
}

impl ClaimGraph {
    /// Saves the graph to `path` in claimgraph's binary store format, atomically
    /// (`path` keeps its old content unless the whole file was written and synced).
    ///
    /// The file keeps everything the graph holds, every actor and claim in its slot,
    /// and [`ClaimGraph::load`] reads it back many times faster than any text format.
    /// It is not an interchange format: use JSON Lines to exchange data, and expect
    /// a newer crate to refuse an older file's successor format with
    /// [`BinaryError::Version`].
    ///
    /// ```
    /// use claimgraph::ClaimGraph;
    /// use claimgraph::model::{Actor, ActorKind};
    /// let dir = std::env::temp_dir().join(format!("claimgraph-save-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let path = dir.join("graph.cgb");
    /// let mut g = ClaimGraph::new();
    /// g.add_actor(Actor::new("iran", ActorKind::State, "Iran")?)?;
    /// g.save(&path)?;
    /// let back = ClaimGraph::load(&path)?;
    /// assert_eq!(back.actor_by_key("iran").map(|a| a.name.as_str()), Some("Iran"));
    /// std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), IoError> {
        let mut w = Writer::new(Kind::Store);
        write_store_sections(self, &mut w);
        w.write_to(path.as_ref())
    }

    /// Reads a graph saved by [`ClaimGraph::save`]. Every actor and claim is in the
    /// slot it had ([`ActorId::index`](crate::ActorId::index) and
    /// [`ClaimId::index`](crate::ClaimId::index) are the same), though the ids of
    /// the saved graph are refused: the loaded graph is another graph.
    ///
    /// A damaged, truncated or foreign file is an [`IoError::Binary`] naming what is
    /// wrong; nothing is read from a file that fails any check.
    pub fn load(path: impl AsRef<Path>) -> Result<ClaimGraph, IoError> {
        let bytes = std::fs::read(path.as_ref())?;
        ClaimGraph::from_binary(&bytes)
    }

    /// The bytes [`ClaimGraph::save`] writes to a file.
    ///
    /// ```
    /// use claimgraph::ClaimGraph;
    /// let bytes = ClaimGraph::new().to_binary()?;
    /// assert_eq!(&bytes[..8], b"\x89CLAIMG\n");
    /// assert_eq!(ClaimGraph::from_binary(&bytes)?.actor_count(), 0);
    /// # Ok::<(), claimgraph::io::IoError>(())
    /// ```
    pub fn to_binary(&self) -> Result<Vec<u8>, IoError> {
        let mut w = Writer::new(Kind::Store);
        write_store_sections(self, &mut w);
        w.to_bytes()
    }

    /// Reads a graph from the bytes of a file [`ClaimGraph::save`] wrote (see
    /// [`ClaimGraph::load`]).
    pub fn from_binary(bytes: &[u8]) -> Result<ClaimGraph, IoError> {
        let r = Reader::new(bytes, Kind::Store)?;
        read_store(&r, true)
    }

    /// [`ClaimGraph::from_binary`] on the calling thread alone (see
    /// [`Reader::new_serial`]).
    pub(crate) fn from_binary_serial(bytes: &[u8]) -> Result<ClaimGraph, IoError> {
        let r = Reader::new_serial(bytes, Kind::Store)?;
        read_store(&r, false)
    }
}
