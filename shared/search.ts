/**
 * Limits of free-text search fields. This module imports no zod, so the
 * mini-program can cap its inputs without bundling the schema library.
 */

/** Maximum characters of a catalog or customer search, after trimming. */
export const SEARCH_TEXT_MAX_LENGTH = 64;
