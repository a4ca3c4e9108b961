//! libyaml's parse events, with the position where each starts.
//!
//! serde_yaml reads plan.yaml with libyaml (the `unsafe-libyaml` port) and
//! keeps no positions. Positions are therefore recorded in a second pass
//! over the same text, and that pass must run the same parser: a different
//! one accepts a different language (yaml-rust2, used before, rejected a
//! quoted text continued at the left margin and `'draft'#x`, both of which
//! serde_yaml reads), and a file it rejected got no line numbers at all.
//! This module is the only unsafe code that touches libyaml; it hands out
//! owned events, so nothing outside it sees a libyaml pointer.

use std::mem::MaybeUninit;
use std::ops::{ControlFlow, Range};

use unsafe_libyaml::yaml_event_type_t as Type;

use crate::diag::{LineStarts, Pos};

/// One node event of a YAML stream; stream and document events are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A scalar; `plain` when it is written without quotes or block
    /// indicator; its anchor (`&name`) and tag (`!name`, as libyaml
    /// resolves it: `!!str` is `tag:yaml.org,2002:str`) when it has them.
    Scalar {
        value: String,
        plain: bool,
        anchor: Option<String>,
        tag: Option<String>,
    },
    /// An alias (`*name`), with the anchor's name.
    Alias { anchor: String },
    /// The start of a mapping, with its anchor when it has one.
    MappingStart { anchor: Option<String> },
    /// The end of a mapping.
    MappingEnd,
    /// The start of a sequence, with its anchor when it has one.
    SequenceStart { anchor: Option<String> },
    /// The end of a sequence.
    SequenceEnd,
}

/// Where an event stands in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Its first character (of its anchor or tag, when it has one).
    pub start: Pos,
    /// Its bytes: a scalar's run from its first character (quote, `|`,
    /// anchor or tag included) to just after its last.
    pub bytes: Range<usize>,
}

/// The text is not YAML libyaml can read (serde_yaml says why and where).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejected;

/// Parses `text`, handing every node event and where it stands to
/// `on_event`, in stream order, until `on_event` breaks off (then the
/// text is rejected).
pub fn parse(
    text: &str,
    mut on_event: impl FnMut(Event, Span) -> ControlFlow<()>,
) -> Result<(), Rejected> {
    let mut parser = Parser::new(text)?;
    while let Some((event, span)) = parser.next_event()? {
        if let Some(event) = event
            && on_event(event, span).is_break()
        {
            return Err(Rejected);
        }
    }
    Ok(())
}

/// A libyaml parser over a borrowed text; deleted when dropped.
struct Parser<'text> {
    /// Boxed because libyaml keeps pointers into its own buffers.
    raw: Box<unsafe_libyaml::yaml_parser_t>,
    /// The input libyaml reads through a raw pointer; the borrow keeps it
    /// alive, and events are placed in it.
    text: &'text str,
    /// Where its lines start, as the file's other messages count them.
    lines: LineStarts,
    /// Whether the stream has ended (libyaml must not be asked again).
    done: bool,
}

impl<'text> Parser<'text> {
    /// A parser reading `text`.
    fn new(text: &'text str) -> Result<Self, Rejected> {
        let mut raw = Box::new(MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit());
        // SAFETY: `yaml_parser_initialize` fills in the whole struct (it
        // never fails: it aborts when memory runs out).
        if unsafe { unsafe_libyaml::yaml_parser_initialize(raw.as_mut_ptr()) }.fail {
            return Err(Rejected);
        }
        // SAFETY: initialised just above.
        let mut raw = unsafe { raw.assume_init() };
        // SAFETY: the parser only reads `text.len()` bytes from the pointer,
        // and `text` keeps it borrowed for as long as the parser lives.
        unsafe {
            unsafe_libyaml::yaml_parser_set_input_string(
                &mut *raw,
                text.as_ptr(),
                text.len() as u64,
            );
        }
        Ok(Self {
            raw,
            text,
            lines: LineStarts::of(text),
            done: false,
        })
    }

