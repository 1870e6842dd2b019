//! A small, strict YAML tree for the YAML lockfiles (pnpm-lock.yaml, Berry's
//! yarn.lock).
//!
//! Built from saphyr-parser's event stream rather than a full YAML library
//! because lockfiles need only maps, sequences and scalars, and a reader of
//! untrusted input wants what a general library does not give: every node
//! carries its line (so errors name it), a key given twice is an error rather
//! than a silent overwrite, anchors, aliases and tags are refused (no
//! "billion laughs", no type tricks), and nesting is bounded. Scalars stay
//! text: `true`, `1.0` and `null` are the strings the file wrote, and each
//! reader decides what they mean.

use std::collections::HashSet;

use saphyr_parser::{Event, Parser, Span};

use crate::error::{Error, Result};
use crate::limits::MAX_JSON_DEPTH;

/// One node of a YAML document and the line (1-based) it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    /// What the node holds.
    pub value: Value,
    /// The line the node starts on, for error messages.
    pub line: usize,
}

/// The value of a [`Node`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// A scalar, as written (quotes removed, escapes resolved).
    Scalar(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping with scalar keys, in file order, each key once.
    Map(Vec<(String, Node)>),
}

impl Node {
    /// The scalar's text, or `None` for a sequence or mapping.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The mapping's entries, or `None` when the node is not a mapping.
    pub(crate) fn as_map(&self) -> Option<&[(String, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value under `key` when this is a mapping that has it.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// Parses every document of `text` (a pnpm lockfile may hold two); `doc`
/// names the file in errors, which give the line.
pub(crate) fn parse_documents(text: &str, doc: &str) -> Result<Vec<Node>> {
    let mut events = Events { parser: Parser::new_from_str(text), doc };
    let mut documents = Vec::new();
    loop {
        let (event, span) = events.next()?;
        match event {
            Event::StreamStart | Event::DocumentEnd => {}
            Event::DocumentStart(_) => documents.push(events.node(0)?),
            Event::StreamEnd => return Ok(documents),
            _ => return Err(events.fail(&span, "unexpected content between documents")),
        }
    }
}

/// The parser's events, with errors turned into attest's.
struct Events<'a> {
    parser: Parser<'a, saphyr_parser::StrInput<'a>>,
    doc: &'a str,
}

impl<'a> Events<'a> {
    fn next(&mut self) -> Result<(Event<'a>, Span)> {
        match self.parser.next_event() {
            Some(Ok(pair)) => Ok(pair),
            Some(Err(e)) => {
                Err(Error::malformed_at_line(self.doc, e.marker().line(), format!("not valid YAML: {}", e.info())))
            }
            None => Err(Error::malformed(self.doc, "the YAML ends unexpectedly")),
        }
    }

    fn fail(&self, span: &Span, reason: &str) -> Error {
        Error::malformed_at_line(self.doc, span.start.line(), reason)
    }

    /// Reads the node that starts with the next event. Anchors (an anchor id
    /// other than 0), aliases and tags are refused.
    fn node(&mut self, depth: usize) -> Result<Node> {
        let (event, span) = self.next()?;
        if depth > MAX_JSON_DEPTH {
            return Err(self.fail(&span, &format!("nested deeper than {MAX_JSON_DEPTH} levels")));
        }
        let line = span.start.line();
        let value = match event {
            Event::Scalar(_, _, anchor, tag) | Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag)
                if anchor != 0 || tag.is_some() =>
            {
                return Err(self.fail(&span, "anchors and tags are not used in lockfiles and are refused"));
            }
            Event::Alias(_) => return Err(self.fail(&span, "aliases are not used in lockfiles and are refused")),
            Event::Scalar(text, ..) => Value::Scalar(text.into_owned()),
            Event::SequenceStart(..) => {
                let mut items = Vec::new();
                while !matches!(self.parser.peek(), Some(Ok((Event::SequenceEnd, _)))) {
                    items.push(self.node(depth + 1)?);
                }
                self.next()?;
                Value::Seq(items)
            }
            Event::MappingStart(..) => {
                let mut entries: Vec<(String, Node)> = Vec::new();
                // A set beside the entries: scanning them for each new key
                // would make a hostile file of many keys quadratic.
                let mut keys: HashSet<String> = HashSet::new();
                while !matches!(self.parser.peek(), Some(Ok((Event::MappingEnd, _)))) {
                    let key = self.node(depth + 1)?;
                    let Value::Scalar(key_text) = key.value else {
                        return Err(Error::malformed_at_line(
                            self.doc,
                            key.line,
                            "a mapping key must be a plain value",
                        ));
                    };
                    if !keys.insert(key_text.clone()) {
                        return Err(Error::malformed_at_line(
                            self.doc,
                            key.line,
                            format!("the key {key_text:?} is given twice"),
                        ));
                    }
                    let value = self.node(depth + 1)?;
                    entries.push((key_text, value));
                }
                self.next()?;
                Value::Map(entries)
            }
            _ => return Err(self.fail(&span, "unexpected YAML structure")),
        };
        Ok(Node { value, line })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let mut docs = parse_documents(text, "f.yaml").unwrap();
        assert_eq!(docs.len(), 1);
        docs.remove(0)
    }

    fn err(text: &str) -> String {
        parse_documents(text, "f.yaml").unwrap_err().to_string()
    }

    #[test]
    fn reads_maps_sequences_and_scalars_with_their_lines() {
        let root = one("a: 1\nb:\n  - x\n  - 'y: z'\nc:\n  d: true\n  \"e f\": null\n");
        assert_eq!(root.get("a").unwrap().as_str(), Some("1"));
        let Value::Seq(b) = &root.get("b").unwrap().value else { panic!("not a sequence") };
        assert_eq!(b.iter().map(|n| n.as_str().unwrap()).collect::<Vec<_>>(), ["x", "y: z"]);
        assert_eq!(b[1].line, 4);
        let c = root.get("c").unwrap();
        assert_eq!(c.line, 6);
        assert_eq!(c.get("d").unwrap().as_str(), Some("true"));
        assert_eq!(c.get("e f").unwrap().as_str(), Some("null"));
        assert!(root.get("zz").is_none());
        assert!(c.as_str().is_none() && root.get("b").unwrap().as_map().is_none());
    }

    #[test]
    fn keeps_every_document() {
        let docs = parse_documents("---\na: 1\n---\nb: 2\n", "f").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].get("b").unwrap().as_str(), Some("2"));
        assert!(parse_documents("", "f").unwrap().is_empty());
    }

    #[test]
    fn refuses_what_a_lockfile_never_needs() {
        assert_eq!(err("a: 1\nb: 2\na: 3\n"), "f.yaml: malformed: line 3: the key \"a\" is given twice");
        assert!(err("a: &x 1\nb: *x\n").contains("line 1: anchors and tags"), "{}", err("a: &x 1\nb: *x\n"));
        assert!(err("a: !!str 1\n").contains("line 1: anchors and tags"));
        assert!(err("? [a, b]\n: 1\n").contains("a mapping key must be a plain value"));
        assert!(err("a: [1, 2\n").starts_with("f.yaml: malformed: line"), "{}", err("a: [1, 2\n"));
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(err(&deep).contains("nested deeper than 128 levels"));
    }
}
