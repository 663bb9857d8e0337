-- Full-text search (API.md § Search, ARCHITECTURE.md § Search), hand-written: drizzle-kit does not
-- model FTS5. The trigram tokenizer matches any 3+ character substring case-insensitively, so Korean
-- words are found inside longer words ("스터디" in "스터디원"); shorter queries use LIKE instead.
--
-- Each index row has the rowid of its source row, so a search joins back with `p.rowid = f.rowid`.
-- Posts and users are external-content tables (the text is not stored twice); studies keep their
-- own copy because their `tags` column is gathered from study_tags. Triggers keep all three in step.
-- Should a source table's rowids ever be renumbered (VACUUM of a table without an INTEGER PRIMARY
-- KEY, or an export/import), rebuild: see docs/api/studies-search.md § Rebuilding the indexes.

CREATE VIRTUAL TABLE posts_fts USING fts5(title, body, content='posts', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
INSERT INTO posts_fts(rowid, title, body) SELECT rowid, title, body FROM posts;
--> statement-breakpoint
CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
--> statement-breakpoint
-- Only text edits touch the index; counter updates (likes, views, comments) do not.
CREATE TRIGGER posts_fts_update AFTER UPDATE OF title, body ON posts BEGIN
  INSERT INTO posts_fts(posts_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
  INSERT INTO posts_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts(posts_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE users_fts USING fts5(nickname, bio, content='users', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
INSERT INTO users_fts(rowid, nickname, bio) SELECT rowid, nickname, bio FROM users;
--> statement-breakpoint
CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
  INSERT INTO users_fts(rowid, nickname, bio) VALUES (new.rowid, new.nickname, new.bio);
END;
--> statement-breakpoint
CREATE TRIGGER users_fts_update AFTER UPDATE OF nickname, bio ON users BEGIN
  INSERT INTO users_fts(users_fts, rowid, nickname, bio) VALUES ('delete', old.rowid, old.nickname, old.bio);
  INSERT INTO users_fts(rowid, nickname, bio) VALUES (new.rowid, new.nickname, new.bio);
END;
--> statement-breakpoint
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
  INSERT INTO users_fts(users_fts, rowid, nickname, bio) VALUES ('delete', old.rowid, old.nickname, old.bio);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE studies_fts USING fts5(title, description, tags, tokenize='trigram');
--> statement-breakpoint
INSERT INTO studies_fts(rowid, title, description, tags)
  SELECT s.rowid, s.title, s.description,
         coalesce((SELECT group_concat(t.name, ' ') FROM study_tags t WHERE t.study_id = s.id), '')
  FROM studies s;
--> statement-breakpoint
CREATE TRIGGER studies_fts_insert AFTER INSERT ON studies BEGIN
  INSERT INTO studies_fts(rowid, title, description, tags)
  VALUES (new.rowid, new.title, new.description,
          coalesce((SELECT group_concat(name, ' ') FROM study_tags WHERE study_id = new.id), ''));
END;
--> statement-breakpoint
CREATE TRIGGER studies_fts_update AFTER UPDATE OF title, description ON studies BEGIN
  UPDATE studies_fts SET title = new.title, description = new.description WHERE rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER studies_fts_delete AFTER DELETE ON studies BEGIN
  DELETE FROM studies_fts WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER study_tags_fts_insert AFTER INSERT ON study_tags BEGIN
  UPDATE studies_fts
  SET tags = coalesce((SELECT group_concat(name, ' ') FROM study_tags WHERE study_id = new.study_id), '')
  WHERE rowid = (SELECT rowid FROM studies WHERE id = new.study_id);
END;
--> statement-breakpoint
CREATE TRIGGER study_tags_fts_update AFTER UPDATE ON study_tags BEGIN
  UPDATE studies_fts
  SET tags = coalesce((SELECT group_concat(name, ' ') FROM study_tags WHERE study_id = new.study_id), '')
  WHERE rowid = (SELECT rowid FROM studies WHERE id = new.study_id);
END;
--> statement-breakpoint
CREATE TRIGGER study_tags_fts_delete AFTER DELETE ON study_tags BEGIN
  UPDATE studies_fts
  SET tags = coalesce((SELECT group_concat(name, ' ') FROM study_tags WHERE study_id = old.study_id), '')
  WHERE rowid = (SELECT rowid FROM studies WHERE id = old.study_id);
END;
