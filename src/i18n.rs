//! Visitor-facing text: Fluent bundles per language, text direction and
//! language names.
//!
//! The shipped locales (`locales/<lang>/*.ftl`) are embedded at build time;
//! an office may layer its own messages on top from `[kiosk] locales_dir`.

use std::collections::BTreeMap;
use std::path::Path;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// The language every text falls back to, and the office's language.
pub const FALLBACK: &str = "sv";

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

/// Languages written right to left.
const RTL: &[&str] = &["ar", "fa", "he", "ur", "ps", "ckb", "ku-arab", "dv", "yi"];

pub fn direction(lang: &str) -> Direction {
    if RTL.contains(&lang) {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

/// A problem in a Fluent file.
#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("{file}:{line}: {what}")]
    Parse {
        file: String,
        line: usize,
        what: String,
    },
    #[error("{dir}: cannot read locales: {error}")]
    Read { dir: String, error: std::io::Error },
    #[error("locales/{lang}: \"{what}\" is not a valid language code")]
    Lang { lang: String, what: String },
}

struct Locale {
    bundle: FluentBundle<FluentResource>,
    ids: Vec<String>,
}

/// All loaded languages.
pub struct Catalog {
    locales: BTreeMap<String, Locale>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("languages", &self.locales.keys().collect::<Vec<_>>())
            .finish()
    }
}

fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].matches('\n').count() + 1
}

impl Catalog {
    /// The locales embedded in the binary.
    pub fn embedded() -> Result<Self, I18nError> {
        let mut catalog = Catalog {
            locales: BTreeMap::new(),
        };
        for (lang, file, src) in embedded::EMBEDDED.iter() {
            catalog.add(lang, &format!("locales/{lang}/{file}"), src)?;
        }
        Ok(catalog)
    }

    /// Adds (or overrides) messages from `dir/<lang>/*.ftl`.
    pub fn with_overrides(mut self, dir: &Path) -> Result<Self, I18nError> {
        let read_err = |error| I18nError::Read {
            dir: dir.display().to_string(),
            error,
        };
        let mut langs: Vec<_> = std::fs::read_dir(dir)
            .map_err(read_err)?
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .collect();
        langs.sort_by_key(|e| e.file_name());
        for lang in langs {
            let code = lang.file_name().to_string_lossy().into_owned();
            let mut files: Vec<_> = std::fs::read_dir(lang.path())
                .map_err(read_err)?
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "ftl"))
                .collect();
            files.sort_by_key(|e| e.file_name());
            for file in files {
                let src = std::fs::read_to_string(file.path()).map_err(read_err)?;
                self.add(&code, &file.path().display().to_string(), &src)?;
            }
        }
        Ok(self)
    }

    fn add(&mut self, lang: &str, file: &str, src: &str) -> Result<(), I18nError> {
        let resource = FluentResource::try_new(src.to_string()).map_err(|(_, errors)| {
            let e = &errors[0];
            I18nError::Parse {
                file: file.to_string(),
                // The start of the broken entry, else where parsing stopped.
                line: line_of(src, e.slice.as_ref().map_or(e.pos.start, |s| s.start)),
                what: e.kind.to_string(),
            }
        })?;
        let locale = match self.locales.entry(lang.to_string()) {
            std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::btree_map::Entry::Vacant(v) => {
                let id: LanguageIdentifier =
                    lang.parse()
                        .map_err(|e: unic_langid::LanguageIdentifierError| I18nError::Lang {
                            lang: lang.to_string(),
                            what: e.to_string(),
                        })?;
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Isolation marks keep a Latin name inside Arabic text in
                // its own direction.
                bundle.set_use_isolating(true);
                v.insert(Locale {
                    bundle,
                    ids: Vec::new(),
                })
            }
        };
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                let id = m.id.name.to_string();
                if !locale.ids.contains(&id) {
                    locale.ids.push(id);
                }
            }
        }
        locale.bundle.add_resource_overriding(resource);
        Ok(())
    }

    /// Codes of every loaded language, sorted.
    pub fn languages(&self) -> Vec<String> {
        self.locales.keys().cloned().collect()
    }

    /// Message ids defined in `lang`.
    pub fn message_ids(&self, lang: &str) -> Vec<String> {
        self.locales
            .get(lang)
            .map(|l| l.ids.clone())
            .unwrap_or_default()
    }

    pub fn has(&self, lang: &str, id: &str) -> bool {
        self.locales
            .get(lang)
            .is_some_and(|l| l.bundle.has_message(id))
    }

    /// The text of message `id` in `lang`, falling back to Swedish and then
    /// to the id itself (never panics, never shows an empty tile).
    pub fn text(&self, lang: &str, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        for l in [lang, FALLBACK] {
            if let Some(text) = self.try_text(l, id, args) {
                return text;
            }
        }
        tracing::warn!(lang, id, "missing message");
        id.to_string()
    }

    fn try_text(&self, lang: &str, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let bundle = &self.locales.get(lang)?.bundle;
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(lang, id, ?errors, "message formatted with errors");
        }
        Some(text.into_owned())
    }

    /// The language's own name in its own script ("Svenska", "العربية").
    pub fn language_name(&self, lang: &str) -> String {
        self.try_text(lang, "language-name", None)
            .unwrap_or_else(|| lang.to_string())
    }
}

impl crate::config::Languages for Catalog {
    fn available(&self) -> Vec<String> {
        self.languages()
    }

    fn has_message(&self, lang: &str, id: &str) -> bool {
        self.has(lang, id)
    }
}
