-- Console sessions signed out: a session cookie carries its own signature and expiry (no session table), so signing
-- out on one node must reach every node through the ledger. The signature's SHA-256, kept until the session would
-- have expired anyway.
create table console_sign_out (
    session_hash varchar(64)  primary key,
    expires_at   timestamptz  not null
);
create index console_sign_out_expires on console_sign_out (expires_at);
