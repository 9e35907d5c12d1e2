-- Official WhatsApp template broadcasts through Mekari Qontak: one campaign, one row per recipient.
-- Timestamps are integer milliseconds since the epoch (UTC).

CREATE TABLE qontak_campaigns (
  id TEXT PRIMARY KEY,            -- random (UUID)
  created_at INTEGER NOT NULL,
  channel_integration_id TEXT NOT NULL,
  template_id TEXT NOT NULL,
  template_name TEXT NOT NULL,
  language TEXT NOT NULL,
  total INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done'))
) STRICT;
CREATE INDEX qontak_campaigns_by_time ON qontak_campaigns (created_at);

CREATE TABLE qontak_recipients (
  id INTEGER PRIMARY KEY,
  campaign_id TEXT NOT NULL REFERENCES qontak_campaigns (id) ON DELETE CASCADE,
  row_no INTEGER NOT NULL,
  phone TEXT NOT NULL,            -- digits, 62...
  name TEXT NOT NULL,
  params TEXT NOT NULL,           -- JSON array of strings, {{1}}..{{n}}
  -- queued -> sending (committed BEFORE the HTTP call) -> pending (broadcast_id stored) -> sent -> delivered -> read
  -- or failed at any point. A 'sending' row without broadcast_id after a restart is never resent.
  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'pending', 'sent', 'delivered', 'read', 'failed')),
  broadcast_id TEXT,
  whatsapp_message_id TEXT,
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,  -- send attempts
  polls INTEGER NOT NULL DEFAULT 0,     -- delivery log polls (drives the backoff)
  sent_at INTEGER,                      -- when Qontak accepted the broadcast
  next_poll_at INTEGER,                 -- NULL = not polled (not sent yet, or final)
  updated_at INTEGER NOT NULL,
  UNIQUE (campaign_id, phone)
) STRICT;
CREATE INDEX qontak_recipients_queued ON qontak_recipients (id) WHERE status = 'queued';
CREATE INDEX qontak_recipients_due ON qontak_recipients (next_poll_at) WHERE next_poll_at IS NOT NULL;
CREATE INDEX qontak_recipients_by_campaign ON qontak_recipients (campaign_id, status);
