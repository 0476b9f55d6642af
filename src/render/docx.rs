//! Lays the bulletin's blocks out as an official-format .docx (GB/T 9704-2012 body conventions).

use crate::config::Fonts;
use crate::render::text::Bulletin;

/// Renders the bulletin as the bytes of a .docx file.
///
/// # Errors
/// Only when the zip writer fails, which in memory means a bug.
pub fn render(bulletin: &Bulletin, fonts: &Fonts) -> Result<Vec<u8>, std::io::Error> {
    let _ = (bulletin, fonts);
    Err(std::io::Error::other("专报生成尚未实现"))
}
