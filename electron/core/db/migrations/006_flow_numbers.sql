-- Which WhatsApp number each message used, for the live flow, its filter, the CSV and Status (issue 17).
-- An inbound row already carries the number it arrived on (session_id). An outbox row gets the number that sends it:
-- the session_id of its outbound row (planned when queued, the actual sender once sent), kept by the triggers below
-- so the flow can filter by number through an index instead of looking at every outbox row.
-- NULL = no WhatsApp message belongs to the row (refused as too long, or carried by an earlier auto-reply).

ALTER TABLE outbox_messages ADD COLUMN number_id TEXT;

UPDATE outbox_messages
SET number_id = (SELECT session_id FROM outbound_messages o WHERE o.outbox_id = outbox_messages.id ORDER BY o.id DESC LIMIT 1);

CREATE TRIGGER outbox_number_ai AFTER INSERT ON outbound_messages WHEN new.outbox_id IS NOT NULL BEGIN
  UPDATE outbox_messages SET number_id = new.session_id WHERE id = new.outbox_id;
END;
CREATE TRIGGER outbox_number_au AFTER UPDATE OF session_id, outbox_id ON outbound_messages
WHEN new.outbox_id IS NOT NULL BEGIN
  UPDATE outbox_messages SET number_id = new.session_id WHERE id = new.outbox_id;
END;

-- A number's rows in time order: the flow's keyset pages and capped counts walk these when filtered by number.
CREATE INDEX inbound_by_number ON inbound_messages (session_id, received_at);
CREATE INDEX outbox_by_number ON outbox_messages (number_id, received_at) WHERE number_id IS NOT NULL;
-- A number with a status ("Cadangan", failed): without these, the count checks every row of the number in the table.
CREATE INDEX inbound_by_number_status ON inbound_messages (session_id, status, received_at);
CREATE INDEX outbox_by_number_status ON outbox_messages (number_id, status, received_at) WHERE number_id IS NOT NULL;
