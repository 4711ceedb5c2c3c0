import { defineSearchAttributeKey } from '@temporalio/common';

// Custom search attributes support staff filter on in the Web UI. The local dev server registers
// them at start; on a real cluster run `temporal operator search-attribute create` (see README).
export const SEARCH_ATTRIBUTES = {
  orderStatus: defineSearchAttributeKey('OrderStatus', 'KEYWORD'),
  customerId: defineSearchAttributeKey('CustomerId', 'KEYWORD'),
  concertId: defineSearchAttributeKey('ConcertId', 'KEYWORD'),
} as const;

/** `name=Type` pairs for `temporal server start-dev --search-attribute`. */
export const SEARCH_ATTRIBUTE_FLAGS = Object.values(SEARCH_ATTRIBUTES).map(
  (key) => `${key.name}=${key.type === 'KEYWORD' ? 'Keyword' : key.type}`,
);
