/** Fixed test key material (HKDF path: no PBKDF2 delay per store). Never use fixed keys outside tests. */
export const TEST_KEY = Buffer.alloc(32, 0x5a);
/** A second, different key for rotation and foreign-data tests. */
export const OTHER_KEY = Buffer.alloc(32, 0xa5);

/** Resolves after `milliseconds`. */
export const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
