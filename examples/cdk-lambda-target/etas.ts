/**
 * The Lambda target: your function. Sluice invokes it with a batch of one partition's courier
 * locations, in offset order; it answers an ETA per location, which Sluice appends to `courier-etas`
 * in one transaction with the batch's commit (the subscription is exactly-once): each location's ETA
 * is appended once, whatever is retried. The SDK is only a type here: nothing of it is bundled.
 */
import type { DeliveryAnswer, DeliveryEvent, DeliveryRecord, WireRecord } from '@sluice/sdk'
import { ETAS, type Eta, type Location } from './topics.js'

export async function handler(event: DeliveryEvent): Promise<DeliveryAnswer> {
  const etas: WireRecord[] = []
  for (const record of event.records) {
    const location = parseLocation(record, event.encoding)
    // The ETAs so far are kept; delivery resumes at this record, retried, then dead-lettered.
    if (!location) return { failedOffset: record.offset, produce: [{ topic: ETAS, records: etas }] }
    const eta: Eta = {
      orderId: location.orderId,
      courierId: location.courierId,
      etaSeconds: Math.round(metres(location, location.destination) / Math.max(location.speedMps, 1)),
      at: record.timestamp,
    }
    etas.push({
      key: location.orderId,
      value: JSON.stringify(eta),
      headers: { 'source-offset': `${event.partition}/${record.offset}` },
    })
  }
  return { produce: [{ topic: ETAS, records: etas }] }
}

/** A location update, or undefined for a record that is none (not JSON, fields missing). */
function parseLocation(record: DeliveryRecord, encoding: DeliveryEvent['encoding']): Location | undefined {
  if (record.value === null) return undefined
  const text = encoding === 'base64' ? Buffer.from(record.value, 'base64').toString('utf8') : record.value
  try {
    const location = JSON.parse(text) as Partial<Location>
    const { lat, lon, destination, speedMps } = location
    const numbers = [lat, lon, destination?.lat, destination?.lon, speedMps]
    if (typeof location.orderId !== 'string' || numbers.some((n) => typeof n !== 'number')) return undefined
    return location as Location
  } catch {
    return undefined
  }
}

/** Metres between two points (equirectangular: fine within a city). */
function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad)
  const y = (b.lat - a.lat) * rad
  return Math.sqrt(x * x + y * y) * 6_371_000
}
