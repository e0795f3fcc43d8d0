//! Arguments: the commands, the filter flags every query shares, and output modes.

use std::path::PathBuf;

use std::str::FromStr;

use claimgraph::io::View;
use claimgraph::query::{SourceRole, Walk};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Claim graphs from the command line: import reports of who claims what, then ask
/// who is tied to whom, on whose word, and how far to believe it.
#[derive(Debug, Parser)]
#[command(
    name = "claimgraph",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The working graph file (JSON Lines, the library's save format). Commands that
    /// change the graph save it back atomically.
    #[arg(
        short = 'g',
        long = "graph",
        env = "CLAIMGRAPH_GRAPH",
        global = true,
        value_name = "PATH"
    )]
    pub graph: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import files into the working graph (created if missing), then save it.
    Import(ImportArgs),
    /// Summarise the graph: actors by kind, claims by relation and statement kind,
    /// sources, date range, single-source share.
    Info(InfoArgs),
    /// Find actors by name or alias (case and accents folded), then by prefix.
    Find(FindArgs),
    /// Show one actor: aliases by language, external ids, its claims and who speaks
    /// about it.
    Show(ShowArgs),
    /// List claims, one readable line each: all, about an actor, between two, or by a
    /// source.
    Claims(ClaimsArgs),
    /// Claims of an actor, or between two, in the order of their valid times.
    Timeline(TimelineArgs),
    /// The actors linked to an actor, within a number of hops.
    #[command(alias = "neighbors")]
    Neighbours(NeighboursArgs),
    /// Every route of at most N hops between two actors, with the claims on each hop.
    Paths(PathsArgs),
    /// The k most credible paths between two actors, with the claims on each hop.
    Credible(CredibleArgs),
    /// How well claims are corroborated: independent origins and sources per claim.
    Corroboration(CorroborationArgs),
    /// Pairs of claims that cannot both hold (a denial, or exclusive relations).
    Contradictions(ContradictionsArgs),
    /// Rank actors by PageRank, betweenness or degree.
    Rank(RankArgs),
    /// Write the graph in another format.
    Export(ExportArgs),
    /// Draw the graph (or an actor's neighbourhood) to SVG, PNG or PDF with Graphviz.
    Render(RenderArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
}

/// Formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// Detect from the extension and the first bytes.
    Auto,
    /// The versioned JSON document.
    Json,
    /// JSON Lines, one actor or claim per line (the save format).
    Jsonl,
    /// GDELT events: 1.0 (57 or 58 columns, tab-separated or quoted CSV) or 2.0
    /// (61 columns).
    Gdelt,
    /// GDELT 2.0 mentions: each one an attribution of the event it names (import
    /// the events first).
    GdeltMentions,
    /// ICEWS quadruples: subject, relation text, object, date.
    Icews,
    /// FollowTheMoney entities, one JSON object per line.
    Ftm,
    /// Bitcoin-OTC signed trust ratings.
    BitcoinOtc,
}

/// When to draw the import progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressMode {
    /// When stderr is a terminal and the file is larger than 4 MB.
    Auto,
    /// Always, even when stderr is not a terminal.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The files to import, in order.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Their format.
    #[arg(long, value_enum, default_value_t = ImportFormat::Auto)]
    pub format: ImportFormat,
    /// Count and skip bad records instead of stopping at the first.
    #[arg(long)]
    pub skip_invalid: bool,
    /// When to draw a progress bar on stderr.
    #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
    pub progress: ProgressMode,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// How a command prints its answer.
#[derive(Debug, Clone, Copy, Args)]
pub struct OutputArgs {
    /// Print one JSON document.
    #[arg(long, conflicts_with = "jsonl")]
    pub json: bool,
    /// Print one JSON record per line.
    #[arg(long)]
    pub jsonl: bool,
}

/// The output mode chosen by [`OutputArgs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Human,
    Json,
    JsonLines,
}

impl OutputArgs {
    pub fn mode(self) -> Mode {
        if self.json {
            Mode::Json
        } else if self.jsonl {
            Mode::JsonLines
        } else {
            Mode::Human
        }
    }
}

/// A flag value from one of the library's vocabularies: its names listed in the
/// help, read back by the library's `FromStr`.
fn vocabulary<T>(names: &'static [(T, &'static str)]) -> impl TypedValueParser<Value = T>
where
    T: FromStr + Clone + Send + Sync + 'static,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    PossibleValuesParser::new(names.iter().map(|(_, n)| *n)).try_map(|s| s.parse::<T>())
}

