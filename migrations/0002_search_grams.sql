-- Short words indexed (issue 11; API.md § Search, ARCHITECTURE.md § Search). The trigram indexes of
-- 0001 only match words of 3+ characters; many Korean words are 2 syllables, and a LIKE '%…%' scan
-- costs the whole table. So every searched text also gets a "gram" index: one FTS5 row per source
-- row whose columns list the distinct 1- and 2-character substrings of the source columns, each
-- written as the hex of its UTF-8 bytes after ASCII lower-casing (`hex(lower(…))`). Hex codes are
-- plain ASCII words, so the `ascii` tokenizer takes each as one token whatever the gram holds
-- (Hangul, `%`, `_`, `::`, `#`), and a 1–2 character word is one MATCH on its code: the cost grows
-- with the hits, not with the table, and bm25 ranks those hits like the trigram index does.
-- Grams with whitespace are left out (query words never hold any).
--
-- Triggers compute the grams, so every way a row is written (the API, OAuth, seeds, bulk SQL) keeps
-- the index in step. Triggers cannot hold CTEs and cannot call the worker, so the gram list of a
-- text is a view over a scratch table: a trigger puts the texts it needs into
-- `search_gram_input`, reads their lists from `search_gram_output`, and empties the scratch table
-- again, all inside the writing statement's transaction. The view cuts the text into 64-character
-- chunks first (overlapping by one), so its cost is linear in the text's length; `LIMIT` keeps
-- SQLite from inlining the chunk subquery. `search_positions` holds 1..1000: chunk numbers (texts
-- up to 64,000 characters; the longest allowed is 10,000) and positions inside a chunk.

