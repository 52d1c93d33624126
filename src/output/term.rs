//! How report text reaches a terminal: colours (anstyle) and visible escapes of invisible characters.
//!
//! Both are off unless the caller turns them on; the command line turns colour on from `--color`
//! and the environment, and escaping on only when standard output is a terminal, so files and pipes
//! get the input's bytes unchanged. Clean documents never pass through here.

use std::io::{self, Write};

use anstyle::{AnsiColor, Effects, Style};

/// Whether to colour and whether to escape invisible characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Styling {
    /// Write ANSI colours.
    pub color: bool,
    /// Show bidi controls, zero-width and control characters as visible escapes (`\u{202e}`).
    pub escape: bool,
}

impl Styling {
    /// No colour, no escapes: the bytes as they are.
    pub const PLAIN: Styling = Styling {
        color: false,
        escape: false,
    };
    /// What a terminal gets with colour on.
    pub const TERMINAL: Styling = Styling {
        color: true,
        escape: true,
    };

    /// Writes `text` in `style` (when colouring), escaping invisible characters (when escaping).
    /// `text` must not hold the line's final `\n`: styles are reset before it.
    pub fn write(&self, w: &mut dyn Write, style: Style, text: &str) -> io::Result<()> {
        let (style, shown) = if self.color {
            (style, ESCAPE)
        } else {
            (Style::new(), Style::new())
        };
        let run = |w: &mut dyn Write, s: &str| -> io::Result<()> {
            if s.is_empty() {
                return Ok(());
            }
            write!(w, "{}{s}{}", style.render(), style.render_reset())
        };
        if !self.escape {
            return run(w, text);
        }
        let mut rest = text;
        while let Some((i, c)) = rest.char_indices().find(|&(_, c)| needs_escape(c)) {
            run(w, &rest[..i])?;
            write!(
                w,
                "{}{}{}",
                shown.render(),
                Escaped(c),
                shown.render_reset()
            )?;
            rest = &rest[i + c.len_utf8()..];
        }
        run(w, rest)
    }
}

/// Colours of the report views. Each is a plain style; [`Styling::write`] drops it when colour is off.
pub const HEADER: Style = Style::new().effects(Effects::BOLD);
pub const HUNK: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
pub const NOTE: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
pub const BOUNDARY: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Magenta)))
    .effects(Effects::BOLD);
pub const REMOVED: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
/// The removed part of a partly removed line.
pub const REMOVED_PART: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .effects(Effects::INVERT);
pub const KEPT: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
pub const PARTLY: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
pub const GUTTER: Style = Style::new().effects(Effects::DIMMED);
const ESCAPE: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Magenta)))
    .effects(Effects::BOLD);

/// Characters a terminal would hide or act on: C0/C1 controls (tab and newline aside), bidi
/// controls that reorder the rest of the line, zero-width and other invisible format characters.
/// Arabic letters, tashkeel and tatweel are visible and never escaped.
pub fn needs_escape(c: char) -> bool {
    match c {
        '\t' | '\n' => false,
        '\0'..='\x1f' | '\x7f'..='\u{9f}' => true,
        // Bidi controls: ALM, LRM, RLM, embeddings and overrides, isolates.
        '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => true,
        // Invisible: soft hyphen, Mongolian vowel separator, zero-width space/joiners, word joiner
        // and invisible operators, line/paragraph separators, BOM, tag characters.
        '\u{00ad}' | '\u{180e}' | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' => true,
        '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{e0000}'..='\u{e007f}' => true,
        _ => false,
    }
}

/// A character shown as an escape: `\r`, `\f`, `\0`, `\x1b`, `\u{200f}`.
struct Escaped(char);

impl std::fmt::Display for Escaped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            '\r' => f.write_str("\\r"),
            '\x0c' => f.write_str("\\f"),
            '\x0b' => f.write_str("\\v"),
            '\0' => f.write_str("\\0"),
            c if (c as u32) < 0x100 => write!(f, "\\x{:02x}", c as u32),
            c => write!(f, "\\u{{{:04x}}}", c as u32),
        }
    }
}

/// `text` with invisible characters escaped, for messages (no colour).
pub fn escape_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if needs_escape(c) {
                Escaped(c).to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: Styling, style: Style, text: &str) -> String {
        let mut out = Vec::new();
        s.write(&mut out, style, text).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_writes_the_bytes_unchanged() {
        let text = "سرايا\u{200f} - \u{202e}abc\r";
        assert_eq!(shown(Styling::PLAIN, REMOVED, text), text);
    }

    #[test]
    fn escaping_shows_bidi_zero_width_and_controls() {
        let s = Styling {
            color: false,
            escape: true,
        };
        assert_eq!(
            shown(s, REMOVED, "a\u{202e}b\u{200b}c\r\x0c\x1b"),
            "a\\u{202e}b\\u{200b}c\\r\\f\\x1b"
        );
        // Arabic with tashkeel, tatweel and a tab stays as it is.
        let arabic = "أيضاً\tـــ قالَ";
        assert_eq!(shown(s, REMOVED, arabic), arabic);
    }

    #[test]
    fn colour_resets_before_the_end() {
        let out = shown(
            Styling {
                color: true,
                escape: false,
            },
            REMOVED,
            "x",
        );
        assert!(
            out.starts_with("\x1b[31m") && out.ends_with("\x1b[0m"),
            "{out:?}"
        );
        assert_eq!(shown(Styling::PLAIN, REMOVED, "x"), "x");
    }

    #[test]
    fn message_escapes() {
        assert_eq!(escape_invisible("a\u{200e}b"), "a\\u{200e}b");
        assert!(matches!(
            escape_invisible("abc"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
