import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import type { HedgedWrite, ServiceEvents } from './events.js'
import { ERROR_CODE_DIMENSION, GROUP_DIMENSION, METRIC, METRICS_NAMESPACE, SERVICE_NAME } from './names.js'

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit]

const HEDGE_METRIC: Record<HedgedWrite, string> = {
  segmentPut: METRIC.segmentPutHedges,
  entryPut: METRIC.entryPutHedges,
  reservation: METRIC.reservationHedges,
}

/**
 * The service's events as CloudWatch metrics (Powertools, Embedded Metric Format: JSON lines on stdout
 * that CloudWatch Logs turns into metrics, no API call). Counts add up over an invocation and go out
 * in one line at `flush`, with the `service` dimension only: a topic dimension would make a metric of
 * every topic, so the topics an invocation touched are a property of the line (Logs Insights reads it).
 * Error answers go out at once with their `code`; consumer lag at `flush`, one line per group.
 */
export class MetricEvents implements ServiceEvents {
  private readonly metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME })
  /** Sums by metric name since the last flush. */
  private readonly counts = new Map<string, { unit: Unit; value: number }>()
  private readonly topics = new Set<string>()
  private readonly lags = new Map<string, number[]>()

  produced(topic: string, records: number, bytes: number): void {
    this.topics.add(topic)
    this.count(METRIC.recordsProduced, MetricUnit.Count, records)
    this.count(METRIC.bytesProduced, MetricUnit.Bytes, bytes)
  }

  fetched(topic: string, records: number, bytes: number): void {
    this.topics.add(topic)
    this.count(METRIC.recordsFetched, MetricUnit.Count, records)
    this.count(METRIC.bytesFetched, MetricUnit.Bytes, bytes)
  }

  hedged(write: HedgedWrite): void {
    this.count(HEDGE_METRIC[write], MetricUnit.Count, 1)
  }

  holeFilled(): void {
    this.count(METRIC.holeFills, MetricUnit.Count, 1)
  }

  consumerLag(group: string, _topic: string, _partition: number, lag: number): void {
    const lags = this.lags.get(group) ?? []
    lags.push(lag)
    this.lags.set(group, lags)
  }

  /** An error answer, counted under its code. */
  errorAnswered(code: string): void {
    const single = this.metrics.singleMetric()
    single.addDimension(ERROR_CODE_DIMENSION, code)
    single.addMetric(METRIC.errors, MetricUnit.Count, 1)
  }

  /**
   * Writes what the invocation counted, and each group's lags (every partition's a value of the one
   * metric: Maximum is the group's worst partition); nothing when nothing happened.
   */
  flush(): void {
    for (const [group, lags] of this.lags) {
      const perGroup = new Metrics({
        namespace: METRICS_NAMESPACE,
        serviceName: SERVICE_NAME,
        defaultDimensions: { [GROUP_DIMENSION]: group },
      })
      for (const lag of lags) perGroup.addMetric(METRIC.consumerLag, MetricUnit.Count, lag)
      perGroup.publishStoredMetrics()
    }
    this.lags.clear()
    for (const [name, { unit, value }] of this.counts) this.metrics.addMetric(name, unit, value)
    this.counts.clear()
    if (!this.metrics.hasStoredMetrics()) return
    if (this.topics.size > 0) this.metrics.addMetadata('topics', [...this.topics].sort().join(','))
    this.topics.clear()
    this.metrics.publishStoredMetrics()
  }

  private count(name: string, unit: Unit, value: number): void {
    this.counts.set(name, { unit, value: (this.counts.get(name)?.value ?? 0) + value })
  }
}
