//! docs/api-map.md says, for every PHP function, which host files hold its code (its body, the
//! policy rule it consults, its syscall): at most three. This test reads the host's source and
//! follows each function's calls to check that the table names exactly the files the code
//! reaches, so the table cannot drift from the code and a new call into a fourth file fails
//! here.
//!
//! The reading is lexical, not a compiler's: calls by path (`policy::permit(…)`,
//! `crate::sys::recvmsg(…)`, `Use::bind_of_new(…)`), calls of names the file defines or imports
//! (`recv_into(…)`), and calls of the policy's methods (`ctx.policy.check_connect(…)`). Other
//! method calls are on plumbing types (the socket, its descriptor, the context) or outside the
//! host. The plumbing every function shares is listed once in the table's head and here; it is
//! neither counted nor followed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Files every function goes through the same way: the generated traits' one-line forwards,
/// the context (`on_socket`, `permit`'s embedder call, `denied`, `record`), errors, the
/// descriptor, libc structs as bytes, the denial log and the embedder's check.
const PLUMBING_FILES: &[&str] = &[
    "lib.rs",
    "bindings.rs",
    "host_impl.rs",
    "ctx.rs",
    "errors.rs",
    "fd.rs",
    "denials.rs",
    "check.rs",
    "sys/plain.rs",
];

/// Functions shared the same way: readiness and timeouts of blocking calls, a stream send to
/// its end, and the bounded resolver every host name goes through.
const PLUMBING_FNS: &[(&str, &str)] = &[
    ("io.rs", "wait_read"),
    ("io.rs", "wait_write"),
    ("io.rs", "wait_io"),
    ("io.rs", "within"),
    ("io.rs", "never_blocks"),
    ("io.rs", "send_all"),
    ("addrinfo.rs", "resolver"),
];

/// Method names std types share with a host type's methods (`str::parse`, `Vec::push`,
/// `str::bytes`): a call of one of these is std's. A new host method named like a std method
/// shows up as a file the table does not name.
const STD_METHODS: &[&str] = &["parse", "push", "bytes"];

/// The most files a function's path may take.
const MAX_FILES: usize = 3;

/// One host source file, with comments and the contents of string and char literals blanked
/// (so braces and words inside them are not code) and its unit tests cut.
struct File {
    code: String,
    /// Module path from the crate root (`["policy", "grants"]`).
    module: Vec<String>,
    /// Names this file imports, to the full path they stand for.
    imports: BTreeMap<String, Vec<String>>,
    /// Child modules declared here.
    children: BTreeSet<String>,
    /// Function name to the byte ranges of its bodies (every `fn` of that name in the file).
    fns: BTreeMap<String, Vec<(usize, usize)>>,
    /// Functions defined in an inherent `impl Type { … }` (methods of this file's types).
    methods: BTreeSet<String>,
}

fn blank(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    out[i] = b' ';
                    i += 1;
                }
                out[i] = b' ';
                out[i + 1] = b' ';
                i += 2;
            }
            b'r' if (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let mut j = i + 2 + hashes;
                while j < b.len() && !b[j..].starts_with(&close) {
                    out[j] = b' ';
                    j += 1;
                }
                i = j + close.len();
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        out[i] = b' ';
                        i += 1;
                    }
                    out[i] = b' ';
                    i += 1;
                }
                i += 1;
            }
            // A char literal ('x', '\n', '{'), not a lifetime ('a).
            b'\'' if b.get(i + 2) == Some(&b'\'') || b.get(i + 1) == Some(&b'\\') => {
                let end = b[i + 1..].iter().position(|&c| c == b'\'').unwrap() + i + 1;
                let end = if b[i + 1] == b'\\' && b[i + 2] == b'\'' {
                    i + 3
                } else {
                    end
                };
                for c in &mut out[i + 1..end] {
                    *c = b' ';
                }
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    String::from_utf8(out).unwrap()
}