CREATE TABLE search_positions (n INTEGER PRIMARY KEY);
--> statement-breakpoint
WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter WHERE n < 1000)
INSERT INTO search_positions (n) SELECT n FROM counter;
--> statement-breakpoint
CREATE TABLE search_gram_input (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
--> statement-breakpoint
CREATE VIEW search_gram_output AS
SELECT i.id AS id, (
  SELECT coalesce(group_concat(g, ' '), '') FROM (
    SELECT DISTINCT hex(substr(c.chunk, p.n, k.n)) AS g
    FROM (SELECT substr(lower(i.text), (n - 1) * 64 + 1, 65) AS chunk FROM search_positions
          WHERE n <= (length(i.text) + 63) / 64 LIMIT 1000) AS c
    JOIN search_positions AS p ON p.n <= 64
    JOIN search_positions AS k ON k.n <= 2
    WHERE p.n + k.n - 1 <= length(c.chunk)
      AND length(trim(substr(c.chunk, p.n, k.n), ' ' || char(9, 10, 13))) = k.n)) AS grams
FROM search_gram_input i;
--> statement-breakpoint
CREATE VIRTUAL TABLE posts_grams USING fts5(title, body, tokenize='ascii');
--> statement-breakpoint
INSERT INTO search_gram_input (id, text)
  SELECT rowid * 2 + 0, title FROM posts
  UNION ALL SELECT rowid * 2 + 1, body FROM posts;
--> statement-breakpoint
INSERT INTO posts_grams (rowid, title, body)
  SELECT x.rowid, g0.grams, g1.grams FROM posts AS x
  JOIN search_gram_output AS g0 ON g0.id = x.rowid * 2 + 0
  JOIN search_gram_output AS g1 ON g1.id = x.rowid * 2 + 1;
--> statement-breakpoint
DELETE FROM search_gram_input;
--> statement-breakpoint
CREATE TRIGGER posts_grams_insert AFTER INSERT ON posts BEGIN
  INSERT INTO search_gram_input (id, text) VALUES (1, new.title), (2, new.body);
  INSERT INTO posts_grams (rowid, title, body) VALUES (new.rowid, (SELECT grams FROM search_gram_output WHERE id = 1), (SELECT grams FROM search_gram_output WHERE id = 2));
  DELETE FROM search_gram_input;
END;
--> statement-breakpoint
-- Only text edits touch the index; counter and other column updates do not.
CREATE TRIGGER posts_grams_update AFTER UPDATE OF title, body ON posts BEGIN
  INSERT INTO search_gram_input (id, text) VALUES (1, new.title), (2, new.body);
  UPDATE posts_grams SET title = (SELECT grams FROM search_gram_output WHERE id = 1), body = (SELECT grams FROM search_gram_output WHERE id = 2) WHERE rowid = new.rowid;
  DELETE FROM search_gram_input;
END;
--> statement-breakpoint
CREATE TRIGGER posts_grams_delete AFTER DELETE ON posts BEGIN
  DELETE FROM posts_grams WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE users_grams USING fts5(nickname, bio, tokenize='ascii');
--> statement-breakpoint
INSERT INTO search_gram_input (id, text)
  SELECT rowid * 2 + 0, nickname FROM users
  UNION ALL SELECT rowid * 2 + 1, bio FROM users;
--> statement-breakpoint
INSERT INTO users_grams (rowid, nickname, bio)
  SELECT x.rowid, g0.grams, g1.grams FROM users AS x
  JOIN search_gram_output AS g0 ON g0.id = x.rowid * 2 + 0
  JOIN search_gram_output AS g1 ON g1.id = x.rowid * 2 + 1;
--> statement-breakpoint
DELETE FROM search_gram_input;
--> statement-breakpoint
CREATE TRIGGER users_grams_insert AFTER INSERT ON users BEGIN
  INSERT INTO search_gram_input (id, text) VALUES (1, new.nickname), (2, new.bio);
  INSERT INTO users_grams (rowid, nickname, bio) VALUES (new.rowid, (SELECT grams FROM search_gram_output WHERE id = 1), (SELECT grams FROM search_gram_output WHERE id = 2));
  DELETE FROM search_gram_input;
END;
--> statement-breakpoint
-- Only text edits touch the index; counter and other column updates do not.
CREATE TRIGGER users_grams_update AFTER UPDATE OF nickname, bio ON users BEGIN
  INSERT INTO search_gram_input (id, text) VALUES (1, new.nickname), (2, new.bio);
  UPDATE users_grams SET nickname = (SELECT grams FROM search_gram_output WHERE id = 1), bio = (SELECT grams FROM search_gram_output WHERE id = 2) WHERE rowid = new.rowid;
  DELETE FROM search_gram_input;
END;
--> statement-breakpoint
CREATE TRIGGER users_grams_delete AFTER DELETE ON users BEGIN
  DELETE FROM users_grams WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE studies_grams USING fts5(title, description, tags, tokenize='ascii');
--> statement-breakpoint
INSERT INTO search_gram_input (id, text)
  SELECT rowid * 3, title FROM studies
  UNION ALL SELECT rowid * 3 + 1, description FROM studies
  UNION ALL SELECT rowid * 3 + 2, coalesce((SELECT group_concat(name, ' ') FROM study_tags WHERE study_id = studies.id), '') FROM studies;
--> statement-breakpoint
INSERT INTO studies_grams (rowid, title, description, tags)
  SELECT x.rowid, g0.grams, g1.grams, g2.grams FROM studies AS x
  JOIN search_gram_output AS g0 ON g0.id = x.rowid * 3
  JOIN search_gram_output AS g1 ON g1.id = x.rowid * 3 + 1
  JOIN search_gram_output AS g2 ON g2.id = x.rowid * 3 + 2;
--> statement-breakpoint
DELETE FROM search_gram_input;
--> statement-breakpoint
CREATE TRIGGER studies_grams_insert AFTER INSERT ON studies BEGIN
  INSERT INTO search_gram_input (id, text) VALUES (1, new.title), (2, new.description), (3, coalesce((SELECT group_concat(name, ' ') FROM study_tags WHERE study_id = new.id), ''));
  INSERT INTO studies_grams (rowid, title, description, tags) VALUES (new.rowid,
    (SELECT grams FROM search_gram_output WHERE id = 1), (SELECT grams FROM search_gram_output WHERE id = 2),
    (SELECT grams FROM search_gram_output WHERE id = 3));
  DELETE FROM search_gram_input;
END;
--> statement-breakpoint
CREATE TRIGGER studies_grams_update AFTER UPDATE OF title, description ON studies BEGIN
  INSERT INTO search_gram_input (id, text) VALUES (1, new.title), (2, new.description);
  UPDATE studies_grams SET title = (SELECT grams FROM search_gram_output WHERE id = 1),
    description = (SELECT grams FROM search_gram_output WHERE id = 2) WHERE rowid = new.rowid;
  DELETE FROM search_gram_input;
END;
--> statement-breakpoint
CREATE TRIGGER studies_grams_delete AFTER DELETE ON studies BEGIN
  DELETE FROM studies_grams WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER study_tags_grams_insert AFTER INSERT ON study_tags BEGIN
  INSERT INTO search_gram_input (id, text) VALUES (1, coalesce((SELECT group_concat(name, ' ') FROM study_tags WHERE study_id = new.study_id), ''));
  UPDATE studies_grams SET tags = (SELECT grams FROM search_gram_output WHERE id = 1)
  WHERE rowid = (SELECT rowid FROM studies WHERE id = new.study_id);
  DELETE FROM search_gram_input;
END;
--> statement-breakpoint
CREATE TRIGGER study_tags_grams_update AFTER UPDATE ON study_tags BEGIN
  INSERT INTO search_gram_input (id, text) VALUES (1, coalesce((SELECT group_concat(name, ' ') FROM study_tags WHERE study_id = new.study_id), ''));
  UPDATE studies_grams SET tags = (SELECT grams FROM search_gram_output WHERE id = 1)
  WHERE rowid = (SELECT rowid FROM studies WHERE id = new.study_id);
  DELETE FROM search_gram_input;
END;
--> statement-breakpoint
CREATE TRIGGER study_tags_grams_delete AFTER DELETE ON study_tags BEGIN
  INSERT INTO search_gram_input (id, text) VALUES (1, coalesce((SELECT group_concat(name, ' ') FROM study_tags WHERE study_id = old.study_id), ''));
  UPDATE studies_grams SET tags = (SELECT grams FROM search_gram_output WHERE id = 1)
  WHERE rowid = (SELECT rowid FROM studies WHERE id = old.study_id);
  DELETE FROM search_gram_input;
END;
