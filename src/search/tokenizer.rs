//! The tokenizers the index registers: [`text::words`] and
//! [`text::shingles`] as tantivy token streams.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::text::{self, Cut};

/// Name of the tokenizer of the text fields (task, measure, detail, chapter,
/// section).
pub const WORDS: &str = "dutygraph_words";
/// Name of the tokenizer of the similarity field.
pub const SHINGLES: &str = "dutygraph_shingles";

/// Unigrams and bigrams of Han runs, whole words otherwise, of the
/// normalised text (see [`text::words`]).
#[derive(Clone, Default)]
pub struct Words;

/// The shingles of [`text::shingles`], each once.
#[derive(Clone, Default)]
pub struct Shingles;

/// Tokens computed up front: task fields are short, and this keeps the
/// cutting in one function that the query side calls too.
pub struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for Words {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let chars = text::normalise(text);
        // Byte offset of each character of `text` (and of its end).
        let bytes: Vec<usize> = text.char_indices().map(|(at, _)| at).chain([text.len()]).collect();
        let tokens = text::words(&chars, Cut::Index)
            .into_iter()
            .map(|w| Token {
                offset_from: bytes[w.start],
                offset_to: bytes[w.end],
                position: w.position,
                text: w.text(&chars),
                position_length: 1,
            })
            .collect();
        Tokens { tokens, next: 0 }
    }
}

impl Tokenizer for Shingles {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let tokens = text::shingles(text)
            .into_iter()
            .enumerate()
            .map(|(position, s)| Token {
                offset_from: 0,
                offset_to: text.len(),
                position,
                text: text::shingle_text(s),
                position_length: 1,
            })
            .collect();
        Tokens { tokens, next: 0 }
    }
}
