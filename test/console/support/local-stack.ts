import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmulators } from '../../../functions/local/emulators.js'
import { serveSluice } from '../../../functions/local/serve.js'

/**
 * The local service over stand-ins of its own, in memory, for a script run outside the test runner
 * (whose global setup starts the shared ones).
 */
export async function startLocalStack(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-console-'))
  const emulators = await startEmulators({ dataDir, inMemory: true })
  const service = await serveSluice({
    storage: { region: 'us-east-1', table: 'sluice-console', bucket: 'sluice-console', ...emulators },
    port: 0,
    streamPollMs: 200,
  })
  return {
    url: service.url,
    async stop() {
      await service.stop()
      await emulators.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
