-- When a VBot request carrying a call went out. A flush claims up to vbot.flush.max-calls calls and sends them over
-- many requests: if its node stops, the calls whose request had not gone out are claimed and sent again, those whose
-- request had gone out are not (VBot cannot tell a repeated campaign from a new one: every phone would ring twice).
alter table call_request add column send_started_at timestamptz;
