-- What operators did (console or API): who, what, to what, with what result, when. Kept for audit; never a secret.
create table operator_action (
    id       bigserial    primary key,
    at       timestamptz  not null default now(),
    operator varchar(300) not null,
    action   varchar(32)  not null,
    target   text         not null,
    outcome  text         not null
);
create index operator_action_at on operator_action (at desc);
