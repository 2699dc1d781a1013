mod api;
mod golden;
mod playground;
mod reader_props;
mod refdata;
mod seeds;
mod store;
mod support_api;
