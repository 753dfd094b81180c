-- When an advertising call takes its place under the 24-hour cap: at registration, or, for a call held by the cap
-- until the day allows it, the time it was held until (then also its next_attempt_at). The cap counts these times.
alter table call_request add column cap_at timestamptz;
update call_request set cap_at = created_at where purpose = 'advertising';
drop index call_request_advertising_by_phone;
create index call_request_advertising_by_phone on call_request (phone, cap_at) where purpose = 'advertising';
