import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for Secrets Manager's GetSecretValue (its JSON protocol, as the SDK speaks it), for the one
 * call the functions make: there is no local Secrets Manager among the emulators. `down` answers every
 * call with a 500, for Secrets Manager being unreachable.
 */
export interface SecretsManagerStandIn {
  /** Point the SDK here: AWS_ENDPOINT_URL_SECRETS_MANAGER. */
  endpoint: string
  /** Secret values by ARN; change one to stand for the secret being replaced. */
  secrets: Map<string, string>
  /** GetSecretValue calls received, answered or not. */
  calls: number
  down: boolean
  stop(): Promise<void>
}

export async function startSecretsManager(): Promise<SecretsManagerStandIn> {
  const server = createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    standIn.calls++
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
      res.end(JSON.stringify(json))
    }
    if (standIn.down) return answer(500, { __type: 'InternalServiceError', message: 'down' })
    if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
      return answer(400, { __type: 'InvalidRequestException', message: 'only GetSecretValue' })
    }
    const { SecretId } = JSON.parse(body) as { SecretId: string }
    const value = standIn.secrets.get(SecretId)
    if (value === undefined) {
      return answer(400, { __type: 'ResourceNotFoundException', message: `no secret ${SecretId}` })
    }
    answer(200, { ARN: SecretId, Name: SecretId.split(':').pop(), SecretString: value, VersionId: 'v1' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const standIn: SecretsManagerStandIn = {
    endpoint: `http://127.0.0.1:${port}`,
    secrets: new Map(),
    calls: 0,
    down: false,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  }
  return standIn
}
