/** What the runner tells a consumer member process (as JSON in CHAOS_MEMBER). */
export interface MemberConfig {
  /** The group's member id, the same across restarts. */
  memberId: string
  /** This process's name in the history: the member id and its incarnation. */
  process: string
  group: string
  inputTopic: string
  outputTopic: string
  /** Every instance's URL: each request goes to one of them. */
  urls: string[]
  leaseMs: number
  requestTimeoutMs: number
  journal: string
  seed: number
}

export const MEMBER_ENV = 'CHAOS_MEMBER'
