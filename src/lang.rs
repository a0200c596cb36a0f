//! The language of messages, crate-wide: Simplified Chinese first, English on request.

/// Language of human-readable messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Parses `"zh"`, `"zh-CN"`, `"en"`, `"en-US"`…; anything else is Chinese.
    pub fn parse(s: &str) -> Lang {
        if s.len() >= 2 && s.as_bytes()[..2].eq_ignore_ascii_case(b"en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}
