import { Logger } from '@aws-lambda-powertools/logger'
import { SERVICE_NAME } from './names.js'

/**
 * The service's logger as the functions use it: Powertools' JSON lines, one per call, which CloudWatch
 * Logs Insights reads field by field. Its level comes from POWERTOOLS_LOG_LEVEL or LOG_LEVEL (INFO if
 * neither is set); in Lambda, a function's own application log level (its logging configuration) wins.
 */
export function createLogger(): Logger {
  return new Logger({ serviceName: SERVICE_NAME })
}
