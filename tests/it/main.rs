mod golden;
mod refdata;
mod seeds;
