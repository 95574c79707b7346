import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A schedule as CreateSchedule's JSON body has it. */
export interface CreatedSchedule {
  Name: string
  GroupName?: string
  ScheduleExpression: string
  ScheduleExpressionTimezone?: string
  FlexibleTimeWindow: { Mode: string }
  ActionAfterCompletion?: string
  Target: { Arn: string; RoleArn: string; Input?: string }
}

export interface SchedulerStandIn {
  url: string
  /** Schedules created, in order, per group. */
  schedules(group: string): CreatedSchedule[]
  stop(): Promise<void>
}

/**
 * A stand-in for EventBridge Scheduler's CreateSchedule (`POST /schedules/{Name}`, REST-JSON), as far
 * as the AWS waker uses it: a schedule's name is unique in its group (a second create is 409
 * ConflictException), and only the groups given exist (another is 404 ResourceNotFoundException).
 */
export async function startSchedulerStandIn(groups: readonly string[]): Promise<SchedulerStandIn> {
  const created = new Map<string, Map<string, CreatedSchedule>>(groups.map((g) => [g, new Map()]))
  const server = createServer(async (req, res) => {
    const match = /^\/schedules\/([^/?]+)/.exec(req.url ?? '')
    if (req.method !== 'POST' || !match)
      return fail(res, 404, 'UnknownOperationException', 'no such operation')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<CreatedSchedule, 'Name'>
    const name = decodeURIComponent(match[1] as string)
    const group = created.get(body.GroupName ?? 'default')
    if (!group)
      return fail(res, 404, 'ResourceNotFoundException', `Schedule group ${body.GroupName} does not exist.`)
    if (group.has(name)) return fail(res, 409, 'ConflictException', `Schedule ${name} already exists.`)
    group.set(name, { Name: name, ...body })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        ScheduleArn: `arn:aws:scheduler:us-east-1:000000000000:schedule/${body.GroupName}/${name}`,
      }),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    schedules: (group) => [...(created.get(group)?.values() ?? [])],
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function fail(res: ServerResponse, status: number, type: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type })
  res.end(JSON.stringify({ Message: message }))
}
