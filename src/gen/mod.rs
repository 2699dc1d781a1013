//! Synthetic corpus generator: task-division tables in the two layouts of the
//! seed documents, for benchmarks at 1×, 100× and 1000× the seed corpus.
//!
//! Layout A (tab-started cells, four header variants after 珠海, 江门, 三亚 and
//! 永州) and layout B (pipe-terminated cells after 咸阳) alternate across
//! documents. Text is composed from clauses of the seeds, units from the names
//! the seeds print, so the reader meets the same shapes as in the seeds, at
//! any scale. Every document carries the counts it should parse to
//! ([`ExpectedCounts`]), so tests can hold the real reader to the generator.
//!
//! Output depends only on [`GenConfig`]: a self-written SplitMix64 stream per
//! document (no `rand` crate), no clock, no hash-map order.
//!
//! This module only produces text. It must not read documents, touch the
//! store or know about GraphQL or HTTP (no sled, async-graphql or poem).

mod deadlines;
mod phrases;
mod pipes;
mod places;
mod rng;
mod tabs;
mod units;

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use crate::ingest::Source;
use crate::model::DocumentId;

pub use places::PlaceName;
use rng::Rng;
use units::UnitPool;

/// Policy area of every generated document: the seeds are all elderly care.
pub const POLICY_AREA: &str = "elderly care";

/// What to generate. The seed corpus is 5 places × 1 document; 100× is, for
/// example, 100 places × 5 documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenConfig {
    pub places: usize,
    pub docs_per_place: usize,
    pub seed: u64,
}

/// The printed shape of a table, named after the seed it imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layout {
    /// Layout A, 珠海 (000): 项目/重点任务/责任单位/配合单位, chapters 一、 and
    /// sections （一）, tasks numbered `1.` within a chapter, no deadline column.
    TabProject,
    /// Layout A, 江门 (001): 序号/工作措施/工作任务/工作要求/责任单位/时间进度;
    /// one unit column, all leads, the first the primary one (备注 under the table).
    TabMeasure,
    /// Layout A, 三亚 (002): 序号/工作任务/牵头单位/配合单位/完成时限 with the
    /// task heading spanning two cells, chapters 一、.
    TabLeadSupport,
    /// Layout A, 永州 (004): 序号/工作任务/具体内容/责任单位/完成时限, units in one
    /// comma-separated line, continuation rows with empty 序号.
    TabContent,
    /// Layout B, 咸阳 (003): cells ended by ` |`, rows separated by `||||…`
    /// lines, continuation rows with four cells.
    Pipe,
}

impl Layout {
    pub const ALL: [Layout; 5] =
        [Layout::TabProject, Layout::TabMeasure, Layout::TabLeadSupport, Layout::TabContent, Layout::Pipe];

    /// Layout B (pipes) rather than layout A (tabs).
    pub fn is_pipe(self) -> bool {
        self == Layout::Pipe
    }

    /// The layout of the `index`-th document: A and B alternate, and A cycles
    /// through its four variants.
    fn for_index(index: usize) -> Layout {
        if index % 2 == 1 {
            Layout::Pipe
        } else {
            Layout::ALL[(index / 2) % 4]
        }
    }
}

/// What the reader should find in a generated document: one entry per task,
/// in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExpectedCounts {
    pub tasks: usize,
    /// Lead units of each task.
    pub leads: Vec<usize>,
    /// Support units of each task.
    pub supports: Vec<usize>,
    /// Whether each task is ongoing (持续实施).
    pub ongoing: Vec<bool>,
}

impl ExpectedCounts {
    fn push(&mut self, leads: usize, supports: usize, ongoing: bool) {
        self.tasks += 1;
        self.leads.push(leads);
        self.supports.push(supports);
        self.ongoing.push(ongoing);
    }
}

/// One generated document with what the caller would know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedDocument {
    /// `NNN_<16 hex digits of the document id>.txt`, like the seeds.
    pub file_name: String,
    pub place: String,
    pub province: String,
    /// Title as the manifest gives it (prefixed with the place).
    pub title: String,
    pub layout: Layout,
    pub text: String,
    pub expected: ExpectedCounts,
}

impl GeneratedDocument {
    /// The reader's view of the caller's knowledge, as `seeds` builds it from
    /// the manifest.
    pub fn source(&self) -> Source {
        Source {
            name: self.file_name.clone(),
            place: Some(self.place.clone()),
            title: Some(self.title.clone()),
            province: Some(self.province.clone()),
            policy_area: Some(POLICY_AREA.to_string()),
            date: None,
        }
    }
}

