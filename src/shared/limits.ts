/**
 * The sizes the API enforces, in one place: the zod schemas and middleware of the worker check
 * them, the SPA uses them for `maxLength` and its own early checks. Plain data, no imports.
 * (API.md gives the same numbers; a change here is a change to the contract.)
 */

/**
 * Request bodies: JSON is small; a multipart upload carries a 5 MiB file, up to two resized copies
 * of it (`POST /api/images`, 1 MiB each) and the form around them.
 */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_VARIANT_BYTES = 1024 * 1024;
export const JSON_BODY_LIMIT = 64 * 1024;
export const UPLOAD_BODY_LIMIT = MAX_IMAGE_BYTES + 2 * MAX_IMAGE_VARIANT_BYTES + 256 * 1024;

/** A new password's shortest length (sign-up, change, reset). */
export const PASSWORD_MIN = 8;

export const NICKNAME_MAX = 30;
export const BIO_MAX = 300;

export const POST_TITLE_MAX = 120;
export const POST_BODY_MAX = 10_000;
export const MAX_POST_IMAGES = 10;
export const IMAGE_ALT_MAX = 300;
export const COMMENT_BODY_MAX = 1000;

export const MESSAGE_BODY_MAX = 2000;

export const STUDY_TITLE_MAX = 120;
export const STUDY_DESCRIPTION_MAX = 5000;
export const STUDY_LOCATION_MAX = 100;
export const MAX_STUDY_TAGS = 10;
export const TAG_NAME_MAX = 30;

export const SEARCH_QUERY_MAX = 100;

// Study sessions (docs/api/study-sessions.md).
export const SESSION_TITLE_MAX = 120;
export const SESSION_PLACE_MAX = 200;
export const SESSION_URL_MAX = 500;
export const SESSION_AGENDA_MAX = 5000;
/** A weekly series has at most a year of occurrences. */
export const SESSION_REPEAT_WEEKS_MAX = 52;
export const CHECK_IN_MINUTES_MIN = 5;
export const CHECK_IN_MINUTES_MAX = 240;
export const PUSH_DEVICES_MAX = 10;
export const PUSH_LABEL_MAX = 100;
