-- The W3C traceparent of the request that delivered each Stripe event, so that its processing
-- (later, from this store) continues the same trace through the outbox and Kafka (issue 8).
alter table stripe_event add column traceparent varchar(55);