/// The state one document is written with. Layout modules append to `out`
/// and record each task in `expected`.
pub(crate) struct Doc<'a> {
    pub rng: Rng,
    pub place: &'a str,
    pub place_short: &'a str,
    pub units: &'a UnitPool,
    /// The year deadlines count from (2017–2023).
    pub year: u32,
    pub out: String,
    pub expected: ExpectedCounts,
}

impl Doc<'_> {
    /// Number of tasks of a document: 3–50, most between 20 and 45 (about 30
    /// on average, like the seeds).
    pub fn task_count(&mut self) -> usize {
        let (a, b) = (self.rng.range(0, 47), self.rng.range(0, 47));
        3 + (2 * a.max(b) + a.min(b)) / 3
    }

    /// Lead count of a task: 1–4, mostly 1.
    pub fn lead_count(&mut self) -> usize {
        match self.rng.below(100) {
            0..=54 => 1,
            55..=84 => 2,
            85..=94 => 3,
            _ => 4,
        }
    }
}

const TOPICS: &[&str] = &[
    "加快推进养老服务体系建设",
    "开展居家和社区养老服务改革试点",
    "推进医养结合发展",
    "加快发展养老服务业",
    "推进养老服务高质量发展",
    "深化养老服务改革",
    "加强老年健康服务",
    "促进养老服务消费",
];

/// Generates the corpus in memory. Documents are ordered place by place.
pub fn generate(config: &GenConfig) -> Vec<GeneratedDocument> {
    let places = places::places(config.places);
    let total = config.places * config.docs_per_place;
    let width = total.saturating_sub(1).to_string().len().max(3);
    let mut docs = Vec::with_capacity(total);
    for (ci, place) in places.iter().enumerate() {
        for di in 0..config.docs_per_place {
            let index = ci * config.docs_per_place + di;
            docs.push(generate_one(config.seed, index, width, place));
        }
    }
    docs
}

fn generate_one(seed: u64, index: usize, width: usize, place: &PlaceName) -> GeneratedDocument {
    let mut rng = Rng::derive(seed, 0x646f_6375_6d65_6e74, index as u64);
    let units = UnitPool::new(&mut rng, &place.short);
    let year = 2017 + rng.below(7) as u32;
    let layout = Layout::for_index(index);
    let topic = *rng.pick(TOPICS);
    let mut doc = Doc {
        rng,
        place: &place.name,
        place_short: &place.short,
        units: &units,
        year,
        out: String::with_capacity(16 * 1024),
        expected: ExpectedCounts::default(),
    };
    let title = match layout {
        Layout::TabProject => tabs::project(&mut doc, topic),
        Layout::TabMeasure => tabs::measure(&mut doc, topic),
        Layout::TabLeadSupport => tabs::lead_support(&mut doc, topic),
        Layout::TabContent => tabs::content(&mut doc, topic),
        Layout::Pipe => pipes::pipe(&mut doc, topic),
    };
    let id = DocumentId::from_text(&doc.out);
    GeneratedDocument {
        file_name: format!("{index:0width$}_{:016x}.txt", id.0),
        place: place.name.clone(),
        province: place.province.clone(),
        title,
        layout,
        text: doc.out,
        expected: doc.expected,
    }
}

fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The manifest of a corpus, in the format of `seeds/manifest.toml`.
pub fn manifest_toml(docs: &[GeneratedDocument]) -> String {
    let mut out = String::from(
        "# A generated dutygraph corpus (dutygraph::gen). Same format as seeds/manifest.toml.\n",
    );
    for d in docs {
        // Writing to a String cannot fail.
        let _ = write!(
            out,
            "\n[[document]]\nfile = {}\nplace = {}\nprovince = {}\ntitle = {}\npolicy_area = {}\n",
            toml_string(&d.file_name),
            toml_string(&d.place),
            toml_string(&d.province),
            toml_string(&d.title),
            toml_string(POLICY_AREA),
        );
    }
    out
}

/// Generates the corpus and writes each document and `manifest.toml` into
/// `out_dir` (created if missing). Returns the paths written, documents first.
pub fn write_corpus(config: &GenConfig, out_dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir)?;
    let docs = generate(config);
    let mut paths = Vec::with_capacity(docs.len() + 1);
    for d in &docs {
        let path = out_dir.join(&d.file_name);
        std::fs::write(&path, &d.text)?;
        paths.push(path);
    }
    let manifest = out_dir.join("manifest.toml");
    std::fs::write(&manifest, manifest_toml(&docs))?;
    paths.push(manifest);
    Ok(paths)
}
