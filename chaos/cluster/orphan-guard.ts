/**
 * Preloaded (`node --import`) into a chaos cluster's service instance, whose stdin is a pipe from the
 * process that started it: the pipe ends when that process dies, however it dies (a test runner
 * killed, a crash), and the instance ends with it rather than serving on as an orphan.
 */
process.stdin.on('end', () => process.exit(1))
process.stdin.resume()
