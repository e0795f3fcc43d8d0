//! Weakly and strongly connected components.

use crate::ActorId;
use crate::query::{Filter, ReadGraph, Walk};

/// Groups the nodes of `view` by a representative, keeping only occupied nodes:
/// each group sorted, groups ordered by their smallest node.
fn group<V: ReadGraph>(view: &V, representative: impl Fn(u32) -> u32) -> Vec<Vec<ActorId>> {
    let bound = view.node_bound();
    // Component number of each representative, in order of first appearance: as
    // nodes are scanned in ascending order, that is the order of smallest members.
    let mut number = vec![u32::MAX; bound];
    let mut components: Vec<Vec<ActorId>> = Vec::new();
    for node in 0..bound as u32 {
        if view.node_kind(node).is_none() {
            continue;
        }
        let slot = &mut number[representative(node) as usize];
        if *slot == u32::MAX {
            *slot = components.len() as u32;
            components.push(Vec::new());
        }
        components[*slot as usize].push(view.actor_id_at(node));
    }
    components
}

/// The weakly connected components: groups of actors linked by admitted claims,
/// whatever their direction.
///
/// The filter's [`Walk`](crate::query::Walk) is ignored (components of a weak kind
/// ignore direction by definition); its other tests decide which claims link.
/// Removed actors' vacant indices are skipped; an actor with no admitted claim is a
/// component of its own.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `filter`: which claims link.
///
/// # Returns
/// The components, each sorted by actor id, ordered by their smallest actor id.
///
/// # Complexity
/// **O(V + E α(V))** time (union-find with path halving and union by size),
/// **O(V)** memory.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::Filter;
/// use claimgraph::traverse::weakly_connected_components;
/// let mut g = ClaimGraph::new();
/// for k in ["a", "b", "c", "d"] {
///     g.add_actor(Actor::new(k, ActorKind::State, k)?)?;
/// }
/// let says = |c: f64| Attribution::new(Grade::confidence(c).unwrap()).with_claimant("a".parse().unwrap());
/// g.add_claim(Claim::new("b".parse()?, Relation::Supports, "a".parse()?, ValidTime::ALWAYS).with_evidence(says(0.9)))?;
/// g.add_claim(Claim::new("c".parse()?, Relation::Supports, "d".parse()?, ValidTime::ALWAYS).with_evidence(says(0.2)))?;
/// let id = |k: &str| g.actor_id(k).unwrap();
/// assert_eq!(weakly_connected_components(&g, &Filter::new()),
///            [vec![id("a"), id("b")], vec![id("c"), id("d")]]);
/// assert_eq!(weakly_connected_components(&g, &Filter::new().min_confidence(0.5)),
///            [vec![id("a"), id("b")], vec![id("c")], vec![id("d")]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn weakly_connected_components<V: ReadGraph>(view: &V, filter: &Filter) -> Vec<Vec<ActorId>> {
    let bound = view.node_bound();
    let compiled = filter.compile(view);
    let mut parent: Vec<u32> = (0..bound as u32).collect();
    let mut size = vec![1u32; bound];
    let find = |parent: &mut Vec<u32>, mut x: u32| {
        while parent[x as usize] != x {
            let grand = parent[parent[x as usize] as usize];
            parent[x as usize] = grand;
            x = grand;
        }
        x
    };
    for node in 0..bound as u32 {
        // Each claim once, from its subject.
        for edge in view.out_edges(node) {
            if (edge.other as usize) < bound && compiled.admit(view, node, &edge).is_some() {
                let (mut a, mut b) = (find(&mut parent, node), find(&mut parent, edge.other));
                if a != b {
                    if size[a as usize] < size[b as usize] {
                        std::mem::swap(&mut a, &mut b);
                    }
                    parent[b as usize] = a;
                    size[a as usize] += size[b as usize];
                }
            }
        }
    }
    let roots: Vec<u32> = (0..bound as u32).map(|n| find(&mut parent, n)).collect();
    group(view, |n| roots[n as usize])
}

