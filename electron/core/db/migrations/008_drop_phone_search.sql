-- Pruning never blocks the engine for more than 50 ms (issue 15): the phone trigram indexes go.
-- Every phone holds the trigram "628", so its doclist in each phone index is as long as the table, and FTS5 stops a
-- merge only between terms: one merge step of that term took 40-50 ms of CPU during a prune of the 1 M log.
-- A phone search does not need them: it reads the table's distinct phones (one seek per phone in the (phone, time)
-- indexes of migration 001), keeps those that contain the digits, and reads each one's rows in time order
-- (forwarder/flow-phones-repo.ts). The text indexes stay exactly as migration 007 made them.
--
-- The insert and delete triggers kept both indexes of a table in step: they are made again for the text index alone.

DROP TRIGGER inbound_search_ai;
DROP TRIGGER inbound_search_ad;
DROP TRIGGER inbound_phone_search_au;
DROP TRIGGER outbox_search_ai;
DROP TRIGGER outbox_search_ad;
DROP TRIGGER outbox_phone_search_au;
DROP TABLE inbound_phone_search;
DROP TABLE outbox_phone_search;

CREATE TRIGGER inbound_search_ai AFTER INSERT ON inbound_messages BEGIN
  INSERT INTO inbound_text_search (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER inbound_search_ad AFTER DELETE ON inbound_messages BEGIN
  INSERT INTO inbound_text_search (inbound_text_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER outbox_search_ai AFTER INSERT ON outbox_messages BEGIN
  INSERT INTO outbox_text_search (rowid, pesan) VALUES (new.id, new.pesan);
END;
CREATE TRIGGER outbox_search_ad AFTER DELETE ON outbox_messages BEGIN
  INSERT INTO outbox_text_search (outbox_text_search, rowid, pesan) VALUES ('delete', old.id, old.pesan);
END;
