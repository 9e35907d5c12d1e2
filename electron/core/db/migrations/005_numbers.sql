-- Several WhatsApp numbers in one Jembatan (issue 17). Every other table is already keyed by session_id; a number's
-- id IS that session_id, so its auth state, LID map, log rows and outbound rows need no change.
-- NULL in a per-number option means "the global setting" (the settings table), so changing a global default
-- reaches every number that did not choose its own.

CREATE TABLE wa_numbers (
  id TEXT PRIMARY KEY,              -- = session_id in wa_auth_creds, wa_auth_keys, inbound_messages, ...
  name TEXT NOT NULL,               -- the owner's label ("Pusat", "Cadangan", "H2H")
  kode_terminal INTEGER,            -- OtomaX terminal for this number; NULL = OTOMAX_DEFAULT_KODE_TERMINAL
  is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  -- Sends this number's outbox messages while it is down; NULL = they wait for it (within the outbox age limit).
  fallback_number_id TEXT REFERENCES wa_numbers (id) ON DELETE SET NULL,
  default_reseller TEXT,            -- NULL = otomaxDefaultReseller
  forward_incoming INTEGER CHECK (forward_incoming IN (0, 1)),   -- NULL = otomaxForwardIncoming
  forward_outgoing INTEGER CHECK (forward_outgoing IN (0, 1)),   -- NULL = otomaxForwardOutgoing
  forward_groups INTEGER CHECK (forward_groups IN (0, 1)),       -- NULL = otomaxForwardGroups
  forward_media INTEGER CHECK (forward_media IN (0, 1)),         -- NULL = otomaxForwardMedia
  auto_reply INTEGER CHECK (auto_reply IN (0, 1)),               -- NULL = otomaxAutoReplyEnabled
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- Soft removal: the number stops, its rows stay in the log under its id (and its name stays readable).
  removed_at INTEGER,
  CHECK (fallback_number_id IS NULL OR fallback_number_id <> id),
  CHECK (is_primary = 0 OR removed_at IS NULL)
) STRICT;

-- One live number per terminal (an outbox row must have one sender), one live primary.
CREATE UNIQUE INDEX wa_numbers_by_terminal ON wa_numbers (kode_terminal)
  WHERE removed_at IS NULL AND kode_terminal IS NOT NULL;
CREATE UNIQUE INDEX wa_numbers_one_primary ON wa_numbers (is_primary) WHERE is_primary = 1;

-- An installation from before numbers existed ran one session, 'default': it becomes the primary number, so its
-- saved WhatsApp link (wa_auth_creds / wa_auth_keys under 'default') keeps working without pairing again.
-- kode_terminal NULL keeps it on the global default terminal it has always used.
INSERT INTO wa_numbers (id, name, kode_terminal, is_primary, created_at, updated_at)
VALUES (
  'default',
  'Nomor utama',
  NULL,
  1,
  COALESCE((SELECT min(updated_at) FROM wa_auth_creds WHERE session_id = 'default'), CAST(strftime('%s', 'now') AS INTEGER) * 1000),
  CAST(strftime('%s', 'now') AS INTEGER) * 1000
);
