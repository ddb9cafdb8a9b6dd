// @redis-mcp/core/data: typed, validated helpers for every Redis data type. Each is one round trip,
// binary-safe through its *Buffer variant, and throws coded errors. Values cross JSON through the
// codecs (text when it is UTF-8, else base64).

// Codecs: values as JSON-safe text or base64
export { decodeValue } from "../codecs/decode-value.js";
export { encodeValue } from "../codecs/encode-value.js";
export type { DecodedValue, DecodeEncoding, ValueEncoding } from "../codecs/value-encoding.js";

// Bitmaps and bit fields
export type { Bit, BitFieldEncoding, BitFieldOffset, BitFieldOperation, BitFieldOverflow, BitOperationOptions, BitRangeOptions } from "./bitmaps.js";
export { bitCount, bitField, bitGet, bitOperation, bitPosition, bitSet } from "./bitmaps.js";

// Geospatial indexes
export type { GeoAddOptions, GeoArea, GeoCoordinates, GeoMember, GeoSearchOptions, GeoSearchResult, GeoUnit } from "./geo.js";
export { geoAdd, geoDistance, geoPosition, geoSearch } from "./geo.js";

// Hashes
export type { HashScanPage } from "./hashes.js";
export { hashDelete, hashExists, hashGet, hashGetBuffer, hashIncrement, hashLength, hashScan, hashScanBuffer, hashSet } from "./hashes.js";

// Lists
export type { ListPopWithinOptions, ListPopWithinResult } from "./list-pop-within.js";
export { listPopWithin } from "./list-pop-within.js";
export type { ListMoveOptions, ListPopOptions, ListPushOptions, ListRangeOptions, ListSide, ListTrimOptions } from "./lists.js";
export { listLength, listMove, listPop, listPopBuffer, listPush, listRange, listRangeBuffer, listTrim } from "./lists.js";

// Options shared by the collection scans (hashScan, setScan)
export type { CollectionScanOptions } from "./scan-page.js";

// Sets
export type { SetCombineWithinOptions, SetCombineWithinResult } from "./set-combine-within.js";
export { setCombineWithin } from "./set-combine-within.js";
export type { SetCombineOptions, SetOperation, SetRandomMembersOptions, SetScanPage } from "./sets.js";
export {
  setAdd,
  setAreMembers,
  setCardinality,
  setCombine,
  setCombineBuffer,
  setIsMember,
  setRandomMembers,
  setRandomMembersBuffer,
  setRemove,
  setScan,
  setScanBuffer,
} from "./sets.js";

// Sorted sets
export type {
  MemberStanding,
  SortedSetAddOptions,
  SortedSetCountOptions,
  SortedSetLexBounds,
  SortedSetLexRange,
  SortedSetMember,
  SortedSetPopOptions,
  SortedSetRangeOptions,
  SortedSetRankRange,
  SortedSetScoreBounds,
  SortedSetScoreRange,
} from "./sorted-sets.js";
export {
  sortedSetAdd,
  sortedSetCount,
  sortedSetIncrement,
  sortedSetPop,
  sortedSetPopBuffer,
  sortedSetRange,
  sortedSetRangeBuffer,
  sortedSetRemove,
  sortedSetScore,
} from "./sorted-sets.js";

// Streams
export type { StreamFields, StreamMessage, StreamTrimOptions } from "./stream-entries.js";
export type {
  StreamAutoClaimOptions,
  StreamAutoClaimResult,
  StreamClaimOptions,
  StreamGroupCreateOptions,
  StreamGroupReadOptions,
  StreamPendingEntry,
  StreamPendingOptions,
  StreamPendingSummary,
} from "./stream-groups.js";
export {
  streamAck,
  streamAutoClaim,
  streamClaim,
  streamConsumerDelete,
  streamGroupCreate,
  streamGroupDestroy,
  streamGroupRead,
  streamGroupReadBuffer,
  streamPending,
} from "./stream-groups.js";
export type { StreamAddOptions, StreamGroupInfo, StreamInfo, StreamInfoOptions, StreamRangeOptions } from "./streams.js";
export { streamAdd, streamInfo, streamLength, streamRange, streamRangeBuffer, streamTrim } from "./streams.js";

// Strings
export type { IncrementOptions, SetStringOptions, StringRangeOptions } from "./strings.js";
export { appendString, getString, getStringBuffer, getStringRange, getStringRangeBuffer, getStringWindow, incrementString, setString } from "./strings.js";

// Values every helper accepts
export type { RedisValue } from "./validate.js";
