/** Simulated riders: each rides towards its order's customer and reports where it is, keyed by rider id. */
import type { Message } from '@sluice/sdk'
import type { LocationUpdate } from './shared.js'

const CENTRE = { lat: 12.9716, lon: 77.5946 }
const METRES_PER_DEGREE = 111_000

interface Rider {
  riderId: string
  orderId: string
  seq: number
  lat: number
  lon: number
  destination: { lat: number; lon: number }
  speedMps: number
}

export class RiderFleet {
  readonly #riders: Rider[]

  constructor(count: number, random: () => number = Math.random) {
    const jitter = () => (random() - 0.5) * 0.05
    this.#riders = Array.from({ length: count }, (_, i) => ({
      riderId: `rider-${i + 1}`,
      orderId: `order-${1000 + i}`,
      seq: 0,
      lat: CENTRE.lat + jitter(),
      lon: CENTRE.lon + jitter(),
      destination: { lat: CENTRE.lat + jitter(), lon: CENTRE.lon + jitter() },
      speedMps: 4 + random() * 6,
    }))
  }

  /** Moves every rider on by `elapsedMs` of riding and answers one update from each, keyed by rider id. */
  tick(elapsedMs: number): Message[] {
    return this.#riders.map((rider) => {
      const step = (rider.speedMps * elapsedMs) / 1000 / METRES_PER_DEGREE
      rider.lat += towards(rider.lat, rider.destination.lat, step)
      rider.lon += towards(rider.lon, rider.destination.lon, step)
      rider.seq++
      const update: LocationUpdate = { ...rider, at: Date.now() }
      return { key: rider.riderId, value: JSON.stringify(update) }
    })
  }

  /** The number of updates each rider has sent. */
  get seq(): number {
    return this.#riders[0]?.seq ?? 0
  }
}

/** A step of at most `step` from `from` towards `to`. */
function towards(from: number, to: number, step: number): number {
  return Math.sign(to - from) * Math.min(step, Math.abs(to - from))
}
