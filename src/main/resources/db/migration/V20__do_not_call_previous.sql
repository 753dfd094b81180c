-- The national Do-Not-Call register as it was before its last replacement, so that one replacement can be undone
-- (a file named undo-replace... in inbox/do-not-call/). Replaced whole by each replacement.
create table suppressed_phone_previous (
    phone     varchar(16)  primary key,
    added_at  timestamptz  not null,
    added_by  varchar(100) not null
);