    /// The next event and where it stands (`None` for stream and document
    /// events), or `None` at the end of the stream.
    fn next_event(&mut self) -> Result<Option<(Option<Event>, Span)>, Rejected> {
        if self.done {
            return Ok(None);
        }
        let mut raw = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
        // SAFETY: the parser is initialised; on success the event is filled in.
        if unsafe { unsafe_libyaml::yaml_parser_parse(&mut *self.raw, raw.as_mut_ptr()) }.fail {
            self.done = true;
            return Err(Rejected);
        }
        // SAFETY: filled in by the successful call above.
        let mut raw = unsafe { raw.assume_init() };
        let (start, end) = (raw.start_mark, raw.end_mark);
        // libyaml's index is in bytes (of the UTF-8 text it was given,
        // which is ours); its line, which counts U+0085, U+2028 and U+2029
        // as line breaks too, is not the file's line.
        let span = Span {
            start: self.lines.pos(self.text, start.index as usize),
            bytes: start.index as usize..end.index as usize,
        };
        let event = match raw.type_ {
            Type::YAML_SCALAR_EVENT => {
                // SAFETY: a scalar event's `data.scalar` holds `length`
                // bytes at `value` (a pointer only read when there are any).
                let scalar = unsafe { raw.data.scalar };
                let bytes = match scalar.length {
                    0 => &[][..],
                    length => unsafe { std::slice::from_raw_parts(scalar.value, length as usize) },
                };
                Some(Event::Scalar {
                    value: String::from_utf8_lossy(bytes).into_owned(),
                    plain: matches!(
                        scalar.style,
                        unsafe_libyaml::yaml_scalar_style_t::YAML_PLAIN_SCALAR_STYLE
                    ),
                    // SAFETY: libyaml's anchor and tag are null or
                    // NUL-terminated strings owned by the event.
                    anchor: unsafe { c_string(scalar.anchor) },
                    tag: unsafe { c_string(scalar.tag) },
                })
            }
            Type::YAML_ALIAS_EVENT => Some(Event::Alias {
                // SAFETY: as the scalar's anchor above.
                anchor: unsafe { c_string(raw.data.alias.anchor) }.unwrap_or_default(),
            }),
            Type::YAML_MAPPING_START_EVENT => Some(Event::MappingStart {
                // SAFETY: as the scalar's anchor above.
                anchor: unsafe { c_string(raw.data.mapping_start.anchor) },
            }),
            Type::YAML_MAPPING_END_EVENT => Some(Event::MappingEnd),
            Type::YAML_SEQUENCE_START_EVENT => Some(Event::SequenceStart {
                // SAFETY: as the scalar's anchor above.
                anchor: unsafe { c_string(raw.data.sequence_start.anchor) },
            }),
            Type::YAML_SEQUENCE_END_EVENT => Some(Event::SequenceEnd),
            // No event at all comes only after the end, but ends it too.
            Type::YAML_STREAM_END_EVENT | Type::YAML_NO_EVENT => {
                self.done = true;
                None
            }
            _ => None,
        };
        // SAFETY: the event was filled in by libyaml and is deleted once;
        // the scalar's bytes were copied out above.
        unsafe { unsafe_libyaml::yaml_event_delete(&mut raw) };
        Ok(Some((event, span)))
    }
}

/// A copy of a string libyaml hands out: null, or NUL-terminated UTF-8.
///
/// # Safety
/// `pointer` is null or points to a NUL-terminated string that lives for
/// the call.
unsafe fn c_string(pointer: *const u8) -> Option<String> {
    if pointer.is_null() {
        return None;
    }
    // SAFETY: as the caller promises.
    let text = unsafe { std::ffi::CStr::from_ptr(pointer.cast()) };
    Some(text.to_string_lossy().into_owned())
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, deleted only here.
        unsafe { unsafe_libyaml::yaml_parser_delete(&mut *self.raw) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(text: &str) -> Result<Vec<(Event, Pos)>, Rejected> {
        let mut events = Vec::new();
        parse(text, |event, span| {
            events.push((event, span.start));
            ControlFlow::Continue(())
        })?;
        Ok(events)
    }

    /// Each scalar's value and its bytes in the text.
    fn scalar_texts(text: &str) -> Vec<(String, &str)> {
        let mut scalars = Vec::new();
        parse(text, |event, span| {
            if let Event::Scalar { value, .. } = event {
                scalars.push((value, &text[span.bytes]));
            }
            ControlFlow::Continue(())
        })
        .unwrap();
        scalars
    }

    fn scalar(value: &str, plain: bool) -> Event {
        Event::Scalar {
            value: value.to_string(),
            plain,
            anchor: None,
            tag: None,
        }
    }

    #[test]
    fn gives_each_node_with_its_line_and_column_in_characters() {
        let events = events("å: ä\nb:\n  - 'c'\n").unwrap();
        assert_eq!(
            events,
            [
                (Event::MappingStart { anchor: None }, Pos::new(1, 1)),
                (scalar("å", true), Pos::new(1, 1)),
                (scalar("ä", true), Pos::new(1, 4)),
                (scalar("b", true), Pos::new(2, 1)),
                (Event::SequenceStart { anchor: None }, Pos::new(3, 3)),
                (scalar("c", false), Pos::new(3, 5)),
                (Event::SequenceEnd, Pos::new(4, 1)),
                (Event::MappingEnd, Pos::new(4, 1)),
            ]
        );
    }

    #[test]
    fn reads_what_serde_yaml_reads_and_rejects_what_it_rejects() {
        // Read by libyaml though stricter parsers refuse them: a comment
        // right after a quote, a quoted text continued at the left margin.
        for text in ["status: 'draft'#x\n", "a:\n  b: \"one\ntwo\"\n"] {
            assert!(serde_yaml::from_str::<serde_yaml::Value>(text).is_ok());
            assert!(events(text).is_ok(), "{text:?}");
        }
        for text in ["a: 'open\n", "a: b: c\n", "- a\nb: c\n"] {
            assert!(serde_yaml::from_str::<serde_yaml::Value>(text).is_err());
            assert_eq!(events(text), Err(Rejected), "{text:?}");
        }
    }

    #[test]
    fn a_scalars_bytes_are_all_it_is_written_as_and_no_more() {
        let text = "å: 'ä ö'   # kommentar\nb: &x !!str \"c\nd\"\ne: |\n  f\n\ng:\n  h i\n";
        assert_eq!(
            scalar_texts(text),
            [
                ("å".to_string(), "å"),
                ("ä ö".to_string(), "'ä ö'"),
                ("b".to_string(), "b"),
                ("c d".to_string(), "&x !!str \"c\nd\""),
                ("e".to_string(), "e"),
                ("f\n".to_string(), "|\n  f\n\n"),
                ("g".to_string(), "g"),
                ("h i".to_string(), "h i"),
            ]
        );
    }
}
