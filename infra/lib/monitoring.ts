import { Duration } from 'aws-cdk-lib'
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2'
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarmAction,
  type IMetric,
  MathExpression,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import {
  ERROR_CODE_DIMENSION,
  GROUP_DIMENSION,
  METRIC,
  METRICS_NAMESPACE,
  SERVICE_NAME,
} from '../../functions/observability/names.js'
import { FUNCTION_NAMES, type FunctionName } from './access.js'

/** 5xx answers in five minutes before the API alarm fires (503s are retriable, so a few are expected). */
const API_SERVER_ERRORS_THRESHOLD = 10
/** A janitor this far behind the stream is failing or too slow; stream records live 24 hours. */
const JANITOR_MAX_ITERATOR_AGE = Duration.hours(1)

export interface MonitoringProps {
  readonly functions: Readonly<Record<FunctionName, IFunction>>
  readonly table: ITable
  readonly stage: HttpStage
  readonly janitorDeadLetters: IQueue
  readonly alarmAction?: IAlarmAction
  readonly dashboard: boolean
}

/** Alarms (errors, throttles, a stuck janitor) and the dashboard. An idle stack sends no data: alarms stay OK. */
export class Monitoring extends Construct {
  readonly alarms: Alarm[] = []
  readonly dashboard?: Dashboard
  private readonly alarmAction?: IAlarmAction

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id)
    this.alarmAction = props.alarmAction
    const fiveMinutes = { period: Duration.minutes(5), statistic: Stats.SUM }

    for (const name of FUNCTION_NAMES) {
      const fn = props.functions[name]
      this.alarmWhen(`${name}Errors`, fn.metricErrors(fiveMinutes), 1, `${name}: invocations failed`)
      this.alarmWhen(`${name}Throttles`, fn.metricThrottles(fiveMinutes), 1, `${name}: invocations throttled`)
    }
    this.alarmWhen(
      'ApiServerErrors',
      props.stage.metricServerError(fiveMinutes),
      API_SERVER_ERRORS_THRESHOLD,
      'HTTP API: 5xx answers',
    )
    this.alarmWhen('TableThrottles', tableThrottles(props.table), 1, 'DynamoDB: requests throttled')
    this.alarmWhen(
      'JanitorBehind',
      props.functions.janitor.metric('IteratorAge', {
        period: Duration.minutes(5),
        statistic: Stats.MAXIMUM,
      }),
      JANITOR_MAX_ITERATOR_AGE.toMilliseconds(),
      'janitor: stream backlog older than an hour',
    )
    this.alarmWhen(
      'JanitorDeadLetters',
      props.janitorDeadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: Stats.MAXIMUM,
      }),
      1,
      'janitor: stream batches given up on (segments may be left behind)',
    )

    if (props.dashboard) this.dashboard = this.createDashboard(props)
  }

  private alarmWhen(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    })
    if (this.alarmAction) alarm.addAlarmAction(this.alarmAction)
    this.alarms.push(alarm)
  }

  private createDashboard(props: MonitoringProps): Dashboard {
    const { produce, fetch } = props.functions
    const perMinute = { period: Duration.minutes(1), statistic: Stats.SUM }
    const latency = (fn: IFunction, label: string): Metric[] =>
      [Stats.p(50), Stats.p(99)].map((statistic) =>
        fn.metricDuration({ period: Duration.minutes(1), statistic, label: `${label} ${statistic}` }),
      )
    const dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(3) })
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Requests per minute',
        left: [
          produce.metricInvocations({ ...perMinute, label: 'produce' }),
          fetch.metricInvocations({ ...perMinute, label: 'fetch' }),
          props.stage.metricCount({ ...perMinute, label: 'all routes' }),
        ],
      }),
      new GraphWidget({
        title: 'Function latency (ms)',
        left: [...latency(produce, 'produce'), ...latency(fetch, 'fetch')],
      }),
      new GraphWidget({
        title: 'Consumer lag (records, worst partition per group)',
        left: [searchByDimension(METRIC.consumerLag, GROUP_DIMENSION, Stats.MAXIMUM)],
      }),
    )
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Records per minute',
        left: [
          serviceMetric(METRIC.recordsProduced, 'produced'),
          serviceMetric(METRIC.recordsFetched, 'fetched'),
        ],
      }),
      new GraphWidget({
        title: 'Bytes per minute',
        left: [
          serviceMetric(METRIC.bytesProduced, 'produced'),
          serviceMetric(METRIC.bytesFetched, 'fetched'),
        ],
      }),
      new GraphWidget({
        title: 'Error answers by code',
        left: [searchByDimension(METRIC.errors, ERROR_CODE_DIMENSION, Stats.SUM)],
      }),
      new GraphWidget({
        title: 'Hedged writes and hole fills',
        left: [
          serviceMetric(METRIC.segmentPutHedges, 'segment PUT hedges'),
          serviceMetric(METRIC.entryPutHedges, 'entry put hedges'),
          serviceMetric(METRIC.reservationHedges, 'reservation hedges'),
        ],
        // A hole is filled when a writer reserved offsets and vanished: worth seeing apart from hedges.
        right: [serviceMetric(METRIC.holeFills, 'hole fills')],
      }),
    )
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Errors and throttles',
        left: FUNCTION_NAMES.map((name) =>
          props.functions[name].metricErrors({ ...perMinute, label: `${name} errors` }),
        ),
        right: [
          props.stage.metricServerError({ ...perMinute, label: 'HTTP 5xx' }),
          props.stage.metricClientError({ ...perMinute, label: 'HTTP 4xx' }),
          tableThrottles(props.table),
        ],
      }),
      new GraphWidget({
        title: 'DynamoDB capacity consumed',
        left: [
          props.table.metricConsumedReadCapacityUnits(perMinute),
          props.table.metricConsumedWriteCapacityUnits(perMinute),
        ],
      }),
      new GraphWidget({
        title: 'Janitor',
        left: [
          props.functions.janitor.metric('IteratorAge', {
            period: Duration.minutes(1),
            statistic: Stats.MAXIMUM,
          }),
        ],
        right: [
          props.janitorDeadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        ],
      }),
    )
    return dashboard
  }
}

/** A metric the functions emit with the `service` dimension only, summed per minute. */
function serviceMetric(metricName: string, label: string): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    period: Duration.minutes(1),
    statistic: Stats.SUM,
    label,
  })
}

/** One line per value of `dimension` (error code, group) the functions emitted `metricName` with, named by it. */
function searchByDimension(metricName: string, dimension: string, statistic: string) {
  return new MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},service,${dimension}} MetricName="${metricName}"', '${statistic}', 60)`,
    label: `\${PROP('Dim.${dimension}')}`,
    usingMetrics: {},
  })
}

/** Read and write throttle events of the table, summed. */
function tableThrottles(table: ITable): IMetric {
  const fiveMinutes = { period: Duration.minutes(5), statistic: Stats.SUM }
  return new MathExpression({
    expression: 'reads + writes',
    label: 'DynamoDB throttle events',
    usingMetrics: {
      reads: table.metric('ReadThrottleEvents', fiveMinutes),
      writes: table.metric('WriteThrottleEvents', fiveMinutes),
    },
    period: Duration.minutes(5),
  })
}
