//! The one integration-test binary: each module is a topic.

mod graph;
mod refdata;
mod store;