/// The filter flags, one per option of the library's `Filter`.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Filter")]
pub struct FilterArgs {
    /// Keep claims at least this confident (0 to 1).
    #[arg(long, value_name = "C")]
    pub min_confidence: Option<f64>,
    /// Keep these relations (repeatable): a relation name (`supplies_arms`) or a
    /// family (diplomatic, material, conflict, structural, illicit, communication, custom).
    #[arg(long = "relation", value_name = "RELATION")]
    pub relations: Vec<String>,
    /// Keep claims whose both actors are of these kinds (repeatable): state, person,
    /// group, media_outlet, region.
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<String>,
    /// Keep claims valid on this date (2023, 2023-07, 2023-07-20).
    #[arg(long, value_name = "DATE", conflicts_with = "valid_during")]
    pub valid_at: Option<String>,
    /// Keep claims valid at some time in this interval (2019/2023, 2020-03/..).
    #[arg(long, value_name = "INTERVAL")]
    pub valid_during: Option<String>,
    /// Keep only evidence reported by this date: what the record said then.
    #[arg(long, value_name = "DATE")]
    pub as_known_at: Option<String>,
    /// Keep only evidence naming one of these sources (repeatable; key or name).
    #[arg(long = "trust", value_name = "SOURCE")]
    pub trust: Vec<String>,
    /// Drop evidence naming any of these sources (repeatable; key or name).
    #[arg(long = "exclude", value_name = "SOURCE")]
    pub exclude: Vec<String>,
    /// Keep claims with at least this many independent origins.
    #[arg(long, value_name = "N")]
    pub min_origins: Option<u32>,
    /// Keep these statement kinds (repeatable): event, tie, assessment.
    #[arg(long = "statement", value_name = "KIND")]
    pub statements: Vec<String>,
    /// Keep denied claims too (by default only asserted ones count).
    #[arg(long)]
    pub include_denied: bool,
    /// Which way claims are walked.
    #[arg(long, value_name = "WALK", value_parser = vocabulary(Walk::NAMES))]
    pub walk: Option<Walk>,
    /// With --trust and --exclude: the part those sources play in the evidence
    /// (`--exclude dialogo --source-role outlet` drops Diálogo's own voice and keeps
    /// what it relayed).
    #[arg(long, value_name = "ROLE", value_parser = vocabulary(SourceRole::NAMES))]
    pub source_role: Option<SourceRole>,
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// A name, alias, key or the beginning of one.
    pub name: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The actor: key, name or alias.
    pub actor: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ClaimsArgs {
    /// Claims with this actor as subject or object.
    #[arg(long, value_name = "ACTOR", conflicts_with_all = ["between", "by"])]
    pub about: Option<String>,
    /// Claims between two actors.
    #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with = "by")]
    pub between: Option<Vec<String>>,
    /// Claims whose evidence names this source.
    #[arg(long, value_name = "SOURCE")]
    pub by: Option<String>,
    /// With --by: the part the source plays.
    #[arg(
        long,
        value_parser = vocabulary(SourceRole::NAMES),
        default_value_t = SourceRole::Any,
        requires = "by"
    )]
    pub role: SourceRole,
    /// Print each claim's evidence chains.
    #[arg(long)]
    pub evidence: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The actor.
    pub a: String,
    /// Only claims between it and this actor.
    pub b: Option<String>,
    /// `ego:N`: the actor's neighbourhood of N hops (with B, claims between the two
    /// neighbourhoods).
    #[arg(long, value_name = "SCOPE")]
    pub scope: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct NeighboursArgs {
    /// The actor.
    pub actor: String,
    /// How many hops away.
    #[arg(long, default_value_t = 1)]
    pub hops: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct PathsArgs {
    /// From this actor.
    pub a: String,
    /// To this actor.
    pub b: String,
    /// At most this many hops.
    #[arg(long, default_value_t = 3)]
    pub max_hops: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CredibleArgs {
    /// From this actor.
    pub a: String,
    /// To this actor.
    pub b: String,
    /// How many paths.
    #[arg(short, default_value_t = 3)]
    pub k: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CorroborationArgs {
    /// Only claims with one of these actors as subject or object (repeatable:
    /// `--about iran --about quds_force`).
    #[arg(long, value_name = "ACTOR")]
    pub about: Vec<String>,
    /// Only claims resting on one independent origin.
    #[arg(long)]
    pub single_source: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ContradictionsArgs {
    /// Only contradictions involving one of these actors (repeatable).
    #[arg(long, value_name = "ACTOR")]
    pub about: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Ranking measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Measure {
    Pagerank,
    Betweenness,
    Degree,
}

#[derive(Debug, Args)]
pub struct RankArgs {
    /// The measure.
    #[arg(value_enum)]
    pub measure: Measure,
    /// How many actors to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Graphml,
    Dot,
    /// Neo4j bulk-import CSV: `-o` names a folder that receives actors.csv and claims.csv.
    Neo4j,
    Ftm,
    Json,
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write (a folder for neo4j).
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
    /// What GraphML, DOT and Neo4j draw: `claims` (a claim is an edge) or
    /// `provenance` (claims and sources are nodes too, linked by who asserted,
    /// published or relayed each claim).
    #[arg(long, value_name = "VIEW", default_value_t = View::Claims, value_parser = |s: &str| s.parse::<View>())]
    pub view: View,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Draw only this actor's neighbourhood.
    #[arg(long, value_name = "ACTOR")]
    pub ego: Option<String>,
    /// With --ego: how many hops.
    #[arg(long, default_value_t = 1, requires = "ego")]
    pub hops: usize,
    /// The picture: .svg, .png or .pdf.
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
