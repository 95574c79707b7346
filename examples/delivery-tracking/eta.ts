/**
 * One member of the ETA service (see eta-member.ts). Start several; they share the partitions.
 * Run: npx tsx examples/delivery-tracking/eta.ts [--name eta-1] [--crash-after 200] [--lease-ms 6000]
 * `--crash-after N` exits abruptly after N updates, without releasing its partitions or committing:
 * another member takes them over within about leaseMs plus one renewal, from the last commit.
 */
import { parseArgs } from 'node:util'
import { startEtaMember } from './eta-member.js'
import { sluiceFromEnv } from './shared.js'

const { values } = parseArgs({
  options: {
    name: { type: 'string', default: `eta-${process.pid}` },
    'crash-after': { type: 'string' },
    'lease-ms': { type: 'string', default: '6000' },
  },
})
const name = values.name
const crashAfter =
  values['crash-after'] === undefined ? Number.POSITIVE_INFINITY : Number(values['crash-after'])

const member = await startEtaMember(sluiceFromEnv(), {
  name,
  leaseMs: Number(values['lease-ms']),
  onHandled: ({ handled }) => {
    if (handled < crashAfter) return
    console.log(`[${name}] crashing now, without releasing or committing`)
    process.exit(1)
  },
})

process.once('SIGINT', async () => {
  await member.stop()
  console.log(`[${name}] left the group after ${member.stats.handled} updates`)
})
