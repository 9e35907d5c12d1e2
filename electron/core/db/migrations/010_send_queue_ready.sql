-- Issue 15: the send queue's rows that may go now, in their own small index. A reply held by its chat's limit or
-- an owner's pause (error_message 'held:<reason>') stays 'queued' until its chat may receive again; with thousands
-- of them (a reseller sending hundreds a minute while OtomaX is down: an expiry notice each) every look at the queue
-- read the whole held backlog first. Held rows are read again only when their hold may have ended.
CREATE INDEX outbound_ready ON outbound_messages (session_id, id)
  WHERE status = 'queued' AND (error_message IS NULL OR error_message NOT LIKE 'held:%');
