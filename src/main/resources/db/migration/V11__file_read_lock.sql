-- Which node reads which inbox file (Camel's readLock=idempotent-changed with JdbcOrphanLockAwareIdempotentRepository):
-- nodes sharing a work folder read each file once at a time, and the file of a node that died (kill -9, a lost host)
-- is taken by another once its lock has not been kept alive for voice.inbox.lock-max-age-ms. Column names are the
-- repository's own.
create table file_read_lock (
    processorname varchar(255)  not null,
    messageid     varchar(1000) not null,
    createdat     timestamp     not null,
    primary key (processorname, messageid)
);
