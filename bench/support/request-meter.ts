/** What one kind of AWS request (e.g. `dynamodb.PutItem`) added up to. */
export interface OperationUsage {
  requests: number
  /** Requests the store refused (a failed condition, a cancelled transaction). */
  failed: number
  /** Write request units as billed (see `RequestMeter.recordDynamo`). */
  wru: number
  /** Read request units as billed. */
  rru: number
  /** Capacity units exactly as the store reported them, before AWS's minimums. */
  reportedCapacity: number
  /** Body bytes sent (S3 PUT) and received (S3 GET). */
  bytesIn: number
  bytesOut: number
}

export interface Usage {
  operations: Record<string, OperationUsage>
  wru: number
  rru: number
  dynamoRequests: number
  s3Puts: number
  s3Gets: number
  /** S3 requests billed at the PUT/COPY/POST/LIST rate other than PutObject (deletes are free). */
  s3OtherTier1: number
  s3BytesIn: number
  s3BytesOut: number
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'])
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems'])
const S3_TIER1 = new Set(['PutObject', 'CopyObject', 'ListObjects', 'ListObjectsV2', 'CreateBucket'])

const emptyUsage = (): OperationUsage => ({
  requests: 0,
  failed: 0,
  wru: 0,
  rru: 0,
  reportedCapacity: 0,
  bytesIn: 0,
  bytesOut: 0,
})

/** Counts every AWS request a workload makes, by operation; `reset` between phases. */
export class RequestMeter {
  private operations = new Map<string, OperationUsage>()

  private usage(operation: string): OperationUsage {
    let usage = this.operations.get(operation)
    if (!usage) {
      usage = emptyUsage()
      this.operations.set(operation, usage)
    }
    return usage
  }

  /**
   * A DynamoDB request with the capacity the store reported. AWS bills a read that finds nothing at
   * least 1 RRU (strongly consistent; 0.5 eventually), and a failed conditional write at least 1 WRU,
   * where DynamoDB Local reports 0 or nothing: those minimums are applied here.
   */
  recordDynamo(operation: string, reported: number, options: { failed: boolean; consistentRead: boolean }) {
    const usage = this.usage(`dynamodb.${operation}`)
    usage.requests++
    if (options.failed) usage.failed++
    usage.reportedCapacity += reported
    if (WRITES.has(operation)) usage.wru += Math.max(reported, 1)
    else if (READS.has(operation)) usage.rru += Math.max(reported, options.consistentRead ? 1 : 0.5)
  }

  recordS3(operation: string, bytes: { in: number; out: number }, failed: boolean) {
    const usage = this.usage(`s3.${operation}`)
    usage.requests++
    if (failed) usage.failed++
    usage.bytesIn += bytes.in
    usage.bytesOut += bytes.out
  }

  reset() {
    this.operations = new Map()
  }

  snapshot(): Usage {
    const operations = Object.fromEntries(
      [...this.operations.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v }]),
    )
    const all = Object.entries(operations)
    const sum = (pick: (name: string, u: OperationUsage) => number) =>
      all.reduce((total, [name, u]) => total + pick(name, u), 0)
    const s3 = (name: string) => name.startsWith('s3.')
    return {
      operations,
      wru: sum((_, u) => u.wru),
      rru: sum((_, u) => u.rru),
      dynamoRequests: sum((name, u) => (name.startsWith('dynamodb.') ? u.requests : 0)),
      s3Puts: sum((name, u) => (name === 's3.PutObject' ? u.requests : 0)),
      s3Gets: sum((name, u) => (name === 's3.GetObject' || name === 's3.HeadObject' ? u.requests : 0)),
      s3OtherTier1: sum((name, u) =>
        name !== 's3.PutObject' && S3_TIER1.has(name.slice(3)) ? u.requests : 0,
      ),
      s3BytesIn: sum((name, u) => (s3(name) ? u.bytesIn : 0)),
      s3BytesOut: sum((name, u) => (s3(name) ? u.bytesOut : 0)),
    }
  }
}