/// The byte after the `}` that closes the `{` at `open`.
fn matching(code: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in code[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i + 1;
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every identifier at `code[i..]`, with where it ends.
fn ident_at(code: &str, i: usize) -> Option<(&str, usize)> {
    let rest = &code[i..];
    let len = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
    (len > 0 && !rest.as_bytes()[0].is_ascii_digit()).then(|| (&rest[..len], i + len))
}

/// `use` trees: `a::b::{c, d::e as f, self}` into name → path.
fn use_tree(tree: &str, prefix: &[String], out: &mut BTreeMap<String, Vec<String>>) {
    let tree = tree.trim();
    if let Some(brace) = tree.find('{') {
        let head: Vec<String> = tree[..brace]
            .split("::")
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_string())
            .collect();
        let base: Vec<String> = prefix.iter().cloned().chain(head).collect();
        let inner = &tree[brace + 1..tree.rfind('}').unwrap()];
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    use_tree(&inner[start..i], &base, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        use_tree(&inner[start..], &base, out);
        return;
    }
    if tree.is_empty() {
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((p, a)) => (p.trim(), Some(a.trim())),
        None => (tree, None),
    };
    let mut full: Vec<String> = prefix.to_vec();
    full.extend(path.split("::").map(|s| s.trim().to_string()));
    if full.last().map(String::as_str) == Some("self") {
        full.pop();
    }
    let name = alias
        .map(str::to_string)
        .unwrap_or_else(|| full.last().cloned().unwrap());
    out.insert(name, full);
}

/// A path as written in `file` (`policy::permit`, `super::x`, `crate::sys::recvmsg`) from the
/// crate root, or `None` if it leaves the crate.
fn absolute(file: &File, path: &[String]) -> Option<Vec<String>> {
    let (first, rest) = path.split_first()?;
    let mut base = match first.as_str() {
        "crate" => vec![],
        "self" => file.module.clone(),
        "super" => file.module[..file.module.len() - 1].to_vec(),
        name if file.children.contains(name) => {
            let mut m = file.module.clone();
            m.push(name.to_string());
            m
        }
        name => {
            let imported = file.imports.get(name)?;
            let (root, tail) = imported.split_first()?;
            let mut m = match root.as_str() {
                "crate" => vec![],
                "super" => file.module[..file.module.len() - 1].to_vec(),
                "self" => file.module.clone(),
                child if file.children.contains(child) => {
                    let mut m = file.module.clone();
                    m.push(child.to_string());
                    m
                }
                _ => return None,
            };
            m.extend(tail.iter().cloned());
            m
        }
    };
    base.extend(rest.iter().cloned());
    Some(base)
}

struct Host {
    files: BTreeMap<String, File>,
}

impl Host {
    fn load(src: &Path) -> Host {
        let mut files = BTreeMap::new();
        fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(root, &p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p.strip_prefix(root).unwrap().to_str().unwrap().to_string());
                }
            }
        }
        let mut names = Vec::new();
        walk(src, src, &mut names);
        for rel in names {
            let raw = std::fs::read_to_string(src.join(&rel)).unwrap();
            let mut code = blank(&raw);
            // Unit tests are not a function's path.
            while let Some(at) = code.find("#[cfg(test)]") {
                let open = at + code[at..].find('{').unwrap();
                let end = matching(&code, open);
                code.replace_range(at..end, &" ".repeat(end - at));
            }
            let module: Vec<String> = match rel.trim_end_matches(".rs") {
                "lib" | "main" => vec![],
                m => m.split('/').map(str::to_string).collect(),
            };
            let mut imports = BTreeMap::new();
            let mut children = BTreeSet::new();
            let mut fns: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
            let mut methods = BTreeSet::new();
            // Inherent impl blocks (not `impl Trait for Type`), as byte ranges.
            let mut inherent: Vec<(usize, usize)> = Vec::new();
            let mut i = 0;
            while i < code.len() {
                let Some((word, end)) = ident_at(&code, i) else {
                    i += code[i..].chars().next().unwrap().len_utf8();
                    continue;
                };
                let prev = code[..i].chars().next_back();
                if prev.is_some_and(is_ident) {
                    i = end;
                    continue;
                }
                match word {
                    "use" => {
                        let stop = end + code[end..].find(';').unwrap();
                        use_tree(&code[end..stop], &[], &mut imports);
                        i = stop;
                    }
                    "mod" => {
                        let name_at = end + code[end..].find(|c: char| !c.is_whitespace()).unwrap();
                        let (name, after) = ident_at(&code, name_at).unwrap();
                        if code[after..].trim_start().starts_with(';') {
                            children.insert(name.to_string());
                        }
                        i = after;
                    }
                    "impl" => {
                        let open = end + code[end..].find('{').unwrap();
                        if !code[end..open].contains(" for ") {
                            inherent.push((open, matching(&code, open)));
                        }
                        i = end;
                    }
                    "fn" => {
                        let name_at = end + code[end..].find(|c: char| !c.is_whitespace()).unwrap();
                        let Some((name, after)) = ident_at(&code, name_at) else {
                            i = end;
                            continue;
                        };
                        // The body's `{`, unless a `;` (outside brackets: `[u8; 4]`)
                        // ends a declaration first.
                        let mut depth = 0i32;
                        let mut body = None;
                        for (o, c) in code[after..].char_indices() {
                            match c {
                                '(' | '[' => depth += 1,
                                ')' | ']' => depth -= 1,
                                '{' if depth == 0 => {
                                    body = Some(after + o);
                                    break;
                                }
                                ';' if depth == 0 => break,
                                _ => {}
                            }
                        }
                        if let Some(open) = body {
                            let close = matching(&code, open);
                            if inherent.iter().any(|&(a, b)| a < i && i < b) {
                                methods.insert(name.to_string());
                            }
                            fns.entry(name.to_string()).or_default().push((open, close));
                        }
                        i = after;
                    }
                    _ => i = end,
                }
            }
            files.insert(
                rel,
                File {
                    code,
                    module,
                    imports,
                    children,
                    fns,
                    methods,
                },
            );
        }
        Host { files }
    }

    /// The file of module `path`, if it is one.
    fn file_of(&self, module: &[String]) -> Option<&str> {
        let rel = if module.is_empty() {
            "lib.rs".to_string()
        } else {
            format!("{}.rs", module.join("/"))
        };
        self.files.get_key_value(&rel).map(|(k, _)| k.as_str())
    }

    /// Where the function at absolute `path` is defined (`[sys, recvmsg]` → sys/msg.rs, through
    /// sys.rs's re-export; `[policy, Use, check]` → policy.rs).
    fn function(&self, path: &[String]) -> Option<(String, String)> {
        for split in (0..path.len()).rev() {
            let Some(rel) = self.file_of(&path[..split]) else {
                continue;
            };
            let file = &self.files[rel];
            let name = path.last()?;
            if file.fns.contains_key(name) && path.len() - split <= 2 {
                return Some((rel.to_string(), name.clone()));
            }
            // A re-export: follow it.
            let first = &path[split];
            if let Some(target) = absolute(file, std::slice::from_ref(first))
                && target != path[..=split]
            {
                let mut next = target;
                next.extend(path[split + 1..].iter().cloned());
                return self.function(&next);
            }
            return None;
        }
        None
    }

    /// The functions one body calls, as (file, fn).
    fn calls(&self, rel: &str, name: &str) -> BTreeSet<(String, String)> {
        let file = &self.files[rel];
        let policy_files = ["policy.rs", "policy/grants.rs", "policy/socket_options.rs"];
        let mut out = BTreeSet::new();
        for &(open, close) in file.fns.get(name).into_iter().flatten() {
            let body = &file.code[open..close];
            let mut i = 0;
            while i < body.len() {
                if ident_at(body, i).is_none() {
                    i += body[i..].chars().next().unwrap().len_utf8();
                    continue;
                }
                if body[..i].chars().next_back().is_some_and(is_ident) {
                    i += 1;
                    continue;
                }
                // A path: ident (:: ident)*.
                let mut segs = Vec::new();
                let mut j = i;
                while let Some((seg, end)) = ident_at(body, j) {
                    segs.push(seg.to_string());
                    j = end;
                    if body[j..].starts_with("::") {
                        j += 2;
                        // Turbofish or `<T as ..>`: stop the path here.
                        if body[j..].starts_with('<') {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                let before = body[..i].trim_end();
                let is_call = body[j..].starts_with('(');
                if is_call && before.ends_with('.') && segs.len() == 1 {
                    // A method: the policy's, and this file's own (its types' methods).
                    let receiver = before[..before.len() - 1].trim_end();
                    if receiver.ends_with("policy") {
                        for f in policy_files {
                            if self.files[f].fns.contains_key(&segs[0]) {
                                out.insert((f.to_string(), segs[0].clone()));
                            }
                        }
                    } else if file.fns.contains_key(&segs[0]) {
                        out.insert((rel.to_string(), segs[0].clone()));
                    } else if !STD_METHODS.contains(&segs[0].as_str()) {
                        // Another file's type: followed where one host file alone has a
                        // method of that name.
                        let owners: Vec<&String> = self
                            .files
                            .iter()
                            .filter(|(r, f)| {
                                !PLUMBING_FILES.contains(&r.as_str())
                                    && f.methods.contains(&segs[0])
                            })
                            .map(|(r, _)| r)
                            .collect();
                        if let [owner] = owners.as_slice() {
                            out.insert(((*owner).clone(), segs[0].clone()));
                        }
                    }
                } else if is_call && !before.ends_with("fn") {
                    let own = match segs.as_slice() {
                        [name] | [_, name] if segs.len() == 1 || segs[0] == "Self" => Some(name),
                        _ => None,
                    };
                    if let Some(name) = own.filter(|n| file.fns.contains_key(*n)) {
                        out.insert((rel.to_string(), name.clone()));
                    } else if let Some(abs) = absolute(file, &segs)
                        && let Some(found) = self.function(&abs)
                    {
                        out.insert(found);
                    }
                }
                i = j.max(i + 1);
            }
        }
        out
    }

    /// Every non-plumbing file the functions `entry` of `rel` reach.
    fn reach(&self, rel: &str, entry: &[&str]) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<(String, String)> = entry
            .iter()
            .map(|f| (rel.to_string(), f.to_string()))
            .collect();
        for (r, f) in &todo {
            assert!(
                self.files[r].fns.contains_key(f),
                "docs/api-map.md names {r} `{f}`, which is not there"
            );
        }
        // The entry counts and is followed even where it is plumbing (`last_error` is all
        // host_impl.rs).
        let mut files = BTreeSet::from([rel.to_string()]);
        for (r, f) in std::mem::take(&mut todo) {
            seen.insert((r.clone(), f.clone()));
            todo.extend(self.calls(&r, &f));
        }
        while let Some((r, f)) = todo.pop() {
            let plumbing = PLUMBING_FILES.contains(&r.as_str())
                || PLUMBING_FNS.contains(&(r.as_str(), f.as_str()));
            if plumbing || !seen.insert((r.clone(), f.clone())) {
                continue;
            }
            files.insert(r.clone());
            todo.extend(self.calls(&r, &f));
        }
        files
    }
}

/// A row of docs/api-map.md: its label, the entry (`file` and functions) and the files listed.
struct Row {
    label: String,
    entry_file: String,
    entry_fns: Vec<String>,
    files: BTreeSet<String>,
}

/// The rows of every table of docs/api-map.md with `entry` and `host files` columns.
fn rows(doc: &str) -> Vec<Row> {
    let mut out = Vec::new();
    let mut columns: Option<(usize, usize)> = None;
    for line in doc.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if let (Some(e), Some(h)) = (
            cells.iter().position(|c| *c == "host entry"),
            cells.iter().position(|c| *c == "host files (≤ 3)"),
        ) {
            columns = Some((e, h));
            continue;
        }
        let Some((e, h)) = columns else { continue };
        if cells[0].starts_with("---") || cells[e] == "—" {
            continue;
        }
        // `socket.rs` `connect`, `connect_native`
        let ticks: Vec<&str> = cells[e].split('`').skip(1).step_by(2).collect();
        let (entry_file, entry_fns) = ticks.split_first().expect("an entry");
        out.push(Row {
            label: cells[0].to_string(),
            entry_file: entry_file.to_string(),
            entry_fns: entry_fns.iter().map(|s| s.to_string()).collect(),
            files: cells[h]
                .split(',')
                .map(|s| s.trim().trim_matches('`').to_string())
                .collect(),
        });
    }
    out
}

