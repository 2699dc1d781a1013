//! PLACEHOLDER — GraphQL over HTTP without a web framework, to be implemented.
