-- The log stays instant at a million messages: text and phone searches use a trigram index instead of scanning
-- every row with LIKE '%…%', and the unfiltered total is a counter instead of count(*) over the whole table.
-- The FTS tables are external-content (they store only the index, the text stays in its own table); triggers keep
-- them and the counters in step with every insert, update and delete, in the same transaction.

CREATE VIRTUAL TABLE inbound_search USING fts5 (
  text, sender_phone,
  content = 'inbound_messages', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO inbound_search (inbound_search) VALUES ('rebuild');

CREATE TRIGGER inbound_search_ai AFTER INSERT ON inbound_messages BEGIN
  INSERT INTO inbound_search (rowid, text, sender_phone) VALUES (new.id, new.text, new.sender_phone);
END;
CREATE TRIGGER inbound_search_ad AFTER DELETE ON inbound_messages BEGIN
  INSERT INTO inbound_search (inbound_search, rowid, text, sender_phone) VALUES ('delete', old.id, old.text, old.sender_phone);
END;
CREATE TRIGGER inbound_search_au AFTER UPDATE OF text, sender_phone ON inbound_messages BEGIN
  INSERT INTO inbound_search (inbound_search, rowid, text, sender_phone) VALUES ('delete', old.id, old.text, old.sender_phone);
  INSERT INTO inbound_search (rowid, text, sender_phone) VALUES (new.id, new.text, new.sender_phone);
END;

CREATE VIRTUAL TABLE outbox_search USING fts5 (
  pesan, penerima,
  content = 'outbox_messages', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO outbox_search (outbox_search) VALUES ('rebuild');

CREATE TRIGGER outbox_search_ai AFTER INSERT ON outbox_messages BEGIN
  INSERT INTO outbox_search (rowid, pesan, penerima) VALUES (new.id, new.pesan, new.penerima);
END;
CREATE TRIGGER outbox_search_ad AFTER DELETE ON outbox_messages BEGIN
  INSERT INTO outbox_search (outbox_search, rowid, pesan, penerima) VALUES ('delete', old.id, old.pesan, old.penerima);
END;
CREATE TRIGGER outbox_search_au AFTER UPDATE OF pesan, penerima ON outbox_messages BEGIN
  INSERT INTO outbox_search (outbox_search, rowid, pesan, penerima) VALUES ('delete', old.id, old.pesan, old.penerima);
  INSERT INTO outbox_search (rowid, pesan, penerima) VALUES (new.id, new.pesan, new.penerima);
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
