// s3rver in a process of its own, for the benchmarks: S3's server-side work is in the latency model
// already, so its CPU must not be booked as the Lambda handler's (see s3rver-process.ts).
import S3rver from 's3rver'

const directory = process.argv[2]
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true })
const { port } = await server.run()
process.send?.({ port })
process.on('disconnect', () => {
  server.close().finally(() => process.exit(0))
})
