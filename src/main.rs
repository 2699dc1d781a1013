//! The `dutygraph` command line: wiring only. Everything it does is a call
//! into the library; errors become `anyhow` reports here and nowhere else.

use std::fs;
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};

use dutygraph::engine::Engine;
use dutygraph::ingest::{self, Directory, Source};
use dutygraph::store::Store;

/// GraphQL analytics over the responsibility networks of Chinese city
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

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Print a document as dutygraph reads it, as JSON; writes nothing.
    Extract(DocumentArgs),
    /// Read a document and store it; prints what was stored.
    Ingest(DocumentArgs),
    /// Serve GraphQL and the playground; loads the bundled seeds into an empty store.
    Serve(ServeArgs),
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
    /// Text file of a task-division table (UTF-8, UTF-8 with BOM, GBK or GB18030).
    file: PathBuf,
    /// City that issued the document, e.g. 江门市; taken from the title when absent.
    #[arg(long)]
    city: Option<String>,
    /// Title; the table title found in the text when absent.
    #[arg(long)]
    title: Option<String>,
    /// Province, e.g. 广东.
    #[arg(long)]
    province: Option<String>,
    /// Policy area, e.g. "elderly care".
    #[arg(long)]
    policy_area: Option<String>,
}

impl DocumentArgs {
    fn source(&self) -> Source {
        Source {
            name: self
                .file
                .file_name()
                .map_or_else(|| self.file.display().to_string(), |n| n.to_string_lossy().into()),
            city: self.city.clone(),
            title: self.title.clone(),
            province: self.province.clone(),
            policy_area: self.policy_area.clone(),
        }
    }
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8000")]
    bind: std::net::SocketAddr,
    /// Bearer token that mutations require; mutations are refused when unset.
    #[arg(long, env = "DUTYGRAPH_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Origin allowed to call the API from a browser (repeatable), e.g. https://dash.example.org.
    #[arg(long = "cors-origin")]
    cors_origins: Vec<String>,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    match cli.command {
        Command::Extract(args) => extract(&args),
        Command::Ingest(args) => {
            let engine = open_engine(&cli.data)?;
            let bytes =
                fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
            let report = engine.ingest(&bytes, &args.source())?;
            print_json(&report)
        }
        Command::Serve(args) => serve(&cli.data, args),
        Command::Schema => {
            let engine = Arc::new(Engine::new(Store::temporary()?)?);
            let schema = dutygraph::api::build_schema(engine, Default::default());
            print!("{}", dutygraph::api::sdl(&schema));
            Ok(())
        }
        Command::Export { out } => {
            let store = open_store(&cli.data)?;
            let count = match out {
                Some(path) => {
                    let mut file = io::BufWriter::new(fs::File::create(&path)?);
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

fn extract(args: &DocumentArgs) -> Result<()> {
    let bytes = fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let source = args.source();
    let text = ingest::decode(&bytes, &source.name)?;
    let parsed = ingest::read(&text, &source, Directory::bundled());
    print_json(&parsed)?;
    if parsed.has_errors() {
        bail!("{}: the reader found errors (see diagnostics)", source.name);
    }
    Ok(())
}

fn serve(data: &Path, args: ServeArgs) -> Result<()> {
    let engine = Arc::new(open_engine(data)?);
    let loaded = engine.load_seeds_if_empty()?;
    if !loaded.is_empty() {
        tracing::info!(documents = loaded.len(), "loaded the bundled seed documents into an empty store");
    }
    let config = dutygraph::server::ServerConfig {
        bind: args.bind,
        data_dir: Some(data.to_path_buf()),
        cors_origins: args.cors_origins,
        write_token: args.token,
        ..Default::default()
    };
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(dutygraph::server::serve(engine, config))?;
    Ok(())
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
