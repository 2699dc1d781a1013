//! Reading files as published: each format's reader, its awkward cases and
//! its bad files, and the seeds read back from every format.

mod fixture;
mod sheet;
mod pdf;
