//! The policy format is defined once (src/policy/format.rs): the committed JSON Schema, the
//! TypeScript declarations and the field reference in the docs are what that table gives.
//! `make schema` rewrites them (CANBAO_REGENERATE=1).

use canbao::policy::format;

const BEGIN: &str = "<!-- generated from src/policy/format.rs by `make schema`: begin -->\n";
const END: &str = "<!-- generated: end -->\n";

fn check(path: &str, expected: &str) {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("CANBAO_REGENERATE").is_some() {
        std::fs::write(&full, expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&full).unwrap_or_default();
    assert!(
        actual == expected,
        "{path} differs from src/policy/format.rs: run `make schema`"
    );
}

#[test]
fn schema_is_generated_from_the_table() {
    let schema = format::json_schema();
    let v: serde_json::Value = serde_json::from_str(&schema).expect("the schema is JSON");
    assert_eq!(
        v["title"],
        format!(
            "canbao policy, format version {}",
            canbao::policy::FORMAT_VERSION
        )
    );
    check("schema/policy.schema.json", &schema);
}

#[test]
fn typescript_is_generated_from_the_table() {
    check("schema/policy.d.ts", &format::typescript());
}

#[test]
fn docs_field_reference_is_generated_from_the_table() {
    let full = format!("{}/docs/policy-format.md", env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(&full).unwrap();
    let (Some(b), Some(e)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("docs/policy-format.md lacks the generated field reference markers");
    };
    // The complete example is the bundled policy, as shipped.
    let json = doc
        .split("```json\n")
        .nth(1)
        .and_then(|x| x.split("```").next());
    assert_eq!(
        json,
        Some(include_str!("../src/policy/presets/dingtao-2024.json"))
    );
    let expected = format!("{}{BEGIN}{}{}", &doc[..b], format::markdown(), &doc[e..]);
    check("docs/policy-format.md", &expected);
}

#[test]
fn every_shape_is_listed_and_named_once() {
    let mut names: Vec<&str> = format::SHAPES.iter().map(|s| s.name).collect();
    names.sort_unstable();
    let n = names.len();
    names.dedup();
    assert_eq!(names.len(), n, "two shapes share a name");
    // Every object a field refers to is in SHAPES.
    fn walk(ty: &format::Ty, out: &mut Vec<&'static str>) {
        match ty {
            format::Ty::Object(s) => out.push(s.name),
            format::Ty::Array(t) => walk(t, out),
            _ => {}
        }
    }
    let mut referred = Vec::new();
    for s in format::SHAPES.iter() {
        for f in s.fields {
            walk(&f.ty, &mut referred);
        }
        for c in s.cases {
            for k in c.fields.iter().chain(c.optional) {
                assert!(
                    s.field(k).is_some(),
                    "{}: case field {k} is not a field",
                    s.name
                );
            }
        }
    }
    for r in referred {
        assert!(names.contains(&r), "{r} is used but not in SHAPES");
    }
}

/// Every object of every bundled policy, with its path and shape, walked with the table.
fn objects(
    v: &serde_json::Value,
    shape: &'static format::Shape,
    path: String,
    out: &mut Vec<(String, &'static format::Shape)>,
) {
    let serde_json::Value::Object(map) = v else {
        return;
    };
    out.push((path.clone(), shape));
    for (k, child) in map {
        let Some(f) = shape.field(k) else { continue };
        let at = if path.is_empty() {
            k.clone()
        } else {
            format!("{path}.{k}")
        };
        walk(child, &f.ty, at, out);
    }
}

fn walk(
    v: &serde_json::Value,
    ty: &format::Ty,
    path: String,
    out: &mut Vec<(String, &'static format::Shape)>,
) {
    match (ty, v) {
        (format::Ty::Object(s), _) => objects(v, s, path, out),
        (format::Ty::Text, _) => objects(v, &format::TEXT, path, out),
        (format::Ty::Array(t), serde_json::Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, t, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn at_mut<'a>(v: &'a mut serde_json::Value, path: &str) -> &'a mut serde_json::Value {
    let mut cur = v;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, index) = match part.split_once('[') {
            Some((k, rest)) => (
                k,
                Some(rest.trim_end_matches(']').parse::<usize>().unwrap()),
            ),
            None => (part, None),
        };
        cur = &mut cur[key];
        if let Some(i) = index {
            cur = &mut cur[i];
        }
    }
    cur
}

fn issues(v: &serde_json::Value) -> Vec<(String, canbao::input::IssueCode)> {
    match canbao::policy::from_value(v) {
        Ok(_) => Vec::new(),
        Err(e) => e.issues.iter().map(|i| (i.path.clone(), i.code)).collect(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The reader accepts exactly the table's fields and requires exactly the table's required
/// fields: for every object of every bundled policy, an unknown key is reported at its path,
/// and removing a required field reports it missing there (removing an optional one does not).
#[test]
fn the_reader_follows_the_table() {
    use canbao::input::IssueCode;
    let mut checked = std::collections::BTreeSet::new();
    // The bundled policies and the example files written without a base (a base would
    // supply what the test removes).
    let examples = [
        include_str!("../examples/policies/yongfu-2023.json"),
        include_str!("../examples/policies/yongchun-2023.json"),
    ];
    for text in canbao::policy::PRESETS.iter().chain(&examples) {
        let base: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(issues(&base), Vec::new());
        let mut found = Vec::new();
        objects(&base, &format::POLICY, String::new(), &mut found);
        for (path, shape) in found {
            checked.insert(shape.name);
            let mut v = base.clone();
            at_mut(&mut v, &path)["zzUnknown"] = serde_json::json!(1);
            assert!(
                issues(&v).contains(&(join(&path, "zzUnknown"), IssueCode::UnknownField)),
                "{}: an unknown field at {path} is not reported",
                shape.name
            );
            let present: Vec<String> = at_mut(&mut base.clone(), &path)
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            for key in present {
                let Some(field) = shape.field(&key) else {
                    continue;
                };
                let mut v = base.clone();
                at_mut(&mut v, &path).as_object_mut().unwrap().remove(&key);
                let missing = issues(&v).contains(&(join(&path, &key), IssueCode::MissingField));
                let in_case = shape.cases.iter().any(|c| {
                    c.fields.contains(&key.as_str()) && !c.optional.contains(&key.as_str())
                });
                let sole_any_of = shape.any_of.contains(&key.as_str())
                    && !shape
                        .any_of
                        .iter()
                        .any(|k| *k != key && at_mut(&mut base.clone(), &path).get(k).is_some());
                if sole_any_of {
                    assert!(
                        !issues(&v).is_empty(),
                        "{}: removing the only one of {:?} is accepted",
                        shape.name,
                        shape.any_of
                    );
                } else if field.required && !in_case {
                    assert!(
                        missing,
                        "{}.{key} is required by the table but not by the reader",
                        shape.name
                    );
                } else if !in_case {
                    assert!(
                        !missing,
                        "{}.{key} is optional in the table but required by the reader",
                        shape.name
                    );
                }
            }
        }
    }
    // Together they have every object of the format.
    for s in format::SHAPES.iter() {
        assert!(
            checked.contains(s.name),
            "no bundled policy has a {}",
            s.name
        );
    }
}

/// What the writer gives reads back as the same policy (whole: a policy written on a base
/// comes back without it; a format-1 file comes back in format 2).
#[test]
fn written_policies_read_back_the_same() {
    let examples = [
        include_str!("../examples/policies/fuliang-2024.json"),
        include_str!("../examples/policies/yongfu-2023.json"),
        include_str!("../examples/policies/yongchun-2023.json"),
        include_str!("../examples/policies/dalate-2024.json"),
    ];
    let mut n = 0;
    for text in canbao::policy::PRESETS.iter().chain(&examples) {
        let mut p = canbao::policy::Policy::from_json(text).unwrap();
        let written = p.to_value();
        let back = canbao::policy::from_value(&written)
            .unwrap_or_else(|e| panic!("{}: {e}\n{written:#}", p.id));
        p.base = None;
        p.format_version = canbao::policy::FORMAT_VERSION;
        assert_eq!(back, p);
        assert_eq!(back.to_value(), written);
        n += 1;
    }
    assert_eq!(n, canbao::policy::PRESETS.len() + examples.len());
}

/// The enrollment form's code lists (民族, relations, 户籍性质, document types, categories) are
/// published from src/intake/codes.rs.
#[test]
fn enrollment_codes_are_generated_from_the_tables() {
    let text = canbao::intake::codes::json();
    let v: serde_json::Value = serde_json::from_str(&text).expect("the code lists are JSON");
    assert_eq!(v["ethnicGroups"].as_array().unwrap().len(), 58);
    assert_eq!(v["relations"][1]["zh"], "户主");
    check("schema/enrollment-codes.json", &text);
}
