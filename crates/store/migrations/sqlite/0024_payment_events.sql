-- The payment report reads every payment taken (the payment_recorded events with their
-- receipts); a partial index holds just those, so the report does not scan the event log.
-- Keep in step with ../postgres/0024_payment_events.sql.
CREATE INDEX dossier_events_payments ON dossier_events (dossier_id) WHERE kind = 'payment_recorded';
