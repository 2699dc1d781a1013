mod gen;
mod golden;
mod reader_props;
mod refdata;
mod seeds;
