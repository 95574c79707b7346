// s3rver ships no types; this is the part of its API the local runtime uses.
declare module 's3rver' {
  import type { Server } from 'node:http'

  interface S3rverOptions {
    address?: string
    port?: number
    directory: string
    silent?: boolean
    resetOnClose?: boolean
    configureBuckets?: { name: string }[]
  }
  export default class S3rver {
    constructor(options: S3rverOptions)
    httpServer?: Server
    run(): Promise<{ address: string; port: number }>
    close(): Promise<void>
  }
}
