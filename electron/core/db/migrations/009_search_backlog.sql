-- The text search index off the write path (issue 15). The insert triggers of migrations 004 and 008 indexed every
-- message and every outbox callback inside the commit that stores it: 60 us of the 110 us of a one-row inbound
-- commit, 6 of the 20 WAL pages of an outbox commit, and one index segment per message (FTS5 flushes at every
-- savepoint, and the group commit gives each item its own), all merged again later. The rows are now indexed in the
-- background, in batches, by forwarder/search-indexer.ts, and a search checks the rows past each index's watermark
-- on the real column (forwarder/flow-scan-repo.ts). docs/log-search.md.
--
-- The watermark of an index is the highest id that index has covered: every row at or under it is in the index
-- (with its current text), no row past it is. The indexer inserts the rows past it and moves it in one transaction.
-- The triggers below keep that rule for the rows at or under it: a row deleted or edited there leaves or changes its
-- index entry, a row past it touches nothing (an external-content 'delete' of a row never inserted corrupts FTS5).
-- The ids are not AUTOINCREMENT: after the newest rows are pruned an id at or under the watermark can be given
-- again, and that (rare) row is indexed at once by the insert trigger, so the rule still holds.

DROP TRIGGER inbound_search_ai;
DROP TRIGGER inbound_search_ad;
DROP TRIGGER inbound_text_search_au;
DROP TRIGGER outbox_search_ai;
DROP TRIGGER outbox_search_ad;
DROP TRIGGER outbox_text_search_au;

CREATE TABLE search_watermarks (
  name TEXT PRIMARY KEY,
  upto INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
-- Every row so far was indexed by the old triggers.
INSERT INTO search_watermarks (name, upto) SELECT 'inbound_text_search', coalesce(max(id), 0) FROM inbound_messages;
INSERT INTO search_watermarks (name, upto) SELECT 'outbox_text_search', coalesce(max(id), 0) FROM outbox_messages;

CREATE TRIGGER inbound_search_ai AFTER INSERT ON inbound_messages
WHEN new.id <= (SELECT upto FROM search_watermarks WHERE name = 'inbound_text_search') BEGIN
  INSERT INTO inbound_text_search (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER inbound_search_ad AFTER DELETE ON inbound_messages
WHEN old.id <= (SELECT upto FROM search_watermarks WHERE name = 'inbound_text_search') BEGIN
  INSERT INTO inbound_text_search (inbound_text_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER inbound_text_search_au AFTER UPDATE OF text ON inbound_messages
WHEN old.id <= (SELECT upto FROM search_watermarks WHERE name = 'inbound_text_search') BEGIN
  INSERT INTO inbound_text_search (inbound_text_search, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO inbound_text_search (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER outbox_search_ai AFTER INSERT ON outbox_messages
WHEN new.id <= (SELECT upto FROM search_watermarks WHERE name = 'outbox_text_search') BEGIN
  INSERT INTO outbox_text_search (rowid, pesan) VALUES (new.id, new.pesan);
END;
CREATE TRIGGER outbox_search_ad AFTER DELETE ON outbox_messages
WHEN old.id <= (SELECT upto FROM search_watermarks WHERE name = 'outbox_text_search') BEGIN
  INSERT INTO outbox_text_search (outbox_text_search, rowid, pesan) VALUES ('delete', old.id, old.pesan);
END;
CREATE TRIGGER outbox_text_search_au AFTER UPDATE OF pesan ON outbox_messages
WHEN old.id <= (SELECT upto FROM search_watermarks WHERE name = 'outbox_text_search') BEGIN
  INSERT INTO outbox_text_search (outbox_text_search, rowid, pesan) VALUES ('delete', old.id, old.pesan);
  INSERT INTO outbox_text_search (rowid, pesan) VALUES (new.id, new.pesan);
END;

-- Automerge off: FTS5 would merge 64 pages per level in one go inside a batch (30-50 ms measured on 2 cores); the
-- indexer folds the segments with bounded 'merge' steps in turns of their own instead (db/search-merge.ts).
INSERT INTO inbound_text_search (inbound_text_search, rank) VALUES ('automerge', 0);
INSERT INTO outbox_text_search (outbox_text_search, rank) VALUES ('automerge', 0);
