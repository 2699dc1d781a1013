mod api;
mod golden;
mod playground;
mod refdata;
mod store;
mod support_api;
