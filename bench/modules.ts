import type { Emulators } from '../functions/local/emulators.js'
import { type Bar, CORE_BARS, PUSH_BARS } from './bars.js'
import { benchCore } from './core/index.js'
import { benchDeploy } from './deploy.js'
import { benchGroups } from './groups.js'
import { benchPush } from './push.js'
import { benchSdk } from './sdk.js'

/** What a benchmark module gets from the run: the shared stand-ins and a plain local service. */
export interface BenchContext {
  emulators: Emulators
  /** A service on the stand-ins with no injected latency and its own table and bucket. */
  serviceUrl: string
}

export interface BenchModule {
  name: string
  /** Figures as nested objects or dotted keys (`sdk.producer.recordsPerSec`); merged into one JSON. */
  run(context: BenchContext): Promise<Record<string, unknown>>
  /** Bars to mark pass/fail in the summary. */
  bars?: Bar[]
}

/** Every module `npm run bench` runs, in order: the one place to register a new one. */
export const MODULES: BenchModule[] = [
  { name: 'core', run: ({ emulators }) => benchCore(emulators), bars: CORE_BARS },
  { name: 'sdk', run: ({ serviceUrl }) => benchSdk(serviceUrl) },
  { name: 'groups', run: ({ serviceUrl }) => benchGroups(serviceUrl) },
  { name: 'deploy', run: () => benchDeploy() },
  { name: 'push', run: ({ emulators }) => benchPush(emulators), bars: PUSH_BARS },
]
