-- The W3C traceparent of the request that delivered each webhook, so that its processing (later,
-- from this store) continues the same trace: webhook -> message.inbound -> socket (issue 8).
alter table twilio_webhook add column traceparent varchar(55);