/// The strongly connected components: groups of actors each reachable from every
/// other along admitted claims in their direction.
///
/// Claims are followed from subject to object; symmetric relations both ways (the
/// [`Walk::Forward`] walk). The filter's own walk is ignored: reversing every claim
/// gives the same components, and an undirected walk would give the weak ones (see
/// [`weakly_connected_components`]). Removed actors' vacant indices are skipped; an
/// actor on no cycle is a component of its own.
///
/// The search is Tarjan's algorithm run with an explicit stack, so deep graphs do not
/// overflow the call stack.
///
/// # Arguments
/// * `view`: a [`ClaimGraph`](crate::ClaimGraph) or a [`Snapshot`](crate::Snapshot).
/// * `filter`: which claims link.
///
/// # Returns
/// The components, each sorted by actor id, ordered by their smallest actor id.
///
/// # Complexity
/// **O(V + E)** time and memory (the admitted adjacency is first copied into
/// compact rows), plus **O(V log V)** to sort the components.
///
/// # Example
/// ```
/// use claimgraph::ClaimGraph;
/// use claimgraph::model::{Actor, ActorKind, Attribution, Claim, Grade, Relation, ValidTime};
/// use claimgraph::query::Filter;
/// use claimgraph::traverse::strongly_connected_components;
/// let mut g = ClaimGraph::new();
/// for k in ["a", "b", "c", "d"] {
///     g.add_actor(Actor::new(k, ActorKind::State, k)?)?;
/// }
/// let says = Attribution::new(Grade::confidence(0.9)?).with_claimant("a".parse()?);
/// for (s, r, o) in [("a", Relation::Supports, "b"), ("b", Relation::Supports, "c"),
///                   ("c", Relation::Supports, "a"), ("c", Relation::Supports, "d")] {
///     g.add_claim(Claim::new(s.parse()?, r, o.parse()?, ValidTime::ALWAYS).with_evidence(says.clone()))?;
/// }
/// let [a, b, c, d] = ["a", "b", "c", "d"].map(|k| g.actor_id(k).unwrap());
/// assert_eq!(strongly_connected_components(&g, &Filter::new()), [vec![a, b, c], vec![d]]);
/// // a symmetric meeting joins d both ways
/// g.add_claim(Claim::new("d".parse()?, Relation::MetWith, "a".parse()?, ValidTime::ALWAYS).with_evidence(says))?;
/// assert_eq!(strongly_connected_components(&g, &Filter::new()), [vec![a, b, c, d]]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn strongly_connected_components<V: ReadGraph>(view: &V, filter: &Filter) -> Vec<Vec<ActorId>> {
    let bound = view.node_bound();
    let mut compiled = filter.compile(view);
    compiled.walk = Walk::Forward;

    // The admitted directed adjacency as compact rows.
    let mut offsets: Vec<u32> = Vec::with_capacity(bound + 1);
    let mut targets: Vec<u32> = Vec::new();
    offsets.push(0);
    for node in 0..bound as u32 {
        view.for_each_admitted(
            node,
            &compiled,
            #[inline(always)]
            |other, _| {
                if (other as usize) < bound {
                    targets.push(other);
                }
            },
        );
        offsets.push(targets.len() as u32);
    }

    let mut tarjan = Tarjan {
        offsets: &offsets,
        targets: &targets,
        index: vec![UNSEEN; bound],
        low: vec![0; bound],
        on_stack: vec![false; bound],
        stack: Vec::new(),
        frames: Vec::new(),
        component: vec![UNSEEN; bound],
        components: 0,
        next_index: 0,
    };
    for root in 0..bound as u32 {
        if tarjan.index[root as usize] == UNSEEN && view.node_kind(root).is_some() {
            tarjan.run(root);
        }
    }
    // Representative: the component's number, mapped to a node slot by `group`.
    group(view, |n| tarjan.component[n as usize])
}

const UNSEEN: u32 = u32::MAX;

/// Tarjan's strongly connected components over compact rows, with its recursion
/// replaced by explicit frames.
struct Tarjan<'a> {
    offsets: &'a [u32],
    targets: &'a [u32],
    index: Vec<u32>,
    low: Vec<u32>,
    on_stack: Vec<bool>,
    stack: Vec<u32>,
    /// Simulated call frames: a node and the position of its next edge to try.
    frames: Vec<(u32, u32)>,
    component: Vec<u32>,
    components: u32,
    next_index: u32,
}

impl Tarjan<'_> {
    fn enter(&mut self, v: u32) {
        self.index[v as usize] = self.next_index;
        self.low[v as usize] = self.next_index;
        self.next_index += 1;
        self.stack.push(v);
        self.on_stack[v as usize] = true;
        self.frames.push((v, self.offsets[v as usize]));
    }

    fn run(&mut self, root: u32) {
        self.enter(root);
        while let Some(&(v, position)) = self.frames.last() {
            if position < self.offsets[v as usize + 1] {
                let w = self.targets[position as usize];
                if let Some(frame) = self.frames.last_mut() {
                    frame.1 += 1;
                }
                if self.index[w as usize] == UNSEEN {
                    self.enter(w);
                } else if self.on_stack[w as usize] {
                    self.low[v as usize] = self.low[v as usize].min(self.index[w as usize]);
                }
                continue;
            }
            self.frames.pop();
            if let Some(&(parent, _)) = self.frames.last() {
                self.low[parent as usize] = self.low[parent as usize].min(self.low[v as usize]);
            }
            if self.low[v as usize] == self.index[v as usize] {
                while let Some(w) = self.stack.pop() {
                    self.on_stack[w as usize] = false;
                    self.component[w as usize] = self.components;
                    if w == v {
                        break;
                    }
                }
                self.components += 1;
            }
        }
    }
}
