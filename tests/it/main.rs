//! The one integration-test binary: each module is a topic.

mod abuse;
mod analytics;
mod api;
mod backup;
mod bad_input;
mod bulk;
mod concurrency;
mod crash;
mod engine;
mod formats;
mod gen;
mod golden;
mod graph;
mod logs;
mod places;
mod playground;
mod reader_props;
mod reading;
mod refdata;
mod seeds;
mod server;
mod store;
mod support_api;
mod support_bin;
mod tidy;
mod upload;
