/**
 * The names the functions emit and the dashboard graphs: one definition for both (infra/lib/monitoring.ts
 * imports it), so a renamed metric cannot leave a widget graphing nothing.
 */

/** The service name on every log line and the `service` dimension of every metric. */
export const SERVICE_NAME = 'sluice'

/** The CloudWatch namespace of the metrics (Embedded Metric Format lines in the functions' logs). */
export const METRICS_NAMESPACE = 'Sluice'

/** Metric names; units and dimensions are in docs/observability.md. */
export const METRIC = {
  recordsProduced: 'RecordsProduced',
  bytesProduced: 'BytesProduced',
  recordsFetched: 'RecordsFetched',
  bytesFetched: 'BytesFetched',
  segmentPutHedges: 'SegmentPutHedges',
  entryPutHedges: 'EntryPutHedges',
  reservationHedges: 'ReservationHedges',
  holeFills: 'HoleFills',
  errors: 'Errors',
  consumerLag: 'ConsumerLag',
} as const

/** The dimension of `Errors` besides `service`: the answer's error code (docs/api.md). */
export const ERROR_CODE_DIMENSION = 'code'

/** The dimension of `ConsumerLag` besides `service`: the consumer group. */
export const GROUP_DIMENSION = 'group'
