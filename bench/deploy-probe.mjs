// Run by bench/deploy.ts in a fresh `node` process: loads one bundle, answers one request, and prints the
// timings as JSON. Plain JavaScript so that nothing but the bundle is loaded.
const bundle = process.argv[2]
const kind = process.argv[3] // 'http' or 'stream'

const health = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/health',
  rawQueryString: '',
  headers: { host: 'api.example', 'user-agent': 'bench' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'api',
    domainName: 'api.example',
    domainPrefix: 'api',
    http: { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    requestId: 'bench',
    routeKey: '$default',
    stage: '$default',
    time: '01/Jan/2026:00:00:00 +0000',
    timeEpoch: 1767225600000,
  },
  isBase64Encoded: false,
}
const emptyStreamBatch = { Records: [] }
const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 30_000 }

const loadStart = performance.now()
const { handler } = await import(bundle)
const response = await handler(kind === 'stream' ? emptyStreamBatch : health, context)
const done = performance.now()
if (kind === 'http' && response?.statusCode !== 200) {
  throw new Error(`GET /health answered ${response?.statusCode}: ${response?.body}`)
}
// performance.now() counts from the start of the process, so `sinceStartMs` includes Node's own startup.
console.log(
  JSON.stringify({
    sinceStartMs: done,
    moduleAndRequestMs: done - loadStart,
    rssMB: process.memoryUsage().rss / 1_048_576,
  }),
)
