-- Issue 15, the callback path (1,000 OtomaX callbacks a second while the send pace lets 50 a second go): two indexes
-- of outbound_messages fitted to the reads that use them.
--
-- 1. Held replies (a chat over its reply limit or paused by the owner: status 'queued', error_message 'held:<reason>')
--    in their own small index. The send queue asks "which chats have held rows" (heldChats) at most once a second on
--    a wake, and the metrics ask how many are held (countHeld); both walked outbound_by_status over every queued row
--    and read each one from the table, so they cost O(backlog): 3-9 ms at 28,000 queued outbox messages (a burst of
--    callbacks queues about 950 a second), a stall the callbacks' 200s waited behind. From this index they cost
--    the held rows only (9 us with none held). Its WHERE is repeated word for word by those statements
--    (whatsapp/outbound-repo.ts), so that SQLite may use it.
CREATE INDEX outbound_held ON outbound_messages (session_id, to_phone, id)
  WHERE status = 'queued' AND error_message LIKE 'held:%';

-- 2. outbound_by_phone serves only the per-chat reply limit (recentReplies), which asks for replies: an outbox message
--    (most rows at a shop, one per callback) or a manual one never needs an entry. One b-tree insert less per
--    callback. The statement repeats this WHERE too.
DROP INDEX outbound_by_phone;
CREATE INDEX outbound_by_phone ON outbound_messages (to_phone, created_at) WHERE kind IN ('auto_reply', 'expired_notice');

-- 3. "Did the outbox already carry this text for this inbox code?" (outbox-repo hasSameText, asked before every
--    auto-reply on the inbound side) was read through outbox_by_phone: every outbox message ever sent to the reseller
--    (one per transaction, kept for the retention days), each read from the table to compare its inbox code and
--    text. The inbox code is OtomaX's id of one inbound message: this index finds its outbox rows at once. Written
--    only for callbacks that carry an inbox code (a transaction's result does; a broadcast does not).
CREATE INDEX outbox_by_kode_inbox ON outbox_messages (kode_inbox) WHERE kode_inbox IS NOT NULL;
