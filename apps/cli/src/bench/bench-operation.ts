import type { RedisClient } from "@redis-mcp/core";

/** One way of doing an operation: through a redis-mcp package, or the plain ioredis call it is compared with. */
export interface BenchVariant {
  name: string;
  /** Does the operation once; `index` picks the key, so runs spread over the prepared keys. */
  run(redis: RedisClient, index: number): Promise<unknown>;
}

/** An operation measured side by side in its variants. */
export interface BenchOperation {
  /** The package it exercises (`core`, `cache`, `session`, `metrics`, `pubsub`), for `--only`. */
  group: string;
  /** What it does, e.g. `GET 100 B string`. */
  name: string;
  /** Variant every ratio is relative to. */
  baseline: string;
  variants: BenchVariant[];
  /** Writes the data the variants read; every key starts with `prefix` (deleted afterwards). */
  setup?(redis: RedisClient, prefix: string): Promise<void>;
  /** Closes what `setup` opened (subscriber connections, registries); runs even when the run fails. */
  teardown?(): Promise<void>;
}

/** Builds operations for the keys under one run's prefix. */
export type BenchOperationFactory = (prefix: string) => BenchOperation[];
