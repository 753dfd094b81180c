-- The nodes sharing this database, each seen every voice.nodes.heartbeat-ms: the account's request rate is shared
-- among the live ones (a node that stopped beating no longer counts after three beats).
create table node_heartbeat (
    node_id text primary key,
    seen_at timestamptz not null
);
