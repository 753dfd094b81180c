-- A provider paused by an account fault is paused for every node sharing this database: the node that meets the
-- fault writes the row, an operator's or a probe's resume on any node deletes it, and every node follows the table.
create table provider_pause (
    provider   varchar(20) primary key,
    code       varchar(50),
    reason     text,
    since      timestamptz not null default now(),
    paused_by  varchar(200)
);
