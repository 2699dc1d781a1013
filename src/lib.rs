//! dutygraph reads Chinese place task-division tables (重点任务分工表) into a
//! responsibility graph of places, departments, tasks and milestones, keeps it
//! in sled, analyses it with petgraph and serves it as GraphQL.
//!
//! The pipeline, one module per stage: [`ingest`] (text → records),
//! [`model`] (plain domain types), [`store`] (sled), [`graph`] (petgraph
//! views and analytics), [`search`] (the tantivy full-text index, similar
//! tasks), [`api`] (GraphQL schema). The poem server lives in
//! [`server`]; `main.rs` only wires the command line. [`names`] parses the
//! places, scopes, departments and ids that requests name, for both;
//! [`telemetry`] names what the library measures about itself.

pub mod api;
pub mod engine;
pub mod gen;
pub mod graph;
pub mod ingest;
pub mod memo;
pub mod model;
pub mod names;
pub mod search;
pub mod seeds;
pub mod server;
pub mod store;
pub mod telemetry;
