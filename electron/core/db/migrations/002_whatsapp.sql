-- WhatsApp sessions: auth state (encrypted with the data key), the LID ↔ phone map, small per-session facts.
-- Every table is keyed by session_id so several WhatsApp numbers can live in one database.

-- The whole AuthenticationCreds object of a session: BufferJSON text, AES-256-GCM encrypted.
CREATE TABLE wa_auth_creds (
  session_id TEXT PRIMARY KEY,
  value BLOB NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- Signal keys by type (pre-key, session, sender-key, app-state-sync-key, lid-mapping, ...): encrypted.
CREATE TABLE wa_auth_keys (
  session_id TEXT NOT NULL,
  type TEXT NOT NULL,
  id TEXT NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (session_id, type, id)
) STRICT;

-- A LID (…@lid) hides the phone number; what we learned about it survives restarts and re-pairing.
CREATE TABLE wa_lid_map (
  session_id TEXT NOT NULL,
  lid TEXT NOT NULL,              -- normalized LID JID, e.g. 123456789@lid
  phone TEXT NOT NULL,            -- digits, international form (62...)
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, lid)
) STRICT;
CREATE INDEX wa_lid_map_by_phone ON wa_lid_map (session_id, phone);

-- Small facts per session: the WhatsApp Web version that last worked, the simulated pairing, ...
CREATE TABLE wa_meta (
  session_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, key)
) STRICT;
