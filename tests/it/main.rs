mod golden;
mod refdata;
mod store;
