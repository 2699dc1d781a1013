//! The one integration-test binary: each module is a topic.

mod engine;
mod gen;
mod golden;
mod graph;
mod reader_props;
mod refdata;
mod seeds;
mod server;
mod store;
