/** What the simulator and the ETA service agree on: the topics, a location update, and an ETA. */
import { type Admin, Sluice } from '@sluice/sdk'

export const LOCATIONS = 'rider-locations'
export const ETAS = 'order-etas'
export const GROUP = 'eta-service'
export const PARTITIONS = 8

/** One GPS fix of a rider on their way to an order's customer. `seq` counts the rider's updates from 1. */
export interface LocationUpdate {
  riderId: string
  orderId: string
  seq: number
  lat: number
  lon: number
  destination: { lat: number; lon: number }
  speedMps: number
  at: number
}

/** What the ETA service publishes for each update it handles. */
export interface Eta {
  orderId: string
  riderId: string
  seq: number
  etaSeconds: number
  at: number
}

/** The client of the CLI entry points: `SLUICE_URL`, or the local service. */
export function sluiceFromEnv(): Sluice {
  return new Sluice({ url: process.env.SLUICE_URL ?? 'http://127.0.0.1:4100' })
}

/** Creates both topics; resolves `false` when they existed already (they are kept). */
export function createTopics(admin: Admin): Promise<boolean> {
  return admin.createTopics({
    topics: [
      { topic: LOCATIONS, numPartitions: PARTITIONS },
      { topic: ETAS, numPartitions: PARTITIONS },
    ],
  })
}

/** Distance in metres between two points (equirectangular: fine within a city). */
export function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad)
  const y = (b.lat - a.lat) * rad
  return Math.sqrt(x * x + y * y) * 6_371_000
}
