/** A record to append, already decoded from the request's encoding. */
export interface AppendRecord {
  key: Uint8Array | null
  value: Uint8Array | null
  headers: Record<string, string>
  partition?: number
  timestamp?: number
}

export interface AppendedRecord {
  partition: number
  offset: number
  timestamp: number
}

/** What an append answers: per record of the request, in its order, where it went. */
export interface AppendResult {
  records: AppendedRecord[]
}
