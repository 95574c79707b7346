/**
 * Where a segment's key starts, by its topic's retention: the contract between the writer and the bucket's
 * lifecycle rules, the backstop that removes segments a crashed writer left behind (uploaded, but never
 * pointed at by an index entry, so the janitor never hears of them).
 *
 * An age-based rule can only be safe if no live entry can point into an object older than the rule's age.
 * One rule for all of `segments/` can't be: a topic may keep records forever (retention -1) or for years.
 * So the key carries a retention class: a segment of a topic with retention R goes under
 * `segments/d<N>/`, N the smallest class of at least R days, and S3 expires it N + 1 days after upload
 * (the extra day covers clock skew and the gap between appending and a TTL that counts from the append).
 * By then every entry pointing into it has expired. Topics keeping records longer than the largest class,
 * or forever, write under `segments/keep/`, which no rule touches: the janitor removes those segments when
 * their entries go, and a crash there leaks one object until the topic is deleted.
 *
 * This holds while an entry's expiry is fixed when it is written (its TTL attribute). Raising a topic's
 * retention therefore applies to records appended afterwards, never to older ones; a writer uses the class
 * of the retention in force when it uploads. Tags would do the same job but S3 bills them per tag and
 * month, and they need an extra permission; a key prefix is free.
 *
 * The engine names segments with `segmentKeyPrefix`; the CDK app (infra/lib/sluice.ts) imports the classes
 * from here to write the lifecycle rules, so both sides read one definition. No AWS or CDK imports.
 */

/** Retention classes, in days. The largest is the longest age at which S3 expires a segment. */
export const SEGMENT_RETENTION_CLASS_DAYS = [1, 2, 3, 7, 14, 30, 90, 180, 365] as const

/** Days S3 waits past a class before expiring a segment. */
export const SEGMENT_EXPIRY_GRACE_DAYS = 1

/** Prefix of segments that no lifecycle rule expires. */
export const KEEP_PREFIX = 'segments/keep/'

const DAY_MS = 86_400_000

/** Key prefix for a segment written under the given retention (ms; -1 = forever), ending with `/`. */
export function segmentKeyPrefix(retentionMs: number): string {
  if (retentionMs < 0) return KEEP_PREFIX
  const days = Math.ceil(retentionMs / DAY_MS)
  const classDays = SEGMENT_RETENTION_CLASS_DAYS.find((c) => c >= days)
  return classDays === undefined ? KEEP_PREFIX : classPrefix(classDays)
}

export function classPrefix(classDays: number): string {
  return `segments/d${classDays}/`
}
