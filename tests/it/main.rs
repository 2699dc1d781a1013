//! The one integration-test binary: each module is a topic.

mod bad_input;
mod engine;
mod gen;
mod golden;
mod graph;
mod reader_props;
mod refdata;
mod seeds;
mod server;
mod store;
