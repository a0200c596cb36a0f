//! ARCHITECTURE.md is a map of the code: every path it names exists, and the CLI row names
//! every command of the CLI (and no other).

use std::path::Path;
use std::process::Command;

fn map() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md")).unwrap()
}

/// The `code spans` of a text.
fn spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

#[test]
fn every_path_it_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let roots = [
        "src/",
        "tests/",
        "www/",
        "tools/",
        "pkg-config/",
        "schema/",
        "data/",
        "bench/",
        "docs/",
        "examples/",
        "fuzz/",
    ];
    let mut missing = Vec::new();
    let mut named = 0;
    for span in spans(&map()) {
        // Paths, possibly with a glob or a trailing slash (src/roster/); not what a build
        // makes (www/vendor/).
        let path = span.trim_end_matches('/');
        if !roots.iter().any(|r| span.starts_with(r))
            || path.contains(['*', ' ', '{', '<'])
            || span.starts_with("www/vendor/")
        {
            continue;
        }
        named += 1;
        if !root.join(path).exists() {
            missing.push(span.to_string());
        }
    }
    assert!(
        named > 20,
        "only {named} paths found: is the map still in `code` spans?"
    );
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names missing paths: {missing:?}"
    );
}

#[test]
fn the_cli_row_names_every_command() {
    let text = map();
    let row = text
        .lines()
        .find(|l| l.starts_with("| `src/bin/canbao.rs`"))
        .expect("ARCHITECTURE.md has a row for src/bin/canbao.rs");
    let mut documented: Vec<&str> = spans(row).into_iter().skip(1).collect();
    documented.sort_unstable();
    // The commands `canbao --help` lists (less clap's own `help`).
    let out = Command::new(env!("CARGO_BIN_EXE_canbao"))
        .arg("--help")
        .output()
        .unwrap();
    let usage = String::from_utf8(out.stdout).unwrap();
    let mut commands: Vec<&str> = usage
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    commands.sort_unstable();
    commands.dedup();
    assert!(commands.len() >= 5, "usage: {usage}");
    assert_eq!(
        documented, commands,
        "the CLI's commands and ARCHITECTURE.md's row differ"
    );
}

/// The modules of `src/` (by file) and the modules each one names through `crate::` or
/// `super::` paths, leaving out its own ancestors and descendants (a module and its parent's
/// shared types are one design) and its unit tests.
fn module_graph() -> std::collections::BTreeMap<Vec<String>, std::collections::BTreeSet<Vec<String>>>
{
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut modules = std::collections::BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        if parts.first().is_some_and(|p| p == "bin") {
            continue;
        }
        if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
            parts.pop();
        }
        modules.insert(parts, f.clone());
    }
    let resolve = |path: &[String]| {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| modules.contains_key(p))
    };
    let ident = |s: &str| {
        s.trim()
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("")
            .to_string()
    };
    let mut graph = std::collections::BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let text = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        let code: String = text
            .lines()
            .map(|l| l.split("//").next().unwrap())
            .collect::<Vec<_>>()
            .join("\n");
        let mut named = std::collections::BTreeSet::new();
        for (root, base) in [
            ("crate::", Vec::new()),
            ("super::", module[..module.len().saturating_sub(1)].to_vec()),
        ] {
            for (at, _) in code.match_indices(root) {
                // `crate::a::b::Item` or `super::{a, b::c}`.
                let before = code[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                let rest = &code[at + root.len()..];
                let paths: Vec<Vec<String>> = if let Some(group) = rest.strip_prefix('{') {
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    group
                        .split(',')
                        .map(|item| {
                            item.split("::")
                                .map(ident)
                                .filter(|s| !s.is_empty() && s != "self")
                                .collect()
                        })
                        .collect()
                } else {
                    let mut segs = Vec::new();
                    for s in rest.split("::") {
                        let id = ident(s);
                        let whole = id.len() == s.len();
                        if id.is_empty() {
                            break;
                        }
                        segs.push(id);
                        if !whole {
                            break;
                        }
                    }
                    vec![segs]
                };
                for p in paths {
                    let full: Vec<String> = base.iter().cloned().chain(p).collect();
                    if let Some(target) = resolve(&full) {
                        let related = target.starts_with(module) || module.starts_with(&target);
                        if !related {
                            named.insert(target);
                        }
                    }
                }
            }
        }
        graph.insert(module.clone(), named);
    }
    graph
}

/// No two modules of `src/` name each other, directly or around a circle: each can be read,
/// moved and tested on its own terms.
#[test]
fn no_import_circles() {
    let graph = module_graph();
    assert!(graph.len() > 30, "only {} modules found", graph.len());
    // Depth-first search for a back edge, reporting the circle.
    fn visit(
        m: &Vec<String>,
        graph: &std::collections::BTreeMap<Vec<String>, std::collections::BTreeSet<Vec<String>>>,
        state: &mut std::collections::BTreeMap<Vec<String>, u8>,
        path: &mut Vec<Vec<String>>,
        circles: &mut Vec<String>,
    ) {
        state.insert(m.clone(), 1);
        path.push(m.clone());
        for n in &graph[m] {
            match state.get(n).copied().unwrap_or(0) {
                0 => visit(n, graph, state, path, circles),
                1 => {
                    let from = path.iter().position(|p| p == n).unwrap();
                    let mut names: Vec<String> =
                        path[from..].iter().map(|p| p.join("::")).collect();
                    names.push(n.join("::"));
                    circles.push(names.join(" → "));
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(m.clone(), 2);
    }
    let mut state = std::collections::BTreeMap::new();
    let mut circles = Vec::new();
    for m in graph.keys() {
        if !state.contains_key(m) {
            visit(m, &graph, &mut state, &mut Vec::new(), &mut circles);
        }
    }
    assert!(circles.is_empty(), "import circles in src/: {circles:#?}");
}
