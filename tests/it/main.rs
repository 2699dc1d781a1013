//! The one integration-test binary: each module is a topic.

mod analytics;
mod api;
mod bulk;
mod engine;
mod gen;
mod golden;
mod graph;
mod playground;
mod reader_props;
mod refdata;
mod seeds;
mod server;
mod store;
mod support_api;
