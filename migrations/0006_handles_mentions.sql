-- Issue 14: every user gets a public `@handle`, unique and stored lower-case.
-- SQLite adds a NOT NULL column only with a default; the backfill below replaces it for every row.
ALTER TABLE `users` ADD `handle` text NOT NULL DEFAULT '';--> statement-breakpoint
-- A nickname that already is a valid handle ([a-z0-9_]{3,20}, once lower-cased) and no one else's
-- keeps its name; everyone else gets `u_` and the first 18 characters of their (random) id.
UPDATE `users` SET `handle` = CASE
  WHEN length(`nickname`) BETWEEN 3 AND 20
   AND trim(lower(`nickname`), 'abcdefghijklmnopqrstuvwxyz0123456789_') = ''
   AND lower(`nickname`) NOT LIKE 'u\_%' ESCAPE '\'
   AND (SELECT count(*) FROM `users` AS `other` WHERE lower(`other`.`nickname`) = lower(`users`.`nickname`)) = 1
  THEN lower(`nickname`)
  ELSE 'u_' || substr(`id`, 1, 18)
END;--> statement-breakpoint
CREATE UNIQUE INDEX `users_handle_unique` ON `users` (`handle`);
