-- The log stays instant at a million messages: text and phone searches use trigram indexes instead of scanning
-- every row with LIKE '%…%', and the unfiltered total is a counter instead of count(*) over the whole table.
-- One index per searched column, detail = none (no positions: about a third of the size): a search asks for all of
-- a term's trigrams and the LIKE on the real column confirms each candidate.
-- The indexes are external-content (they keep no copy of the text); triggers keep them and the counters in step
-- with every insert, update and delete, in the same transaction.

CREATE VIRTUAL TABLE inbound_text_search USING fts5 (
  text, content = 'inbound_messages', content_rowid = 'id', tokenize = 'trigram', detail = none
);
CREATE VIRTUAL TABLE inbound_phone_search USING fts5 (
  sender_phone, content = 'inbound_messages', content_rowid = 'id', tokenize = 'trigram', detail = none
);
INSERT INTO inbound_text_search (inbound_text_search) VALUES ('rebuild');
INSERT INTO inbound_phone_search (inbound_phone_search) VALUES ('rebuild');

CREATE TRIGGER inbound_search_ai AFTER INSERT ON inbound_messages BEGIN
  INSERT INTO inbound_text_search (rowid, text) VALUES (new.id, new.text);
  INSERT INTO inbound_phone_search (rowid, sender_phone) VALUES (new.id, new.sender_phone);
END;
CREATE TRIGGER inbound_search_ad AFTER DELETE ON inbound_messages BEGIN
  INSERT INTO inbound_text_search (inbound_text_search, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO inbound_phone_search (inbound_phone_search, rowid, sender_phone) VALUES ('delete', old.id, old.sender_phone);
END;
CREATE TRIGGER inbound_text_search_au AFTER UPDATE OF text ON inbound_messages BEGIN
  INSERT INTO inbound_text_search (inbound_text_search, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO inbound_text_search (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER inbound_phone_search_au AFTER UPDATE OF sender_phone ON inbound_messages BEGIN
  INSERT INTO inbound_phone_search (inbound_phone_search, rowid, sender_phone) VALUES ('delete', old.id, old.sender_phone);
  INSERT INTO inbound_phone_search (rowid, sender_phone) VALUES (new.id, new.sender_phone);
END;

CREATE VIRTUAL TABLE outbox_text_search USING fts5 (
  pesan, content = 'outbox_messages', content_rowid = 'id', tokenize = 'trigram', detail = none
);
CREATE VIRTUAL TABLE outbox_phone_search USING fts5 (
  penerima, content = 'outbox_messages', content_rowid = 'id', tokenize = 'trigram', detail = none
);
INSERT INTO outbox_text_search (outbox_text_search) VALUES ('rebuild');
INSERT INTO outbox_phone_search (outbox_phone_search) VALUES ('rebuild');

CREATE TRIGGER outbox_search_ai AFTER INSERT ON outbox_messages BEGIN
  INSERT INTO outbox_text_search (rowid, pesan) VALUES (new.id, new.pesan);
  INSERT INTO outbox_phone_search (rowid, penerima) VALUES (new.id, new.penerima);
END;
CREATE TRIGGER outbox_search_ad AFTER DELETE ON outbox_messages BEGIN
  INSERT INTO outbox_text_search (outbox_text_search, rowid, pesan) VALUES ('delete', old.id, old.pesan);
  INSERT INTO outbox_phone_search (outbox_phone_search, rowid, penerima) VALUES ('delete', old.id, old.penerima);
END;
CREATE TRIGGER outbox_text_search_au AFTER UPDATE OF pesan ON outbox_messages BEGIN
  INSERT INTO outbox_text_search (outbox_text_search, rowid, pesan) VALUES ('delete', old.id, old.pesan);
  INSERT INTO outbox_text_search (rowid, pesan) VALUES (new.id, new.pesan);
END;
CREATE TRIGGER outbox_phone_search_au AFTER UPDATE OF penerima ON outbox_messages BEGIN
  INSERT INTO outbox_phone_search (outbox_phone_search, rowid, penerima) VALUES ('delete', old.id, old.penerima);
  INSERT INTO outbox_phone_search (rowid, penerima) VALUES (new.id, new.penerima);
END;

-- Row counts per log table, exact, so the window's total needs no scan.
CREATE TABLE flow_counts (
  name TEXT PRIMARY KEY,
  n INTEGER NOT NULL
) STRICT;
INSERT INTO flow_counts (name, n) SELECT 'inbound', count(*) FROM inbound_messages;
INSERT INTO flow_counts (name, n) SELECT 'outbox', count(*) FROM outbox_messages;
CREATE TRIGGER flow_counts_inbound_ai AFTER INSERT ON inbound_messages BEGIN
  UPDATE flow_counts SET n = n + 1 WHERE name = 'inbound';
END;
CREATE TRIGGER flow_counts_inbound_ad AFTER DELETE ON inbound_messages BEGIN
  UPDATE flow_counts SET n = n - 1 WHERE name = 'inbound';
END;
CREATE TRIGGER flow_counts_outbox_ai AFTER INSERT ON outbox_messages BEGIN
  UPDATE flow_counts SET n = n + 1 WHERE name = 'outbox';
END;
CREATE TRIGGER flow_counts_outbox_ad AFTER DELETE ON outbox_messages BEGIN
  UPDATE flow_counts SET n = n - 1 WHERE name = 'outbox';
END;

-- The OtomaX answer filter (21, 41, 42, ...) walks its own index in time order instead of the whole table.
CREATE INDEX inbound_by_otomax_status ON inbound_messages (otomax_status, received_at) WHERE otomax_status IS NOT NULL;
