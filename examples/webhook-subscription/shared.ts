/** What the board and the demo script agree on: the topic, the subscription, the secret, an update. */
import { Sluice } from '@sluice/sdk'

export const TOPIC = 'rider-etas'
export const PARTITIONS = 3
export const SUBSCRIPTION = 'eta-board'

/**
 * The webhook's secret, shared by the board (which verifies) and the script that creates the
 * subscription (which gives it to Sluice). The demo's default is public: set your own random one.
 */
export const secretFromEnv = (): string => process.env.BOARD_SECRET ?? 'whsec_eta_board_demo'

/** An ETA update of one rider, keyed by rider id: one rider's updates stay in order on one partition. */
export interface EtaUpdate {
  rider: string
  /** Minutes until the rider reaches the customer; 0 means arrived. */
  etaMinutes: number
}

/** The client of the scripts: `SLUICE_URL`, or the local service. */
export function sluiceFromEnv(): Sluice {
  return new Sluice({
    url: process.env.SLUICE_URL ?? 'http://127.0.0.1:4100',
    ...(process.env.SLUICE_API_KEY ? { apiKey: process.env.SLUICE_API_KEY } : {}),
  })
}
