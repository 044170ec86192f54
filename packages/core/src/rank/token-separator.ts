/** Splits text into raw word tokens the same way for indexing, querying and highlighting. */
export const TOKEN_SEPARATOR = /[\s\p{P}\p{S}]+/u;
