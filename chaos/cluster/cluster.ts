import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startEmulators } from '../../functions/local/emulators.js'
import { startFaultProxy } from './fault-proxy.js'
import { InstanceProcess } from './instance.js'
import type { Cluster, ClusterOptions, FaultProxy } from './types.js'

/**
 * Starts a local cluster: one DynamoDB Local and one s3rver (or the stores given), then the instances,
 * each behind two fault proxies of its own, sharing one table and bucket. Resolves once every
 * instance answers /health; on failure, stops whatever it had started.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const stopping: Array<() => Promise<void>> = []
  // In reverse order of starting, each whatever the others did; the first failure is thrown at the end.
  const stopAll = async () => {
    const failures: unknown[] = []
    for (const stop of stopping.splice(0).reverse()) await stop().catch((err: unknown) => failures.push(err))
    if (failures.length > 0) throw failures[0]
  }
  try {
    const stores = options.stores ?? (await standIns(options.dataDir, stopping))
    const proxies: FaultProxy[] = []
    const proxy = async (store: 'dynamodb' | 's3') => {
      const target = store === 'dynamodb' ? stores.dynamoEndpoint : stores.s3Endpoint
      const started = await startFaultProxy({ target, store })
      proxies.push(started)
      return started
    }
    stopping.push(async () => {
      await Promise.all(proxies.map((p) => p.close()))
    })
    const env = {
      ...options.env,
      SLUICE_TABLE: options.table ?? 'sluice',
      SLUICE_BUCKET: options.bucket ?? 'sluice',
    }
    const instances: InstanceProcess[] = []
    for (let i = 0; i < options.instances; i++) {
      const settings = {
        name: `n${i + 1}`,
        port: await freePort(),
        dynamo: await proxy('dynamodb'),
        s3: await proxy('s3'),
        env,
      }
      instances.push(new InstanceProcess(settings, options.instanceOptions?.[i]))
    }
    stopping.push(async () => {
      await Promise.all(instances.map((instance) => instance.stop()))
    })
    // All at once, as instances of a deployment start: provisioning the one table is a race they share.
    await Promise.all(instances.map((instance) => instance.start()))
    return {
      instances,
      dynamoEndpoint: stores.dynamoEndpoint,
      s3Endpoint: stores.s3Endpoint,
      stop: stopAll,
    }
  } catch (err) {
    await stopAll().catch(() => undefined)
    throw err
  }
}

/** DynamoDB Local and s3rver, under `dataDir` or in a temp dir removed at the end. */
async function standIns(dataDir: string | undefined, stopping: Array<() => Promise<void>>) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'sluice-cluster-'))
  if (!dataDir) stopping.push(async () => rmSync(dir, { recursive: true, force: true }))
  const emulators = await startEmulators({ dataDir: dir, inMemory: !dataDir })
  stopping.push(() => emulators.stop())
  return emulators
}
