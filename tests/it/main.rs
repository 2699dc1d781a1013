mod golden;
mod refdata;
