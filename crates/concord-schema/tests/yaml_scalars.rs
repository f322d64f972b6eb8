//! Every Unicode scalar value, alone and inside text, written by `yaml::string_scalar` reads
//! back as itself with both YAML parsers concord uses: saphyr's (annotation files) and
//! yaml_serde's (labels, manifest).

use concord_schema::yaml::{self, Value, string_scalar};

/// The texts each scalar value is tried in.
fn contexts(c: char) -> [String; 3] {
    [c.to_string(), format!("a{c} b"), format!("{c}x")]
}

fn check_chunk(texts: &[String]) {
    let mut block = String::new();
    for text in texts {
        let scalar = string_scalar(text);
        block.push_str("- ");
        block.push_str(&scalar);
        block.push('\n');
    }
    {
        let source = &block;
        let tree = yaml::parse(source).unwrap_or_else(|e| panic!("saphyr refused {source:?}: {e:?}"));
        let Value::Seq(items) = &tree.value else { panic!("not a sequence: {source:?}") };
        assert_eq!(items.len(), texts.len());
        for (item, text) in items.iter().zip(texts) {
            assert_eq!(item.as_str(), Some(text.as_str()), "saphyr read {:?} back wrong", string_scalar(text));
        }
        let serde: Vec<String> =
            serde_yaml::from_str(source).unwrap_or_else(|e| panic!("yaml_serde refused {source:?}: {e}"));
        for (read, text) in serde.iter().zip(texts) {
            assert_eq!(read, text, "yaml_serde read {:?} back wrong", string_scalar(text));
        }
    }
}

#[test]
fn every_unicode_scalar_value_round_trips() {
    let all: Vec<char> = (0..=0x10_FFFF_u32).filter_map(char::from_u32).collect();
    assert_eq!(all.len(), 1_112_064);
    for chunk in all.chunks(2048) {
        let texts: Vec<String> = chunk.iter().flat_map(|&c| contexts(c)).collect();
        check_chunk(&texts);
    }
}

#[test]
fn awkward_whole_strings_round_trip() {
    let texts: Vec<String> = [
        "",
        " ",
        "  ",
        "-",
        "- a",
        "?",
        ":",
        "a:",
        "a: b",
        "#",
        "a #b",
        "a#b",
        "~",
        "null",
        "Null",
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "1",
        "007",
        "1e3",
        "0x1F",
        ".inf",
        ".nan",
        "+1",
        "-1",
        "'",
        "''",
        "\"",
        "\\",
        "\\n",
        "&a",
        "*a",
        "!tag",
        "|",
        ">",
        "%",
        "@",
        "`",
        "{",
        "}",
        "[",
        "]",
        ",",
        "a, b",
        "a,b",
        "---",
        "...",
        "\u{2028}",
        "\u{2029}",
        "\u{85}",
        "\u{FEFF}x",
        "\r\n",
        "\t",
        "🇵🇰",
        "👩‍👩‍👧",
        "e\u{301}",
        "“ISIS”",
        "…",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    check_chunk(&texts);
}
