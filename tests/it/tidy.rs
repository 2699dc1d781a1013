//! The import rules of ARCHITECTURE.md ("Invariants"), checked on the source
//! text: a module that reaches a crate it must not know fails here, with the
//! file and line. Comments are not code: a module's docs may name what it
//! must not import.

use std::path::{Path, PathBuf};

/// A crate (or a type path) and the only places under `src/` that may use it.
const RULES: &[(&str, &[&str])] = &[
    ("sled::", &["store/"]),
    ("async_graphql::", &["api/"]),
    ("async_graphql_poem::", &["server.rs", "server/"]),
    ("poem::", &["server.rs", "server/", "main.rs"]),
    ("anyhow::", &["main.rs"]),
    // The library records through the `metrics` facade; only the server
    // installs a recorder and renders it.
    ("metrics_exporter_prometheus::", &["server/"]),
    ("set_global_recorder", &["server/"]),
    ("petgraph::", &["graph/"]),
    ("rustworkx_core::", &["graph/"]),
    ("tantivy::", &["search/"]),
    ("NodeIndex", &["graph/"]),
    ("EdgeIndex", &["graph/"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The line without its `//` comment. A `//` inside a string literal (a
/// URL) cuts the line short, which can only hide a use, never invent one.
fn code(line: &str) -> &str {
    line.find("//").map_or(line, |at| &line[..at])
}

/// Every use of a crate outside the places its rule allows, as
/// `file:line: text`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).expect("under src").to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&file).expect("read source");
        for (n, line) in text.lines().enumerate() {
            let code = code(line);
            for (needle, allowed) in RULES {
                let is_allowed = allowed.iter().any(|a| relative == *a || relative.starts_with(a));
                if !is_allowed && uses(code, needle) {
                    found.push(format!(
                        "src/{relative}:{}: `{needle}` outside {allowed:?}: {}",
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    found
}

/// Whether `code` names `needle` as a path of its own (`sled::Db`, not
/// `dsled::` or `my_sled::`).
fn uses(code: &str, needle: &str) -> bool {
    code.match_indices(needle).any(|(at, _)| !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
}

#[test]
fn modules_import_only_what_the_architecture_allows() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(found.is_empty(), "imports ARCHITECTURE.md forbids:\n{}", found.join("\n"));
}

#[test]
fn the_rules_see_a_forbidden_import() {
    let dir = std::env::temp_dir().join(format!("dutygraph-tidy-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("model")).expect("temp src");
    std::fs::write(
        dir.join("model/mod.rs"),
        "//! Must not use sled::Db.\nuse sled::Db;\nlet url = \"http://x\"; // poem::Route\n",
    )
    .expect("write");
    std::fs::write(dir.join("main.rs"), "use anyhow::Context;\nuse poem::Route;\n").expect("write");
    let found = violations(&dir);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].starts_with("src/model/mod.rs:2: `sled::`"), "{found:#?}");
}

/// Clients match on codes, so the README lists every one, and the schema's
/// `Diagnostic.code` every diagnostic code; operators match on the limits
/// that refuse requests.
#[test]
fn every_code_is_documented() {
    use dutygraph::api::ErrorCode;
    use dutygraph::ingest::DiagnosticCode;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let sdl = std::fs::read_to_string(root.join("schema/schema.graphql")).expect("SDL");
    for code in ErrorCode::ALL {
        assert!(readme.contains(&format!("| `{}` |", code.as_str())), "README lists no {code:?}");
    }
    // Operators match on the `limit` label of `dutygraph_graphql_refused_total`.
    let refused = readme.lines().find(|l| l.contains("dutygraph_graphql_refused_total")).unwrap_or_default();
    for limit in dutygraph::api::Limit::ALL {
        assert!(refused.contains(&format!("`{}`", limit.as_str())), "README's metrics list no {limit:?}");
    }
    for code in DiagnosticCode::ALL {
        let quoted = format!("`{}`", code.as_str());
        assert!(readme.contains(&format!("| {quoted} |")), "README lists no {code:?}");
        assert!(sdl.contains(&quoted), "Diagnostic.code in the schema lists no {code:?}");
    }
}
