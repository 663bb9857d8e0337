-- Rows for GET /rows: as wide as a post summary, read by an index the way a feed page is.
CREATE TABLE items (
  id TEXT PRIMARY KEY NOT NULL,
  created_at INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX items_created_idx ON items (created_at);
