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

/// Text in both languages: names shown to people, and every message of the crate (problems,
/// errors, explanation steps) keeps its zh and en this one way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// Both texts.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}
