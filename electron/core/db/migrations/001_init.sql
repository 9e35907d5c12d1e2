-- Foundation: settings and the traffic log. Timestamps are integer milliseconds since the epoch (UTC).

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,            -- JSON
  updated_at INTEGER NOT NULL
) STRICT;

-- Every WhatsApp message accepted by the session, written before anything else happens to it.
CREATE TABLE inbound_messages (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL DEFAULT 'default',
  -- session | remoteJid | participant | id: WhatsApp re-delivers, and a re-delivery must be a no-op
  wa_key TEXT NOT NULL UNIQUE,
  wa_id TEXT NOT NULL,
  chat_jid TEXT NOT NULL,
  participant_jid TEXT,
  sender_phone TEXT,              -- digits, international form (62...); NULL = sender unknown (unresolved LID)
  sender_lid TEXT,
  push_name TEXT,
  from_me INTEGER NOT NULL DEFAULT 0,
  is_group INTEGER NOT NULL DEFAULT 0,
  is_media INTEGER NOT NULL DEFAULT 0,
  text TEXT NOT NULL,
  wa_timestamp INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,    -- wa_timestamp + 30 s: the InsertInbox _exp
  -- received | queued | forwarding | forwarded | failed | expired | not_forwarded | sender_unknown
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  kode_inbox INTEGER,
  otomax_status INTEGER,
  otomax_desc TEXT,
  otomax_reply TEXT,
  otomax_raw TEXT,
  error_class TEXT,
  error_message TEXT,
  forwarded_at INTEGER,
  latency_ms INTEGER,
  read_at INTEGER
) STRICT;
CREATE INDEX inbound_by_time ON inbound_messages (received_at);
CREATE INDEX inbound_by_phone ON inbound_messages (sender_phone, received_at);
CREATE INDEX inbound_by_status ON inbound_messages (status, received_at);
CREATE INDEX inbound_by_kode_inbox ON inbound_messages (kode_inbox) WHERE kode_inbox IS NOT NULL;

-- OtomaX outbox messages received on the callback, unique on OtomaX's kode.
CREATE TABLE outbox_messages (
  id INTEGER PRIMARY KEY,
  kode TEXT NOT NULL UNIQUE,
  penerima TEXT NOT NULL,         -- digits, international form
  pesan TEXT NOT NULL,
  kode_inbox INTEGER,
  kode_transaksi INTEGER,
  kode_reseller TEXT,
  raw TEXT NOT NULL,              -- the payload as received (JSON)
  received_at INTEGER NOT NULL,
  -- received | sending | sent | duplicate_text | failed | expired
  status TEXT NOT NULL,
  delivered_at INTEGER,
  report_status INTEGER,          -- 20 sent, 40 failed: what UpdateStatusOutbox must carry
  reported_at INTEGER,            -- NULL until OtomaX accepted UpdateStatusOutbox
  report_attempts INTEGER NOT NULL DEFAULT 0,
  error_message TEXT
) STRICT;
CREATE INDEX outbox_by_time ON outbox_messages (received_at);
CREATE INDEX outbox_by_phone ON outbox_messages (penerima, received_at);
CREATE INDEX outbox_by_status ON outbox_messages (status, received_at);
CREATE INDEX outbox_unreported ON outbox_messages (report_status) WHERE report_status IS NOT NULL AND reported_at IS NULL;

-- Everything this app sends over WhatsApp: auto-replies, outbox deliveries, notices.
CREATE TABLE outbound_messages (
  id INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL DEFAULT 'default',
  to_phone TEXT NOT NULL,
  to_jid TEXT NOT NULL,
  text TEXT NOT NULL,
  kind TEXT NOT NULL,             -- auto_reply | outbox | expired_notice | manual
  inbound_id INTEGER REFERENCES inbound_messages (id) ON DELETE SET NULL,
  outbox_id INTEGER REFERENCES outbox_messages (id) ON DELETE SET NULL,
  quoted_wa_key TEXT,             -- wa_key of the inbound message quoted
  -- The WhatsApp message id is chosen before the first attempt, so a resend after a crash reuses it.
  wa_id TEXT NOT NULL UNIQUE,
  -- queued | sending | sent | delivered | read | failed
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  not_after INTEGER,              -- give up when still unsent at this time
  sent_at INTEGER,
  delivered_at INTEGER,
  read_at INTEGER,
  error_message TEXT,
  wa_message BLOB                 -- the sent proto (for getMessage / retry receipts)
) STRICT;
CREATE INDEX outbound_by_time ON outbound_messages (created_at);
CREATE INDEX outbound_by_phone ON outbound_messages (to_phone, created_at);
CREATE INDEX outbound_by_status ON outbound_messages (status, created_at);
CREATE INDEX outbound_by_inbound ON outbound_messages (inbound_id) WHERE inbound_id IS NOT NULL;
CREATE INDEX outbound_by_outbox ON outbound_messages (outbox_id) WHERE outbox_id IS NOT NULL;

-- Every InsertInbox attempt, for the message's whole story.
CREATE TABLE forward_attempts (
  id INTEGER PRIMARY KEY,
  inbound_id INTEGER NOT NULL REFERENCES inbound_messages (id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  -- ok | refused | timeout | reset | http_5xx | http_4xx | rejected | bad_response | expired
  outcome TEXT NOT NULL,
  http_status INTEGER,
  error_message TEXT,
  latency_ms INTEGER
) STRICT;
CREATE INDEX forward_attempts_by_inbound ON forward_attempts (inbound_id);
CREATE INDEX forward_attempts_by_time ON forward_attempts (started_at);
