/** Creates the example's topics (once; existing ones are kept). Run: npx tsx examples/delivery-tracking/setup.ts */
import { createTopics, ETAS, LOCATIONS, sluiceFromEnv } from './shared.js'

const created = await createTopics(sluiceFromEnv().admin())
console.log(created ? `created ${LOCATIONS} and ${ETAS}` : 'topics already exist')