#[test]
fn every_function_is_in_the_host_files_the_table_names_and_at_most_three() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let host = Host::load(&root.join("host/src"));
    let doc = std::fs::read_to_string(root.join("docs/api-map.md")).unwrap();
    let rows = rows(&doc);
    assert!(rows.len() >= 42, "only {} rows read", rows.len());
    let forwards = &host.files["host_impl.rs"].code;
    let mut wrong = Vec::new();
    for row in &rows {
        let entry: Vec<&str> = row.entry_fns.iter().map(String::as_str).collect();
        let reached = host.reach(&row.entry_file, &entry);
        if reached != row.files {
            wrong.push(format!(
                "{}: the code reaches {reached:?}, the table says {:?}",
                row.label, row.files
            ));
        }
        if reached.len() > MAX_FILES {
            wrong.push(format!("{}: {} host files", row.label, reached.len()));
        }
        // The WIT item's trait method forwards to the entry (or is it).
        if row.entry_file != "host_impl.rs" {
            let module = row.entry_file.trim_end_matches(".rs").replace('/', "::");
            let call = format!("{module}::{}(", entry[0]);
            if !forwards.contains(&call) {
                wrong.push(format!("{}: host_impl.rs never calls {call}…)", row.label));
            }
        }
    }
    assert!(wrong.is_empty(), "docs/api-map.md:\n{}", wrong.join("\n"));
}

#[test]
fn the_reading_follows_paths_imports_reexports_and_policy_methods() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let host = Host::load(&root.join("host/src"));
    let calls = host.calls("socket.rs", "connect");
    let has = |f: &str, n: &str| calls.contains(&(f.to_string(), n.to_string()));
    assert!(has("policy.rs", "resolve"), "{calls:?}");
    assert!(has("policy.rs", "permit"), "{calls:?}");
    assert!(has("socket.rs", "connect_native"), "{calls:?}");
    // Through sys.rs's re-export, and an imported name.
    assert!(
        host.calls("msg.rs", "recvmsg")
            .contains(&("sys/msg.rs".into(), "recvmsg".into()))
    );
    assert!(
        host.calls("io.rs", "recvfrom")
            .iter()
            .any(|(f, _)| f == "sys.rs")
    );
    // `ctx.policy.check_lookup(…)` and a type's function (`Use::bind_of_new`).
    assert!(
        host.calls("policy.rs", "resolve_ip")
            .contains(&("policy.rs".into(), "check_lookup".into()))
    );
    assert!(
        host.calls("addrinfo.rs", "open")
            .contains(&("policy.rs".into(), "bind_of_new".into()))
    );
}
