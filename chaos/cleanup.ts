/**
 * What a run must undo on every path (child processes to kill, the cluster to stop), run once, last
 * added first, each bounded in time, whether the run ends, fails, or is interrupted.
 */
export class Cleanup {
  readonly #tasks: Array<{ name: string; task: () => Promise<void> }> = []
  #ran: Promise<void> | undefined

  add(name: string, task: () => Promise<void>): void {
    this.#tasks.push({ name, task })
  }

  run(timeoutMs = 30_000): Promise<void> {
    this.#ran ??= (async () => {
      for (const { name, task } of this.#tasks.reverse()) {
        let timer: NodeJS.Timeout | undefined
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            process.stderr.write(`chaos: cleanup of ${name} did not finish in ${timeoutMs} ms\n`)
            resolve()
          }, timeoutMs)
        })
        try {
          await Promise.race([task(), timeout])
        } catch (error) {
          process.stderr.write(`chaos: cleanup of ${name} failed: ${String(error)}\n`)
        } finally {
          clearTimeout(timer)
        }
      }
    })()
    return this.#ran
  }
}
