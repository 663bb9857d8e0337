DROP INDEX `notifications_post_idx`;--> statement-breakpoint
DROP INDEX `notifications_comment_idx`;--> statement-breakpoint
DROP INDEX `notifications_room_idx`;--> statement-breakpoint
DROP INDEX `notifications_study_idx`;--> statement-breakpoint
CREATE INDEX `notifications_post_idx` ON `notifications` (`post_id`) WHERE "notifications"."post_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `notifications_comment_idx` ON `notifications` (`comment_id`) WHERE "notifications"."comment_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `notifications_room_idx` ON `notifications` (`room_id`) WHERE "notifications"."room_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `notifications_study_idx` ON `notifications` (`study_id`) WHERE "notifications"."study_id" IS NOT NULL;