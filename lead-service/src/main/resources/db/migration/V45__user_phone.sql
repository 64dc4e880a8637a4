-- A user's own mobile number (E.164) for SMS notifications, and their consent to be texted.
-- Consent is the person's: only they give it (recorded with when), and a new number resets it.
alter table app_user add column phone          varchar(20);
alter table app_user add column sms_consent    boolean     not null default false;
alter table app_user add column sms_consent_at timestamptz;
