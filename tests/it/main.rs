mod refdata;
