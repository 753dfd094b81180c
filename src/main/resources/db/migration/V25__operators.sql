-- Named operators with roles (viewer, operator, admin): each with a random token shown once when it is made and kept
-- here only as its SHA-256, revocable. Every node reads this table on each request, so a revoked token is refused at
-- once everywhere. voice.admin-token stays the bootstrap admin, named "admin", and is not kept here.
create table operator_token (
    name        varchar(100) primary key,
    role        varchar(10)  not null check (role in ('viewer', 'operator', 'admin')),
    token_hash  char(64)     not null unique,
    created_at  timestamptz  not null default now(),
    created_by  varchar(200) not null,
    revoked_at  timestamptz,
    revoked_by  varchar(200)
);
