import { SluiceError } from '../errors.js'

export const groupNotFound = (group: string) =>
  new SluiceError('GROUP_NOT_FOUND', `group '${group}' does not exist`, { group })

export const fenced = (message: string, details: Record<string, unknown>) =>
  new SluiceError('FENCED', message, details)

export const groupActive = (message: string, details: Record<string, unknown>) =>
  new SluiceError('GROUP_ACTIVE', message, details)
