/** Safety tiers, each allowing everything below it. */
export const TIERS = ["read", "write", "destructive", "admin"] as const;

/** `read` < `write` < `destructive` < `admin`. */
export type Tier = (typeof TIERS)[number];

/** True when a server (or token) at `granted` may use something that needs `required`. */
export function tierAllows(granted: Tier, required: Tier): boolean {
  return TIERS.indexOf(granted) >= TIERS.indexOf(required);
}

/** What each tier adds, for --help and the server instructions. */
export const TIER_DESCRIPTIONS: Record<Tier, string> = {
  read: "reads only",
  write: "reads and ordinary writes (no pattern deletes, FLUSH, CONFIG SET)",
  destructive: "also deletes by pattern (dry run and confirmation first)",
  admin: "also server administration (CONFIG SET, FLUSH, SAVE)",
};
