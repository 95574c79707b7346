/** Creates the example's topics (once; existing ones are kept). Run: npx tsx examples/delivery-tracking/setup.ts */
import { ETAS, LOCATIONS, sluice } from './shared.js'

const created = await sluice.admin().createTopics({
  topics: [
    { topic: LOCATIONS, numPartitions: 8 },
    { topic: ETAS, numPartitions: 8 },
  ],
})
console.log(created ? `created ${LOCATIONS} and ${ETAS}` : 'topics already exist')
