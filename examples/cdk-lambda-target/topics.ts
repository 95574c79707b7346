/** The topics of the pipeline and what their records hold. */

export const LOCATIONS = 'courier-locations'
export const ETAS = 'courier-etas'
export const DEAD_LETTERS = 'courier-locations-dlq'

/** A courier's position on the way to an order's customer. Keyed by courier id. */
export interface Location {
  courierId: string
  orderId: string
  lat: number
  lon: number
  destination: { lat: number; lon: number }
  speedMps: number
}

/** An order's ETA, keyed by order id. */
export interface Eta {
  orderId: string
  courierId: string
  etaSeconds: number
  /** The location's timestamp. */
  at: number
}
