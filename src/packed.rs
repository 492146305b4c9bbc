//! Assets that build.rs deflates into the binary (fonts, locales, guidance)
//! and that are inflated on first use. Deflating takes about 1.4 MB off the
//! stripped binary; inflating costs a few milliseconds once, at start.

use std::sync::OnceLock;

/// Inflates what build.rs deflated. The data is the binary's own, so a
/// failure is a broken build, not bad input.
pub fn inflate(packed: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(packed.len() * 4);
    std::io::Read::read_to_end(&mut flate2::read::DeflateDecoder::new(packed), &mut out)
        .expect("data packed by build.rs inflates");
    out
}

/// Text files packed by build.rs as one deflated blob and an index of
/// (folder, file name, start, end) into the inflated text.
pub struct Files {
    blob: &'static [u8],
    index: &'static [(&'static str, &'static str, usize, usize)],
    text: OnceLock<String>,
}

impl Files {
    pub const fn new(
        blob: &'static [u8],
        index: &'static [(&'static str, &'static str, usize, usize)],
    ) -> Self {
        Files {
            blob,
            index,
            text: OnceLock::new(),
        }
    }

    /// Every file as (folder, file name, contents), in build.rs's order.
    pub fn iter(&'static self) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
        let text = self.text.get_or_init(|| {
            String::from_utf8(inflate(self.blob)).expect("files packed by build.rs are UTF-8")
        });
        self.index
            .iter()
            .map(move |&(folder, name, start, end)| (folder, name, &text[start..end]))
    }
}
