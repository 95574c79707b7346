import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs'
import type { AssignOp, Op, Outcome, SentRecord, TxnOp } from '../history.js'

/**
 * What a consumer member writes down, one JSON line each, synchronously, before and after each request,
 * so that a member killed mid-transaction has still recorded what it invoked.
 */
export type JournalLine =
  | { kind: 'assign'; op: AssignOp }
  | { kind: 'invoke'; id: number; op: TxnOp }
  | {
      kind: 'complete'
      id: number
      outcome: Outcome
      completedAt: number
      outputs?: SentRecord[]
      error?: string
    }

export class JournalWriter {
  readonly #fd: number

  constructor(path: string) {
    this.#fd = openSync(path, 'a')
  }

  write(line: JournalLine): void {
    writeSync(this.#fd, `${JSON.stringify(line)}\n`)
  }

  close(): void {
    closeSync(this.#fd)
  }
}

/**
 * The ops of one member process from its journal. A transaction invoked and never completed (the
 * member was killed, or stopped waiting) is `info`, completed when the process ended.
 */
export function readJournal(path: string, endedAt: number): Op[] {
  if (!existsSync(path)) return []
  const ops: Op[] = []
  const open = new Map<number, TxnOp>()
  for (const text of readFileSync(path, 'utf8').split('\n')) {
    // A line cut short by a kill is the last one; it recorded nothing that was sent.
    const line = parse(text)
    if (!line) continue
    if (line.kind === 'assign') ops.push(line.op)
    else if (line.kind === 'invoke') {
      open.set(line.id, line.op)
      ops.push(line.op)
    } else {
      const op = open.get(line.id)
      if (!op) continue
      open.delete(line.id)
      op.outcome = line.outcome
      op.completedAt = line.completedAt
      if (line.outputs) op.outputs = line.outputs
      if (line.error) op.error = line.error
    }
  }
  for (const op of open.values()) {
    op.outcome = 'info'
    op.completedAt = endedAt
    op.error = 'the member ended before the transaction completed'
  }
  return ops
}

function parse(text: string): JournalLine | undefined {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as JournalLine
  } catch {
    return undefined
  }
}
