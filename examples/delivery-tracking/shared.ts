/** What the simulator and the ETA service agree on: topic names, the city, and a location update. */
import { Sluice } from '@sluice/sdk'

export const LOCATIONS = 'rider-locations'
export const ETAS = 'order-etas'
export const sluice = new Sluice({ url: process.env.SLUICE_URL ?? 'http://127.0.0.1:4100' })

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

/** Distance in metres between two points (equirectangular: fine within a city). */
export function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad)
  const y = (b.lat - a.lat) * rad
  return Math.sqrt(x * x + y * y) * 6_371_000
}
