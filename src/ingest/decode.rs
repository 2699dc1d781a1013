//! PLACEHOLDER — bytes → text, to be implemented on branch `reader`.

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("{name}: not UTF-8")]
    NotText { name: String },
}

pub fn decode(bytes: &[u8], name: &str) -> Result<String, DecodeError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| DecodeError::NotText { name: name.to_string() })
}
