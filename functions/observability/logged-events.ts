import type { Logger } from '@aws-lambda-powertools/logger'
import type { ServiceEvents } from './events.js'

/** The service's events as DEBUG lines: what the local server has instead of metrics (LOG_LEVEL=DEBUG shows them). */
export function loggedEvents(logger: Pick<Logger, 'debug'>): ServiceEvents {
  return {
    produced: (topic, records, bytes) => logger.debug('produced', { topic, records, bytes }),
    fetched: (topic, records, bytes) => logger.debug('fetched', { topic, records, bytes }),
    hedged: (write) => logger.debug('hedged', { write }),
    holeFilled: (topicId, partition, offsets) =>
      logger.debug('hole filled', { topic_id: topicId, partition, offsets }),
    consumerLag: (group, topic, partition, lag) =>
      logger.debug('consumer lag', { group, topic, partition, lag }),
  }
}
