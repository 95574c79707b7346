import type { DeliveryEvent } from '../../functions/subscriptions/delivery-target.js'
import { localUrlPolicy } from '../../functions/subscriptions/targets/url-policy.js'
import { webhookTarget } from '../../functions/subscriptions/targets/webhook.js'
import { percentile } from '../support/stats.js'

const WARMUP = 5
const SAMPLES = 40

/**
 * What a function forwarding a batch to the webhook is billed per batch, in ms (rounded up): the
 * median time of Sluice's own webhook delivery (signed POST, answer read) of `records` records to the
 * same loopback target. The peers' functions are billed this; Sluice's push function does it too,
 * inside its measured runs.
 */
export async function forwarderBilledMs(url: string, records: number, valueBytes: number): Promise<number> {
  const target = webhookTarget({ url, secret: 'whsec_peer', policy: localUrlPolicy(), now: Date.now })
  const event: DeliveryEvent = {
    subscription: 'peer',
    topic: 'peer',
    partition: 0,
    attempt: 1,
    encoding: 'utf8',
    records: Array.from({ length: records }, (_, offset) => ({
      offset,
      timestamp: Date.now(),
      key: null,
      value: 'v'.repeat(valueBytes),
      headers: {},
    })),
  }
  const times: number[] = []
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const started = performance.now()
    await target.deliver({ event, idempotencyKey: `peer/0/${i}`, timeoutMs: 30_000 })
    if (i >= WARMUP) times.push(performance.now() - started)
  }
  return Math.ceil(percentile(times, 50))
}
