//! Reading files as published: each format's reader, its awkward cases and
//! its bad files, and the seeds read back from every format.

mod bad_files;
pub mod docx;
pub mod fixture;
mod folder;
mod html;
mod pdf;
pub mod seeds;
mod sheet;
