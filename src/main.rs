//! The `dutygraph` command line: wiring only. Everything it does is a call
//! into the library; errors become `anyhow` reports here and nowhere else.

use std::fs;
use std::io::{self, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use dutygraph::engine::{BulkConfig, BulkDocument, Engine, MAX_DOCUMENT_BYTES};
use dutygraph::ingest::formats::Format;
use dutygraph::ingest::{self, Directory, Source};
use dutygraph::server::config::Settings;
use dutygraph::server::ServerConfig;
use dutygraph::store::Store;

/// See Cargo.toml: glibc's malloc was a quarter of a query's cost.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// GraphQL analytics over the responsibility networks of Chinese place
/// task-division tables (重点任务分工表).
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Data directory of the embedded store.
    #[arg(long, global = true, env = "DUTYGRAPH_DATA", default_value = "data")]
    data: PathBuf,
    /// Log format on standard error: `text` for people, `json` (one object
    /// per line, with the request id of every request line) for collectors.
    #[arg(long, global = true, env = "DUTYGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Print a document as dutygraph reads it, as JSON; writes nothing.
    /// With --explain, a report for people instead: each task with the
    /// lines it came from and why each unit has its role.
    Extract {
        #[command(flatten)]
        document: DocumentArgs,
        /// Explain the reading instead of printing JSON.
        #[arg(long, conflicts_with = "text")]
        explain: bool,
        /// Print the text the reader reads instead of JSON: the file's own
        /// text, or for a structured file one line per paragraph line and
        /// cell line, each after its location (the lines `sourceLine` counts).
        #[arg(long)]
        text: bool,
    },
    /// Read a document and store it; prints what was stored. Given a
    /// directory, stores every document its manifest.toml lists (bulk load),
    /// with a progress bar on a terminal and a summary at the end.
    Ingest {
        #[command(flatten)]
        document: DocumentArgs,
        /// How to print the result: `human` (a summary) or `json` (for scripts).
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// Write a synthetic corpus (documents + manifest.toml) for benchmarks.
    Gen(GenArgs),
    /// Serve GraphQL and the playground; loads the bundled seeds into an empty store.
    // Boxed: its many limits make it several times the size of the others.
    Serve(Box<ServeArgs>),
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Write the whole store as JSON lines, for backup or moving a data dir.
    Export {
        /// Output file; standard output when absent.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Load a JSON-lines export into an empty data dir.
    Import { file: PathBuf },
}

#[derive(Args)]
struct DocumentArgs {
    /// A task-division table: text (UTF-8, GBK/GB18030, UTF-16), Word
    /// (.docx), a workbook (.xlsx, .xls, .ods), a saved web page (.html) or
    /// a PDF with a text layer; the format is told by the file's first bytes.
    file: PathBuf,
    /// Place that issued the document: a province, city, county, district
    /// or township (内蒙古自治区, 江门市, 大竹县). A document that names an issuer
    /// inside it is filed under that issuer. When absent, the issuer the
    /// document names, else the place its title names.
    #[arg(long, visible_alias = "city")]
    place: Option<String>,
    /// Title; the table title found in the text when absent.
    #[arg(long)]
    title: Option<String>,
    /// Province, e.g. 广东.
    #[arg(long)]
    province: Option<String>,
    /// Policy area, e.g. "elderly care".
    #[arg(long)]
    policy_area: Option<String>,
    /// Date of issue, YYYY-MM-DD; it takes precedence over a date the text
    /// states (date line, document number 〔2019〕, title year).
    #[arg(long)]
    date: Option<chrono::NaiveDate>,
}

impl DocumentArgs {
    fn source(&self) -> Source {
        Source {
            name: self
                .file
                .file_name()
                .map_or_else(|| self.file.display().to_string(), |n| n.to_string_lossy().into()),
            place: self.place.clone(),
            title: self.title.clone(),
            province: self.province.clone(),
            policy_area: self.policy_area.clone(),
            date: self.date,
        }
    }
}

#[derive(Args)]
struct GenArgs {
    /// Number of places (the seeds are 5).
    #[arg(long, visible_alias = "cities", default_value_t = 5)]
    places: usize,
    /// Documents per place (the seeds have 1).
    #[arg(long, visible_alias = "docs-per-city", default_value_t = 1)]
    docs_per_place: usize,
    /// Seed of the generator; the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory to write into (created if missing).
    #[arg(long)]
    out: PathBuf,
}

/// `serve`'s settings: each limit by flag or environment variable (the flag
/// wins), over the `--config` file, over the defaults the README lists.
#[derive(Args)]
struct ServeArgs {
    /// A TOML file of settings (the keys are the flags' names with `_`);
    /// flags and environment variables win over it.
    #[arg(long, env = "DUTYGRAPH_CONFIG")]
    config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8000].
    #[arg(long, env = "DUTYGRAPH_BIND")]
    bind: Option<std::net::SocketAddr>,
    /// Bearer token that mutations require; mutations are refused when unset.
    #[arg(long, env = "DUTYGRAPH_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Origin allowed to call the API from a browser (repeatable), e.g. https://dash.example.org.
    #[arg(long = "cors-origin", env = "DUTYGRAPH_CORS_ORIGINS", value_delimiter = ',')]
    cors_origins: Vec<String>,
    /// Largest request body in bytes [default: document limit + 64 KiB].
    #[arg(long, env = "DUTYGRAPH_MAX_BODY_BYTES")]
    max_body_bytes: Option<usize>,
    /// Largest document (text or file) in bytes [default: 8 MiB].
    #[arg(long, env = "DUTYGRAPH_MAX_DOCUMENT_BYTES")]
    max_document_bytes: Option<usize>,
    /// Longest an operation may run, in seconds [default: 30].
    #[arg(long, env = "DUTYGRAPH_REQUEST_TIMEOUT_SECS")]
    request_timeout_secs: Option<u64>,
    /// Most GraphQL operations executing at once; more wait for a turn, within their time limit [default: the number of cores].
    #[arg(long, env = "DUTYGRAPH_MAX_CONCURRENT_OPERATIONS")]
    max_concurrent_operations: Option<usize>,
    /// Most operations in one batched POST [default: 10].
    #[arg(long, env = "DUTYGRAPH_MAX_BATCH")]
    max_batch: Option<usize>,
    /// Deepest field nesting [default: 16].
    #[arg(long, env = "DUTYGRAPH_MAX_DEPTH")]
    max_depth: Option<usize>,
    /// Highest query complexity, also the most fields once fragments are spread [default: 50000].
    #[arg(long, env = "DUTYGRAPH_MAX_COMPLEXITY")]
    max_complexity: Option<usize>,
    /// Deepest nesting of selection sets and fragment spreads [default: 20].
    #[arg(long, env = "DUTYGRAPH_MAX_RECURSIVE_DEPTH")]
    max_recursive_depth: Option<usize>,
    /// Most directives on one field [default: 8].
    #[arg(long, env = "DUTYGRAPH_MAX_DIRECTIVES")]
    max_directives: Option<usize>,
    /// Most aliases in one query [default: 50].
    #[arg(long, env = "DUTYGRAPH_MAX_ALIASES")]
    max_aliases: Option<usize>,
    /// Whether GET /metrics answers, in the Prometheus text format (`--metrics false` turns it off) [default: true].
    #[arg(long, env = "DUTYGRAPH_METRICS")]
    metrics: Option<bool>,
    /// Query answers the response cache keeps; 0 turns it off [default: 512].
    #[arg(long, env = "DUTYGRAPH_RESPONSE_CACHE")]
    response_cache: Option<usize>,
    /// Total bytes of the answers the response cache keeps [default: 64 MiB].
    #[arg(long, env = "DUTYGRAPH_RESPONSE_CACHE_BYTES")]
    response_cache_bytes: Option<usize>,
    /// Automatic persisted queries kept; 0 turns them off [default: 1000].
    #[arg(long, env = "DUTYGRAPH_PERSISTED_QUERIES")]
    persisted_queries: Option<usize>,
    /// Total bytes of the persisted queries' text [default: 16 MiB].
    #[arg(long, env = "DUTYGRAPH_PERSISTED_QUERIES_BYTES")]
    persisted_queries_bytes: Option<usize>,
}

impl ServeArgs {
    /// What the flags and the environment set.
    fn settings(&self) -> Settings {
        Settings {
            bind: self.bind,
            cors_origins: (!self.cors_origins.is_empty()).then(|| self.cors_origins.clone()),
            max_body_bytes: self.max_body_bytes,
            max_document_bytes: self.max_document_bytes,
            request_timeout_secs: self.request_timeout_secs,
            max_concurrent_operations: self.max_concurrent_operations,
            max_batch: self.max_batch,
            max_depth: self.max_depth,
            max_complexity: self.max_complexity,
            max_recursive_depth: self.max_recursive_depth,
            max_directives: self.max_directives,
            max_aliases: self.max_aliases,
            metrics: self.metrics,
            response_cache: self.response_cache,
            response_cache_bytes: self.response_cache_bytes,
            persisted_queries: self.persisted_queries,
            persisted_queries_bytes: self.persisted_queries_bytes,
        }
    }
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    match cli.command {
        Command::Extract { document, explain, text } => extract(&document, explain, text),
        Command::Ingest { document, format } if document.file.is_dir() => {
            ingest_dir(&cli.data, &document, format)
        }
        Command::Ingest { document, format } => {
            let engine = open_engine(&cli.data)?;
            let bytes = read_document(&document.file)?;
            let report = engine.ingest(&bytes, &document.source())?;
            match format {
                OutputFormat::Json => print_json(&report),
                OutputFormat::Human => print_report(&report),
            }
        }
        Command::Gen(args) => {
            let config = dutygraph::gen::GenConfig {
                places: args.places,
                docs_per_place: args.docs_per_place,
                seed: args.seed,
            };
            let written = dutygraph::gen::write_corpus(&config, &args.out)
                .with_context(|| format!("cannot write the corpus into {}", args.out.display()))?;
            eprintln!("wrote {} documents and manifest.toml into {}", written.len() - 1, args.out.display());
            Ok(())
        }
        Command::Serve(args) => serve(&cli.data, *args),
        Command::Schema => {
            let engine = Arc::new(Engine::new(Store::temporary()?)?);
            let schema = dutygraph::api::build_schema(engine, Default::default());
            print!("{}", dutygraph::api::sdl(&schema));
            Ok(())
        }
        Command::Export { out } => {
            let store = open_existing_store(&cli.data)?;
            let count = match out {
                Some(path) => {
                    let file = fs::File::create(&path)
                        .with_context(|| format!("cannot create {}", path.display()))?;
                    let mut file = io::BufWriter::new(file);
                    let n = store.export_jsonl(&mut file)?;
                    file.flush()?;
                    n
                }
                None => store.export_jsonl(&mut io::stdout().lock())?,
            };
            eprintln!("exported {count} records");
            Ok(())
        }
        Command::Import { file } => {
            let store = open_store(&cli.data)?;
            let input = fs::File::open(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let count = store.import_jsonl(&mut BufReader::new(input))?;
            store.flush()?;
            eprintln!("imported {count} records into {}", cli.data.display());
            Ok(())
        }
    }
}

/// Logs go to standard error, filtered by `DUTYGRAPH_LOG` (default `info`).
fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("DUTYGRAPH_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(io::stderr);
    match format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
}

fn extract(args: &DocumentArgs, explain: bool, text: bool) -> Result<()> {
    let bytes = read_document(&args.file)?;
    let source = args.source();
    let input = ingest::formats::open(&bytes, &source.name)?;
    if text {
        let mut out = io::stdout().lock();
        if input.format == Format::Text {
            out.write_all(input.lines().as_bytes())?;
            return Ok(());
        }
        for (i, line) in input.lines().lines().enumerate() {
            let at = input.location(i as u32 + 1).map(|at| at.to_string()).unwrap_or_default();
            writeln!(out, "{}\t{at}\t{line}", i + 1)?;
        }
        return Ok(());
    }
    let parsed = ingest::read_input(&input, &source, Directory::bundled());
    if explain {
        io::stdout().lock().write_all(ingest::explain::report(&parsed, input.lines()).as_bytes())?;
    } else {
        print_json(&parsed)?;
    }
    if parsed.has_errors() {
        bail!("{}: the reader found errors (see diagnostics)", source.name);
    }
    Ok(())
}

/// Bulk-loads the documents a directory's manifest.toml lists; prints a
/// summary (refusals go to standard error) and fails when any was refused.
fn ingest_dir(data: &Path, args: &DocumentArgs, format: OutputFormat) -> Result<()> {
    if args.place.is_some()
        || args.title.is_some()
        || args.province.is_some()
        || args.policy_area.is_some()
        || args.date.is_some()
    {
        bail!("--place, --title, --province, --policy-area and --date apply to one file; a directory takes them from manifest.toml");
    }
    let manifest_path = args.file.join("manifest.toml");
    let text = fs::read_to_string(&manifest_path).with_context(|| {
        format!("cannot read {}; a directory to ingest needs one", manifest_path.display())
    })?;
    let manifest = ingest::manifest::Manifest::parse(&manifest_path.display().to_string(), &text)?;
    let started = std::time::Instant::now();
    // A bar only where someone watches; scripts and logs get the summary.
    let bar = if io::stderr().is_terminal() {
        ProgressBar::new(manifest.documents.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} {msg} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_prefix("reading");
    let mut documents = Vec::with_capacity(manifest.documents.len());
    let mut bytes_read = 0;
    for entry in &manifest.documents {
        let path = args.file.join(&entry.file);
        let bytes = read_document(&path)?;
        bytes_read += bytes.len();
        documents.push(BulkDocument { bytes, source: entry.source() });
        bar.inc(1);
    }
    let engine = open_engine(data)?;
    bar.set_position(0);
    bar.set_prefix("storing");
    let mut refused = 0;
    let report = engine.ingest_many_with_progress(documents, &BulkConfig::default(), |result| {
        if let Err(e) = result {
            refused += 1;
            bar.suspend(|| eprintln!("refused: {e}"));
        }
        bar.set_message(format!("{refused} refused"));
        bar.inc(1);
    });
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let (mut tasks, mut assignments, mut milestones) = (0, 0, 0);
    for r in report.documents.iter().flatten() {
        tasks += r.tasks;
        assignments += r.lead_assignments + r.support_assignments;
        milestones += r.milestones;
    }
    match format {
        OutputFormat::Json => print_json(&serde_json::json!({
            "documents": manifest.documents.len(),
            "tried": report.documents.len(),
            "created": report.created,
            "refused": refused,
            "tasks": tasks,
            "assignments": assignments,
            "milestones": milestones,
            "bytes": bytes_read,
            "version": report.version,
            "seconds": seconds,
        }))?,
        OutputFormat::Human => {
            let tried = report.documents.len();
            let already = tried - refused - report.created;
            println!(
                "{tried} of {} documents read in {seconds:.1} s ({:.0} documents/s): {} stored, {already} already stored, {refused} refused",
                manifest.documents.len(),
                tried as f64 / seconds.max(1e-9),
                report.created,
            );
            println!(
                "{tasks} tasks, {assignments} assignments, {milestones} milestones; data version {}",
                report.version
            );
        }
    }
    if let Some(fault) = report.fault {
        return Err(fault).context("the bulk load stopped; the documents before it are stored");
    }
    if refused > 0 {
        bail!("{refused} documents were refused (see above); the others are stored");
    }
    Ok(())
}

/// One stored document, for people.
fn print_report(report: &dutygraph::engine::IngestReport) -> Result<()> {
    let what = if report.created { "stored" } else { "already stored" };
    println!("{what}: {} ({}), document {}", report.title, report.place, report.document);
    println!(
        "{} tasks, {} lead and {} support assignments, {} milestones, {} ongoing",
        report.tasks,
        report.lead_assignments,
        report.support_assignments,
        report.milestones,
        report.ongoing_tasks
    );
    for d in &report.diagnostics {
        let at = d.location.as_ref().map_or_else(|| "document".to_string(), ToString::to_string);
        println!("  {at}: {} ({})", d.message, d.code);
    }
    Ok(())
}

fn serve(data: &Path, args: ServeArgs) -> Result<()> {
    let file = match &args.config {
        Some(path) => Settings::from_file(path)?,
        None => Settings::default(),
    };
    let settings = args.settings();
    settings.check().map_err(|message| anyhow::anyhow!("serve: {message}"))?;
    let base = ServerConfig {
        data_dir: Some(data.to_path_buf()),
        write_token: args.token,
        ..ServerConfig::default()
    };
    let (config, max_document_bytes) = settings.over(file).apply(base, MAX_DOCUMENT_BYTES);
    // Printed once, token redacted, so an operator sees what is in force.
    tracing::info!(config = ?config, max_document_bytes, "configuration");
    if config.metrics {
        // Before the seeds load, so their ingests are counted too.
        dutygraph::server::metrics::install();
    }
    let engine = Arc::new(open_engine(data)?.with_max_document_bytes(max_document_bytes));
    let loaded = engine.load_seeds_if_empty()?;
    if !loaded.is_empty() {
        tracing::info!(documents = loaded.len(), "loaded the bundled seed documents into an empty store");
    }
    // GraphQL operations and `/export` downloads run on the threads of the
    // server's `api::http::Gate`, one per turn (`max_concurrent_operations`),
    // not on tokio's blocking pool; what is left for the pool is tokio's own
    // blocking calls, so a few threads serve it, and past the cap work queues
    // for a thread rather than fail. tokio's default of 512 would let
    // threads, each with its own allocator heap, pile up under load.
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().max_blocking_threads(4).build()?;
    runtime.block_on(dutygraph::server::serve(engine, config))?;
    Ok(())
}

/// Reads a document file, refusing one over the engine's size limit before
/// reading it.
fn read_document(path: &Path) -> Result<Vec<u8>> {
    let size = fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?.len();
    if size > MAX_DOCUMENT_BYTES as u64 {
        bail!("{}: document is {size} bytes; the limit is {MAX_DOCUMENT_BYTES} bytes", path.display());
    }
    fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Opens an existing store for commands that only read or restore it, so a
/// mistyped `--data` is an error rather than a new empty store.
fn open_existing_store(data: &Path) -> Result<Store> {
    if !data.is_dir() {
        bail!("no data dir at {}; pass --data or DUTYGRAPH_DATA", data.display());
    }
    open_store(data)
}

fn open_store(data: &Path) -> Result<Store> {
    fs::create_dir_all(data).with_context(|| format!("cannot create data dir {}", data.display()))?;
    Store::open(data).with_context(|| format!("cannot open the store in {}", data.display()))
}

fn open_engine(data: &Path) -> Result<Engine> {
    Ok(Engine::new(open_store(data)?)?)
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}
