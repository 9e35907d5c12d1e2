-- The log on disk at a busy shop's size (issue 15): at most 1 KB a message with its replies, outbox and indexes.
-- Measured on the bench's 1 M-message log with the dbstat table, before this migration: 1,079 B a message.
--
-- 1. The trigram indexes keep no per-row token counts (columnsize = 0): the counts (the %_docsize tables, 31 B a
--    message) only serve ranking (bm25), and the log never ranks; a search asks for all of a term's trigrams and the
--    LIKE on the real column confirms each candidate, as before. An FTS5 table's options are fixed when it is
--    created, so each index is created again and rebuilt from its content table (same rows, same words found).
-- 2. A number's rows in time order come from its (number, status, time) index, one status at a time merged in the
--    flow (a handful of statuses), so the (number, time) indexes of migration 006 (35 B a message) go: one composite
--    index serves the number filter, the number and status filter and the number's counts.

DROP TRIGGER inbound_search_ai;
DROP TRIGGER inbound_search_ad;
DROP TRIGGER inbound_text_search_au;
DROP TRIGGER inbound_phone_search_au;
DROP TRIGGER outbox_search_ai;
DROP TRIGGER outbox_search_ad;
DROP TRIGGER outbox_text_search_au;
DROP TRIGGER outbox_phone_search_au;
DROP TABLE inbound_text_search;
DROP TABLE inbound_phone_search;
DROP TABLE outbox_text_search;
DROP TABLE outbox_phone_search;

CREATE VIRTUAL TABLE inbound_text_search USING fts5 (
  text, content = 'inbound_messages', content_rowid = 'id', tokenize = 'trigram', detail = none, columnsize = 0
);
CREATE VIRTUAL TABLE inbound_phone_search USING fts5 (
  sender_phone, content = 'inbound_messages', content_rowid = 'id', tokenize = 'trigram', detail = none, columnsize = 0
);
CREATE VIRTUAL TABLE outbox_text_search USING fts5 (
  pesan, content = 'outbox_messages', content_rowid = 'id', tokenize = 'trigram', detail = none, columnsize = 0
);
CREATE VIRTUAL TABLE outbox_phone_search USING fts5 (
  penerima, content = 'outbox_messages', content_rowid = 'id', tokenize = 'trigram', detail = none, columnsize = 0
);
INSERT INTO inbound_text_search (inbound_text_search) VALUES ('rebuild');
INSERT INTO inbound_phone_search (inbound_phone_search) VALUES ('rebuild');
INSERT INTO outbox_text_search (outbox_text_search) VALUES ('rebuild');
INSERT INTO outbox_phone_search (outbox_phone_search) VALUES ('rebuild');

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

DROP INDEX inbound_by_number;
DROP INDEX outbox_by_number;
