-- One row per input file read to its end: when every call of it is final, its report is written once.
create table call_batch (
    batch_id          varchar(64)  primary key,
    channel           varchar(32)  not null,
    file_name         text         not null,
    rows_read         bigint       not null,
    invalid_rows      bigint       not null,
    read_at           timestamptz  not null default now(),
    report_written_at timestamptz
);
create index call_batch_pending on call_batch (read_at) where report_written_at is null;
-- GET /api/calls lists newest first.
create index call_request_created on call_request (created_at desc, request_id);
